import * as assert from 'node:assert/strict';
import { parseSwiftInfo } from '../../../../src/openstack/swift/info';

describe('swift/info', () => {
  it("pages RGW's listings by the 1,000 names it answers, not the 10,000 its /info publishes; Swift's as published", () => {
    const rgw = parseSwiftInfo({ swift: { container_listing_limit: 10000, max_object_name_size: 1024 } });
    assert.equal(rgw.server, 'rgw');
    assert.equal(rgw.containerListingLimit, 1000);
    assert.equal(parseSwiftInfo({ swift: { container_listing_limit: 500, max_object_name_size: 1024 } }).containerListingLimit, 500);
    const swift = parseSwiftInfo({ swift: { container_listing_limit: 10000, max_object_name_length: 1024 } });
    assert.equal(swift.containerListingLimit, 10000);
    assert.equal(parseSwiftInfo({ swift: {} }).containerListingLimit, 10000);
  });
});

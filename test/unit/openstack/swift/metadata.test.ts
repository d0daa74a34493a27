// The account, container and object models read from Swift's headers, the UTF-8 round trip of header values,
// and the temp URL keys that are read but never shown.
import * as assert from 'node:assert/strict';

import { OpenStackError } from '../../../../src/openstack/errors';
import { MASK } from '../../../../src/openstack/redact';
import { applyMetaChanges, checkMetaKey, checkMetaValue, metaLimitsOf, planObjectPost } from '../../../../src/openstack/swift/metaEdit';
import {
  accountInfo,
  containerInfo,
  displayHeaders,
  fromWireHeaders,
  fromWireValue,
  metaHeaders,
  metaOf,
  objectInfo,
  removeMetaHeaders,
  toWireHeaders,
  toWireValue,
  unquoteEtag,
} from '../../../../src/openstack/swift/metadata';

describe('swift/metadata', () => {
  it('sends Unicode values as their UTF-8 bytes and reads them back; bytes that are not UTF-8 stay as received', () => {
    assert.equal(toWireValue('é'), '\u00c3\u00a9');
    assert.equal(fromWireValue('\u00c3\u00a9'), 'é');
    assert.equal(fromWireValue('\u00e9'), '\u00e9', 'a lone latin-1 byte is not UTF-8');
    assert.deepEqual(toWireHeaders({ a: 'ü', b: 'x' }), { a: '\u00c3\u00bc', b: 'x' });
    assert.deepEqual(fromWireHeaders({ a: '\u00c3\u00bc', b: 'x' }), { a: 'ü', b: 'x' });
  });

  it('masks the values of secret headers for display, whatever else is there', () => {
    assert.deepEqual(displayHeaders({ 'x-container-meta-temp-url-key': 'k1', 'x-auth-token': 't', 'x-object-meta-a': 'v' }), {
      'x-container-meta-temp-url-key': MASK,
      'x-auth-token': MASK,
      'x-object-meta-a': 'v',
    });
  });

  it('builds metadata headers from keys that are HTTP tokens, and refuses others', () => {
    assert.deepEqual(metaHeaders('object', { Color: 'blue', a_b: 'x' }), { 'x-object-meta-Color': 'blue', 'x-object-meta-a_b': 'x' });
    assert.deepEqual(removeMetaHeaders('container', ['k', 'l']), { 'x-remove-container-meta-k': 'x', 'x-remove-container-meta-l': 'x' });
    for (const bad of ['a b', 'é', '', 'a:b']) {
      assert.throws(
        () => metaHeaders('account', { [bad]: 'v' }),
        (e: unknown) => e instanceof OpenStackError && e.kind === 'invalidInput' && e.message.startsWith(`Metadata key ${JSON.stringify(bad)} must be ASCII`),
      );
      assert.throws(() => removeMetaHeaders('account', [bad]), OpenStackError);
    }
  });

  it('reads user metadata of one kind only, temp URL keys left out', () => {
    assert.deepEqual(
      metaOf('container', {
        'x-container-meta-a': '1',
        'x-container-meta-temp-url-key': 'secret',
        'x-container-meta-temp-url-key-2': 'secret2',
        'x-account-meta-b': '2',
        'x-container-read': '.r:*',
      }),
      { a: '1' },
    );
  });

  it('reads an account: counts, quota, temp URL keys (key, then key-2; empty ones absent), metadata, masked headers', () => {
    const info = accountInfo({
      'x-account-container-count': '3',
      'x-account-object-count': '40',
      'x-account-bytes-used': '500',
      'x-account-meta-quota-bytes': '1000',
      'x-account-meta-temp-url-key-2': 'second',
      'x-account-meta-temp-url-key': 'first',
      'x-account-meta-k': 'v',
    });
    assert.deepEqual([info.containerCount, info.objectCount, info.bytes, info.quotaBytes], [3, 40, 500, 1000]);
    assert.deepEqual(info.tempUrlKeys, ['first', 'second']);
    assert.equal(info.tempUrlKeySet, true);
    assert.deepEqual(info.meta, { 'quota-bytes': '1000', k: 'v' });
    assert.equal(info.headers['x-account-meta-temp-url-key'], MASK);
    const bare = accountInfo({ 'x-account-container-count': 'many', 'x-account-meta-temp-url-key': '', 'x-account-meta-quota-bytes': '' });
    assert.deepEqual(
      [bare.containerCount, bare.objectCount, bare.bytes, bare.quotaBytes, bare.tempUrlKeySet, bare.tempUrlKeys],
      [0, 0, 0, undefined, false, []],
    );
    assert.equal(accountInfo({ 'x-account-meta-quota-bytes': 'lots' }).quotaBytes, undefined);
  });

  it('reads a container: counts, quotas, ACLs, policy, versioning (either location, or enabled), keys', () => {
    const info = containerInfo({
      'x-container-object-count': '2',
      'x-container-bytes-used': '20',
      'x-container-meta-quota-bytes': '100',
      'x-container-meta-quota-count': '10',
      'x-container-read': '.r:*',
      'x-container-write': 'p:u',
      'x-storage-policy': 'gold',
      'x-history-location': 'hist',
      'x-container-meta-temp-url-key-2': 'ck2',
    });
    assert.deepEqual(
      [info.objectCount, info.bytes, info.quotaBytes, info.quotaCount, info.readAcl, info.writeAcl, info.storagePolicy, info.versioning],
      [2, 20, 100, 10, '.r:*', 'p:u', 'gold', 'hist'],
    );
    assert.deepEqual([info.tempUrlKeySet, info.tempUrlKeys], [true, ['ck2']]);
    assert.equal(info.headers['x-container-meta-temp-url-key-2'], MASK);
    assert.equal(containerInfo({ 'x-versions-location': 'v', 'x-history-location': 'h' }).versioning, 'v');
    assert.equal(containerInfo({ 'x-versions-enabled': 'True' }).versioning, 'enabled');
    assert.equal(containerInfo({ 'x-versions-enabled': 'false' }).versioning, undefined);
    const bare = containerInfo({});
    assert.deepEqual([bare.quotaBytes, bare.quotaCount, bare.versioning, bare.tempUrlKeySet], [undefined, undefined, undefined, false]);
  });

  it('reads an object: size (of the whole object for a range), type, ETag unquoted, dates, large object kinds', () => {
    const info = objectInfo({
      'content-length': '10',
      'content-range': 'bytes 0-9/12345 ',
      'content-type': 'text/plain',
      etag: '"abc"',
      'last-modified': 'Fri, 04 Dec 2026 10:00:00 GMT',
      'x-timestamp': '1796378400.12345',
      'x-object-meta-k': 'v',
      'x-static-large-object': 'TRUE',
      'x-object-manifest': 'segs/p/',
      'x-delete-at': '1796378400',
    });
    assert.equal(info.bytes, 12345);
    assert.equal(info.contentType, 'text/plain');
    assert.equal(info.etag, 'abc');
    assert.equal(info.lastModified?.toISOString(), '2026-12-04T10:00:00.000Z');
    assert.equal(info.timestamp, '1796378400.12345');
    assert.deepEqual(info.meta, { k: 'v' });
    assert.equal(info.staticLargeObject, true);
    assert.equal(info.dynamicLargeObject, 'segs/p/');
    assert.equal(info.deleteAt?.getTime(), 1796378400_000);
    const plain = objectInfo({ 'content-length': '7', 'last-modified': 'not a date', 'x-static-large-object': 'false' });
    assert.deepEqual(
      [plain.bytes, plain.contentType, plain.etag, plain.lastModified, plain.staticLargeObject, plain.deleteAt],
      [7, '', '', undefined, false, undefined],
    );
    assert.equal(objectInfo({ 'content-length': '7', 'content-range': 'bytes */*' }).bytes, 7);
    assert.equal(objectInfo({}).bytes, 0);
    assert.equal(objectInfo({ 'x-delete-at': 'soon' }).deleteAt, undefined);
  });

  it('unquotes an ETag only at its ends', () => {
    assert.equal(unquoteEtag('"a"b"'), 'a"b');
    assert.equal(unquoteEtag(undefined), '');
  });
});

describe('swift/metaEdit: limits at their edges', () => {
  it('takes a key or value exactly at the limit and refuses one past it, naming both lengths', () => {
    const limits = { maxNameLength: 3, maxValueLength: 4, maxCount: 2, maxOverallSize: 10 };
    assert.equal(checkMetaKey('abc', limits), 'abc');
    assert.throws(
      () => checkMetaKey('abcd', limits),
      (e: unknown) => e instanceof OpenStackError && e.message === 'Metadata key "abcd" is 4 characters long; this cluster takes at most 3.',
    );
    assert.equal(checkMetaValue('k', 'éé', limits), 'éé');
    assert.throws(() => checkMetaValue('k', 'ééa', limits), /is 5 bytes in UTF-8; this cluster takes at most 4/);
    assert.deepEqual(applyMetaChanges({}, { set: { ab: 'cd', ef: 'ghij' }, remove: [] }, limits), { ab: 'cd', ef: 'ghij' }, '10 bytes: at the limit');
    assert.throws(() => applyMetaChanges({}, { set: { ab: 'cd', ef: 'ghijk' }, remove: [] }, { ...limits, maxValueLength: 9 }), /total 11 bytes/);
  });

  it('object keys may be named like Swift features (only accounts and containers reserve them), by default too', () => {
    assert.equal(checkMetaKey('Temp-URL-Key'), 'temp-url-key');
    assert.deepEqual(applyMetaChanges({}, { set: { 'quota-bytes': '1' }, remove: [] }), { 'quota-bytes': '1' });
    assert.deepEqual(planObjectPost({}, { set: { 'temp-url-key': 'x' }, remove: [] }), { 'x-object-meta-temp-url-key': 'x' });
    assert.throws(() => checkMetaKey('temp-url-key', undefined, 'container'), /belongs to a Swift feature/);
  });

  it("takes /info's limits only when they are positive finite numbers", () => {
    for (const bad of ['5', Infinity, 0, -1, null]) {
      assert.equal(metaLimitsOf({ max_meta_name_length: bad }).maxNameLength, 128, String(bad));
    }
    assert.equal(metaLimitsOf({ max_meta_name_length: 0.5 }).maxNameLength, 0.5);
  });
});

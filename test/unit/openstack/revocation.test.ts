import * as assert from 'node:assert/strict';
import { revokedTokenLag } from '../../../src/openstack/revocation';

describe('revokedTokenLag', () => {
  const at = new Date('2026-12-04T21:00:30Z');
  it('says per server how long a revoked token may still be accepted', () => {
    assert.equal(revokedTokenLag(['swift', 'swift'], at), 'Swift may accept it for up to 5 minutes more (its cache of validated tokens, by default).');
    assert.equal(
      revokedTokenLag(['rgw'], at),
      'Ceph RGW may accept it until it expires at 2026-12-04 21:00 UTC (it caches validated tokens unless its operator turned the cache off).',
    );
    assert.equal(
      revokedTokenLag(['swift', 'rgw'], at),
      'Swift may accept it for up to 5 minutes more (its cache of validated tokens, by default); Ceph RGW may accept it until it expires at 2026-12-04 21:00 UTC (it caches validated tokens unless its operator turned the cache off).',
    );
  });
  it('words an unknown server (or none known) as the worst case', () => {
    const worst =
      'The object storage may accept it until it expires: Swift caches validated tokens for about 5 minutes by default, Ceph RGW until they expire unless its operator turned that off.';
    assert.equal(revokedTokenLag([], undefined), worst);
    assert.equal(revokedTokenLag(['swift', undefined], undefined), worst);
  });
});

describe('revokedTokenLag: the mixed and unknown cases', () => {
  const worst = (until: string) =>
    `The object storage may accept it ${until}: Swift caches validated tokens for about 5 minutes by default, Ceph RGW until they expire unless its operator turned that off.`;
  it('says "until it expires" without a time when the expiry is unknown', () => {
    assert.equal(
      revokedTokenLag(['rgw', 'rgw'], undefined),
      'Ceph RGW may accept it until it expires (it caches validated tokens unless its operator turned the cache off).',
    );
  });
  it('is the worst case as soon as one server is unknown, whatever the others', () => {
    const at = new Date('2026-12-04T21:00:30Z');
    assert.equal(revokedTokenLag(['rgw', undefined], at), worst('until it expires at 2026-12-04 21:00 UTC'));
    assert.equal(revokedTokenLag(['swift', 'rgw', undefined], undefined), worst('until it expires'));
    assert.equal(revokedTokenLag([undefined], undefined), worst('until it expires'));
  });
  it('names both servers in the order Swift, RGW whatever the order of the endpoints', () => {
    assert.match(revokedTokenLag(['rgw', 'swift'], undefined), /^Swift may accept it .*; Ceph RGW may accept it until it expires \(/);
  });
});

import * as assert from 'node:assert/strict';
import { Catalog, type CatalogEndpoint, type Token, deserializeToken, serializeToken, timeLeftMs } from '../../../../src/openstack/keystone/token';

function endpoint(serviceType: string, region: string, iface: CatalogEndpoint['interface'], url: string): CatalogEndpoint {
  return { serviceType, region, interface: iface, url };
}

const CATALOG = new Catalog([
  endpoint('identity', 'RegionOne', 'public', 'https://keystone/v3'),
  endpoint('object-store', 'RegionTwo', 'internal', 'http://swift2.internal/v1/AUTH_p'),
  endpoint('object-store', 'RegionTwo', 'public', 'https://swift2/v1/AUTH_p'),
  endpoint('object-store', 'RegionOne', 'public', 'https://swift1/v1/AUTH_p'),
  endpoint('object-store', 'RegionOne', 'admin', 'http://swift1.admin/v1/AUTH_p'),
  endpoint('image', 'RegionThree', 'public', 'https://glance3'),
]);

function token(overrides: Partial<Token> = {}): Token {
  return {
    id: 'gAAAAA-token-id',
    authVersion: 'v3',
    authUrl: 'https://keystone/v3',
    issuedAt: new Date('2026-01-01T10:00:00.000Z'),
    expiresAt: new Date('2026-01-01T11:00:00.000Z'),
    user: { id: 'u1', name: 'demo', domain: { id: 'default', name: 'Default' } },
    project: { id: 'p1', name: 'demo-project', domain: { id: 'default' } },
    roles: [{ id: 'r1', name: 'member' }],
    methods: ['password'],
    auditIds: ['a1'],
    catalog: CATALOG,
    ...overrides,
  };
}

describe('keystone/token', () => {
  describe('Catalog', () => {
    it('lists the regions of a service in catalog order, each once, object-store by default', () => {
      assert.deepEqual(CATALOG.regions(), ['RegionTwo', 'RegionOne']);
      assert.deepEqual(CATALOG.regions('identity'), ['RegionOne']);
      assert.deepEqual(CATALOG.regions('compute'), []);
      assert.deepEqual(new Catalog().regions(), []);
      assert.deepEqual(new Catalog().endpoints, []);
    });

    it('finds the endpoint of a service by region and interface, public by default', () => {
      assert.equal(CATALOG.endpoint('object-store', 'RegionOne')?.url, 'https://swift1/v1/AUTH_p');
      assert.equal(CATALOG.endpoint('object-store', 'RegionOne', 'admin')?.url, 'http://swift1.admin/v1/AUTH_p');
      assert.equal(CATALOG.endpoint('object-store', 'RegionTwo', 'internal')?.url, 'http://swift2.internal/v1/AUTH_p');
      assert.equal(CATALOG.endpoint('object-store', 'RegionTwo')?.url, 'https://swift2/v1/AUTH_p');
      assert.equal(CATALOG.endpoint('object-store', 'RegionTwo', 'admin'), undefined);
      assert.equal(CATALOG.endpoint('object-store', 'RegionNine'), undefined);
      assert.equal(CATALOG.endpoint('compute', 'RegionOne'), undefined);
    });

    it('without a region takes the first matching endpoint in catalog order', () => {
      assert.equal(CATALOG.endpoint('object-store')?.url, 'https://swift2/v1/AUTH_p');
      assert.equal(CATALOG.endpoint('object-store', undefined, 'admin')?.url, 'http://swift1.admin/v1/AUTH_p');
      assert.equal(CATALOG.endpoint('image')?.region, 'RegionThree');
    });

    it('groups endpoints by region, of one service or of all', () => {
      const swift = CATALOG.byRegion('object-store');
      assert.deepEqual([...swift.keys()], ['RegionTwo', 'RegionOne']);
      assert.deepEqual(
        swift.get('RegionTwo')?.map((e) => e.interface),
        ['internal', 'public'],
      );
      assert.deepEqual(
        swift.get('RegionOne')?.map((e) => e.interface),
        ['public', 'admin'],
      );
      const all = CATALOG.byRegion();
      assert.deepEqual([...all.keys()], ['RegionOne', 'RegionTwo', 'RegionThree']);
      assert.deepEqual(
        all.get('RegionOne')?.map((e) => e.serviceType),
        ['identity', 'object-store', 'object-store'],
      );
      assert.equal(CATALOG.byRegion('compute').size, 0);
    });

    it('serialises as a copy of its endpoints', () => {
      const json = CATALOG.toJSON();
      assert.deepEqual(json, CATALOG.endpoints);
      assert.notEqual(json, CATALOG.endpoints);
    });
  });

  describe('serialisation', () => {
    it('round-trips every field, dates as dates and the catalog as a Catalog', () => {
      const original = token({ domain: { id: 'd1', name: 'dom' }, storageUrl: 'https://swift1/v1/AUTH_p' });
      const text = serializeToken(original);
      const parsed = JSON.parse(text) as Record<string, unknown>;
      assert.equal(parsed.issuedAt, '2026-01-01T10:00:00.000Z');
      assert.equal(parsed.expiresAt, '2026-01-01T11:00:00.000Z');
      assert.ok(Array.isArray(parsed.catalog));
      const back = deserializeToken(text);
      assert.ok(back);
      assert.ok(back.catalog instanceof Catalog);
      assert.ok(back.issuedAt instanceof Date && back.expiresAt instanceof Date);
      assert.deepEqual({ ...back, catalog: back.catalog.toJSON() }, { ...original, catalog: original.catalog.toJSON() });
      assert.equal(back.catalog.endpoint('object-store', 'RegionOne')?.url, 'https://swift1/v1/AUTH_p');
    });

    it('keeps a token without dates (Swift v1 without expiry) without dates', () => {
      const back = deserializeToken(serializeToken(token({ authVersion: 'v1', issuedAt: undefined, expiresAt: undefined })));
      assert.ok(back);
      assert.equal(back.issuedAt, undefined);
      assert.equal(back.expiresAt, undefined);
      assert.equal(back.authVersion, 'v1');
    });

    it('reads anything that is not a stored token as no token', () => {
      for (const text of [undefined, '', 'not json', 'null', '42', '"id"', '{}', '{"id":7,"catalog":[]}', '{"id":"t"}', '{"id":"t","catalog":{}}']) {
        assert.equal(deserializeToken(text), undefined, String(text));
      }
      assert.equal(deserializeToken('{"id":"t","catalog":[]}')?.id, 't');
    });
  });

  it('says how long a token has left, and Infinity without an expiry', () => {
    const t = token();
    const expires = t.expiresAt!.getTime();
    assert.equal(timeLeftMs(t, expires - 1500), 1500);
    assert.equal(timeLeftMs(t, expires + 10), -10);
    assert.equal(timeLeftMs(token({ expiresAt: undefined }), expires), Number.POSITIVE_INFINITY);
  });
});

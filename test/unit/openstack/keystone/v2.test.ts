import * as assert from 'node:assert/strict';
import { buildV2AuthBody, parseV2AccessBody, parseV2ServiceCatalog } from '../../../../src/openstack/keystone/v2';
import { assertKind, fixture } from './support';

const BASE = 'https://keystone.example.com/v2.0';

describe('keystone v2.0: request bodies', () => {
  it('password with tenantName: the api-ref credentials request', () => {
    const body = buildV2AuthBody({
      kind: 'password',
      user: { name: 'admin' },
      password: 'secretsecret',
      scope: { project: { name: 'admin' } },
    });
    assert.deepEqual(body, fixture('v2-authenticate-credentials-request.json'));
  });

  it('token with tenantName: the api-ref token request', () => {
    const body = buildV2AuthBody({ kind: 'token', token: 'cbc36478b0bd8e67e89469c7749d4127', scope: { project: { name: 'demo' } } });
    assert.deepEqual(body, fixture('v2-authenticate-token-request.json'));
  });

  it('tenantId when the project is given by id; userId when only the user id is known; no tenant when unscoped', () => {
    assert.deepEqual(buildV2AuthBody({ kind: 'password', user: { id: 'u1' }, password: 'pw-123456', scope: { project: { id: 't1', name: 'demo' } } }), {
      auth: { passwordCredentials: { userId: 'u1', password: 'pw-123456' }, tenantId: 't1' },
    });
    assert.deepEqual(buildV2AuthBody({ kind: 'password', user: { name: 'demo' }, password: 'pw-123456', scope: 'unscoped' }), {
      auth: { passwordCredentials: { username: 'demo', password: 'pw-123456' } },
    });
  });

  it('accepts the Default domain (by id or name), which is where v2.0 users live', () => {
    const body = buildV2AuthBody({
      kind: 'password',
      user: { name: 'demo', domain: { name: 'Default' } },
      password: 'pw-123456',
      scope: { project: { name: 'demo', domain: { id: 'default' } } },
    });
    assert.deepEqual(body, { auth: { passwordCredentials: { username: 'demo', password: 'pw-123456' }, tenantName: 'demo' } });
  });

  it('refuses what v2.0 cannot express, as unsupported', () => {
    assertKind(
      () => buildV2AuthBody({ kind: 'password', user: { name: 'demo', domain: { name: 'Other' } }, password: 'pw-123456' }),
      'unsupported',
      /no domains.*"Other"/,
    );
    assertKind(
      () => buildV2AuthBody({ kind: 'password', user: { name: 'demo' }, password: 'pw-123456', scope: { domain: { name: 'Default' } } }),
      'unsupported',
      /domain/,
    );
    assertKind(() => buildV2AuthBody({ kind: 'applicationCredential', id: 'a', secret: 'abcdefgh' }), 'unsupported', /v3/);
    assertKind(() => buildV2AuthBody({ kind: 'v1', user: 'a:b', key: 'k' }), 'invalidInput', /Swift v1/);
    assertKind(() => buildV2AuthBody({ kind: 'password', user: {}, password: 'pw-123456' }), 'invalidInput');
  });
});

describe('keystone v2.0: access answers', () => {
  it('reads the api-ref authenticate answer into the common Token model', () => {
    const token = parseV2AccessBody(fixture('v2-authenticate-response.json'), BASE);
    assert.equal(token.id, 'admin_id');
    assert.equal(token.authVersion, 'v2.0');
    assert.equal(token.authUrl, BASE);
    assert.equal(token.expiresAt?.toISOString(), '2014-01-31T17:09:57.000Z');
    // The sample's issued_at has no zone; Keystone means UTC.
    assert.equal(token.issuedAt?.toISOString(), '2014-01-30T17:09:57.647Z');
    assert.deepEqual(token.project, { id: '73f0aa26640f4971864919d0eb0f0880', name: 'admin' });
    assert.deepEqual(token.user, { id: '1f568815cb8148688e6ee9b2f7527dcc', name: 'admin' });
    assert.deepEqual(token.roles, [{ name: 'service' }, { name: 'admin' }]);
    assert.deepEqual(token.auditIds, []);
  });

  it('lists one catalog endpoint per URL of the v2.0 serviceCatalog', () => {
    const token = parseV2AccessBody(fixture('v2-authenticate-response.json'), BASE);
    assert.equal(token.catalog.endpoints.length, 30);
    const swift = token.catalog.byRegion('object-store').get('RegionOne');
    assert.deepEqual(swift, [
      {
        serviceType: 'object-store',
        serviceName: 'swift',
        region: 'RegionOne',
        interface: 'public',
        url: 'http://23.253.72.207:8080/v1/AUTH_73f0aa26640f4971864919d0eb0f0880',
      },
      {
        serviceType: 'object-store',
        serviceName: 'swift',
        region: 'RegionOne',
        interface: 'internal',
        url: 'http://23.253.72.207:8080/v1/AUTH_73f0aa26640f4971864919d0eb0f0880',
      },
      { serviceType: 'object-store', serviceName: 'swift', region: 'RegionOne', interface: 'admin', url: 'http://23.253.72.207:8080' },
    ]);
    assert.equal(token.catalog.endpoint('ec2', undefined, 'admin')?.url, 'http://23.253.72.207:8773/services/Admin');
  });

  it('reads the api-ref validation answer, which has no catalog and a zoned expiry', () => {
    const token = parseV2AccessBody(fixture('v2-token-validate-response.json'), BASE);
    assert.equal(token.id, 'ab48a9efdfedb23ty3494');
    assert.equal(token.expiresAt?.toISOString(), '2010-11-01T08:32:15.000Z');
    assert.equal(token.issuedAt, undefined);
    assert.deepEqual(token.project, { id: '345', name: 'My Project' });
    assert.deepEqual(
      token.roles.map((r) => r.name),
      ['compute:admin', 'object-store:admin'],
    );
    assert.equal(token.catalog.endpoints.length, 0);
  });

  it('takes audit_ids, and role ids from metadata.roles when the user lists none', () => {
    const token = parseV2AccessBody(
      {
        access: {
          token: { id: 'tok-v2-0001', expires: '2030-01-01T00:00:00Z', audit_ids: ['aud1'] },
          user: { id: 'u1', username: 'demo' },
          metadata: { is_admin: 0, roles: ['r1', 'r2'] },
        },
      },
      BASE,
    );
    assert.deepEqual(token.auditIds, ['aud1']);
    assert.deepEqual(token.roles, [{ id: 'r1' }, { id: 'r2' }]);
    assert.deepEqual(token.user, { id: 'u1', name: 'demo' });
  });

  it('turns other shapes into badResponse', () => {
    assertKind(() => parseV2AccessBody({ token: {} }, BASE), 'badResponse', /"access"/);
    assertKind(() => parseV2AccessBody({ access: {} }, BASE), 'badResponse', /access\.token/);
    assertKind(() => parseV2AccessBody({ access: { token: { id: 'x' } } }, BASE), 'badResponse', /expires/);
    assertKind(() => parseV2AccessBody({ access: { token: { expires: '2030-01-01T00:00:00Z' } } }, BASE), 'badResponse', /token\.id/);
  });

  it('gives endpoints without a region the "default" region', () => {
    const catalog = parseV2ServiceCatalog([{ type: 'object-store', endpoints: [{ publicURL: 'http://s/v1/AUTH_x' }] }]);
    assert.deepEqual(catalog.endpoints, [{ serviceType: 'object-store', region: 'default', interface: 'public', url: 'http://s/v1/AUTH_x' }]);
  });
});

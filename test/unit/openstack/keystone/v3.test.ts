import * as assert from 'node:assert/strict';
import { buildV3AuthBody, parseV3Catalog, parseV3TokenBody } from '../../../../src/openstack/keystone/v3';
import type { Scope } from '../../../../src/openstack/keystone';
import { assertKind, fixture, fixtureHeaders } from './support';

const BASE = 'https://keystone.example.com/v3';

describe('keystone v3: request bodies', () => {
  it('password, user by id, no scope: the api-ref unscoped request', () => {
    const body = buildV3AuthBody({ kind: 'password', user: { id: '423f19a4ac1e4f48bbb4180756e6eb6c' }, password: 'devstacker' });
    assert.deepEqual(body, fixture('v3-auth-password-unscoped-request.json'));
  });

  it('password, user by name and domain name: the api-ref request with domain', () => {
    const body = buildV3AuthBody({
      kind: 'password',
      user: { name: 'admin', domain: { name: 'Default' } },
      password: 'devstacker',
    });
    assert.deepEqual(body, fixture('v3-auth-password-unscoped-request-with-domain.json'));
  });

  it('explicit unscoped: the api-ref request with "scope": "unscoped"', () => {
    const body = buildV3AuthBody({
      kind: 'password',
      user: { id: 'ee4dfb6e5540447cb3741905149d9b6e' },
      password: 'devstacker',
      scope: 'unscoped',
    });
    assert.deepEqual(body, fixture('v3-auth-password-explicit-unscoped-request.json'));
  });

  it('a user id wins over name and domain; a domain id over its name', () => {
    const body = buildV3AuthBody({
      kind: 'password',
      user: { id: 'u1', name: 'demo', domain: { id: 'd1', name: 'Other' } },
      password: 'pw-123456',
      scope: { project: { name: 'demo', domain: { id: 'd1', name: 'Other' } } },
    });
    assert.deepEqual(body, {
      auth: {
        identity: { methods: ['password'], password: { user: { id: 'u1', password: 'pw-123456' } } },
        scope: { project: { name: 'demo', domain: { id: 'd1' } } },
      },
    });
  });

  it('project scope by id, by name + domain name; domain scope by name and by id', () => {
    const user = { name: 'demo', domain: { id: 'default' } };
    const scoped = (scope: Scope) => buildV3AuthBody({ kind: 'password', user, password: 'pw-123456', scope }).auth.scope;
    assert.deepEqual(scoped({ project: { id: 'p1' } }), { project: { id: 'p1' } });
    assert.deepEqual(scoped({ project: { name: 'demo', domain: { name: 'Other' } } }), {
      project: { name: 'demo', domain: { name: 'Other' } },
    });
    assert.deepEqual(scoped({ domain: { name: 'Other' } }), { domain: { name: 'Other' } });
    assert.deepEqual(scoped({ domain: { id: 'd1' } }), { domain: { id: 'd1' } });
  });

  it('application credential by id, and by name + user id: the api-ref requests, with no scope', () => {
    assert.deepEqual(
      buildV3AuthBody({ kind: 'applicationCredential', id: '423f19a4ac1e4f48bbb4180756e6eb6c', secret: 'rEaqvJka48mpv' }),
      fixture('v3-auth-application-credential-id-request.json'),
    );
    assert.deepEqual(
      buildV3AuthBody({
        kind: 'applicationCredential',
        name: 'monitoring',
        user: { id: '423f19a4ac1e4f48bbb4180756e6eb6c' },
        secret: 'rEaqvJka48mpv',
      }),
      fixture('v3-auth-application-credential-name-request.json'),
    );
  });

  it('application credential by name + user name + domain', () => {
    const body = buildV3AuthBody({
      kind: 'applicationCredential',
      name: 'backup',
      user: { name: 'demo', domain: { name: 'Other' } },
      secret: 's3cret-value',
    });
    assert.deepEqual(body.auth.identity, {
      methods: ['application_credential'],
      application_credential: { name: 'backup', user: { name: 'demo', domain: { name: 'Other' } }, secret: 's3cret-value' },
    });
    assert.equal('scope' in body.auth, false);
  });

  it('token rescope: the api-ref token-scoped request', () => {
    const body = buildV3AuthBody({
      kind: 'token',
      token: "'$OS_TOKEN'",
      scope: { project: { id: '5b50efd009b540559104ee3c03bbb2b7' } },
    });
    assert.deepEqual(body, fixture('v3-auth-token-scoped-request.json'));
  });

  it('rejects malformed credentials as invalidInput before any request', () => {
    assertKind(() => buildV3AuthBody({ kind: 'password', user: { name: 'demo' }, password: 'x1234567' }), 'invalidInput', /domain/);
    assertKind(() => buildV3AuthBody({ kind: 'password', user: {}, password: 'x1234567' }), 'invalidInput', /user id or name/);
    assertKind(() => buildV3AuthBody({ kind: 'password', user: { id: 'u' }, password: '' }), 'invalidInput', /password/);
    assertKind(
      () => buildV3AuthBody({ kind: 'password', user: { id: 'u' }, password: 'x1234567', scope: { project: { name: 'p' } } }),
      'invalidInput',
      /project "p".*domain/,
    );
    assertKind(() => buildV3AuthBody({ kind: 'password', user: { id: 'u' }, password: 'x1234567', scope: { domain: {} } }), 'invalidInput');
    assertKind(() => buildV3AuthBody({ kind: 'applicationCredential', secret: 'abcdefgh' }), 'invalidInput', /id, or its name/);
    assertKind(() => buildV3AuthBody({ kind: 'applicationCredential', name: 'n', secret: 'abcdefgh' }), 'invalidInput', /user/);
    assertKind(() => buildV3AuthBody({ kind: 'token', token: '' }), 'invalidInput');
    assertKind(() => buildV3AuthBody({ kind: 'v1', user: 'a:b', key: 'k' }), 'invalidInput', /Swift v1/);
  });
});

describe('keystone v3: token answers', () => {
  it('reads the api-ref project-scoped answer', () => {
    const token = parseV3TokenBody(fixture('v3-auth-password-project-scoped-response.json'), 'tok-123456', BASE);
    assert.equal(token.id, 'tok-123456');
    assert.equal(token.authVersion, 'v3');
    assert.equal(token.authUrl, BASE);
    assert.equal(token.issuedAt?.toISOString(), '2015-11-07T01:58:43.578Z');
    assert.equal(token.expiresAt?.toISOString(), '2015-11-07T02:58:43.578Z');
    assert.deepEqual(token.user, { id: 'ee4dfb6e5540447cb3741905149d9b6e', name: 'admin', domain: { id: 'default', name: 'Default' } });
    assert.deepEqual(token.project, { id: 'a6944d763bf64ee6a275f1263fae0352', name: 'admin', domain: { id: 'default', name: 'Default' } });
    assert.equal(token.domain, undefined);
    assert.deepEqual(token.roles, [{ id: '51cc68287d524c759f47c811e6463340', name: 'admin' }]);
    assert.deepEqual(token.methods, ['password']);
    assert.deepEqual(token.auditIds, ['3T2dc1CGQxyJsHdDu1xkcw']);
    // 13 services × 3 interfaces in the sample.
    assert.equal(token.catalog.endpoints.length, 39);
    assert.deepEqual(token.catalog.endpoint('object-store'), {
      serviceType: 'object-store',
      serviceName: 'swift',
      region: 'RegionOne',
      interface: 'public',
      url: 'http://23.253.248.171:8080/v1/AUTH_a6944d763bf64ee6a275f1263fae0352',
    });
  });

  it('reads the api-ref unscoped answer, with the id from its X-Subject-Token header', () => {
    const headers = fixtureHeaders('v3-auth-password-user-name-unscoped-response-HTTP.txt');
    const token = parseV3TokenBody(fixture('v3-auth-password-unscoped-response.json'), headers['x-subject-token'], BASE);
    assert.equal(token.id, 'ffe47524401e4d61adc7310f7e5b6191');
    assert.equal(token.project, undefined);
    assert.equal(token.catalog.endpoints.length, 0);
    assert.deepEqual(token.roles, []);
    assert.equal(token.user?.name, 'admin');
    assert.equal(token.expiresAt?.toISOString(), '2015-11-06T15:32:17.893Z');
  });

  it('reads the api-ref application-credential answer', () => {
    const token = parseV3TokenBody(fixture('v3-auth-application-credential-response.json'), 'tok-abcdef', BASE);
    assert.deepEqual(token.methods, ['application_credential']);
    assert.equal(token.project?.name, 'demo');
    assert.deepEqual(token.roles, [{ id: 'df8b7e3bf6fb49e9ba19122da2bae916', name: 'Member' }]);
    assert.equal(token.catalog.endpoint('identity', 'RegionOne', 'admin')?.url, 'http://example.com/identity');
    assert.equal(token.catalog.endpoint('identity', 'RegionOne', 'internal'), undefined);
  });

  it('reads a domain-scoped answer', () => {
    const token = parseV3TokenBody(
      {
        token: {
          methods: ['password'],
          expires_at: '2030-01-01T00:00:00.000000Z',
          domain: { id: 'd1', name: 'Other' },
          user: { id: 'u1', name: 'demo', domain: { id: 'd1', name: 'Other' } },
          roles: [{ id: 'r1', name: 'admin' }],
          audit_ids: ['a1'],
        },
      },
      'tok-domain1',
      BASE,
    );
    assert.deepEqual(token.domain, { id: 'd1', name: 'Other' });
    assert.equal(token.project, undefined);
  });

  it('is serialisable without undefined members', () => {
    const token = parseV3TokenBody(fixture('v3-auth-password-unscoped-response.json'), 'tok-123456', BASE);
    assert.deepEqual(Object.keys(token).sort(), ['auditIds', 'authUrl', 'authVersion', 'catalog', 'expiresAt', 'id', 'issuedAt', 'methods', 'roles', 'user']);
  });

  it('turns answers without a token, without expires_at or with a bad date into badResponse', () => {
    assertKind(() => parseV3TokenBody({}, 't', BASE), 'badResponse', /"token" object/);
    assertKind(() => parseV3TokenBody('<html>', 't', BASE), 'badResponse');
    assertKind(() => parseV3TokenBody({ token: { methods: ['password'] } }, 't', BASE), 'badResponse', /expires_at/);
    assertKind(() => parseV3TokenBody({ token: { expires_at: 'tomorrow' } }, 't', BASE), 'badResponse', /tomorrow/);
  });
});

describe('keystone v3: catalog', () => {
  const catalog = parseV3Catalog([
    {
      type: 'object-store',
      name: 'swift',
      endpoints: [
        { region_id: 'RegionOne', region: 'RegionOne', interface: 'public', url: 'http://one/v1/AUTH_p' },
        { region_id: 'RegionOne', region: 'RegionOne', interface: 'internal', url: 'http://one-int/v1/AUTH_p' },
        { region_id: 'RegionTwo', interface: 'public', url: 'http://two/v1/AUTH_p' },
        { region: 'RegionThree', interface: 'public', url: 'http://three/v1/AUTH_p' },
        { interface: 'public', url: 'http://nowhere/v1/AUTH_p' },
        { region_id: 'RegionOne', interface: 'weird', url: 'http://skipped' },
        { region_id: 'RegionOne', interface: 'public' },
      ],
    },
    { name: 'no type', endpoints: [{ interface: 'public', url: 'http://skipped' }] },
    'not an object',
  ]);

  it('keeps known interfaces with a URL; region is region_id, else region, else "default"', () => {
    assert.deepEqual(catalog.regions(), ['RegionOne', 'RegionTwo', 'RegionThree', 'default']);
    assert.equal(catalog.endpoints.length, 5);
  });

  it('selects by region and interface', () => {
    assert.equal(catalog.endpoint('object-store', 'RegionOne', 'internal')?.url, 'http://one-int/v1/AUTH_p');
    assert.equal(catalog.endpoint('object-store', 'RegionTwo')?.url, 'http://two/v1/AUTH_p');
    assert.equal(catalog.endpoint('object-store', 'RegionTwo', 'admin'), undefined);
    assert.equal(catalog.endpoint('object-store')?.url, 'http://one/v1/AUTH_p');
    assert.equal(catalog.endpoint('compute'), undefined);
  });

  it('treats a missing or malformed catalog as empty', () => {
    assert.equal(parseV3Catalog(undefined).endpoints.length, 0);
    assert.equal(parseV3Catalog({ catalog: [] }).endpoints.length, 0);
  });
});

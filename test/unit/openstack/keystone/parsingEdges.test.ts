// Parsing edges of the Keystone client found by mutation testing: Swift v1 headers, stored tokens that are not
// tokens, auth URLs and versions documents, answers with odd members, request bodies with missing parts.
import * as assert from 'node:assert/strict';

import { OpenStackError } from '../../../../src/openstack/errors';
import { buildV2AuthBody, buildV3AuthBody } from '../../../../src/openstack/keystone';
import { chooseVersion, normalizeAuthUrl, parseVersionsDocument, versionInPath } from '../../../../src/openstack/keystone/discovery';
import { isObject, namedRef, optionalString, parseTimestamp } from '../../../../src/openstack/keystone/parse';
import { deserializeToken } from '../../../../src/openstack/keystone/token';
import { isDefaultDomain, parseV2AccessBody } from '../../../../src/openstack/keystone/v2';
import { parseV1AuthHeaders } from '../../../../src/openstack/keystone/v1';
import { parseV3Catalog, parseV3TokenBody } from '../../../../src/openstack/keystone/v3';

describe('keystone edges: Swift v1 answers', () => {
  const AUTH = 'http://swift.example.com:8080/auth/v1.0';
  const parse = (headers: Record<string, string>) => parseV1AuthHeaders({ 'x-auth-token': 'tok-abcdef', ...headers }, AUTH, 'u', 0);

  it('takes a storage URL only when it starts with http(s)://', () => {
    assert.throws(() => parse({ 'x-storage-url': 'javascript:alert(1)//http://x' }), /no usable X-Storage-Url/);
    assert.equal(parse({ 'x-storage-url': 'HTTPS://s/v1/AUTH_a' }).storageUrl, 'HTTPS://s/v1/AUTH_a');
  });

  it('describes the token as v1, with no roles or audit ids, and a swift endpoint', () => {
    const token = parse({ 'x-storage-url': 'http://s/v1/AUTH_a' });
    assert.deepEqual(token.methods, ['v1']);
    assert.deepEqual(token.roles, []);
    assert.deepEqual(token.auditIds, []);
    assert.equal(token.catalog.endpoints[0].serviceName, 'swift');
  });

  it('reads an expiry of whole or fractional seconds with spaces, and nothing else', () => {
    const expiry = (value: string) => parse({ 'x-storage-url': 'http://s/v1/AUTH_a', 'x-auth-token-expires': value }).expiresAt?.getTime();
    assert.equal(expiry(' 60 '), 60_000);
    assert.equal(expiry('1.5'), 1_500);
    assert.equal(expiry('12.25'), 12_250);
    for (const bad of ['60s', 'x60', '1.', '1.x', 'a 60', '60 b']) assert.equal(expiry(bad), undefined, bad);
  });
});

describe('keystone edges: stored tokens that are not tokens', () => {
  it('reads nothing from empty, null, non-token or broken storage', () => {
    for (const text of [undefined, '', 'null', '{"id": 5, "catalog": []}', '{"id": "x"}', '{broken'])
      assert.equal(deserializeToken(text), undefined, String(text));
    assert.equal(deserializeToken('{"id": "x", "catalog": []}')?.id, 'x');
  });
});

describe('keystone edges: auth URLs and versions documents', () => {
  it('refuses a user name alone in the URL too, and shows a long bad URL cut at 200 characters', () => {
    assert.throws(
      () => normalizeAuthUrl('http://someone@k:5000/v3'),
      (e: unknown) => e instanceof OpenStackError && e.message === 'The auth URL must not carry a user name or password; give them as credentials.',
    );
    const long = `not a url ${'x'.repeat(300)}`;
    assert.throws(
      () => normalizeAuthUrl(long),
      (e: unknown) => e instanceof Error && e.message.includes(`"${long.slice(0, 200)}…"`) && !e.message.includes(long.slice(0, 201)),
    );
    const exact = `not a url ${'y'.repeat(190)}`;
    assert.equal(exact.length, 200);
    assert.throws(
      () => normalizeAuthUrl(exact),
      (e: unknown) => e instanceof Error && e.message.includes(`"${exact}"`),
    );
  });

  it('reads the version from the last path segment only, whole', () => {
    const cases: Array<[string, string | undefined]> = [
      ['http://v3', undefined],
      ['https://v2.0', undefined],
      ['http://v1', undefined],
      ['http://xv3', undefined],
      ['http://h/v3/', 'v3'],
      ['http://h/v3.10', 'v3'],
      ['http://h/V3', 'v3'],
      ['http://h/xv3', undefined],
      ['http://h/v3x', undefined],
      ['http://h/v3.x', undefined],
      ['http://h/xv2.0', undefined],
      ['http://h/v2.0x', undefined],
      ['http://h/xv1', undefined],
      ['http://h/v1.0x', undefined],
      ['http://h/auth/v1.0', 'v1'],
    ];
    for (const [url, version] of cases) assert.equal(versionInPath(url), version, url);
  });

  it('takes only whole v3 and v2.0 ids from a versions document', () => {
    const doc = (ids: string[]) => ({ versions: { values: ids.map((id) => ({ id, status: 'stable' })) } });
    assert.deepEqual(
      parseVersionsDocument(doc(['v3', 'xv3.0', 'v3.0x', 'v2.0x', 'xv2.0', 'v2.0']), 'http://k').map((o) => o.version),
      ['v3', 'v2.0'],
    );
  });

  it('skips entries that are not objects, uses the self link only, and falls back on a bad link', () => {
    const offers = parseVersionsDocument(
      {
        versions: [
          null,
          'v3',
          { id: 'v3.14', links: [null, { rel: 'describedby', href: 'http://docs/' }, { rel: 'self', href: 'http://k:5000/v3//' }] },
          { id: 'v2.0', links: [{ rel: 'self', href: 'http://[bad' }] },
        ],
      },
      'http://k:5000',
    );
    assert.deepEqual(offers, [
      { version: 'v3', status: 'unknown', url: 'http://k:5000/v3' },
      { version: 'v2.0', status: 'unknown', url: 'http://k:5000/v2.0' },
    ]);
    assert.throws(
      () => parseVersionsDocument('a string', 'http://k'),
      (e: unknown) => e instanceof OpenStackError && e.kind === 'badResponse' && e.message === 'http://k did not answer with an Identity versions document.',
    );
  });

  it('ranks supported over deprecated within a version, and says which versions it speaks', () => {
    const chosen = chooseVersion(
      [
        { version: 'v3', status: 'DEPRECATED', url: 'http://k/old' },
        { version: 'v3', status: 'supported', url: 'http://k/v3' },
      ],
      'http://k',
    );
    assert.equal(chosen.url, 'http://k/v3');
    assert.throws(
      () => chooseVersion([], 'http://k'),
      (e: unknown) =>
        e instanceof OpenStackError &&
        e.service === 'identity' &&
        e.message === 'http://k offers none of the Identity versions this extension speaks (v3, v2.0).',
    );
  });
});

describe('keystone edges: answers with odd members', () => {
  const v3 = (token: Record<string, unknown>) => parseV3TokenBody({ token: { expires_at: '2030-01-01T00:00:00Z', ...token } }, 'tok', 'http://k/v3');

  it('v3: roles, methods and audit ids keep only what is readable; empty names count as absent', () => {
    const token = v3({
      roles: [{ id: 'r1', name: '' }, null, { name: 'member' }, {}, 'admin'],
      methods: ['password', 5, null],
      audit_ids: ['a1', {}],
      user: { id: '', name: 'demo', domain: { id: 'default', name: '' } },
      project: { id: 'p1', domain: {} },
    });
    assert.deepEqual(token.roles, [{ id: 'r1' }, { name: 'member' }]);
    assert.deepEqual(token.methods, ['password']);
    assert.deepEqual(token.auditIds, ['a1']);
    assert.deepEqual(token.user, { name: 'demo', domain: { id: 'default' } });
    assert.deepEqual(token.project, { id: 'p1' }, 'a domain with neither id nor name is left out');
    assert.equal('issuedAt' in token, false);
    assert.equal('accessRules' in token, false);
  });

  it('v3: access rules of an application credential, only object entries', () => {
    const token = v3({ application_credential: { id: 'ac', access_rules: [null, { service: 'object-store', method: 'GET', path: '/v1/**' }, 'x'] } });
    assert.deepEqual(token.accessRules, [{ service: 'object-store', method: 'GET', path: '/v1/**' }]);
    assert.equal('accessRules' in v3({ application_credential: { access_rules: [] } }), false);
  });

  it('v3 catalog: needs a URL and a known interface; region_id before region; non-object services and endpoints skipped', () => {
    const catalog = parseV3Catalog([
      null,
      { name: 'swift', endpoints: [{ url: 'http://no-type', interface: 'public' }] },
      {
        type: 'object-store',
        endpoints: [
          null,
          { url: 'http://a', interface: 'public', region_id: 'R1', region: 'old' },
          { url: 'http://b', interface: 'internal', region: 'R2' },
          { url: '', interface: 'public' },
          { url: 'http://c' },
          { url: 'http://d', interface: 'private' },
        ],
      },
    ]);
    assert.deepEqual(
      catalog.endpoints.map((e) => [e.region, e.interface, e.url]),
      [
        ['R1', 'public', 'http://a'],
        ['R2', 'internal', 'http://b'],
      ],
    );
  });

  it('v2.0: user roles, else the metadata role ids; no methods until the client says', () => {
    const base = {
      access: {
        token: { id: 't', expires: '2030-01-01T00:00:00Z', issued_at: '2029-12-31T23:00:00.123456' },
        user: { id: 'u', roles: [null, { name: 'member' }, {}] },
      },
    };
    const token = parseV2AccessBody(base, 'http://k/v2.0');
    assert.deepEqual(token.roles, [{ name: 'member' }]);
    assert.deepEqual(token.methods, []);
    assert.equal(token.issuedAt?.toISOString(), '2029-12-31T23:00:00.123Z', 'a v2.0 time without a zone is UTC');
    const fromMetadata = parseV2AccessBody({ access: { ...base.access, user: { id: 'u', roles: [] }, metadata: { roles: ['r-id', 7] } } }, 'http://k/v2.0');
    assert.deepEqual(fromMetadata.roles, [{ id: 'r-id' }]);
    assert.equal('project' in fromMetadata, false);
  });

  it('timestamps: a zone with or without a colon is kept; a missing one means UTC', () => {
    assert.equal(parseTimestamp('2030-01-01T01:00:00+0100', 't')?.toISOString(), '2030-01-01T00:00:00.000Z');
    assert.equal(parseTimestamp('2030-01-01T01:00:00+01:00', 't')?.toISOString(), '2030-01-01T00:00:00.000Z');
    assert.equal(parseTimestamp('2030-01-01T00:00:00z', 't')?.toISOString(), '2030-01-01T00:00:00.000Z');
    assert.throws(() => parseTimestamp('2030-01-01T00:00:00+01:00x', 't'), /not a valid timestamp/);
    assert.throws(
      () => parseTimestamp(5, 'token.expires_at'),
      (e: unknown) =>
        e instanceof OpenStackError && e.kind === 'badResponse' && e.service === 'identity' && e.message === 'token.expires_at is not a timestamp string.',
    );
  });

  it('small readers: arrays are not objects, empty strings are absent', () => {
    assert.equal(isObject([]), false);
    assert.equal(isObject(null), false);
    assert.equal(optionalString(''), undefined);
    assert.equal(optionalString(5), undefined);
    assert.equal(optionalString('x'), 'x');
    assert.deepEqual(namedRef({ id: 'i' }), { id: 'i' });
    assert.equal(namedRef({}), undefined);
  });

  it('v2.0 requests: only the Default domain, by id or name, and the missing parts named', () => {
    assert.equal(isDefaultDomain({ id: '' }), true);
    assert.equal(isDefaultDomain({ id: 'other' }), false);
    assert.equal(isDefaultDomain({ name: 'Default' }), true);
    assert.equal(isDefaultDomain({ name: '' }), true);
    assert.equal(isDefaultDomain({ name: 'Other' }), false);
    assert.throws(
      () => buildV2AuthBody({ kind: 'password', user: { name: 'a', domain: { id: 'd1' } }, password: 'p' }),
      (e: unknown) => e instanceof OpenStackError && e.message === 'Identity v2.0 has no domains, so user "a" in domain "d1" cannot be used; use Identity v3.',
    );
    assert.throws(
      () => buildV2AuthBody({ kind: 'password', user: { name: 'a' }, password: 'p', scope: { project: { name: 'pr', domain: { name: 'Dom' } } } }),
      (e: unknown) =>
        e instanceof OpenStackError && e.message === 'Identity v2.0 has no domains, so project "pr" in domain "Dom" cannot be used; use Identity v3.',
    );
    assert.throws(
      () => buildV2AuthBody({ kind: 'password', user: { name: 'a' }, password: '' }),
      (e: unknown) => e instanceof OpenStackError && e.kind === 'invalidInput' && e.message === 'No password given for user "a".',
    );
    assert.throws(
      () => buildV2AuthBody({ kind: 'password', user: {}, password: 'p' }),
      (e: unknown) => e instanceof OpenStackError && e.message === 'No user id or name given.',
    );
    assert.throws(
      () => buildV2AuthBody({ kind: 'token', token: '' }),
      (e: unknown) => e instanceof OpenStackError && e.kind === 'invalidInput' && e.message === 'No token given to exchange for a new one.',
    );
    assert.throws(() => buildV2AuthBody({ kind: 'applicationCredential', id: 'x', secret: 's' }), /Application credentials need Identity v3/);
    assert.throws(
      () => buildV2AuthBody({ kind: 'password', user: { name: 'a' }, password: 'p', scope: { project: {} } }),
      (e: unknown) => e instanceof OpenStackError && e.kind === 'invalidInput' && e.message === 'The project scope names no project: give its id or name.',
    );
    assert.deepEqual(buildV2AuthBody({ kind: 'password', user: { name: 'a' }, password: 'p', scope: { project: { name: 'pr' } } }).auth, {
      passwordCredentials: { username: 'a', password: 'p' },
      tenantName: 'pr',
    });
  });

  it('v3 requests: codes of 6 to 8 digits only, and the missing parts named', () => {
    for (const code of ['12345', '123456789', 'x123456', '123456x']) {
      assert.throws(() => buildV3AuthBody({ kind: 'totp', user: { id: 'u' }, passcode: code }), /A one-time code is 6 to 8 digits/, code);
    }
    assert.throws(
      () => buildV3AuthBody({ kind: 'password', user: { id: 'u' }, password: 'p', scope: { domain: {} } }),
      (e: unknown) => e instanceof OpenStackError && e.kind === 'invalidInput' && /^The domain scope names no domain/.test(e.message),
    );
    assert.throws(() => buildV3AuthBody({ kind: 'applicationCredential', id: 'x', secret: '' }), /No secret given for application credential id x/);
    assert.throws(() => buildV3AuthBody({ kind: 'token', token: '' }), /No token given to exchange for a new one\./);
    assert.deepEqual(
      buildV3AuthBody({ kind: 'password', user: { id: 'u' }, password: 'p', scope: { project: { name: 'pr', domain: { id: 'd' } } } }).auth.scope,
      {
        project: { name: 'pr', domain: { id: 'd' } },
      },
    );
  });
});

// What a person reads when Keystone says no, and the parsing edges found by mutation testing: the whole
// sentence per kind of credential (which hint, which scope), the multi-factor receipt's rules, Swift v1's
// headers, and stored tokens that are not tokens.
import * as assert from 'node:assert/strict';

import { OpenStackError } from '../../../../src/openstack/errors';
import { HttpClient } from '../../../../src/openstack/http';
import { IdentityClient, ReceiptRequired, parseReceipt } from '../../../../src/openstack/keystone';
import { deserializeToken } from '../../../../src/openstack/keystone/token';
import { describeRef } from '../../../../src/openstack/keystone/types';
import { parseV1AuthHeaders } from '../../../../src/openstack/keystone/v1';
import { recordedHttpClient } from '../../../support/recordedHttp';
import { FakeKeystone, REQUEST_ID, fakeKeystone } from './fakeKeystone';

describe('keystone edges: the sentence of a refused sign-in', () => {
  let keystone: FakeKeystone;
  let http: HttpClient;
  let identity: IdentityClient;
  before(async () => {
    keystone = await fakeKeystone();
  });
  beforeEach(() => {
    http = recordedHttpClient({ retry: { maxRetries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 } });
    identity = new IdentityClient(http);
  });
  after(() => keystone.close());

  const user = { name: 'admin', domain: { id: 'default' } };
  const refused = async (credentials: Parameters<IdentityClient['authenticate']>[0]['credentials']) => {
    try {
      await identity.authenticate({ authUrl: `${keystone.url}/v3`, credentials });
    } catch (e) {
      assert.ok(e instanceof OpenStackError && e.kind === 'auth', String(e));
      return e;
    }
    assert.fail('signed in with wrong credentials');
  };
  const said = 'The request you have made requires authentication.';

  it('a wrong password without a scope: check the user, domain and password', async () => {
    const e = await refused({ kind: 'password', user, password: 'wrong-1' });
    assert.equal(
      e.message,
      `Identity v3 at ${keystone.url}/v3 rejected user "admin" in domain "default" (HTTP 401): ${said} Check the user, domain and password.`,
    );
    assert.equal(e.service, 'identity');
    assert.equal(e.method, 'POST');
    assert.equal(e.url, `${keystone.url}/v3/auth/tokens`);
    assert.equal(e.requestId, REQUEST_ID);
  });

  it('explicitly unscoped: the same short hint', async () => {
    const e = await refused({ kind: 'password', user, password: 'wrong-1', scope: 'unscoped' });
    assert.match(e.message, / \(unscoped\) \(HTTP 401\): .*\. Check the user, domain and password\.$/);
  });

  it('on a project: the project and the role are worth checking too', async () => {
    const e = await refused({ kind: 'password', user, password: 'wrong-1', scope: { project: { name: 'nope', domain: { id: 'default' } } } });
    assert.match(
      e.message,
      / on project "nope" in domain "default" \(HTTP 401\): .*Check the user, domain and password, that the project or domain exists, and that the user has a role on it\.$/,
    );
  });

  it('a dead token, rescoping: its scope, and that it may have expired or been revoked', async () => {
    const e = await refused({ kind: 'token', token: 'dead-token-1', scope: { project: { name: 'admin', domain: { id: 'default' } } } });
    assert.match(
      e.message,
      /rejected an existing token on project "admin" in domain "default" \(HTTP 401\): .*The token may have expired or been revoked; authenticate again with a password or application credential\.$/,
    );
  });

  it('a wrong one-time code: the clocks may disagree', async () => {
    const e = await refused({ kind: 'totp', user: { id: 'u-1' }, passcode: '123456' });
    assert.match(
      e.message,
      /rejected user id u-1 \(one-time code\) \(HTTP 401\): .*Check the one-time code \(it changes every 30 seconds\) and that the clocks agree\.$/,
    );
  });

  it('names a reference without a name or id as unnamed', () => {
    assert.equal(describeRef({}), '(unnamed)');
    assert.equal(describeRef({ id: 'abc' }), 'id abc');
  });
});

describe('keystone edges: multi-factor receipts', () => {
  const receipt = (requiredMethods: string[][], methods: string[]) => new ReceiptRequired('https://k/v3', { receipt: 'r', requiredMethods, methods });

  it('says which factors the rules want, in one sentence', () => {
    const e = receipt(
      [
        ['password', 'totp'],
        ['password', 'mapped'],
      ],
      ['password'],
    );
    assert.equal(e.message, 'Identity v3 at https://k/v3 needs another factor to sign in (password + totp or password + mapped).');
    assert.equal(e.kind, 'auth');
    assert.equal(e.status, 401);
    assert.equal(e.service, 'identity');
    assert.equal(e.name, 'ReceiptRequired');
    assert.equal(receipt([], []).message, 'Identity v3 at https://k/v3 needs another factor to sign in (multi-factor rules).');
  });

  it('wants a one-time code only when a rule needs totp and nothing else missing', () => {
    assert.equal(receipt([['password', 'totp']], ['password']).wantsTotp, true);
    assert.equal(
      receipt(
        [
          ['password', 'mapped'],
          ['password', 'totp'],
        ],
        ['password'],
      ).wantsTotp,
      true,
      'any one rule will do',
    );
    assert.equal(receipt([['totp', 'mapped']], []).wantsTotp, false, 'totp alone would not satisfy the rule');
    assert.equal(receipt([['password']], ['password']).wantsTotp, false, 'a rule without totp');
    assert.equal(receipt([['password', 'mapped']], ['password']).wantsTotp, false);
  });

  it('reads a receipt whose expiry is not a date as one without expiry', () => {
    assert.equal(
      parseReceipt('r', { receipt: { methods: ['password'], expires_at: 'tomorrow' }, required_auth_methods: [['password', 'totp']] }).expiresAt,
      undefined,
    );
  });
});

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

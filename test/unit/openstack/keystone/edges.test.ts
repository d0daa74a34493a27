// What a person reads when Keystone says no, and the client around sign-in, found by mutation testing: the
// whole sentence per kind of credential (which hint, which scope), multi-factor receipts, v2.0 token methods,
// Swift v1 revocation and checks, discovery of roots that are no Keystone.
import * as assert from 'node:assert/strict';

import { OpenStackError } from '../../../../src/openstack/errors';
import { HttpClient } from '../../../../src/openstack/http';
import { IdentityClient, ReceiptRequired, parseReceipt } from '../../../../src/openstack/keystone';
import { Catalog } from '../../../../src/openstack/keystone/token';
import { describeRef } from '../../../../src/openstack/keystone/types';
import { recordedHttpClient } from '../../../support/recordedHttp';
import { FakeKeystone, PASSWORD, RECEIPT, REQUEST_ID, TOTP_CODE, V1_KEY, V2_TOKEN, V3_TOKEN, fakeKeystone } from './fakeKeystone';

/** One stand-in Keystone per suite; a fresh HTTP client (no retries) and identity client per test. */
function standInKeystone() {
  const at = {} as { keystone: FakeKeystone; http: HttpClient; identity: IdentityClient };
  before(async () => {
    at.keystone = await fakeKeystone();
  });
  beforeEach(() => {
    at.keystone.requests.length = 0;
    at.http = recordedHttpClient({ retry: { maxRetries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 } });
    at.identity = new IdentityClient(at.http);
  });
  after(() => at.keystone.close());
  return at;
}

describe('keystone edges: the sentence of a refused sign-in', () => {
  const at = standInKeystone();

  const user = { name: 'admin', domain: { id: 'default' } };
  const refused = async (credentials: Parameters<IdentityClient['authenticate']>[0]['credentials']) => {
    try {
      await at.identity.authenticate({ authUrl: `${at.keystone.url}/v3`, credentials });
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
      `Identity v3 at ${at.keystone.url}/v3 rejected user "admin" in domain "default" (HTTP 401): ${said} Check the user, domain and password.`,
    );
    assert.equal(e.service, 'identity');
    assert.equal(e.method, 'POST');
    assert.equal(e.url, `${at.keystone.url}/v3/auth/tokens`);
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

describe('keystone edges: the client around sign-in', () => {
  const at = standInKeystone();
  const mfa = { name: 'mfa', domain: { id: 'default' } };

  it('a right password that is not enough: the receipt comes back as ReceiptRequired, kept secret', async () => {
    const e = await at.identity.authenticate({ authUrl: `${at.keystone.url}/v3`, credentials: { kind: 'password', user: mfa, password: PASSWORD } }).then(
      () => assert.fail('signed in without the second factor'),
      (error: unknown) => error,
    );
    assert.ok(e instanceof ReceiptRequired);
    assert.equal(e.receipt.receipt, RECEIPT);
    assert.equal(e.receipt.userId, 'mfa-user-id');
    assert.equal(e.wantsTotp, true);
    assert.equal(at.http.redactor.leaks(RECEIPT), true, 'the receipt is a secret of the run');
  });

  it('the code with the receipt completes the sign-in; the receipt header goes only with it', async () => {
    const token = await at.identity.authenticate({
      authUrl: `${at.keystone.url}/v3`,
      credentials: { kind: 'totp', user: { id: 'mfa-user-id' }, passcode: TOTP_CODE, receipt: RECEIPT },
    });
    assert.equal(token.id, V3_TOKEN);
    assert.equal(at.keystone.requests[0].headers['openstack-auth-receipt'], RECEIPT);
    assert.equal(at.http.redactor.leaks(TOTP_CODE), true);
    assert.equal(at.http.redactor.leaks(RECEIPT), true, 'a receipt sent back is a secret of the run too');
    await assert.rejects(
      at.identity.authenticate({ authUrl: `${at.keystone.url}/v3`, credentials: { kind: 'totp', user: { id: 'mfa-user-id' }, passcode: TOTP_CODE } }),
      (error: unknown) => error instanceof OpenStackError && error.kind === 'auth' && !(error instanceof ReceiptRequired),
    );
    assert.equal(at.keystone.requests[1].headers['openstack-auth-receipt'], undefined, 'no receipt, no header');
    await at.identity.authenticate({
      authUrl: `${at.keystone.url}/v3`,
      credentials: { kind: 'password', user: { name: 'admin', domain: { id: 'default' } }, password: PASSWORD },
    });
    assert.equal(at.keystone.requests[2].headers['openstack-auth-receipt'], undefined);
  });

  it('v2.0 tokens say how they were bought: a password or a token', async () => {
    const byPassword = await at.identity.authenticate({
      authUrl: `${at.keystone.url}/v2.0`,
      credentials: { kind: 'password', user: { name: 'admin' }, password: PASSWORD },
    });
    assert.deepEqual(byPassword.methods, ['password']);
    const byToken = await at.identity.authenticate({ authUrl: `${at.keystone.url}/v2.0`, credentials: { kind: 'token', token: V2_TOKEN } });
    assert.deepEqual(byToken.methods, ['token']);
  });

  it('validating its own v2.0 token keeps the catalog and methods it had', async () => {
    const token = await at.identity.authenticate({
      authUrl: `${at.keystone.url}/v2.0`,
      credentials: { kind: 'password', user: { name: 'admin' }, password: PASSWORD },
    });
    const checked = await at.identity.validate(token);
    assert.deepEqual(checked.methods, ['password']);
    assert.ok(checked.catalog.endpoints.length > 0);
    assert.equal(at.keystone.requests.at(-1)?.headers['x-auth-token'], token.id);
    assert.equal(at.keystone.requests.at(-1)?.headers.accept, 'application/json');
  });

  it('Swift v1: no sign-in discovery at the root, no revocation (saying until when the token lives), no check without a storage URL', async () => {
    const token = await at.identity.authenticate({ authUrl: `${at.keystone.url}/auth/v1.0/`, credentials: { kind: 'v1', user: 'test:tester', key: V1_KEY } });
    assert.deepEqual(
      at.keystone.requests.map((r) => r.url),
      ['/auth/v1.0'],
    );
    token.expiresAt = new Date('2030-01-01T00:00:00Z');
    await assert.rejects(
      at.identity.revoke(token),
      (e: unknown) =>
        e instanceof OpenStackError &&
        e.kind === 'unsupported' &&
        e.service === 'identity' &&
        e.message === `Swift v1 auth (${at.keystone.url}/auth/v1.0) has no way to revoke a token. It stays valid until 2030-01-01T00:00:00.000Z.`,
    );
    await assert.rejects(
      at.identity.validate({ ...token, storageUrl: undefined, catalog: new Catalog() }),
      (e: unknown) => e instanceof OpenStackError && e.kind === 'badResponse' && e.message === 'This Swift v1 token has no storage URL to check it against.',
    );
    const checked = await at.identity.validate({ ...token, storageUrl: undefined });
    assert.equal(checked.id, token.id, 'the catalog endpoint serves when the token has no storage URL');
  });

  it('discovery: a 404 root and a root that is no JSON say what to give instead', async () => {
    await assert.rejects(
      at.identity.discover(`${at.keystone.url}/nothing-here`),
      (e: unknown) =>
        e instanceof OpenStackError &&
        e.kind === 'notFound' &&
        e.message.startsWith(`${at.keystone.url}/nothing-here serves no Identity versions document (HTTP 404). Give the Keystone URL`),
    );
    await assert.rejects(
      at.identity.discover(`${at.keystone.url}/html`),
      (e: unknown) =>
        e instanceof OpenStackError &&
        e.kind === 'badResponse' &&
        e.message.startsWith(`${at.keystone.url}/html does not look like an Identity (Keystone) endpoint.`),
    );
  });
});

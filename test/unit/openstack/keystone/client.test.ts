import * as assert from 'node:assert/strict';
import { HttpClient, RequestLogEntry } from '../../../../src/openstack/http';
import { IdentityClient } from '../../../../src/openstack/keystone';
import { assertRejectsKind } from './support';
import { APP_SECRET, FakeKeystone, PASSWORD, REQUEST_ID, V1_KEY, V1_TOKEN, V2_TOKEN, V3_RESCOPED, V3_TOKEN, fakeKeystone } from './fakeKeystone';
import { recordedHttpClient } from '../../../support/recordedHttp';

const SECRETS = [PASSWORD, APP_SECRET, V1_KEY, V1_TOKEN, V2_TOKEN, V3_TOKEN, V3_RESCOPED];

describe('IdentityClient against a local stand-in Keystone', () => {
  let keystone: FakeKeystone;
  let http: HttpClient;
  let identity: IdentityClient;
  let log: RequestLogEntry[];
  let errors: string[];

  const user = { name: 'admin', domain: { id: 'default' } };
  const password = (scope?: { project: { name: string; domain: { id: string } } }) =>
    ({ kind: 'password', user, password: PASSWORD, ...(scope ? { scope } : {}) }) as const;

  /** Runs a call that must fail, keeping its message for the leak check. */
  async function failing(promise: Promise<unknown>, kind: string, pattern?: RegExp): Promise<Error> {
    const e = await assertRejectsKind(promise, kind, pattern);
    errors.push(e.message);
    return e;
  }

  before(async () => {
    keystone = await fakeKeystone();
  });
  beforeEach(() => {
    log = [];
    errors = [];
    keystone.requests.length = 0;
    keystone.revoked.clear();
    http = recordedHttpClient({ log: (e) => log.push(e), retry: { maxRetries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 } });
    identity = new IdentityClient(http);
  });
  afterEach(async () => {
    // No secret in any log line or error message of any test.
    const text = JSON.stringify(log) + errors.join('\n');
    for (const secret of SECRETS) assert.ok(!text.includes(secret), `"${secret}" leaked into logs or errors: ${text}`);
    await http.close();
  });
  after(async () => {
    await keystone.close();
  });

  describe('v3', () => {
    it('authenticates with a password: POST /v3/auth/tokens, token id from X-Subject-Token', async () => {
      const token = await identity.authenticate({ authUrl: `${keystone.url}/v3/`, credentials: password() });
      assert.equal(token.id, V3_TOKEN);
      assert.equal(token.authVersion, 'v3');
      assert.equal(token.authUrl, `${keystone.url}/v3`);
      assert.equal(token.project?.name, 'admin');
      const [req] = keystone.requests;
      assert.equal(req.method, 'POST');
      assert.equal(req.url, '/v3/auth/tokens');
      assert.equal(req.headers['content-type'], 'application/json');
      assert.deepEqual(JSON.parse(req.body).auth.identity.password.user, { name: 'admin', domain: { id: 'default' }, password: PASSWORD });
      assert.deepEqual(identity.stats, { authentications: 1, validations: 0, revocations: 0, discoveries: 0 });
      for (const secret of [V3_TOKEN, PASSWORD]) assert.equal(http.redactor.leaks(secret), true, `${secret} is a registered secret`);
    });

    it('discovers v3 from the root URL (300 answer), once', async () => {
      await identity.authenticate({ authUrl: keystone.url, credentials: password() });
      await identity.authenticate({ authUrl: `${keystone.url}/`, credentials: password() });
      assert.deepEqual(
        keystone.requests.map((r) => `${r.method} ${r.url}`),
        ['GET /', 'POST /v3/auth/tokens', 'POST /v3/auth/tokens'],
      );
      assert.equal(identity.stats.discoveries, 1);
      assert.equal(identity.stats.authentications, 2);
    });

    it('appends /v3 to a bare URL when v3 is asked for', async () => {
      await identity.authenticate({ authUrl: keystone.url, version: 'v3', credentials: password() });
      assert.equal(keystone.requests[0].url, '/v3/auth/tokens');
    });

    it('wrong password: kind auth, 401, request id, names URL and user but not the password', async () => {
      const e = await failing(identity.authenticate({ authUrl: `${keystone.url}/v3`, credentials: { ...password(), password: 'wrong-password-9' } }), 'auth');
      assert.match(e.message, new RegExp(`Identity v3 at ${keystone.url}/v3 rejected user "admin" in domain "default"`));
      assert.match(e.message, /requires authentication/);
      assert.ok(!e.message.includes('wrong-password-9'));
      assert.equal((e as { status?: number }).status, 401);
      assert.equal((e as { requestId?: string }).requestId, REQUEST_ID);
      assert.equal(identity.stats.authentications, 1, 'failed attempts count too');
    });

    it('unknown project: kind auth, naming the project', async () => {
      await failing(
        identity.authenticate({ authUrl: `${keystone.url}/v3`, credentials: password({ project: { name: 'nope', domain: { id: 'default' } } }) }),
        'auth',
        /on project "nope" in domain "default"/,
      );
    });

    it('application credential and token rescope', async () => {
      const app = await identity.authenticate({
        authUrl: `${keystone.url}/v3`,
        credentials: { kind: 'applicationCredential', id: 'appcred-id', secret: APP_SECRET },
      });
      const rescoped = await identity.authenticate({
        authUrl: `${keystone.url}/v3`,
        credentials: { kind: 'token', token: app.id, scope: { project: { name: 'admin', domain: { id: 'default' } } } },
      });
      assert.equal(rescoped.id, V3_RESCOPED);
      for (const secret of [APP_SECRET, V3_RESCOPED]) assert.equal(http.redactor.leaks(secret), true, `${secret} is a registered secret`);
      assert.deepEqual(JSON.parse(keystone.requests[1].body).auth.identity, { methods: ['token'], token: { id: V3_TOKEN } });
      await failing(
        identity.authenticate({ authUrl: `${keystone.url}/v3`, credentials: { kind: 'applicationCredential', id: 'appcred-id', secret: 'bad-secret-77' } }),
        'auth',
        /application credential id appcred-id .*it may have expired or been deleted/,
      );
    });

    it('an HTML page, a missing X-Subject-Token or a missing token body: badResponse', async () => {
      await failing(identity.authenticate({ authUrl: `${keystone.url}/html/v3`, credentials: password() }), 'badResponse', /X-Subject-Token/);
      await failing(identity.authenticate({ authUrl: `${keystone.url}/noheader/v3`, credentials: password() }), 'badResponse', /X-Subject-Token/);
      await failing(identity.authenticate({ authUrl: `${keystone.url}/notoken/v3`, credentials: password() }), 'badResponse', /"token" object/);
    });

    it('a URL that serves no Identity API: notFound saying so', async () => {
      await failing(
        identity.authenticate({ authUrl: `${keystone.url}/wrong-prefix/v3`, credentials: password() }),
        'notFound',
        /There is no Identity v3 API at .*\/wrong-prefix\/v3.*Check the auth URL/,
      );
    });

    it('a malformed URL or a version mismatch: invalidInput, counted, no request', async () => {
      await failing(identity.authenticate({ authUrl: 'not a url', credentials: password() }), 'invalidInput', /"not a url"/);
      await failing(identity.authenticate({ authUrl: `${keystone.url}/v2.0`, version: 'v3', credentials: password() }), 'invalidInput', /v2\.0/);
      await failing(identity.authenticate({ authUrl: `${keystone.url}/auth/v1.0`, credentials: password() }), 'invalidInput', /user and key/);
      assert.equal(keystone.requests.length, 0);
      assert.equal(identity.stats.authentications, 3);
    });

    it('validates with X-Auth-Token and X-Subject-Token, and revokes with DELETE', async () => {
      const token = await identity.authenticate({ authUrl: `${keystone.url}/v3`, credentials: password() });
      const checked = await identity.validate(token);
      assert.equal(checked.id, V3_TOKEN);
      assert.equal(checked.catalog.endpoints.length, token.catalog.endpoints.length);
      const get = keystone.requests[1];
      assert.equal(`${get.method} ${get.url}`, 'GET /v3/auth/tokens');
      assert.equal(get.headers['x-auth-token'], V3_TOKEN);
      assert.equal(get.headers['x-subject-token'], V3_TOKEN);

      await identity.revoke(token);
      const del = keystone.requests[2];
      assert.equal(`${del.method} ${del.url}`, 'DELETE /v3/auth/tokens');
      assert.equal(del.headers['x-subject-token'], V3_TOKEN);
      assert.deepEqual(identity.stats, { authentications: 1, validations: 1, revocations: 1, discoveries: 0 });
      await failing(identity.validate(token), 'auth');
    });

    it('validates another token; a revoked subject is notFound and its id is masked in the message', async () => {
      const token = await identity.authenticate({ authUrl: `${keystone.url}/v3`, credentials: password() });
      const other = await identity.authenticate({ authUrl: `${keystone.url}/v3`, credentials: { kind: 'token', token: token.id } });
      assert.equal((await identity.validate(token, other.id)).id, V3_RESCOPED);
      keystone.revoked.add(V3_RESCOPED);
      const e = await failing(identity.validate(token, V3_RESCOPED), 'notFound', /Could not find token/);
      assert.match(e.message, /\*\*\*/);
    });

    it('honours an aborted signal', async () => {
      const controller = new AbortController();
      controller.abort();
      await failing(identity.authenticate({ authUrl: `${keystone.url}/v3`, credentials: password(), signal: controller.signal }), 'cancelled');
    });
  });

  describe('v2.0', () => {
    it('authenticates, validates and revokes through /v2.0/tokens', async () => {
      const token = await identity.authenticate({
        authUrl: keystone.url,
        version: 'v2.0',
        credentials: password({ project: { name: 'admin', domain: { id: 'default' } } }),
      });
      assert.equal(token.id, V2_TOKEN);
      assert.equal(http.redactor.leaks(V2_TOKEN), true, 'the v2.0 token is a registered secret');
      assert.equal(token.authUrl, `${keystone.url}/v2.0`);
      assert.deepEqual(token.methods, ['password']);
      assert.ok(token.catalog.endpoint('object-store', 'RegionOne'));
      assert.deepEqual(JSON.parse(keystone.requests[0].body), {
        auth: { passwordCredentials: { username: 'admin', password: PASSWORD }, tenantName: 'admin' },
      });

      const checked = await identity.validate(token);
      assert.equal(keystone.requests[1].url, `/v2.0/tokens/${V2_TOKEN}`);
      assert.equal(keystone.requests[1].headers['x-auth-token'], V2_TOKEN);
      assert.equal(checked.project?.name, 'My Project');
      assert.equal(checked.catalog, token.catalog, 'the validation answer has no catalog: ours is kept');

      await identity.revoke(token);
      assert.equal(`${keystone.requests[2].method} ${keystone.requests[2].url}`, `DELETE /v2.0/tokens/${V2_TOKEN}`);
      await failing(identity.validate(token), 'auth');
      assert.ok(
        log.some((e) => e.url.endsWith('/v2.0/tokens/***')),
        'the token in the URL is masked in the log',
      );
    });

    it('wrong password: kind auth naming the v2.0 URL', async () => {
      await failing(
        identity.authenticate({ authUrl: `${keystone.url}/v2.0`, credentials: { ...password(), password: 'wrong-password-9' } }),
        'auth',
        new RegExp(`Identity v2\\.0 at ${keystone.url}/v2\\.0 rejected user "admin"`),
      );
    });

    it('application credentials over v2.0: unsupported, before any request', async () => {
      await failing(
        identity.authenticate({ authUrl: `${keystone.url}/v2.0`, credentials: { kind: 'applicationCredential', id: 'a', secret: APP_SECRET } }),
        'unsupported',
      );
      assert.equal(keystone.requests.length, 0);
    });
  });

  describe('Swift v1', () => {
    const v1 = { kind: 'v1', user: 'test:tester', key: V1_KEY } as const;

    it('authenticates with a GET of the auth URL, checks with a HEAD of the account, cannot revoke', async () => {
      const before = Date.now();
      const token = await identity.authenticate({ authUrl: `${keystone.url}/auth/v1.0`, credentials: v1 });
      assert.equal(token.id, V1_TOKEN);
      assert.equal(token.storageUrl, `${keystone.url}/v1/AUTH_test`);
      assert.ok(token.expiresAt && Math.abs(token.expiresAt.getTime() - before - 3_600_000) < 5_000);
      assert.equal(keystone.requests[0].headers['x-auth-key'], V1_KEY);
      for (const secret of [V1_KEY, V1_TOKEN]) assert.equal(http.redactor.leaks(secret), true, `${secret} is a registered secret`);

      assert.equal((await identity.validate(token)).id, V1_TOKEN);
      assert.equal(`${keystone.requests[1].method} ${keystone.requests[1].url}`, 'HEAD /v1/AUTH_test');
      await failing(identity.revoke(token), 'unsupported', /Swift v1 auth .* no way to revoke/);
      keystone.revoked.add(V1_TOKEN);
      await failing(identity.validate(token), 'auth');
    });

    it('wrong key: kind auth, with the server text but not the key', async () => {
      await failing(
        identity.authenticate({ authUrl: `${keystone.url}/auth/v1.0`, credentials: { ...v1, key: 'wrong-key-123' } }),
        'auth',
        /Swift v1 auth at .*\/auth\/v1\.0 rejected user "test:tester" \(HTTP 401\): Unauthorized This server could not verify.*Check the user \(often account:user\) and key/,
      );
    });
  });
});

/**
 * Multi-factor sign-in and restricted application credentials against the real local Keystone (totp method
 * on, user `mfa` with rules password + totp and a TOTP credential) and the real Swift proxies. The one-time
 * codes are computed here from the credential's secret (RFC 6238), as an authenticator app would.
 */
import * as assert from 'node:assert/strict';
import { HttpClient } from '../../src/openstack/http';
import { IdentityClient, ReceiptRequired } from '../../src/openstack/keystone';
import { isOpenStackError } from '../../src/openstack/errors';
import { Session } from '../../src/auth/session';
import type { OneTimeCodeQuestion } from '../../src/auth/signIn';
import type { Profile } from '../../src/auth/profile';
import { CloudInfo, CloudMfaUser, loadCloud, mfaUser } from '../support/cloud';
import { MapSecrets } from '../support/mapSecrets';
import { totp } from '../support/totp';
import { recordedHttpClient } from '../support/recordedHttp';

describe('multi-factor sign-in and access rules (integration, real Keystone)', function () {
  let cloud: CloudInfo;
  let mfa: CloudMfaUser;
  let http: HttpClient;
  let identity: IdentityClient;
  const opened: HttpClient[] = [];

  before(() => {
    cloud = loadCloud();
    mfa = mfaUser(cloud);
    http = recordedHttpClient();
    identity = new IdentityClient(http);
    opened.push(http);
  });
  after(async () => {
    for (const h of opened) await h.close();
  });

  const profile = (extra: Partial<Profile> = {}): Profile => ({
    id: `mfa-${extra.authType ?? 'password'}-${extra.secondFactor ?? 'receipt'}`,
    name: 'mfa',
    authUrl: `${cloud.keystone.url}/v3`,
    authVersion: 'v3',
    authType: 'password',
    username: mfa.name,
    userDomain: mfa.domain,
    project: mfa.project,
    projectDomain: mfa.projectDomain,
    ...extra,
  });

  function session(p: Profile, answers: Array<(q: OneTimeCodeQuestion) => string | undefined>, asked: OneTimeCodeQuestion[]) {
    const h = recordedHttpClient();
    opened.push(h);
    return new Session({
      profile: p,
      http: h,
      identity: new IdentityClient(h),
      secrets: new MapSecrets(),
      readSecret: async () => mfa.password,
      askOneTimeCode: async (q) => {
        asked.push(q);
        const answer = answers.shift();
        assert.ok(answer, `an unexpected question for a one-time code (${q.reason})`);
        return answer(q);
      },
    });
  }

  it('the password alone gets 401 with an auth receipt naming the rule password + totp', async () => {
    await assert.rejects(
      identity.authenticate({
        authUrl: `${cloud.keystone.url}/v3`,
        credentials: { kind: 'password', user: { name: mfa.name, domain: { name: mfa.domain } }, password: mfa.password },
      }),
      (e: unknown) => {
        assert.ok(e instanceof ReceiptRequired, String(e));
        // Keystone keeps a rule as a set: its order varies from answer to answer.
        assert.deepEqual(
          e.receipt.requiredMethods.map((rule) => [...rule].sort()),
          [['password', 'totp']],
        );
        assert.deepEqual(e.receipt.methods, ['password']);
        assert.equal(e.receipt.userId, mfa.id);
        assert.ok(e.receipt.expiresAt && e.receipt.expiresAt.getTime() > Date.now(), 'the receipt has a future expiry');
        assert.equal(e.wantsTotp, true);
        assert.match(e.message, /needs another factor to sign in \((password \+ totp|totp \+ password)\)/);
        return true;
      },
    );
  });

  it('a session asks for the code after the receipt, signs in with it, lists the account, and asks again to renew', async () => {
    const asked: OneTimeCodeQuestion[] = [];
    const s = session(profile(), [() => totp(mfa.totpSecret), () => totp(mfa.totpSecret)], asked);
    const token = await s.token();
    assert.deepEqual(
      asked.map((q) => q.reason),
      ['receipt'],
    );
    assert.deepEqual([...token.methods].sort(), ['password', 'totp']);
    assert.equal(token.project?.id, mfa.projectId);
    assert.equal(s.heldTokenNeedsCode(), true, 'its renewal needs the code again');
    const swift = await s.swift('RegionOne');
    await swift.headAccount();
    // Renewal cannot be silent: the code is asked again, and said to be for a renewal.
    const renewed = await s.renew(token.id);
    assert.notEqual(renewed.id, token.id);
    assert.deepEqual(
      asked.map((q) => q.reason),
      ['receipt', 'renewal'],
    );
  });

  it('v3multifactor (password + totp in one request) asks for the code first; a wrong code gets one clear sentence', async () => {
    const asked: OneTimeCodeQuestion[] = [];
    const good = session(profile({ secondFactor: 'totp' }), [() => totp(mfa.totpSecret)], asked);
    const token = await good.token();
    assert.deepEqual(
      asked.map((q) => q.reason),
      ['signIn'],
    );
    assert.deepEqual([...token.methods].sort(), ['password', 'totp']);
    const wrong = totp(mfa.totpSecret, Date.now() - 10 * 60_000);
    const bad = session(profile({ secondFactor: 'totp' }), [() => (wrong === totp(mfa.totpSecret) ? '000000' : wrong)], []);
    await assert.rejects(bad.token(), (e: unknown) => {
      assert.ok(isOpenStackError(e) && e.kind === 'auth', String(e));
      assert.match(e.message, /rejected user "mfa" in domain "Default" .*\(HTTP 401\)/);
      assert.ok(!e.message.includes(mfa.password), 'the password is not in the message');
      return true;
    });
  });

  it('cancelling the question for the code ends the sign-in as cancelled, sending nothing more', async () => {
    const s = session(profile(), [() => undefined as unknown as string], []);
    await assert.rejects(s.token(), (e: unknown) => isOpenStackError(e) && e.kind === 'cancelled' && /no one-time code was given/.test(e.message));
  });

  it('an application credential restricted to one container works there; outside its rules, one clear sentence', async () => {
    const demo = cloud.demo;
    const demoToken = await identity.authenticate({
      authUrl: `${cloud.keystone.url}/v3`,
      credentials: {
        kind: 'password',
        user: { name: demo.name, domain: { name: demo.domain } },
        password: demo.password,
        scope: { project: { id: demo.projectId } },
      },
    });
    // A container the rules allow, made with the unrestricted token.
    const account = `${cloud.regions[0].swiftUrl}/v1/AUTH_${demo.projectId}`;
    const container = `ruled-${Date.now()}`;
    const put = await http.request({ method: 'PUT', url: `${account}/${container}`, headers: { 'x-auth-token': demoToken.id }, service: 'object-store' });
    await put.dump();
    const created = await http.request({
      method: 'POST',
      url: `${cloud.keystone.url}/v3/users/${demo.id}/application_credentials`,
      headers: { 'x-auth-token': demoToken.id, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        application_credential: {
          name: container,
          access_rules: [
            { service: 'object-store', method: 'GET', path: `/v1/AUTH_${demo.projectId}/${container}` },
            { service: 'object-store', method: 'HEAD', path: `/v1/AUTH_${demo.projectId}/${container}` },
          ],
        },
      }),
      service: 'identity',
    });
    const appCred = ((await created.json()) as { application_credential: { id: string; secret: string } }).application_credential;
    try {
      const h = recordedHttpClient();
      opened.push(h);
      const s = new Session({
        profile: {
          id: 'ruled',
          name: 'ruled',
          authUrl: `${cloud.keystone.url}/v3`,
          authVersion: 'v3',
          authType: 'applicationCredential',
          applicationCredentialId: appCred.id,
        },
        http: h,
        identity: new IdentityClient(h),
        secrets: new MapSecrets(),
        readSecret: async () => appCred.secret,
      });
      const token = await s.token();
      assert.deepEqual(
        token.accessRules?.map((r) => r.method),
        ['GET', 'HEAD'],
      );
      const swift = await s.swift('RegionOne');
      await swift.headContainer(container);
      await assert.rejects(swift.headAccount(), (e: unknown) => {
        assert.ok(isOpenStackError(e) && e.kind === 'auth', String(e));
        assert.match(
          e.message,
          new RegExp(
            `this HEAD request is outside the access rules of the application credential \\(it allows only GET /v1/AUTH_${demo.projectId}/${container}, HEAD /v1/AUTH_${demo.projectId}/${container}\\)`,
          ),
        );
        return true;
      });
    } finally {
      const del = await http.request({
        method: 'DELETE',
        url: `${cloud.keystone.url}/v3/users/${demo.id}/application_credentials/${appCred.id}`,
        headers: { 'x-auth-token': demoToken.id },
        service: 'identity',
      });
      await del.dump();
      const gone = await http.request({ method: 'DELETE', url: `${account}/${container}`, headers: { 'x-auth-token': demoToken.id }, service: 'object-store' });
      await gone.dump();
    }
  });
});

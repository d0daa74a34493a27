/**
 * IdentityClient against the real local cloud (scripts/cloud/up.sh): Keystone 22 v3, the v2.0 façade in
 * front of it, Swift TempAuth v1, and the real Swift proxies that accept (or refuse) the tokens.
 */
import * as assert from 'node:assert/strict';
import { HttpClient, RequestLogEntry } from '../../src/openstack/http';
import { isOpenStackError } from '../../src/openstack/errors';
import { Credentials, IdentityClient, Token } from '../../src/openstack/keystone';
import { CloudInfo, CloudUser, loadCloud } from '../support/cloud';
import { startV2Facade, V2Facade } from '../support/v2facade';
import { recordedHttpClient } from '../support/recordedHttp';

describe('keystone (integration)', function () {
  let cloud: CloudInfo;
  let facade: V2Facade;
  let http: HttpClient;
  let identity: IdentityClient;
  const log: RequestLogEntry[] = [];
  const messages: string[] = [];
  const issued: string[] = [];

  const byName = (u: CloudUser, scope: 'name' | 'id' = 'name'): Credentials => ({
    kind: 'password',
    user: { name: u.name, domain: { name: u.domain } },
    password: u.password,
    scope: { project: scope === 'id' ? { id: u.projectId } : { name: u.project, domain: { name: u.projectDomain } } },
  });

  async function auth(authUrl: string, credentials: Credentials, version?: 'v3' | 'v2.0' | 'v1'): Promise<Token> {
    const token = await identity.authenticate({ authUrl, credentials, ...(version ? { version } : {}) });
    issued.push(token.id);
    return token;
  }

  async function rejected(promise: Promise<unknown>, kinds: string[]): Promise<Error> {
    try {
      await promise;
    } catch (e) {
      assert.ok(isOpenStackError(e), String(e));
      assert.ok(kinds.includes(e.kind), `expected ${kinds.join('/')}, got ${e.kind}: ${e.message}`);
      messages.push(e.message);
      return e;
    }
    throw new assert.AssertionError({ message: `expected a ${kinds.join('/')} error` });
  }

  /** Status of a Swift account GET with the token on the token's own catalog endpoint. */
  async function swiftAccountStatus(token: Token, tokenId = token.id, region?: string): Promise<number> {
    const endpoint = token.catalog.endpoint('object-store', region);
    assert.ok(endpoint, 'the token lists an object-store endpoint');
    const res = await http.request({
      method: 'GET',
      url: endpoint.url,
      headers: { 'x-auth-token': tokenId },
      service: 'object-store',
      accept: () => true,
    });
    await res.dump();
    return res.status;
  }

  /** Revocation reaches Swift through Keystone; allow it a moment. */
  async function eventuallyRefused(token: Token, tokenId?: string): Promise<void> {
    let status = 0;
    for (const deadline = Date.now() + 2500; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      status = await swiftAccountStatus(token, tokenId);
      if (status === 401) return;
    }
    assert.equal(status, 401, 'Swift still accepts the revoked token');
  }

  before(async function () {
    cloud = loadCloud();
    http = recordedHttpClient({ log: (e) => log.push(e) });
    identity = new IdentityClient(http);
    facade = await startV2Facade(cloud.keystone.url);
  });

  after(async function () {
    await facade?.close();
    await http?.close();
  });

  it('discovers v3 from the root URL (Keystone answers 300)', async () => {
    assert.deepEqual(await identity.discover(`${cloud.keystone.url}/`), { version: 'v3', url: `${cloud.keystone.url}/v3` });
  });

  it('v3 password: demo in its non-default domain, project by name + domain; token works on Swift in both regions', async () => {
    const started = Date.now();
    const token = await auth(cloud.keystone.url, byName(cloud.demo));
    assert.equal(token.authVersion, 'v3');
    assert.equal(token.user?.id, cloud.demo.id);
    assert.equal(token.user?.domain?.name, cloud.demo.domain);
    assert.equal(token.project?.id, cloud.demo.projectId);
    assert.equal(token.project?.domain?.name, cloud.demo.projectDomain);
    assert.deepEqual(token.methods, ['password']);
    assert.ok(token.auditIds.length > 0);
    assert.deepEqual(
      token.catalog.regions(),
      cloud.regions.map((r) => r.name),
    );
    const expiresIn = (token.expiresAt as Date).getTime() - started;
    assert.ok(Math.abs(expiresIn - cloud.keystone.tokenSeconds * 1000) < 10_000, `expires in ${expiresIn} ms`);
    for (const region of cloud.regions) assert.ok([200, 204].includes(await swiftAccountStatus(token, token.id, region.name)));
  });

  it('v3 password: demoDefault in Default, project by id', async () => {
    const token = await auth(`${cloud.keystone.url}/v3`, byName(cloud.demoDefault, 'id'));
    assert.equal(token.user?.id, cloud.demoDefault.id);
    assert.equal(token.project?.id, cloud.demoDefault.projectId);
    assert.equal(token.project?.domain?.id, 'default');
  });

  it('v3 unscoped: no project, no catalog', async () => {
    const token = await auth(cloud.keystone.url, { ...byName(cloud.demo), scope: 'unscoped' } as Credentials);
    assert.equal(token.project, undefined);
    assert.equal(token.catalog.endpoints.length, 0);
  });

  it('v3 domain scope (provision.py gives demo a role on its domain)', async () => {
    const demo = await auth(cloud.keystone.url, byName(cloud.demo));
    const admin = await auth(cloud.keystone.url, byName(cloud.admin));
    const domainId = demo.user?.domain?.id as string;
    const res = await http.request({
      method: 'GET',
      url: `${cloud.keystone.url}/v3/role_assignments?user.id=${cloud.demo.id}&scope.domain.id=${domainId}&effective`,
      headers: { 'x-auth-token': admin.id, accept: 'application/json' },
    });
    const { role_assignments: assignments } = await res.json<{ role_assignments: unknown[] }>();
    assert.ok(assignments.length > 0, 'the local cloud gives demo a role on its domain');

    const token = await auth(cloud.keystone.url, { ...byName(cloud.demo), scope: { domain: { name: cloud.demo.domain } } } as Credentials);
    assert.deepEqual(token.domain, { id: domainId, name: cloud.demo.domain });
    assert.equal(token.project, undefined);
  });

  it('v3 application credential, by id and by name + user', async () => {
    const app = cloud.appCredential;
    const byId = await auth(cloud.keystone.url, { kind: 'applicationCredential', id: app.id, secret: app.secret });
    const byUser = await auth(cloud.keystone.url, {
      kind: 'applicationCredential',
      name: app.name,
      user: { name: app.userName, domain: { name: app.userDomain } },
      secret: app.secret,
    });
    for (const token of [byId, byUser]) {
      assert.deepEqual(token.methods, ['application_credential']);
      assert.equal(token.project?.id, cloud.demo.projectId);
      assert.equal(token.user?.id, app.userId);
    }
  });

  it('v3 token rescope: an unscoped token exchanged for a project token', async () => {
    const unscoped = await auth(cloud.keystone.url, { ...byName(cloud.demo), scope: 'unscoped' } as Credentials);
    const scoped = await auth(cloud.keystone.url, { kind: 'token', token: unscoped.id, scope: { project: { id: cloud.demo.projectId } } });
    assert.notEqual(scoped.id, unscoped.id);
    assert.equal(scoped.project?.id, cloud.demo.projectId);
    assert.ok(scoped.methods.includes('token'));
  });

  it('v2.0 through the façade: tenantName and tenantId, discovery, object-store catalog that works on Swift', async () => {
    assert.deepEqual(await identity.discover(facade.url), { version: 'v2.0', url: `${facade.url}/v2.0` });
    const u = cloud.demoDefault;
    const byTenantName = await auth(facade.url, { kind: 'password', user: { name: u.name }, password: u.password, scope: { project: { name: u.project } } });
    const byTenantId = await auth(`${facade.url}/v2.0/`, {
      kind: 'password',
      user: { name: u.name },
      password: u.password,
      scope: { project: { id: u.projectId } },
    });
    for (const token of [byTenantName, byTenantId]) {
      assert.equal(token.authVersion, 'v2.0');
      assert.equal(token.authUrl, `${facade.url}/v2.0`);
      assert.deepEqual(token.project, { id: u.projectId, name: u.project });
      assert.deepEqual(
        token.catalog.regions(),
        cloud.regions.map((r) => r.name),
      );
      assert.ok(token.catalog.endpoint('object-store', cloud.regions[1].name, 'internal'));
      assert.ok([200, 204].includes(await swiftAccountStatus(token)));
    }
    const rescoped = await auth(facade.url, { kind: 'token', token: byTenantName.id, scope: { project: { name: u.project } } });
    assert.equal(rescoped.project?.id, u.projectId);
  });

  it('Swift v1 through TempAuth: a token, its storage URL, validation; revocation is unsupported', async () => {
    const t = cloud.tempauth;
    const token = await auth(t.authUrl, { kind: 'v1', user: t.user, key: t.key });
    assert.equal(token.authVersion, 'v1');
    assert.equal(token.storageUrl, t.storageUrl);
    assert.ok([200, 204].includes(await swiftAccountStatus(token)));
    assert.equal((await identity.validate(token)).id, token.id);
    await rejected(identity.revoke(token), ['unsupported']);
    await rejected(identity.authenticate({ authUrl: t.authUrl, credentials: { kind: 'v1', user: t.user, key: 'not-the-key' } }), ['auth']);
  });

  it('wrong password and unknown project: kind auth, naming URL and user', async () => {
    const wrong = await rejected(auth(cloud.keystone.url, { ...byName(cloud.demo), password: 'not-the-password' } as Credentials), ['auth']);
    assert.match(wrong.message, new RegExp(`${cloud.keystone.url}/v3 rejected user "demo" in domain "${cloud.demo.domain}"`));
    const project = { name: 'no-such-project', domain: { name: cloud.demo.domain } };
    await rejected(auth(cloud.keystone.url, { ...byName(cloud.demo), scope: { project } } as Credentials), ['auth']);
    const viaFacade = await rejected(auth(facade.url, { kind: 'password', user: { name: 'demo' }, password: 'not-the-password' }), ['auth']);
    assert.match(viaFacade.message, /Identity v2\.0 at .* rejected user "demo"/);
  });

  it('validates a token, its own and another one', async () => {
    const token = await auth(cloud.keystone.url, byName(cloud.demo));
    const other = await auth(cloud.keystone.url, byName(cloud.demo, 'id'));
    assert.equal((await identity.validate(token)).project?.id, cloud.demo.projectId);
    assert.equal((await identity.validate(token, other.id)).id, other.id);
  });

  it('v3 revocation: validation then fails and Swift refuses the old token', async () => {
    const token = await auth(cloud.keystone.url, byName(cloud.demo));
    const witness = await auth(cloud.keystone.url, byName(cloud.demo));
    await identity.revoke(token);
    await rejected(identity.validate(token), ['auth', 'notFound']);
    await rejected(identity.validate(witness, token.id), ['auth', 'notFound']);
    await eventuallyRefused(token);
  });

  it('v2.0 revocation through the façade: validation then fails and Swift refuses the old token', async () => {
    const u = cloud.demoDefault;
    const token = await auth(facade.url, { kind: 'password', user: { name: u.name }, password: u.password, scope: { project: { id: u.projectId } } });
    assert.equal((await identity.validate(token)).id, token.id);
    await identity.revoke(token);
    await rejected(identity.validate(token), ['auth', 'notFound']);
    await eventuallyRefused(token);
  });

  it('short-lived Keystone: the token expires shortTokenSeconds after it was issued', async () => {
    const started = Date.now();
    const token = await auth(cloud.keystone.shortLivedUrl, byName(cloud.demo));
    const lifetime = (token.expiresAt as Date).getTime() - (token.issuedAt as Date).getTime();
    assert.ok(Math.abs(lifetime - cloud.keystone.shortTokenSeconds * 1000) < 2_000, `lifetime ${lifetime} ms`);
    const left = (token.expiresAt as Date).getTime() - started;
    assert.ok(Math.abs(left - cloud.keystone.shortTokenSeconds * 1000) < 3_000, `left ${left} ms`);
  });

  it('counted every authentication, and leaked no secret into logs or errors', () => {
    assert.ok(identity.stats.authentications >= issued.length);
    const text = JSON.stringify(log) + messages.join('\n');
    const secrets = [
      ...issued,
      cloud.demo.password,
      cloud.demoDefault.password,
      cloud.appCredential.secret,
      cloud.tempauth.key,
      'not-the-password',
      'not-the-key',
    ];
    for (const secret of secrets) assert.ok(!text.includes(secret), 'a secret appears in a log line or error message');
    assert.ok(log.length > 20, 'the requests were logged');
  });
});

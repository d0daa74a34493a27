/**
 * Through a real forward proxy: Debian's tinyproxy on 127.0.0.2 with Basic authentication, in front of the local
 * cloud reached at 127.0.0.2 (front doors whose catalog points there; the editor's own resolver would go
 * direct for 127.0.0.1). The proxy's own log shows the requests; NO_PROXY makes them bypass it; each request's
 * log entry names the proxy it went through; a refused or unreachable proxy is one sentence naming the
 * setting to change, tried a bounded number of times, with nothing stored.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { networkConfigFor, proxyPasswordKey } from '../../src/auth/network';
import { tokenKey } from '../../src/auth/session';
import type { RequestLogEntry } from '../../src/openstack/http';
import { resolveProxy } from '../../src/openstack/network';
import { CloudInfo, loadCloud, regionNames } from '../support/cloud';
import { Tinyproxy, commandAvailable, freePort } from '../support/daemons';
import { makeTestCa } from '../support/tlsCerts';
import { deleteContainers, readAll, uniqueContainer } from '../support/swiftFixture';
import { MapSecrets, assertNoSecrets, cloudSecrets, names, testSession } from './faultsSupport';
import { Doors, openDoors } from '../support/frontDoor';

const HOST = '127.0.0.2';

describe('Proxies: a real tinyproxy with authentication (integration)', function () {
  this.timeout(90_000);
  let cloud: CloudInfo;
  let doors: Doors;
  let proxy: Tinyproxy;
  const password = `pw-${randomBytes(6).toString('hex')}`;
  const messages: string[] = [];
  const logs: RequestLogEntry[] = [];

  before(async function () {
    if (!commandAvailable('tinyproxy')) throw new Error('tinyproxy is not installed: bash scripts/cloud/install.sh installs it');
    cloud = loadCloud();
    doors = await openDoors(cloud, undefined, HOST);
    proxy = await Tinyproxy.start({ host: HOST, user: 'alice', password });
  });

  after(async () => {
    await doors?.close();
    await proxy?.stop();
  });

  const proxiedTo = (url: string) => proxy.requests().filter((r) => r.includes(new URL(url).host));

  it('http.proxy with the user in the URL: sign-in, both regions, upload and download all go through the proxy, and the log says so', async () => {
    const log: RequestLogEntry[] = [];
    const editorProxy = `http://alice:${password}@${HOST}:${proxy.port}`;
    const t = testSession({ authUrl: doors.authUrl, user: cloud.demo, log, http: { network: { proxy: resolveProxy(undefined, { proxy: editorProxy }, {}) } } });
    const before = proxy.requests().length;
    const swift = await t.session.swift('RegionOne');
    const container = uniqueContainer('proxy');
    try {
      await swift.createContainer(container);
      const data = randomBytes(100_000);
      await swift.putObject(container, 'through the proxy ☂.bin', data);
      assert.ok((await readAll((await swift.getObject(container, 'through the proxy ☂.bin')).body)).equals(data));
      assert.deepEqual(names(await t.tree.model.children(await t.tree.profileNode())), regionNames(cloud));
      assert.ok((await t.tree.children(await t.tree.region('RegionTwo'))).length > 0);
      const seen = proxy.requests().slice(before);
      assert.ok(seen.includes(`POST ${doors.authUrl}/auth/tokens`), `the proxy saw the sign-in: ${seen.join(' | ')}`);
      assert.ok(
        seen.some((r) => r.startsWith(`PUT ${doors.swift[0].url}/v1/AUTH_`) && r.endsWith(`/${container}`)),
        'the proxy saw the container made',
      );
      assert.ok(
        seen.some((r) => r.startsWith(`GET ${doors.swift[0].url}/v1/AUTH_`) && r.includes('through%20the%20proxy')),
        'the proxy saw the download',
      );
      assert.ok(proxiedTo(doors.swift[1].url).length > 0, 'the proxy saw RegionTwo');
      assert.ok(log.length > 4);
      for (const entry of log) assert.equal(entry.proxy, `http://${HOST}:${proxy.port}`, `${entry.method} ${entry.url} says it went through the proxy`);
      logs.push(...log);
    } finally {
      await deleteContainers(swift, [container]);
      await t.http.close();
    }
  });

  it("a profile's own proxy names the user; its password comes from secret storage, never from settings", async () => {
    const secrets = new MapSecrets();
    const log: RequestLogEntry[] = [];
    const profileProxy = `http://alice@${HOST}:${proxy.port}`;
    await secrets.store(proxyPasswordKey('proxied'), password);
    const t = testSession({ authUrl: doors.authUrl, user: cloud.demo, log, id: 'proxied' });
    const network = networkConfigFor({ ...t.profile, proxy: profileProxy }, { proxy: 'http://127.0.0.2:9' }, {}, secrets);
    const u = testSession({ authUrl: doors.authUrl, user: cloud.demo, log, id: 'proxied', http: { network } });
    const before = proxy.requests().length;
    try {
      await u.session.token();
      assert.ok(proxy.requests().slice(before).includes(`POST ${doors.authUrl}/auth/tokens`), 'the profile proxy was used, not the editor one');
      assert.ok(log.every((e) => e.proxy === `http://${HOST}:${proxy.port}`));
      logs.push(...log);
    } finally {
      await t.http.close();
      await u.http.close();
    }
  });

  it('HTTPS_PROXY/HTTP_PROXY with http.proxyAuthorization, and NO_PROXY sending one host (by host:port) direct', async () => {
    const log: RequestLogEntry[] = [];
    const keystoneHost = new URL(doors.keystone.url).host;
    const env = { HTTP_PROXY: `http://${HOST}:${proxy.port}`, HTTPS_PROXY: `http://${HOST}:${proxy.port}`, NO_PROXY: `example.invalid,${keystoneHost}` };
    const authorization = `Basic ${Buffer.from(`alice:${password}`).toString('base64')}`;
    const t = testSession({ authUrl: doors.authUrl, user: cloud.demo, log, http: { network: { proxy: resolveProxy(undefined, { authorization }, env) } } });
    const before = proxy.requests().length;
    try {
      const swift = await t.session.swift('RegionOne');
      await swift.headAccount();
      const seen = proxy.requests().slice(before);
      assert.ok(!seen.some((r) => r.includes(keystoneHost)), `Keystone went direct: ${seen.join(' | ')}`);
      assert.ok(
        seen.some((r) => r.startsWith(`HEAD ${doors.swift[0].url}/v1/AUTH_`)),
        `Swift went through the proxy: ${seen.join(' | ')}`,
      );
      const auth = log.find((e) => e.url.endsWith('/auth/tokens'));
      assert.ok(auth && auth.proxy === undefined, 'the sign-in is logged as direct');
      assert.equal(log.find((e) => e.url.includes('/v1/AUTH_'))?.proxy, `http://${HOST}:${proxy.port}`);
      logs.push(...log);
    } finally {
      await t.http.close();
    }
  });

  it('NO_PROXY naming the address sends everything direct: the proxy sees nothing', async () => {
    const log: RequestLogEntry[] = [];
    const env = { https_proxy: `http://${HOST}:${proxy.port}`, http_proxy: `http://${HOST}:${proxy.port}`, no_proxy: HOST };
    const t = testSession({ authUrl: doors.authUrl, user: cloud.demo, log, http: { network: { proxy: resolveProxy(undefined, {}, env) } } });
    const before = proxy.requests().length;
    try {
      const swift = await t.session.swift('RegionOne');
      await swift.headAccount();
      assert.deepEqual(proxy.requests().slice(before), []);
      assert.ok(log.length >= 2 && log.every((e) => e.proxy === undefined));
    } finally {
      await t.http.close();
    }
  });

  it('a proxy asking for credentials it was not given (407): one sentence naming the settings, not retried, nothing stored', async () => {
    const log: RequestLogEntry[] = [];
    const t = testSession({
      authUrl: doors.authUrl,
      user: cloud.demo,
      log,
      http: { network: { proxy: resolveProxy(undefined, { proxy: `http://${HOST}:${proxy.port}` }, {}) } },
    });
    const before = proxy.log().length;
    const keystoneBefore = doors.keystone.requests.length;
    try {
      await assert.rejects(t.session.token(), (e: Error & { kind?: string }) => {
        messages.push(e.message);
        assert.equal(e.kind, 'network', e.message);
        assert.match(
          e.message,
          /^The proxy http:\/\/127\.0\.0\.2:\d+ refused its credentials \(407 Proxy Authentication Required\) for identity \(POST http:\/\/127\.0\.0\.2:\d+\/v3\/auth\/tokens\): check the proxy user and "Set Proxy Password…" or "http\.proxyAuthorization" \(from the "http\.proxy" setting\)\.$/,
        );
        return true;
      });
      assert.equal(t.identity.stats.authentications, 1, 'asked once');
      assert.equal(doors.keystone.requests.length, keystoneBefore, 'nothing reached Keystone');
      assert.equal(
        (
          proxy
            .log()
            .slice(before)
            .match(/Request \(file descriptor/g) ?? []
        ).length,
        1,
        'the proxy was asked once',
      );
      assert.equal(await t.secrets.get(tokenKey(t.profile.id)), undefined, 'no token stored');
      logs.push(...log);
    } finally {
      await t.http.close();
    }
  });

  it('https through CONNECT: the tunnel carries TLS end to end; wrong credentials are refused in one sentence', async () => {
    const ca = makeTestCa();
    const tlsDoors = await openDoors(cloud, ca.server, HOST);
    const log: RequestLogEntry[] = [];
    const network = (user: string) => ({
      proxy: resolveProxy(undefined, { proxy: `http://${user}@${HOST}:${proxy.port}` }, {}),
      tls: { caFiles: [ca.caFile] },
    });
    const t = testSession({ authUrl: tlsDoors.authUrl, user: cloud.demo, log, http: { network: network(`alice:${password}`) } });
    const wrong = testSession({ authUrl: tlsDoors.authUrl, user: cloud.demo, http: { network: network(`alice:not-${password}`) } });
    const before = proxy.requests().length;
    try {
      const swift = await t.session.swift('RegionOne');
      await swift.headAccount();
      const seen = proxy.requests().slice(before);
      assert.ok(seen.includes(`CONNECT ${new URL(tlsDoors.keystone.url).host}`), `a tunnel to Keystone: ${seen.join(' | ')}`);
      assert.ok(seen.includes(`CONNECT ${new URL(tlsDoors.swift[0].url).host}`), 'a tunnel to Swift');
      assert.ok(!seen.some((r) => r.includes('/v3/')), 'the proxy never saw a path: TLS inside the tunnel');
      assert.ok(log.every((e) => e.proxy === `http://${HOST}:${proxy.port}` && e.url.startsWith('https://')));
      await assert.rejects(wrong.session.token(), (e: Error & { kind?: string }) => {
        messages.push(e.message);
        assert.equal(e.kind, 'network', e.message);
        assert.match(
          e.message,
          /^The proxy http:\/\/127\.0\.0\.2:\d+ refused its credentials \(HTTP 401\) for identity \(POST https:\/\/127\.0\.0\.2:\d+\/v3\/auth\/tokens\): check the proxy user/,
        );
        return true;
      });
      assert.equal(wrong.identity.stats.authentications, 1);
      assert.equal(await wrong.secrets.get(tokenKey(wrong.profile.id)), undefined);
    } finally {
      await t.http.close();
      await wrong.http.close();
      await tlsDoors.close();
      ca.remove();
    }
  });

  it('an unreachable proxy: one sentence naming the proxy and the variable to change, a bounded number of tries', async () => {
    const dead = await freePort(HOST);
    const t = testSession({
      authUrl: doors.authUrl,
      user: cloud.demo,
      http: { network: { proxy: resolveProxy(undefined, {}, { HTTP_PROXY: `http://${HOST}:${dead}` }) } },
    });
    try {
      await assert.rejects(t.session.swift('RegionOne'), (e: Error & { kind?: string }) => {
        messages.push(e.message);
        assert.equal(e.kind, 'network');
        assert.equal(
          e.message,
          `Cannot reach the proxy http://${HOST}:${dead} (connection refused) for identity (POST ${doors.authUrl}/auth/tokens): check the HTTP_PROXY environment variable.`,
        );
        return true;
      });
      assert.equal(t.identity.stats.authentications, 1);
      assert.equal(await t.secrets.get(tokenKey(t.profile.id)), undefined);
    } finally {
      await t.http.close();
    }
  });

  it('said nothing secret: neither the proxy password nor the cloud’s secrets in messages or log entries', () => {
    assert.ok(messages.length >= 2 && logs.length > 6);
    const text = `${messages.join('\n')}\n${logs.map((e) => JSON.stringify(e)).join('\n')}`;
    assertNoSecrets(text, [...cloudSecrets(cloud), password], 'a proxy message or log entry');
    assert.ok(!text.includes(Buffer.from(`alice:${password}`).toString('base64')), 'no Proxy-Authorization value');
  });
});

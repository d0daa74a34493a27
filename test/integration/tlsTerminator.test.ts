/**
 * The local cloud behind a real TLS terminator: Debian's haproxy on 127.0.0.2 with a CA made by the test, one
 * set of listeners that requires a client certificate from that CA (Keystone's catalog rewritten to the HTTPS
 * listeners by a front door behind haproxy). Sign-in, listing, upload and download over HTTPS, with and
 * without a client certificate (an encrypted key, its passphrase from secret storage); pasted curl commands
 * that work as copied; and each bad certificate as one sentence naming the setting, with nothing stored.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyPassphraseKey, networkConfigFor } from '../../src/auth/network';
import { tokenKey } from '../../src/auth/session';
import { CurlCommand, curlGetObject, curlListObjects, curlNetwork, curlPutObject } from '../../src/openstack/curl';
import type { NetworkConfig } from '../../src/openstack/network';
import { resolveProxy } from '../../src/openstack/network';
import { CloudInfo, loadCloud, regionNames } from '../support/cloud';
import { Haproxy, Tinyproxy, commandAvailable, freePort } from '../support/daemons';
import { FrontDoor } from '../support/frontDoor';
import { deleteContainers, readAll, uniqueContainer } from '../support/swiftFixture';
import { NetworkCerts, TestCa, makeNetworkCerts, makeTestCa } from '../support/tlsCerts';
import { MapSecrets, assertNoSecrets, cloudSecrets, names, testSession } from './faultsSupport';

const HOST = '127.0.0.2';

/** Runs a command's pasted text in bash, with nothing from our environment but PATH. */
function bash(command: CurlCommand, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['--norc', '--noprofile', '-c', command.text], { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('TLS terminated by a real haproxy, one listener requiring a client certificate (integration)', function () {
  this.timeout(90_000);
  let cloud: CloudInfo;
  let ca: TestCa;
  let certs: NetworkCerts;
  let haproxy: Haproxy;
  const doors: FrontDoor[] = [];
  /** Auth URLs: plain TLS, client certificate required, and the broken server certificates. */
  const auth = { tls: '', mtls: '', expired: '', selfSigned: '', wrongName: '' };
  const messages: string[] = [];

  before(async function () {
    for (const command of ['haproxy', 'openssl', 'curl'])
      if (!commandAvailable(command)) throw new Error(`${command} is not installed: bash scripts/cloud/install.sh installs it`);
    cloud = loadCloud();
    ca = makeTestCa();
    certs = makeNetworkCerts(ca);
    const port = async () => freePort(HOST);
    const sets = {
      tls: { keystone: await port(), swift: [await port(), await port()] },
      mtls: { keystone: await port(), swift: [await port(), await port()] },
    };
    const keystoneDoor = async (set: { keystone: number; swift: number[] }) => {
      const door = await FrontDoor.start({
        upstream: cloud.keystone.url,
        rewrite: () => [
          [`${cloud.keystone.url}/`, `https://${HOST}:${set.keystone}/`],
          ...cloud.regions.map((r, i): [string, string] => [`${r.swiftUrl}/`, `https://${HOST}:${set.swift[i]}/`]),
        ],
      });
      doors.push(door);
      return door.url;
    };
    const plain = await keystoneDoor(sets.tls);
    const mutual = await keystoneDoor(sets.mtls);
    const crt = certs.serverPem;
    const started = await Haproxy.start([
      { host: HOST, port: sets.tls.keystone, upstream: plain, certKeyFile: crt },
      ...cloud.regions.map((r, i) => ({ host: HOST, port: sets.tls.swift[i], upstream: r.swiftUrl, certKeyFile: crt })),
      { host: HOST, port: sets.mtls.keystone, upstream: mutual, certKeyFile: crt, clientCaFile: ca.caFile },
      ...cloud.regions.map((r, i) => ({ host: HOST, port: sets.mtls.swift[i], upstream: r.swiftUrl, certKeyFile: crt, clientCaFile: ca.caFile })),
      { host: HOST, upstream: plain, certKeyFile: certs.expiredPem },
      { host: HOST, upstream: plain, certKeyFile: certs.selfSignedPem },
      { host: HOST, upstream: plain, certKeyFile: certs.wrongNamePem },
    ]);
    haproxy = started.haproxy;
    const [expired, selfSigned, wrongName] = started.listeners.slice(-3).map((l) => `https://${HOST}:${l.port}/v3`);
    Object.assign(auth, { tls: `https://${HOST}:${sets.tls.keystone}/v3`, mtls: `https://${HOST}:${sets.mtls.keystone}/v3`, expired, selfSigned, wrongName });
  });

  after(async () => {
    await haproxy?.stop();
    for (const door of doors) await door.close();
    ca?.remove();
  });

  /** A session over haproxy whose network config comes from a profile the way the extension builds it. */
  const session = async (authUrl: string, fields: { clientCertFile?: string; clientKeyFile?: string; caFile?: string; passphrase?: string } = {}) => {
    const secrets = new MapSecrets();
    if (fields.passphrase) await secrets.store(keyPassphraseKey('haproxy'), fields.passphrase);
    const base = testSession({ authUrl, user: cloud.demo, id: 'haproxy' });
    await base.http.close();
    const network = networkConfigFor({ ...base.profile, caFile: ca.caFile, ...fields }, { systemCertificates: true }, {}, secrets);
    return testSession({ authUrl, user: cloud.demo, id: 'haproxy', http: { network } });
  };

  const roundTrip = async (authUrl: string, fields: Parameters<typeof session>[1] = {}) => {
    const t = await session(authUrl, fields);
    const swift = await t.session.swift('RegionOne');
    const container = uniqueContainer('haproxy');
    try {
      assert.match(swift.storageUrl, /^https:\/\/127\.0\.0\.2:\d+\/v1\/AUTH_/);
      await swift.createContainer(container);
      const data = randomBytes(300_000);
      await swift.putObject(container, 'über TLS.bin', data);
      assert.ok((await readAll((await swift.getObject(container, 'über TLS.bin')).body)).equals(data));
      assert.deepEqual(names(await t.tree.model.children(await t.tree.profileNode())), regionNames(cloud));
      assert.deepEqual(await t.tree.loadAll(await t.tree.container('RegionOne', container)), ['über TLS.bin']);
      assert.ok((await t.tree.children(await t.tree.region('RegionTwo'))).length > 0, 'RegionTwo listed over TLS');
    } finally {
      await deleteContainers(swift, [container]);
      await t.http.close();
    }
  };

  it("over haproxy with the profile's CA file (the OS store trusted too): sign-in, both regions, listing, upload, download", async () => {
    await roundTrip(auth.tls);
  });

  it("the listener requiring a client certificate: the profile's certificate, its encrypted key's passphrase from secret storage", async () => {
    await roundTrip(auth.mtls, { clientCertFile: certs.client.certFile, clientKeyFile: certs.client.encryptedKeyFile, passphrase: certs.client.passphrase });
  });

  /** Signs in and expects one sentence; nothing stored, one attempt. */
  const refused = async (authUrl: string, fields: Parameters<typeof session>[1], pattern: RegExp) => {
    const t = await session(authUrl, fields);
    try {
      await assert.rejects(t.session.token(), (e: Error & { kind?: string }) => {
        messages.push(e.message);
        assert.match(e.message, pattern);
        assert.ok(!e.message.includes('\n'), 'one line');
        return true;
      });
      assert.equal(t.identity.stats.authentications, 1, 'not retried');
      assert.equal(await t.secrets.get(tokenKey(t.profile.id)), undefined, 'nothing stored');
    } finally {
      await t.http.close();
    }
  };
  const CLIENT_REFUSED =
    /^The server of identity \(POST https:\/\/127\.0\.0\.2:\d+\/v3\/auth\/tokens\) refused the connection at the TLS handshake \(ERR_SSL_\w+\): it wants a client certificate it accepts; set the profile's "clientCertFile" and "clientKeyFile"/;

  it('no client certificate where one is required: one sentence naming clientCertFile, nothing stored', async () => {
    await refused(auth.mtls, {}, CLIENT_REFUSED);
  });

  it('a client certificate from another CA: the same sentence', async () => {
    await refused(auth.mtls, { clientCertFile: certs.strangerClient.certFile, clientKeyFile: certs.strangerClient.keyFile }, CLIENT_REFUSED);
  });

  it('a wrong key passphrase: one sentence naming Set Client Key Passphrase…, nothing sent', async () => {
    await refused(
      auth.mtls,
      { clientCertFile: certs.client.certFile, clientKeyFile: certs.client.encryptedKeyFile, passphrase: 'not the passphrase' },
      /^The client certificate's key cannot be read \(\w+\) for identity \(POST https:\/\/127\.0\.0\.2:\d+\/v3\/auth\/tokens\): a wrong or missing passphrase \("Set Client Key Passphrase…"\)/,
    );
  });

  it('an expired server certificate, a self-signed one, one for another name: one sentence each naming what to change', async () => {
    await refused(auth.expired, {}, /is not trusted \(CERT_HAS_EXPIRED\): it has expired; the server must renew it/);
    await refused(
      auth.selfSigned,
      {},
      /is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\): it is self-signed or signed by an unknown CA; set the profile's "caFile"/,
    );
    await refused(
      auth.wrongName,
      {},
      /is not trusted \(ERR_TLS_CERT_ALTNAME_INVALID\): it was issued for another name; use the name it was issued for in the profile's "authUrl"/,
    );
  });

  it('copied curl commands work as pasted over HTTPS with a client certificate (--cacert, --cert/--key) and through a proxy (--proxy)', async () => {
    const work = mkdtempSync(join(tmpdir(), 'oss-curl-tls-'));
    const proxy = await Tinyproxy.start({ host: HOST });
    const t = await session(auth.mtls, { clientCertFile: certs.client.certFile, clientKeyFile: certs.client.keyFile });
    const swift = await t.session.swift('RegionOne');
    const container = uniqueContainer('curl-tls');
    try {
      await swift.createContainer(container);
      const token = (await t.session.token()).id;
      const { network, proxy: via } = await t.http.networkFor(swift.storageUrl);
      const curlToken = { mode: 'env' as const, token, network: curlNetwork(network, via) };
      const upload = curlPutObject({ storageUrl: swift.storageUrl, container, name: 'from curl', token: curlToken, localFile: 'local.txt' });
      assert.match(upload.text, /--cacert \S+ca\.pem --cert \S+client\.pem --key \S+client\.key /);
      writeFileSync(join(work, 'local.txt'), 'sent by curl over mutual TLS\n');
      const put = await bash(upload, work);
      assert.equal(put.code, 0, put.stderr);
      const listed = await bash(curlListObjects({ storageUrl: swift.storageUrl, container, token: curlToken }), work);
      assert.equal(listed.code, 0, listed.stderr);
      assert.deepEqual(
        (JSON.parse(listed.stdout) as Array<{ name: string }>).map((o) => o.name),
        ['from curl'],
      );

      // The same through a proxy: the command names it, and the proxy's log shows curl's tunnel.
      const proxied: NetworkConfig = { ...network, proxy: resolveProxy(undefined, { proxy: proxy.url }, {}) };
      const download = curlGetObject({
        storageUrl: swift.storageUrl,
        container,
        name: 'from curl',
        token: { ...curlToken, network: curlNetwork(proxied, proxy.url) },
        outputFile: 'back.txt',
      });
      assert.match(download.text, new RegExp(`--proxy http://${HOST.replace(/\./g, '\\.')}:${proxy.port} `));
      const got = await bash(download, work);
      assert.equal(got.code, 0, got.stderr);
      assert.equal(readFileSync(join(work, 'back.txt'), 'utf8'), 'sent by curl over mutual TLS\n');
      assert.ok(proxy.requests().includes(`CONNECT ${new URL(swift.storageUrl).host}`), proxy.requests().join(' | '));

      // Without the client certificate the same command fails: the options are what makes it work.
      const bare = curlListObjects({ storageUrl: swift.storageUrl, container, token: { mode: 'env', token, network: { caFile: ca.caFile } } });
      assert.notEqual((await bash(bare, work)).code, 0);
      assertNoSecrets(`${upload.text.replace(token, '')}${download.text.replace(token, '')}`, cloudSecrets(cloud), 'a curl command');
    } finally {
      await deleteContainers(swift, [container]);
      await t.http.close();
      await proxy.stop();
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('said nothing secret', () => {
    assert.ok(messages.length >= 6);
    assertNoSecrets(
      messages.join('\n'),
      [...cloudSecrets(cloud), certs.client.passphrase, readFileSync(certs.client.keyFile, 'utf8').split('\n')[1]],
      'a TLS message',
    );
  });
});

/**
 * The local cloud served over HTTPS: TLS front doors (test/support/frontDoor.ts) with a certificate from a
 * CA the test makes with openssl, in front of the real Keystone and both real Swift proxies (Keystone's
 * catalog rewritten to the HTTPS Swift doors). The client refuses the unknown CA by default with a message
 * that says what to do; trusts it with the profile's CA file (sign-in, listings, upload and download);
 * goes without verification only when `insecure` is exactly true; and refuses a certificate for another
 * name even with the right CA.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isOpenStackError } from '../../src/openstack/errors';
import { HttpClient } from '../../src/openstack/http';
import { CloudInfo, loadCloud, regionNames } from '../support/cloud';
import { Doors, FrontDoor, openDoors } from '../support/frontDoor';
import { TestCa, makeTestCa, opensslAvailable } from '../support/tlsCerts';
import { assertNoSecrets, cloudSecrets, names, testSession } from './faultsSupport';
import { deleteContainers, readAll, uniqueContainer } from '../support/swiftFixture';
import { recordedHttpClient } from '../support/recordedHttp';

describe('TLS with a CA made by the test (integration)', function () {
  this.timeout(60_000);
  let cloud: CloudInfo;
  let ca: TestCa;
  let doors: Doors;
  const messages: string[] = [];

  before(function () {
    if (!opensslAvailable()) {
      console.log('      (the openssl CLI is not installed: skipped)');
      this.skip();
    }
    cloud = loadCloud();
    ca = makeTestCa();
  });

  before(async () => {
    doors = await openDoors(cloud, ca.server);
    assert.match(doors.authUrl, /^https:\/\/127\.0\.0\.1:\d+\/v3$/);
  });

  after(async () => {
    await doors?.close();
    ca?.remove();
  });

  it('refuses the unknown CA by default: one clear sentence saying what to do, nothing sent', async () => {
    const t = testSession({ authUrl: doors.authUrl, user: cloud.demo });
    try {
      const profile = await t.tree.profileNode();
      const error = (await t.tree.shownError(profile)) as Error & { kind?: string };
      assert.ok(error, 'the profile shows an error');
      messages.push(error.message);
      assert.equal(error.kind, 'network');
      assert.match(
        error.message,
        /^TLS certificate of identity \(POST https:\/\/127\.0\.0\.1:\d+\/v3\/auth\/tokens\) is not trusted \((SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\): it is self-signed or signed by an unknown CA; set the profile's "caFile" \(or OS_CACERT\) to that CA, turn on "http\.systemCertificates" if the system trusts it, or enable "insecure" if you accept the risk\.$/,
      );
      assert.equal(doors.keystone.requests.length, 0, 'no request (and no password) went over the untrusted connection');
      assert.equal(t.identity.stats.authentications, 1, 'not retried');
    } finally {
      await t.http.close();
    }
  });

  it("trusts it with the profile's CA file: sign-in, both regions, a listing, an upload and a download over HTTPS", async () => {
    const t = testSession({ authUrl: doors.authUrl, user: cloud.demo, http: { caFile: ca.caFile } });
    const container = uniqueContainer('tls');
    const swift = await t.session.swift('RegionOne');
    try {
      assert.match(swift.storageUrl, /^https:\/\/127\.0\.0\.1:\d+\/v1\/AUTH_/);
      await swift.createContainer(container);
      const data = randomBytes(200_000);
      await swift.putObject(container, 'over TLS ☀.bin', data);
      assert.ok((await readAll((await swift.getObject(container, 'over TLS ☀.bin')).body)).equals(data));
      assert.deepEqual(names(await t.tree.model.children(await t.tree.profileNode())), regionNames(cloud));
      const node = await t.tree.container('RegionOne', container);
      assert.deepEqual(await t.tree.loadAll(node), ['over TLS ☀.bin']);
      assert.ok((await t.tree.children(await t.tree.region('RegionTwo'))).length > 0);
      assert.ok(doors.swift[0].requests.length > 0 && doors.swift[1].requests.length > 0, 'both regions were reached through TLS');
    } finally {
      await deleteContainers(swift, [container]);
      await t.http.close();
    }
  });

  it('skips verification only when "insecure" is exactly true', async () => {
    const url = `${doors.keystone.url}/v3`;
    const ask = async (options: ConstructorParameters<typeof HttpClient>[0]) => {
      const http = recordedHttpClient({ ...options, retry: { maxRetries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 } });
      try {
        const response = await http.request({ method: 'GET', url, service: 'identity' });
        await response.dump();
        return 'answered';
      } catch (e) {
        assert.ok(isOpenStackError(e, 'network'), String(e));
        messages.push(e.message);
        return 'refused';
      } finally {
        await http.close();
      }
    };
    assert.equal(await ask({}), 'refused');
    assert.equal(await ask({ insecure: false }), 'refused');
    for (const notTrue of ['false', 'true', 1, 'yes']) {
      assert.equal(await ask({ insecure: notTrue as never }), 'refused', `insecure: ${JSON.stringify(notTrue)} turned verification off`);
    }
    assert.equal(await ask({ insecure: true }), 'answered');
    assert.equal(await ask({ caFile: ca.caFile }), 'answered');
  });

  it('refuses a certificate for another name even when its CA is trusted', async () => {
    const wrong = await FrontDoor.start({ upstream: cloud.keystone.url, tls: ca.wrongName });
    const http = recordedHttpClient({ caFile: ca.caFile, retry: { maxRetries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 } });
    try {
      await assert.rejects(http.request({ method: 'GET', url: `${wrong.url}/v3`, service: 'identity' }), (e: unknown) => {
        assert.ok(isOpenStackError(e, 'network'), String(e));
        messages.push(e.message);
        assert.match(e.message, /^TLS certificate of identity \(GET https:\/\/127\.0\.0\.1:\d+\/v3\) is not trusted \(ERR_TLS_CERT_ALTNAME_INVALID\)/);
        return true;
      });
      assert.equal(wrong.requests.length, 0);
    } finally {
      await http.close();
      await wrong.close();
    }
  });

  it('explains a CA file that is not a certificate', async () => {
    const bogus = join(ca.dir, 'not-a-ca.pem');
    writeFileSync(bogus, 'this is not PEM\n');
    const t = testSession({ authUrl: doors.authUrl, user: cloud.demo, http: { caFile: bogus } });
    try {
      await assert.rejects(t.session.token(), (e: unknown) => {
        assert.ok(isOpenStackError(e), String(e));
        messages.push(e.message);
        assert.match(e.message, /TLS certificate of identity .* is not trusted|CA file/);
        return true;
      });
    } finally {
      await t.http.close();
    }
  });

  it('said nothing secret', () => {
    assertNoSecrets(messages.join('\n'), cloudSecrets(cloud), 'a TLS error message');
    assert.ok(messages.length >= 8);
  });
});

/**
 * TLS verification of the HttpClient against an HTTPS server on the loopback, with a CA the test makes (openssl
 * CLI): the unknown CA is refused by default, trusted through the caFile option or the network config's CA files,
 * skipped only for an explicit `insecure: true`; a certificate for another name is refused even with the right CA;
 * a server that wants a client certificate gets the configured one, and one that does not get it is explained by
 * its TLS alert. Fast: the certificates are made once, and nothing waits for a timeout.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { isOpenStackError } from '../../../src/openstack/errors';
import { HttpClient, type HttpClientOptions } from '../../../src/openstack/http';
import { type NetworkCerts, type TestCa, makeNetworkCerts, makeTestCa, opensslAvailable } from '../../support/tlsCerts';

describe('HttpClient: TLS verification against a loopback HTTPS server', function () {
  this.timeout(30_000);
  let ca: TestCa;
  let certs: NetworkCerts;
  const servers: https.Server[] = [];

  before(function () {
    if (!opensslAvailable()) {
      console.log('      (the openssl CLI is not installed: skipped)');
      this.skip();
    }
    ca = makeTestCa();
    certs = makeNetworkCerts(ca);
  });
  after(() => ca?.remove());
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });

  async function serve(options: https.ServerOptions): Promise<string> {
    const server = https.createServer(options, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('hello over TLS');
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return `https://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
  }

  /** GET (retried through the RetryAgent) and POST (the plain agent) of `url` with a fresh client; the text, or the error. */
  async function fetchBoth(url: string, options: HttpClientOptions): Promise<string[]> {
    const http = new HttpClient({ ...options, retry: { maxRetries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 } });
    try {
      const out: string[] = [];
      for (const method of ['GET', 'POST']) {
        out.push(
          await http.request({ method, url, service: 'test' }).then(
            (r) => r.text(),
            (e: unknown) => (isOpenStackError(e) ? `${e.kind}: ${e.message}` : `other: ${String(e)}`),
          ),
        );
      }
      return out;
    } finally {
      await http.close();
    }
  }

  it('refuses a certificate from an unknown CA by default, and when insecure is anything but true', async () => {
    const url = await serve(ca.server);
    for (const options of [
      {},
      { insecure: false },
      { insecure: 'true' as unknown as boolean },
      { network: { tls: { insecure: 'yes' as unknown as boolean } } },
    ]) {
      for (const got of await fetchBoth(url, options)) {
        assert.match(got, /^network: TLS certificate of test \((GET|POST) https:\/\/127\.0\.0\.1:\d+\/x\) is not trusted \(/, JSON.stringify(options));
      }
    }
  });

  it('trusts the CA through the caFile option or the network config’s CA files, alongside Node’s roots', async () => {
    const url = await serve(ca.server);
    assert.deepEqual(await fetchBoth(url, { caFile: ca.caFile }), ['hello over TLS', 'hello over TLS']);
    assert.deepEqual(await fetchBoth(url, { network: { tls: { caFiles: [ca.caFile] } } }), ['hello over TLS', 'hello over TLS']);
    assert.deepEqual(await fetchBoth(url, { network: async () => ({ tls: { caFiles: ['', ca.caFile] } }) }), ['hello over TLS', 'hello over TLS']);
  });

  it('skips verification only for an explicit insecure: true (the option or the network config)', async () => {
    const url = await serve(ca.wrongName);
    assert.deepEqual(await fetchBoth(url, { insecure: true }), ['hello over TLS', 'hello over TLS']);
    assert.deepEqual(await fetchBoth(url, { network: { tls: { insecure: true } } }), ['hello over TLS', 'hello over TLS']);
  });

  it('refuses a certificate for another name even with the right CA', async () => {
    const url = await serve(ca.wrongName);
    for (const got of await fetchBoth(url, { caFile: ca.caFile }))
      assert.match(got, /^network: TLS certificate of test .* is not trusted \(ERR_TLS_CERT_ALTNAME_INVALID\)/);
  });

  it('shows the configured client certificate (encrypted key and passphrase too) to a server that wants one', async () => {
    const url = await serve({ ...ca.server, ca: readFileSync(ca.caFile), requestCert: true, rejectUnauthorized: true });
    const client = { certFile: certs.client.certFile, keyFile: certs.client.keyFile, source: 'the test' };
    assert.deepEqual(await fetchBoth(url, { caFile: ca.caFile, network: { tls: { clientCertificate: client } } }), ['hello over TLS', 'hello over TLS']);
    const encrypted = { ...client, keyFile: certs.client.encryptedKeyFile, passphrase: certs.client.passphrase };
    assert.deepEqual(await fetchBoth(url, { caFile: ca.caFile, network: { tls: { clientCertificate: encrypted } } }), ['hello over TLS', 'hello over TLS']);
  });

  it('explains a server’s refusal of a missing client certificate by its TLS alert', async () => {
    const url = await serve({ ...ca.server, ca: readFileSync(ca.caFile), requestCert: true, rejectUnauthorized: true });
    for (const got of await fetchBoth(url, { caFile: ca.caFile })) {
      assert.match(
        got,
        /^network: The server of test \((GET|POST) https:\/\/127\.0\.0\.1:\d+\/x\) refused the connection at the TLS handshake \(ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED\)/,
      );
    }
  });
});

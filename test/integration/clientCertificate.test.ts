/**
 * TLS client certificates (clouds.yaml `cert`/`key`, OS_CERT/OS_KEY): an HTTPS server on 127.0.0.1 that
 * demands a certificate signed by the test's CA lets the client in with the profile's certFile/keyFile (or one
 * PEM file holding both) and refuses it without one. CA and certificates come from test/support/tlsCerts.ts (openssl).
 */
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { recordedHttpClient } from '../support/recordedHttp';
import { isOpenStackError } from '../../src/openstack/errors';
import { TestCa, makeNetworkCerts, makeTestCa, opensslAvailable } from '../support/tlsCerts';

describe('TLS client certificates (integration)', function () {
  this.timeout(30_000);
  let ca: TestCa;
  let server: Server;
  let url: string;
  let certFile: string;
  let keyFile: string;
  let bothFile: string;
  const seen: string[] = [];

  before(async function () {
    if (!opensslAvailable()) {
      console.log('      (the openssl CLI is not installed: skipped)');
      this.skip();
    }
    ca = makeTestCa();
    ({ certFile, keyFile } = makeNetworkCerts(ca).client);
    bothFile = join(ca.dir, 'client-both.pem');
    writeFileSync(bothFile, readFileSync(certFile, 'utf8') + readFileSync(keyFile, 'utf8'));
    server = createServer({ ...ca.server, ca: readFileSync(ca.caFile), requestCert: true, rejectUnauthorized: true }, (req, res) => {
      const peer = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
      seen.push(String(peer.subject?.CN ?? ''));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    ca?.remove();
  });

  /** A client presenting `certFile` (and `keyFile`, else the same file: one PEM holding both), as a profile's would. */
  function client(options: { certFile?: string; keyFile?: string }) {
    const clientCertificate = options.certFile ? { certFile: options.certFile, keyFile: options.keyFile ?? options.certFile, source: 'the test' } : undefined;
    return recordedHttpClient({
      caFile: ca.caFile,
      retry: { maxRetries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 },
      network: { tls: { ...(clientCertificate ? { clientCertificate } : {}) } },
    });
  }

  async function get(options: { certFile?: string; keyFile?: string }) {
    const http = client(options);
    try {
      const res = await http.request({ method: 'GET', url, service: 'identity' });
      return await res.json();
    } finally {
      await http.close();
    }
  }

  it('presents the certificate and key of the profile, or one PEM file holding both', async () => {
    assert.deepEqual(await get({ certFile, keyFile }), { ok: true });
    assert.deepEqual(await get({ certFile: bothFile }), { ok: true });
    assert.deepEqual(seen, ['client', 'client']);
  });

  it('without one the server refuses the connection; an unreadable file is one sentence', async () => {
    await assert.rejects(get({}), (e: unknown) => isOpenStackError(e) && e.kind === 'network');
    await assert.rejects(
      get({ certFile: join(ca.dir, 'missing.pem') }),
      (e: unknown) => isOpenStackError(e) && /^Cannot read the client certificate .*missing\.pem/.test(e.message),
    );
  });
});

// The dispatchers behind an HttpClient: every secret of the network config is registered with the redactor
// before the first request, the config they were made from (CA files and "insecure" merged), and the route each
// origin took through a proxy, as undici's NO_PROXY matching decided.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';

import { DEFAULT_RETRY, makeDispatchers, originOf } from '../../../src/openstack/dispatchers';
import { Redactor } from '../../../src/openstack/redact';
import { reply, startFakeServer } from '../../support/loopbackServer';

describe('openstack/dispatchers', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'oss-dispatchers-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('registers the proxy password, the proxy authorization, a password in a proxy URL and the key passphrase as secrets', async () => {
    const cert = join(dir, 'c.pem');
    writeFileSync(cert, 'not really a certificate');
    const redactor = new Redactor();
    const made = await makeDispatchers(
      {
        network: {
          proxy: {
            httpProxy: 'http://u:url%2Fpass-1@p.example:3128',
            httpsProxy: 'http://v:url-pass-2@p.example:3129',
            noProxy: '',
            password: 'proxy-pass-3',
            authorization: 'Basic auth-value-4',
            source: 's',
          },
          tls: { clientCertificate: { certFile: cert, keyFile: cert, passphrase: 'key-pass-5', source: 's' } },
        },
      },
      redactor,
    );
    try {
      for (const secret of ['url/pass-1', 'url-pass-2', 'proxy-pass-3', 'Basic auth-value-4', 'key-pass-5']) {
        assert.equal(redactor.redact(`x ${secret} y`).includes(secret), false, secret);
      }
    } finally {
      await made.agent.close();
    }
  });

  it('merges the caFile option with the profile’s CA files; insecure when either says so, only for true', async () => {
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, tls.rootCertificates[0]);
    const made = await makeDispatchers({ caFile: ca, network: async () => ({ tls: { caFiles: [ca], insecure: false } }) }, new Redactor());
    try {
      assert.deepEqual(made.network.tls?.caFiles, [ca, ca]);
      assert.equal(made.network.tls?.insecure, false);
      assert.equal(made.proxy, undefined);
    } finally {
      await made.agent.close();
    }
    for (const [options, insecure] of [
      [{ insecure: true }, true],
      [{ network: { tls: { insecure: true } } }, true],
      [{}, false],
      [{ insecure: 'true' as unknown as boolean }, false],
    ] as const) {
      const m = await makeDispatchers(options, new Redactor());
      assert.equal(m.network.tls?.insecure, insecure, JSON.stringify(options));
      assert.deepEqual(m.network.tls?.caFiles, []);
      await m.agent.close();
    }
  });

  it('notes per origin whether a request went direct (NO_PROXY) or through the proxy', async () => {
    const server = await startFakeServer((_req, res) => reply(res, 200, 'ok'));
    const proxy = { httpProxy: 'http://127.0.0.1:9', httpsProxy: 'http://127.0.0.1:9', noProxy: '127.0.0.1', source: 's' };
    const made = await makeDispatchers({ network: { proxy } }, new Redactor());
    try {
      const answer = await made.agent.request({ origin: server.origin, path: '/', method: 'GET' });
      await answer.body.dump();
      assert.equal(made.routes.get(server.origin), '', 'direct');
      // Not in NO_PROXY: through the proxy (which refuses: nothing listens there), noted before it fails.
      await made.agent.request({ origin: 'http://127.0.0.2:1', path: '/', method: 'GET' }).then(
        (r) => r.body.dump(),
        () => undefined,
      );
      assert.equal(made.routes.get('http://127.0.0.2:1'), 'http://127.0.0.1:9');
      assert.equal(made.proxy, proxy);
    } finally {
      await made.agent.close();
      await server.close();
    }
  });

  it('notes an https origin under its own proxy when it differs from the http one', async () => {
    const proxy = { httpProxy: 'http://127.0.0.1:9', httpsProxy: 'http://127.0.0.1:8', noProxy: '', source: 's' };
    const made = await makeDispatchers({ network: { proxy } }, new Redactor());
    try {
      // Nothing listens at either proxy: the requests fail, but the route is noted before.
      for (const origin of ['https://127.0.0.2:1', 'http://127.0.0.2:2']) {
        await made.agent.request({ origin, path: '/', method: 'GET' }).then(
          (r) => r.body.dump(),
          () => undefined,
        );
      }
      assert.equal(made.routes.get('https://127.0.0.2:1'), 'http://127.0.0.1:8');
      assert.equal(made.routes.get('http://127.0.0.2:2'), 'http://127.0.0.1:9');
    } finally {
      await made.agent.close();
    }
  });

  it('retries an idempotent request whose connection the server dropped', async () => {
    let seen = 0;
    const server = await startFakeServer((_req, res) => {
      if (++seen === 1) return void res.socket?.destroy();
      reply(res, 200, 'second time');
    });
    const made = await makeDispatchers({ retry: { maxRetries: 1, minTimeoutMs: 1, maxTimeoutMs: 1 } }, new Redactor());
    try {
      const answer = await made.retrying.request({ origin: server.origin, path: '/', method: 'GET' });
      assert.deepEqual([answer.statusCode, await answer.body.text(), seen], [200, 'second time', 2]);
    } finally {
      await made.agent.close();
      await server.close();
    }
  });

  it('gives the last answer to the caller once the retries are used up, not an error of its own', async () => {
    let seen = 0;
    const server = await startFakeServer((_req, res) => reply(res, 503, `busy ${++seen}`));
    const made = await makeDispatchers({ retry: { maxRetries: 1, minTimeoutMs: 1, maxTimeoutMs: 1 } }, new Redactor());
    try {
      const answer = await made.retrying.request({ origin: server.origin, path: '/', method: 'GET' });
      assert.deepEqual([answer.statusCode, await answer.body.text(), seen], [503, 'busy 2', 2]);
    } finally {
      await made.agent.close();
      await server.close();
    }
  });

  it('retries three times by default, waiting 250 ms to 8 s', () => {
    assert.deepEqual(DEFAULT_RETRY, { maxRetries: 3, minTimeoutMs: 250, maxTimeoutMs: 8000 });
  });

  it('the origin of a URL, or the text itself when it is none', () => {
    assert.equal(originOf('https://h.example:443/x?y'), 'https://h.example');
    assert.equal(originOf(new URL('http://h:8080/p')), 'http://h:8080');
    assert.equal(originOf('not a url'), 'not a url');
  });
});

/** HttpClient against a loopback node:http server: retries, timeouts, cancellation, errors, logging. */
import * as assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { SeenRequest, startFakeServer } from '../../support/loopbackServer';
import { Readable } from 'node:stream';
import { RequestLogEntry, splitUrl } from '../../../src/openstack/http';
import { OpenStackError } from '../../../src/openstack/errors';
import { Redactor } from '../../../src/openstack/redact';
import { recordedHttpClient } from '../../support/recordedHttp';

type Handler = (req: SeenRequest, res: ServerResponse, body: string) => void;

async function serve(handler: Handler): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  const server = await startFakeServer((seen, res) => handler(seen, res, seen.body.toString('utf8')));
  return { url: server.origin, hits: () => server.seen.length, close: () => server.close() };
}

const fastRetry = { maxRetries: 2, minTimeoutMs: 10, maxTimeoutMs: 2000 };
const kindOf = (kind: OpenStackError['kind']) => (e: unknown) => e instanceof OpenStackError && e.kind === kind;

describe('HttpClient', () => {
  it('retries idempotent requests on 503, honouring Retry-After, then gives the answer', async () => {
    const times: number[] = [];
    const s = await serve((_req, res) => {
      times.push(Date.now());
      if (times.length === 1) return res.writeHead(503, { 'retry-after': '1' }).end('busy');
      res.writeHead(200).end('ok');
    });
    try {
      const http = recordedHttpClient({ retry: fastRetry });
      const res = await http.request({ method: 'GET', url: `${s.url}/x` });
      assert.equal(await res.text(), 'ok');
      assert.equal(s.hits(), 2);
      assert.ok(times[1] - times[0] >= 900, `waited ${times[1] - times[0]} ms, not the 1 s Retry-After asked`);
    } finally {
      await s.close();
    }
  });

  it('stops after its retries and reports the last 5xx as a server error with the request id', async () => {
    const s = await serve((_req, res) => res.writeHead(502, { 'x-openstack-request-id': 'req-42' }).end('<html><h1>Bad gateway</h1></html>'));
    try {
      const http = recordedHttpClient({ retry: fastRetry });
      await assert.rejects(http.request({ method: 'GET', url: `${s.url}/x`, service: 'identity' }), (e: unknown) => {
        assert.ok(e instanceof OpenStackError);
        assert.equal(e.kind, 'server');
        assert.equal(e.status, 502);
        assert.equal(e.requestId, 'req-42');
        assert.match(e.message, /identity: server error \(HTTP 502\) for GET .*: Bad gateway/);
        return true;
      });
      assert.equal(s.hits(), 3);
    } finally {
      await s.close();
    }
  });

  it('never retries a POST or a streamed PUT', async () => {
    const s = await serve((_req, res) => res.writeHead(503).end());
    try {
      const http = recordedHttpClient({ retry: fastRetry });
      await assert.rejects(http.request({ method: 'POST', url: `${s.url}/a`, body: '{}' }), kindOf('server'));
      assert.equal(s.hits(), 1);
      await assert.rejects(http.request({ method: 'PUT', url: `${s.url}/b`, body: Readable.from([Buffer.from('data')]) }), kindOf('server'));
      assert.equal(s.hits(), 2);
    } finally {
      await s.close();
    }
  });

  it("maps statuses to kinds and keeps Keystone's explanation", async () => {
    const s = await serve((req, res) => {
      const status = Number(req.url?.slice(1));
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `explained ${status}` } }));
    });
    try {
      const http = recordedHttpClient({ retry: fastRetry });
      const expected: Array<[number, OpenStackError['kind']]> = [
        [401, 'auth'],
        [403, 'forbidden'],
        [404, 'notFound'],
        [409, 'conflict'],
        [412, 'precondition'],
        [400, 'badRequest'],
      ];
      for (const [status, kind] of expected) {
        await assert.rejects(http.request({ method: 'GET', url: `${s.url}/${status}` }), (e: unknown) => {
          return e instanceof OpenStackError && e.kind === kind && e.message.endsWith(`explained ${status}`);
        });
      }
      const accepted = await http.request({ method: 'GET', url: `${s.url}/404`, accept: (st) => st === 404 });
      assert.equal(accepted.status, 404);
    } finally {
      await s.close();
    }
  });

  it('calls an answer that is not JSON a bad response, quoting a redacted excerpt', async () => {
    const s = await serve((_req, res) => res.writeHead(200).end('<html>X-Auth-Token: leaked-value</html>'));
    try {
      const http = recordedHttpClient();
      const res = await http.request({ method: 'GET', url: `${s.url}/j` });
      await assert.rejects(res.json(), (e: unknown) => {
        assert.ok(e instanceof OpenStackError && e.kind === 'badResponse');
        assert.match(e.message, /expected JSON/);
        assert.ok(!e.message.includes('leaked-value'));
        return true;
      });
    } finally {
      await s.close();
    }
  });

  it('times out on a server that never answers, and on one that stalls mid-body', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/stall') {
        res.writeHead(200, { 'content-length': '100' });
        res.write('partial');
      }
      // otherwise: never answer
    });
    try {
      const http = recordedHttpClient({ headersTimeoutMs: 200, bodyTimeoutMs: 200, retry: { ...fastRetry, maxRetries: 0 } });
      await assert.rejects(http.request({ method: 'GET', url: `${s.url}/hang` }), kindOf('timeout'));
      const res = await http.request({ method: 'GET', url: `${s.url}/stall` });
      await assert.rejects(res.text(), kindOf('timeout'));
    } finally {
      await s.close();
    }
  });

  it('reports a refused connection as a network error naming the service', async () => {
    const s = await serve((_req, res) => res.end());
    const url = s.url;
    await s.close();
    const http = recordedHttpClient({ retry: { ...fastRetry, maxRetries: 1 } });
    await assert.rejects(http.request({ method: 'GET', url: `${url}/v3`, service: 'identity' }), (e: unknown) => {
      return e instanceof OpenStackError && e.kind === 'network' && /Cannot reach identity .*connection refused/.test(e.message);
    });
  });

  it('stops at once when the caller aborts', async () => {
    const s = await serve(() => undefined);
    try {
      const http = recordedHttpClient();
      const controller = new AbortController();
      const pending = http.request({ method: 'GET', url: `${s.url}/slow`, signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      await assert.rejects(pending, kindOf('cancelled'));
    } finally {
      await s.close();
    }
  });

  it('logs each request with status, time and request id, never a secret', async () => {
    const s = await serve((_req, res) => res.writeHead(200, { 'x-trans-id': 'tx-1' }).end('ok'));
    try {
      const entries: RequestLogEntry[] = [];
      const redactor = new Redactor();
      redactor.addSecret('my-secret-token');
      const http = recordedHttpClient({ redactor, log: (e) => entries.push(e) });
      const res = await http.request({ method: 'GET', url: `${s.url}/o?temp_url_sig=abc&x=my-secret-token`, headers: { 'x-auth-token': 'my-secret-token' } });
      await res.dump();
      assert.equal(entries.length, 1);
      assert.equal(entries[0].status, 200);
      assert.equal(entries[0].requestId, 'tx-1');
      assert.ok(!JSON.stringify(entries).includes('my-secret-token'));
      assert.ok(!JSON.stringify(entries).includes('abc'));
    } finally {
      await s.close();
    }
  });

  it('sends paths exactly as encoded, without normalising dot segments', async () => {
    const seen: string[] = [];
    const s = await serve((req, res) => {
      seen.push(req.url ?? '');
      res.end();
    });
    try {
      await (await recordedHttpClient().request({ method: 'GET', url: `${s.url}/v1/a/%2E%2E/b/../c%2Fd` })).dump();
      assert.deepEqual(seen, ['/v1/a/%2E%2E/b/../c%2Fd']);
      assert.deepEqual(splitUrl('https://h:5000'), { origin: 'https://h:5000', path: '/' });
      assert.throws(() => splitUrl('ftp://h/x'), kindOf('invalidInput'));
      assert.throws(
        () => splitUrl('http://bob:pw@'),
        (e: unknown) => e instanceof OpenStackError && !e.message.includes('pw'),
      );
    } finally {
      await s.close();
    }
  });

  it('explains an unreadable CA file at the first request, naming the file and the setting', async () => {
    const http = recordedHttpClient({ caFile: '/nonexistent/ca.pem' });
    await assert.rejects(
      http.request({ method: 'GET', url: 'https://127.0.0.1:1/' }),
      (e: unknown) =>
        e instanceof OpenStackError &&
        e.kind === 'invalidInput' &&
        e.message === `Cannot read the CA file /nonexistent/ca.pem (no such file): check the profile's "caFile" or OS_CACERT.`,
    );
    await http.close();
  });
});

// HttpClient where mutation testing found it loose: a request through a proxy (a loopback server taking plain
// http in absolute form, as undici sends it) is logged with the proxy and a proxy's 407 becomes the proxy's
// sentence, not the cloud's; a direct request is logged without one; the log line of a failure; a client
// without a logger; which requests the retrying agent gets; a body read that fails is not called a time-out;
// close() drops the kept-alive connections; dump() keeps them; the causes kept; the exact excerpt rules.
import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type { ServerResponse } from 'node:http';

import { OpenStackError } from '../../../src/openstack/errors';
import { HttpClient, errorDetail, type HttpResponse, type RequestLogEntry } from '../../../src/openstack/http';
import { Redactor } from '../../../src/openstack/redact';
import { FakeServer, reply, startFakeServer } from '../../support/loopbackServer';

const answered = (text: string): HttpResponse => ({ text: async () => text }) as HttpResponse;
const portOf = (res: ServerResponse) => res.socket?.remotePort;
/** The error a request or a read is refused with (failing the test when it succeeds). */
const failure = (p: Promise<unknown>): Promise<OpenStackError> =>
  p.then(
    () => assert.fail('succeeded'),
    (err: unknown) => err as OpenStackError,
  );

describe('HttpClient: proxy routes, log lines, connections', () => {
  let server: FakeServer;
  let handler: (url: string, res: ServerResponse) => void;
  const clients: HttpClient[] = [];
  const client = (options: ConstructorParameters<typeof HttpClient>[0] = {}) => {
    const made = new HttpClient({ retry: { maxRetries: 1, minTimeoutMs: 1, maxTimeoutMs: 1 }, ...options });
    clients.push(made);
    return made;
  };
  beforeEach(async () => {
    handler = (_url, res) => reply(res, 200, 'ok');
    server = await startFakeServer((req, res) => handler(req.url, res));
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server.close();
  });

  const proxied = (log: RequestLogEntry[]) =>
    client({
      network: { proxy: { httpProxy: server.origin, httpsProxy: server.origin, noProxy: 'direct.test', source: 'the test' } },
      log: (e) => log.push(e),
    });

  it('logs the proxy a request went through, and a direct request without one', async () => {
    const log: RequestLogEntry[] = [];
    const http = proxied(log);
    const res = await http.request({ method: 'GET', url: 'http://cloud.test/v1/a' });
    assert.equal(await res.text(), 'ok');
    assert.equal(server.seen[0].url, 'http://cloud.test/v1/a', 'the proxy was asked, in absolute form');
    assert.equal(log.length, 1);
    assert.equal(log[0].proxy, server.origin);
    assert.equal(log[0].status, 200);

    const directLog: RequestLogEntry[] = [];
    const direct = client({ log: (e) => directLog.push(e) });
    await (await direct.request({ method: 'GET', url: `${server.origin}/x` })).dump();
    assert.equal('proxy' in directLog[0], false);
  });

  it("a proxy's 407 is the proxy refusing its credentials, not the cloud", async () => {
    handler = (_url, res) => reply(res, 407, 'who are you', { 'proxy-authenticate': 'Basic realm="p"' });
    const http = proxied([]);
    const e = await http.request({ method: 'GET', url: 'http://cloud.test/v1/a', service: 'object-store' }).then(
      () => assert.fail('accepted'),
      (err: unknown) => err as OpenStackError,
    );
    assert.equal(e.kind, 'network');
    assert.equal(
      e.message,
      `The proxy ${server.origin} refused its credentials (407 Proxy Authentication Required) for object-store (GET http://cloud.test/v1/a): check the proxy user and "Set Proxy Password…" or "http.proxyAuthorization" (from the test).`,
    );
    assert.equal(e.status, undefined);
  });

  it('a 407 from a server reached directly is its own answer', async () => {
    handler = (_url, res) => reply(res, 407, 'no');
    const e = await client()
      .request({ method: 'GET', url: `${server.origin}/x`, service: 'object-store' })
      .then(
        () => assert.fail('accepted'),
        (err: unknown) => err as OpenStackError,
      );
    assert.equal(e.status, 407);
    assert.doesNotMatch(e.message, /proxy/i);
  });

  it('a failure through the proxy is logged with it and explained as the proxy failing', async () => {
    handler = (_url, res) => res.socket?.destroy();
    const log: RequestLogEntry[] = [];
    const http = proxied(log);
    const e = await http.request({ method: 'POST', url: 'http://cloud.test/v1/a', body: 'x' }).then(
      () => assert.fail('accepted'),
      (err: unknown) => err as OpenStackError,
    );
    assert.equal(e.kind, 'network');
    assert.equal(log.length, 1);
    assert.equal(log[0].proxy, server.origin);
    assert.equal(log[0].error, e.message);
    assert.equal(log[0].status, undefined);
  });

  it('says a URL NO_PROXY sent direct goes direct, once a request went there', async () => {
    const http = proxied([]);
    const noProxy = client({
      network: { proxy: { httpProxy: 'http://127.0.0.1:9', httpsProxy: 'http://127.0.0.1:9', noProxy: '127.0.0.1', source: 's' } },
    });
    await (await noProxy.request({ method: 'GET', url: `${server.origin}/x` })).dump();
    const said = await noProxy.networkFor(`${server.origin}/y`);
    assert.equal(said.proxy, undefined);
    assert.equal(said.network.proxy?.source, 's', 'the network config comes with it');
    assert.equal((await http.networkFor('http://cloud.test/')).proxy, server.origin);
  });

  it('logs a failed request: method, redacted URL, a duration, the error; works without a logger', async () => {
    handler = (_url, res) => res.socket?.destroy();
    const log: RequestLogEntry[] = [];
    const http = client({ log: (e) => log.push(e) });
    const url = `${server.origin}/fail`;
    const e = await failure(http.request({ method: 'POST', url, body: 'x' }));
    assert.equal(log.length, 1);
    assert.deepEqual([log[0].method, log[0].url, log[0].error], ['POST', url, e.message]);
    assert.equal(e.message, `Cannot reach OpenStack (POST ${url}): connection reset by the server`);
    assert.ok(log[0].ms >= 0 && log[0].ms < 86_400_000, `a duration, not a clock reading: ${log[0].ms}`);
    handler = (_url, res) => reply(res, 200, 'fine');
    const ok = await http.request({ method: 'GET', url });
    await ok.dump();
    assert.ok(log[1].ms >= 0 && log[1].ms < 86_400_000, `a duration: ${log[1].ms}`);

    const silent = client();
    assert.equal(await (await silent.request({ method: 'GET', url })).text(), 'fine');
    handler = (_url, res) => res.socket?.destroy();
    await assert.rejects(silent.request({ method: 'POST', url, body: 'x' }), (err) => err instanceof OpenStackError && err.kind === 'network');
  });

  it('a streamed PUT goes once, to the plain agent: a 503 is reported as the server answering', async () => {
    handler = (_url, res) => reply(res, 503, 'busy');
    const e = await failure(client().request({ method: 'PUT', url: `${server.origin}/s`, body: Readable.from([Buffer.from('abc')]) }));
    assert.equal(server.seen.length, 1);
    assert.equal(e.status, 503);
    assert.equal(e.message.endsWith(': busy'), true, e.message);
  });

  it('a body that breaks off is a network failure, not a time-out; the cause is kept', async () => {
    handler = (_url, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
      setImmediate(() => res.socket?.destroy());
    };
    const res = await client().request({ method: 'GET', url: `${server.origin}/b` });
    const e = await res.text().then(
      () => assert.fail('read'),
      (err: unknown) => err as OpenStackError,
    );
    assert.notEqual(e.kind, 'timeout');
    assert.ok(e instanceof OpenStackError);
  });

  it('close() drops the kept-alive connections: the next request opens a new one', async () => {
    const ports = new Set<number | undefined>();
    handler = (_url, res) => {
      ports.add(portOf(res));
      reply(res, 200, 'x'.repeat(1000));
    };
    const http = client();
    for (const path of ['/1', '/2', '/3']) await (await http.request({ method: 'GET', url: `${server.origin}${path}` })).text();
    const before = new Set(ports);
    await http.close();
    let after: number | undefined;
    handler = (_url, res) => {
      after = portOf(res);
      reply(res, 200, 'y');
    };
    await (await http.request({ method: 'GET', url: `${server.origin}/4` })).text();
    assert.equal(before.has(after), false, `a kept-alive connection (${[...before].join(', ')}) was used after close(): ${after}`);
  });

  it('dump() gets rid of an unread body: the server sees its answer end', async () => {
    let ended: Promise<void> | undefined;
    handler = (_url, res) => {
      ended = new Promise((resolve) => res.on('close', () => resolve()));
      reply(res, 200, 'z'.repeat(4 * 1024 * 1024));
    };
    const res = await client().request({ method: 'GET', url: `${server.origin}/big` });
    await res.dump();
    await ended; // never, if the body were left unread (undici's body time-out is 60 s)
  });

  it('a cancel and a time-out keep their cause; json() names a request without a service as OpenStack', async () => {
    const http = client();
    const context = { service: 'identity', method: 'GET', url: 'http://h/' };
    const abort = Object.assign(new Error('stop'), { name: 'AbortError' });
    assert.equal(http.mapError(abort, context).cause, abort);
    const timeout = Object.assign(new Error('slow'), { code: 'ETIMEDOUT' });
    assert.equal(http.mapError(timeout, context).cause, timeout);
    assert.equal(http.mapError(undefined, context).kind, 'network', 'a rejection without a value');
    assert.equal(http.mapError(null, context).kind, 'network');
    handler = (_url, res) => reply(res, 200, 'not json');
    const e = await failure((await http.request({ method: 'GET', url: `${server.origin}/j` })).json());
    assert.equal(e.message, `OpenStack: expected JSON from GET ${server.origin}/j (HTTP 200) but got: not json`);
  });
  it('a direct request (NO_PROXY) that fails is not blamed on the configured proxy', async () => {
    const http = client({
      network: { proxy: { httpProxy: 'http://127.0.0.1:9', httpsProxy: 'http://127.0.0.1:9', noProxy: '127.0.0.1', source: 's' } },
    });
    // Nothing listens on 127.0.0.1:9: refused, by the host itself, not by a proxy.
    const e = await failure(http.request({ method: 'POST', url: 'http://127.0.0.1:9/x', body: 'x' }));
    assert.equal(e.kind, 'network');
    assert.doesNotMatch(e.message, /proxy/i);
  });

  it('an answer read past responseTimeoutMs keeps the failed read as its cause', async () => {
    handler = (_url, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      const timer = setInterval(() => res.write('x'), 20);
      res.on('close', () => clearInterval(timer));
    };
    const res = await client({ responseTimeoutMs: 100 }).request({ method: 'GET', url: `${server.origin}/t` });
    const e = await failure(res.text());
    assert.equal(e.kind, 'timeout');
    assert.ok(e.cause instanceof Error);
  });
});

describe('errorDetail: more edges', () => {
  const redactor = new Redactor();
  it('JSON without an error message is quoted whole, tags and all; tags elsewhere become spaces', async () => {
    assert.equal(await errorDetail(answered('{"note":"<b>x</b>"}'), redactor), '{"note":"<b>x</b>"}');
    assert.equal(await errorDetail(answered('<b>a</b><i>b</i>'), redactor), 'a b');
  });
  it('200 characters are quoted whole, 201 cut', async () => {
    assert.equal(await errorDetail(answered('y'.repeat(200)), redactor), 'y'.repeat(200));
    assert.equal(await errorDetail(answered('y'.repeat(201)), redactor), `${'y'.repeat(200)}…`);
  });
});

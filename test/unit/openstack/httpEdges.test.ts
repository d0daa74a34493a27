// HttpClient pinned where mutation testing found it loose: how URLs are split, how a failure without a status is
// worded (mapError), the excerpts quoted from an answer (errorDetail, json), what each request carries (user
// agent, accepted statuses, which requests are retried) and the proxy a URL goes through.
import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';

import { OpenStackError } from '../../../src/openstack/errors';
import { HttpClient, USER_AGENT, errorDetail, printable, requestIdOf, splitUrl, type HttpResponse } from '../../../src/openstack/http';
import { Redactor } from '../../../src/openstack/redact';
import { undici } from '../../../src/openstack/undiciParts';
import { FakeServer, reply, startFakeServer } from '../../support/loopbackServer';
import { recordedHttpClient } from '../../support/recordedHttp';

const context = { service: 'identity', method: 'POST', url: 'https://k.example/v3/auth/tokens' };
const coded = (code: string | undefined, message = 'boom', extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), code === undefined ? {} : { code }, extra);

/** An HttpResponse whose text() gives `text` (or fails). */
const answered = (text: string | Error): HttpResponse =>
  ({
    text: async () => {
      if (text instanceof Error) throw text;
      return text;
    },
  }) as HttpResponse;

describe('HttpClient: edges', () => {
  describe('splitUrl, printable, requestIdOf', () => {
    it('keeps the path and query as given; a query without a path gets "/"', () => {
      assert.deepEqual(splitUrl('http://127.0.0.1:8080/v1/a?x=1'), { origin: 'http://127.0.0.1:8080', path: '/v1/a?x=1' });
      assert.deepEqual(splitUrl('HTTP://h?x=1'), { origin: 'HTTP://h', path: '/?x=1' });
      assert.deepEqual(splitUrl('https://h/'), { origin: 'https://h', path: '/' });
    });

    it('refuses what is not an absolute http(s) URL, quoting at most 200 characters of it without credentials', () => {
      const refused = (url: string) => {
        try {
          splitUrl(url);
        } catch (e) {
          assert.ok(e instanceof OpenStackError && e.kind === 'invalidInput', String(e));
          return e.message;
        }
        return assert.fail(`accepted ${url}`);
      };
      assert.equal(refused('h/x'), 'Not a valid http(s) URL: h/x');
      assert.equal(refused(' http://h/x'), 'Not a valid http(s) URL:  http://h/x');
      assert.equal(refused('http://h/a b'), 'Not a valid http(s) URL: http://h/a b');
      assert.equal(refused('http://h:99999/'), 'Not a valid http(s) URL: http://h:99999/', 'the port is checked');
      const long = `x://${'a'.repeat(300)}`;
      assert.equal(refused(long), `Not a valid http(s) URL: ${long.slice(0, 200)}…`);
      assert.equal(refused(`x://${'a'.repeat(196)}`), `Not a valid http(s) URL: x://${'a'.repeat(196)}`, '200 characters are quoted whole');
      assert.doesNotMatch(refused('http://bob:pw@h:99999/'), /pw/);
    });

    it('makes server text one line and harmless', () => {
      assert.equal(printable('a \n\t b\u001b[31m\u0007\u009b'), 'a b\ufffd[31m\ufffd\ufffd');
      assert.equal(printable('é ☁'), 'é ☁');
    });

    it("takes Keystone's request id, then Swift's, then Nova's", () => {
      assert.equal(requestIdOf({ 'x-openstack-request-id': 'a', 'x-trans-id': 'b', 'x-compute-request-id': 'c' }), 'a');
      assert.equal(requestIdOf({ 'x-trans-id': 'b', 'x-compute-request-id': 'c' }), 'b');
      assert.equal(requestIdOf({ 'x-compute-request-id': 'c' }), 'c');
      assert.equal(requestIdOf({}), undefined);
    });
  });

  describe('mapError: a failure without a status in one sentence', () => {
    const http = new HttpClient();
    after(() => http.close());
    const mapped = (e: unknown, signal?: AbortSignal) => http.mapError(e, context, signal);

    it('names the cause: refused, not found, reset; else the redacted message', () => {
      const target = 'identity (POST https://k.example/v3/auth/tokens)';
      assert.equal(mapped(coded('ECONNREFUSED')).message, `Cannot reach ${target}: connection refused (is the server running?)`);
      assert.equal(mapped(coded('ENOTFOUND')).message, `Cannot reach ${target}: host name not found`);
      assert.equal(mapped(coded('EAI_AGAIN')).message, `Cannot reach ${target}: host name not found`);
      assert.equal(mapped(coded('ECONNRESET')).message, `Cannot reach ${target}: connection reset by the server`);
      assert.equal(mapped(coded('UND_ERR_SOCKET')).message, `Cannot reach ${target}: connection reset by the server`);
      assert.equal(
        mapped(coded(undefined, 'x', { cause: { code: 'ECONNREFUSED' } })).message,
        `Cannot reach ${target}: connection refused (is the server running?)`,
      );
      const redacting = new HttpClient();
      redacting.redactor.addSecret('s3cr3t-value');
      const other = redacting.mapError(coded('EWHATEVER', 'failed with s3cr3t-value'), context);
      assert.equal(other.kind, 'network');
      assert.doesNotMatch(other.message, /s3cr3t-value/);
      assert.match(other.message, /^Cannot reach identity \(POST .*\): failed with /);
      assert.equal(mapped('plain text').message, `Cannot reach ${target}: plain text`);
      const e = mapped(coded('ECONNREFUSED'));
      assert.deepEqual([e.kind, e.service, e.method, e.url], ['network', 'identity', 'POST', context.url]);
      assert.equal((e.cause as Error).message, 'boom');
    });

    it('a cancel: an aborted signal, an AbortError or undici’s abort code', () => {
      const aborted = AbortSignal.abort();
      for (const e of [mapped(coded('ECONNRESET'), aborted), mapped(coded(undefined, 'x', { name: 'AbortError' })), mapped(coded('UND_ERR_ABORTED'))]) {
        assert.equal(e.kind, 'cancelled');
        assert.equal(e.message, 'Cancelled: identity (POST https://k.example/v3/auth/tokens)');
      }
      assert.equal(mapped(coded('CERT_HAS_EXPIRED'), aborted).kind, 'cancelled', 'no TLS sentence for a request the caller gave up');
    });

    it("a timeout: undici's three timeout errors and ETIMEDOUT", () => {
      const { errors } = undici();
      for (const e of [new errors.HeadersTimeoutError(), new errors.BodyTimeoutError(), new errors.ConnectTimeoutError(), coded('ETIMEDOUT')]) {
        const out = mapped(e);
        assert.equal(out.kind, 'timeout', String(e));
        assert.equal(out.message, 'Timed out waiting for identity (POST https://k.example/v3/auth/tokens)');
      }
    });

    it('TLS causes are explained; an OpenStackError is kept as it is', () => {
      assert.match(mapped(coded('CERT_HAS_EXPIRED')).message, /^TLS certificate of identity .* has expired/);
      const own = new OpenStackError('checksum', 'kept');
      assert.equal(mapped(own), own);
    });

    it('names a request without a service as OpenStack', () => {
      assert.equal(
        http.mapError(coded('ENOTFOUND'), { method: 'GET', url: 'http://h/' }).message,
        'Cannot reach OpenStack (GET http://h/): host name not found',
      );
    });
  });

  describe('errorDetail: what an error quotes of the answer', () => {
    const redactor = new Redactor();
    redactor.addSecret('tok-detail-secret');
    it("quotes Keystone's error.message, else the text without tags; one line, no final period, at most 200 characters", async () => {
      assert.equal(
        await errorDetail(answered('{"error":{"message":"The request you have made requires authentication."}}'), redactor),
        'The request you have made requires authentication',
      );
      assert.equal(await errorDetail(answered('{"error":{"message":7}}'), redactor), '{"error":{"message":7}}', 'not a string: the JSON as it is');
      assert.equal(await errorDetail(answered('{"other":1}'), redactor), '{"other":1}');
      assert.equal(await errorDetail(answered('null'), redactor), 'null');
      assert.equal(await errorDetail(answered('<h1>Forbidden</h1>\n<p>Access was denied.</p>'), redactor), 'Forbidden Access was denied');
      assert.equal(await errorDetail(answered(`${'z'.repeat(250)}`), redactor), `${'z'.repeat(200)}…`);
      assert.equal(await errorDetail(answered('a.b.'), redactor), 'a.b');
      assert.equal((await errorDetail(answered('token tok-detail-secret refused'), redactor))?.includes('tok-detail-secret'), false);
    });
    it('says nothing for an empty body or one that cannot be read', async () => {
      assert.equal(await errorDetail(answered('  \n '), redactor), undefined);
      assert.equal(await errorDetail(answered(''), redactor), undefined);
      assert.equal(await errorDetail(answered(new Error('reset')), redactor), undefined);
    });
  });

  describe('requests against a loopback server', () => {
    let server: FakeServer;
    let handler: Parameters<typeof startFakeServer>[0] = (_req, res) => reply(res, 200, 'ok');
    let http: HttpClient;
    beforeEach(async () => {
      handler = (_req, res) => reply(res, 200, 'ok');
      server = await startFakeServer((req, res) => handler(req, res));
      http = recordedHttpClient({ retry: { maxRetries: 1, minTimeoutMs: 1, maxTimeoutMs: 1 } });
    });
    afterEach(async () => {
      await http.close();
      await server.close();
    });

    it('sends its user agent unless the request sets one; joins repeated answer headers', async () => {
      handler = (_req, res) => {
        res.setHeader('x-many', ['a', 'b']);
        reply(res, 200, 'ok');
      };
      const res = await http.request({ method: 'get', url: `${server.origin}/a` });
      assert.equal(res.headers['x-many'], 'a, b');
      assert.equal(res.requestId, 'tx-test');
      assert.equal(await res.text(), 'ok');
      await (await http.request({ method: 'GET', url: `${server.origin}/b`, headers: { 'user-agent': 'mine' } })).dump();
      const custom = recordedHttpClient({ userAgent: 'other/1' });
      await (await custom.request({ method: 'GET', url: `${server.origin}/c` })).dump();
      await custom.close();
      assert.deepEqual(
        server.seen.map((r) => [r.method, r.headers['user-agent']]),
        [
          ['GET', USER_AGENT],
          ['GET', 'mine'],
          ['GET', 'other/1'],
        ],
      );
    });

    it('reads a text answer whole: characters split between chunks, a BOM, bad bytes', async () => {
      const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Zoë ☁ 😀 ok'), Buffer.from([0xff])]);
      // Sent a byte at a time, waiting between bytes: every multi-byte character arrives in pieces.
      handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        let i = 0;
        const next = () => (i < bytes.length ? res.write(bytes.subarray(i, ++i), () => setTimeout(next, 1)) : res.end());
        next();
      };
      const res = await http.request({ method: 'GET', url: `${server.origin}/t` });
      assert.equal(await res.text(), 'Zoë ☁ 😀 ok\ufffd', 'the BOM dropped, a bad byte replaced, the rest exact');
    });

    it('reads a text answer as the UTF-8 decoder reads the whole body, however it is cut (random cuts of random texts)', async () => {
      const BOM = [0xef, 0xbb, 0xbf];
      const cases: number[][][] = [
        [[...BOM, 0x5b], [0x5d]], // a byte-order mark at the start: dropped
        [[0x5b], BOM, [0x5d]], // after the start: text
        [BOM, BOM, [0x78]],
        [[0x63, 0x61, 0x66], [0xe9], [0x65]], // a byte from 0x80 up starting no character, never read as Latin-1
        [[0x80, 0xff, 0x41]],
        [
          [0x6f, 0x6b],
          [0xf0, 0x9f, 0x98],
        ], // a character cut off at the end
        [[0xed, 0xa0, 0x80], [0x7a]], // a UTF-8-encoded surrogate
        [[0x78], [0xf0, 0x9f], [0x98], [0x80, 0x79]], // 😀 cut in three
      ];
      let seed = 19;
      const random = (n: number) => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return (seed >>> 8) % n;
      };
      const pieces = ['a', 'Z', '"', '\\', '\n', '/', 'é', 'ü', '€', '☁', '😀', '\ufeff', '\u0000', '\u007f', '\u0080', '\uffff'];
      for (let round = 0; round < 200; round++) {
        let text = '';
        for (let i = random(40); i > 0; i--) text += pieces[random(random(3) === 0 ? pieces.length : 6)];
        const bytes = [...Buffer.from(text, 'utf8')];
        if (random(4) === 0) bytes.splice(random(bytes.length + 1), 0, 0x80 + random(128)); // a stray byte
        const parts: number[][] = [];
        for (let at = 0; at < bytes.length;) {
          const size = 1 + random(5);
          parts.push(bytes.slice(at, at + size));
          at += size;
        }
        cases.push(parts);
      }
      for (const parts of cases) {
        handler = (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          let i = 0;
          const next = () => (i < parts.length ? res.write(Buffer.from(parts[i++]), () => setImmediate(next)) : res.end());
          next();
        };
        const res = await http.request({ method: 'GET', url: `${server.origin}/t` });
        assert.equal(await res.text(), new TextDecoder().decode(Buffer.from(parts.flat())), JSON.stringify(parts));
      }
    });

    it('accepts 2xx by default and what `accept` says otherwise, quoting the explanation of the rest', async () => {
      handler = (_req, res) => reply(res, 300, 'see other');
      const e = await http.request({ method: 'GET', url: `${server.origin}/x`, service: 'object-store' }).then(
        () => assert.fail('accepted'),
        (err: unknown) => err,
      );
      assert.ok(e instanceof OpenStackError);
      assert.equal(e.message, `object-store: request rejected (HTTP 300) for GET ${server.origin}/x: see other`);
      assert.equal(e.requestId, 'tx-test');
      const res = await http.request({ method: 'GET', url: `${server.origin}/x`, accept: (s) => s === 300 });
      assert.equal(res.status, 300);
      handler = (_req, res2) => reply(res2, 199 + 1, '');
      await (await http.request({ method: 'GET', url: `${server.origin}/y` })).dump();
    });

    it('retries GET, HEAD, PUT and DELETE of a fixed body on 503; never POST, a streamed PUT, or retry: false', async () => {
      handler = (_req, res) => reply(res, 503);
      const hits = async (req: Parameters<HttpClient['request']>[0]) => {
        const before = server.seen.length;
        await http.request({ ...req, url: `${server.origin}/r` }).catch(() => undefined);
        return server.seen.length - before;
      };
      assert.equal(await hits({ method: 'GET', url: '' }), 2);
      assert.equal(await hits({ method: 'HEAD', url: '' }), 2);
      assert.equal(await hits({ method: 'PUT', url: '', body: 'x' }), 2);
      assert.equal(await hits({ method: 'PUT', url: '', body: new Uint8Array([1]) }), 2);
      assert.equal(await hits({ method: 'DELETE', url: '' }), 2);
      assert.equal(await hits({ method: 'POST', url: '', body: 'x' }), 1);
      assert.equal(await hits({ method: 'PUT', url: '', body: Readable.from([Buffer.from('x')]) }), 1);
      assert.equal(await hits({ method: 'GET', url: '', retry: false }), 1);
    });

    it('quotes at most 120 characters of an answer that is not JSON, or says it was empty', async () => {
      handler = (req, res) => reply(res, 200, req.url === '/empty' ? '' : `${'<'.repeat(150)}`);
      const bad = async (path: string) =>
        (await http.request({ method: 'GET', url: `${server.origin}${path}`, service: 'identity' })).json().then(
          () => assert.fail('parsed'),
          (e: unknown) => e as OpenStackError,
        );
      assert.equal((await bad('/empty')).message, `identity: expected JSON from GET ${server.origin}/empty (HTTP 200) but got: (empty body)`);
      const long = await bad('/long');
      assert.equal(long.kind, 'badResponse');
      assert.ok(long.message.endsWith(`but got: ${'<'.repeat(120)}`));
      assert.deepEqual(await (await http.request({ method: 'GET', url: `${server.origin}/x` })).json().catch(() => 'no'), 'no');
    });

    it('gives up reading an answer that trickles in for longer than responseTimeoutMs, naming the limit', async () => {
      handler = (_req, res) => {
        res.writeHead(200, { 'content-length': '1000' });
        const timer = setInterval(() => res.write('x'), 20);
        res.on('close', () => clearInterval(timer));
      };
      const slow = recordedHttpClient({ responseTimeoutMs: 150, retry: { maxRetries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 } });
      try {
        const res = await slow.request({ method: 'GET', url: `${server.origin}/t`, service: 'object-store' });
        const e = await res.text().then(
          () => assert.fail('read'),
          (err: unknown) => err as OpenStackError,
        );
        assert.equal(e.kind, 'timeout');
        assert.equal(e.message, `Timed out reading the answer of object-store (GET ${server.origin}/t): it took longer than 0.15 s`);
        const dumped = await slow.request({ method: 'GET', url: `${server.origin}/d` });
        await dumped.dump(); // ends at the deadline without throwing
      } finally {
        await slow.close();
      }
    });

    it('says which proxy a URL goes through (no credentials), and none when direct', async () => {
      const direct = await http.networkFor(`${server.origin}/x`);
      assert.equal(direct.proxy, undefined);
      const proxied = recordedHttpClient({
        network: { proxy: { httpProxy: 'http://u@p.example:3128', httpsProxy: 'http://s.example:3129', noProxy: '', password: 'pw-secret', source: 's' } },
      });
      try {
        assert.equal((await proxied.networkFor('http://h.example/')).proxy, 'http://u@p.example:3128');
        assert.equal((await proxied.networkFor('https://h.example/')).proxy, 'http://s.example:3129');
        assert.equal((await proxied.networkFor('https://h.example/')).network.proxy?.password, 'pw-secret');
      } finally {
        await proxied.close();
      }
    });
  });
});

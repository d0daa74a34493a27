// SwiftClient calls pinned where mutation testing found them loose: what each request sends (range, copy
// destination and query, content type and length), what it returns (created or not, the ETag), /info fetched
// once and again after a failure, the page size when /info is hidden, a cancel while waiting for /info, and a
// reverse listing on a server that lists forwards only.
import * as assert from 'node:assert/strict';

import { SwiftClient, markerBelow, staticTokenSource } from '../../../../src/openstack/swift/client';
import { Handler, reply } from '../../../support/loopbackServer';
import { failure, loopbackSwift } from './loopbackSwift';

describe('swift/client: edges', () => {
  const at = loopbackSwift();
  const swift = (pageLimit?: number) =>
    new SwiftClient(at.http, { storageUrl: `${at.server.origin}/v1/AUTH_t//`, tokens: staticTokenSource('tok-client-edges'), pageLimit });
  const requests = () => at.server.seen.map((r) => `${r.method} ${r.url}`);

  it('says whether a container was created (201) or existed already (202), sending the headers given', async () => {
    at.handler = (req, res) => reply(res, req.url.endsWith('/new') ? 201 : 202);
    assert.deepEqual(await swift().createContainer('new', { 'x-container-meta-a': '1' }), { created: true });
    assert.deepEqual(await swift().createContainer('old'), { created: false });
    assert.equal(at.server.seen[0].headers['x-container-meta-a'], '1');
    assert.deepEqual(requests(), ['PUT /v1/AUTH_t/new', 'PUT /v1/AUTH_t/old']);
  });

  it('asks for a byte range, open-ended or closed, and reads the whole size from Content-Range', async () => {
    at.handler = (_req, res) => reply(res, 206, 'abc', { 'content-range': 'bytes 2-4/10' });
    const drain = async (body: AsyncIterable<unknown>) => {
      for await (const chunk of body) assert.ok(chunk);
    };
    const { info, body } = await swift().getObject('c', 'o', { range: { start: 2, end: 4 } });
    await drain(body);
    assert.equal(info.bytes, 10);
    await drain((await swift().getObject('c', 'o', { range: { start: 5 } })).body);
    await drain((await swift().getObject('c', 'o')).body);
    assert.deepEqual(
      at.server.seen.map((r) => r.headers.range),
      ['bytes=2-4', 'bytes=5-', undefined],
    );
  });

  it('copies server-side to the destination given, with the query on the source, returning the unquoted ETag', async () => {
    at.handler = (_req, res) => reply(res, 201, '', { etag: '"abc"' });
    const result = await swift().copyObject(
      { container: 'a', name: 'x y' },
      { container: 'b c', name: 'z/☁' },
      { headers: { 'x-object-meta-k': 'v' }, query: { 'multipart-manifest': 'get' } },
    );
    assert.deepEqual(result, { etag: 'abc' });
    const [copy] = at.server.seen;
    assert.equal(`${copy.method} ${copy.url}`, 'COPY /v1/AUTH_t/a/x%20y?multipart-manifest=get');
    assert.equal(copy.headers.destination, '/b%20c/z/%E2%98%81');
    assert.equal(copy.headers['x-object-meta-k'], 'v');
    at.handler = (_req, res) => reply(res, 404);
    assert.match(
      (await failure(swift().copyObject({ container: 'a', name: 'x' }, { container: 'b', name: 'y' }))).message,
      /copy object "?x"? in container "?a"? to object "?y"? in container "?b"?/,
    );
  });

  it('uploads with the content type and length given; a DLO manifest is not checked against the bytes sent', async () => {
    at.handler = (_req, res) => reply(res, 201, '', { etag: 'd41d8cd98f00b204e9800998ecf8427e-not' });
    const put = await swift().putObject('c', 'dlo', new Uint8Array(0), { contentType: 'text/x', headers: { 'X-Object-Manifest': 'segs/p/' } });
    assert.equal(put.etag, 'd41d8cd98f00b204e9800998ecf8427e-not');
    const [request] = at.server.seen;
    assert.equal(request.headers['content-type'], 'text/x');
    assert.equal(request.headers['x-object-manifest'], 'segs/p/');
    const e = await failure(swift().putObject('c', 'plain', new Uint8Array([1, 2])));
    assert.equal(e.kind, 'checksum');
    assert.match(
      e.message,
      /Swift answered ETag d41d8cd98f00b204e9800998ecf8427e-not but the 2 bytes sent have MD5 [0-9a-f]{32}; the object was left as Swift stored it/,
    );
    at.handler = (_req, res) => reply(res, 201);
    assert.match((await failure(swift().putObject('c', 'none', new Uint8Array([1])))).message, /Swift answered ETag \(none\) but the 1 bytes sent/);
    at.handler = (_req, res) => reply(res, 201, '', { etag: '"C4CA4238A0B923820DCC509A6F75849B"' });
    assert.deepEqual(await swift().putObject('c', 'one', new TextEncoder().encode('1')), { etag: 'C4CA4238A0B923820DCC509A6F75849B' }, 'compared without case');
  });

  it('fetches /info once, again after a failure, and lets one caller give up waiting', async () => {
    let answer = 500;
    at.handler = (_req, res) => reply(res, answer, answer === 200 ? JSON.stringify({ swift: { version: '2.30' } }) : '');
    const client = swift();
    assert.equal((await failure(client.info())).kind, 'server');
    answer = 200;
    assert.equal((await client.info()).version, '2.30');
    assert.equal((await client.info()).version, '2.30');
    assert.equal(at.server.seen.filter((r) => r.url === '/info').length, 2);
    assert.equal(at.server.seen[0].headers['x-auth-token'], undefined, 'anonymous');

    at.handler = (_req, res) => setTimeout(() => reply(res, 200, '{}'), 200); // answers late
    const slow = swift();
    const controller = new AbortController();
    const waiting = slow.info(controller.signal);
    controller.abort();
    const cancelled = await failure(waiting);
    assert.equal(cancelled.kind, 'cancelled');
    assert.equal(cancelled.message, 'Cancelled: read the cluster capabilities (/info).');
    assert.equal((await failure(slow.info(AbortSignal.abort()))).kind, 'cancelled', 'already aborted');
  });

  describe('names per request of a listing read to its end', () => {
    /** A clock that moves `step` ms at each reading: /info takes exactly `step`. */
    const stepping = (step: number) => {
      let t = 0;
      return () => (t += step);
    };
    const limits = () => at.server.seen.filter((r) => r.url.startsWith('/v1/')).map((r) => new URL(r.url, 'http://x').searchParams.get('limit'));
    const listWith = async (swiftSection: Record<string, unknown>, infoMs: number, pageLimit?: number) => {
      at.server.seen.length = 0;
      at.handler = (req, res) => (req.url === '/info' ? reply(res, 200, JSON.stringify({ swift: swiftSection })) : reply(res, 200, '[]'));
      const client = new SwiftClient(at.http, {
        storageUrl: `${at.server.origin}/v1/AUTH_t`,
        tokens: staticTokenSource('tok'),
        pageLimit,
        now: stepping(infoMs),
      });
      for await (const page of client.listContainers()) assert.deepEqual(page.entries, []);
      for await (const page of client.listObjects('c')) assert.deepEqual(page.entries, []);
      assert.equal(await client.listingPageSize(), Number(limits()[0]));
      return limits();
    };
    const swift10k = { max_object_name_length: 1024, container_listing_limit: 10000 };

    it('asks 5,000 of a Swift close by (/info within 20 ms) that allows 10,000, for every listing', async () => {
      assert.deepEqual(await listWith(swift10k, 1), ['5000', '5000']);
      assert.deepEqual(await listWith(swift10k, 20), ['5000', '5000'], '20 ms is close by');
    });

    it('asks what /info allows of a Swift further away, of Ceph RGW and of a server that does not say what it is', async () => {
      assert.deepEqual(await listWith(swift10k, 21), ['10000', '10000']);
      assert.deepEqual(await listWith({ max_object_name_size: 1024 }, 1), ['1000', '1000'], 'RGW: at most 1,000 however close');
      assert.deepEqual(await listWith({ container_listing_limit: 10000 }, 1), ['10000', '10000'], 'not known to be Swift');
    });

    it("times /info once more when it looked far (a process's first request): close by then, 5,000", async () => {
      // Each reading of the clock is one step of the script: the first /info 50 ms (its connection opened), the second 5.
      const script = (...durations: number[]) => {
        const readings = durations.flatMap((d, i) => [i * 1000, i * 1000 + d]);
        return () => readings.shift() ?? 0;
      };
      const infoCount = () => at.server.seen.filter((r) => r.url === '/info').length;
      const listing = async (
        now: () => number,
        handler: Handler = (req, res) => reply(res, 200, req.url === '/info' ? JSON.stringify({ swift: swift10k }) : '[]'),
      ) => {
        at.server.seen.length = 0;
        at.handler = handler;
        const client = new SwiftClient(at.http, { storageUrl: `${at.server.origin}/v1/AUTH_t`, tokens: staticTokenSource('tok'), now });
        for await (const page of client.listObjects('c')) assert.deepEqual(page.entries, []);
        for await (const page of client.listContainers()) assert.deepEqual(page.entries, []);
        return limits();
      };
      assert.deepEqual(await listing(script(50, 5)), ['5000', '5000'], 'the faster of the two');
      assert.equal(infoCount(), 2, '/info timed once more, once per client');
      assert.deepEqual(await listing(script(50, 21)), ['10000', '10000'], 'far both times');
      assert.equal(infoCount(), 2);
      assert.deepEqual(await listing(script(20)), ['5000', '5000']);
      assert.equal(infoCount(), 1, 'close by at once: not timed again');
      assert.deepEqual(await listing(script(21, 50)), ['10000', '10000'], 'the faster is the first');
      let infos = 0;
      const secondFails: Handler = (req, res) => {
        if (req.url !== '/info') return reply(res, 200, '[]');
        if (++infos === 1) return reply(res, 200, JSON.stringify({ swift: swift10k }));
        res.destroy(); // the second /info fails: the first timing stands
      };
      assert.deepEqual(await listing(script(50, 1), secondFails), ['10000', '10000']);
      const rgw = { max_object_name_size: 1024 };
      assert.deepEqual(await listing(script(50, 1), (req, res) => reply(res, 200, req.url === '/info' ? JSON.stringify({ swift: rgw }) : '[]')), [
        '1000',
        '1000',
      ]);
      assert.equal(infoCount(), 1, 'not Swift: its distance does not matter');
    });

    it("keeps a smaller limit of the cluster's and the client's own page size", async () => {
      assert.deepEqual(await listWith({ ...swift10k, container_listing_limit: 3000 }, 1), ['3000', '3000']);
      assert.deepEqual(await listWith(swift10k, 1, 7000), ['7000', '7000'], 'the client option, even above 5,000');
    });
  });

  it("pages by Swift's default when /info is hidden, and asks /info only once for it", async () => {
    at.handler = (req, res) => (req.url === '/info' ? reply(res, 401) : reply(res, 200, '[]'));
    const client = swift();
    for await (const page of client.listContainers()) assert.deepEqual(page.entries, []);
    for await (const page of client.listContainers()) assert.deepEqual(page.entries, []);
    assert.deepEqual(requests(), ['GET /info', 'GET /v1/AUTH_t?format=json&limit=10000', 'GET /v1/AUTH_t?format=json&limit=10000']);
    const own = swift(7);
    for await (const page of own.listContainers({ prefix: 'ab', marker: 'zz' })) assert.ok(page);
    assert.equal(requests().at(-1), 'GET /v1/AUTH_t?format=json&limit=7&marker=zz&prefix=ab', 'a marker past the prefix is kept');
    for await (const page of own.listContainers({ prefix: 'ab', marker: 'a' })) assert.ok(page);
    assert.equal(
      requests().at(-1),
      `GET /v1/AUTH_t?format=json&limit=7&marker=aa${encodeURIComponent('\u{10FFFF}')}&prefix=ab`,
      'a marker before the prefix starts below it',
    );
    for await (const page of own.listContainers({ prefix: 'ab', reverse: true })) assert.ok(page);
    assert.equal(requests().at(-1), 'GET /v1/AUTH_t?format=json&limit=7&prefix=ab&reverse=true');
  });

  it('a cancel while the page size is read is a cancel, not a hidden /info', async () => {
    at.handler = (_req, res) => setTimeout(() => reply(res, 200, '{}'), 200);
    const pages = swift().listContainers({ signal: AbortSignal.abort() });
    assert.equal((await failure(pages.next())).kind, 'cancelled');
  });

  it('refuses a reverse listing on a server that lists forwards, unless there are fewer than two names', async () => {
    const names = ['a', 'b', 'c'];
    at.handler = (req, res) => {
      const q = new URLSearchParams(req.url.split('?')[1] ?? '');
      const limit = Number(q.get('limit') ?? 100);
      const after = q.get('marker') ?? '';
      const listed = names.filter((n) => n > after).slice(0, limit);
      reply(res, 200, JSON.stringify(listed.map((name) => ({ name, bytes: 1, hash: 'h' }))));
    };
    const e = await failure(swift(100).listObjects('c', { reverse: true }).next());
    assert.equal(e.kind, 'unsupported');
    assert.equal(e.message, 'Cannot list container "c" in reverse order: this server ignores reverse=true and lists forwards only.');
    names.splice(1);
    const one = await swift(100).listObjects('c', { reverse: true }).next();
    const page = one.done ? undefined : one.value;
    assert.deepEqual(
      page?.entries.map((x) => (x.kind === 'object' ? x.name : x.prefix)),
      ['a'],
    );
  });

  it('markerBelow never gives a lone surrogate and drops a final NUL', () => {
    assert.equal(markerBelow('b'), `a\u{10FFFF}`);
    assert.equal(markerBelow('x\0'), 'x');
    assert.equal(markerBelow('\ue000'), `\ud7ff\u{10FFFF}`);
  });
});

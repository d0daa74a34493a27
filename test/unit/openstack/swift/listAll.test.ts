/**
 * The full listing (SwiftClient.listAllObjects; one gap of gapListing.ts): exact server order, no gaps, no
 * duplicates, the overlap where the forward and backward cursors meet removed, whatever order the answers arrive in.
 * Against a loopback server that answers listings the way Swift 2.30 does (marker/end_marker/prefix/delimiter,
 * `reverse=true` swapping the bounds' roles, UTF-8 byte order), and against a scripted fetch for exact interleavings.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpClient } from '../../../../src/openstack/http';
import { isOpenStackError } from '../../../../src/openstack/errors';
import { SwiftClient, staticTokenSource } from '../../../../src/openstack/swift/client';
import { FetchRange, RangeQuery, peekListing } from '../../../../src/openstack/swift/fullListing';
import { ObjectEntry, compareNames, parseObjectListing, parseSwiftTimestamp } from '../../../../src/openstack/swift/listing';
import { FakeServer, SeenRequest, reply, startFakeServer } from '../../../support/loopbackServer';
import { recordedHttpClient } from '../../../support/recordedHttp';
import { ALPHABET, byteOrder, collect, object, oneGap, pythonJson, randomNames, rng, scriptedFetch, swiftListing } from './scriptedListing';

const EMPTY_MD5 = 'd41d8cd98f00b204e9800998ecf8427e';

describe('swift/listing: full listings', () => {
  describe('compareNames', () => {
    it("orders names as UTF-8 bytes (astral characters after U+FFFF), unlike JavaScript's <", () => {
      assert.ok('😀' < '\uff21', 'UTF-16 code units say emoji first');
      assert.ok(compareNames('\uff21', '😀') < 0, 'UTF-8 says U+FF21 first');
      assert.ok(compareNames('a', 'ab') < 0 && compareNames('ab', 'a') > 0 && compareNames('é', 'é') === 0);
      const random = rng(7);
      for (let i = 0; i < 20000; i++) {
        const [a, b] = randomNames(random, 2);
        const [x, y] = random() < 0.5 ? [a, b] : [b, a];
        assert.equal(Math.sign(compareNames(x, y)), Math.sign(byteOrder(x, y)), `${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
      }
    });
  });

  describe('parsing a page', () => {
    it("reads Swift's fixed timestamp form exactly like the general parser", () => {
      const general = (text: string) => new Date(`${text.slice(0, 23)}Z`).getTime();
      const random = rng(3);
      const pad = (n: number, w: number) => String(n).padStart(w, '0');
      for (let i = 0; i < 20000; i++) {
        const r = (k: number) => Math.floor(random() * k);
        const t = `${pad(100 + r(9900), 4)}-${pad(1 + r(12), 2)}-${pad(1 + r(31), 2)}T${pad(r(24), 2)}:${pad(r(60), 2)}:${pad(r(60), 2)}.${pad(r(1e6), 6)}`;
        assert.equal(parseSwiftTimestamp(t)?.getTime(), general(t), t);
      }
      assert.equal(parseSwiftTimestamp('0050-01-01T00:00:00.000000')?.toISOString(), '0050-01-01T00:00:00.000Z', 'years below 100');
      assert.equal(parseSwiftTimestamp('2024-13-01T00:00:00.000000'), undefined);
      assert.equal(parseSwiftTimestamp('2024-01-01T00:00:00.00000x'), undefined);
      assert.equal(parseSwiftTimestamp('2024-01-01 00:00:00.000000'), undefined);
    });

    it('keeps entries in order, folders and objects alike', () => {
      const entries = parseObjectListing([{ subdir: 'a/' }, { name: 'b', bytes: '3', last_modified: '2024-05-01T10:20:30.999999' }]);
      assert.deepEqual(entries[0], { kind: 'folder', prefix: 'a/' });
      assert.equal(entries[1].kind === 'object' && entries[1].bytes, 3);
      assert.equal(entries[1].kind === 'object' && entries[1].lastModified?.toISOString(), '2024-05-01T10:20:30.999Z');
    });
  });

  describe('peekListing (the next request goes out before a page is parsed)', () => {
    it("reads the count and the last name from Swift's text, whatever the names hold", () => {
      const tricky = ['plain', 'quote " inside', '"name": "fake"', 'back\\slash\\', 'x\\"name\\": \\"', 'nl\nline', 'é😀\uff21', '{"name":"y"}'];
      for (const last of tricky) {
        const names = ['a', '"name": "b"', last];
        for (const text of [pythonJson(names), JSON.stringify(names.map((name) => ({ name, bytes: 1 })))]) {
          assert.deepEqual(peekListing(text), { count: 3, last }, text);
          assert.deepEqual(
            JSON.parse(text).map((e: { name: string }) => e.name),
            names,
          );
        }
      }
      const random = rng(21);
      for (let i = 0; i < 300; i++) {
        const names = randomNames(random, 1 + Math.floor(random() * 5));
        assert.deepEqual(peekListing(pythonJson(names)), { count: names.length, last: names[names.length - 1] });
      }
      assert.equal(peekListing('[]'), undefined);
      assert.equal(peekListing('[{"subdir": "a/"}]'), undefined);
      assert.equal(peekListing('<html>'), undefined);
    });
  });

  describe('one gap with a scripted fetch (every order the answers can arrive in)', () => {
    it('is exact for every size around the page limit, from both ends and from one', async () => {
      for (const limit of [1, 2, 3, 5]) {
        for (let size = 0; size <= 4 * limit + 1; size++) {
          for (const bothEnds of [true, false, 'whenFull' as const]) {
            const backward = bothEnds !== false;
            const whenFull = bothEnds === 'whenFull';
            const random = rng(size * 31 + limit);
            const sorted = randomNames(random, size);
            const s = scriptedFetch(sorted, random);
            try {
              const names = await collect(oneGap(s.fetch, { limit, backward, whenFull }));
              assert.deepEqual(names, sorted, `limit ${limit}, ${size} names, bothEnds ${bothEnds}`);
            } finally {
              s.stop();
            }
          }
        }
      }
    });

    it('is exact under random arrival orders, with bounds and prefixes, and removes the overlap where the cursors meet', async () => {
      let overlaps = 0;
      for (let seed = 1; seed <= 300; seed++) {
        const random = rng(seed);
        const sorted = randomNames(random, Math.floor(random() * 200));
        const limit = 1 + Math.floor(random() * 20);
        const after = random() < 0.3 && sorted.length ? sorted[Math.floor(random() * sorted.length)] : undefined;
        const before = random() < 0.3 && sorted.length ? sorted[Math.floor(random() * sorted.length)] : undefined;
        const prefix = random() < 0.2 ? ALPHABET[Math.floor(random() * ALPHABET.length)] : undefined;
        const expected = sorted.filter(
          (n) => (!prefix || n.startsWith(prefix)) && (after === undefined || byteOrder(n, after) > 0) && (before === undefined || byteOrder(n, before) < 0),
        );
        const s = scriptedFetch(sorted, random);
        try {
          const names = await collect(oneGap(s.fetch, { limit, backward: true, after, before, prefix })).catch((e: Error) => {
            throw new Error(`seed ${seed}: ${JSON.stringify({ limit, after, before, prefix })}: ${e.message}`);
          });
          assert.deepEqual(names, expected, `seed ${seed}: ${JSON.stringify({ limit, after, before, prefix })}`);
          // Pages that crossed: names fetched by both sides (then dropped from the backward side).
          if (s.queries.length * limit > expected.length + limit) overlaps++;
        } finally {
          s.stop();
        }
      }
      assert.ok(overlaps > 10, `the random orders made the cursors cross often enough (${overlaps})`);
    });

    it('removes exactly the overlap when both full pages cross', async () => {
      // 10 names, limit 6: forward gets a..f, backward gets j..e: e and f are fetched twice.
      const sorted = 'abcdefghij'.split('');
      const answers: Array<(v: ObjectEntry[]) => void> = [];
      const queries: RangeQuery[] = [];
      let aborted = 0;
      const fetch: FetchRange = (q) => {
        queries.push(q);
        return new Promise((resolve, reject) => {
          let settled = false;
          answers.push((v) => {
            settled = true;
            resolve(v);
          });
          q.signal.addEventListener('abort', () => {
            if (!settled) reject(new Error(`aborted ${++aborted}`));
          });
        });
      };
      const pages = oneGap(fetch, { limit: 6, backward: true });
      const first = pages.next();
      await new Promise((r) => setImmediate(r));
      assert.equal(queries.length, 2);
      assert.deepEqual([queries[0].reverse, queries[1].reverse], [false, true]);
      answers[0](sorted.slice(0, 6).map(object)); // forward: a b c d e f
      const yielded = [(await first).value as ObjectEntry[]];
      answers[1](sorted.slice(4).reverse().map(object)); // backward: j i h g f e
      for await (const page of { [Symbol.asyncIterator]: () => pages }) yielded.push(page);
      assert.deepEqual(
        yielded.map((p) => p.map((e) => e.name).join('')),
        ['abcdef', 'ghij'],
      );
      // The forward side asked for more before the backward page arrived: that request was cancelled.
      assert.equal(queries.length, 3);
      assert.deepEqual([queries[2].reverse, queries[2].marker], [false, 'f']);
      assert.equal(aborted, 1);
    });

    it("sends a side's next request from the text of a full page, before it is parsed, and stays exact", async () => {
      for (let seed = 1; seed <= 150; seed++) {
        const random = rng(seed * 17);
        const sorted = randomNames(random, Math.floor(random() * 120));
        const limit = 1 + Math.floor(random() * 15);
        for (const bothEnds of [false, true]) {
          const s = scriptedFetch(sorted, random, pythonJson);
          try {
            assert.deepEqual(await collect(oneGap(s.fetch, { limit, backward: bothEnds })), sorted, `seed ${seed}, both ends ${bothEnds}`);
          } finally {
            s.stop();
          }
          if (!bothEnds && sorted.length >= 2 * limit) {
            // One cursor: every request after the first was sent from the text of the page before it.
            const markers = s.queries.map((q) => q.marker);
            assert.deepEqual(markers, [undefined, ...Array.from({ length: markers.length - 1 }, (_, i) => sorted[(i + 1) * limit - 1])]);
          }
        }
      }
    });

    it('cancels an early request whose guess was wrong, and sends the right one', async () => {
      const sorted = 'abcdefghij'.split('');
      let aborted = 0;
      const queries: RangeQuery[] = [];
      const fetch: FetchRange = (q) => {
        queries.push(q);
        const lo = q.marker;
        const page = sorted.filter((n) => lo === undefined || n > lo).slice(0, q.limit);
        // A text that lies about the last name: the early request must not be used.
        setImmediate(() => q.onText?.(pythonJson([...page.slice(0, -1), 'zzz'])));
        return new Promise((resolve, reject) => {
          const t = setTimeout(() => resolve(page.map(object)), 5);
          q.signal.addEventListener('abort', () => {
            clearTimeout(t);
            aborted++;
            reject(new Error('aborted'));
          });
        });
      };
      assert.deepEqual(await collect(oneGap(fetch, { limit: 4 })), sorted);
      const used = queries.filter((q) => q.marker !== 'zzz').map((q) => q.marker);
      assert.deepEqual(used, [undefined, 'd', 'h']);
      assert.ok(aborted >= 2, `the wrong early requests were cancelled (${aborted})`);
    });

    it('bounds the waste: the sides stop at each other, and with a known count the last pages barely overlap', async () => {
      for (let seed = 1; seed <= 200; seed++) {
        const random = rng(seed * 7);
        const sorted = randomNames(random, Math.floor(random() * 300));
        const limit = 1 + Math.floor(random() * 30);
        for (const known of [false, true]) {
          const s = scriptedFetch(sorted, random);
          const fetched: number[] = [];
          const counting: FetchRange = (q) => s.fetch(q).then((e) => (fetched.push(e.length), e));
          try {
            // As SwiftClient.listAllObjects does: the count (a HEAD) decides whether to read from the end at all.
            const count = known ? Promise.resolve(sorted.length) : undefined;
            const backward = count ? count.then((n) => n > limit) : true;
            const names = await collect(oneGap(counting, { limit, backward, count }));
            assert.deepEqual(names, sorted, `seed ${seed}`);
          } finally {
            s.stop();
          }
          const total = fetched.reduce((a, b) => a + b, 0);
          const slack = known ? 2 : 2 * limit;
          assert.ok(total <= sorted.length + slack, `seed ${seed}, known ${known}: fetched ${total} for ${sorted.length} (limit ${limit})`);
        }
      }
    });

    it('stays exact when the count is wrong', async () => {
      for (let seed = 1; seed <= 100; seed++) {
        const random = rng(seed * 13);
        const sorted = randomNames(random, Math.floor(random() * 100));
        const limit = 1 + Math.floor(random() * 10);
        const wrong = Math.max(0, sorted.length + Math.floor(random() * 40) - 20);
        const s = scriptedFetch(sorted, random);
        try {
          assert.deepEqual(await collect(oneGap(s.fetch, { limit, backward: true, count: Promise.resolve(wrong) })), sorted, `seed ${seed}`);
        } finally {
          s.stop();
        }
      }
    });

    it('starts the backward cursor only once told to, or once a page comes back full', async () => {
      const sorted = 'abcdefgh'.split('');
      let s = scriptedFetch(sorted, rng(2));
      try {
        assert.deepEqual(await collect(oneGap(s.fetch, { limit: 100, backward: Promise.resolve(false) })), sorted);
        assert.equal(s.queries.filter((q) => q.reverse).length, 0);
      } finally {
        s.stop();
      }
      s = scriptedFetch(sorted, rng(2));
      try {
        assert.deepEqual(await collect(oneGap(s.fetch, { limit: 100, backward: true, whenFull: true })), sorted);
        assert.deepEqual(s.queries.length, 1, 'a listing shorter than a page: one request');
      } finally {
        s.stop();
      }
      s = scriptedFetch(sorted, rng(2));
      try {
        assert.deepEqual(await collect(oneGap(s.fetch, { limit: 2, backward: true, whenFull: true })), sorted);
        assert.equal(s.queries[0].reverse, false);
        assert.ok(s.queries.some((q) => q.reverse));
      } finally {
        s.stop();
      }
    });

    it('cancels what is in flight when the consumer stops early', async () => {
      const sorted = randomNames(rng(5), 100);
      const s = scriptedFetch(sorted, rng(5));
      try {
        for await (const page of oneGap(s.fetch, { limit: 10, backward: true })) {
          assert.ok(page.length > 0);
          break;
        }
        assert.equal(s.aborted(), 1, 'the backward request in flight was aborted');
      } finally {
        s.stop();
      }
    });

    it('refuses pages that are out of order or beyond their bound', async () => {
      const outOfOrder: FetchRange = async (q) => (q.reverse ? [] : ['b', 'a'].map(object));
      await assert.rejects(collect(oneGap(outOfOrder, { limit: 5 })), (e) => isOpenStackError(e, 'badResponse'));
      const beyond: FetchRange = async (q) => (q.marker === 'm' ? ['z'].map(object) : ['a'].map(object));
      await assert.rejects(collect(oneGap(beyond, { limit: 1, before: 'c' })), (e) => isOpenStackError(e, 'badResponse'));
      await assert.rejects(collect(oneGap(outOfOrder, { limit: 0 })), (e) => isOpenStackError(e, 'invalidInput'));
    });
  });

  describe('SwiftClient.listAllObjects (loopback Swift)', () => {
    let server: FakeServer;
    let http: HttpClient;
    let sorted: string[];
    /** Names listed the way Ceph RGW lists a static large object's manifest (its size, the MD5 of nothing). */
    let manifests = new Set<string>();
    let failReverse = false;
    let getDelayMs = 0;
    /** HEADs held unanswered until the test releases them (a server slow to count a large container). */
    let holdHeads = false;
    const heldHeads: Array<() => void> = [];

    before(async () => {
      server = await startFakeServer((req: SeenRequest, res) => {
        const [path, query = ''] = req.url.split('?');
        // Swift's /info (max_object_name_length): its pages are full but the last, so a short page ends the listing.
        if (path === '/info') return reply(res, 200, JSON.stringify({ swift: { container_listing_limit: 7, max_object_name_length: 1024 } }));
        const q = new URLSearchParams(query);
        if (req.method === 'HEAD' && path.startsWith('/v1/AUTH_t/c/')) {
          return reply(res, 200, '', { 'content-length': '4242', etag: '"slo-etag"', 'x-static-large-object': 'True' });
        }
        if (req.method === 'HEAD') {
          const answer = () => reply(res, 204, '', { 'x-container-object-count': String(sorted.length) });
          if (holdHeads) heldHeads.push(answer);
          else answer();
          return;
        }
        // The backward cursor's requests fail (not the probe of two names that shows reverse=true is honoured).
        if (failReverse && q.get('reverse') === 'true' && q.get('limit') !== '2') return reply(res, 500, 'no');
        // Answer in a random order so the cursors interleave differently each time.
        const headers = { 'content-type': 'application/json', 'x-container-object-count': String(sorted.length) };
        const listing = swiftListing(sorted, q).map((e) => ('name' in e && manifests.has(e.name) ? { ...e, bytes: 169, hash: EMPTY_MD5 } : e));
        setTimeout(() => reply(res, 200, JSON.stringify(listing), headers), getDelayMs + Math.random() * 3);
      });
      http = recordedHttpClient({ retry: { maxRetries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 } });
    });
    after(async () => {
      await http.close();
      await server.close();
    });
    beforeEach(() => {
      server.seen.length = 0;
      failReverse = false;
      getDelayMs = 0;
      holdHeads = false;
      manifests = new Set();
    });
    afterEach(() => heldHeads.splice(0).forEach((answer) => answer()));

    const swift = (pageLimit?: number) =>
      new SwiftClient(http, { storageUrl: `${server.origin}/v1/AUTH_t`, tokens: staticTokenSource('tok-123456'), pageLimit });

    async function all(client: SwiftClient, opts: Parameters<SwiftClient['listAllObjects']>[1] = {}, container = 'c'): Promise<string[]> {
      const names: string[] = [];
      for await (const batch of client.listAllObjects(container, opts)) for (const e of batch) names.push(e.name);
      return names;
    }

    it('lists everything exactly with 1, 2, 3 and 6 requests at once, at every size around the page limit', async () => {
      const random = rng(11);
      for (const size of [0, 1, 6, 7, 8, 14, 15, 50, 301]) {
        const names = randomNames(random, size);
        // Folders too (a delimited listing is never part of a full one).
        sorted = [...names, ...names.slice(0, size >> 1).map((n) => `dir${n.length % 3}/${n}`)].sort(byteOrder);
        for (const concurrency of [1, 2, 3, 6]) {
          const listed = await all(swift(), { concurrency });
          assert.equal(new Set(listed).size, listed.length, `no duplicates (size ${size}, concurrency ${concurrency})`);
          assert.deepEqual(listed, sorted, `size ${size}, concurrency ${concurrency}`);
        }
      }
    });

    it('uses the /info page size, sends the bounds encoded, and reads a small container with one cursor', async () => {
      sorted = ['a+b', 'c d', 'e&f'];
      assert.deepEqual(await all(swift(), { concurrency: 2 }), sorted);
      // The reverse check goes out beside the HEAD (the count unknown yet); nothing reads backwards.
      const probe = '/v1/AUTH_t/c?format=json&limit=2&reverse=true';
      const gets = server.seen.filter((r) => r.method === 'GET' && r.url !== '/info' && r.url !== probe);
      assert.equal(gets.length, 1, 'HEAD said 3 objects: no backward cursor');
      assert.equal(gets[0].url, '/v1/AUTH_t/c?format=json&limit=7');
      sorted = randomNames(rng(4), 20).map((n) => `p+${n}`);
      const client = swift(3);
      // Another container's name (the server lists the same names): a request the first listing cancelled at its end
      // may still reach the server meanwhile, and is not these listings'.
      assert.deepEqual(await all(client, { prefix: 'p+', concurrency: 2 }, 'pc'), sorted);
      assert.deepEqual(await all(client, { prefix: 'p+', concurrency: 2 }, 'pc'), sorted);
      const own = server.seen.filter((r) => r.url.split('?')[0] === '/v1/AUTH_t/pc');
      const ownProbe = '/v1/AUTH_t/pc?format=json&limit=2&reverse=true';
      assert.equal(own.filter((r) => r.url === ownProbe).length, 1, 'reverse=true checked once per client');
      const reverse = own.filter((r) => r.url.includes('reverse=true') && r.url !== ownProbe);
      assert.ok(reverse.length > 0);
      assert.match(reverse[0].url, /^\/v1\/AUTH_t\/pc\?format=json&limit=3(&end_marker=p%2B[^&]*)?&prefix=p%2B&reverse=true$/);
      assert.ok(own.filter((r) => r.url.includes('end_marker=')).length > 0, 'later requests are bounded');
    });

    it('by default reads a large container from both ends, with the count from a HEAD and no delimited listing', async () => {
      sorted = Array.from({ length: 120 }, (_, i) => `${'abcdef'[i % 6]}/${i}`)
        .concat('c/', 'top')
        .sort(byteOrder);
      assert.deepEqual(await all(swift(10)), sorted);
      assert.equal(server.seen.filter((r) => r.url.includes('delimiter=')).length, 0, 'no delimited listing');
      // (A HEAD of an earlier listing, cancelled when it ended first, may still reach the server: at least one.)
      assert.ok(server.seen.filter((r) => r.method === 'HEAD').length >= 1, 'a HEAD for the count');
      assert.ok(
        server.seen.some((r) => r.url.includes('reverse=true') && r.url.includes('limit=10')),
        'a backward cursor',
      );
      // Another container's name (the server lists the same names): a request the first listing cancelled at its end
      // may still reach the server after this one starts, and is not this listing's.
      assert.deepEqual(await all(swift(10), { concurrency: 1 }, 'one'), sorted);
      const own = server.seen.filter((r) => r.url.split('?')[0] === '/v1/AUTH_t/one');
      assert.ok(own.length > 0, 'the one-cursor listing was sent');
      assert.equal(own.filter((r) => r.method === 'HEAD' || r.url.includes('reverse=true')).length, 0, 'one cursor: no HEAD, no backward cursor');
    });

    it("takes the caller's count instead of a HEAD", async () => {
      sorted = randomNames(rng(6), 30);
      assert.deepEqual(await all(swift(7), { count: 30 }), sorted);
      assert.equal(server.seen.filter((r) => r.method === 'HEAD').length, 0);
      assert.ok(
        server.seen.some((r) => r.url.includes('reverse=true')),
        '30 > 7: from both ends at once',
      );
      // Another container's name: a backward request the first listing cancelled at its end may still reach the server.
      assert.deepEqual(await all(swift(), { count: 3 }, 'wrong'), sorted, 'a wrong count changes the plan, not the result');
      const own = server.seen.filter((r) => r.url.split('?')[0] === '/v1/AUTH_t/wrong');
      assert.ok(own.length > 0, 'the second listing was sent');
      assert.equal(own.filter((r) => r.method !== 'GET' || r.url.includes('reverse=true')).length, 0);
    });

    it('starts the second cursor without the count when the HEAD is slow (the server is building a large page)', async () => {
      sorted = randomNames(rng(8), 40);
      // The HEAD is answered only after the listing: a listing that waited for it would never end (mocha's timeout).
      // Pages take longer than SECOND_CURSOR_AFTER_MS (timers of this one process: the client's fires first).
      holdHeads = true;
      getDelayMs = 250;
      assert.deepEqual(await all(swift(10), { concurrency: 2 }), sorted);
      assert.equal(server.seen.filter((r) => r.method === 'HEAD').length, 1, 'the HEAD was asked');
      assert.ok(
        server.seen.some((r) => r.url.includes('reverse=true') && !r.url.includes('limit=2&')),
        'a backward cursor ran before the HEAD answered',
      );
    });

    it('keeps the sizes a HEAD corrected (RGW manifests) in the pages it writes to the temporary file', async () => {
      sorted = randomNames(rng(15), 60);
      manifests = new Set(sorted.filter((_, i) => i % 3 === 0));
      const dir = mkdtempSync(join(tmpdir(), 'oss-amended-'));
      try {
        const entries: ObjectEntry[] = [];
        for await (const batch of swift(5).listAllObjects('c', { count: 60, spill: { heldEntries: 0, dir } })) entries.push(...batch);
        assert.deepEqual(
          entries.map((e) => e.name),
          sorted,
        );
        for (const e of entries) {
          assert.deepEqual([e.bytes, e.sloEtag], manifests.has(e.name) ? [4242, 'slo-etag'] : [1, undefined], e.name);
        }
        // How many pages the backward cursor gets before the sides meet depends on timing (it waits while a page is
        // written); with nothing held in memory, any backward page went through the file.
        assert.ok(server.seen.filter((r) => r.url.includes('reverse=true')).length > 0, 'pages were read backwards (and written to the file)');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('names the container when a request fails, and stops the other cursor', async () => {
      sorted = randomNames(rng(9), 100);
      failReverse = true;
      await assert.rejects(all(swift()), (e) => isOpenStackError(e, 'server') && /container "c"/.test((e as Error).message));
    });
  });
});

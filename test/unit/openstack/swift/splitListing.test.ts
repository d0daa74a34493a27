/**
 * The full listing for servers without a backward listing (splitListing.ts, splitPoints.ts): several forward cursors
 * over ranges split at names the server tells. Against a scripted server that answers as Ceph RGW 16 does
 * (`reverse=true` ignored, pages a few names short in the middle of a listing), answers released in random orders:
 * exactly the server's names, in its order (or each once, as they arrive), whatever the names and their spread.
 */
import * as assert from 'node:assert/strict';
import { isOpenStackError } from '../../../../src/openstack/errors';
import type { FetchRange, RangeQuery } from '../../../../src/openstack/swift/fullListing';
import { listSplit, type SplitOptions } from '../../../../src/openstack/swift/splitListing';
import { classEnd, justPast, nameBetween, prefixEnds, spread } from '../../../../src/openstack/swift/splitPoints';
import { ALPHABET, assertListed, byteOrder, collect, namesInRange, object, randomNames, randomRelease, rng, swiftListing } from './scriptedListing';

/**
 * A server answering like RGW: forward only, and (`short`) a page 1–3 names short while more names follow. Answers
 * are released in a random order. Records each request and how many page requests were in flight at most.
 */
function rgwServer(sorted: string[], random: () => number, short = true) {
  const server = randomRelease(random);
  const queries: RangeQuery[] = [];
  let pagesInFlight = 0;
  let mostPagesAtOnce = 0;
  const fetch: FetchRange = (q) => {
    queries.push(q);
    const params = new URLSearchParams({ limit: String(q.limit + 1) });
    if (q.marker !== undefined) params.set('marker', q.marker);
    if (q.endMarker !== undefined) params.set('end_marker', q.endMarker);
    if (q.prefix) params.set('prefix', q.prefix);
    const names = swiftListing(sorted, params).map((e) => (e as { name: string }).name);
    const more = names.length > q.limit;
    const cut = short && more && q.limit > 1 ? Math.min(q.limit - 1, 1 + Math.floor(random() * 3)) : 0;
    const answer = names.slice(0, q.limit - cut).map(object);
    const page = q.limit > 1;
    if (page) mostPagesAtOnce = Math.max(mostPagesAtOnce, ++pagesInFlight);
    return server.hold(answer, q.signal, () => void (page && pagesInFlight--));
  };
  return { fetch, queries, stop: server.stop, mostPagesAtOnce: () => mostPagesAtOnce };
}

/** Lists with `options`, checks the answer is exactly `expected` (server order) or each once (arrival order). */
async function listed(sorted: string[], random: () => number, options: Omit<SplitOptions, 'shortPagesEnd'>, what: string, short = true) {
  const server = rgwServer(sorted, random, short);
  try {
    const names = await collect(listSplit(server.fetch, { shortPagesEnd: !short, ...options }));
    assertListed(names, namesInRange(sorted, options), options.order, what);
    return server;
  } finally {
    server.stop();
  }
}

/** The end markers the reader set itself (split points): the ranges' bounds. */
const splitsOf = (queries: RangeQuery[], before?: string) => new Set(queries.filter((q) => q.limit > 1 && q.endMarker !== before).map((q) => q.endMarker));

const ASTRAL = ['😀', '𝄞', '\u{10ffff}', '\u{10000}'];
const EDGE_CHARS = ['\u007f', '\u0080', '\u07ff', '\u0800', '\ud7ff', '\ue000', '\uffff', '\u0001', ' ', 'a', 'z', '~', ...ASTRAL];

describe('swift/splitListing: forward cursors over ranges split at names the server tells', function () {
  this.timeout(120_000); // property tests: seconds on a loaded machine
  describe('nameBetween (split candidates)', () => {
    it('is strictly between its bounds, valid Unicode (no lone surrogate, no NUL), for hostile and close names', () => {
      const random = rng(5);
      const pick = () => {
        let s = '';
        const n = 1 + Math.floor(random() * 5);
        for (let i = 0; i < n; i++) {
          const pool = random() < 0.5 ? EDGE_CHARS : ALPHABET;
          s += pool[Math.floor(random() * pool.length)];
        }
        return s;
      };
      let found = 0;
      for (let i = 0; i < 10000; i++) {
        const common = random() < 0.3 ? 'x'.repeat(Math.floor(random() * 40)) : '';
        const [lo, hi] = [common + pick(), common + pick()].sort(byteOrder);
        const open = random() < 0.2;
        const c = nameBetween(lo, open ? undefined : hi, random(), open ? common : '');
        if (lo === hi || c === undefined) continue;
        found++;
        const what = JSON.stringify({ lo, hi, open, c });
        assert.ok(byteOrder(c, lo) > 0, what);
        if (!open) assert.ok(byteOrder(c, hi) < 0, what);
        assert.equal(Buffer.from(c, 'utf8').toString('utf8'), c, `${what}: not valid UTF-8`);
        assert.ok(!c.includes('\0'), what);
      }
      assert.ok(found > 7500, `a candidate found for most pairs (${found})`);
    });

    it('interpolates in byte order: halfway, a third and the open end where names are expected', () => {
      assert.equal(nameBetween('a', 'c', 0.5), 'b');
      assert.equal(nameBetween('dir00/x', 'dir40/x', 0.5), 'dir20/x'.slice(0, 6));
      assert.equal(nameBetween('a', 'z', 1 / 3)?.[0], 'i');
      assert.equal(nameBetween('a', '\u0080', 0.5)?.[0], 'n', 'a bound beyond the letters is aimed below them');
      assert.equal(nameBetween('0', '\u{10ffff}', 0.5)?.[0], '5', 'and beyond the digits');
      assert.equal(nameBetween('.', '\u{10ffff}', 0.5)?.[0], 'W', 'and beyond ASCII');
      assert.deepEqual(prefixEnds('p/a/b-c', 'p/'), ['p/a\u{10ffff}', 'p/a/\u{10ffff}', 'p/a/b-\u{10ffff}']);
      // An open end: the rest of byte space after the prefix; the prefix is kept.
      const open = nameBetween('p/a', undefined, 0.5, 'p/');
      assert.ok(open?.startsWith('p/') && byteOrder(open, 'p/a') > 0 && byteOrder(open, 'p/\u0080') < 0, open);
      // Names that differ only in their last character, and a name and its extension.
      assert.equal(nameBetween('ab', 'ac', 0.5)?.slice(0, 2), 'ab');
      assert.ok(byteOrder(nameBetween('abc', 'abcz', 0.5) as string, 'abc') > 0);
      assert.equal(nameBetween('a', 'a\u0001', 0.5), undefined, 'nothing fits between');
      // Just past a name: U+0001 after it (no name holds NUL), unless that is longer than a name can be (1,024 bytes).
      assert.equal(justPast('a/é'), 'a/é\u0001');
      assert.equal(justPast('x'.repeat(1023)), `${'x'.repeat(1023)}\u0001`);
      assert.equal(justPast('x'.repeat(1022) + 'é'), undefined);
      assert.equal(classEnd('p/a', 'p/'), 'p/\u0080');
      assert.equal(classEnd('é', ''), '\u0800');
      assert.equal(classEnd('中', ''), '\u{10000}');
      assert.equal(classEnd('😀', ''), undefined);
      assert.equal(classEnd('p/', 'p/'), undefined);
      assert.ok(spread('a', 'z') > spread('aa', 'az') && spread('a', 'z') > spread('a', 'b'));
      assert.equal(spread('b', 'a'), -Infinity);
    });
  });

  describe('listSplit against an RGW-like server', () => {
    it('is exact for every size around the page limit, at every concurrency, in both orders', async () => {
      for (const limit of [1, 2, 3, 5]) {
        for (let size = 0; size <= 4 * limit + 2; size++) {
          for (const concurrency of [1, 2, 4]) {
            for (const order of ['server', 'arrival'] as const) {
              const random = rng(size * 131 + limit * 7 + concurrency);
              const sorted = randomNames(random, size);
              await listed(sorted, random, { limit, concurrency, order }, `limit ${limit}, ${size} names, concurrency ${concurrency}, ${order}`);
            }
          }
        }
      }
    });

    it('is exact under random arrival orders, with bounds, prefixes and short pages, and splits at real names', async () => {
      let split = 0;
      for (let seed = 1; seed <= 200; seed++) {
        const random = rng(seed);
        const sorted = randomNames(random, Math.floor(random() * 300));
        const limit = 1 + Math.floor(random() * 20);
        const pick = () => (random() < 0.3 && sorted.length ? sorted[Math.floor(random() * sorted.length)] : undefined);
        const after = pick();
        const before = pick();
        const prefix = random() < 0.2 ? ALPHABET[Math.floor(random() * ALPHABET.length)] : undefined;
        const concurrency = 1 + Math.floor(random() * 6);
        const order = random() < 0.5 ? ('server' as const) : ('arrival' as const);
        const options = { limit, after, before, prefix, concurrency, order };
        const server = await listed(sorted, random, options, `seed ${seed}: ${JSON.stringify(options)}`, random() < 0.8);
        const splits = splitsOf(server.queries, before);
        // Every split point is a name the server has (a probe's answer), never a guessed candidate.
        for (const s of splits) assert.ok(s !== undefined && sorted.includes(s), `seed ${seed}: split at ${JSON.stringify(s)}`);
        if (splits.size) split++;
      }
      assert.ok(split > 30, `ranges were split often enough (${split})`);
    });

    it('splits skewed, non-ASCII and long-prefix names and reads them with several cursors at once', async () => {
      const shapes: Record<string, string[]> = {
        'long shared prefix': Array.from({ length: 3000 }, (_, i) => `deep/l1/l2/l3/l4/l5/${'x'.repeat(200)}/file-${String(i).padStart(5, '0')}.json`),
        'all non-ASCII': Array.from({ length: 3000 }, (_, i) => `${['中', 'é', '😀', '\uff21'][i % 4]}${String.fromCodePoint(0x4e00 + (i % 500))}-${i}`),
        'skewed: most names in one folder, a few far apart': [
          'a',
          ...Array.from({ length: 2900 }, (_, i) => `m/${String(i).padStart(5, '0')}`),
          '~z',
          '\u{10ffff}',
          '😀',
        ],
        'tree like the bench': ['assets', 'data', 'logs', 'media', 'src'].flatMap((top) =>
          Array.from({ length: 600 }, (_, i) => `${top}/part-${String(i % 7).padStart(3, '0')}/obj-${String(i).padStart(5, '0')}.bin`),
        ),
      };
      for (const [shape, names] of Object.entries(shapes)) {
        const sorted = [...new Set(names)].sort(byteOrder);
        for (const order of ['server', 'arrival'] as const) {
          const server = await listed(sorted, rng(shape.length), { limit: 100, concurrency: 4, order }, `${shape}, ${order}`);
          // Known weakness: with 4 probes per slot the guesses run out before they reach the end of a long shared
          // prefix (one cursor), and one big folder between far names is split once.
          const atLeast = { 'long shared prefix': 1, 'skewed: most names in one folder, a few far apart': 2 }[shape] ?? 3;
          assert.ok(server.mostPagesAtOnce() >= atLeast, `${shape}: ${server.mostPagesAtOnce()} cursors at once`);
          const pages = server.queries.filter((q) => q.limit > 1).length;
          const probes = server.queries.length - pages;
          // ~30 pages of names, one empty page ending each range, a few short pages: no page read twice in full.
          assert.ok(pages <= Math.ceil(sorted.length / 97) + 2 * (probes + 1), `${shape}: ${pages} pages, ${probes} probes`);
        }
      }
    });

    it('with a prefix, bounds inside it and empty ranges', async () => {
      const sorted = randomNames(rng(9), 500);
      const random = rng(10);
      for (const prefix of ['a', 'é', '😀', '中', 'no-such']) {
        for (const order of ['server', 'arrival'] as const) {
          await listed(sorted, random, { limit: 4, prefix, concurrency: 4, order }, `prefix ${prefix}`);
          await listed(sorted, random, { limit: 4, prefix, concurrency: 3, order, after: `${prefix}z`, before: `${prefix}~` }, `prefix ${prefix}, bounds`);
        }
      }
      await listed([], random, { limit: 3, concurrency: 4 }, 'an empty container');
      await listed(sorted, random, { limit: 3, concurrency: 4, after: 'b', before: 'b' }, 'an empty range');
    });

    it('stays exact when the held ranges go to a temporary file, and a cancel stops it', async () => {
      const sorted = randomNames(rng(11), 2000);
      await listed(sorted, rng(12), { limit: 20, concurrency: 5, spill: { heldEntries: 0 } }, 'every held page in the file');
      await listed(sorted, rng(13), { limit: 20, concurrency: 5, spill: { heldEntries: 25 } }, 'a budget of about a page');
      const server = rgwServer(sorted, rng(14));
      const controller = new AbortController();
      try {
        let pages = 0;
        await assert.rejects(
          (async () => {
            for await (const page of listSplit(server.fetch, { limit: 20, concurrency: 4, shortPagesEnd: false, signal: controller.signal })) {
              assert.ok(page.length > 0);
              if (++pages === 3) controller.abort();
            }
          })(),
          (e) => isOpenStackError(e, 'cancelled'),
        );
      } finally {
        server.stop();
      }
      await assert.rejects(collect(listSplit(server.fetch, { limit: 0, concurrency: 2, shortPagesEnd: false })), (e) => isOpenStackError(e, 'invalidInput'));
    });
  });
});

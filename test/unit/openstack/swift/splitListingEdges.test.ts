/**
 * The RGW split listing's edges (splitListing.ts), each with an exact expectation: the requests sent (pages, probes,
 * their markers and end markers) when the answers come in a fixed order, how many are in flight at once, what each
 * range holds and writes to the temporary file, a page trimmed at its range's new end, probes that come too late,
 * arrival order, cancels and errors. The property tests (splitListing.test.ts) check that listings stay exact in
 * random orders; these check what they do not see.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOpenStackError, OpenStackError } from '../../../../src/openstack/errors';
import type { RangeQuery } from '../../../../src/openstack/swift/fullListing';
import { listSplit, type SplitOptions } from '../../../../src/openstack/swift/splitListing';
import { isNameOnly, NO_OBJECT_WANTED } from '../../../../src/openstack/swift/listingNames';
import { classEnd, nameBetween, prefixEnds, spread } from '../../../../src/openstack/swift/splitPoints';
import { byteOrder, pythonJson, rng } from './scriptedListing';
import { type Paced, pacedRgw, pagesOf, watchFiles, writtenForm } from './pacedRgw';

/** Lists `sorted` with a paced server; the pages, the requests, and the server (stopped). */
async function run(sorted: string[], options: Partial<SplitOptions>, paced: Paced = {}) {
  const server = pacedRgw(sorted, paced);
  try {
    const sent = { log: server.log, counts: [] as number[] };
    const pages = await pagesOf(listSplit(server.fetch, { limit: 3, concurrency: 2, shortPagesEnd: false, ...options }), sent);
    return { pages, names: pages.join(',').split(',').filter(Boolean), log: server.log, counts: sent.counts, server };
  } finally {
    server.stop();
  }
}

const letters = (n: number) => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + i));
/** Folders of files, e.g. `b/03`. */
const tree = (folders: string, files: number) => [...folders].flatMap((f) => Array.from({ length: files }, (_, i) => `${f}/${String(i).padStart(2, '0')}`));
/** The 'abort' listeners on `signal`, kept up to date. */
function listenersOf(signal: AbortSignal): Set<unknown> {
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  const listening = new Set<unknown>();
  signal.addEventListener = ((...a: Parameters<typeof add>) => (a[0] === 'abort' && listening.add(a[1]), add(...a))) as typeof add;
  signal.removeEventListener = ((...a: Parameters<typeof remove>) => (a[0] === 'abort' && listening.delete(a[1]), remove(...a))) as typeof remove;
  return listening;
}
const probesIn = (log: string[]) => log.filter((l) => l.endsWith(' 1'));

describe('swift/splitListing: edges with exact expectations', function () {
  it('refuses a page size that is not a positive integer, naming it, and accepts 1', async () => {
    for (const limit of [0, -1, 1.5, Number.NaN]) {
      await assert.rejects(
        listSplit(() => Promise.reject(new Error('no request expected')), { limit, concurrency: 2, shortPagesEnd: false }).next(),
        (e) => isOpenStackError(e, 'invalidInput') && (e as Error).message === `A listing page size must be a positive integer, not ${limit}.`,
      );
    }
    assert.deepEqual((await run(['a', 'b'], { limit: 1, concurrency: 1 })).pages, ['a', 'b']);
  });

  it('with one cursor reads page after page: to an empty page on RGW, to a short one where short pages end', async () => {
    const rgw = await run(letters(7), { concurrency: 1 });
    assert.deepEqual(rgw.pages, ['a,b,c', 'd,e,f', 'g']);
    assert.deepEqual(rgw.log, ['- - 3', 'c - 3', 'f - 3', 'g - 3']);
    const swift = await run(letters(7), { concurrency: 1, shortPagesEnd: true });
    assert.deepEqual(swift.log, ['- - 3', 'c - 3', 'f - 3']);
    // The bounds and the prefix are the range's: never a backward request.
    const bounded = await run(['p/a', 'p/b', 'p/c', 'p/d', 'q'], { concurrency: 1, prefix: 'p/', after: 'p/a', before: 'p/d' });
    assert.deepEqual(bounded.pages, ['p/b,p/c']);
    assert.deepEqual(bounded.log, ['p/a p/d 3 prefix=p/', 'p/c p/d 3 prefix=p/']);
  });

  it('with two cursors: one probe past the first page, the range split at the name found, each range read to an empty page', async () => {
    // Page 1 (a–d) is full: the one free slot probes the open range once, halfway from `d` to the end of the
    // lower-case letters (`o\u007f`: a bound beyond the names' kind is aimed below it); the server answers `p`, so (d, p) and [p, end) are read side by side. The last
    // range's probe (`y\u007f`, after page `x`) comes back after the cursor read `y, z`: too late, dropped.
    const r = await run(letters(26), { limit: 4, concurrency: 2 });
    assert.deepEqual(r.log, ['- - 4', 'd - 4', 'o\u007f - 1', 'h - 4', 'p - 4', 'l p 4', 't - 4', 'o p 4', 'x - 4', 'y\u007f - 1', 'z - 4']);
    assert.deepEqual(r.pages, ['a,b,c,d', 'e,f,g,h', 'i,j,k,l', 'm,n,o', 'p', 'q,r,s,t', 'u,v,w,x', 'y,z']);
    // Server order: the range [p, end) waits until (d, p) has ended; then its first name and held page come at once.
    assert.deepEqual(r.counts, [1, 3, 5, 7, 9, 9, 9, 10]);
    assert.equal(r.server.most(), 2);
    // Arrival order: the same requests; each page and the probe's name as they come.
    const a = await run(letters(26), { limit: 4, concurrency: 2, order: 'arrival' });
    assert.deepEqual(a.log, r.log);
    assert.deepEqual(a.pages, ['a,b,c,d', 'e,f,g,h', 'p', 'i,j,k,l', 'q,r,s,t', 'm,n,o', 'u,v,w,x', 'y,z']);
    assert.deepEqual(a.counts, [1, 3, 4, 5, 6, 7, 8, 10]);
  });

  it('with four cursors over folders: probes past the folder ends and the class end, then into the widest range', async () => {
    const r = await run(tree('abcdefgh', 6), { concurrency: 4 });
    assert.deepEqual(r.names, tree('abcdefgh', 6));
    assert.deepEqual(r.log, [
      '- - 3',
      'a/02 - 3',
      'g\u524c - 1',
      'n\u0017\u0017 - 1',
      't\u0343 - 1',
      'a/05 - 3',
      'h/00 - 3',
      'd\ud8f1\udc00 h/00 1',
      'b/02 h/00 3',
      'e/0 h/00 1',
      'h/03 - 3',
      'e/00 h/00 3',
      'b/05 e/00 3',
      'k## - 1',
      'h/05 - 3',
      'e/03 h/00 3',
      'c/02 e/00 3',
      'f\ud8f1\udc00 h/00 1',
      'f/00 h/00 3',
      'd/0 e/00 1',
      'c/05 e/00 3',
      'g/00 h/00 3',
      'f/03 g/00 3',
      'd/00 e/00 3',
      'g/03 h/00 3',
      'f/05 g/00 3',
      'g\ud8f1\udc00 h/00 1',
      'd/03 e/00 3',
      'g/05 h/00 3',
      'd\u01a1\u0001 e/00 1',
      'd\udbff\udfff\udbff\udfff e/00 1',
      'd/05 e/00 3',
    ]);
    assert.deepEqual(r.counts, [1, 5, 8, 12, 16, 20, 24, 27, 31, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32]);
    assert.equal(r.server.most(), 4, 'never more than four requests at once, and four when there is work for them');
  });

  it('when probes come back first: pages trimmed at the new ends, exact in server and in arrival order', async () => {
    const probesFirst = (pending: readonly RangeQuery[]) =>
      Math.max(
        0,
        pending.findIndex((q) => q.limit === 1),
      );
    const r = await run(tree('abcdefgh', 6), { concurrency: 4 }, { pick: probesFirst });
    assert.deepEqual(r.names, tree('abcdefgh', 6));
    assert.deepEqual(r.log, [
      '- - 3',
      'a/02 - 3',
      'g\u524c - 1',
      'n\u0017\u0017 - 1',
      't\u0343 - 1',
      'h/00 - 3',
      'd\ud8f1\udc00 h/00 1',
      'e/00 h/00 3',
      'c/0 e/00 1',
      'c/00 e/00 3',
      'a/05 c/00 3',
      'h/03 - 3',
      'e/03 h/00 3',
      'c/03 e/00 3',
      'b/02 c/00 3',
      'h/05 - 3',
      'f/00 h/00 3',
      'd/00 e/00 3',
      'b/05 c/00 3',
      'g/0 h/00 1',
      'g/00 h/00 3',
      'f/03 g/00 3',
      'd/03 e/00 3',
      'g/03 h/00 3',
      'f/05 g/00 3',
      'd/05 e/00 3',
      'g\ud8f1\udc00 h/00 1',
      'gW\u0666\u0001 h/00 1',
      'gCc\udbff\udfff h/00 1',
      'g9I\udbff\udfff h/00 1',
      'g4<\udbff\udfff h/00 1',
      'g1\udbff\udfff\udbff\udfff h/00 1',
      'g0q\u0527 h/00 1',
      'g/\udbff\udfff\udbff\udfff h/00 1',
      'g/5\u0019 h/00 1',
      'g/2\u8000 h/00 1',
      'g/05 h/00 3',
    ]);
    assert.deepEqual(r.counts, [1, 10, 14, 18, 23, 23, 23, 23, 25, 37, 37, 37, 37, 37, 37, 37, 37, 37, 37, 37]);
    const a = await run(tree('abcdefgh', 6), { concurrency: 4, order: 'arrival' }, { pick: probesFirst });
    assert.deepEqual(a.log, r.log);
    assert.deepEqual(a.pages, [
      'a/00,a/01,a/02',
      'h/00',
      'e/00',
      'c/00',
      'a/03,a/04,a/05',
      'h/01,h/02,h/03',
      'e/01,e/02,e/03',
      'c/01,c/02,c/03',
      'b/00,b/01,b/02',
      'h/04,h/05',
      'e/04,e/05,f/00',
      'c/04,c/05,d/00',
      'b/03,b/04,b/05',
      'g/00',
      'f/01,f/02,f/03',
      'd/01,d/02,d/03',
      'g/01,g/02,g/03',
      'f/04,f/05',
      'd/04,d/05',
      'g/04,g/05',
    ]);
  });

  it('guesses after the prefix, and sends it with every request', async () => {
    const sorted = ['a', ...tree('abcdefgh', 6).map((n) => `p/${n}`), 'q'];
    const r = await run(sorted, { concurrency: 3, prefix: 'p/' });
    assert.deepEqual(r.names, sorted.slice(1, -1));
    assert.deepEqual(r.log, [
      '- - 3 prefix=p/',
      'p/a/02 - 3 prefix=p/',
      'p/i\udbff\udfff\udbff\udfff - 1 prefix=p/',
      'p/rdd - 1 prefix=p/',
      'p/a/05 - 3 prefix=p/',
      'p/eq\u0011 - 1 prefix=p/',
      'p/b/02 - 3 prefix=p/',
      'p/e\udbff\udfff\udbff\udfff - 1 prefix=p/',
      'p/f/00 - 3 prefix=p/',
      'p/b/05 p/f/00 3 prefix=p/',
      'p/d/0 p/f/00 1 prefix=p/',
      'p/f/03 - 3 prefix=p/',
      'p/c/02 p/f/00 3 prefix=p/',
      'p/d/00 p/f/00 3 prefix=p/',
      'p/g/00 - 3 prefix=p/',
      'p/c/05 p/d/00 3 prefix=p/',
      'p/d/03 p/f/00 3 prefix=p/',
      'p/g/03 - 3 prefix=p/',
      'p/hq\u0011 - 1 prefix=p/',
      'p/e/00 p/f/00 3 prefix=p/',
      'p/h/00 - 3 prefix=p/',
      'p/e\ud8f1\udc00 p/f/00 1 prefix=p/',
      'p/e/03 p/f/00 3 prefix=p/',
      'p/h/03 - 3 prefix=p/',
      'p/eW\u0666\u0001 p/f/00 1 prefix=p/',
      'p/e/05 p/f/00 3 prefix=p/',
      'p/h/05 - 3 prefix=p/',
    ]);
  });

  it('probes an open range past the shallowest folders of its last name first, then past its class of characters', async () => {
    // After x/p/c/f2 with three slots free: the ends of the folders `x` and `x/` (not the deeper `x/p/`, `x/p/c/`,
    // which end about a page later), then one name between x/p/c/f2 and the end of the letters.
    const deep = ['x', 'y', 'z'].flatMap((a) => ['p', 'q'].flatMap((b) => Array.from({ length: 8 }, (_, i) => `${a}/${b}/c/f${i}`)));
    const r = await run(deep, { concurrency: 4 });
    assert.deepEqual(r.names, deep);
    assert.deepEqual(r.log, [
      '- - 3',
      'x/p/c/f2 - 3',
      'x\udbff\udfff - 1',
      'x/\udbff\udfff - 1',
      'y\u064e - 1',
      'x/p/c/f5 - 3',
      'y/p/c/f0 - 3',
      'x\ud931\udc00 y/p/c/f0 1',
      'z/p/c/f0 - 3',
      'x/q/c/f0 y/p/c/f0 3',
      'y/p/c/f3 z/p/c/f0 3',
      'y\ud931\udc00 z/p/c/f0 1',
      'z/p/c/f3 - 3',
      'x/q/c/f3 y/p/c/f0 3',
      'y/p/c/f6 z/p/c/f0 3',
      'z\udbff\udfff - 1',
      'z/p/c/f6 - 3',
      'x/q/c/f6 y/p/c/f0 3',
      'y/q/c/f1 z/p/c/f0 3',
      'zW\udbff\udfff\udbff\udfff - 1',
      'z/q/c/f1 - 3',
      'x/q/c/f7 y/p/c/f0 3',
      'y/q/c/f4 z/p/c/f0 3',
      'yW\udbff\udfff\udbff\udfff z/p/c/f0 1',
      'z/q/c/f4 - 3',
      'y/q/c/f7 z/p/c/f0 3',
      'y<\udbff\udfff\udbff\udfff z/p/c/f0 1',
      'yJG\udaea\uddff z/p/c/f0 1',
      'z/q/c/f7 - 3',
      'zC\u0504 - 1',
      'z<\udbff\udfff\udbff\udfff - 1',
      'zJG\udaea\uddff - 1',
    ]);
  });

  it('sends at most probesPerSlot × concurrency probes', async () => {
    const r = await run(tree('abcdefgh', 6), { concurrency: 3, probesPerSlot: 1 });
    assert.deepEqual(r.names, tree('abcdefgh', 6));
    assert.deepEqual(r.log, [
      '- - 3',
      'a/02 - 3',
      'i\udbff\udfff\udbff\udfff - 1',
      'rdd - 1',
      'a/05 - 3',
      'eq\u0011 - 1',
      'b/02 - 3',
      'f/00 - 3',
      'b/05 f/00 3',
      'f/03 - 3',
      'c/02 f/00 3',
      'g/00 - 3',
      'c/05 f/00 3',
      'g/03 - 3',
      'd/02 f/00 3',
      'h/00 - 3',
      'd/05 f/00 3',
      'h/03 - 3',
      'e/02 f/00 3',
      'h/05 - 3',
      'e/05 f/00 3',
    ]);
    assert.equal(probesIn(r.log).length, 3);
  });

  it('splits a range whose page came at least 90 % full, not one whose page came shorter', async () => {
    // 9 of 10 names (RGW's pages a few names short mid-listing): nearly full, worth splitting.
    const nine = await run(tree('abcdefgh', 6), { limit: 10, concurrency: 2 }, { short: 1 });
    assert.deepEqual(nine.names, tree('abcdefgh', 6));
    assert.deepEqual(nine.log, [
      '- - 10',
      'b/02 - 10',
      'n\u0646 - 1',
      'c/05 - 10',
      'h\udbff\udfff\udbff\udfff - 1',
      'e/02 - 10',
      'f\udbff\udfff\udbff\udfff - 1',
      'f/05 - 10',
      'g/00 - 10',
      'h/03 - 10',
      'hW\u0666\u0001 - 1',
      'h/05 - 10',
    ]);
    // 8 of 10: read by one cursor, never probed.
    const eight = await run(tree('abcdefgh', 6), { limit: 10, concurrency: 2 }, { short: 2 });
    assert.deepEqual(eight.names, tree('abcdefgh', 6));
    assert.deepEqual(eight.log, ['- - 10', 'b/01 - 10', 'c/03 - 10', 'd/05 - 10', 'f/01 - 10', 'g/03 - 10', 'h/05 - 10']);
  });
  it('sends nothing when cancelled before it starts; a cancel during a request says "cancelled"', async () => {
    // The second page is never answered until it is cancelled.
    const server = pacedRgw(letters(6), { hold: (q) => q.marker === 'b' });
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(listSplit(server.fetch, { limit: 2, concurrency: 2, shortPagesEnd: false, signal: controller.signal }).next(), (e) =>
      isOpenStackError(e, 'cancelled'),
    );
    assert.deepEqual(server.log, []);
    // The request in flight fails when cancelled ("aborted"): the listing says "cancelled", not the request's error.
    const later = new AbortController();
    const seen: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const page of listSplit(server.fetch, { limit: 2, concurrency: 2, shortPagesEnd: false, signal: later.signal })) {
          seen.push(page.map((e) => e.name).join(','));
          setImmediate(() => later.abort());
        }
      })(),
      (e) => isOpenStackError(e, 'cancelled') && (e as Error).message === 'Cancelled: the listing.',
    );
    server.stop();
    assert.deepEqual(seen, ['a,b']);
    assert.ok(server.aborted() >= 1);
  });

  it('hands over no page once cancelled, not even one a server answered after the cancel', async () => {
    const controller = new AbortController();
    // Cancelled as the second request goes out; the deaf server answers it anyway.
    const server = pacedRgw(letters(12), { deaf: true, sent: (q) => q.marker === 'b' && controller.abort() });
    const seen: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const page of listSplit(server.fetch, { limit: 2, concurrency: 1, shortPagesEnd: false, signal: controller.signal })) {
          seen.push(page.map((e) => e.name).join(','));
        }
      })(),
      (e) => isOpenStackError(e, 'cancelled'),
    );
    server.stop();
    assert.deepEqual(server.log, ['- - 2', 'b - 2']);
    assert.deepEqual(seen, ['a,b']);
  });

  it("a request's own error comes out as it is", async () => {
    const boom = new OpenStackError('server', 'Swift failed: 503.');
    const server = pacedRgw(tree('abcd', 6), { fail: (q) => (q.marker === 'b/02' ? boom : undefined) });
    await assert.rejects(pagesOf(listSplit(server.fetch, { limit: 3, concurrency: 2, shortPagesEnd: false })), (e) => e === boom);
    server.stop();
  });

  it('when the caller stops early: the requests in flight cancelled, its signal and the temporary file let go', async () => {
    const files = watchFiles();
    const dir = mkdtempSync(join(tmpdir(), 'oss-split-edges-'));
    const controller = new AbortController();
    const listening = listenersOf(controller.signal);
    try {
      const server = pacedRgw(tree('abcdefgh', 6));
      let pages = 0;
      for await (const page of listSplit(server.fetch, {
        limit: 3,
        concurrency: 4,
        shortPagesEnd: false,
        signal: controller.signal,
        spill: { heldEntries: 0, dir },
      })) {
        assert.ok(page.length);
        if (++pages === 3) break;
      }
      server.stop();
      assert.ok(server.aborted() >= 1, 'the requests still out are cancelled');
      assert.equal(server.inFlight(), 0, 'none left out');
      assert.equal(files.open, 0, 'every temporary file closed');
      assert.equal(listening.size, 0);
      // And after a listing that ends normally.
      await run(letters(5), { signal: controller.signal });
      assert.equal(listening.size, 0);
    } finally {
      files.restore();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  describe('later ranges held in a temporary file', () => {
    let dir = '';
    let files: ReturnType<typeof watchFiles>;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'oss-split-held-'));
      files = watchFiles();
    });
    afterEach(() => {
      files.restore();
      rmSync(dir, { recursive: true, force: true });
    });
    /** Each write: T (the server's text, as sent) or E (the entries, serialised), and its names. */
    const written = () => files.writes.map(writtenForm);

    it("writes a page as the server's text, and one trimmed at its range's new end as its entries: exact either way", async () => {
      // Answers in random orders: probes split ranges while their pages are out; a page trimmed at its range's new
      // end still has the names beyond it in its text, which must not be what is read back. (Which pages are trimmed
      // depends on the disk's timing too, so the writes are checked by their form, the names exactly.)
      let text = 0;
      for (let seed = 1; seed <= 12; seed++) {
        const random = rng(seed);
        files.writes.length = 0;
        const r = await run(
          tree('abcdefgh', 6),
          { concurrency: 4, spill: { heldEntries: 0, dir } },
          { text: true, pick: (p) => Math.floor(random() * p.length) },
        );
        assert.deepEqual(r.names, tree('abcdefgh', 6), `seed ${seed}`);
        text += written().filter((w) => w.startsWith('T')).length;
      }
      assert.ok(text > 12, `pages the server's text says exactly are written as it is (${text})`);
      assert.ok(files.paths.length >= 12 && files.paths.every((p) => p.startsWith(join(dir, 'openstack-storage-listing-'))), files.paths.join());
    });

    it('names only: a held page is written as its names alone and read back so; no page parsed in full', async () => {
      // Objects that JSON.parse refuses (a size that is no JSON value) but whose names are read well, as
      // SwiftClient.listAllNames asks every page: only held pages kept as their names get through.
      const textOf = (names: string[]) => pythonJson(names).replaceAll('"bytes": 1,', '"bytes": many,');
      const names: string[] = [];
      const server = pacedRgw(tree('abcdefgh', 6), { text: true, textOf });
      const fetch: typeof server.fetch = (q) => server.fetch({ ...q, wanted: NO_OBJECT_WANTED });
      const options = { limit: 3, concurrency: 4, shortPagesEnd: false, spill: { heldEntries: 0, dir } };
      try {
        for await (const page of listSplit(fetch, { ...options, namesOnly: true })) {
          assert.ok(page.every(isNameOnly), page.map((e) => e.name).join());
          names.push(...page.map((e) => e.name));
        }
      } finally {
        server.stop();
      }
      assert.deepEqual(names, tree('abcdefgh', 6));
      const writes = files.writes.map((w) => JSON.parse(w) as unknown[]);
      assert.ok(writes.length >= 3 && writes.every((w) => w.every((n) => typeof n === 'string')), files.writes.join(' | '));
      // Held as the server's text instead, the same pages are refused when parsed back.
      const again = pacedRgw(tree('abcdefgh', 6), { text: true, textOf });
      const fetchAgain: typeof again.fetch = (q) => again.fetch({ ...q, wanted: NO_OBJECT_WANTED });
      try {
        await assert.rejects(pagesOf(listSplit(fetchAgain, options)), (e: unknown) => isOpenStackError(e, 'badResponse'));
      } finally {
        again.stop();
      }
    });

    it('shares the names held in memory among the ranges that can be ahead: heldEntries / (concurrency - 1) each', async () => {
      // 9 names for 3 ranges ahead: 3 each, so each range's first held page of 3 stays in memory, later ones go to
      // the file (which ones depends on the disk's timing). With the whole budget for each range none would.
      const probesFirst = (pending: readonly RangeQuery[]) =>
        Math.max(
          0,
          pending.findIndex((q) => q.limit === 1),
        );
      const r = await run(tree('abcdefgh', 6), { concurrency: 4, spill: { heldEntries: 9, dir } }, { text: true, pick: probesFirst });
      assert.deepEqual(r.names, tree('abcdefgh', 6));
      assert.ok(files.writes.length >= 1 && files.writes.length < 12, written().join(' | '));
    });
  });
});

describe('swift/splitPoints: each candidate exactly where the byte-space interpolation puts it', () => {
  // Each row: lo, hi (undefined: the listing's end), fraction, prefix (optional), and the candidate. The rows sit at
  // the edges of the UTF-8 length classes (U+0080, U+0800, U+10000), the lead bytes that start no character, the
  // surrogates (never a candidate: U+E000 instead), the kinds a bound is aimed below (digits, letters), and names
  // that differ late: a change in how a character's place is computed or decoded moves at least one of them.
  const rows: Array<[string, string | undefined, number, string | undefined, string | undefined]> = [
    ['\u0800\ue000', undefined, 1 / 3, undefined, '\u6335'],
    ['ab\uffff', '\u4e2d\ue000', 0.75, undefined, 't\u067a\u0002'],
    ['aaaa\u007f', '\u0fff\u{10ffff}', 0.25, undefined, 'g\u{10ffff}\u{10ffff}'],
    ['~\u0001', '\u00bf\u0fff', 0.25, undefined, '~\u00a0'],
    ['\u07ff\u007f', '\u{1f600}Z', 0.5, undefined, '\u0800'],
    ['\ud7ff\u00bf', '\u{4ffff}\u00bf', 0.9, undefined, '\u{10000}'],
    ['\ud7ffdir40/x', undefined, 0.25, undefined, '\ue7c0'],
    ['\u{10000}', '\u{10ffff}', 0.5, undefined, '\u{8ffff}'],
    ['\u{10000}', undefined, 0.5, undefined, '\u{a8000}'],
    ['\u0001', '\u{1f600} ', 0.5, undefined, '@\u007f'],
    ['\u00e9\u007f', undefined, 0.1, undefined, '\u01be\u0001'],
    ['\u0fff\u{10ffff}', undefined, 1 / 3, '\u0fff', '\u0fff\u{10ffff}?'],
    ['A\u00e9', 'abcd\u{10000}', 0.1, undefined, 'D\u000e,'],
    ['zab', '\u{1f600}0', 0.01, undefined, 'zb\u{10ffff}'],
    ['\u0080\u4e2d', '\ud000\u4e2d', 1 / 3, undefined, '\u0325\u0002\u{10ffff}'],
    ['\uffff\u07ff', '\u{1d11e}aaaa', 0.9, undefined, undefined],
    // Halfway from U+D000 to U+E000 is U+D800, a surrogate: U+E000 instead, which is no name below U+E000.
    ['\ud000', '\ue000', 0.5, undefined, undefined],
    ['\ud000', '\ue001', 0.5, undefined, '\ue000'],
    // Without a prefix an open range runs to the end of the names that start like `lo`'s first character's class.
    ['a', undefined, 0.5, undefined, 'n'],
  ];
  const hex = (s: string | undefined) => (s === undefined ? 'none' : Array.from(s, (c) => (c.codePointAt(0) as number).toString(16)).join(' '));

  it('nameBetween', () => {
    for (const [lo, hi, fraction, prefix, expected] of rows) {
      const got = prefix === undefined ? nameBetween(lo, hi, fraction) : nameBetween(lo, hi, fraction, prefix);
      assert.equal(hex(got), hex(expected), `${hex(lo)} .. ${hex(hi)} at ${fraction}`);
      if (got !== undefined) assert.ok(byteOrder(got, lo) > 0 && (hi === undefined || byteOrder(got, hi) < 0));
    }
    // At most 1,024 bytes, Swift's longest name: a candidate of exactly 1,024 is kept, one of 1,025 is not.
    assert.equal(nameBetween(`${'x'.repeat(1023)}a`, `${'x'.repeat(1023)}c`, 0.5), `${'x'.repeat(1023)}b`);
    assert.equal(nameBetween(`${'x'.repeat(1024)}a`, `${'x'.repeat(1024)}c`, 0.5), undefined);
  });

  it('spread: the width of a range on a log scale, from the first character where the ends differ', () => {
    const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} != ${b}`);
    close(spread('ab\uffff', '\u4e2d\ue000'), 4.678669765104439);
    close(spread('aaaa\u007f', '\u0fff\u{10ffff}'), 4.678955968976892);
    close(spread('\u0001', '\u{1f600} '), 6.9886846867721655);
    close(spread('\u0800\ue000', undefined), 3.9140113285412546);
    // Without a prefix, the open end is the end of the first character's class.
    close(spread('a', undefined), 4.700439718141092);
  });

  it('prefixEnds and classEnd: the folder ends and class ends probed when a range has no end', () => {
    assert.deepEqual(prefixEnds('a/b'), ['a\u{10ffff}', 'a/\u{10ffff}']);
    assert.deepEqual(prefixEnds('\u0001'), [], 'a one-character name has no folder of its own');
    assert.deepEqual(prefixEnds('p/a/b/', 'p/'), ['p/a\u{10ffff}', 'p/a/\u{10ffff}'], 'nor a name ending in a separator below itself');
    // A folder end longer than 1,024 bytes is no marker Swift takes.
    const deep = `${'x'.repeat(1019)}/a`;
    assert.deepEqual(prefixEnds(deep), ['x\u{10ffff}', `${'x'.repeat(1019)}/\u{10ffff}`]);
    assert.deepEqual(prefixEnds(`${'x'.repeat(1022)}/a`), ['x\u{10ffff}']);
    assert.equal(classEnd('é'), '\u0800');
    assert.equal(classEnd('\u007f'), '\u0080');
    assert.equal(classEnd('\u07ff'), '\u0800');
    assert.equal(classEnd('\uffff'), '\u{10000}');
    assert.equal(classEnd('\u{10000}\u4e2d'), undefined);
  });
});

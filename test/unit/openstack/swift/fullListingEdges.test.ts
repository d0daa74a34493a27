/**
 * The full listing's edges with one gap (gapListing.ts with `gaps: 1`: two cursors, or one) and heldPages.ts, each
 * with an exact expectation: the requests sent in a fixed answer order (page sizes from a known count, the early
 * request sent from a page's text, the bounds), the sentence of each bad page, cancels, and the temporary file's own
 * failures (short writes and reads, its name and mode). The property tests (listAll.test.ts, heldPages.test.ts) check that listings stay exact in random orders;
 * these check what they do not see: how many requests, of what size, and what a failure says.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { isOpenStackError } from '../../../../src/openstack/errors';
import { FetchRange, RangeQuery, peekListing } from '../../../../src/openstack/swift/fullListing';
import type { GapOptions } from '../../../../src/openstack/swift/gapListing';
import { HeldPages } from '../../../../src/openstack/swift/heldPages';
import { ObjectEntry } from '../../../../src/openstack/swift/listing';
import { object, oneGap, pythonJson, requestLine as line, swiftListing } from './scriptedListing';

/**
 * Swift's answers computed when the request is sent, each released a macrotask later, in the order sent (a fixed
 * interleaving). `text`: the page's text is announced (onText) first, a macrotask before the entries.
 */
function orderedSwift(sorted: string[], text = false) {
  const log: string[] = [];
  const queries: RangeQuery[] = [];
  let aborted = 0;
  const fetch: FetchRange = (q) => {
    log.push(line(q));
    queries.push(q);
    const params = new URLSearchParams({ limit: String(q.limit) });
    if (q.marker !== undefined) params.set('marker', q.marker);
    if (q.endMarker !== undefined) params.set('end_marker', q.endMarker);
    if (q.prefix) params.set('prefix', q.prefix);
    if (q.reverse) params.set('reverse', 'true');
    const names = swiftListing(sorted, params).map((e) => (e as { name: string }).name);
    return new Promise<ObjectEntry[]>((resolve, reject) => {
      const onAbort = () => (aborted++, reject(new Error('aborted')));
      q.signal.addEventListener('abort', onAbort, { once: true });
      const answer = () =>
        setImmediate(() => {
          q.signal.removeEventListener('abort', onAbort);
          if (!q.signal.aborted) resolve(names.map(object));
        });
      if (text) setImmediate(() => (q.signal.aborted || q.onText?.(pythonJson(names)), answer()));
      else answer();
    });
  };
  return { fetch, log, queries, aborted: () => aborted };
}

/** The pages' names; `sent`: how many requests had gone out when each page was handed over. */
async function pagesOf(pages: AsyncIterable<ObjectEntry[]>, sent?: { log: string[]; counts: number[] }): Promise<string[]> {
  const out: string[] = [];
  for await (const page of pages) {
    out.push(page.map((e) => e.name).join(','));
    sent?.counts.push(sent.log.length);
  }
  return out;
}

const letters = (n: number) => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + i));

describe('swift/fullListing and heldPages: edges with exact expectations', () => {
  describe('one gap (two cursors, or one)', () => {
    it('refuses a page size that is not a positive integer, naming it, and accepts 1', async () => {
      for (const limit of [0, -1, 1.5, Number.NaN]) {
        await assert.rejects(
          oneGap(orderedSwift([]).fetch, { limit }).next(),
          (e) => isOpenStackError(e, 'invalidInput') && (e as Error).message === `A listing page size must be a positive integer, not ${limit}.`,
        );
      }
      assert.deepEqual(await pagesOf(oneGap(orderedSwift(['a', 'b']).fetch, { limit: 1 })), ['a', 'b']);
    });

    it('reads forward only: every request after the last name, no early request without a text', async () => {
      const s = orderedSwift(letters(7));
      const sent = { log: s.log, counts: [] as number[] };
      assert.deepEqual(await pagesOf(oneGap(s.fetch, { limit: 3 }), sent), ['a,b,c', 'd,e,f', 'g']);
      assert.deepEqual(s.log, ['F - - 3', 'F c - 3', 'F f - 3']);
      assert.deepEqual(sent.counts, [1, 2, 3], 'in server order the next request goes out once the page is used');
      // A known count changes nothing for one cursor: full pages to the end.
      const t = orderedSwift(letters(7));
      assert.deepEqual(await pagesOf(oneGap(t.fetch, { limit: 3, count: Promise.resolve(7) })), ['a,b,c', 'd,e,f', 'g']);
      assert.deepEqual(t.log, ['F - - 3', 'F c - 3', 'F f - 3']);
    });

    it('sends the next request from a full page’s text before the page is parsed, and none after a short one', async () => {
      const s = orderedSwift(letters(7), true);
      const sent = { log: s.log, counts: [] as number[] };
      assert.deepEqual(await pagesOf(oneGap(s.fetch, { limit: 3, prefix: '' }), sent), ['a,b,c', 'd,e,f', 'g']);
      assert.deepEqual(s.log, ['F - - 3', 'F c - 3', 'F f - 3']);
      // The first page's text came after its request was the side's own: the second request went out from it. The
      // second page's text came before the first page was taken in (this fetch's timing): no early request from it.
      assert.deepEqual(sent.counts, [2, 2, 3]);
      assert.equal(s.aborted(), 0, 'every early request was the right one');
      // A page of exactly the limit at the end: its early request is sent and answers empty.
      const t = orderedSwift(letters(6), true);
      assert.deepEqual(await pagesOf(oneGap(t.fetch, { limit: 3 })), ['a,b,c', 'd,e,f']);
      assert.deepEqual(t.log, ['F - - 3', 'F c - 3', 'F f - 3']);
    });

    it('reads from both ends, each side bounded by the other, and holds the backward pages until they meet', async () => {
      const s = orderedSwift(letters(10));
      assert.deepEqual(await pagesOf(oneGap(s.fetch, { limit: 3, backward: true })), ['a,b,c', 'd,e,f', 'g', 'h,i,j']);
      // The second forward request went out before the first backward page came: unbounded; the third stops at h.
      assert.deepEqual(s.log, ['F - - 3', 'B - - 3', 'F c - 3', 'B h c 3', 'F f h 3']);
      assert.equal(s.aborted(), 1, 'the forward request in flight when the sides met');
    });

    it('with a known count asks each side for its share of what is left, plus one name', async () => {
      // 25 names, limit 10, the backward side started by the first full page. Forward: 25 - 10 = 15 left, both sides
      // start now: half of 15 rounded up, plus one: 9. Backward: 15 - 9 in flight = 6, plus one: 7. Then the forward
      // side would have 25 - 19 - 7 < 0 left: the backward request in flight covers it, nothing is sent.
      const s = orderedSwift(letters(25));
      const pages = await pagesOf(oneGap(s.fetch, { limit: 10, backward: true, whenFull: true, count: Promise.resolve(25) }));
      assert.deepEqual(pages, ['a,b,c,d,e,f,g,h,i,j', 'k,l,m,n,o,p,q,r,s', 't,u,v,w,x,y']);
      assert.deepEqual(s.log, ['F - - 10', 'F j - 9', 'B - j 7']);
      // Both sides from the start (the count not known yet): full pages; then the forward side 20 - 8 - 8 = 4 left, plus one.
      const t = orderedSwift(letters(20));
      // (The forward page i..m crossed the backward one, m..t: it is cut where the backward side's names start.)
      assert.deepEqual(await pagesOf(oneGap(t.fetch, { limit: 8, backward: true, count: Promise.resolve(20) })), [
        'a,b,c,d,e,f,g,h',
        'i,j,k,l',
        'm,n,o,p,q,r,s,t',
      ]);
      assert.deepEqual(t.log, ['F - - 8', 'B - - 8', 'F h - 5']);
    });

    it('ignores a count that is negative, not finite or refused, and reads on when the count is too small', async () => {
      const unknown = orderedSwift(letters(10));
      assert.deepEqual(await pagesOf(oneGap(unknown.fetch, { limit: 3, backward: true, count: Promise.resolve(undefined) })), ['a,b,c', 'd,e,f', 'g', 'h,i,j']);
      for (const count of [
        Promise.resolve(-1),
        Promise.resolve(Number.NaN),
        Promise.resolve(Number.POSITIVE_INFINITY),
        Promise.reject(new Error('HEAD failed')),
      ]) {
        const s = orderedSwift(letters(10));
        assert.deepEqual(await pagesOf(oneGap(s.fetch, { limit: 3, backward: true, count })), ['a,b,c', 'd,e,f', 'g', 'h,i,j']);
        assert.deepEqual(s.log, unknown.log);
      }
      assert.deepEqual(unknown.log, ['F - - 3', 'B - - 3', 'F c - 3', 'B h c 3', 'F f h 3']);
      // A count that is too small (names were added since): once nothing is left by the count, a side sends nothing
      // while the other's request is out, and a full page when none is; they read on until they meet.
      for (const wrong of [0, 6]) {
        const s = orderedSwift(letters(10));
        assert.deepEqual(await pagesOf(oneGap(s.fetch, { limit: 3, backward: true, count: Promise.resolve(wrong) })), ['a,b,c', 'd,e,f', 'g', 'h,i,j']);
        assert.deepEqual(s.log, ['F - - 3', 'B - - 3', 'F c h 3', 'F f h 3'], `count ${wrong}`);
      }
    });

    it("sizes each side's early request (sent from its page's text) by the count, and uses it when its guess was right", async () => {
      const cases: Array<[number, number, number | undefined, string[], string[]]> = [
        // 20 names, limit 8: each early request asks 20 - 8 (its own page) - 8 (the other side's) = 4, plus one.
        [20, 8, 20, ['a,b,c,d,e,f,g,h', 'i,j,k,l', 'm,n,o,p,q,r,s,t'], ['F - - 8', 'B - - 8', 'F h - 5', 'B m - 5']],
        [25, 10, 25, ['a,b,c,d,e,f,g,h,i,j', 'k,l,m,n,o', 'p,q,r,s,t,u,v,w,x,y'], ['F - - 10', 'B - - 10', 'F j - 6', 'B p - 6']],
        // A count of 10 for 20 names: nothing left by the count, so no early request (not one of 0 names).
        [20, 8, 10, ['a,b,c,d,e,f,g,h', 'i,j,k,l', 'm,n,o,p,q,r,s,t'], ['F - - 8', 'B - - 8', 'F h m 8']],
        // No count: full pages; the backward early request was the right guess and became the side's request.
        [10, 3, undefined, ['a,b,c', 'd,e,f', 'g', 'h,i,j'], ['F - - 3', 'B - - 3', 'F c - 3', 'B h - 3', 'F f h 3']],
      ];
      for (const [n, limit, count, pages, log] of cases) {
        const s = orderedSwift(letters(n), true);
        const what = `${n} names, limit ${limit}, count ${count}`;
        assert.deepEqual(
          await pagesOf(oneGap(s.fetch, { limit, backward: true, count: count === undefined ? undefined : Promise.resolve(count) })),
          pages,
          what,
        );
        assert.deepEqual(s.log, log, what);
        assert.equal(s.aborted(), count === 10 ? 0 : 1, `${what}: only the request out when the sides met is cancelled`);
      }
    });

    it('reads forward only when the promise of reading backwards is refused or says no', async () => {
      for (const backward of [Promise.reject(new Error('HEAD failed')), Promise.resolve(false)]) {
        const s = orderedSwift(letters(7));
        assert.deepEqual(await pagesOf(oneGap(s.fetch, { limit: 3, backward })), ['a,b,c', 'd,e,f', 'g']);
        assert.deepEqual(s.log, ['F - - 3', 'F c - 3', 'F f - 3']);
      }
      const s = orderedSwift(letters(7));
      assert.deepEqual(await pagesOf(oneGap(s.fetch, { limit: 3, backward: Promise.resolve(true) })), ['a,b,c', 'd', 'e,f,g']);
      // The answer is known once the first request is out: only then does the backward side start.
      assert.deepEqual(s.log, ['F - - 3', 'B - - 3', 'F c - 3', 'B e c 3']);
    });

    it("starts the backward side on 'whenFull' only after a full forward page", async () => {
      const s = orderedSwift(letters(7));
      assert.deepEqual(await pagesOf(oneGap(s.fetch, { limit: 3, backward: true, whenFull: true })), ['a,b,c', 'd,e,f', 'g']);
      assert.deepEqual(s.log, ['F - - 3', 'F c - 3', 'B - c 3', 'F f - 3']);
      const short = orderedSwift(letters(3));
      assert.deepEqual(await pagesOf(oneGap(short.fetch, { limit: 4, backward: true, whenFull: true })), ['a,b,c']);
      assert.deepEqual(short.log, ['F - - 4']);
    });

    it("with 'whenFull', sends the first page without waiting for backwardAllowed; the backward side waits for it", async () => {
      // Allowed, answered only after the second page is in: the first requests do not wait, the backward one does.
      let allow!: (yes: boolean) => void;
      const allowed = new Promise<boolean>((resolve) => (allow = resolve));
      const s = orderedSwift(letters(10));
      const pages: string[] = [];
      for await (const page of oneGap(s.fetch, { limit: 3, whenFull: true, backward: allowed })) {
        pages.push(page.map((e) => e.name).join(','));
        if (pages.length === 2) {
          assert.deepEqual(s.log, ['F - - 3', 'F c - 3'], 'nothing backwards before the answer, though the first page was full');
          allow(true);
        }
      }
      assert.deepEqual(pages, ['a,b,c', 'd,e,f', 'g,h,i', 'j']);
      assert.deepEqual(s.log.slice(0, 2), ['F - - 3', 'F c - 3']);
      assert.ok(
        s.log.slice(2).some((l) => l.startsWith('B ')),
        `backwards once allowed: ${s.log.join(' | ')}`,
      );
      // Refused, or the check failed: forwards only, exact.
      for (const answer of [() => Promise.resolve(false), () => Promise.reject(new Error('503'))]) {
        const t = orderedSwift(letters(7));
        assert.deepEqual(await pagesOf(oneGap(t.fetch, { limit: 3, whenFull: true, backward: answer() })), ['a,b,c', 'd,e,f', 'g']);
        assert.deepEqual(t.log, ['F - - 3', 'F c - 3', 'F f - 3']);
      }
    });

    it('in arrival order yields each page as it comes, without the names the other side yielded', async () => {
      const s = orderedSwift(letters(10));
      const sent = { log: s.log, counts: [] as number[] };
      assert.deepEqual(await pagesOf(oneGap(s.fetch, { limit: 4, backward: true, order: 'arrival' }), sent), ['a,b,c,d', 'j,i,h,g', 'e,f']);
      assert.deepEqual(s.log, ['F - - 4', 'B - - 4', 'F d - 4', 'B g d 4']);
      assert.deepEqual(sent.counts, [3, 4, 4], "each side's next request is out before its page is handed over");
      assert.equal(s.aborted(), 1, 'the backward request out when the sides met');
      // Pages that crossed: the backward page's names at or below the forward end are dropped, and the sides have met.
      const t = orderedSwift(letters(6));
      assert.deepEqual(await pagesOf(oneGap(t.fetch, { limit: 4, backward: true, order: 'arrival' })), ['a,b,c,d', 'f,e']);
      assert.deepEqual(t.log, ['F - - 4', 'B - - 4', 'F d - 4']);
      assert.equal(t.aborted(), 1, 'met at the crossing: the forward request out is cancelled, not awaited');
    });

    it('keeps to the bounds and the prefix given', async () => {
      const s = orderedSwift(letters(10));
      assert.deepEqual(await pagesOf(oneGap(s.fetch, { limit: 2, backward: true, after: 'b', before: 'i', prefix: '' })), ['c,d', 'e,f', 'g,h']);
      assert.deepEqual(s.log, ['F b i 2', 'B i b 2', 'F d i 2', 'B g d 2', 'F f g 2']);
      const p = orderedSwift(['a1', 'a2', 'a3', 'b1']);
      assert.deepEqual(await pagesOf(oneGap(p.fetch, { limit: 2, prefix: 'a' })), ['a1,a2', 'a3']);
      assert.deepEqual(p.log, ['F - - 2 a', 'F a2 - 2 a']);
    });

    it('refuses a page with more entries than asked, a folder, a repeated or out-of-order name, or one beyond its bound', async () => {
      const cases: Array<[string, FetchRange, Partial<GapOptions>]> = [
        ['asked for 2 entries, got 3', async () => ['a', 'b', 'c'].map(object), {}],
        ['a folder entry in a listing without delimiter', async () => [{ kind: 'folder', name: 'a/' } as unknown as ObjectEntry], {}],
        ['a folder entry in a listing without delimiter', async () => [{ kind: 'object' } as unknown as ObjectEntry], {}],
        ['"a" is out of order after "a"', async () => ['a', 'a'].map(object), {}],
        ['"a" is out of order after "b"', async () => ['b', 'a'].map(object), {}],
        ['"a" is out of order after "a"', async () => ['a'].map(object), { after: 'a' }],
        [
          '"b" is out of order after "a"',
          (q) => (q.reverse ? Promise.resolve(['b'].map(object)) : new Promise<ObjectEntry[]>(() => undefined)),
          { before: 'a', backward: true },
        ],
        ['"c" is beyond the requested end "c"', async () => ['b', 'c'].map(object), { before: 'c' }],
        ['"d" is beyond the requested end "c"', async () => ['d'].map(object), { before: 'c' }],
      ];
      for (const [detail, fetch, options] of cases) {
        await assert.rejects(
          pagesOf(oneGap(fetch, { limit: 2, ...options })),
          (e) => {
            assert.ok(isOpenStackError(e, 'badResponse'), String(e));
            const what = detail.startsWith('asked') ? 'paged' : 'full';
            assert.equal((e as Error).message, `Swift returned an unexpected ${what} listing: ${detail}`);
            return true;
          },
          detail,
        );
      }
      // Exactly the limit, the last name just below the bound, and a backward page descending: all accepted.
      const fine: FetchRange = async (q) => (q.reverse ? ['b', 'a'] : q.marker ? [] : ['a', 'b']).map(object);
      assert.deepEqual(await pagesOf(oneGap(fine, { limit: 2, before: 'c' })), ['a,b']);
      assert.deepEqual(await pagesOf(oneGap(fine, { limit: 2, backward: true, before: 'c' })), ['a,b']);
    });

    it('sends nothing when cancelled before it starts, and says "cancelled" for a request failing after a cancel', async () => {
      const s = orderedSwift(letters(4));
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(oneGap(s.fetch, { limit: 2, backward: true, signal: controller.signal }).next(), (e) => isOpenStackError(e, 'cancelled'));
      assert.deepEqual(s.log, []);
      const later = new AbortController();
      const failing: FetchRange = (q) =>
        new Promise((_resolve, reject) => {
          setImmediate(() => later.abort());
          q.signal.addEventListener('abort', () => reject(new Error('socket hang up')));
        });
      await assert.rejects(pagesOf(oneGap(failing, { limit: 2, signal: later.signal })), (e) => {
        assert.ok(isOpenStackError(e, 'cancelled'), String(e));
        assert.equal((e as Error).message, 'Cancelled: the listing.');
        return true;
      });
      // Without a cancel, the request's own error comes out as it is.
      const broken: FetchRange = () => Promise.reject(new Error('socket hang up'));
      await assert.rejects(pagesOf(oneGap(broken, { limit: 2 })), /^Error: socket hang up$/);
    });

    /** Forward pages of `sorted`, each announced (onText) a macrotask later; `said` gets what onText answered. */
    const announcing = (sorted: string[], said: Array<boolean | void>): FetchRange => {
      return async (q) => {
        const params = new URLSearchParams({ limit: String(q.limit) });
        if (q.marker !== undefined) params.set('marker', q.marker);
        const names = swiftListing(sorted, params).map((e) => (e as { name: string }).name);
        // A macrotask later: the previous page has been taken in (as with a server), its early request is this one.
        await new Promise((resolve) => setImmediate(resolve));
        said.push(q.onText?.(pythonJson(names)));
        return names.map(object);
      };
    };

    it('onText says whether it sent the next request: for a full page, not for the last one', async () => {
      const said: Array<boolean | void> = [];
      assert.deepEqual(await pagesOf(oneGap(announcing(letters(7), said), { limit: 3 })), ['a,b,c', 'd,e,f', 'g']);
      assert.deepEqual(said, [true, true, false]);
    });

    it('in arrival order (a search) the first page is parsed before the next request goes; later pages send it early', async () => {
      for (const order of ['arrival', 'server'] as const) {
        const said: Array<boolean | void> = [];
        assert.deepEqual(await pagesOf(oneGap(announcing(letters(10), said), { limit: 3, order })), ['a,b,c', 'd,e,f', 'g,h,i', 'j']);
        assert.deepEqual(said, order === 'arrival' ? [false, true, true, false] : [true, true, true, false], order);
      }
    });

    it('hands over no page once cancelled, not even one that had already arrived', async () => {
      const sorted = letters(10);
      // Answers at once (whatever the signal says), each page's text announced first: the early requests are out too.
      const fetch: FetchRange = async (q) => {
        const params = new URLSearchParams({ limit: String(q.limit) });
        if (q.marker !== undefined) params.set('marker', q.marker);
        if (q.endMarker !== undefined) params.set('end_marker', q.endMarker);
        if (q.reverse) params.set('reverse', 'true');
        const names = swiftListing(sorted, params).map((e) => (e as { name: string }).name);
        await Promise.resolve();
        q.onText?.(pythonJson(names));
        return names.map(object);
      };
      for (const order of ['arrival', 'server'] as const) {
        const controller = new AbortController();
        const seen: string[] = [];
        await assert.rejects(
          (async () => {
            for await (const page of oneGap(fetch, { limit: 2, backward: true, order, signal: controller.signal })) {
              seen.push(page.map((e) => e.name).join(','));
              controller.abort();
            }
          })(),
          (e) => isOpenStackError(e, 'cancelled'),
        );
        assert.deepEqual(seen, ['a,b'], order);
      }
    });

    it('stops listening to the caller’s signal once the listing is over', async () => {
      const controller = new AbortController();
      const signal = controller.signal;
      const add = signal.addEventListener.bind(signal);
      const remove = signal.removeEventListener.bind(signal);
      // Counted by event: removing a listener of another event, or another function, would leave this one.
      const listening = new Set<unknown>();
      signal.addEventListener = ((...a: Parameters<typeof add>) => (a[0] === 'abort' && listening.add(a[1]), add(...a))) as typeof add;
      signal.removeEventListener = ((...a: Parameters<typeof remove>) => (a[0] === 'abort' && listening.delete(a[1]), remove(...a))) as typeof remove;
      assert.deepEqual(await pagesOf(oneGap(orderedSwift(letters(3)).fetch, { limit: 2, signal })), ['a,b', 'c']);
      assert.equal(listening.size, 0);
    });
  });

  describe('one gap with a temporary file that cannot be made', () => {
    it('stops the backward side once its first page could not be written: the forward side reads the rest alone', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'oss-held-edges-'));
      try {
        const sorted = Array.from({ length: 60 }, (_, i) => `n${String(i).padStart(2, '0')}`);
        for (let run = 0; run < 3; run++) {
          const s = orderedSwift(sorted);
          const spill = { heldEntries: 0, dir: join(dir, 'missing') };
          const pages = await pagesOf(oneGap(s.fetch, { limit: 3, backward: true, spill }));
          assert.deepEqual(pages.join(',').split(','), sorted);
          // The backward page waits for its write (no second backward request meanwhile); the write fails, and the
          // side stops there: one backward request, never a second.
          assert.deepEqual(
            s.log.filter((l) => l.startsWith('B')),
            ['B - - 3'],
          );
          assert.equal(s.log.length, 21, 'and 20 forward requests: 19 full pages and the empty one at the backward end');
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('peekListing', () => {
    it('reads the compact form, ignores texts it cannot read to the end, and counts only objects', () => {
      assert.deepEqual(peekListing('[{"name":"a"},{"name":"b\\"c"}]'), { count: 2, last: 'b"c' });
      assert.deepEqual(peekListing('"name": "a"'), { count: 1, last: 'a' }, 'a key at the very start');
      assert.deepEqual(peekListing('[{"name": "a\\u00e9"}]'), { count: 1, last: 'aé' });
      assert.equal(peekListing('[{"name": "abc'), undefined, 'a text cut in the middle of a name');
      assert.equal(peekListing('[{"name": "a\\q"}]'), undefined, 'an escape JSON does not know');
      assert.equal(peekListing('[{"name":"x"}, {"name": "a\\q"}]'), undefined, 'the compact form is not tried once the spaced one was found');
      assert.equal(peekListing('[{"subdir": "a/", "name" : "x"}]'), undefined);
      assert.equal(peekListing('"abc"'), undefined, 'a string but no name key');
      // The spaced form is looked for first: a compact key inside a spaced listing's names is not counted.
      assert.deepEqual(peekListing(pythonJson(['{"name":"x"}', 'b'])), { count: 2, last: 'b' });
      // A key that ends in "name" is not the name key (the key is found without its quote, then the quote checked).
      assert.deepEqual(peekListing('[{"filename": "z", "name": "a"}, {"name": "b", "surname": "y"}]'), { count: 2, last: 'b' });
      assert.equal(peekListing('[{"filename": "z"}]'), undefined);
      assert.deepEqual(peekListing('name": "q", "name": "r"'), { count: 1, last: 'r' }, 'the key without its quote at the very start');
    });
  });

  describe('HeldPages', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'oss-held-edges-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const page = (...names: string[]) => names.map(object);
    const namesOf = async (held: HeldPages, signal?: AbortSignal) => {
      const out: string[] = [];
      for await (const p of held.reversed(signal)) out.push(p.map((e) => e.name).join(','));
      return out;
    };
    type Opened = { path: string; flags: string; mode: number };
    /** An openFile that records its calls and lets a test replace the handle's write or read. */
    function recordingOpen(opened: Opened[], override: { write?: unknown; read?: unknown } = {}) {
      return async (path: string, flags: string, mode: number) => {
        opened.push({ path, flags, mode });
        const handle = await fs.open(path, flags, mode);
        return new Proxy(handle, {
          get(target, key) {
            if (key === 'write' && override.write) return override.write;
            if (key === 'read' && override.read) return override.read;
            const value = Reflect.get(target, key) as unknown;
            return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
          },
        });
      };
    }

    it('holds exactly the budget in memory and writes the next page to a private file made fresh in its folder', async () => {
      const opened: Opened[] = [];
      const held = new HeldPages({ heldEntries: 3, dir }, recordingOpen(opened));
      held.add(page('e', 'd', 'c'));
      await held.written();
      assert.equal(opened.length, 0, 'three names fit a budget of three');
      held.add(page('b'));
      assert.equal(held.busy, true, 'a page being written');
      await held.written();
      assert.equal(held.busy, false);
      assert.equal(opened.length, 1);
      assert.equal(dirname(opened[0].path), dir);
      assert.match(basename(opened[0].path), /^openstack-storage-listing-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.json$/);
      assert.deepEqual([opened[0].flags, opened[0].mode], ['wx+', 0o600]);
      assert.deepEqual(readdirSync(dir), [], 'unlinked at once');
      held.add(page('a'));
      try {
        assert.deepEqual(await namesOf(held), ['a', 'b', 'c,d,e']);
        assert.equal(opened.length, 1, 'one file for every page');
      } finally {
        await held.close();
      }
    });

    it('makes its file in the system temporary folder by default', async () => {
      const opened: Opened[] = [];
      const held = new HeldPages({ heldEntries: 0 }, recordingOpen(opened));
      held.add(page('a'));
      await held.written();
      await held.close();
      assert.equal(opened.length, 1);
      assert.equal(dirname(opened[0].path), tmpdir());
    });

    it('reads back entries written as entries exactly, dates and sizes included', async () => {
      const held = new HeldPages({ heldEntries: 0, dir });
      const when = new Date('2024-05-01T10:20:30.123Z');
      const entries: ObjectEntry[] = [
        { kind: 'object', name: 'é😀', bytes: 7, hash: 'x', lastModified: when, contentType: 'text/plain' },
        { kind: 'object', name: 'a', bytes: 0, hash: 'y', lastModified: undefined, contentType: 'x' },
      ];
      held.add(entries.map((e) => ({ ...e })));
      held.add(page('0'), pythonJson(['0']));
      try {
        const out: ObjectEntry[][] = [];
        for await (const p of held.reversed()) out.push(p);
        assert.deepEqual(out, [
          [{ kind: 'object', name: '0', bytes: 1, hash: 'h', lastModified: new Date('2024-05-01T10:20:30.123Z'), contentType: 'x' }],
          [entries[1], entries[0]],
        ]);
      } finally {
        await held.close();
      }
    });

    it('holds a page in memory when the file took only part of it, and every page after it', async () => {
      const opened: Opened[] = [];
      const held = new HeldPages({ heldEntries: 0, dir }, recordingOpen(opened, { write: async () => ({ bytesWritten: 1 }) }));
      held.add(page('c'), pythonJson(['c']));
      held.add(page('b'));
      await held.written();
      assert.equal(held.failed, true);
      held.add(page('a'));
      try {
        assert.deepEqual(await namesOf(held), ['a', 'b', 'c']);
        assert.equal(opened.length, 1);
      } finally {
        await held.close();
      }
    });

    it('says so when the file gives back less than was written, or fails to read', async () => {
      for (const [read, detail] of [
        [async () => ({ bytesRead: 3 }), /^Error: The listing could not read back its temporary file: 3 of \d+ bytes$/],
        [() => Promise.reject(new Error('EIO: i/o error, read')), /^Error: The listing could not read back its temporary file: EIO: i\/o error, read$/],
      ] as const) {
        const held = new HeldPages({ heldEntries: 0, dir }, recordingOpen([], { read }));
        held.add(page('b', 'a'), pythonJson(['b', 'a']));
        try {
          await assert.rejects(namesOf(held), (e) => {
            assert.match(String(e), detail);
            assert.ok((e as Error).cause instanceof Error, 'the file error is kept as the cause');
            return true;
          });
        } finally {
          await held.close();
        }
      }
    });

    it('gives each page once (what was yielded is not held any more) and stops at a cancel', async () => {
      const held = new HeldPages({ heldEntries: 1, dir });
      for (const name of ['d', 'c', 'b', 'a']) held.add(page(name), pythonJson([name]));
      try {
        for await (const p of held.reversed()) {
          assert.deepEqual(
            p.map((e) => e.name),
            ['a'],
          );
          break;
        }
        const controller = new AbortController();
        const rest: string[] = [];
        await assert.rejects(
          (async () => {
            for await (const p of held.reversed(controller.signal)) {
              rest.push(p.map((e) => e.name).join(','));
              controller.abort();
            }
          })(),
          (e) => isOpenStackError(e, 'cancelled'),
        );
        assert.deepEqual(rest, ['b']);
        assert.deepEqual(await namesOf(held), ['c', 'd']);
      } finally {
        await held.close();
      }
    });

    it('removes the file by its name at close where it could not be unlinked at once (as on Windows)', async () => {
      let path = '';
      // The file is moved away as soon as it is made: unlinking it by its name fails, as Windows refuses for an open file.
      const held = new HeldPages({ heldEntries: 0, dir }, async (p, flags, mode) => {
        const handle = await fs.open(p, flags, mode);
        await fs.rename(p, `${p}.moved`);
        path = p;
        return handle;
      });
      held.add(page('b', 'a'), pythonJson(['b', 'a']));
      await held.written();
      assert.equal(held.failed, false);
      assert.deepEqual(await namesOf(held), ['a,b']);
      await fs.writeFile(path, 'x'); // something at the file's name again: close removes it
      await held.close();
      assert.deepEqual(readdirSync(dir), [`${basename(path)}.moved`]);
    });

    it('writes nothing once closed: a page added after close stays in memory', async () => {
      const opened: Opened[] = [];
      const held = new HeldPages({ heldEntries: 0, dir }, recordingOpen(opened));
      await held.close();
      held.add(page('a'));
      await held.written();
      assert.equal(held.busy, false);
      assert.equal(opened.length, 0);
      assert.deepEqual(await namesOf(held), ['a']);
      await held.close();
    });
  });
});

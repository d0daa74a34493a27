/**
 * The full listing read as several gaps (gapListing.ts): each closed by a forward and a backward cursor, the gaps split
 * at guessed names. Against a scripted Swift (answers released in random orders, pages given as Swift's
 * text first): exactly the server's names, in its order (or each once, as they arrive), with four requests in flight.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOpenStackError } from '../../../../src/openstack/errors';
import type { FetchRange, RangeQuery } from '../../../../src/openstack/swift/fullListing';
import type { ObjectEntry } from '../../../../src/openstack/swift/listing';
import { listGaps, MIN_PAGES_TO_SPLIT, type GapOptions } from '../../../../src/openstack/swift/gapListing';
import { assertListed, collect, namesInRange, pythonJson, randomNames, rng, scriptedFetch } from './scriptedListing';

/** A scripted Swift that records its requests and how many pages were in flight at most. */
function swiftServer(sorted: string[], random: () => number, text = true) {
  // Without text no page is announced before it is parsed: no early request, only the cursors' own.
  const server = text ? scriptedFetch(sorted, random, pythonJson, true) : scriptedFetch(sorted, random);
  let inFlight = 0;
  let most = 0;
  const fetch: FetchRange = (q) => {
    const answer = server.fetch(q);
    most = Math.max(most, ++inFlight);
    const done = () => void inFlight--;
    answer.then(done, done);
    return answer;
  };
  return { ...server, fetch, mostPagesAtOnce: () => most };
}

type Listed = Partial<Omit<GapOptions, 'backward' | 'count'>> & {
  backward?: boolean;
  count?: number | 'none';
  text?: boolean;
  /** The fetch parses every page in full, whatever the query wants (SwiftClient, for a text not in Swift's form). */
  fullPages?: boolean;
};

/** Lists `sorted` with `options`, checks the answer is exactly the expected names (server order) or each once. */
async function listed(sorted: string[], random: () => number, options: Listed, what: string) {
  const server = swiftServer(sorted, random, options.text);
  const expected = namesInRange(sorted, options);
  try {
    const count = options.count === 'none' ? undefined : Promise.resolve(options.count ?? expected.length);
    const fetch: FetchRange = options.fullPages ? (q) => server.fetch({ ...q, wanted: undefined }) : server.fetch;
    const names = await collect(
      listGaps(fetch, { limit: 5, gaps: 2, shortPagesEnd: true, ...options, backward: Promise.resolve(options.backward ?? true), count }),
    );
    assertListed(names, expected, options.order, what);
    return server;
  } finally {
    server.stop();
  }
}

/** The requests that start a left part's backward cursor: just past a guessed name (U+0001 after it). */
const splits = (queries: RangeQuery[]) => queries.filter((q) => q.reverse && q.marker?.endsWith('\u0001'));

describe('swift/gapListing: several gaps, each read from both ends', function () {
  this.timeout(60_000);

  it('is exact for every size around the page limit, for one gap to three, in both orders, with a count or none', async () => {
    const random = rng(7);
    for (const size of [0, 1, 4, 5, 6, 9, 10, 11, 29, 30, 31, 59, 60, 61, 120]) {
      const sorted = randomNames(random, size);
      for (const gaps of [1, 2, 3]) {
        for (const order of ['server', 'arrival'] as const) {
          for (const count of [size, 'none', Math.floor(size / 2), size * 2] as const) {
            await listed(sorted, random, { gaps, order, count }, `${size} names, ${gaps} gaps, ${order}, count ${count}`);
          }
        }
      }
    }
  });

  it('is exact under random arrival orders, with bounds, prefixes, pages held in a file and page sizes down to 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oss-gaps-'));
    try {
      for (let seed = 1; seed <= 60; seed++) {
        const random = rng(seed);
        const sorted = randomNames(random, 40 + Math.floor(random() * 300));
        const pick = () => sorted[Math.floor(random() * sorted.length)];
        const options: Listed = {
          limit: 1 + Math.floor(random() * 12),
          gaps: 1 + Math.floor(random() * 4),
          order: random() < 0.5 ? 'server' : 'arrival',
          spill: { heldEntries: Math.floor(random() * 30), dir },
        };
        if (random() < 0.3) options.prefix = Array.from(pick())[0]; // a whole character (a lone surrogate is no name)
        if (random() < 0.3) options.after = pick();
        if (random() < 0.3) options.before = pick();
        if (random() < 0.2) options.count = 'none';
        if (random() < 0.4) options.fullPages = true;
        if (random() < 0.3) options.namesOnly = true;
        await listed(sorted, random, options, `seed ${seed}: ${JSON.stringify(options)}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('splits the gap between the two ends at a guessed name: four pages in flight, each page bounded by its gap', async () => {
    const random = rng(3);
    const sorted = randomNames(random, 400);
    const server = await listed(sorted, random, { limit: 10, gaps: 2, text: false }, 'split');
    assert.equal(server.mostPagesAtOnce(), 4, 'four pages in flight at some point');
    const split = splits(server.queries);
    assert.ok(split.length >= 1, 'at least one split');
    // At each split a left part's backward cursor starts just past the guess, the right part's forward one after it.
    const forwardStarts = new Set(server.queries.filter((q) => !q.reverse).map((q) => q.marker));
    for (const q of split) assert.ok(forwardStarts.has(q.marker?.slice(0, -1)), q.marker);
    // One gap: never more than two pages at once, and no split.
    const one = await listed(sorted, random, { limit: 10, gaps: 1, text: false }, 'one gap');
    assert.equal(one.mostPagesAtOnce(), 2);
    assert.equal(splits(one.queries).length, 0);
  });

  it('splits nothing once what is left is a few pages, and reads forward only until the server is known to list backwards', async () => {
    const random = rng(11);
    const sorted = randomNames(random, 5 * (MIN_PAGES_TO_SPLIT + 2) - 1);
    const small = await listed(sorted, random, { limit: 5, gaps: 2 }, 'small');
    assert.equal(splits(small.queries).length, 0, 'two pages read, fewer than MIN_PAGES_TO_SPLIT left: no split');
    // (Without text: no early request, so one page in flight means one cursor.)
    const forward = await listed(sorted, random, { limit: 5, gaps: 2, backward: false, text: false }, 'forward only');
    assert.ok(
      forward.queries.every((q) => !q.reverse && q.limit === 5),
      'no backward page, no split',
    );
    assert.equal(forward.mostPagesAtOnce(), 1);
  });

  it('sends the next page of a cursor as soon as its text has arrived, before it is parsed', async () => {
    const random = rng(5);
    const sorted = randomNames(random, 200);
    const server = await listed(sorted, random, { limit: 10, gaps: 2, count: 'none' }, 'early');
    // Early requests: a cursor has two pages in flight, so more than four at once happened, or the same marker twice.
    const forwardMarkers = server.queries.filter((q) => !q.reverse && q.limit === 10).map((q) => q.marker);
    assert.equal(new Set(forwardMarkers).size, forwardMarkers.length, 'no forward page asked twice from the same name');
    assert.ok(server.mostPagesAtOnce() > 4, `early requests beside the pending ones (${server.mostPagesAtOnce()} at once)`);
  });

  it('stays exact when its pages cannot be written: only the first gap reads on', async () => {
    const random = rng(13);
    const sorted = randomNames(random, 300);
    for (const seed of [1, 2, 3]) {
      await listed(sorted, rng(seed), { limit: 7, gaps: 2, spill: { heldEntries: 0, dir: join(tmpdir(), 'oss-gaps-missing', String(seed)) } }, `seed ${seed}`);
    }
  });

  it('refuses a page size that is not a positive integer; a cancel says "cancelled" and stops every request', async () => {
    const never = () => Promise.reject(new Error('no request expected'));
    for (const limit of [0, -1, 1.5]) {
      await assert.rejects(listGaps(never, { limit, gaps: 2, backward: Promise.resolve(true), shortPagesEnd: true }).next(), (e) =>
        isOpenStackError(e, 'invalidInput'),
      );
    }
    const random = rng(17);
    const sorted = randomNames(random, 300);
    const server = swiftServer(sorted, random);
    const controller = new AbortController();
    try {
      let pages = 0;
      await assert.rejects(
        (async () => {
          for await (const page of listGaps(server.fetch, {
            limit: 5,
            gaps: 2,
            backward: Promise.resolve(true),
            shortPagesEnd: true,
            signal: controller.signal,
          })) {
            assert.ok(page.length);
            if (++pages === 6) controller.abort();
          }
        })(),
        (e) => isOpenStackError(e, 'cancelled'),
      );
      const unanswered = server.queries.filter((q) => !server.answered.has(q));
      assert.ok(unanswered.length > 0 && unanswered.every((q) => q.signal.aborted), 'every request in flight cancelled');
    } finally {
      server.stop();
    }
    const boom = new Error('boom');
    const second = swiftServer(sorted, random);
    let n = 0;
    const failing: FetchRange = (q) => (++n === 3 ? Promise.reject(boom) : second.fetch(q));
    try {
      await assert.rejects(collect(listGaps(failing, { limit: 5, gaps: 2, backward: Promise.resolve(true), shortPagesEnd: true })), (e) => e === boom);
    } finally {
      second.stop();
    }
  });
});

describe('swift/gapListing: when the backward cursor starts, and the first page in arrival order', function () {
  /**
   * A scripted Swift that logs each request when sent and each answer when handed over, 5 ms after its text was
   * announced (as a page's parse follows its last byte).
   */
  function loggedServer(sorted: string[]) {
    const server = swiftServer(sorted, rng(1));
    const log: string[] = [];
    const name = (q: RangeQuery) => `${q.reverse ? 'backward' : 'forward'} ${q.marker ?? '-'}`;
    const fetch: FetchRange = (q) => {
      log.push(`sent ${name(q)}`);
      return server.fetch(q).then((page) => new Promise((resolve) => setTimeout(() => (log.push(`answered ${name(q)}`), resolve(page)), 5)));
    };
    return { ...server, fetch, log };
  }

  it('with whenFull, the backward cursor waits for a full forward page; a range of one page is one request', async () => {
    const sorted = randomNames(rng(2), 40);
    const big = loggedServer(sorted);
    try {
      const names = await collect(listGaps(big.fetch, { limit: 10, gaps: 2, backward: Promise.resolve(true), whenFull: true, shortPagesEnd: true }));
      assert.deepEqual(names, sorted);
      const firstBackward = big.log.indexOf('sent backward -');
      assert.ok(firstBackward > big.log.indexOf('answered forward -'), big.log.join('\n'));
    } finally {
      big.stop();
    }
    const small = loggedServer(sorted.slice(0, 7));
    try {
      const options = { limit: 10, gaps: 2, backward: Promise.resolve(true), whenFull: true, shortPagesEnd: true };
      assert.deepEqual(await collect(listGaps(small.fetch, options)), sorted.slice(0, 7));
      assert.deepEqual(small.log, ['sent forward -', 'answered forward -']);
      // Without whenFull the backward cursor goes as soon as it is allowed.
      small.log.length = 0;
      assert.deepEqual(await collect(listGaps(small.fetch, { ...options, whenFull: false })), sorted.slice(0, 7));
      assert.ok(small.log.includes('sent backward -'), small.log.join('\n'));
    } finally {
      small.stop();
    }
  });

  it('in arrival order the first page is parsed before the next request goes; in server order it is sent from the text', async () => {
    const sorted = randomNames(rng(4), 60);
    for (const order of ['arrival', 'server'] as const) {
      const server = loggedServer(sorted);
      try {
        const pages = listGaps(server.fetch, { limit: 10, gaps: 2, backward: Promise.resolve(false), shortPagesEnd: true, order });
        const first = await pages.next();
        assert.equal(first.value?.length, 10);
        const second = server.log.findIndex((l) => l.startsWith('sent forward') && !l.endsWith(' -'));
        const answered = server.log.indexOf('answered forward -');
        if (order === 'arrival') {
          // Sent once the first page was taken, before it was handed over: after its answer, before the next one.
          assert.ok(second > answered, server.log.join('\n'));
        } else assert.ok(second >= 0 && second < answered, `sent early, from the text: ${server.log.join('\n')}`);
        const rest = await collect({ [Symbol.asyncIterator]: () => pages });
        assert.deepEqual([...(first.value ?? []).map((e: ObjectEntry) => e.name), ...rest], sorted);
        if (order === 'arrival') {
          // Later pages send their next request from their text: the third goes before the second is answered.
          const third = server.log.findIndex((l, i) => i > second && l.startsWith('sent forward'));
          assert.ok(third >= 0 && third < server.log.indexOf(server.log[second].replace('sent', 'answered')), server.log.join('\n'));
        }
        // Six full pages and the empty answer after the last: no page asked twice.
        const forwardSent = server.log.filter((l) => l.startsWith('sent forward'));
        assert.equal(forwardSent.length, 7, server.log.join('\n'));
        assert.equal(new Set(forwardSent).size, 7, server.log.join('\n'));
      } finally {
        server.stop();
      }
    }
  });
});

/**
 * The search's pure logic: matching (case, NFC/NFD, hostile names, the folder searched in), the scan from both ends
 * (each name exactly once whatever order the answers arrive in), progress accounting, the result cap, and
 * cancellation stopping the page loop. The page source here is a fake that answers like Swift (UTF-8 order,
 * prefix, marker/end_marker, reverse=true); the same code runs against the real Swift in test/integration/search.
 */
import * as assert from 'node:assert/strict';
import { isOpenStackError } from '../../../../src/openstack/errors';
import { FetchRange, RangeQuery } from '../../../../src/openstack/swift/fullListing';
import { ObjectEntry, compareNames } from '../../../../src/openstack/swift/listing';
import { SearchResults, SearchUpdate, normalizeForMatch, plan, searchListing, substringMatcher } from '../../../../src/openstack/swift/search';
import { HOSTILE_FRAGMENTS, randomName, seededRandom } from './randomNames';
import { requestLine as line } from './scriptedListing';

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
const object = (name: string): ObjectEntry => ({ kind: 'object', name, bytes: 1, hash: 'h', lastModified: undefined, contentType: 'x' });

/** Swift's listing rules over a fixed set of names; answers in the order `schedule` releases them. */
function fakeListing(names: string[]) {
  const sorted = [...new Set(names)].sort(byteOrder);
  const requests: RangeQuery[] = [];
  /** The requests answered (a request's signal matters only until then). */
  const answered = new Set<RangeQuery>();
  const fetch: FetchRange = async (q) => {
    requests.push(q);
    if (q.signal.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    await new Promise((r) => setImmediate(r));
    if (!q.signal.aborted) answered.add(q);
    let out = sorted.filter((n) => !q.prefix || n.startsWith(q.prefix));
    if (q.reverse) {
      out = out.reverse();
      if (q.marker !== undefined) out = out.filter((n) => byteOrder(n, q.marker!) < 0);
      if (q.endMarker !== undefined) out = out.filter((n) => byteOrder(n, q.endMarker!) > 0);
    } else {
      if (q.marker !== undefined) out = out.filter((n) => byteOrder(n, q.marker!) > 0);
      if (q.endMarker !== undefined) out = out.filter((n) => byteOrder(n, q.endMarker!) < 0);
    }
    return out.slice(0, q.limit).map(object);
  };
  const inFlight = () => requests.filter((q) => !answered.has(q));
  return { sorted, requests, inFlight, fetch };
}

async function collect(updates: AsyncIterable<SearchUpdate>): Promise<{ hits: string[]; updates: SearchUpdate[] }> {
  const hits: string[] = [];
  const all: SearchUpdate[] = [];
  for await (const u of updates) {
    all.push(u);
    for (const h of u.hits) hits.push(h.name);
  }
  return { hits, updates: all };
}

describe('search: matching', () => {
  it('is case-insensitive by default and case-sensitive when asked', () => {
    assert.equal(substringMatcher('report')('Q1-REPORT.txt'), true);
    assert.equal(substringMatcher('REPORT')('q1-report.txt'), true);
    assert.equal(substringMatcher('report', true)('Q1-REPORT.txt'), false);
    assert.equal(substringMatcher('REPORT', true)('Q1-REPORT.txt'), true);
    assert.equal(substringMatcher('ÉTÉ')('photos/été-2024.jpg'), true, 'non-ASCII letters fold too');
  });

  it('compares in NFC: a decomposed name matches a composed query and the other way round', () => {
    const nfd = 'cafe\u0301/menu.txt';
    const nfc = 'caf\u00e9/menu.txt';
    assert.equal(substringMatcher('caf\u00e9')(nfd), true);
    assert.equal(substringMatcher('cafe\u0301')(nfc), true);
    assert.equal(substringMatcher('CAFE\u0301')(nfc), true);
    assert.equal(substringMatcher('cafe')(nfc), false, 'é is not e');
    assert.equal(normalizeForMatch('Ångström', false), 'ångström');
  });

  it('finds hostile fragments literally (no pattern syntax, no decoding)', () => {
    for (const fragment of HOSTILE_FRAGMENTS) {
      const name = `x${fragment}y`;
      assert.equal(substringMatcher(fragment, true)(name), true, JSON.stringify(fragment));
    }
    assert.equal(substringMatcher('%2F')('a/b'), false, '%2F is three characters, not a slash');
    assert.equal(substringMatcher('.*')('abc'), false, 'not a regular expression');
    assert.equal(substringMatcher('?')('what?'), true);
    assert.equal(substringMatcher('\n')('new\nline'), true);
  });

  it('matches after the folder searched in, and an empty query matches everything', () => {
    assert.equal(substringMatcher('logs', false, 'logs/')('logs/2024/a.txt'), false);
    assert.equal(substringMatcher('2024', false, 'logs/')('logs/2024/a.txt'), true);
    assert.equal(substringMatcher('')('anything'), true);
  });
});

describe('search: scanning from both ends', () => {
  const every = { text: '', mode: 'substring' as const };

  it('yields every name exactly once, forward and backward pages interleaved, for many sizes and page limits', async () => {
    const random = seededRandom(7);
    for (const count of [0, 1, 2, 5, 9, 10, 11, 37, 200]) {
      const names = Array.from({ length: count }, () => randomName(random));
      const { sorted, fetch } = fakeListing(names);
      for (const limit of [1, 2, 3, 10, 1000]) {
        for (const gaps of [1, 2]) {
          const { hits } = await collect(searchListing(fetch, every, { limit, gaps }));
          assert.deepEqual([...hits].sort(byteOrder), sorted, `count ${count}, limit ${limit}, ${gaps} gaps: every name once`);
        }
      }
    }
  });

  it('really reads backwards too (a reverse request is sent once the first page comes back full)', async () => {
    const { requests, fetch } = fakeListing(Array.from({ length: 100 }, (_, i) => `n-${String(i).padStart(3, '0')}`));
    await collect(searchListing(fetch, every, { limit: 10 }));
    assert.ok(
      requests.some((r) => r.reverse),
      'a backward request',
    );
    assert.ok(requests.length <= 12, `about one request per page: ${requests.length}`);
  });

  it('one cursor when asked, and a small listing costs one request (a short page ends it, nothing backwards)', async () => {
    const { requests, fetch } = fakeListing(['a', 'b', 'c']);
    await collect(searchListing(fetch, every, { limit: 10 }));
    assert.deepEqual(requests.map(line), ['F - - 10']);
    const big = fakeListing(Array.from({ length: 30 }, (_, i) => `n${i}`));
    await collect(searchListing(big.fetch, every, { limit: 10, bothEnds: false }));
    assert.ok(big.requests.every((r) => !r.reverse));
  });

  it('with a total, the two ends ask for their share of what is left once the first page is in', async () => {
    const names = Array.from({ length: 25 }, (_, i) => String.fromCharCode(97 + i));
    const counted = fakeListing(names);
    await collect(searchListing(counted.fetch, every, { limit: 10, total: 25 }));
    // 15 left after the first page, both ends start now: the forward one asks half of it plus one, the backward one the rest plus one.
    assert.deepEqual(counted.requests.map(line), ['F - - 10', 'F j - 9', 'B - j 7']);
    const uncounted = fakeListing(names);
    await collect(searchListing(uncounted.fetch, every, { limit: 10 }));
    assert.deepEqual(uncounted.requests.map(line).slice(0, 3), ['F - - 10', 'F j - 10', 'B - j 10']);
  });

  it('with two gaps, splits the gap between the two ends at a guessed name', async () => {
    const { sorted, requests, fetch } = fakeListing(Array.from({ length: 400 }, (_, i) => `n-${String(i).padStart(3, '0')}`));
    const { hits } = await collect(searchListing(fetch, every, { limit: 10, gaps: 2 }));
    assert.deepEqual(hits.sort(byteOrder), sorted);
    const guessed = requests.filter((q) => !q.reverse && q.marker !== undefined && !sorted.includes(q.marker));
    assert.ok(guessed.length > 0, 'a forward cursor starts after a guessed name');
  });

  it('refuses a page size that is not a positive integer', async () => {
    const { fetch } = fakeListing(['a']);
    await assert.rejects(searchListing(fetch, every, { limit: 0 }).next(), (e) => isOpenStackError(e, 'invalidInput'));
  });
});

describe('search: progress, cap and cancellation', () => {
  const names = [
    ...Array.from({ length: 95 }, (_, i) => `logs/2024/app-${String(i).padStart(3, '0')}.log`),
    'cafe\u0301/Report.txt',
    'caf\u00e9/report-final.txt',
    'REPORT.md',
    'new\nline report',
    'z/report?#%.txt',
  ];

  it('substring search finds exactly the matching names; progress only grows and ends at the total scanned', async () => {
    const { sorted, fetch } = fakeListing(names);
    const { hits, updates } = await collect(searchListing(fetch, { text: 'report', mode: 'substring' }, { limit: 7, total: Promise.resolve(names.length) }));
    const expected = sorted.filter((n) => n.toLowerCase().normalize('NFC').includes('report'));
    assert.deepEqual([...hits].sort(byteOrder), expected);
    assert.equal(expected.length, 5);
    let previous = { scanned: 0, matches: 0, pages: 0 };
    for (const u of updates) {
      assert.ok(u.progress.scanned >= previous.scanned && u.progress.matches >= previous.matches && u.progress.pages >= previous.pages);
      previous = u.progress;
    }
    const last = updates[updates.length - 1].progress;
    assert.deepEqual(last, { scanned: names.length, matches: 5, pages: updates.length - 1, total: names.length, done: true });
    assert.ok(updates.slice(0, -1).every((u) => !u.progress.done));
  });

  it('prefix search lists on the server: only names under the prefix are read, case-sensitively', async () => {
    const { requests, fetch } = fakeListing(names);
    const { hits, updates } = await collect(searchListing(fetch, { text: 'logs/2024/app-01', mode: 'prefix' }, { limit: 4 }));
    assert.deepEqual(
      hits.sort(byteOrder),
      Array.from({ length: 10 }, (_, i) => `logs/2024/app-01${i}.log`),
    );
    assert.ok(requests.every((r) => r.prefix === 'logs/2024/app-01'));
    assert.equal(updates[updates.length - 1].progress.scanned, 10);
  });

  it('within a folder: the prefix is the folder, substrings are matched after it', async () => {
    const { requests, fetch } = fakeListing(names);
    const { hits } = await collect(searchListing(fetch, { text: '2024', mode: 'substring' }, { within: 'logs/', limit: 50 }));
    assert.equal(hits.length, 95);
    assert.ok(requests.every((r) => r.prefix === 'logs/'));
    const none = await collect(searchListing(fetch, { text: 'logs', mode: 'substring' }, { within: 'logs/', limit: 50 }));
    assert.equal(none.hits.length, 0, 'the folder name itself is not searched');
  });

  it('keeps the first `cap` matches in server order whatever order pages arrive in, and counts them all', async () => {
    const { sorted, fetch } = fakeListing(names);
    const results = new SearchResults(10);
    for await (const u of searchListing(fetch, { text: 'app', mode: 'substring' }, { limit: 6 })) results.add(u.hits);
    const snapshot = results.snapshot();
    assert.equal(snapshot.matches, 95);
    assert.deepEqual(
      snapshot.items.map((e) => e.name),
      sorted.filter((n) => n.includes('app')).slice(0, 10),
    );
    const none = new SearchResults(0);
    none.add([object('a')]);
    assert.deepEqual(none.snapshot(), { items: [], matches: 1 });
  });

  it('an abort after the first page stops the page loop: no request after it, the search ends cancelled', async () => {
    const { requests, inFlight, fetch } = fakeListing(names);
    const controller = new AbortController();
    const search = searchListing(fetch, { text: 'x', mode: 'substring' }, { limit: 5, signal: controller.signal });
    const first = await search.next();
    assert.equal(first.done, false);
    controller.abort();
    const sentAtAbort = requests.length;
    await assert.rejects(search.next(), (e) => isOpenStackError(e, 'cancelled'));
    await new Promise((r) => setImmediate(r));
    assert.equal(requests.length, sentAtAbort, 'no request after the abort');
    assert.ok(sentAtAbort <= 3, `only the pages in flight: ${sentAtAbort}`);
    assert.ok(
      inFlight().every((r) => r.signal.aborted),
      'every request in flight was cancelled',
    );
  });

  it('an abort before the start sends nothing; leaving the loop early cancels what is in flight', async () => {
    const { requests, inFlight, fetch } = fakeListing(names);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(searchListing(fetch, { text: 'x', mode: 'substring' }, { limit: 5, signal: controller.signal }).next(), (e) =>
      isOpenStackError(e, 'cancelled'),
    );
    assert.equal(requests.length, 0);
    for await (const _ of searchListing(fetch, { text: 'x', mode: 'substring' }, { limit: 5 })) break;
    assert.ok(inFlight().length > 0 && inFlight().every((r) => r.signal.aborted));
  });

  it('a failing page ends the search with that error', async () => {
    const { fetch } = fakeListing(names);
    let calls = 0;
    const failing: FetchRange = (q) => (++calls === 2 ? Promise.reject(new Error('boom')) : fetch(q));
    await assert.rejects(collect(searchListing(failing, { text: 'a', mode: 'substring' }, { limit: 5, bothEnds: false })), /boom/);
  });

  it('server order of the kept results follows Swift (UTF-8), not UTF-16', () => {
    const results = new SearchResults(2);
    results.add([object('\u{1F600}'), object('\uff21'), object('a')]);
    assert.deepEqual(
      results.snapshot().items.map((e) => e.name),
      ['a', '\uff21'],
    );
    assert.ok(compareNames('\uff21', '\u{1F600}') < 0);
  });
});

describe('search: edges (pinned where mutation testing found them loose)', () => {
  const names = Array.from({ length: 40 }, (_, i) => `logs/2024/app-${String(i).padStart(3, '0')}.log`);

  it('reports the total the caller gives, as a number or a promise of a count, until the end', async () => {
    for (const total of [40, Promise.resolve(40), Promise.resolve(0)]) {
      const { fetch } = fakeListing(names);
      const { updates } = await collect(searchListing(fetch, { text: 'app', mode: 'substring' }, { limit: 7, total }));
      const expected = await total;
      assert.ok(updates.length > 2);
      assert.ok(
        updates.slice(0, -1).every((u) => u.progress.total === expected),
        `every update before the last says ${expected}`,
      );
      assert.equal(updates[updates.length - 1].progress.total, 40, 'at the end, what was read');
    }
  });

  it('ignores a count that is no count, or that fails, and reports no total until the end', async () => {
    const counts = [NaN, -1, Infinity, '40' as unknown as number, undefined].map((n) => () => Promise.resolve(n));
    for (const total of [...counts, () => Promise.reject(new Error('HEAD failed'))]) {
      const { fetch } = fakeListing(names);
      const { updates } = await collect(searchListing(fetch, { text: 'app', mode: 'substring' }, { limit: 7, total: total() }));
      assert.ok(updates.slice(0, -1).every((u) => u.progress.total === undefined));
      assert.deepEqual(updates[updates.length - 1].progress, { scanned: 40, matches: 40, pages: updates.length - 1, total: 40, done: true });
    }
  });

  it('reads from the end too by default, and forwards only when told; pages are matched as they arrive', async () => {
    const both = fakeListing(names);
    const { hits } = await collect(searchListing(both.fetch, { text: 'app', mode: 'substring' }, { limit: 5 }));
    assert.ok(both.requests.some((r) => r.reverse));
    assert.notDeepEqual(hits, [...hits].sort(byteOrder), 'a page from the end came before the middle');
    assert.deepEqual([...hits].sort(byteOrder), names);
    const forward = fakeListing(names);
    const one = await collect(searchListing(forward.fetch, { text: 'app', mode: 'substring' }, { limit: 5, bothEnds: false }));
    assert.ok(forward.requests.every((r) => !r.reverse));
    assert.deepEqual(one.hits, names, 'in server order');
  });

  it('a prefix search within a folder lists the folder plus the prefix, and keeps every name listed', async () => {
    const { requests, fetch } = fakeListing([...names, 'logs/2023/app-001.log', 'other/2024/app-001.log']);
    const { hits } = await collect(searchListing(fetch, { text: '2024/app-01', mode: 'prefix' }, { within: 'logs/', limit: 4 }));
    assert.deepEqual(
      hits.sort(byteOrder),
      Array.from({ length: 10 }, (_, i) => `logs/2024/app-01${i}.log`),
    );
    assert.ok(requests.length > 0 && requests.every((r) => r.prefix === 'logs/2024/app-01'));
  });

  it('says the search was cancelled, in one sentence', async () => {
    const { fetch } = fakeListing(names);
    const controller = new AbortController();
    controller.abort();
    const e = await searchListing(fetch, { text: 'x', mode: 'substring' }, { limit: 5, signal: controller.signal })
      .next()
      .catch((error: unknown) => error);
    assert.ok(isOpenStackError(e, 'cancelled'));
    assert.equal(e.message, 'Cancelled: the search.');
  });

  it('folds case but keeps composed characters when case-sensitive: NFC either way', () => {
    assert.equal(normalizeForMatch('Cafe\u0301 ÅB', true), 'Caf\u00e9 ÅB');
    assert.equal(normalizeForMatch('Cafe\u0301 ÅB', false), 'caf\u00e9 åb');
    assert.equal(normalizeForMatch('ABC', false), 'abc');
    assert.equal(substringMatcher('É', true)('cafe\u0301'), false, 'case-sensitive: é is not É');
    assert.equal(substringMatcher('e\u0301', true)('caf\u00e9'), true);
  });

  it('composes a name with no ASCII character at all (Hangul jamo) before matching', () => {
    assert.equal(substringMatcher('\uac00')('\u1100\u1161'), true);
    assert.equal(substringMatcher('\u1100\u1161')('\uac00'), true);
    assert.equal(normalizeForMatch('\u1100\u1161', true), '\uac00');
  });

  it('plans a prefix search on the server and a substring search on the client, at the top level by default', () => {
    const prefix = plan({ text: 'logs/20', mode: 'prefix' });
    assert.equal(prefix.listPrefix, 'logs/20');
    assert.equal(prefix.match('anything'), true);
    const substring = plan({ text: 'Report', mode: 'substring', caseSensitive: true });
    assert.equal(substring.listPrefix, '');
    assert.equal(substring.match('a Report'), true);
    assert.equal(substring.match('a report'), false);
  });

  it('a case-sensitive search keeps only names with the same case', async () => {
    const { fetch } = fakeListing(['REPORT.md', 'report.txt', 'Report.doc']);
    const { hits } = await collect(searchListing(fetch, { text: 'Report', mode: 'substring', caseSensitive: true }, { limit: 2 }));
    assert.deepEqual(hits, ['Report.doc']);
  });

  it('a cancel ends the search at once even when the request in flight never notices it', async () => {
    const requests: RangeQuery[] = [];
    const fetch: FetchRange = (q) => {
      requests.push(q);
      // The first page comes back full; every later request hangs, deaf to its signal.
      return requests.length === 1 ? Promise.resolve(['a', 'b'].map(object)) : new Promise(() => undefined);
    };
    const controller = new AbortController();
    const search = searchListing(fetch, { text: 'a', mode: 'substring' }, { limit: 2, bothEnds: false, signal: controller.signal });
    assert.deepEqual(
      (await search.next()).value?.hits.map((h: ObjectEntry) => h.name),
      ['a'],
    );
    const next = search.next();
    await new Promise((r) => setImmediate(r));
    controller.abort();
    const e = await next.catch((error: unknown) => error);
    assert.ok(isOpenStackError(e, 'cancelled'), String(e));
    assert.equal(e.message, 'Cancelled: the search.');
    assert.equal((await search.next()).done, true);
  });

  describe('SearchResults', () => {
    it('refuses a cap that is not a whole number, in one sentence', () => {
      for (const cap of [-1, 1.5, NaN]) {
        assert.throws(
          () => new SearchResults(cap),
          (e) => isOpenStackError(e, 'invalidInput') && e.message === `A result cap must be a whole number, not ${cap}.`,
        );
      }
      assert.equal(new SearchResults(0).cap, 0);
    });

    it('keeps the first names in server order whatever order they come in, and counts every one', () => {
      const sorted = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
      for (const order of [sorted, [...sorted].reverse(), ['d', 'a', 'g', 'c', 'f', 'b', 'e']]) {
        const results = new SearchResults(3);
        for (const name of order) results.add([object(name)]);
        assert.deepEqual(
          results.snapshot().items.map((e) => e.name),
          ['a', 'b', 'c'],
          order.join(''),
        );
        assert.equal(results.matches, 7);
      }
      const all = new SearchResults(10);
      all.add(['c', 'a', 'b'].map(object));
      assert.deepEqual(all.snapshot(), { items: ['a', 'b', 'c'].map(object), matches: 3 });
      const snapshot = all.snapshot();
      all.add([object('0')]);
      assert.equal(snapshot.items.length, 3, 'a snapshot does not change later');
      assert.equal(all.snapshot().items[0].name, '0');
    });
  });
});

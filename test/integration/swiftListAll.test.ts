/**
 * SwiftClient.listAllObjects against the real Swift 2.30 of the local cloud: the forward and backward cursors
 * (`reverse=true` with marker/end_marker) and the one-cursor path give exactly
 * what the plain pager gives, for hostile names too (long ones make long markers; astral characters sort after
 * U+FFFF in Swift's byte order), over many small pages.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SwiftClient } from '../../src/openstack/swift/client';
import { compareNames, type ListingEntry } from '../../src/openstack/swift/listing';
import { HOSTILE_NAMES, SwiftFixture, deleteContainers, swiftFixture, uniqueContainer } from '../support/swiftFixture';
import { forEachBackend, whereBackend } from '../support/backends';
import { isOpenStackError } from '../../src/openstack/errors';
import { recordedHttpClient } from '../support/recordedHttp';

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * The names a Swift full listing split its gaps at (gapListing.ts): a left part's backward cursor starts just past the
 * guess (U+0001 after it), the right part's forward cursor after the guess itself; only guesses with both count.
 */
function splitGuesses(queries: URLSearchParams[]): Set<string> {
  const forwardFrom = new Set(queries.filter((q) => !q.has('reverse')).map((q) => q.get('marker')));
  const leftEnds = queries
    .filter((q) => q.get('reverse') === 'true' && q.get('marker')?.endsWith('\u0001'))
    .map((q) => (q.get('marker') as string).slice(0, -1));
  return new Set(leftEnds.filter((g) => forwardFrom.has(g)));
}

forEachBackend('swift full listing (integration)', function (backend) {
  this.timeout(180_000);
  let f: SwiftFixture;
  let c: string;
  const names = [
    ...HOSTILE_NAMES,
    ...Array.from({ length: 24 }, (_, i) => `dir${i % 3}/item-${String(i).padStart(2, '0')}`),
    'dir1.txt',
    'dir10',
    // Directory markers: objects named like their folder, on the other side of the cut a span starts at.
    'dir1/',
    'dir2/',
    '\uff21-fullwidth',
    '😀-emoji',
    '𝄞-clef',
    'z-last',
  ];
  const expected = [...new Set(names)].sort(byteOrder);

  async function all(swift: SwiftClient, opts: Parameters<SwiftClient['listAllObjects']>[1] = {}): Promise<string[]> {
    const out: string[] = [];
    for await (const batch of swift.listAllObjects(c, opts)) for (const e of batch) out.push(e.name);
    return out;
  }

  before(async () => {
    f = await swiftFixture(backend);
    c = uniqueContainer('listall');
    await f.swift.createContainer(c);
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < expected.length) {
          const name = expected[next++];
          await f.swift.putObject(c, name, name);
        }
      }),
    );
  });
  after(async () => {
    if (f) {
      await deleteContainers(f.swift, [c]);
      await f.http.close();
    }
  });

  it('Swift honours reverse=true with marker and end_marker (the backward cursor relies on it)', async () => {
    const swift = new SwiftClient(f.http, { storageUrl: f.storageUrl, tokens: f.tokens, pageLimit: 3 });
    if (backend === 'rgw') {
      // RGW ignores reverse=true (it would answer nothing between these bounds): found out, and said, never a wrong page.
      assert.equal(await swift.honoursReverse(c), false);
      await assert.rejects(swift.listObjects(c, { reverse: true, marker: expected[10], endMarker: expected[5] }).next(), (e) =>
        isOpenStackError(e, 'unsupported'),
      );
      return;
    }
    assert.equal(await swift.honoursReverse(c), true);
    const page = (await swift.listObjects(c, { reverse: true, marker: expected[10], endMarker: expected[5] }).next()).value;
    assert.deepEqual(
      page?.entries.map((e: ListingEntry) => (e.kind === 'object' ? e.name : e.prefix)),
      [expected[9], expected[8], expected[7]],
    );
  });

  it('lists everything in server order, exactly, with one cursor, from both ends and with four requests at once', async () => {
    const pager: string[] = [];
    for await (const page of f.swift.listObjects(c)) for (const e of page.entries) pager.push(e.kind === 'object' ? e.name : e.prefix);
    assert.deepEqual(pager, expected, 'the pager and the byte order agree');
    for (const pageLimit of [3, 7, 1000]) {
      const swift = new SwiftClient(f.http, { storageUrl: f.storageUrl, tokens: f.tokens, pageLimit });
      for (const concurrency of [1, 2, 4]) {
        const listed = await all(swift, { concurrency });
        assert.deepEqual(listed, expected, `page limit ${pageLimit}, concurrency ${concurrency}`);
      }
    }
  });

  it('in arrival order (what counting needs): every name once, whichever cursor read it', async () => {
    for (const pageLimit of [3, 7]) {
      const swift = new SwiftClient(f.http, { storageUrl: f.storageUrl, tokens: f.tokens, pageLimit });
      const listed = await all(swift, { order: 'arrival' });
      assert.equal(listed.length, expected.length, `page limit ${pageLimit}: no name twice`);
      assert.deepEqual([...listed].sort(compareNames), expected, `page limit ${pageLimit}`);
      const four = await all(swift, { order: 'arrival', concurrency: 4 });
      assert.deepEqual([...four].sort(compareNames), expected, `page limit ${pageLimit}, four requests at once: every name once`);
      // Both ends at once on Swift (pages from the end come before the forward cursor reaches them), ranges on RGW.
      assert.notDeepEqual(listed, expected, `page limit ${pageLimit}: in the order pages arrived, not the server's`);
    }
  });

  // RGW cannot list backwards: there the listing runs forward cursors over ranges split at names probed with
  // `limit=1` (splitListing.ts), which relies on the server honouring marker and end_marker together.
  it('honours marker with end_marker, and reads ranges split at probed names with several cursors at once (on Swift split at guesses, each part from both ends)', async () => {
    const swift = new SwiftClient(f.http, { storageUrl: f.storageUrl, tokens: f.tokens });
    const signal = new AbortController().signal;
    const between = await swift.listRangePage(c, { marker: expected[3], endMarker: expected[9], reverse: false, limit: 100, signal });
    assert.deepEqual(
      between.map((e) => e.name),
      expected.slice(4, 9),
    );
    const seen: Array<{ url: URL }> = [];
    const http = recordedHttpClient({ log: (e) => seen.push({ url: new URL(e.url) }) });
    try {
      const paged = new SwiftClient(http, { storageUrl: f.storageUrl, tokens: f.tokens, pageLimit: 3 });
      for (const order of [1, 2]) {
        seen.length = 0;
        assert.deepEqual(await all(paged, { concurrency: 4 }), expected, `run ${order}`);
        const listings = seen.filter((e) => !e.url.pathname.endsWith('/info') && e.url.searchParams.get('format') === 'json');
        const probes = listings.filter((e) => e.url.searchParams.get('limit') === '1');
        const ranges = new Set(listings.map((e) => e.url.searchParams.get('end_marker')).filter((m) => m !== null));
        const what = listings.map((e) => e.url.search).join('\n');
        if (backend === 'rgw') {
          // Probes, and pages bounded by the names they found (each such bound a real name, in the container).
          assert.ok(probes.length > 0, what);
          assert.ok(ranges.size >= 2, what);
          for (const m of ranges) assert.ok(expected.includes(m as string), `${m} is a name of the container`);
          assert.ok(!listings.some((e) => e.url.searchParams.has('reverse')), what);
        } else {
          // Swift keeps its two ends (a reverse cursor) and splits the gap between them at a guessed name, no probe:
          // every bound is a name read in the container, a guess, or just past one (a left part's end).
          assert.equal(probes.length, 0, what);
          const guesses = splitGuesses(listings.map((e) => e.url.searchParams));
          assert.ok(guesses.size > 0, what);
          for (const m of ranges)
            assert.ok(expected.includes(m as string) || guesses.has(m as string) || guesses.has((m as string).slice(0, -1)), `${m}: ${what}`);
          assert.ok(
            listings.some((e) => e.url.searchParams.get('reverse') === 'true'),
            what,
          );
        }
      }
    } finally {
      await http.close();
    }
  });

  it('with a prefix, with one cursor and from both ends', async () => {
    const seen: string[] = [];
    const http = recordedHttpClient({ log: (e) => seen.push(e.url) });
    try {
      for (const pageLimit of [3, 7]) {
        const swift = new SwiftClient(http, { storageUrl: f.storageUrl, tokens: f.tokens, pageLimit });
        for (const prefix of ['dir1', 'dir', '😀', 'no-such-prefix']) {
          for (const concurrency of [1, 2, 4]) {
            const what = `${prefix}, page limit ${pageLimit}, concurrency ${concurrency}`;
            assert.deepEqual(
              await all(swift, { prefix, concurrency }),
              expected.filter((n) => n.startsWith(prefix)),
              what,
            );
          }
        }
      }
      // Pages of 3 and 7 and more than one page: on Swift the second cursor ran (RGW lists forwards only); a full
      // listing never sends a delimited one.
      const backward = seen.some((u) => u.includes('reverse=true') && !u.includes('limit=2&'));
      assert.equal(backward, backend === 'swift', seen.join('\n'));
      assert.ok(!seen.some((u) => u.includes('delimiter=')), seen.join('\n'));
    } finally {
      await http.close();
    }
  });

  it('stays exact, entry for entry, when the backward pages go to a temporary file (a budget of 0 and of one page)', async () => {
    const pager: ListingEntry[] = [];
    for await (const page of f.swift.listObjects(c)) pager.push(...page.entries);
    const dir = mkdtempSync(join(tmpdir(), 'oss-listall-'));
    try {
      for (const heldEntries of [0, 3]) {
        // Two requests at once (the backward half held), and four (on Swift: every gap past the first held).
        for (const concurrency of [2, 4]) {
          const swift = new SwiftClient(f.http, { storageUrl: f.storageUrl, tokens: f.tokens, pageLimit: 3 });
          const listed: ListingEntry[] = [];
          for await (const batch of swift.listAllObjects(c, { spill: { heldEntries, dir }, concurrency })) listed.push(...batch);
          assert.deepEqual(listed, pager, `${heldEntries} names held in memory, concurrency ${concurrency}`);
          assert.deepEqual(readdirSync(dir), [], 'the temporary file is gone');
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names alone (listAllNames): the same names, exactly, in server order and as they arrive, held pages in a file or not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oss-listnames-'));
    const names = async (swift: SwiftClient, opts: Parameters<SwiftClient['listAllNames']>[1]) => {
      const out: string[] = [];
      for await (const batch of swift.listAllNames(c, opts)) out.push(...batch);
      return out;
    };
    try {
      for (const pageLimit of [3, 7]) {
        const swift = new SwiftClient(f.http, { storageUrl: f.storageUrl, tokens: f.tokens, pageLimit });
        for (const concurrency of [1, 2, 4]) {
          for (const heldEntries of [0, 3]) {
            const listed = await names(swift, { concurrency, spill: { heldEntries, dir } });
            assert.deepEqual(listed, expected, `page limit ${pageLimit}, concurrency ${concurrency}, ${heldEntries} held in memory`);
          }
        }
        const arrived = await names(swift, { order: 'arrival', concurrency: 4 });
        assert.equal(arrived.length, expected.length, `page limit ${pageLimit}: no name twice`);
        assert.deepEqual([...arrived].sort(compareNames), expected, `page limit ${pageLimit}, arrival order`);
        const under = await names(swift, { prefix: 'dir1' });
        assert.deepEqual(
          under,
          expected.filter((n) => n.startsWith('dir1')),
          `page limit ${pageLimit}, prefix dir1`,
        );
      }
      assert.deepEqual(readdirSync(dir), [], 'the temporary files are gone');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with four requests at once, on Swift the gap between the two ends split at a guessed name', async () => {
    const seen: URLSearchParams[] = [];
    const http = recordedHttpClient({ log: (e) => e.url.includes('format=json') && seen.push(new URL(e.url).searchParams) });
    try {
      const swift = new SwiftClient(http, { storageUrl: f.storageUrl, tokens: f.tokens, pageLimit: 3 });
      assert.deepEqual(await all(swift, { concurrency: 4 }), expected);
      const probes = seen.filter((q) => q.get('limit') === '1' && q.has('marker') && !q.has('reverse'));
      // RGW: a probe for each split point; Swift: a split at a guess, at once (see splitGuesses).
      if (backend === 'rgw') assert.ok(probes.length >= 1, 'a probe for a split point');
      else assert.ok(splitGuesses(seen).size >= 1 && probes.length === 0, seen.map(String).join('\n'));
    } finally {
      await http.close();
    }
  });

  // RGW answers short pages in the middle of a listing (RGW-DIFFERENCES.md, 19): there a short page is confirmed by
  // one more (empty) request; on Swift (its /info says so) the short page is the last.
  it('a small container costs one listing request (two on RGW), with the count from the caller or a HEAD', async () => {
    const forwardGets = whereBackend(backend, { swift: 1, rgw: 2 });
    const seen: string[] = [];
    const http = recordedHttpClient({ log: (e) => seen.push(`${e.method} ${e.url.replace(/^.*\/v1\/[^/]+/, '')}`) });
    try {
      const swift = new SwiftClient(http, { storageUrl: f.storageUrl, tokens: f.tokens });
      assert.deepEqual(await all(swift, { count: expected.length }), expected);
      let listings = seen.filter((s) => !s.endsWith('/info'));
      assert.deepEqual(
        listings.map((s) => s.split(' ')[0]),
        Array<string>(forwardGets).fill('GET'),
        seen.join('\n'),
      );
      // By default (two cursors) the count comes from a HEAD on Swift; RGW's forward cursors need none (and send no
      // probe: the first page was not full).
      seen.length = 0;
      assert.deepEqual(await all(swift), expected);
      await new Promise((r) => setTimeout(r, 200)); // a request the listing outlived is logged as cancelled
      listings = seen.filter((s) => !s.endsWith('/info'));
      assert.equal(listings.filter((s) => s.startsWith('HEAD')).length, whereBackend(backend, { swift: 1, rgw: 0 }), seen.join('\n'));
      // One forward GET; backward ones (the check that the server lists backwards, then a backward page on Swift) only
      // if the HEAD took longer than SECOND_CURSOR_AFTER_MS on a busy machine.
      const gets = listings.filter((s) => s.startsWith('GET'));
      assert.equal(gets.filter((s) => !s.includes('reverse=true')).length, forwardGets, seen.join('\n'));
      assert.ok(gets.length <= 2 + forwardGets, seen.join('\n'));
    } finally {
      await http.close();
    }
  });

  it('renews an expired token once, also with both cursors in flight', async () => {
    const renewalsBefore = f.tokens.renewals;
    // As a Session does: one renewal in flight, shared by every request the old token failed.
    let current = 'gAAAA-not-a-valid-token';
    let renewing: Promise<string> | undefined;
    const tokens = {
      token: async () => current,
      renew: (rejected: string) => {
        if (current !== rejected) return Promise.resolve(current);
        renewing ??= f.tokens.renew(rejected).then((t) => {
          current = t;
          renewing = undefined;
          return t;
        });
        return renewing;
      },
    };
    const swift = new SwiftClient(f.http, { storageUrl: f.storageUrl, tokens, pageLimit: 5 });
    assert.deepEqual(await all(swift, { concurrency: 2 }), expected);
    assert.equal(f.tokens.renewals - renewalsBefore, 1, 'one authentication however many requests were rejected at once');
  });
});

/**
 * The search (openstack/swift/search.ts) against the real Swift of the local cloud: a container of 100,000 names
 * (listing rows written with Swift's ContainerBroker, the benchmark's seeding path: test/support/listingRows.ts),
 * searched by substring and by prefix. The reference is the project's full listing (listAllObjects) filtered here, and
 * Swift's own prefix listing. Progress, the result cap, cancellation (requests counted through the token source:
 * each request asks it once), hostile names (real objects, PUT through the proxy), a wrong token and a server that
 * does not answer.
 */
import * as assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { isOpenStackError } from '../../src/openstack/errors';
import { SwiftClient, staticTokenSource } from '../../src/openstack/swift/client';
import { SearchResults, SearchUpdate, searchContainer, type SearchQuery } from '../../src/openstack/swift/search';
import { listingRows } from '../support/listingRows';
import { HOSTILE_NAMES, SwiftFixture, swiftSuite } from '../support/swiftFixture';
import { forEachBackend, whereBackend } from '../support/backends';
import { tarOf } from '../support/tar';

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
/** The reference matcher, written independently of the code under test. */
const contains = (name: string, query: string) => name.normalize('NFC').toLowerCase().includes(query.normalize('NFC').toLowerCase());

/** `size` names: folders by month, mixed case, composed and decomposed accents, a few with spaces and symbols. */
function bigNames(size: number): string[] {
  const names: string[] = [];
  for (let i = 0; names.length < size; i++) {
    const n = String(i).padStart(6, '0');
    switch (i % 10) {
      case 0:
        names.push(`Reports/Q${1 + (i % 4)}/REPORT-${n}.pdf`);
        break;
      case 1:
        names.push(i % 20 === 1 ? `photos/cafe\u0301-${n}.jpg` : `photos/caf\u00e9-${n}.jpg`); // NFD and NFC
        break;
      case 2:
        names.push(`data/${n.slice(0, 2)}/x ${n} #?%.bin`);
        break;
      default:
        names.push(`logs/2024-${String(1 + (i % 12)).padStart(2, '0')}/app-${n}.log`);
    }
  }
  return names;
}

forEachBackend('search (integration, 100,000 names)', function (backend) {
  this.timeout(180_000);
  // Swift's listing rows are written straight into its container database (listingRows); RGW has no such path, so its
  // container holds 3,000 real objects (bulk uploads), read in pages of 300 (at least ten pages either way: the same
  // paging and cursors are exercised).
  const SIZE = whereBackend(backend, { swift: 100_000, rgw: 3_000 });
  const PAGE = SIZE / 10;
  let f: SwiftFixture;
  let big: string;
  let small: string;
  let seeded: string[] = [];
  const { container } = swiftSuite((fixture) => (f = fixture), {
    backend,
    // The seeded rows go the way they came (a bulk delete would list and delete 100,000 objects).
    beforeDelete: async (c) => {
      if (c === big && seeded.length && backend === 'swift') await listingRows(f.cloud, big, 'remove', seeded);
    },
  });

  async function run(client: SwiftClient, container: string, query: SearchQuery, opts: Parameters<typeof searchContainer>[3] = {}) {
    const hits: string[] = [];
    const updates: SearchUpdate[] = [];
    const results = new SearchResults(1000);
    for await (const u of searchContainer(client, container, query, opts)) {
      updates.push(u);
      results.add(u.hits);
      for (const h of u.hits) hits.push(h.name);
    }
    return { hits, updates, results: results.snapshot(), last: updates[updates.length - 1].progress };
  }

  async function allNames(container: string): Promise<string[]> {
    const out: string[] = [];
    for await (const batch of f.swift.listAllObjects(container)) for (const e of batch) out.push(e.name);
    return out;
  }

  before(async function () {
    big = await container('search-100k');
    small = await container('search-hostile');
    seeded = bigNames(SIZE);
    if (backend === 'swift') {
      const seconds = await listingRows(f.cloud, big, 'add', seeded);
      console.log(`      seeded ${seeded.length} listing rows in ${seconds} s`);
    } else {
      // Bulk upload (extract-archive), 1,000 names a request: one PUT each would validate 1,000 tokens with Keystone.
      for (let i = 0; i < seeded.length; i += 1000) {
        const res = await f.http.request({
          method: 'PUT',
          url: `${f.storageUrl}/${encodeURIComponent(big)}?extract-archive=tar`,
          headers: { 'x-auth-token': await f.tokens.token(), accept: 'application/json' },
          body: tarOf(seeded.slice(i, i + 1000)),
        });
        const answer = (await res.json()) as { 'Number Files Created': number; Errors: unknown[] };
        assert.deepEqual([answer['Number Files Created'], answer.Errors], [Math.min(1000, seeded.length - i), []]);
      }
    }
    for (const name of HOSTILE_NAMES) await f.swift.putObject(small, name, `body of ${name}`);
    assert.equal((await f.swift.headContainer(big)).objectCount, SIZE);
  });

  it('substring search finds exactly what a filter of the full listing finds (NFC, any case); progress grows to the total; the cap keeps the first 1,000', async () => {
    const all = await allNames(big);
    assert.equal(all.length, SIZE);
    // A composed query in another case: matches composed and decomposed names alike, 10,000 of them.
    const text = 'CAF\u00c9-0';
    const { hits, results, updates, last } = await run(f.swift, big, { text, mode: 'substring' }, { limit: PAGE });
    const expected = all.filter((n) => contains(n, text));
    assert.equal(expected.length, SIZE / 10);
    assert.deepEqual([...hits].sort(byteOrder), expected);
    assert.equal(new Set(hits).size, hits.length, 'no duplicates');
    assert.ok(hits.some((n) => n.includes('cafe\u0301')) && hits.some((n) => n.includes('caf\u00e9')), 'NFD and NFC names');
    assert.equal(results.matches, expected.length);
    assert.deepEqual(
      results.items.map((e) => e.name),
      expected.slice(0, 1000),
    );

    let previous = { scanned: 0, matches: 0, pages: 0 };
    for (const u of updates) {
      const p = u.progress;
      assert.ok(p.scanned >= previous.scanned && p.matches >= previous.matches && p.pages >= previous.pages, JSON.stringify([previous, p]));
      if (p.total !== undefined) assert.ok(p.scanned <= p.total, 'never past 100 %');
      previous = p;
    }
    assert.ok(
      updates.some((u) => !u.progress.done && u.progress.total === SIZE),
      'the total is known while the search runs',
    );
    assert.ok(updates.slice(0, -1).every((u) => !u.progress.done));
    assert.deepEqual({ ...last, pages: 0 }, { scanned: SIZE, matches: expected.length, pages: 0, total: SIZE, done: true });
    assert.ok(last.pages >= 10, `pages of at most ${PAGE}: ${last.pages}`);
  });

  it("prefix search equals Swift's prefix listing, and reads only under the prefix", async () => {
    const prefix = whereBackend(backend, { swift: 'logs/2024-03/app-01', rgw: 'logs/2024-0' });
    const expected: string[] = [];
    for await (const page of f.swift.listObjects(big, { prefix })) for (const e of page.entries) if (e.kind === 'object') expected.push(e.name);
    const { hits, last } = await run(f.swift, big, { text: prefix, mode: 'prefix' }, { limit: 100 });
    assert.ok(expected.length > 100, 'several pages');
    assert.deepEqual([...hits].sort(byteOrder), expected);
    assert.equal(last.scanned, expected.length);
    // Within a folder: substrings after the folder's prefix.
    const within = await run(f.swift, big, { text: 'q3/', mode: 'substring' }, { within: 'Reports/' });
    assert.ok(within.hits.length > 0 && within.hits.every((n) => n.startsWith('Reports/Q3/')));
    assert.equal(within.last.scanned, seeded.filter((n) => n.startsWith('Reports/')).length);
  });

  it('an abort after the first page: no request after it, requests in flight cancelled, the search ends as cancelled', async () => {
    let requests = 0;
    const counting = { token: async () => (requests++, (await f.tokens.token()) as string), renew: (t: string) => f.tokens.renew(t) };
    const client = new SwiftClient(f.http, { storageUrl: f.storageUrl, tokens: counting });
    await client.info(); // anonymous, and cached: not a listing request
    const controller = new AbortController();
    const search = searchContainer(client, big, { text: 'nothing-matches-this', mode: 'substring' }, { signal: controller.signal });
    const first = await search.next();
    assert.equal(first.done, false);
    controller.abort();
    const atAbort = requests;
    await assert.rejects(search.next(), (e) => isOpenStackError(e, 'cancelled'));
    // A full search needs 10+ requests; only those in flight at the abort were sent (first page, its successor, the
    // check that the server honours reverse, the backward cursor's first page, the HEAD).
    assert.ok(atAbort <= 5, `requests sent: ${atAbort}`);
    await f.swift.headContainer(big); // a round trip of another client: time for a stray request to show
    assert.equal(requests, atAbort, 'no request after the abort');
  });

  it('hostile names (PUT through the proxy) are found byte-exact, by substring and by prefix', async () => {
    const names = await allNames(small);
    assert.equal(names.length, new Set(HOSTILE_NAMES).size);
    for (const fragment of ['"', "'", '%', '%2F', '?', '#', '\n', ' ', '\u00e9', 'e\u0301', '😀', '中文', '..', '\\', '\u202e']) {
      // One fragment over pages of 7 names (markers made of hostile names), the others in one page.
      const { hits } = await run(f.swift, small, { text: fragment, mode: 'substring', caseSensitive: true }, fragment === '"' ? { limit: 7 } : {});
      const expected = names.filter((n) => n.normalize('NFC').includes(fragment.normalize('NFC')));
      assert.ok(expected.length > 0, `the corpus has ${JSON.stringify(fragment)}`);
      assert.deepEqual([...hits].sort(byteOrder), expected, `fragment ${JSON.stringify(fragment)}`);
    }
    for (const name of HOSTILE_NAMES) {
      const { hits } = await run(f.swift, small, { text: name, mode: 'prefix' });
      assert.ok(hits.includes(name), `prefix ${JSON.stringify(name)} finds itself`);
      assert.ok(hits.every((h) => h.startsWith(name)));
    }
  });

  it('a wrong token: an auth error; a server that does not answer: a network error', async () => {
    const wrong = new SwiftClient(f.http, { storageUrl: f.storageUrl, tokens: staticTokenSource('not-a-token') });
    await assert.rejects(run(wrong, big, { text: 'a', mode: 'substring' }), (e) => {
      assert.ok(isOpenStackError(e, 'auth'), String(e));
      return true;
    });
    // A port that was just free: nothing listens.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const down = new SwiftClient(f.http, { storageUrl: `http://127.0.0.1:${port}/v1/AUTH_x`, tokens: staticTokenSource('t'), pageLimit: 100 });
    await assert.rejects(run(down, big, { text: 'a', mode: 'substring' }, { limit: 100 }), (e) => isOpenStackError(e, 'network'));
  });
});

// searchContainer and containerPages: a search run through the real SwiftClient against the in-memory Swift on
// the loopback. The page size comes from /info (or the caller), the total from the container's HEAD (or the
// caller's count, or none within a folder or for a prefix), and the backward cursor only where the server really
// lists backwards.
import * as assert from 'node:assert/strict';
import { isOpenStackError } from '../../../../src/openstack/errors';
import type { ObjectEntry, ObjectPage } from '../../../../src/openstack/swift/listing';
import { SearchUpdate, containerPages, searchContainer } from '../../../../src/openstack/swift/search';
import { reply } from '../../../support/loopbackServer';
import { memorySwiftTest } from './transfer/memorySwift';

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

async function collect(updates: AsyncIterable<SearchUpdate>): Promise<{ hits: string[]; updates: SearchUpdate[] }> {
  const hits: string[] = [];
  const all: SearchUpdate[] = [];
  for await (const u of updates) {
    all.push(u);
    for (const h of u.hits) hits.push(h.name);
  }
  return { hits, updates: all };
}

describe('search: a container through the client', () => {
  const t = memorySwiftTest('oss-search-', ['c']);
  const names = [...Array.from({ length: 14 }, (_, i) => `docs/n-${String(i).padStart(2, '0')}.txt`), 'Report.md', 'z/report é.txt', 'z/😀'];
  beforeEach(() => {
    for (const name of names) t.swift.put('c', name, 'x');
  });
  /** The listing requests of the search (the reverse check, limit=2, left out). */
  const pageRequests = () => t.swift.log.filter((l) => l.startsWith('GET /c?') && !l.includes('limit=2&reverse=true'));

  it('reads pages of /info’s size from both ends where the server lists backwards, and finds every match once', async () => {
    t.swift.listingLimit = 3;
    t.swift.listsBackwards = true;
    const { hits, updates } = await collect(searchContainer(t.client, 'c', { text: 'N-', mode: 'substring' }));
    assert.deepEqual(
      hits.sort(byteOrder),
      names.filter((n) => n.includes('n-')),
    );
    const pages = pageRequests();
    assert.ok(pages.length >= 6 && pages.every((l) => l.includes('limit=3')), pages.join('\n'));
    assert.ok(
      pages.some((l) => l.includes('reverse=true')),
      'a backward cursor',
    );
    assert.ok(
      pages.some((l) => l.includes('end_marker=')),
      'each cursor bounded by the other',
    );
    assert.ok(t.swift.log.includes('HEAD /c'), 'the total asked with a HEAD');
    assert.deepEqual(updates[updates.length - 1].progress, { scanned: names.length, matches: 14, pages: updates.length - 1, total: names.length, done: true });
  });

  it("takes the container's count from the HEAD as the total while the pages come", async () => {
    t.swift.listingLimit = 1;
    // The listing pages wait for the HEAD's answer: the count is known before most pages are matched.
    let headAnswered!: () => void;
    const head = new Promise<void>((resolve) => (headAnswered = resolve));
    t.at.handler = (req, res) => {
      if (req.method === 'HEAD') {
        t.swift.handler(req, res);
        headAnswered();
      } else if (req.url.includes('limit=1')) void head.then(() => t.swift.handler(req, res));
      else t.swift.handler(req, res);
    };
    const { updates } = await collect(searchContainer(t.client, 'c', { text: 'txt', mode: 'substring' }));
    assert.equal(updates.length, names.length + 1, 'one update per page, and the last');
    assert.ok(
      updates.slice(-3, -1).every((u) => u.progress.total === names.length),
      updates.map((u) => u.progress.total).join(','),
    );
  });

  it('takes the caller’s page size and count without asking /info or the HEAD', async () => {
    const { updates } = await collect(searchContainer(t.client, 'c', { text: 'report', mode: 'substring' }, { limit: 4, objectCount: 99 }));
    assert.ok(updates.slice(0, -1).every((u) => u.progress.total === 99));
    assert.ok(!t.swift.log.includes('HEAD /c'));
    assert.ok(!t.at.server.seen.some((r) => r.url === '/info'));
    assert.ok(pageRequests().every((l) => l.includes('limit=4')));
    assert.equal(updates[updates.length - 1].progress.matches, 2, 'Report.md and z/report é.txt');
  });

  it('has no total within a folder or for a prefix: no HEAD is sent', async () => {
    for (const [query, options] of [
      [{ text: 'n-0', mode: 'substring' }, { within: 'docs/' }],
      [{ text: 'docs/', mode: 'prefix' }, {}],
    ] as const) {
      const { hits, updates } = await collect(searchContainer(t.client, 'c', query, options));
      assert.equal(hits.length, query.mode === 'prefix' ? 14 : 10);
      assert.ok(updates.slice(0, -1).every((u) => u.progress.total === undefined));
    }
    assert.ok(!t.swift.log.includes('HEAD /c'));
  });

  it('on a server that ignores reverse=true, reads forwards only; without /info or the HEAD, pages of 10,000 and no total', async () => {
    t.at.handler = (req, res) => (req.url === '/info' || req.method === 'HEAD' ? reply(res, 503) : t.swift.handler(req, res));
    const { hits, updates } = await collect(searchContainer(t.client, 'c', { text: 'report', mode: 'substring' }));
    assert.deepEqual(hits, ['Report.md', 'z/report é.txt']);
    const pages = pageRequests();
    assert.deepEqual(pages, ['GET /c?format=json&limit=10000'], 'one page, forwards');
    assert.equal(updates[0].progress.total, undefined);
  });

  it('when the reverse check fails, reads forwards only and still finds every match once', async () => {
    t.swift.listingLimit = 2;
    t.at.handler = (req, res) => (req.url.includes('limit=2&reverse=true') ? reply(res, 503) : t.swift.handler(req, res));
    const { hits } = await collect(searchContainer(t.client, 'c', { text: 'n-', mode: 'substring' }));
    assert.deepEqual(
      hits,
      names.filter((n) => n.includes('n-')),
    );
    assert.ok(!pageRequests().some((l) => l.includes('reverse=true')), 'no backward cursor');
  });

  it('ends cancelled when the signal is aborted, sending no listing request', async () => {
    const controller = new AbortController();
    controller.abort();
    const e = await collect(searchContainer(t.client, 'c', { text: 'x', mode: 'substring' }, { signal: controller.signal })).catch((error: unknown) => error);
    assert.ok(isOpenStackError(e, 'cancelled'), String(e));
    assert.deepEqual(pageRequests(), []);
  });

  it('ends cancelled when the signal is aborted while /info is awaited', async () => {
    const controller = new AbortController();
    t.at.handler = (req, res) => {
      if (req.url === '/info') controller.abort();
      t.swift.handler(req, res);
    };
    const e = await collect(searchContainer(t.client, 'c', { text: 'x', mode: 'substring' }, { signal: controller.signal })).catch((error: unknown) => error);
    assert.ok(isOpenStackError(e, 'cancelled'), String(e));
    assert.deepEqual(pageRequests(), []);
  });

  it('ends cancelled when the signal is aborted while the reverse check is awaited', async () => {
    const controller = new AbortController();
    t.at.handler = (req, res) => {
      if (req.url.includes('reverse=true')) controller.abort();
      t.swift.handler(req, res);
    };
    const e = await collect(searchContainer(t.client, 'c', { text: 'x', mode: 'substring' }, { limit: 5, signal: controller.signal })).catch(
      (error: unknown) => error,
    );
    assert.ok(isOpenStackError(e, 'cancelled'), String(e));
    assert.deepEqual(pageRequests(), []);
  });
});

describe('search: containerPages', () => {
  it('asks the client for one page with the query’s bounds, and keeps only objects', async () => {
    const asked: unknown[] = [];
    let pagesRead = 0;
    const signal = new AbortController().signal;
    const object = (name: string): ObjectEntry => ({ kind: 'object', name, bytes: 1, hash: 'h', lastModified: undefined, contentType: 'x' });
    const client = {
      async *listObjects(container: string, opts: object): AsyncGenerator<ObjectPage> {
        asked.push({ container, ...opts });
        pagesRead++;
        yield { entries: [object('a'), { kind: 'folder', prefix: 'b/' }, object('c')], nextMarker: 'c' };
        pagesRead++;
        yield { entries: [object('d')], nextMarker: undefined };
      },
    };
    const fetch = containerPages(client, 'box');
    const page = await fetch({ prefix: 'p', marker: 'm', endMarker: 'x', reverse: true, limit: 3, signal });
    assert.deepEqual(
      page.map((e) => e.name),
      ['a', 'c'],
    );
    assert.deepEqual(asked, [{ container: 'box', prefix: 'p', marker: 'm', endMarker: 'x', reverse: true, limit: 3, signal }]);
    assert.equal(pagesRead, 1, 'never the next page');
  });
});

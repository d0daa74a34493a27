// searchContainer and containerPages: a search run through the real SwiftClient against the in-memory Swift on
// the loopback. The page size comes from /info (or the caller), the total from the container's HEAD (or the
// caller's count, or none within a folder or for a prefix), and the backward cursor only where the server really
// lists backwards.
import * as assert from 'node:assert/strict';
import { isOpenStackError } from '../../../../src/openstack/errors';
import { isNameOnly } from '../../../../src/openstack/swift/listingNames';
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

  it('gives its hits in full (size, hash, date, type) though only they were parsed of their pages', async () => {
    const { updates } = await collect(searchContainer(t.client, 'c', { text: 'REPORT', mode: 'substring' }));
    const hits = updates.flatMap((u) => u.hits);
    assert.deepEqual(
      hits.map((h) => ({ ...h })),
      ['Report.md', 'z/report é.txt'].map((name) => ({
        kind: 'object',
        name,
        bytes: 1,
        hash: '9dd4e461268c8034f5c8564e155c67a6',
        lastModified: new Date('2026-12-04T10:00:00Z'),
        contentType: 'application/octet-stream',
      })),
    );
    assert.ok(hits.every((h) => !isNameOnly(h)));
  });

  it('reads the objects that do not match for their names only: a flaw elsewhere in their text is not looked at', async () => {
    const row = (name: string, rest = '"bytes": 1, "hash": "h", "last_modified": "2026-12-04T10:00:00.000000", "content_type": "t"') =>
      `{"name": "${name}", ${rest}}`;
    const page = `[${[row('a-hit'), ...Array.from({ length: 8 }, (_, i) => row(`b${i}`)), row('c', '"bytes": 1,, "hash": "h"')].join(', ')}]`;
    const inner = t.at.handler;
    t.at.handler = (req, res) =>
      req.method === 'GET' && req.url.startsWith('/v1/AUTH_test/c?') && !req.url.includes('limit=2&') ? reply(res, 200, page) : inner(req, res);
    const { hits, updates } = await collect(searchContainer(t.client, 'c', { text: 'hit', mode: 'substring' }, { objectCount: 10 }));
    assert.deepEqual(hits, ['a-hit']);
    assert.equal(updates[updates.length - 1].progress.scanned, 10);
    // A page parsed whole (a match in most of its names) says what is wrong with it.
    await assert.rejects(collect(searchContainer(t.client, 'c', { text: 'b', mode: 'substring' }, { objectCount: 10 })), (e: unknown) =>
      isOpenStackError(e, 'badResponse'),
    );
  });

  it("reads the client's page size: 5,000 a request from a Swift close by that allows 10,000", async () => {
    t.swift.listsBackwards = true;
    await collect(searchContainer(t.client, 'c', { text: 'x', mode: 'substring' }));
    assert.deepEqual(
      pageRequests().map((l) => new URLSearchParams(l.slice(l.indexOf('?'))).get('limit')),
      ['5000'],
    );
  });

  it("takes the container's count from the HEAD as the total while the pages come", async () => {
    t.swift.listingLimit = 1;
    // The pages after the first wait for the HEAD's answer: the count is known before most pages are matched.
    let headAnswered!: () => void;
    const head = new Promise<void>((resolve) => (headAnswered = resolve));
    t.at.handler = (req, res) => {
      if (req.method === 'HEAD') {
        t.swift.handler(req, res);
        headAnswered();
      } else if (req.url.includes('limit=1&')) void head.then(() => t.swift.handler(req, res));
      else t.swift.handler(req, res);
    };
    const { updates } = await collect(searchContainer(t.client, 'c', { text: 'txt', mode: 'substring' }));
    assert.equal(updates.length, names.length + 1, 'one update per page, and the last');
    assert.ok(
      updates.slice(-3, -1).every((u) => u.progress.total === names.length),
      updates.map((u) => u.progress.total).join(','),
    );
  });

  it('takes the caller’s page size and count without asking the HEAD; /info only for the server’s kind', async () => {
    const { updates } = await collect(searchContainer(t.client, 'c', { text: 'report', mode: 'substring' }, { limit: 4, objectCount: 99 }));
    assert.ok(updates.slice(0, -1).every((u) => u.progress.total === 99));
    assert.ok(!t.swift.log.includes('HEAD /c'));
    assert.equal(t.at.server.seen.filter((r) => r.url === '/info').length, 1, 'whether a short page is the last (Swift) or not');
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
    // A HEAD waits for the first page's answer: time for one to arrive had it been sent.
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(!t.swift.log.includes('HEAD /c'));
  });

  it('on a server that ignores reverse=true, reads forwards only; without /info or the HEAD, pages of 10,000 and no total', async () => {
    t.at.handler = (req, res) => (req.url === '/info' || req.method === 'HEAD' ? reply(res, 503) : t.swift.handler(req, res));
    const { hits, updates } = await collect(searchContainer(t.client, 'c', { text: 'report', mode: 'substring' }));
    assert.deepEqual(hits, ['Report.md', 'z/report é.txt']);
    const pages = pageRequests();
    // A server that does not say it is Swift may answer short pages in the middle: the short page is confirmed.
    assert.deepEqual(
      pages,
      ['GET /c?format=json&limit=10000', 'GET /c?format=json&limit=10000&marker=z%2F%F0%9F%98%80'],
      'one page, forwards, and the empty one after it',
    );
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

  it('sends the first page without waiting for the reverse check, and reads backwards once it answers', async () => {
    t.swift.listingLimit = 3;
    t.swift.listsBackwards = true;
    // The reverse check is answered only once the first page has been asked: a search waiting for it would hang.
    let firstPageAsked!: () => void;
    const asked = new Promise<void>((resolve) => (firstPageAsked = resolve));
    t.at.handler = (req, res) => {
      if (req.url?.includes('limit=2&reverse=true')) void asked.then(() => t.swift.handler(req, res));
      else {
        if (req.url?.includes('limit=3') && !req.url.includes('reverse=true')) firstPageAsked();
        t.swift.handler(req, res);
      }
    };
    const { hits } = await collect(searchContainer(t.client, 'c', { text: 'n-', mode: 'substring' }));
    assert.deepEqual(
      hits.sort(byteOrder),
      names.filter((n) => n.includes('n-')),
    );
    assert.ok(
      pageRequests().some((l) => l.includes('reverse=true')),
      'a backward cursor once the check said yes',
    );
  });

  it('reads split ranges, as the full listing does, once the client knows the server ignores reverse=true', async () => {
    for (let i = 0; i < 400; i++) t.swift.put('c', `m-${String(i).padStart(3, '0')}`, 'x');
    t.swift.listingLimit = 50;
    assert.equal(await t.client.honoursReverse('c'), false, 'ascending answer: learnt once');
    assert.equal(await t.client.listsInSplitRanges(), true);
    const { hits } = await collect(searchContainer(t.client, 'c', { text: 'n-', mode: 'substring' }));
    assert.deepEqual(
      hits.sort(byteOrder),
      names.filter((n) => n.includes('n-')),
    );
    assert.ok(
      pageRequests().some((l) => l.includes('limit=1&')),
      'a split point probed',
    );
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

  it('ends cancelled when the signal is aborted while the reverse check is awaited: the first page alone was asked', async () => {
    t.swift.listsBackwards = true;
    const controller = new AbortController();
    t.at.handler = (req, res) => {
      if (req.url.includes('reverse=true')) controller.abort();
      t.swift.handler(req, res);
    };
    const e = await collect(searchContainer(t.client, 'c', { text: 'x', mode: 'substring' }, { limit: 5, signal: controller.signal })).catch(
      (error: unknown) => error,
    );
    assert.ok(isOpenStackError(e, 'cancelled'), String(e));
    assert.deepEqual(pageRequests(), ['GET /c?format=json&limit=5']);
  });

  it('sends the first page alone: the HEAD and the reverse check go out once it has answered', async () => {
    t.swift.listingLimit = 3;
    t.swift.listsBackwards = true;
    // The first page is held: no other request for the container may reach the server meanwhile (/info may).
    const whileHeld: string[] = [];
    let held = true;
    t.at.handler = (req, res) => {
      if (held && req.method === 'GET' && req.url.includes('limit=3') && !req.url.includes('marker')) {
        setTimeout(() => ((held = false), t.swift.handler(req, res)), 150);
        return;
      }
      if (held && req.url.startsWith('/v1/AUTH_test/c')) whileHeld.push(`${req.method} ${req.url}`);
      t.swift.handler(req, res);
    };
    const { hits, updates } = await collect(searchContainer(t.client, 'c', { text: 'n-', mode: 'substring' }));
    assert.deepEqual(whileHeld, []);
    assert.deepEqual(
      hits.sort(byteOrder),
      names.filter((n) => n.includes('n-')),
    );
    const head = t.swift.log.indexOf('HEAD /c');
    const check = t.swift.log.findIndex((l) => l.includes('limit=2&reverse=true'));
    const first = t.swift.log.indexOf('GET /c?format=json&limit=3');
    assert.ok(first >= 0 && head > first && check > first, t.swift.log.join('\n'));
    assert.ok(
      pageRequests().some((l) => l.includes('reverse=true')),
      'a backward cursor once the check said yes',
    );
    assert.equal(updates[updates.length - 1].progress.total, names.length);
  });

  it('sends neither the HEAD nor the reverse check after a first page that failed; the error is the page’s', async () => {
    t.at.handler = (req, res) => (req.method === 'GET' && req.url.includes('/c?') ? reply(res, 500, 'boom') : t.swift.handler(req, res));
    await assert.rejects(collect(searchContainer(t.client, 'c', { text: 'x', mode: 'substring' })), (e: unknown) => isOpenStackError(e, 'server'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(
      t.at.server.seen.filter((r) => r.method === 'HEAD' || r.url.includes('reverse=true')).map((r) => r.url),
      [],
    );
  });

  it('searches an empty container with one request: after an empty first page, no HEAD and no reverse check', async () => {
    t.swift.listsBackwards = true;
    t.swift.container('empty');
    const { hits, updates } = await collect(searchContainer(t.client, 'empty', { text: 'x', mode: 'substring' }));
    assert.deepEqual(hits, []);
    assert.deepEqual(updates[updates.length - 1].progress, { scanned: 0, matches: 0, pages: updates.length - 1, total: 0, done: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(
      t.swift.log.filter((l) => l.includes('/empty')),
      ['GET /empty?format=json&limit=5000'],
    );
  });
});

describe('search: containerPages', () => {
  const t = memorySwiftTest('oss-pages-', ['box']);

  it('asks for one page with the query’s bounds, as the server answers it: no look-ahead after a short page', async () => {
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) t.swift.put('box', name, 'x');
    t.swift.shortPages = true;
    const fetch = containerPages(t.client, 'box');
    const page = await fetch({ prefix: undefined, marker: 'a', endMarker: 'f', reverse: false, limit: 3, signal: new AbortController().signal });
    assert.deepEqual(
      page.map((e) => e.name),
      ['b', 'c'],
    );
    assert.deepEqual(
      t.swift.log.filter((l) => l.startsWith('GET /box')),
      ['GET /box?format=json&limit=3&marker=a&end_marker=f'],
    );
  });
});

describe('full listings and searches on a server that answers short pages in the middle (Ceph RGW)', () => {
  const t = memorySwiftTest('oss-short-', ['c']);
  const names = Array.from({ length: 23 }, (_, i) => `n-${String(i).padStart(2, '0')}`);
  beforeEach(() => {
    for (const name of names) t.swift.put('c', name, 'x');
    t.swift.shortPages = true;
    t.swift.listingLimit = 5;
  });

  it('lists every name, however short the pages, forward alone and with the planned cursors', async () => {
    for (const concurrency of [1, 2]) {
      const listed: string[] = [];
      for await (const batch of t.client.listAllObjects('c', { concurrency })) listed.push(...batch.map((e) => e.name));
      assert.deepEqual(listed, names, `concurrency ${concurrency}`);
    }
    const paged: string[] = [];
    for await (const page of t.client.listObjects('c')) paged.push(...page.entries.map((e) => (e.kind === 'object' ? e.name : e.prefix)));
    assert.deepEqual(paged, names, 'listObjects pages on too');
  });

  it('finds a match past the first short page', async () => {
    const { hits } = await collect(searchContainer(t.client, 'c', { text: 'n-2', mode: 'substring' }));
    assert.deepEqual(hits.sort(byteOrder), ['n-20', 'n-21', 'n-22']);
  });

  it('searches with forward cursors over split ranges where /info says RGW: probes, no reverse check, every match once', async () => {
    const more = Array.from({ length: 400 }, (_, i) => `m-${String(i).padStart(3, '0')}`);
    for (const name of more) t.swift.put('c', name, 'x');
    t.swift.listingLimit = 50;
    const { hits, updates } = await collect(searchContainer(t.client, 'c', { text: 'N-', mode: 'substring' }));
    assert.deepEqual(hits.sort(byteOrder), names);
    const gets = t.swift.log.filter((l) => l.startsWith('GET /c?'));
    assert.ok(!gets.some((l) => l.includes('reverse=true')), gets.join('\n'));
    assert.ok(
      gets.some((l) => l.includes('limit=1&')),
      `a split point probed: ${gets.join(' | ')}`,
    );
    assert.equal(updates[updates.length - 1].progress.scanned, names.length + more.length, 'every name read once');
    assert.ok(t.swift.log.includes('HEAD /c'), 'the total asked at once: no first page goes alone here');
  });

  it('trusts a short page to be the last where /info says Swift (no request after it)', async () => {
    t.swift.shortPages = false;
    const listed: string[] = [];
    for await (const batch of t.client.listAllObjects('c', { concurrency: 1 })) listed.push(...batch.map((e) => e.name));
    assert.deepEqual(listed, names);
    const gets = t.swift.log.filter((l) => l.startsWith('GET /c?'));
    assert.equal(gets.length, 5, gets.join('\n'));
  });
});

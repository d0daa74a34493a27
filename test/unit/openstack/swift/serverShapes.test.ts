/**
 * Property test: the full listing, the paged delimited listing and bulk delete driven against a loopback server that
 * answers the way Swift does or the way Ceph RGW does (the differences found against the real RGW 16, see
 * RGW-DIFFERENCES.md), on random names and page sizes. The client must give exactly the same result whatever the
 * shape: every name once, in order; every folder; every path it reports gone really gone, the others reported.
 */
import * as assert from 'node:assert/strict';
import { HttpClient } from '../../../../src/openstack/http';
import { SwiftClient, markerBelow, staticTokenSource } from '../../../../src/openstack/swift/client';
import { FakeServer, SeenRequest, reply, startFakeServer } from '../../../support/loopbackServer';
import { seededRandom } from './randomNames';
import { recordedHttpClient } from '../../../support/recordedHttp';

type Shape = 'swift' | 'rgw';
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
const ALPHABET = ['a', 'b', '/', '.', '-', 'é', '\uff21', '😀', ' ', '%'];

function randomNames(random: () => number, count: number): string[] {
  const names = new Set<string>();
  while (names.size < count) {
    let name = '';
    for (let i = 0, n = 1 + Math.floor(random() * 5); i < n; i++) name += ALPHABET[Math.floor(random() * ALPHABET.length)];
    names.add(name);
  }
  return [...names].sort(byteOrder);
}

/** What the reference says a delimited listing under `prefix` holds: names and folders, in byte order. */
function rolledUp(names: string[], prefix: string): string[] {
  const out = new Set<string>();
  for (const n of names.filter((x) => x.startsWith(prefix))) {
    const cut = n.indexOf('/', prefix.length);
    out.add(cut >= 0 ? `${n.slice(0, cut + 1)}(folder)` : n);
  }
  return [...out].sort((a, b) => byteOrder(a.replace(/\(folder\)$/, ''), b.replace(/\(folder\)$/, '')));
}

/**
 * A container listing as the server shape answers it. Swift: reverse honoured (bounds swap roles), full pages.
 * RGW: reverse ignored; in delimited listings the rolled-up names count toward the limit (short pages while more
 * follow) and names whose next segment is empty (`/x` under no prefix) are left out entirely.
 */
function listing(shape: Shape, stored: string[], q: URLSearchParams): object[] {
  const limit = Number(q.get('limit') ?? 10000);
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const reverse = shape === 'swift' && q.get('reverse') === 'true';
  let marker = q.get('marker') ?? '';
  let endMarker = q.get('end_marker') ?? '';
  if (reverse) [marker, endMarker] = [endMarker, marker];
  let names = stored.filter((n) => n.startsWith(prefix) && (!marker || byteOrder(n, marker) > 0) && (!endMarker || byteOrder(n, endMarker) < 0));
  if (reverse) names = names.reverse();
  // A marker that is a folder (it ends with the delimiter) continues after everything in it, on both servers.
  if (delimiter && marker.endsWith(delimiter) && !reverse) names = names.filter((n) => !n.startsWith(marker));
  const out: object[] = [];
  let read = 0;
  for (const name of names) {
    if (out.length >= limit || (shape === 'rgw' && delimiter && read >= limit)) break;
    const cut = delimiter ? name.indexOf(delimiter, prefix.length) : -1;
    if (cut === prefix.length && shape === 'rgw') continue; // an empty segment: RGW lists neither it nor its folder
    read++;
    if (cut >= 0) {
      const subdir = name.slice(0, cut + delimiter.length);
      const last = out[out.length - 1] as { subdir?: string } | undefined;
      if (last?.subdir !== subdir) out.push({ subdir });
    } else out.push({ name, bytes: 1, hash: 'h', content_type: 'x', last_modified: '2024-05-01T10:20:30.123456' });
  }
  return out;
}

/** The account's containers: RGW applies `limit` from the marker on before it filters by the prefix. */
function accountListing(shape: Shape, containers: string[], q: URLSearchParams): object[] {
  const limit = Number(q.get('limit') ?? 10000);
  const prefix = q.get('prefix') ?? '';
  const marker = q.get('marker') ?? '';
  const after = containers.filter((n) => !marker || byteOrder(n, marker) > 0);
  const kept = shape === 'rgw' ? after.slice(0, limit).filter((n) => n.startsWith(prefix)) : after.filter((n) => n.startsWith(prefix)).slice(0, limit);
  return kept.map((name) => ({ name, count: 0, bytes: 0 }));
}

/**
 * Bulk delete as the shape answers it. Swift: every path, failures named `/c/o`. RGW: only the first `rgwLimit`
 * paths (the rest silently ignored, 200 OK), failures named `c/o` and a container `c/`.
 */
function bulk(shape: Shape, stored: Set<string>, forbidden: Set<string>, body: string, rgwLimit: number): object {
  const lines = body.split('\n').filter(Boolean);
  const read = shape === 'rgw' ? lines.slice(0, rgwLimit) : lines;
  let deleted = 0;
  let notFound = 0;
  const errors: Array<[string, string]> = [];
  for (const line of read) {
    const path = decodeURIComponent(line).slice(1); // c/o
    if (forbidden.has(path)) errors.push([shape === 'rgw' ? path : `/${path}`, '403 Forbidden']);
    else if (stored.delete(path)) deleted++;
    else notFound++;
  }
  return {
    'Number Deleted': deleted,
    'Number Not Found': notFound,
    'Response Status': errors.length ? '400 Bad Request' : '200 OK',
    'Response Body': '',
    Errors: errors,
  };
}

describe('swift/serverShapes: listings and bulk delete against Swift- and RGW-shaped answers (property)', () => {
  let server: FakeServer;
  let http: HttpClient;
  let shape: Shape = 'swift';
  let names: string[] = [];
  let stored = new Set<string>();
  let forbidden = new Set<string>();
  let rgwLimit = 5;

  before(async () => {
    server = await startFakeServer((req: SeenRequest, res) => {
      const [path, query = ''] = req.url.split('?');
      if (path === '/info') {
        // RGW publishes an empty bulk_delete section; Swift its limit.
        const bulkDelete = shape === 'swift' ? { max_deletes_per_request: 10000 } : {};
        // Each names its object name limit its own way (how the client tells them apart).
        const nameLimit = shape === 'swift' ? { max_object_name_length: 1024 } : { max_object_name_size: 1024 };
        return reply(res, 200, JSON.stringify({ swift: { container_listing_limit: 10000, ...nameLimit }, bulk_delete: bulkDelete }));
      }
      const q = new URLSearchParams(query);
      if (req.method === 'POST' && q.has('bulk-delete')) return reply(res, 200, JSON.stringify(bulk(shape, stored, forbidden, req.body.toString(), rgwLimit)));
      if (req.method === 'HEAD') return reply(res, 204, '', { 'x-container-object-count': String(names.length) });
      if (path === '/v1/AUTH_t') return reply(res, 200, JSON.stringify(accountListing(shape, names, q)), { 'content-type': 'application/json' });
      reply(res, 200, JSON.stringify(listing(shape, names, q)), { 'content-type': 'application/json', 'x-container-object-count': String(names.length) });
    });
    http = recordedHttpClient({ retry: { maxRetries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 } });
  });
  after(async () => {
    await http.close();
    await server.close();
  });

  const client = (pageLimit: number) => new SwiftClient(http, { storageUrl: `${server.origin}/v1/AUTH_t`, tokens: staticTokenSource('tok-123456'), pageLimit });

  it('markerBelow: sorts below every name starting with the prefix, and above the names before it', () => {
    const random = seededRandom(909);
    for (let i = 0; i < 2000; i++) {
      const [prefix, other] = randomNames(random, 2).sort(() => random() - 0.5);
      const marker = markerBelow(prefix);
      assert.ok(byteOrder(marker, prefix) < 0, JSON.stringify(prefix));
      assert.ok(byteOrder(marker, prefix + other) < 0);
      if (!other.startsWith(prefix) && byteOrder(other, prefix) < 0 && !other.startsWith(prefix.slice(0, -1))) assert.ok(byteOrder(other, marker) < 0);
    }
    assert.equal(markerBelow('a\u0000'), 'a');
    assert.equal(markerBelow('\ue000'), '\ud7ff\u{10FFFF}');
  });

  for (const s of ['swift', 'rgw'] as const) {
    it(`[${s}] full listing: every name once, in byte order, with 1, 2 and 4 requests at once, whatever the page size`, async () => {
      shape = s;
      const random = seededRandom(s === 'swift' ? 101 : 202);
      for (let round = 0; round < 12; round++) {
        names = randomNames(random, Math.floor(random() * 60));
        const pageLimit = 1 + Math.floor(random() * 9);
        for (const concurrency of [1, 2, 4]) {
          const listed: string[] = [];
          for await (const batch of client(pageLimit).listAllObjects('c', { concurrency })) listed.push(...batch.map((e) => e.name));
          assert.deepEqual(listed, names, `${s}: ${names.length} names, pages of ${pageLimit}, concurrency ${concurrency}`);
        }
      }
    });

    it(`[${s}] delimited listing: every name and folder (also of empty segments), short pages not taken as the end`, async () => {
      shape = s;
      const random = seededRandom(s === 'swift' ? 303 : 404);
      for (let round = 0; round < 15; round++) {
        // Names in a few folders (many roll up into one entry: short pages on RGW), some with empty segments.
        const folders = ['', 'a/', 'a/b/', '/', 'a//', 'é/', '😀/'];
        names = [...new Set(randomNames(random, Math.floor(random() * 40)).map((n) => folders[Math.floor(random() * folders.length)] + n))].sort(byteOrder);
        const prefix = ['', 'a', 'a/', '/'][Math.floor(random() * 4)];
        const pageLimit = 1 + Math.floor(random() * 6);
        const listed: string[] = [];
        for await (const page of client(pageLimit).listObjects('c', { prefix, delimiter: '/' })) {
          listed.push(...page.entries.map((e) => (e.kind === 'folder' ? `${e.prefix}(folder)` : e.name)));
        }
        assert.deepEqual(listed, rolledUp(names, prefix), `${s}: prefix ${JSON.stringify(prefix)}, pages of ${pageLimit}`);
      }
    });

    it(`[${s}] container listing with a prefix: every container it keeps, whatever the page size`, async () => {
      shape = s;
      const random = seededRandom(s === 'swift' ? 707 : 808);
      for (let round = 0; round < 20; round++) {
        names = randomNames(random, Math.floor(random() * 40));
        const prefix = names.length && random() < 0.8 ? [...names[Math.floor(random() * names.length)]].slice(0, 1 + Math.floor(random() * 2)).join('') : 'a';
        const pageLimit = 1 + Math.floor(random() * 6);
        const listed: string[] = [];
        for await (const page of client(pageLimit).listContainers({ prefix })) listed.push(...page.entries.map((e) => e.name));
        assert.deepEqual(
          listed,
          names.filter((n) => n.startsWith(prefix)),
          `${s}: prefix ${JSON.stringify(prefix)}, pages of ${pageLimit}`,
        );
      }
    });

    it(`[${s}] bulk delete: reported gone only when gone, a refused path reported, none left unprocessed`, async () => {
      shape = s;
      const random = seededRandom(s === 'swift' ? 505 : 606);
      for (let round = 0; round < 10; round++) {
        const all = randomNames(random, 1 + Math.floor(random() * 30));
        stored = new Set(all.filter(() => random() < 0.7).map((n) => `c/${n}`));
        forbidden = new Set(all.filter(() => random() < 0.1).map((n) => `c/${n}`));
        rgwLimit = 1 + Math.floor(random() * 6);
        const result = await client(10).bulkDelete(all.map((name) => ({ container: 'c', name })));
        assert.equal(result.items.length, all.length, 'one result per path');
        for (const item of result.items) {
          const path = `c/${item.name}`;
          assert.equal(item.ok, !forbidden.has(path), `${s}: ${JSON.stringify(path)} ok=${item.ok}`);
          if (item.ok) assert.ok(!stored.has(path), `${s}: ${JSON.stringify(path)} reported gone but still there`);
          else assert.equal(item.status, '403 Forbidden');
        }
        assert.deepEqual(
          [...stored].filter((p) => !forbidden.has(p)),
          [],
          `${s}: nothing deletable left (limit ${rgwLimit})`,
        );
      }
    });
  }
});

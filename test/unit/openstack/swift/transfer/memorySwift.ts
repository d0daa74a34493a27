/**
 * A small Swift held in memory and served on the loopback server of the unit tests, for the transfer code run
 * through the real SwiftClient: containers, plain objects, Static Large Objects (manifest PUT and
 * `?multipart-manifest=get`, deleted with their segments by `?multipart-manifest=delete`), JSON listings with prefix, marker and limit,
 * archives expanded by `?extract-archive=tar` (`bulkUpload`), and /info. Only what the transfers send,
 * shaped as Swift's api-ref says; `tamper` changes what a GET serves (corrupt, short or long bodies, wrong ETags).
 * Listings are in UTF-8 byte order with end_marker; `reverse=true` only when `listsBackwards` is set (by default
 * the parameter is ignored, as Ceph RGW 16 does).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SwiftClient, staticTokenSource } from '../../../../../src/openstack/swift/client';
import type { SeenRequest } from '../../../../support/loopbackServer';
import { reply } from '../../../../support/loopbackServer';
import { loopbackSwift, type LoopbackSwift } from '../loopbackSwift';

export const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');
/** Swift's order of names: their UTF-8 bytes. */
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

export interface StoredObject {
  body: Buffer;
  etag: string;
  headers: Record<string, string>;
  /** Static Large Object: its segments as `/container/name` paths (`range`: bytes `first-last` of the segment). */
  manifest?: Array<{ path: string; etag: string; bytes: number; range?: string }>;
}

/** What a GET of an object serves instead (undefined: the object as stored). */
export interface Served {
  body?: Buffer;
  etag?: string;
  /** Content-Length announced (the body is sent whatever it is; the connection ends after it). */
  length?: number;
}

export class MemorySwift {
  readonly containers = new Map<string, Map<string, StoredObject>>();
  /** /info's `slo` section, or none (no SLO middleware). */
  slo: Record<string, unknown> | undefined = { max_manifest_segments: 1000, min_segment_size: 1 };
  maxFileSize: number | undefined;
  /** /info's container_listing_limit. */
  listingLimit = 10000;
  /** Honour `reverse=true` in listings as Swift does (with the bounds' roles swapped); false: ignore it, as RGW 16. */
  listsBackwards = false;
  /**
   * Answer as Ceph RGW with a sharded bucket index: /info names `max_object_name_size` (not Swift's
   * `max_object_name_length`), and an object listing asked for more than one name answers one name fewer than it
   * could while more follow (a short page in the middle of the listing).
   */
  shortPages = false;
  /** Status to answer instead, by `METHOD /container[/object]` (decoded), or `GET /info`; e.g. failing PUTs. */
  readonly fail = new Map<string, number>();
  /** Statuses answered to the next requests of a key, one each, before it works again (0: the connection drops). */
  readonly failNext = new Map<string, number[]>();
  /** Answer `?multipart-manifest=get` with 200 and no body, as Ceph RGW 16 does. */
  manifestsUnreadable = false;
  tamper?: (container: string, name: string, object: StoredObject) => Served | undefined;
  /** /info offers `bulk_upload`, and `PUT /<container>?extract-archive=tar` expands a tar (pax `path` and xattrs). */
  bulkUpload = false;
  /**
   * What an archive upload answers instead of the truth, from what it would store (names → bodies) and Swift's answer:
   * return the answer to send, after storing what it wants (e.g. claim files it did not store, name failures).
   */
  archiveAnswer?: (files: Array<{ name: string; body: Buffer; headers: Record<string, string> }>, truth: Record<string, unknown>) => Record<string, unknown>;
  /** Names listings leave out (a container update not made yet); HEAD and GET still serve them. */
  readonly unlisted = new Set<string>();
  readonly log: string[] = [];

  put(container: string, name: string, body: Buffer | string, headers: Record<string, string> = {}): StoredObject {
    const bytes = Buffer.from(body);
    const stored = { body: bytes, etag: md5(bytes), headers };
    this.container(container).set(name, stored);
    return stored;
  }

  /**
   * An SLO made of existing segment objects (paths `/container/name`, or with a `range` of the segment's bytes). As
   * Swift does, a ranged segment keeps its object's size in the manifest and enters the ETag as `etag:range;`.
   */
  putSlo(container: string, name: string, paths: Array<string | { path: string; range: string }>): StoredObject {
    const manifest = paths.map((given) => {
      const { path, range } = typeof given === 'string' ? { path: given, range: undefined } : given;
      const seg = this.at(path)!;
      if (range === undefined) return { path, etag: seg.etag, bytes: seg.body.length };
      return { path, etag: seg.etag, bytes: seg.body.length, range };
    });
    const etag = md5(manifest.map((m) => (m.range === undefined ? m.etag : `${m.etag}:${m.range};`)).join(''));
    const stored = { body: Buffer.alloc(0), etag, headers: {}, manifest };
    this.container(container).set(name, stored);
    return stored;
  }

  container(name: string): Map<string, StoredObject> {
    let c = this.containers.get(name);
    if (!c) this.containers.set(name, (c = new Map()));
    return c;
  }

  private at(path: string): StoredObject | undefined {
    const m = /^\/([^/]+)\/(.+)$/s.exec(path);
    return m ? this.containers.get(m[1])?.get(m[2]) : undefined;
  }

  /** The bytes a GET of the object serves (an SLO's segments, concatenated). */
  content(o: StoredObject): Buffer {
    if (!o.manifest) return o.body;
    return Buffer.concat(
      o.manifest.map((m) => {
        const body = this.at(m.path)?.body ?? Buffer.alloc(0);
        if (m.range === undefined) return body;
        const [first, last] = m.range.split('-').map(Number);
        return body.subarray(first, last + 1);
      }),
    );
  }

  readonly handler = (req: SeenRequest, res: ServerResponse): void => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/info') {
      const failing = this.fail.get('GET /info');
      if (failing !== undefined) return reply(res, failing, `failed ${failing}`);
      const swift: Record<string, unknown> = {
        [this.shortPages ? 'max_object_name_size' : 'max_object_name_length']: 1024,
        container_listing_limit: this.listingLimit,
      };
      if (this.maxFileSize !== undefined) swift.max_file_size = this.maxFileSize;
      const bulk = this.bulkUpload ? { bulk_upload: { max_containers_per_extraction: 10000, max_failed_extractions: 1000 } } : {};
      return reply(res, 200, JSON.stringify({ swift, ...(this.slo ? { slo: this.slo } : {}), ...bulk }), { 'content-type': 'application/json' });
    }
    const m = /^\/v1\/AUTH_test\/([^/]+)(?:\/(.*))?$/s.exec(url.pathname);
    if (!m) return reply(res, 400);
    const container = decodeURIComponent(m[1]);
    const name = m[2] === undefined ? undefined : decodeURIComponent(m[2]);
    const key = `${req.method} /${container}${name === undefined ? '' : `/${name}`}`;
    this.log.push(`${key}${url.search}`);
    const failing = this.fail.get(key) ?? this.failNext.get(key)?.shift();
    if (failing === 0) return void res.socket?.destroy(); // 0: the connection drops
    if (failing !== undefined) return reply(res, failing, `failed ${failing}`);
    const objects = this.containers.get(container);
    if (name === undefined) {
      if (req.method === 'PUT' && this.bulkUpload && url.searchParams.get('extract-archive') === 'tar') return this.extract(container, req, res);
      if (req.method === 'PUT') {
        const existed = !!objects;
        this.container(container);
        return reply(res, existed ? 202 : 201);
      }
      if (!objects) return reply(res, 404, '<html><h1>Not Found</h1></html>');
      if (req.method === 'GET') return this.list(objects, url.searchParams, res);
      return reply(res, 204, '', { 'x-container-object-count': String(objects.size) });
    }
    if (!objects) return reply(res, 404, '<html><h1>Not Found</h1></html>');
    const manifestQuery = url.searchParams.get('multipart-manifest');
    if (req.method === 'PUT') {
      if (manifestQuery === 'put') {
        const listed = JSON.parse(req.body.toString()) as Array<{ path: string; etag: string; size_bytes: number }>;
        for (const s of listed) {
          const seg = this.at(s.path);
          if (!seg || seg.etag !== s.etag || seg.body.length !== s.size_bytes) return reply(res, 400, `Errors: ${s.path}`);
        }
        const stored = this.putSlo(
          container,
          name,
          listed.map((s) => s.path),
        );
        stored.headers = this.metaOf(req);
        return reply(res, 201, '', { etag: `"${stored.etag}"` });
      }
      const stored = this.put(container, name, req.body, this.metaOf(req));
      return reply(res, 201, '', { etag: stored.etag });
    }
    const object = objects.get(name);
    if (!object) return reply(res, 404, '<html><h1>Not Found</h1></html>');
    if (req.method === 'DELETE' && manifestQuery === 'delete' && object.manifest) {
      // The manifest and its segments, answered like a bulk delete (api-ref: "Delete a static large object").
      let deleted = 0;
      for (const s of object.manifest) {
        const m = /^\/([^/]+)\/(.+)$/s.exec(s.path);
        if (m && this.containers.get(m[1])?.delete(m[2])) deleted++;
      }
      objects.delete(name);
      const answer = {
        'Number Deleted': deleted + 1,
        'Number Not Found': object.manifest.length - deleted,
        'Response Status': '200 OK',
        'Response Body': '',
        Errors: [],
      };
      return reply(res, 200, JSON.stringify(answer), { 'content-type': 'application/json' });
    }
    if (req.method === 'DELETE') {
      objects.delete(name);
      return reply(res, 204);
    }
    if (req.method === 'GET' && manifestQuery === 'get' && object.manifest && this.manifestsUnreadable) return reply(res, 200, '');
    if (req.method === 'GET' && manifestQuery === 'get' && object.manifest) {
      const body = object.manifest.map((s) => ({
        name: s.path,
        hash: s.etag,
        bytes: s.bytes,
        content_type: 'application/octet-stream',
        ...(s.range === undefined ? {} : { range: s.range }),
      }));
      return reply(res, 200, JSON.stringify(body), { 'content-type': 'application/json' });
    }
    const content = this.content(object);
    const served = (req.method === 'GET' && this.tamper?.(container, name, object)) || {};
    const body = served.body ?? content;
    const etag = served.etag ?? object.etag;
    const headers: Record<string, string> = {
      ...object.headers,
      etag: object.manifest ? `"${etag}"` : etag,
      'x-trans-id': 'tx-test',
      'content-length': String(served.length ?? content.length),
      ...(object.manifest ? { 'x-static-large-object': 'True' } : {}),
    };
    if (req.method === 'HEAD') {
      res.writeHead(200, headers);
      return void res.end();
    }
    res.writeHead(200, headers);
    if (served.length !== undefined && served.length !== body.length) {
      // A body that does not match its Content-Length: send it and drop the connection.
      res.write(body);
      res.socket?.destroy();
      return;
    }
    res.end(body);
  };

  private metaOf(req: SeenRequest): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (k.startsWith('x-object-meta-') || k === 'content-type') out[k] = String(v);
    return out;
  }

  /** Swift's bulk middleware, the parts the client uses: each regular entry under its pax path, mtime and type from xattrs. */
  private extract(container: string, req: SeenRequest, res: ServerResponse): void {
    const files = readTar(req.body).map(({ pax, body }) => {
      const headers: Record<string, string> = {};
      if (pax['SCHILY.xattr.user.mime_type'] !== undefined) headers['content-type'] = pax['SCHILY.xattr.user.mime_type'];
      if (pax['SCHILY.xattr.user.meta.mtime'] !== undefined) headers['x-object-meta-mtime'] = pax['SCHILY.xattr.user.meta.mtime'];
      return { name: pax.path, body, headers };
    });
    const truth = { 'Response Status': '201 Created', 'Response Body': '', 'Number Files Created': files.length, Errors: [] };
    if (this.archiveAnswer) return reply(res, 200, `  ${JSON.stringify(this.archiveAnswer(files, truth))}`, { 'content-type': 'application/json' });
    for (const f of files) this.put(container, f.name, f.body, f.headers);
    reply(res, 200, ` \n${JSON.stringify(truth)}`, { 'content-type': 'application/json' });
  }

  private list(objects: Map<string, StoredObject>, q: URLSearchParams, res: ServerResponse): void {
    const prefix = q.get('prefix') ?? '';
    const reverse = this.listsBackwards && q.get('reverse') === 'true';
    let marker = q.get('marker') ?? '';
    let endMarker = q.get('end_marker') ?? '';
    if (reverse) [marker, endMarker] = [endMarker, marker]; // as Swift does: the bounds swap roles
    const limit = Number(q.get('limit') ?? 10000);
    const names = [...objects.keys()]
      .filter((n) => !this.unlisted.has(n) && n.startsWith(prefix) && (!marker || byteOrder(n, marker) > 0) && (!endMarker || byteOrder(n, endMarker) < 0))
      .sort(byteOrder);
    if (reverse) names.reverse();
    const short = this.shortPages && limit > 1 && names.length > limit ? 1 : 0;
    const page = names.slice(0, limit - short).map((n) => {
      const o = objects.get(n)!;
      return {
        name: n,
        bytes: o.manifest ? this.content(o).length : o.body.length,
        hash: o.etag,
        last_modified: '2026-12-04T10:00:00.000000',
        content_type: o.headers['content-type'] ?? 'application/octet-stream',
        ...(o.manifest ? { slo_etag: `"${o.etag}"` } : {}),
      };
    });
    reply(res, 200, JSON.stringify(page), { 'content-type': 'application/json; charset=utf-8' });
  }
}

/** The entries of a tar (ustar blocks, pax `x` headers applied to the next entry), as Python's tarfile reads them. */
function readTar(tar: Buffer): Array<{ pax: Record<string, string>; body: Buffer }> {
  const out: Array<{ pax: Record<string, string>; body: Buffer }> = [];
  let pax: Record<string, string> = {};
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(header.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156]);
    const body = tar.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      pax = {};
      for (let i = 0; i < body.length;) {
        const space = body.indexOf(0x20, i);
        const length = Number(body.subarray(i, space).toString('ascii'));
        const record = body.subarray(space + 1, i + length - 1).toString('utf8');
        const eq = record.indexOf('=');
        pax[record.slice(0, eq)] = record.slice(eq + 1);
        i += length;
      }
      continue;
    }
    if (type === '0' || type === '\0')
      out.push({ pax: { path: header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, ''), ...pax }, body: Buffer.from(body) });
    pax = {};
  }
  return out;
}

export interface MemorySwiftTest {
  at: LoopbackSwift;
  swift: MemorySwift;
  client: SwiftClient;
  dir: string;
}

/**
 * Per test: a fresh MemorySwift behind the loopback server (with `containers` made), a SwiftClient on it and an
 * empty temp folder, removed after the test. The fields are filled in before each test.
 */
export function memorySwiftTest(tmpPrefix: string, containers: readonly string[] = []): MemorySwiftTest {
  const t = { at: loopbackSwift() } as MemorySwiftTest;
  beforeEach(() => {
    t.swift = new MemorySwift();
    for (const c of containers) t.swift.container(c);
    t.at.handler = t.swift.handler;
    // A clock that stands still: /info takes no time, the cluster is close by (pages of 5,000 where it allows more).
    t.client = new SwiftClient(t.at.http, { storageUrl: `${t.at.server.origin}/v1/AUTH_test`, tokens: staticTokenSource('tok'), now: () => 0 });
    t.dir = mkdtempSync(join(tmpdir(), tmpPrefix));
  });
  afterEach(() => rmSync(t.dir, { recursive: true, force: true }));
  return t;
}

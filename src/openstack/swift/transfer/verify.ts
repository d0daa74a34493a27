/**
 * What a downloaded object must hash to. A plain object: its MD5 is its ETag. A large object's ETag is the
 * MD5 of its segments' MD5s (hex, concatenated): the segments come from the SLO manifest
 * (`?multipart-manifest=get`) or, for a DLO, from listing its segment prefix; the download is hashed per
 * segment as it streams, each segment checked and the ETag recomputed. SLOs with ranges or nested SLOs are
 * checked by size only (and say so).
 */
import { createHash, type Hash } from 'node:crypto';
import { OpenStackError } from '../../errors';
import type { SwiftClient } from '../client';
import type { ObjectInfo } from '../metadata';
import { decodeOrKeep, displayName } from '../names';
import { etagOfSegments } from './manifests';

export type Verification = 'md5' | 'slo' | 'dlo' | 'size';

export interface Expected {
  kind: Verification;
  bytes: number;
  /** Unquoted, lower case; for large objects the ETag of the segments. */
  etag: string;
  /** Segment sizes and MD5s, for 'slo' and 'dlo'. */
  segments?: Array<{ bytes: number; hash: string }>;
}

/** Reads what the object must hash to (one more request for large objects). */
export async function expectedOf(client: SwiftClient, container: string, name: string, info: ObjectInfo, signal?: AbortSignal): Promise<Expected> {
  const etag = info.etag.toLowerCase();
  if (info.staticLargeObject) {
    const listed = await client.sloSegments(container, name, signal);
    if (listed.some((s) => s.range !== undefined || s.subSlo)) return { kind: 'size', bytes: info.bytes, etag };
    return { kind: 'slo', bytes: info.bytes, etag, segments: listed.map((s) => ({ bytes: s.bytes, hash: s.hash })) };
  }
  if (info.dynamicLargeObject !== undefined) {
    const [segContainer, prefix] = splitManifest(info.dynamicLargeObject);
    const segments: Array<{ bytes: number; hash: string }> = [];
    for await (const page of client.listObjects(segContainer, { prefix, signal })) {
      for (const e of page.entries) if (e.kind === 'object') segments.push({ bytes: e.bytes, hash: e.hash.toLowerCase() });
    }
    return { kind: 'dlo', bytes: info.bytes, etag, segments };
  }
  return { kind: 'md5', bytes: info.bytes, etag };
}

/** `X-Object-Manifest: <container>/<prefix>`, each part percent-encoded (Swift decodes them). */
export function splitManifest(value: string): [string, string] {
  const slash = value.indexOf('/');
  return slash < 0 ? [decodeOrKeep(value), ''] : [decodeOrKeep(value.slice(0, slash)), decodeOrKeep(value.slice(slash + 1))];
}

/** The error of a download whose bytes are not what Swift lists (the partial file is removed by the caller). */
export function downloadMismatch(container: string, name: string, what: string): OpenStackError {
  return new OpenStackError(
    'checksum',
    `Cannot download object ${displayName(name)} in container ${displayName(container)}: ${what}; the partial file was removed, download it again.`,
  );
}

/** Hashes a download as it streams: the whole, and each segment at its boundaries. */
export class DownloadHasher {
  /** Only a plain object's ETag is the MD5 of its bytes; large objects are checked segment by segment. */
  private readonly whole: Hash | undefined;
  private readonly sizes: number[];
  private readonly done: string[] = [];
  private current: Hash | undefined;
  private left: number;
  bytes = 0;

  constructor(private readonly expected: Expected) {
    this.whole = expected.kind === 'md5' ? createHash('md5') : undefined;
    this.sizes = (expected.segments ?? []).map((s) => s.bytes);
    this.left = this.sizes[0] ?? 0;
    this.closeEmpty();
  }

  update(chunk: Uint8Array): void {
    this.whole?.update(chunk);
    this.bytes += chunk.byteLength;
    let at = 0;
    while (at < chunk.byteLength && this.done.length < this.sizes.length) {
      this.current ??= createHash('md5');
      const take = Math.min(this.left, chunk.byteLength - at);
      this.current.update(chunk.subarray(at, at + take));
      at += take;
      this.left -= take;
      if (this.left === 0) {
        this.done.push(this.current.digest('hex'));
        this.current = undefined;
        this.left = this.sizes[this.done.length] ?? 0;
        this.closeEmpty();
      }
    }
  }

  /** Zero-byte segments end as soon as they start. */
  private closeEmpty(): void {
    while (this.left === 0 && this.done.length < this.sizes.length) {
      this.done.push(createHash('md5').digest('hex'));
      this.left = this.sizes[this.done.length] ?? 0;
    }
  }

  /** Throws a 'checksum' error saying what did not match. */
  check(container: string, name: string): Verification {
    const e = this.expected;
    const fail = (what: string) => downloadMismatch(container, name, what);
    if (this.bytes !== e.bytes) throw fail(`received ${this.bytes} bytes, Swift announced ${e.bytes}`);
    const md5 = this.whole?.digest('hex');
    if (e.kind === 'md5' && md5 !== e.etag) throw fail(`the MD5 of the bytes received (${md5}) is not the ETag ${e.etag}`);
    if (e.kind === 'slo' || e.kind === 'dlo') {
      const listed = e.segments ?? [];
      const bad = listed.findIndex((s, i) => s.hash !== this.done[i]);
      if (this.done.length !== listed.length || bad >= 0) throw fail(`segment ${bad + 1} of ${listed.length} does not have the MD5 its manifest lists`);
      const etag = etagOfSegments(this.done);
      if (etag !== e.etag) throw fail(`the segments' MD5s make ETag ${etag}, not the object's ${e.etag} (did it change during the download?)`);
    }
    return e.kind;
  }
}

/**
 * What a downloaded object must hash to. A plain object: its MD5 is its ETag. A large object's ETag is the
 * MD5 of its segments' MD5s (hex, concatenated): the segments come from the SLO manifest
 * (`?multipart-manifest=get`) or, for a DLO, from listing its segment prefix; the download is hashed per
 * segment as it streams, each segment checked and the ETag recomputed. SLOs with ranges or nested SLOs are
 * checked by size only (and say so).
 */
import * as l10n from '@vscode/l10n';
import { createHash, type Hash } from 'node:crypto';
import { OpenStackError } from '../../errors';
import type { SwiftClient } from '../client';
import type { ObjectInfo } from '../metadata';
import { decodeOrKeep, displayName } from '../names';
import { ManifestUnreadableError, etagOfSegments } from './manifests';
import { uniformSegmentSizes } from './segmentLayout';

/**
 * 'size': a large object with ranged or nested segments. On a server that does not return manifests (RGW):
 * 'segmentsEtag' when the segment sizes are known from where the segments are (segmentLayout.ts), each part hashed and
 * the ETag they make checked; 'sizeNoManifest' otherwise, only the byte count checked.
 */
export type Verification = 'md5' | 'slo' | 'dlo' | 'size' | 'segmentsEtag' | 'sizeNoManifest';

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
    const listed = await client.sloSegments(container, name, signal).catch((e: unknown) => {
      if (e instanceof ManifestUnreadableError) return undefined;
      throw e;
    });
    if (!listed) {
      const sizes = /^[0-9a-f]{32}$/.test(etag) ? await uniformSegmentSizes(client, container, name, info.bytes, signal) : undefined;
      if (!sizes) return { kind: 'sizeNoManifest', bytes: info.bytes, etag };
      return { kind: 'segmentsEtag', bytes: info.bytes, etag, segments: sizes.map((bytes) => ({ bytes, hash: '' })) };
    }
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
    l10n.t(
      'Cannot download object {0} in container {1}: {2}; the partial file was removed, download it again.',
      displayName(name),
      displayName(container),
      what,
    ),
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

  /** Throws a 'checksum' error saying what did not match (`mismatch` words it; a download's by default). */
  check(container: string, name: string, mismatch = downloadMismatch): Verification {
    const e = this.expected;
    const fail = (what: string) => mismatch(container, name, what);
    if (this.bytes !== e.bytes) throw fail(l10n.t('received {0} bytes, Swift announced {1}', this.bytes, e.bytes));
    const md5 = this.whole?.digest('hex');
    if (e.kind === 'md5' && md5 !== e.etag) throw fail(l10n.t('the MD5 of the bytes received ({0}) is not the ETag {1}', String(md5), String(e.etag)));
    if (e.kind === 'slo' || e.kind === 'dlo' || e.kind === 'segmentsEtag') {
      const listed = e.segments ?? [];
      // The announced size came with the same answer: bytes beyond the segments would pass every segment's MD5.
      const joined = listed.reduce((sum, s) => sum + s.bytes, 0);
      if (this.bytes !== joined) throw fail(l10n.t('received {0} bytes, its segments make {1}', this.bytes, joined));
      // 'segmentsEtag': the parts' MD5s are not listed, only the ETag they make (checked below).
      const bad = e.kind === 'segmentsEtag' ? -1 : listed.findIndex((s, i) => s.hash !== this.done[i]);
      if (this.done.length !== listed.length || bad >= 0)
        throw fail(l10n.t('segment {0} of {1} does not have the MD5 its manifest lists', bad + 1, listed.length));
      const etag = etagOfSegments(this.done);
      if (etag !== e.etag) throw fail(l10n.t("the segments' MD5s make ETag {0}, not the object's {1} (did it change during the download?)", etag, e.etag));
    }
    return e.kind;
  }
}

/** The error of an object read into memory (the editor's open; its caller names the object) whose bytes are wrong. */
export function readMismatch(_container: string, _name: string, what: string): OpenStackError {
  return new OpenStackError('checksum', l10n.t('The bytes did not arrive intact: {0}. Nothing was opened; try again.', what));
}

/**
 * Reads a whole object into memory, checked as a download is (length, then the MD5 of a plain object or of each
 * segment of a large one), so that a cut or corrupted read fails instead of opening a text that a save would
 * write back. `expected` comes from expectedOf (an older version, whose manifest is not at hand: by size).
 */
export async function readVerified(
  body: AsyncIterable<Uint8Array | string>,
  expected: Expected,
  container: string,
  name: string,
): Promise<{ bytes: Buffer; verification: Verification }> {
  const hasher = new DownloadHasher(expected);
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of body) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      hasher.update(bytes);
      chunks.push(bytes);
    }
  } catch (e) {
    if (e instanceof OpenStackError) throw e;
    // The socket's own error ("other side closed") says nothing a user can act on.
    throw new OpenStackError(
      'network',
      l10n.t('The connection was cut after {0} of the {1} bytes. Nothing was opened; try again.', hasher.bytes, expected.bytes),
      {},
      { cause: e },
    );
  }
  const verification = hasher.check(container, name, readMismatch);
  return { bytes: Buffer.concat(chunks, hasher.bytes), verification };
}

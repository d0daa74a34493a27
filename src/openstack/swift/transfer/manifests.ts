/**
 * The requests of large objects that SwiftClient's plain object calls cannot make: the SLO manifest PUT
 * (`?multipart-manifest=put`, whose ETag is that of the segments, not of the JSON sent) and the manifest's
 * segment list (`?multipart-manifest=get`). SwiftClient exposes them (putSloManifest, sloSegments).
 */
import * as l10n from '@vscode/l10n';
import { unquoteEtag } from '../metadata';
import { createHash } from 'node:crypto';
import { OpenStackError } from '../../errors';
import { displayName, swiftUrl } from '../names';
import type { Operation, SwiftTransport } from '../transport';

export interface ManifestSegment {
  /** `/container/object`, plain text (not URL-encoded), as the manifest JSON holds it. */
  path: string;
  /** Hex MD5 of the segment. */
  etag: string;
  bytes: number;
}

/** A segment as `?multipart-manifest=get` lists it; `range` and `subSlo` make per-segment MD5s inapplicable. */
export interface ListedSegment {
  path: string;
  hash: string;
  bytes: number;
  range?: string;
  subSlo?: boolean;
}

/**
 * A manifest's segment path (`/container/object`) as its two names. Swift keeps the path as the manifest was written,
 * not percent-encoded (measured: an object named `seg%41` is listed as `/c/seg%41`), so nothing is decoded.
 */
export function splitSegmentPath(path: string): [string, string | undefined] {
  const m = /^\/?([^/]*)\/?(.*)$/s.exec(path)!;
  return [m[1], m[2] || undefined];
}

/** The ETag Swift gives a large object: the MD5 of its segments' hex MD5s, concatenated. */
export function etagOfSegments(etags: readonly string[]): string {
  return createHash('md5').update(etags.join('')).digest('hex');
}

const target = (container: string, name: string) => l10n.t('the manifest of object {0} in container {1}', displayName(name), displayName(container));

export async function putManifest(
  transport: SwiftTransport,
  storageUrl: string,
  container: string,
  name: string,
  segments: readonly ManifestSegment[],
  opts: { headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<{ etag: string }> {
  const op: Operation = { verb: 'upload', target: target(container, name), explain: { 404: l10n.t('the container does not exist') } };
  const body = JSON.stringify(segments.map((s) => ({ path: s.path, etag: s.etag, size_bytes: s.bytes })));
  const url = swiftUrl(storageUrl, container, name, { 'multipart-manifest': 'put' });
  const request = { method: 'PUT', url, headers: { ...opts.headers }, body, signal: opts.signal };
  const response = await transport.send(op, request);
  await response.dump();
  const etag = unquoteEtag(response.headers.etag).toLowerCase();
  const expected = etagOfSegments(segments.map((s) => s.etag));
  if (etag !== expected) {
    throw transport.error(
      op,
      'checksum',
      l10n.t('Swift answered ETag {0} for the manifest but its segments make {1}', etag || '(none)', expected),
      response,
      request,
    );
  }
  return { etag };
}

/**
 * A server that does not return manifests (Ceph RGW 16: `?multipart-manifest=get` answers 200 with no body; the
 * segments exist, a GET of the object serves them, but they cannot be listed). RGW-DIFFERENCES.md.
 */
export class ManifestUnreadableError extends OpenStackError {
  constructor(container: string, name: string) {
    super(
      'unsupported',
      l10n.t(
        'Cannot read {0}: this server answers ?multipart-manifest=get with an empty body (Ceph RGW does), so the segments of a large object cannot be listed.',
        target(container, name),
      ),
    );
  }
}

export async function getManifest(
  transport: SwiftTransport,
  storageUrl: string,
  container: string,
  name: string,
  signal?: AbortSignal,
): Promise<ListedSegment[]> {
  const op: Operation = { verb: 'read', target: target(container, name) };
  const url = swiftUrl(storageUrl, container, name, { 'multipart-manifest': 'get' });
  const response = await transport.send(op, { method: 'GET', url, signal });
  const text = await response.text();
  // Ceph RGW 16 answers 200 with no body: the segments exist (a GET of the object serves them) but cannot be listed.
  if (!text.trim()) throw new ManifestUnreadableError(container, name);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new OpenStackError('badResponse', l10n.t('Cannot read {0}: Swift did not answer JSON.', target(container, name)));
  }
  if (!Array.isArray(json)) throw new OpenStackError('badResponse', l10n.t('Cannot read {0}: Swift did not answer a JSON list.', target(container, name)));
  return json.map((raw: Record<string, unknown>) => {
    if (!raw || typeof raw.name !== 'string' || typeof raw.hash !== 'string' || typeof raw.bytes !== 'number') {
      throw new OpenStackError('badResponse', l10n.t('Cannot read {0}: a segment entry lacks name, hash or bytes.', target(container, name)));
    }
    return {
      path: raw.name,
      hash: raw.hash.toLowerCase(),
      bytes: raw.bytes,
      ...(typeof raw.range === 'string' ? { range: raw.range } : {}),
      ...(raw.sub_slo ? { subSlo: true } : {}),
    };
  });
}

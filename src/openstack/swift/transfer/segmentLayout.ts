/**
 * The segment sizes of a Static Large Object whose manifest the server does not return (Ceph RGW 16 answers
 * `?multipart-manifest=get` with an empty body), found from where this client and python-swiftclient put segments:
 * `<container>_segments/<object>/slo/<mtime>/<size>/<segment size>/<index>` (segments.ts). RGW still gives the object
 * the ETag of its segments (the MD5 of their MD5s), so with the sizes a download is checked as on Swift: each part's
 * MD5 as it streams, and the ETag they make. Undefined when no upload of that size is there (another layout): the
 * caller then checks the size only, and says so. The same layout tells a sync which segments a replaced object used
 * (`layoutUploads`, sync/oldSegments.ts).
 */
import { isOpenStackError } from '../../errors';
import type { SwiftClient } from '../client';
import { segmentsContainer } from './segments';

export async function uniformSegmentSizes(
  client: SwiftClient,
  container: string,
  name: string,
  bytes: number,
  signal?: AbortSignal,
): Promise<number[] | undefined> {
  const prefix = `${name}/slo/`;
  const uploads = new Map<string, number>(); // mtime -> segment size, for uploads of `bytes` bytes
  try {
    for await (const page of client.listObjects(segmentsContainer(container), { prefix, signal })) {
      for (const e of page.entries) {
        if (e.kind !== 'object') continue;
        const m = /^([0-9.]+)\/(\d+)\/(\d+)\/\d{8}$/.exec(e.name.slice(prefix.length));
        if (m && Number(m[2]) === bytes && Number(m[3]) > 0) uploads.set(m[1], Number(m[3]));
      }
    }
  } catch (e) {
    if (isOpenStackError(e, 'notFound')) return undefined;
    throw e;
  }
  if (!uploads.size) return undefined;
  // The newest upload of that size: the one a manifest written after it refers to.
  const newest = [...uploads.keys()].sort((a, b) => Number(b) - Number(a))[0];
  const size = uploads.get(newest)!;
  const sizes: number[] = [];
  for (let left = bytes; left > 0; left -= size) sizes.push(Math.min(size, left));
  return sizes;
}

/** One upload of an object found under `<container>_segments/<object>/slo/`: its segments in index order. */
export interface LayoutUpload {
  mtime: string;
  bytes: number;
  segmentSize: number;
  segments: Array<{ index: number; name: string; bytes: number; hash: string }>;
}

/**
 * Every upload of `name` under `<container>_segments/<name>/slo/<mtime>/<size>/<segment size>/<index>`, grouped by
 * mtime, size and segment size. The name after the prefix must be exactly those four parts: another object's segments
 * (`<name>/slo/x/slo/…`) never match. Undefined when the segments container does not exist.
 */
export async function layoutUploads(client: SwiftClient, container: string, name: string, signal?: AbortSignal): Promise<LayoutUpload[] | undefined> {
  const prefix = `${name}/slo/`;
  const uploads = new Map<string, LayoutUpload>();
  try {
    for await (const page of client.listObjects(segmentsContainer(container), { prefix, signal })) {
      for (const e of page.entries) {
        if (e.kind !== 'object') continue;
        const m = /^([0-9.]+)\/(\d+)\/(\d+)\/(\d{8})$/.exec(e.name.slice(prefix.length));
        if (!m) continue;
        const key = `${m[1]}/${m[2]}/${m[3]}`;
        let upload = uploads.get(key);
        if (!upload) uploads.set(key, (upload = { mtime: m[1], bytes: Number(m[2]), segmentSize: Number(m[3]), segments: [] }));
        upload.segments.push({ index: Number(m[4]), name: e.name, bytes: e.bytes, hash: e.hash.toLowerCase() });
      }
    }
  } catch (e) {
    if (isOpenStackError(e, 'notFound')) return undefined;
    throw e;
  }
  for (const u of uploads.values()) u.segments.sort((a, b) => a.index - b.index);
  return [...uploads.values()];
}

/** Whether an upload holds every segment of its file, each of the size the layout gives it (none missing or extra). */
export function isWholeUpload(upload: LayoutUpload): boolean {
  const { bytes, segmentSize, segments } = upload;
  if (!(segmentSize > 0) || segments.length !== Math.ceil(bytes / segmentSize)) return false;
  return segments.every((s, i) => s.index === i && s.bytes === Math.min(segmentSize, bytes - i * segmentSize));
}

/**
 * Whether a local file holds what an object holds, without downloading it: the file's MD5 against the listed ETag,
 * or, for a Static Large Object, the MD5 of the file's segment MD5s against the manifest's ETag (first cut the way
 * this extension would, then, when that differs, the way the manifest says — python-swiftclient's `swift upload`
 * with any segment size counts as identical).
 */
import { isOpenStackError } from '../../errors';
import type { SwiftClient } from '../client';
import type { ObjectEntry } from '../listing';
import { etagOfSegments } from '../transfer/manifests';
import { md5OfRange } from '../transfer/localFiles';
import type { LocalFile } from './localTree';

/** The file's content against the object's ETag; a large object's also against its manifest's segments. */
export async function sameContent(
  client: SwiftClient,
  container: string,
  local: LocalFile,
  remote: ObjectEntry,
  segmentSizeFor: (size: number) => number,
  signal?: AbortSignal,
): Promise<boolean> {
  if (remote.sloEtag === undefined) return (await md5OfRange(local.path, 0, local.size, signal)) === remote.hash.toLowerCase();
  const want = remote.sloEtag.toLowerCase();
  if ((await segmentedEtag(local, segmentSizeFor(local.size), signal)) === want) return true;
  let segments;
  try {
    segments = await client.sloSegments(container, remote.name, signal);
  } catch (e) {
    if (isOpenStackError(e, 'notFound')) return false; // gone since the listing: sent again
    throw e;
  }
  if (segments.some((s) => s.range !== undefined || s.subSlo) || segments.reduce((n, s) => n + s.bytes, 0) !== local.size) return false;
  let start = 0;
  const md5s: string[] = [];
  for (const s of segments) {
    const md5 = await md5OfRange(local.path, start, s.bytes, signal);
    if (md5 !== s.hash.toLowerCase()) return false;
    md5s.push(md5);
    start += s.bytes;
  }
  return etagOfSegments(md5s) === want;
}

async function segmentedEtag(local: LocalFile, segmentSize: number, signal?: AbortSignal): Promise<string> {
  const md5s: string[] = [];
  for (let start = 0; start < local.size; start += segmentSize)
    md5s.push(await md5OfRange(local.path, start, Math.min(segmentSize, local.size - start), signal));
  return etagOfSegments(md5s);
}

/**
 * The segments a push leaves behind when it replaces a large object, cleaned up as `swift upload` does (without
 * --leave-segments): before the upload, the segments of every object about to be replaced that is a Static Large
 * Object (its manifest, `?multipart-manifest=get`) or a Dynamic Large Object (listed under its X-Object-Manifest
 * prefix) are read; once the new object is in place, those the new manifest does not list are deleted. Nothing is
 * deleted for a file whose upload failed or was cancelled, nor when the old segments could not be read.
 * A server that does not return manifests (Ceph RGW 16): the old SLO's segments are the one upload under
 * `<container>_segments/<name>/slo/` (segmentLayout.ts) whose segments make the object's size and ETag (the MD5 of
 * their MD5s); when none or several do, nothing is deleted and the summary says why.
 */
import * as l10n from '@vscode/l10n';
import { isOpenStackError, OpenStackError } from '../../errors';
import type { BulkDeletePath } from '../bulk';
import type { SwiftClient } from '../client';
import type { ObjectEntry } from '../listing';
import { displayName } from '../names';
import { etagOfSegments, ManifestUnreadableError, splitSegmentPath } from '../transfer/manifests';
import { isWholeUpload, layoutUploads } from '../transfer/segmentLayout';
import { segmentsContainer } from '../transfer/segments';
import { runPool } from '../transfer/pool';

/** MD5 of no bytes: the listed hash of a DLO manifest (an empty object that names its segments in a header). */
const EMPTY_MD5 = 'd41d8cd98f00b204e9800998ecf8427e';

export type SegmentPath = Required<BulkDeletePath>;

export interface OldSegments {
  /** Object name → the segments its current version uses. */
  byObject: Map<string, SegmentPath[]>;
  /** Sentences about objects whose old segments could not be read (they are left in place). */
  notes: string[];
}

/**
 * Whether the listing says (SLO) or hints (the MD5 of no bytes: maybe a DLO manifest) that an object has segments.
 * Any size: RGW's listing says 0 bytes for a DLO, but the client then HEADs it and lists its real size.
 */
function mayHaveSegments(remote: ObjectEntry): boolean {
  return remote.sloEtag !== undefined || remote.hash.toLowerCase() === EMPTY_MD5;
}

/** The segments of the objects about to be replaced (only large objects cost a request: one each). */
export async function readOldSegments(client: SwiftClient, container: string, replaced: readonly ObjectEntry[], signal?: AbortSignal): Promise<OldSegments> {
  const out: OldSegments = { byObject: new Map(), notes: [] };
  await runPool(
    replaced.filter(mayHaveSegments),
    4,
    async (remote) => {
      try {
        const segments = await segmentsOf(client, container, remote, signal);
        if (segments.length) out.byObject.set(remote.name, segments);
      } catch (e) {
        if (isOpenStackError(e, 'cancelled') || signal?.aborted) throw e;
        if (isOpenStackError(e, 'notFound')) return; // gone since the listing: nothing left to clean
        out.notes.push(l10n.t('The old segments of {0} could not be read ({1}); they were left in place.', displayName(remote.name), (e as Error).message));
      }
    },
    signal,
  );
  return out;
}

async function segmentsOf(client: SwiftClient, container: string, remote: ObjectEntry, signal?: AbortSignal): Promise<SegmentPath[]> {
  if (remote.sloEtag !== undefined) {
    const listed = await client.sloSegments(container, remote.name, signal).catch((e: unknown) => {
      if (e instanceof ManifestUnreadableError) return undefined;
      throw e;
    });
    if (!listed) return segmentsByLayout(client, container, remote, remote.sloEtag, signal);
    return listed.flatMap((s) => {
      const [c, name] = splitSegmentPath(s.path);
      return name === undefined ? [] : [{ container: c, name }];
    });
  }
  const manifest = (await client.headObject(container, remote.name, signal)).dynamicLargeObject;
  if (!manifest) return [];
  // X-Object-Manifest: `container/prefix` (the prefix may hold further slashes), percent-decoded by Swift.
  const slash = manifest.indexOf('/');
  if (slash <= 0) return [];
  const segContainer = decodeURIComponentOr(manifest.slice(0, slash));
  const prefix = decodeURIComponentOr(manifest.slice(slash + 1));
  // An empty prefix would name the whole container: never treated as one object's segments.
  if (!prefix) return [];
  const out: SegmentPath[] = [];
  for await (const batch of client.listAllObjects(segContainer, { prefix, concurrency: 1, signal }))
    for (const e of batch) out.push({ container: segContainer, name: e.name });
  return out;
}

/** The segments of the one whole upload under the object's segment prefix that makes its size and ETag. */
async function segmentsByLayout(client: SwiftClient, container: string, remote: ObjectEntry, etag: string, signal?: AbortSignal): Promise<SegmentPath[]> {
  const uploads = (await layoutUploads(client, container, remote.name, signal)) ?? [];
  const making = uploads.filter((u) => u.bytes === remote.bytes && isWholeUpload(u) && etagOfSegments(u.segments.map((s) => s.hash)) === etag.toLowerCase());
  if (making.length === 1) return making[0].segments.map((s) => ({ container: segmentsContainer(container), name: s.name }));
  const where = `${displayName(segmentsContainer(container))}/${displayName(`${remote.name}/slo/`)}`;
  throw new OpenStackError(
    'unsupported',
    making.length
      ? l10n.t('this server does not return large-object manifests, and {0} uploads under {1} make its ETag', making.length, where)
      : l10n.t('this server does not return large-object manifests, and no upload under {0} makes its ETag', where),
  );
}

function decodeURIComponentOr(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export interface StaleSegmentsReport {
  deleted: number;
  notes: string[];
}

/**
 * Deletes the old segments of the objects now replaced (`replaced`: object name → the segments of its new version,
 * empty for a plain object) that the new version does not use.
 */
export async function deleteStaleSegments(
  client: SwiftClient,
  old: OldSegments,
  replaced: ReadonlyMap<string, readonly SegmentPath[]>,
  signal?: AbortSignal,
): Promise<StaleSegmentsReport> {
  const report: StaleSegmentsReport = { deleted: 0, notes: [] };
  const key = (p: SegmentPath) => `${p.container}/${p.name}`;
  const stale: SegmentPath[] = [];
  for (const [name, segments] of replaced) {
    const before = old.byObject.get(name);
    if (!before) continue;
    const kept = new Set(segments.map(key));
    stale.push(...before.filter((p) => !kept.has(key(p))));
  }
  if (!stale.length) return report;
  const result = await client.bulkDelete(stale, signal);
  report.deleted = result.items.length - result.failed;
  const failed = result.items.filter((i) => !i.ok);
  if (failed.length) {
    const which = failed
      .slice(0, 3)
      .map((f) => `${displayName(f.container)}/${displayName(f.name ?? '')}: ${f.status ?? l10n.t('failed')}`)
      .join('; ');
    report.notes.push(
      failed.length === 1
        ? l10n.t('1 old segment could not be deleted ({0}).', which)
        : l10n.t('{0} old segments could not be deleted ({1}).', failed.length, which),
    );
  }
  return report;
}

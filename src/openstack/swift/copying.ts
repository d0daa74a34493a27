/**
 * Copy, move and rename of objects and pseudo-folders, server-side (Swift COPY), within one cluster (region),
 * in the same or another container. Planned first (every source listed, destinations mapped, refusals and
 * existing destinations found), then run with bounded concurrency and progress.
 *
 * What is never lost: a move copies every object and checks each copy's ETag against the source's listing
 * before any source is deleted, and deletes sources only after all copies were tried (so a cancel or failure
 * leaves every object in at least one place). Large object manifests are copied as manifests
 * (`multipart-manifest=get`), symlinks as links (`symlink=get`); the copy references the same segments, so a
 * move never deletes a segment that a moved manifest still uses.
 */
import * as l10n from '@vscode/l10n';
import { OpenStackError, describeError, isOpenStackError } from '../errors';
import type { BulkDeletePath, BulkDeleteResult } from './bulk';
import type { FullListOptions, ObjectRef } from './client';
import type { ObjectEntry } from './listing';
import type { ObjectInfo } from './metadata';
import { ManifestUnreadableError, splitSegmentPath } from './transfer/manifests';
import { splitManifest } from './transfer/verify';
import { PlannedCopy, CopySource, destinationPrefix, mapName, overlapProblem, copyProblem } from './managePlan';

export interface CopyingClient {
  listAllObjects(container: string, opts?: FullListOptions): AsyncIterable<ObjectEntry[]>;
  listAllNames(container: string, opts?: FullListOptions): AsyncIterable<string[]>;
  headObject(container: string, name: string, signal?: AbortSignal): Promise<ObjectInfo>;
  copyObject(from: ObjectRef, to: ObjectRef, opts?: { query?: Record<string, string>; signal?: AbortSignal }): Promise<{ etag: string }>;
  bulkDelete(paths: BulkDeletePath[], signal?: AbortSignal): Promise<BulkDeleteResult>;
  sloSegments(container: string, name: string, signal?: AbortSignal): Promise<ReadonlyArray<{ path: string }>>;
}

export interface CopyItem extends PlannedCopy {
  entry: ObjectEntry;
  /** The destination exists already (found while planning). */
  exists: boolean;
}

export interface CopyPlan {
  mode: 'copy' | 'move';
  items: CopyItem[];
  bytes: number;
  /** Destinations that exist already: the caller decides (overwrite or skip) before running. */
  conflicts: CopyItem[];
}

export interface CopyFailure {
  item: CopyItem;
  /** One sentence: what failed on this object. */
  reason: string;
  /** The source was kept (always, for a failed move). */
  stage: 'copy' | 'verify' | 'delete';
}

export interface CopyReport {
  copied: number;
  /** Sources deleted after their copy was verified (moves). */
  deleted: number;
  skipped: number;
  failures: CopyFailure[];
  /** Sources kept because a moved large object's manifest still references them as segments. */
  keptSegments: string[];
  /** Moved large objects whose manifest the server does not return (RGW): the objects moved with them were kept. */
  manifestsUnread: number;
  cancelled: boolean;
}

export interface CopyOptions {
  signal?: AbortSignal;
  /** Existing destinations: replace them, or leave them (and their sources) as they are. */
  overwrite: boolean;
  concurrency?: number;
  onProgress?(done: number, total: number): void;
}

export const TRANSFER_CONCURRENCY = 4;

/**
 * Lists every source object, maps it to its destination, refuses what cannot be done (into itself, overlaps,
 * names too long) and finds destinations that exist already.
 */
export async function planCopy(
  client: CopyingClient,
  mode: 'copy' | 'move',
  sources: CopySource[],
  to: { container: string; name: string },
  signal?: AbortSignal,
): Promise<CopyPlan> {
  if (sources.length === 0) throw new OpenStackError('invalidInput', l10n.t('Nothing selected to copy.'));
  const single = sources.length === 1;
  const items: CopyItem[] = [];
  for (const source of sources) {
    const toPrefix = destinationPrefix(source, to.name, single);
    const problem = copyProblem(source, to.container, toPrefix);
    if (problem) throw new OpenStackError('invalidInput', problem);
    const fromPrefix = source.kind === 'folder' ? source.prefix : source.name;
    let found = false;
    for await (const batch of client.listAllObjects(source.container, { prefix: fromPrefix, concurrency: 1, signal })) {
      for (const entry of batch) {
        if (source.kind === 'object' && entry.name !== source.name) continue;
        found = true;
        items.push({
          from: { container: source.container, name: entry.name },
          to: { container: to.container, name: mapName(entry.name, fromPrefix, toPrefix) },
          entry,
          exists: false,
        });
      }
      if (source.kind === 'object' && found) break;
    }
    if (!found) {
      const what =
        source.kind === 'folder'
          ? l10n.t('folder {0} is empty or gone', JSON.stringify(source.prefix))
          : l10n.t('object {0} does not exist', JSON.stringify(source.name));
      throw new OpenStackError('notFound', l10n.t('Nothing to {0}: the {1} in container {2}. Refresh the view.', mode, what, JSON.stringify(source.container)));
    }
  }
  const overlap = overlapProblem(items);
  if (overlap) throw new OpenStackError('invalidInput', overlap);
  await markExisting(client, items, signal);
  return { mode, items, bytes: items.reduce((n, i) => n + i.entry.bytes, 0), conflicts: items.filter((i) => i.exists) };
}

/** Lists each destination container under the common prefix of its destinations once. */
async function markExisting(client: CopyingClient, items: CopyItem[], signal?: AbortSignal): Promise<void> {
  const byContainer = new Map<string, CopyItem[]>();
  for (const item of items) byContainer.set(item.to.container, [...(byContainer.get(item.to.container) ?? []), item]);
  for (const [container, group] of byContainer) {
    const wanted = new Map(group.map((i) => [i.to.name, i]));
    const prefix = commonPrefix(group.map((i) => i.to.name));
    for await (const batch of client.listAllNames(container, { prefix, concurrency: 1, signal })) {
      for (const name of batch) {
        const item = wanted.get(name);
        if (item) item.exists = true;
      }
    }
  }
}

export function commonPrefix(names: string[]): string {
  if (!names.length) return '';
  let prefix = names[0];
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/** What a verified copy's ETag must be: a manifest's slo_etag, else the listing's MD5. */
export function expectedEtag(entry: ObjectEntry): string {
  return (entry.sloEtag ?? entry.hash).toLowerCase();
}

/** Runs a plan (or the failed items of an earlier report, as a plan): copies, verifies, then deletes moved sources. */
export async function runCopy(client: CopyingClient, plan: CopyPlan, opts: CopyOptions): Promise<CopyReport> {
  const report: CopyReport = { copied: 0, deleted: 0, skipped: 0, failures: [], keptSegments: [], manifestsUnread: 0, cancelled: false };
  const todo = plan.items.filter((i) => opts.overwrite || !i.exists);
  report.skipped = plan.items.length - todo.length;
  const total = todo.length * (plan.mode === 'move' ? 2 : 1);
  let done = 0;
  const step = () => opts.onProgress?.(++done, total);
  const verified: CopyItem[] = [];
  try {
    await pool(todo, opts.concurrency ?? TRANSFER_CONCURRENCY, opts.signal, async (item) => {
      const failure = await copyOne(client, item, opts.signal);
      if (failure) report.failures.push(failure);
      else {
        report.copied++;
        verified.push(item);
      }
      step();
    });
    if (plan.mode === 'move') {
      const unread = { count: 0 };
      const keep = await segmentsInUse(client, verified, unread, opts.signal);
      report.manifestsUnread = unread.count;
      report.keptSegments = [...keep].map((k) => k.split('\0')[1]);
      const deletable = verified.filter((i) => !keep.has(`${i.from.container}\0${i.from.name}`));
      for (let start = 0; start < deletable.length; start += 500) {
        if (opts.signal?.aborted) throw new OpenStackError('cancelled', l10n.t('Cancelled: move.'));
        const batch = deletable.slice(start, start + 500);
        const result = await client.bulkDelete(
          batch.map((i) => i.from),
          opts.signal,
        );
        result.items.forEach((r, k) => {
          if (r.ok) report.deleted++;
          else
            report.failures.push({
              item: batch[k],
              stage: 'delete',
              reason: `the copy is in place but the source could not be deleted (${r.status ?? 'failed'})`,
            });
          step();
        });
      }
    }
  } catch (e) {
    if (!isOpenStackError(e, 'cancelled') && !opts.signal?.aborted) throw e;
    report.cancelled = true;
  }
  return report;
}

/** COPY then verify; a failure comes back as a value (the run goes on with the others). */
async function copyOne(client: CopyingClient, item: CopyItem, signal?: AbortSignal): Promise<CopyFailure | undefined> {
  const query: Record<string, string> = { 'multipart-manifest': 'get' };
  if (item.entry.symlinkPath) query.symlink = 'get';
  let etag: string;
  try {
    etag = (await client.copyObject(item.from, item.to, { query, signal })).etag.toLowerCase();
  } catch (e) {
    if (isOpenStackError(e, 'cancelled') || isOpenStackError(e, 'auth') || isOpenStackError(e, 'network')) throw e;
    return { item, stage: 'copy', reason: describeError(e) };
  }
  const expected = expectedEtag(item.entry);
  if (!expected || etag !== expected) {
    return {
      item,
      stage: 'verify',
      reason: l10n.t("the copy's ETag {0} differs from the source's {1} (changed meanwhile?); the source was kept", etag || '(none)', expected || '(unknown)'),
    };
  }
  return undefined;
}

/**
 * Sources a moved large object still needs: segments listed by a moved static large object's manifest, and
 * objects under a dynamic large object's prefix (X-Object-Manifest, found by HEAD on empty objects).
 */
async function segmentsInUse(client: CopyingClient, moved: CopyItem[], unread: { count: number }, signal?: AbortSignal): Promise<Set<string>> {
  const sources = new Set(moved.map((i) => `${i.from.container}\0${i.from.name}`));
  const keep = new Set<string>();
  for (const item of moved) {
    if (item.entry.sloEtag !== undefined) {
      const segments = await client.sloSegments(item.from.container, item.from.name, signal).catch((e: unknown) => {
        if (e instanceof ManifestUnreadableError) return undefined;
        throw e;
      });
      if (!segments) {
        // A server that does not return manifests (RGW): any object moved with it may be one of its segments.
        for (const other of moved) if (other.entry.sloEtag === undefined) keep.add(`${other.from.container}\0${other.from.name}`);
        unread.count++;
        continue;
      }
      for (const { path } of segments) {
        const [container, name] = splitSegmentPath(path);
        if (name !== undefined && sources.has(`${container}\0${name}`)) keep.add(`${container}\0${name}`);
      }
    } else if (item.entry.bytes === 0 && !item.entry.symlinkPath) {
      const manifest = (await client.headObject(item.from.container, item.from.name, signal)).dynamicLargeObject;
      const [segments, prefix] = manifest?.includes('/') ? splitManifest(manifest) : ['', ''];
      if (!segments) continue;
      for (const key of sources) if (key.startsWith(`${segments}\0${prefix}`) && key !== `${item.from.container}\0${item.from.name}`) keep.add(key);
    }
  }
  return keep;
}

/** Runs `work` on every item, at most `limit` at a time; stops starting new ones once the signal aborts. */
async function pool<T>(items: T[], limit: number, signal: AbortSignal | undefined, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      if (signal?.aborted) throw new OpenStackError('cancelled', 'Cancelled.');
      await work(items[next++]);
    }
  };
  // Every worker ends before this returns (none still writes into the report); the first error wins.
  const results = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** A plan of only the items that failed, to offer "Retry Failed". */
export function failedPlan(plan: CopyPlan, report: CopyReport): CopyPlan {
  const items = report.failures.map((f) => ({ ...f.item, exists: f.stage === 'delete' ? true : f.item.exists }));
  return { mode: plan.mode, items, bytes: items.reduce((n, i) => n + i.entry.bytes, 0), conflicts: items.filter((i) => i.exists) };
}

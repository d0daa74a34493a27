/**
 * Carries out a sync plan through the transfer engine (bounded concurrency, large files as SLOs, progress in files
 * and bytes, cancel): push uploads new and changed files (small ones many to a request where the server offers it); pull downloads new objects (never over a file that
 * appeared meanwhile) and changed ones (staged next to the file, put in place only when the local file is still
 * the one compared). Extras are deleted only when the caller opted in, and only after the transfers, never after
 * a cancel. A file that changed while it was sent, failed, or was kept is one sentence in the summary. A push that
 * replaces a large object deletes the old segments the new version does not use, once it is in place (oldSegments.ts).
 */
import * as l10n from '@vscode/l10n';
import { randomBytes } from 'node:crypto';
import { lstat, rename, rm, unlink, utimes } from 'node:fs/promises';
import { isOpenStackError } from '../../errors';
import type { SwiftClient } from '../client';
import { runDeletion, type DeletionPlan } from '../deletion';
import { displayName } from '../names';
import { downloadObjects, type DownloadPlan, type PlannedDownload } from '../transfer/download';
import type { ProgressListener } from '../transfer/progress';
import { uploadFiles, type UploadSummary } from '../transfer/uploadFiles';
import type { LocalFile } from './localTree';
import { entriesOf, type PlanEntry, type SyncPlan } from './plan';
import { refusedSentence } from './compare';
import { deleteStaleSegments, readOldSegments, type OldSegments } from './oldSegments';

export interface SyncRunOptions {
  /** Delete what is only on the destination (off unless the user confirmed it). */
  deleteExtras: boolean;
  concurrency?: number;
  /** Small files' own limiter (uploadFiles' option), for pushes. */
  smallFiles?: { below: number; concurrency: number };
  sloThreshold?: number;
  segmentSize?: number;
  /**
   * Pushes of at least ARCHIVE_MIN_FILES small files: they go many to a request as archives the server expands, where
   * it offers them, confirmed by one listing of the folder's prefix (uploadFiles' `archives`). Default true; false:
   * one PUT each.
   */
  archives?: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface SyncFailure {
  relative: string;
  /** One sentence: what failed and why. */
  reason: string;
}

export interface SyncSummary {
  direction: SyncPlan['direction'];
  transferred: { files: number; bytes: number };
  deleted: number;
  /** Segments of replaced large objects that their new version no longer uses, deleted after it was in place. */
  oldSegmentsDeleted: number;
  failed: SyncFailure[];
  /** Sentences about what was left alone or needs another sync (changed meanwhile, refused names, kept files). */
  notes: string[];
  cancelled: boolean;
}

function reasonOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function unchanged(file: LocalFile): Promise<boolean> {
  try {
    const s = await lstat(file.path);
    return s.isFile() && s.size === file.size && s.mtimeMs === file.mtimeMs;
  } catch {
    return false;
  }
}

export async function runSync(client: SwiftClient, plan: SyncPlan, options: SyncRunOptions): Promise<SyncSummary> {
  const summary: SyncSummary = {
    direction: plan.direction,
    transferred: { files: 0, bytes: 0 },
    deleted: 0,
    oldSegmentsDeleted: 0,
    failed: [],
    notes: plan.refused.map(refusedSentence),
    cancelled: false,
  };
  if (plan.direction === 'push') await push(client, plan, options, summary);
  else await pull(client, plan, options, summary);
  summary.cancelled ||= !!options.signal?.aborted;
  if (options.deleteExtras && !summary.cancelled) await deleteExtras(client, plan, options, summary);
  return summary;
}

/**
 * Archives pay only for many small files: their confirmation is one listing of the whole prefix. Measured on an idle
 * machine with cached tokens, 100 changed files of a 10,000-file folder were 1.15x slower in archives than as PUTs,
 * a first push of 10,000 the same (DEVELOPING.md).
 */
export const ARCHIVE_MIN_FILES = 64;

async function push(client: SwiftClient, plan: SyncPlan, options: SyncRunOptions, summary: SyncSummary): Promise<void> {
  const entries = plan.entries.filter((e) => (e.kind === 'new' || e.kind === 'changed') && e.local);
  const byName = new Map(entries.map((e) => [plan.pair.prefix + e.relative, e]));
  const items = entries.map((e) => ({ localPath: e.local!.path, name: plan.pair.prefix + e.relative, size: e.local!.size, mtimeMs: e.local!.mtimeMs }));
  // The segments of large objects about to be replaced, read before they are (a first push reads nothing).
  const replaced = entries.flatMap((e) => (e.kind === 'changed' && e.remote ? [e.remote] : []));
  let old: OldSegments;
  try {
    old = await readOldSegments(client, plan.pair.container, replaced, options.signal);
  } catch (e) {
    // Cancelled before anything was sent: the summary says so, as a cancel during the uploads does.
    if (isOpenStackError(e, 'cancelled') || options.signal?.aborted) return void (summary.cancelled = true);
    throw e;
  }
  summary.notes.push(...old.notes);
  const result: UploadSummary = await uploadFiles(client, items, {
    container: plan.pair.container,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.smallFiles ? { smallFiles: options.smallFiles } : {}),
    ...(options.sloThreshold ? { sloThreshold: options.sloThreshold } : {}),
    ...(options.segmentSize ? { segmentSize: options.segmentSize } : {}),
    ...(options.archives === false ? {} : { archives: { listingPrefix: plan.pair.prefix, minFiles: ARCHIVE_MIN_FILES } }),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  for (const up of result.uploaded) {
    summary.transferred.files++;
    summary.transferred.bytes += up.item.size;
    const entry = byName.get(up.item.name)!;
    // What was sent is whole and verified, but the file moved on meanwhile: the next sync sends it again.
    if (!(await unchanged(entry.local!)))
      summary.notes.push(l10n.t('Local file {0} changed while it was being sent; sync again to send its new content.', displayName(entry.relative)));
  }
  for (const f of result.failed) summary.failed.push({ relative: byName.get(f.name)?.relative ?? f.name, reason: reasonOf(f.error) });
  summary.cancelled = result.cancelled;
  // Only objects whose new version is in place give their old segments up; a cancel stops here too.
  if (old.byObject.size && !summary.cancelled) {
    const now = new Map(result.uploaded.filter((u) => old.byObject.has(u.item.name)).map((u) => [u.item.name, u.segmentPaths ?? []]));
    try {
      const report = await deleteStaleSegments(client, old, now, options.signal);
      summary.oldSegmentsDeleted = report.deleted;
      summary.notes.push(...report.notes);
    } catch (e) {
      if (isOpenStackError(e, 'cancelled') || options.signal?.aborted) summary.cancelled = true;
      else summary.notes.push(l10n.t('The old segments of the replaced large objects could not be deleted: {0}', reasonOf(e)));
    }
  }
}

async function pull(client: SwiftClient, plan: SyncPlan, options: SyncRunOptions, summary: SyncSummary): Promise<void> {
  const container = plan.pair.container;
  const planned = (e: PlanEntry, path: string): PlannedDownload => ({
    entry: { name: e.remote!.name, relative: e.relative, container, bytes: e.remote!.bytes, ...(e.remote!.sloEtag !== undefined ? { slo: true } : {}) },
    path,
  });
  const fresh = entriesOf(plan, 'new').filter((e) => e.remote && e.localPath);
  // A changed file is written beside the old one first and swapped in only if the old one is still as compared.
  const changed = entriesOf(plan, 'changed')
    .filter((e) => e.remote && e.localPath && e.local)
    .map((e) => ({ e, staged: `${e.localPath}.${randomBytes(4).toString('hex')}.sync` }));
  const downloadPlan: DownloadPlan = {
    target: plan.pair.folder,
    items: [...fresh.map((e) => planned(e, e.localPath!)), ...changed.map(({ e, staged }) => planned(e, staged))],
    refused: [],
    folderMarkers: 0,
  };
  const entryOf = new Map<string, PlanEntry>();
  for (const e of fresh) entryOf.set(e.localPath!, e);
  const stagedOf = new Map(changed.map((c) => [c.staged, c.e]));
  const result = await downloadObjects(client, downloadPlan, {
    overwrite: false,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  for (const d of result.downloaded) {
    const staged = stagedOf.get(d.item.path);
    const entry = staged ?? entryOf.get(d.item.path)!;
    if (staged) {
      if (!(await unchanged(staged.local!))) {
        await rm(d.item.path, { force: true });
        summary.notes.push(l10n.t("Local file {0} changed during the sync and was kept; the object's version was not written.", displayName(entry.relative)));
        continue;
      }
      await rename(d.item.path, entry.localPath!);
    }
    summary.transferred.files++;
    summary.transferred.bytes += entry.remote!.bytes;
    await keepMtime(client, container, entry, options.signal);
  }
  for (const k of result.kept) {
    const entry = entryOf.get(k.path);
    if (entry) summary.notes.push(l10n.t('Local file {0} appeared during the sync and was kept; the object was not written.', displayName(entry.relative)));
  }
  for (const f of result.failed) {
    const entry = (f.localPath && (stagedOf.get(f.localPath) ?? entryOf.get(f.localPath))) || undefined;
    summary.failed.push({ relative: entry?.relative ?? f.name, reason: reasonOf(f.error) });
  }
  // Staged files of failed or cancelled downloads never stay behind.
  for (const { staged } of changed) if (!result.downloaded.some((d) => d.item.path === staged)) await rm(staged, { force: true });
  summary.cancelled = result.cancelled;
}

/**
 * The object's X-Object-Meta-Mtime (as `swift upload` records it) becomes the file's modification time. Never
 * throws: the content is in place and verified, only its time stays the download's. A cancel here is seen by
 * runSync through the signal; throwing would skip the staged files still to put in place or remove, and the summary.
 */
async function keepMtime(client: SwiftClient, container: string, entry: PlanEntry, signal?: AbortSignal): Promise<void> {
  try {
    const info = await client.headObject(container, entry.remote!.name, signal);
    const seconds = Number(info.meta['mtime']);
    if (Number.isFinite(seconds) && seconds > 0) await utimes(entry.localPath!, new Date(), seconds);
  } catch {
    // Failed or cancelled: the time stays the download's.
  }
}

async function deleteExtras(client: SwiftClient, plan: SyncPlan, options: SyncRunOptions, summary: SyncSummary): Promise<void> {
  const extras = entriesOf(plan, 'extra');
  if (!extras.length) return;
  if (plan.direction === 'push') {
    const deletion: DeletionPlan = {
      targets: [],
      objects: extras.map((e) => ({ container: plan.pair.container, name: e.remote!.name, largeObject: e.remote!.sloEtag !== undefined })),
      folders: [],
      containers: [],
      counts: { objects: extras.length, folders: 0, containers: 0, totalObjects: extras.length, bytes: 0, largeObjects: 0 },
    };
    try {
      const report = await runDeletion(client, deletion, { withSegments: true, ...(options.signal ? { signal: options.signal } : {}) });
      summary.deleted += report.deleted;
      for (const f of report.failures)
        summary.failed.push({ relative: (f.name ?? '').slice(plan.pair.prefix.length), reason: l10n.t('Not deleted: {0}.', f.reason) });
      summary.cancelled ||= report.cancelled;
    } catch (e) {
      if (!isOpenStackError(e, 'cancelled')) summary.failed.push({ relative: '', reason: l10n.t('The extra objects were not deleted: {0}', reasonOf(e)) });
      else summary.cancelled = true;
    }
    return;
  }
  for (const e of extras) {
    if (options.signal?.aborted) {
      summary.cancelled = true;
      return;
    }
    // Only a file still as compared is deleted: one written meanwhile is somebody's work.
    if (!(await unchanged(e.local!))) {
      summary.notes.push(l10n.t('Local file {0} changed during the sync and was not deleted.', displayName(e.relative)));
      continue;
    }
    try {
      await unlink(e.local!.path);
      summary.deleted++;
    } catch (err) {
      summary.failed.push({ relative: e.relative, reason: l10n.t('Not deleted: {0}.', (err as NodeJS.ErrnoException).code ?? reasonOf(err)) });
    }
  }
}

/** One paragraph: what moved, what was deleted, then each failure and note as its own sentence. */
export function summaryText(summary: SyncSummary): string {
  const n = summary.transferred.files;
  const bytes = summary.transferred.bytes;
  const deleted = summary.deleted;
  const sent = summary.direction === 'push';
  const first = summary.cancelled
    ? sent
      ? n === 1
        ? l10n.t('1 file sent ({0} bytes), {1} deleted; cancelled before the end.', bytes, deleted)
        : l10n.t('{0} files sent ({1} bytes), {2} deleted; cancelled before the end.', n, bytes, deleted)
      : n === 1
        ? l10n.t('1 file received ({0} bytes), {1} deleted; cancelled before the end.', bytes, deleted)
        : l10n.t('{0} files received ({1} bytes), {2} deleted; cancelled before the end.', n, bytes, deleted)
    : sent
      ? n === 1
        ? l10n.t('1 file sent ({0} bytes), {1} deleted.', bytes, deleted)
        : l10n.t('{0} files sent ({1} bytes), {2} deleted.', n, bytes, deleted)
      : n === 1
        ? l10n.t('1 file received ({0} bytes), {1} deleted.', bytes, deleted)
        : l10n.t('{0} files received ({1} bytes), {2} deleted.', n, bytes, deleted);
  const lines = [first];
  const old = summary.oldSegmentsDeleted;
  if (old)
    lines.push(old === 1 ? l10n.t('1 old segment of replaced large objects deleted.') : l10n.t('{0} old segments of replaced large objects deleted.', old));
  for (const f of summary.failed) lines.push(f.relative ? l10n.t('{0} failed: {1}', displayName(f.relative), f.reason) : f.reason);
  lines.push(...summary.notes);
  return lines.join('\n');
}

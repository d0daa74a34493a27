/**
 * Downloads of objects and pseudo-folders into a local folder. Each object streams into
 * `<its path>.<random>.part` next to where it belongs, is verified (verify.ts), and only then renamed into
 * place: a failed or cancelled download removes its partial file and keeps those already complete. Local
 * paths come from localNames.ts (never outside the folder; refused and mapped names reported). Existing
 * files are replaced only when the caller says so; otherwise they are kept, even one appearing meanwhile.
 */
import * as l10n from '@vscode/l10n';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, lstat, mkdir, rename, rm, unlink } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { OpenStackError, isOpenStackError } from '../../errors';
import type { SwiftClient } from '../client';
import { displayName } from '../names';
import type { FailedTransfer } from './uploadFiles';
import { planLocalPaths, type NamedEntry } from './localNames';
import { Limiter, runPool } from './pool';
import { ProgressListener, ProgressTracker } from './progress';
import { discard, downloadSegments, separateSegments } from './segmentedDownload';
import { DownloadHasher, Verification, expectedOf } from './verify';

/** What to download: one object, or every object under a prefix ('' = the whole container). */
export type DownloadSource =
  | { container: string; object: string }
  | {
      container: string;
      prefix: string;
      /** Local folder the names go under, relative to the target (e.g. the folder's own name, or the container's). */
      localBase: string;
    };

export interface DownloadEntry extends NamedEntry {
  container: string;
  bytes: number;
  /** A Static Large Object manifest (the listing or HEAD said so): read segment by segment. */
  slo?: boolean;
}

export interface PlannedDownload {
  entry: DownloadEntry;
  /** Absolute local path, inside the target folder. */
  path: string;
  /** Why the local name differs from the object name, when it does. */
  mapped?: string;
  /** What is at `path` already. */
  existing?: 'file' | 'folder';
}

export interface DownloadPlan {
  target: string;
  items: PlannedDownload[];
  refused: Array<{ entry: DownloadEntry; reason: string }>;
  /** Objects whose name ends with "/" (folder markers): nothing to write. */
  folderMarkers: number;
}

/** Lists the sources and maps every object to its local path (nothing is written). */
export async function planDownload(client: SwiftClient, sources: readonly DownloadSource[], target: string, signal?: AbortSignal): Promise<DownloadPlan> {
  const entries: DownloadEntry[] = [];
  let folderMarkers = 0;
  for (const source of sources) {
    if ('object' in source) {
      const info = await client.headObject(source.container, source.object, signal);
      const last = source.object.slice(source.object.lastIndexOf('/') + 1);
      entries.push({ name: source.object, relative: last, container: source.container, bytes: info.bytes, slo: info.staticLargeObject });
      continue;
    }
    for await (const page of client.listObjects(source.container, { prefix: source.prefix || undefined, signal })) {
      for (const e of page.entries) {
        if (e.kind !== 'object') continue;
        if (e.name.endsWith('/') && e.bytes === 0) {
          folderMarkers++;
          continue;
        }
        const relative = source.localBase + e.name.slice(source.prefix.length);
        entries.push({ name: e.name, relative, container: source.container, bytes: e.bytes, slo: e.sloEtag !== undefined });
      }
    }
  }
  const root = resolve(target);
  const { planned, refused } = planLocalPaths(entries);
  const items: PlannedDownload[] = [];
  for (const p of planned) {
    const path = resolve(root, ...p.segments);
    // Defence in depth: localNames already refused anything that could climb out.
    if (!path.startsWith(root + sep)) {
      refused.push({ entry: p.entry, reason: l10n.t('it would be written outside the chosen folder') });
      continue;
    }
    items.push({ entry: p.entry, path, ...(p.mapped ? { mapped: p.mapped } : {}), existing: await whatIsAt(path) });
  }
  return { target: root, items, refused, folderMarkers };
}

async function whatIsAt(path: string): Promise<'file' | 'folder' | undefined> {
  try {
    return (await lstat(path)).isDirectory() ? 'folder' : 'file';
  } catch {
    return undefined;
  }
}

export interface DownloadOptions {
  /** Replace files that exist already (else they are kept and the object is skipped). */
  overwrite: boolean;
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface DownloadedFile {
  item: PlannedDownload;
  verified: Verification;
}

export interface DownloadSummary {
  downloaded: DownloadedFile[];
  /** Kept local files (they existed and overwrite was not chosen). */
  kept: PlannedDownload[];
  failed: FailedTransfer[];
  cancelled: boolean;
}

export async function downloadObjects(client: SwiftClient, plan: DownloadPlan, options: DownloadOptions): Promise<DownloadSummary> {
  const { signal } = options;
  const limiter = new Limiter(Math.max(1, Math.floor(options.concurrency ?? 4)));
  const summary: DownloadSummary = { downloaded: [], kept: [], failed: [], cancelled: false };
  const tracker = new ProgressTracker(
    plan.items.length,
    plan.items.reduce((n, i) => n + i.entry.bytes, 0),
    options.onProgress,
  );
  const one = async (item: PlannedDownload) => {
    if (item.existing === 'folder') {
      summary.failed.push({
        name: item.entry.name,
        localPath: item.path,
        error: new OpenStackError('invalidInput', l10n.t('A folder is in the way at {0}.', item.path)),
      });
      tracker.skip(item.entry.bytes);
      return;
    }
    if (item.existing === 'file' && !options.overwrite) {
      summary.kept.push(item);
      tracker.skip(item.entry.bytes);
      return;
    }
    const progress = tracker.start(item.entry.name, item.entry.bytes);
    try {
      const verified = await downloadOne(client, item, { overwrite: options.overwrite, limiter, signal }, (n) => progress.add(n));
      if (verified === 'kept') {
        summary.kept.push(item);
        progress.end('skipped');
      } else {
        summary.downloaded.push({ item, verified });
        progress.end('done');
      }
    } catch (error) {
      if (signal?.aborted) return progress.end('cancelled');
      summary.failed.push({ name: item.entry.name, localPath: item.path, error });
      progress.end('failed');
    }
  };
  try {
    // Objects start in order; the limiter, not the number of objects started, bounds the requests in flight.
    await runPool(plan.items, limiter.slots * 2, one, signal);
  } catch (e) {
    if (!signal?.aborted) throw e;
  }
  summary.cancelled = !!signal?.aborted;
  return summary;
}

async function downloadOne(
  client: SwiftClient,
  item: PlannedDownload,
  options: { overwrite: boolean; limiter: Limiter; signal: AbortSignal | undefined },
  add: (bytes: number) => void,
): Promise<Verification | 'kept'> {
  const { container, name } = item.entry;
  const { signal } = options;
  const temp = `${item.path}.${randomBytes(4).toString('hex')}.part`;
  try {
    const segments = item.entry.slo ? await separateSegments(client, container, name, signal) : undefined;
    let verified: Verification;
    if (segments) {
      await mkdir(dirname(item.path), { recursive: true });
      await downloadSegments(client, item.entry, segments, temp, { limiter: options.limiter, signal, add });
      verified = 'slo';
    } else {
      verified = await options.limiter.run(() => downloadWhole(client, item, temp, signal, add), signal);
    }
    if (options.overwrite) await rename(temp, item.path);
    else if (!(await placeWithoutReplacing(temp, item.path))) return 'kept';
    return verified;
  } catch (e) {
    throw downloadError(e, item, signal);
  } finally {
    // Gone already when the file was moved into place; when its folder could not be made (a file in the way) rm
    // fails with ENOTDIR, which must not replace the error that says why the object was not saved.
    await rm(temp, { force: true }).catch(() => undefined);
  }
}

/** One GET of the whole object into `temp`, checked as it streams (see verify.ts). */
async function downloadWhole(
  client: SwiftClient,
  item: PlannedDownload,
  temp: string,
  signal: AbortSignal | undefined,
  add: (bytes: number) => void,
): Promise<Verification> {
  const { container, name } = item.entry;
  const { info, body } = await client.getObject(container, name, { signal });
  try {
    // Only once Swift answers: a download that cannot start leaves no empty folder behind.
    await mkdir(dirname(item.path), { recursive: true });
    const expected = await expectedOf(client, container, name, info, signal);
    const hasher = new DownloadHasher(expected);
    await pipeline(
      body,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          hasher.update(chunk);
          add(chunk.byteLength);
          yield chunk;
        }
      },
      createWriteStream(temp, { flags: 'wx' }),
      signal ? { signal } : {},
    );
    return hasher.check(container, name);
  } catch (e) {
    discard(body);
    throw e;
  }
}

function downloadError(e: unknown, item: PlannedDownload, signal: AbortSignal | undefined): unknown {
  const what = l10n.t('object {0} in container {1}', displayName(item.entry.name), displayName(item.entry.container));
  if (signal?.aborted) return isOpenStackError(e, 'cancelled') ? e : new OpenStackError('cancelled', l10n.t('Cancelled: download {0}.', what));
  if (isOpenStackError(e)) return e;
  const error = e as NodeJS.ErrnoException;
  // File system errors carry the system call; anything else broke the stream from Swift.
  return error?.syscall
    ? new OpenStackError(
        'invalidInput',
        l10n.t('Cannot write {0} ({1}); {2} was not saved.', JSON.stringify(item.path), error.code ?? error.message, what),
        {},
        { cause: e },
      )
    : new OpenStackError(
        'network',
        l10n.t('Cannot download {0}: the transfer was interrupted ({1}); download it again.', what, error?.message ?? String(e)),
        {},
        { cause: e },
      );
}

/** Moves the finished file into place unless a file appeared there meanwhile (then that one is kept). */
async function placeWithoutReplacing(temp: string, path: string): Promise<boolean> {
  try {
    await link(temp, path); // fails with EEXIST: atomic "create only if absent"
    await unlink(temp);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw e;
    // File systems without hard links: check, then rename (a small window, but nothing the user kept is lost silently).
    if (await whatIsAt(path)) return false;
    await rename(temp, path);
    return true;
  }
}

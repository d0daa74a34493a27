/**
 * Compares a local folder with a container's prefix: one listing of the container (no request per object), one
 * walk of the folder; a path on both sides of the same size is identical when its content is: the file's MD5
 * against the listed ETag, or, for a Static Large Object, the MD5 of the file's segment MD5s against the manifest's
 * ETag (first cut the way this extension would, then, when that differs, the way the manifest says — python-
 * swiftclient's `swift upload` with any segment size counts as identical). Only files whose size matches are read.
 */
import * as l10n from '@vscode/l10n';
import { OpenStackError, isOpenStackError } from '../../errors';
import type { SwiftClient } from '../client';
import type { ObjectEntry } from '../listing';
import { displayName } from '../names';
import { etagOfSegments } from '../transfer/manifests';
import { md5OfRange } from '../transfer/localFiles';
import { planLocalPaths } from '../transfer/localNames';
import { runPool } from '../transfer/pool';
import { DEFAULT_SEGMENT_SIZE, DEFAULT_SLO_LIMITS, chooseSegmentSize, sloLimits } from '../transfer/segments';
import { resolve, sep } from 'node:path';
import { loadIgnoreRules, type IgnoreRules } from './ignoreRules';
import { readLocalTree, type LocalFile } from './localTree';
import type { PlanEntry, RefusedEntry, SyncDirection, SyncPair, SyncPlan } from './plan';

export interface CompareOptions {
  direction: SyncDirection;
  /** Also leave out what the folder's `.gitignore` ignores. */
  honourGitignore?: boolean;
  /** The segment size uploads use (to recompute a large object's ETag without asking for its manifest). */
  segmentSize?: number;
  /** Files hashed at once. */
  concurrency?: number;
  /** Rules to use instead of the folder's files (tests). */
  rules?: IgnoreRules;
  /** The platform whose file names bound a pull (tests). */
  platform?: string;
  signal?: AbortSignal;
}

export async function compareFolder(client: SwiftClient, pair: SyncPair, options: CompareOptions): Promise<SyncPlan> {
  const { signal, direction } = options;
  const root = resolve(pair.folder);
  // The folder's own rule files are read first: a folder that cannot be read gets its sentence from here too.
  const rules =
    options.rules ??
    (await loadIgnoreRules(root, !!options.honourGitignore).catch((e: unknown) => {
      throw localFolderError(e, root);
    }));
  const [tree, raw, info] = await Promise.all([
    readLocalTree(root, rules, signal).catch((e: unknown) => {
      throw localFolderError(e, root);
    }),
    listRemote(client, pair, signal),
    client.info(signal).catch(() => undefined),
  ]);
  // Judged once the walk has read the nested ignore files, which apply to the objects of those folders too.
  const listing = filterRemote(raw, rules);
  const plan: SyncPlan = {
    pair: { ...pair, folder: root },
    direction,
    entries: [],
    refused: tree.skipped.map((s) => ({ name: s.relative, side: 'local', reason: s.reason })),
    ignored: tree.ignored + listing.ignored,
    ignoreSources: rules.sources,
    folderMarkers: listing.folderMarkers,
  };
  const maxName = info?.maxObjectNameLength ?? 1024;
  const pairs: Array<{ relative: string; local?: LocalFile; remote?: ObjectEntry; localPath?: string; mapped?: string }> = [];
  if (direction === 'push') {
    for (const local of tree.files.values()) {
      const name = pair.prefix + local.relative;
      const bytes = Buffer.byteLength(name, 'utf8');
      if (bytes > maxName) {
        plan.refused.push({
          name: local.relative,
          side: 'local',
          reason: l10n.t('its object name would be {0} bytes long; the server takes {1} at most', bytes, maxName),
        });
        continue;
      }
      pairs.push({ relative: local.relative, local, remote: listing.objects.get(local.relative) });
    }
    for (const [relative, remote] of listing.objects) if (!tree.files.has(relative)) pairs.push({ relative, remote });
  } else {
    // Object names are untrusted: each becomes a path inside the folder, or is refused with the reason.
    const named = [...listing.objects.values()].map((remote) => ({ name: remote.name, relative: remote.name.slice(pair.prefix.length), remote }));
    const { planned, refused } = planLocalPaths(named, options.platform);
    for (const r of refused) plan.refused.push({ name: r.entry.name, side: 'remote', reason: r.reason });
    const claimed = new Set<string>();
    for (const p of planned) {
      const relative = p.segments.join('/');
      const localPath = resolve(root, ...p.segments);
      if (!localPath.startsWith(root + sep)) {
        plan.refused.push({ name: p.entry.name, side: 'remote', reason: l10n.t('it would be written outside the chosen folder') });
        continue;
      }
      claimed.add(relative);
      pairs.push({ relative, remote: p.entry.remote, local: tree.files.get(relative), localPath, ...(p.mapped ? { mapped: p.mapped } : {}) });
    }
    for (const local of tree.files.values()) if (!claimed.has(local.relative)) pairs.push({ relative: local.relative, local });
  }
  const limits = (info && sloLimits(info)) ?? DEFAULT_SLO_LIMITS;
  const segmentSize = options.segmentSize ?? DEFAULT_SEGMENT_SIZE;
  const toHash: Array<{ entry: PlanEntry; local: LocalFile; remote: ObjectEntry }> = [];
  for (const p of pairs) {
    const source = direction === 'push' ? p.local : p.remote;
    const entry: PlanEntry = { relative: p.relative, kind: source ? 'new' : 'extra' };
    if (p.local) entry.local = p.local;
    if (p.remote) entry.remote = p.remote;
    if (p.localPath) entry.localPath = p.localPath;
    if (p.mapped) entry.mapped = p.mapped;
    if (p.local && p.remote) {
      entry.kind = 'changed';
      if (p.local.size === p.remote.bytes) toHash.push({ entry, local: p.local, remote: p.remote });
    }
    plan.entries.push(entry);
  }
  const unreadable: RefusedEntry[] = [];
  await runPool(
    toHash,
    Math.max(1, options.concurrency ?? 4),
    async ({ entry, local, remote }) => {
      try {
        if (await sameContent(client, pair.container, local, remote, (size) => chooseSegmentSize(size, segmentSize, limits), signal)) entry.kind = 'identical';
      } catch (e) {
        if (signal?.aborted || !isLocalError(e)) throw e;
        // A file that vanished or cannot be read now is left out of this sync, said so.
        plan.entries.splice(plan.entries.indexOf(entry), 1);
        unreadable.push({
          name: local.relative,
          side: 'local',
          reason: l10n.t('it could not be read to compare it ({0})', String((e as NodeJS.ErrnoException).code)),
        });
      }
    },
    signal,
  );
  plan.refused.push(...unreadable);
  plan.entries.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
  return plan;
}

function isLocalError(e: unknown): boolean {
  return typeof (e as NodeJS.ErrnoException)?.syscall === 'string';
}

function localFolderError(e: unknown, root: string): unknown {
  if (isOpenStackError(e) || !isLocalError(e)) return e;
  const code = (e as NodeJS.ErrnoException).code;
  const what =
    code === 'ENOENT'
      ? l10n.t('it does not exist')
      : code === 'ENOTDIR'
        ? l10n.t('it is not a folder')
        : code === 'EACCES'
          ? l10n.t('permission denied')
          : code;
  return new OpenStackError('invalidInput', l10n.t('Cannot read the folder {0}: {1}.', JSON.stringify(root), String(what)), {}, { cause: e });
}

interface RemoteListing {
  objects: Map<string, ObjectEntry>;
  ignored: number;
  folderMarkers: number;
}

/** One full listing of the prefix, keyed by name relative to it. */
async function listRemote(client: SwiftClient, pair: SyncPair, signal?: AbortSignal): Promise<Map<string, ObjectEntry>> {
  const objects = new Map<string, ObjectEntry>();
  for await (const batch of client.listAllObjects(pair.container, { prefix: pair.prefix || undefined, signal }))
    for (const entry of batch) objects.set(entry.name.slice(pair.prefix.length), entry);
  return objects;
}

/** Folder markers and ignored objects taken out of the listing. */
function filterRemote(objects: Map<string, ObjectEntry>, rules: IgnoreRules): RemoteListing {
  const result: RemoteListing = { objects: new Map(), ignored: 0, folderMarkers: 0 };
  for (const [relative, entry] of objects) {
    if (entry.name.endsWith('/') && entry.bytes === 0) result.folderMarkers++;
    else if (rules.ignores(relative) || ignoredFolder(rules, relative)) result.ignored++;
    else result.objects.set(relative, entry);
  }
  return result;
}

/** Whether a folder on the way to `relative` is ignored (gitignore: a file in an ignored folder is ignored). */
function ignoredFolder(rules: IgnoreRules, relative: string): boolean {
  const parts = relative.split('/');
  for (let i = 1; i < parts.length; i++) if (rules.ignores(`${parts.slice(0, i).join('/')}/`)) return true;
  return false;
}

/** The file's content against the object's ETag; a large object's also against its manifest's segments. */
async function sameContent(
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

/** One sentence per refused path, for summaries and documents. */
export function refusedSentence(r: RefusedEntry): string {
  return r.side === 'local'
    ? l10n.t('Local file {0} is left out: {1}.', displayName(r.name), r.reason)
    : l10n.t('Object {0} is left out: {1}.', displayName(r.name), r.reason);
}

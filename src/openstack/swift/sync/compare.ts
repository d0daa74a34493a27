/**
 * Compares a local folder with a container's prefix: one listing of the container in server order (no request per
 * object) merged with one walk of the folder in the same order (localTree.ts), so neither side is held: what the plan
 * keeps is the paths with work to do, the identical ones only counted. A path on both sides of the same size is
 * identical when its content is (sameContent.ts); only files whose size matches are read, a few at a time while the
 * listing goes on.
 */
import * as l10n from '@vscode/l10n';
import { OpenStackError, isOpenStackError } from '../../errors';
import type { SwiftClient } from '../client';
import type { SpillOptions } from '../heldPages';
import { compareNames, type ObjectEntry } from '../listing';
import { displayName } from '../names';
import { DEFAULT_SEGMENT_SIZE, DEFAULT_SLO_LIMITS, chooseSegmentSize, sloLimits } from '../transfer/segments';
import { resolve, sep } from 'node:path';
import { loadIgnoreRules, type IgnoreRules } from './ignoreRules';
import { walkLocalFiles, type LocalFile, type LocalTally } from './localTree';
import type { PlanEntry, RefusedEntry, SyncDirection, SyncPair, SyncPlan } from './plan';
import { PullPaths, type PullSlot } from './pullPaths';
import { sameContent } from './sameContent';

/**
 * The listing's backward half goes to its temporary file from its first page (heldPages.ts), none of it held in
 * memory: the comparison reads the listing no faster than it hashes files, so pages held in memory would wait there
 * for most of the run. Measured (DEVELOPING.md, "The comparison holds none of the listing's backward half"): the
 * live heap of a comparison of 100,000 identical paths 13.6 → 9.4 MiB, of 1,000,000 17.0 → 10.9 MiB.
 */
export const COMPARISON_SPILL: SpillOptions = { heldEntries: 0 };

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
  const { signal } = options;
  const root = resolve(pair.folder);
  // The folder's own rule files are read first: a folder that cannot be read gets its sentence from here too.
  const rules =
    options.rules ??
    (await loadIgnoreRules(root, !!options.honourGitignore).catch((e: unknown) => {
      throw localFolderError(e, root);
    }));
  const info = await client.info(signal).catch(() => undefined);
  const tally: LocalTally = { skipped: [], ignored: 0 };
  const local = new Peekable(walkLocalFiles(root, rules, tally, signal));
  const localHead = () =>
    local.peek().catch((e: unknown) => {
      throw localFolderError(e, root);
    });
  await localHead(); // a folder that cannot be read is said before the container is asked
  const comparison = new Comparison(
    client,
    { ...pair, folder: root },
    options,
    {
      maxName: info?.maxObjectNameLength ?? 1024,
      segmentSizeFor: (size) => chooseSegmentSize(size, options.segmentSize ?? DEFAULT_SEGMENT_SIZE, (info && sloLimits(info)) ?? DEFAULT_SLO_LIMITS),
    },
    rules.sources,
  );
  let folderMarkers = 0;
  let remoteIgnored = 0;
  for await (const batch of client.listAllObjects(pair.container, { prefix: pair.prefix || undefined, spill: COMPARISON_SPILL, signal })) {
    for (const remote of batch) {
      const relative = remote.name.slice(pair.prefix.length);
      // The walk is taken up to this name first: the folders on its way have had their rule files read.
      for (let file = await localHead(); file && compareNames(file.relative, relative) < 0; file = await localHead()) comparison.localOnly(local.take());
      if (remote.name.endsWith('/') && remote.bytes === 0) folderMarkers++;
      else if (rules.ignores(relative) || ignoredFolder(rules, relative)) remoteIgnored++;
      else await comparison.remote(remote, relative, (await localHead())?.relative === relative ? local.take() : undefined);
    }
  }
  for (let file = await localHead(); file; file = await localHead()) comparison.localOnly(local.take());
  const plan = await comparison.finish();
  plan.refused.unshift(...tally.skipped.map((s): RefusedEntry => ({ name: s.relative, side: 'local', reason: s.reason })));
  plan.ignored = tally.ignored + remoteIgnored;
  plan.folderMarkers = folderMarkers;
  return plan;
}

/** An object of the listing on its way into a pull's plan (PullPaths decides where it goes). */
interface Slot extends PullSlot {
  remote: ObjectEntry;
  local?: LocalFile;
  entry?: PlanEntry;
  identical?: boolean;
  /** Its file could not be read to compare it (said so). */
  unreadable?: boolean;
}

/** The plan built as the two sides go by: each path classified once, equal sizes hashed a few at a time. */
class Comparison {
  private readonly plan: SyncPlan;
  private readonly dropped = new Set<PlanEntry>();
  private readonly hashing: Hashing;
  private readonly paths: PullPaths<Slot>;

  constructor(
    private readonly client: SwiftClient,
    private readonly pair: SyncPair,
    private readonly options: CompareOptions,
    private readonly limits: { maxName: number; segmentSizeFor: (size: number) => number },
    ignoreSources: string[],
  ) {
    this.plan = {
      pair,
      direction: options.direction,
      entries: [],
      identical: { files: 0, bytes: 0 },
      refused: [],
      ignored: 0,
      ignoreSources,
      folderMarkers: 0,
    };
    this.hashing = new Hashing(Math.max(1, options.concurrency ?? 4), options.signal);
    this.paths = new PullPaths<Slot>(options.platform ?? process.platform, (slot, reason) => this.refuse(slot, reason));
  }

  /** A file with no object of its name. */
  localOnly(file: LocalFile): void {
    if (this.options.direction === 'pull') this.add({ relative: file.relative, kind: 'extra', local: file });
    else if (this.nameFits(file)) this.add({ relative: file.relative, kind: 'new', local: file });
  }

  /** An object (not ignored), with the file of the same relative name if there is one. */
  async remote(remote: ObjectEntry, relative: string, file: LocalFile | undefined): Promise<void> {
    if (this.options.direction === 'push') {
      if (!file) this.add({ relative, kind: 'extra', remote });
      else if (this.nameFits(file)) await this.paired({ name: remote.name, relative, remote, local: file }, relative, {});
      return;
    }
    // Object names are untrusted: each becomes a path inside the folder, or is refused with the reason.
    const slot: Slot = { name: remote.name, relative, remote };
    const place = this.paths.place(slot);
    if (place && 'segments' in place) await this.pulled(slot, place.segments, undefined, file);
    else {
      if (place) this.refuse(slot, place.reason);
      // A file of the object's own name is not where a refused or mapped object goes: for now it is an extra.
      if (file) this.localOnly(file);
    }
  }

  /** The plan, once the listing and the walk have ended. */
  async finish(): Promise<SyncPlan> {
    await this.hashing.drain();
    // Objects held aside (a pull's mapped names; every name where the file system folds case), now given their local
    // path: a file there was taken for an extra (no streamed object has that path: PullPaths refuses such a pair).
    // The extras are looked up by path only when something was held aside (a push or a plain pull holds nothing).
    let extras: Map<string, PlanEntry> | undefined;
    for (const { slot, segments, mapped, reason } of this.paths.finish()) {
      if (!segments) {
        this.refuse(slot, reason!);
        continue;
      }
      extras ??= new Map(this.plan.entries.filter((e) => e.kind === 'extra').map((e) => [e.relative, e]));
      const extra = extras.get(segments.join('/'));
      if (extra) this.dropped.add(extra);
      await this.pulled(slot, segments, mapped, extra?.local);
    }
    await this.hashing.drain();
    this.plan.entries = this.plan.entries.filter((e) => !this.dropped.has(e)).sort((a, b) => compareNames(a.relative, b.relative));
    return this.plan;
  }

  /** A pulled object given its local path: new, or paired with the file there. */
  private async pulled(slot: Slot, segments: string[], mapped: string | undefined, file: LocalFile | undefined): Promise<void> {
    const root = this.pair.folder;
    const localPath = resolve(root, ...segments);
    if (!localPath.startsWith(root + sep)) {
      this.refuse(slot, l10n.t('it would be written outside the chosen folder'));
      if (file) this.localOnly(file);
      return;
    }
    const where = { localPath, ...(mapped ? { mapped } : {}) };
    const relative = segments.join('/');
    if (!file) slot.entry = this.add({ relative, kind: 'new', remote: slot.remote, ...where });
    else {
      slot.local = file;
      await this.paired(slot, relative, where);
    }
  }

  /** A file and an object at the same path: changed, or identical once their contents are seen to be the same. */
  private async paired(slot: Slot, relative: string, where: Pick<PlanEntry, 'localPath' | 'mapped'>): Promise<void> {
    const local = slot.local!;
    const remote = slot.remote;
    const changed = (): void => void (slot.entry = this.add({ relative, kind: 'changed', local, remote, ...where }));
    if (local.size !== remote.bytes) return changed();
    const { client, pair, limits, options } = this;
    await this.hashing.add(async () => {
      let same: boolean;
      try {
        same = await sameContent(client, pair.container, local, remote, limits.segmentSizeFor, options.signal);
      } catch (e) {
        if (options.signal?.aborted || !isLocalError(e)) throw e;
        // A file that vanished or cannot be read now is left out of this sync, said so (and is no extra if a later
        // object refuses this one).
        slot.unreadable = true;
        const reason = l10n.t('it could not be read to compare it ({0})', String((e as NodeJS.ErrnoException).code));
        this.plan.refused.push({ name: local.relative, side: 'local', reason });
        return;
      }
      if (slot.refused) return; // a later object needed its path as a folder meanwhile
      if (!same) return changed();
      slot.identical = true;
      this.plan.identical.files++;
      this.plan.identical.bytes += local.size;
    });
  }

  /** An object that may not take part (also one already classified: its entry goes, its file becomes an extra). */
  private refuse(slot: Slot, reason: string): void {
    if (slot.refused) return;
    slot.refused = true;
    this.plan.refused.push({ name: slot.name, side: 'remote', reason });
    if (slot.entry) this.dropped.add(slot.entry);
    if (slot.identical) {
      this.plan.identical.files--;
      this.plan.identical.bytes -= slot.local!.size;
    }
    if (slot.local && !slot.unreadable) this.localOnly(slot.local);
  }

  /** Push: whether the object name a file would get is short enough for the server. */
  private nameFits(file: LocalFile): boolean {
    const bytes = Buffer.byteLength(this.pair.prefix + file.relative, 'utf8');
    if (bytes <= this.limits.maxName) return true;
    const reason = l10n.t('its object name would be {0} bytes long; the server takes {1} at most', bytes, this.limits.maxName);
    this.plan.refused.push({ name: file.relative, side: 'local', reason });
    return false;
  }

  private add(entry: PlanEntry): PlanEntry {
    this.plan.entries.push(entry);
    return entry;
  }
}

/** At most `width` hashing jobs at once; the first failure (or a cancel) is thrown by the next `add` or `drain`. */
class Hashing {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly width: number,
    private readonly signal?: AbortSignal,
  ) {}

  async add(job: () => Promise<void>): Promise<void> {
    while (this.running.size >= this.width) await Promise.race(this.running);
    this.check();
    const run: Promise<void> = job()
      .catch((error: unknown) => void (this.failure ??= { error }))
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  async drain(): Promise<void> {
    await Promise.all(this.running);
    this.check();
  }

  private check(): void {
    if (this.failure) throw this.failure.error;
    if (this.signal?.aborted) throw new OpenStackError('cancelled', 'Cancelled.');
  }
}

/** An async iterator that can be looked at before it is taken from. */
class Peekable<T> {
  private current: IteratorResult<T> | undefined;

  constructor(private readonly source: AsyncIterator<T>) {}

  async peek(): Promise<T | undefined> {
    this.current ??= await this.source.next();
    return this.current.done ? undefined : this.current.value;
  }

  /** The value the last `peek` saw. */
  take(): T {
    const value = this.current!.value as T;
    this.current = undefined;
    return value;
  }
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

/** Whether a folder on the way to `relative` is ignored (gitignore: a file in an ignored folder is ignored). */
function ignoredFolder(rules: IgnoreRules, relative: string): boolean {
  const parts = relative.split('/');
  for (let i = 1; i < parts.length; i++) if (rules.ignores(`${parts.slice(0, i).join('/')}/`)) return true;
  return false;
}

/** One sentence per refused path, for summaries and documents. */
export function refusedSentence(r: RefusedEntry): string {
  return r.side === 'local'
    ? l10n.t('Local file {0} is left out: {1}.', displayName(r.name), r.reason)
    : l10n.t('Object {0} is left out: {1}.', displayName(r.name), r.reason);
}

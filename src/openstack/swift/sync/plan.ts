/**
 * What a sync would do, worked out before anything moves: every path of both sides put in one of `new`, `changed`,
 * `extra` (on the destination only) or `identical`, plus what cannot take part (`refused`, with the reason). The
 * paths with work to do are listed (for browsing and the run); identical ones are only counted, so a plan's size
 * follows the difference between the two sides, not the size of the container. Pure types and arithmetic.
 */
import type { ObjectEntry } from '../listing';
import type { LocalFile } from './localTree';

export type SyncDirection = 'push' | 'pull';

/** The two sides: a local folder, and a container with a prefix ('' or ending with '/'). */
export interface SyncPair {
  folder: string;
  container: string;
  prefix: string;
}

export type ChangeKind = 'new' | 'changed' | 'extra' | 'identical';
/** The kinds a plan lists: what a run transfers or may delete. */
export type WorkKind = Exclude<ChangeKind, 'identical'>;

export interface PlanEntry {
  /** Path relative to the folder and to the prefix, `/` separators. */
  relative: string;
  kind: WorkKind;
  local?: LocalFile;
  remote?: ObjectEntry;
  /** Pull: where the object is written (absolute, inside the folder); differs from `relative` when the name was mapped. */
  localPath?: string;
  /** Why the local name differs from the object's, when it does. */
  mapped?: string;
}

export interface RefusedEntry {
  /** The local path or the object name. */
  name: string;
  side: 'local' | 'remote';
  reason: string;
}

export interface KindTotals {
  files: number;
  bytes: number;
}

export interface SyncPlan {
  pair: SyncPair;
  direction: SyncDirection;
  /** The paths that are new, changed or extra, in server order (compareNames). */
  entries: PlanEntry[];
  /** Paths the same on both sides: counted, not listed (a re-sync of a large prefix is mostly these). */
  identical: KindTotals;
  refused: RefusedEntry[];
  /** Paths the ignore rules left out (both sides). */
  ignored: number;
  /** The rule files read (`.swiftignore`, `.gitignore`). */
  ignoreSources: string[];
  /** Objects ending in "/" with no bytes: folder markers, nothing to sync. */
  folderMarkers: number;
}

/** Bytes an entry moves (new, changed) or removes (extra): the source's size; the destination's for extras. */
export function entryBytes(entry: PlanEntry, direction: SyncDirection): number {
  const local = entry.local?.size ?? 0;
  const remote = entry.remote?.bytes ?? 0;
  if (entry.kind === 'extra') return direction === 'push' ? remote : local;
  return direction === 'push' ? local : remote;
}

export function planTotals(plan: SyncPlan): Record<ChangeKind, KindTotals> {
  const totals: Record<ChangeKind, KindTotals> = {
    new: { files: 0, bytes: 0 },
    changed: { files: 0, bytes: 0 },
    extra: { files: 0, bytes: 0 },
    identical: { ...plan.identical },
  };
  for (const e of plan.entries) {
    totals[e.kind].files++;
    totals[e.kind].bytes += entryBytes(e, plan.direction);
  }
  return totals;
}

/** The entries of one kind, in name order. */
export function entriesOf(plan: SyncPlan, kind: WorkKind): PlanEntry[] {
  return plan.entries.filter((e) => e.kind === kind);
}

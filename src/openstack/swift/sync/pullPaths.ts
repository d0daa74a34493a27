/**
 * Where a pull writes each object, decided while the listing streams by (transfer/localNames.ts says what is
 * refused and why). In server order a name and the names that need it as a folder (`a`, `a.txt`, `a/b`) are
 * neighbours, so on a file system that tells case apart nothing about the names read so far needs keeping: a
 * stack of the names that are a prefix of the current one finds `a` once `a/b` comes (the file refused, the deeper
 * name kept). Held aside until the listing ends, and planned together then, are only the names that are mapped
 * (their local path sorts elsewhere) and, where the file system folds case (Windows, macOS: `A` and `a` are far apart
 * in the listing), every name; a name whose segments look like a mapped one's (`~` and 8 hex digits) is remembered
 * so that a mapped name landing on it is refused.
 */
import * as l10n from '@vscode/l10n';
import { localSegments, planLocalPaths, type NamedEntry } from '../transfer/localNames';

/** One object on its way into the plan; `refused` once it may not take part after all. */
export interface PullSlot extends NamedEntry {
  refused?: boolean;
}

/** Where an object goes: its local path's segments now, aside until `finish` (undefined), or refused with the reason. */
export type PullPath = { segments: string[] } | { reason: string } | undefined;

/** What shortened segments look like (localNames.ts `shorten`): `~` and 8 hex digits, maybe an extension. */
const SHORTENED = /~[0-9a-f]{8}(\.[^/]*)?(\/|$)/;

export class PullPaths<S extends PullSlot> {
  private readonly stack: S[] = [];
  private readonly aside: S[] = [];
  /** Streamed names that look like a mapped name's local path, by that path. */
  private readonly lookalikes = new Map<string, S>();
  private readonly folds: boolean;

  constructor(
    private readonly platform: string,
    /** Called for an object that may not take part after all (one it was already given a path for too). */
    private readonly retract: (slot: S, reason: string) => void,
  ) {
    this.folds = platform === 'win32' || platform === 'darwin';
  }

  /** Names held until the listing ends (tests: a pull of plain names on Linux holds none). */
  get held(): number {
    return this.aside.length + this.lookalikes.size;
  }

  /** Where `slot` goes. */
  place(slot: S): PullPath {
    const local = localSegments(slot.relative, this.platform);
    if (!local.ok) return { reason: local.reason };
    this.claimFolders(slot);
    if (this.folds || local.mapped) return void this.aside.push(slot);
    if (SHORTENED.test(slot.relative)) this.lookalikes.set(slot.relative, slot);
    return { segments: local.segments };
  }

  /**
   * The names held aside, planned among themselves (planLocalPaths) and against the streamed names that look like
   * mapped ones (as planLocalPaths would: a file another name needs as a folder is refused, the deeper name kept; a
   * second name for the same file is refused); each is given its segments or a reason.
   */
  finish(): Array<{ slot: S; segments?: string[]; mapped?: string; reason?: string }> {
    const named = this.aside.filter((s) => !s.refused).map((slot): NamedEntry & { slot: S } => ({ name: slot.name, relative: slot.relative, slot }));
    const { planned, refused } = planLocalPaths(named, this.platform);
    const folders = new Set<string>();
    // A refused look-alike's folders are those of the deeper look-alike that refused it: no need to leave it out.
    for (const path of this.lookalikes.keys()) for (const f of foldersOf(path)) folders.add(f);
    const out: Array<{ slot: S; segments?: string[]; mapped?: string; reason?: string }> = refused.map((r) => ({ slot: r.entry.slot, reason: r.reason }));
    for (const p of planned) {
      const path = p.segments.join('/');
      const same = this.lookalikes.get(path);
      if (same && !same.refused)
        out.push({ slot: p.entry.slot, reason: l10n.t('it would be written to the same local file as {0}', JSON.stringify(same.name)) });
      else if (folders.has(path)) out.push({ slot: p.entry.slot, reason: l10n.t('another object needs a folder of this name') });
      else {
        for (const f of foldersOf(path)) {
          const file = this.lookalikes.get(f);
          if (file && !file.refused) this.retract(file, l10n.t('another object needs a folder of this name'));
        }
        out.push({ slot: p.entry.slot, segments: p.segments, ...(p.mapped ? { mapped: p.mapped } : {}) });
      }
    }
    return out;
  }

  /** The earlier names this one needs as folders (all on the stack: only prefixes of the current name stay there). */
  private claimFolders(slot: S): void {
    const name = slot.relative;
    while (this.stack.length && !name.startsWith(this.stack[this.stack.length - 1].relative)) this.stack.pop();
    for (const earlier of this.stack)
      if (!earlier.refused && name[earlier.relative.length] === '/') this.retract(earlier, l10n.t('another object needs a folder of this name'));
    this.stack.push(slot);
  }
}

/** "a/b/c" → ["a", "a/b"]. */
function foldersOf(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

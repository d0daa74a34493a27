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

export type PullPath = { kind: 'stream'; segments: string[] } | { kind: 'aside' } | { kind: 'refused'; reason: string };

/** What a shortened segment ends with (localNames.ts `shorten`): `~` and 8 hex digits, maybe an extension. */
const SHORTENED = /~[0-9a-f]{8}(\.[^/]*)?(\/|$)/;

export class PullPaths<S extends PullSlot> {
  private readonly stack: S[] = [];
  private readonly aside: S[] = [];
  private readonly lookalikes = new Set<string>();
  private readonly folds: boolean;

  constructor(
    private readonly platform: string,
    /** Called for an earlier object that a later one needs as a folder. */
    private readonly retract: (slot: S, reason: string) => void,
  ) {
    this.folds = platform === 'win32' || platform === 'darwin';
  }

  /** Where `slot` goes: its local segments now, aside until `finish`, or refused. */
  place(slot: S): PullPath {
    const local = localSegments(slot.relative, this.platform);
    if (!local.ok) return { kind: 'refused', reason: local.reason };
    this.claimFolders(slot);
    if (this.folds || local.mapped) {
      this.aside.push(slot);
      return { kind: 'aside' };
    }
    if (SHORTENED.test(slot.relative)) this.lookalikes.add(slot.relative);
    return { kind: 'stream', segments: local.segments };
  }

  /**
   * The names held aside, planned among themselves (planLocalPaths) and against the streamed names that look like
   * mapped ones; each is given its segments or a reason.
   */
  finish(): Array<{ slot: S; segments?: string[]; mapped?: string; reason?: string }> {
    const named = this.aside.filter((s) => !s.refused).map((slot): NamedEntry & { slot: S } => ({ name: slot.name, relative: slot.relative, slot }));
    const { planned, refused } = planLocalPaths(named, this.platform);
    const folders = new Set<string>();
    for (const name of this.lookalikes) for (const f of foldersOf(name)) folders.add(f);
    const out: Array<{ slot: S; segments?: string[]; mapped?: string; reason?: string }> = refused.map((r) => ({ slot: r.entry.slot, reason: r.reason }));
    for (const p of planned) {
      const key = p.segments.join('/');
      if (this.lookalikes.has(key)) out.push({ slot: p.entry.slot, reason: l10n.t('it would be written to the same local file as another object') });
      else if (folders.has(key) || foldersOf(key).some((f) => this.lookalikes.has(f)))
        out.push({ slot: p.entry.slot, reason: l10n.t('another object needs a folder of this name') });
      else out.push({ slot: p.entry.slot, segments: p.segments, ...(p.mapped ? { mapped: p.mapped } : {}) });
    }
    return out;
  }

  /** The earlier names this one needs as folders (all on the stack: only prefixes of the current name stay there). */
  private claimFolders(slot: S): void {
    const name = slot.relative;
    while (this.stack.length && !name.startsWith(this.stack[this.stack.length - 1].relative)) this.stack.pop();
    for (const earlier of this.stack) if (name[earlier.relative.length] === '/') this.retract(earlier, l10n.t('another object needs a folder of this name'));
    this.stack.push(slot);
  }
}

/** "a/b/c" → ["a", "a/b"]. */
function foldersOf(key: string): string[] {
  const parts = key.split('/');
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

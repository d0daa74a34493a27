/**
 * Which paths a sync leaves alone: the rules of `.swiftignore` files (gitignore syntax) and, when asked, those of
 * `.gitignore` files, parsed by the `ignore` library (the one eslint uses). As in git, a rule file applies to the
 * folder it is in and below, its patterns relative to that folder, and a deeper file's rules win over a shallower
 * one's (a `!keep.log` in `logs/.swiftignore` keeps what the root's `*.log` leaves out). The walk of the local folder
 * reads each folder's rule files before judging its entries (`enter`). The same rules apply to both sides (names
 * relative to the folder and to the container's prefix), so an ignored object is neither pulled nor counted as an
 * extra to delete.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';

export const SWIFTIGNORE = '.swiftignore';
export const GITIGNORE = '.gitignore';

export interface IgnoreRules {
  /** Whether a relative path (with `/` separators) is ignored; a folder path ends with `/`. */
  ignores(relative: string): boolean;
  /** The rule files that were read (for the plan's text), relative to the folder. */
  sources: string[];
  /** Reads the rule files of a subfolder (`relative` ends with `/`) before its entries are judged. */
  enter?(folder: string, relative: string): Promise<void>;
}

interface RuleText {
  source: string;
  text: string;
}

/** Rules by the folder they live in ('' for the root, else ending with '/'); the deepest matching folder decides. */
class NestedRules implements IgnoreRules {
  private readonly levels = new Map<string, Ignore>();
  readonly sources: string[] = [];

  constructor(private readonly names: readonly string[]) {}

  add(folder: string, texts: readonly RuleText[]): void {
    if (!texts.length) return;
    const rules = this.levels.get(folder) ?? ignore({ allowRelativePaths: true });
    for (const { source, text } of texts) {
      rules.add(text);
      this.sources.push(source);
    }
    this.levels.set(folder, rules);
  }

  ignores(relative: string): boolean {
    if (relative === '' || relative.startsWith('../')) return false;
    const parts = relative.split('/');
    // The rule files themselves belong to the folder, not to the container's content.
    const base = relative.endsWith('/') ? '' : parts[parts.length - 1];
    if (base === SWIFTIGNORE) return true;
    // Deepest folder first: the first level with a rule that matches (ignoring or re-including) decides.
    for (let depth = parts.length - 1; depth >= 0; depth--) {
      const folder = depth === 0 ? '' : `${parts.slice(0, depth).join('/')}/`;
      const rules = this.levels.get(folder);
      if (!rules) continue;
      const rest = relative.slice(folder.length);
      if (rest === '') continue;
      const verdict = rules.test(rest);
      if (verdict.ignored) return true;
      if (verdict.unignored) return false;
    }
    return false;
  }

  async enter(folder: string, relative: string): Promise<void> {
    this.add(relative, await readRuleFiles(folder, relative, this.names));
  }
}

/** Rules from text (one file's content each) for the root, e.g. for tests or a pull into a folder that has none yet. */
export function rulesFrom(texts: ReadonlyArray<RuleText>): IgnoreRules {
  const rules = new NestedRules([]);
  rules.add('', texts);
  return rules;
}

/** Rule texts by folder ('' for the root, else ending with '/'), as if read from those folders (tests). */
export function nestedRulesFrom(byFolder: Readonly<Record<string, readonly RuleText[]>>): IgnoreRules {
  const rules = new NestedRules([]);
  for (const [folder, texts] of Object.entries(byFolder)) rules.add(folder, texts);
  return rules;
}

async function readRuleFiles(folder: string, relative: string, names: readonly string[]): Promise<RuleText[]> {
  const texts: RuleText[] = [];
  for (const name of names) {
    try {
      texts.push({ source: `${relative}${name}`, text: await readFile(join(folder, name), 'utf8') });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR') throw e;
    }
  }
  return texts;
}

/**
 * Reads `.swiftignore` (and `.gitignore` when `honourGitignore`) at the root of `folder`; the walk of the folder
 * reads those of its subfolders as it enters them. Missing files are no rules.
 */
export async function loadIgnoreRules(folder: string, honourGitignore: boolean): Promise<IgnoreRules> {
  const names = honourGitignore ? [SWIFTIGNORE, GITIGNORE] : [SWIFTIGNORE];
  const rules = new NestedRules(names);
  rules.add('', await readRuleFiles(folder, '', names));
  return rules;
}

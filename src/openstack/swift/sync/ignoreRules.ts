/**
 * Which paths a sync leaves alone: the rules of `.swiftignore` (gitignore syntax) at the root of the local folder,
 * and, when asked, those of `.gitignore` there too, parsed by the `ignore` library (the one eslint uses). The same
 * rules apply to both sides (names relative to the folder and to the container's prefix), so an ignored object is
 * neither pulled nor counted as an extra to delete. Only the root's files are read (not nested ones).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ignore from 'ignore';

export const SWIFTIGNORE = '.swiftignore';
export const GITIGNORE = '.gitignore';

export interface IgnoreRules {
  /** Whether a relative path (with `/` separators) is ignored; a folder path ends with `/`. */
  ignores(relative: string): boolean;
  /** The rule files that were read (for the plan's text). */
  sources: string[];
}

/** Rules from text (one file's content each), e.g. for tests or a pull into a folder that has none yet. */
export function rulesFrom(texts: ReadonlyArray<{ source: string; text: string }>): IgnoreRules {
  const rules = ignore({ allowRelativePaths: true });
  for (const { text } of texts) rules.add(text);
  // The rule files themselves belong to the folder, not to the container's content.
  const always = new Set([SWIFTIGNORE]);
  return {
    ignores: (relative) => always.has(relative) || (relative !== '' && !relative.startsWith('../') && rules.ignores(relative)),
    sources: texts.map((t) => t.source),
  };
}

/** Reads `.swiftignore` (and `.gitignore` when `honourGitignore`) at the root of `folder`; missing files are no rules. */
export async function loadIgnoreRules(folder: string, honourGitignore: boolean): Promise<IgnoreRules> {
  const names = honourGitignore ? [SWIFTIGNORE, GITIGNORE] : [SWIFTIGNORE];
  const texts: Array<{ source: string; text: string }> = [];
  for (const name of names) {
    try {
      texts.push({ source: name, text: await readFile(join(folder, name), 'utf8') });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
    }
  }
  return rulesFrom(texts);
}

/**
 * The local side of a sync: every regular file under a folder, by its path relative to it (`/` separators), with
 * size and modification time; what cannot take part is said in one sentence each (symbolic links are not followed,
 * so a link loop cannot trap the walk; folders that cannot be read; special files). Ignored paths (ignoreRules.ts)
 * are left out, folders included, so an ignored `node_modules/` is never walked; a folder's own ignore files are read
 * as the walk enters it.
 */
import * as l10n from '@vscode/l10n';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { IgnoreRules } from './ignoreRules';

export interface LocalFile {
  relative: string;
  path: string;
  size: number;
  mtimeMs: number;
}

export interface LocalSkip {
  relative: string;
  reason: string;
}

export interface LocalTree {
  files: Map<string, LocalFile>;
  skipped: LocalSkip[];
  ignored: number;
}

function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return l10n.t('permission denied');
  return l10n.t('cannot be read ({0})', code ?? (e as Error).message);
}

/** Walks `root` (which must be a folder). Entries in each folder are taken in name order, so runs repeat. */
export async function readLocalTree(root: string, rules: IgnoreRules, signal?: AbortSignal): Promise<LocalTree> {
  const tree: LocalTree = { files: new Map(), skipped: [], ignored: 0 };
  const walk = async (dir: string, prefix: string): Promise<void> => {
    signal?.throwIfAborted();
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      if (prefix === '') throw e; // the chosen folder itself: the caller says so
      tree.skipped.push({ relative: prefix, reason: l10n.t('the folder was left out: {0}', fsReason(e)) });
      return;
    }
    // A subfolder's own rule files apply to what is in it (read before its entries are judged).
    if (prefix !== '' && rules.enter) {
      try {
        await rules.enter(dir, prefix);
      } catch (e) {
        tree.skipped.push({ relative: prefix, reason: l10n.t('the folder was left out: its ignore file {0}', fsReason(e)) });
        return;
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const relative = `${prefix}${entry.name}`;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (rules.ignores(`${relative}/`)) tree.ignored++;
        else await walk(path, `${relative}/`);
        continue;
      }
      if (rules.ignores(relative)) {
        tree.ignored++;
        continue;
      }
      if (entry.isSymbolicLink()) tree.skipped.push({ relative, reason: l10n.t('a symbolic link (not followed)') });
      else if (!entry.isFile()) tree.skipped.push({ relative, reason: l10n.t('not a regular file') });
      else {
        try {
          const s = await lstat(path);
          tree.files.set(relative, { relative, path, size: s.size, mtimeMs: s.mtimeMs });
        } catch (e) {
          tree.skipped.push({ relative, reason: fsReason(e) });
        }
      }
    }
  };
  await walk(root, '');
  return tree;
}

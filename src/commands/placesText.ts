/**
 * The wording and names of Copy Name, Copy Path, Create Folder and Open in Browser. Pure.
 */
import * as l10n from '@vscode/l10n';
import type { StorageLocation } from '../location';

/** The last part of a name: an object's base name, a folder's own name, a container's name. */
export function baseNameOf(location: StorageLocation): string | undefined {
  if (location.container === undefined) return undefined;
  const name = location.object ?? location.prefix;
  if (name === undefined) return location.container;
  // A folder's prefix and a name ending with "/" keep that slash out of their base name ("logs/2024/" -> "2024").
  const trimmed = name.endsWith('/') && name.length > 1 ? name.slice(0, -1) : name;
  const slash = trimmed.lastIndexOf('/');
  return slash < 0 ? trimmed : trimmed.slice(slash + 1) || trimmed;
}

/**
 * `container/name`: how the `swift` CLI and Swift's URLs address it (`swift download docs a/b.txt` reads
 * docs/a/b.txt); a folder's path keeps its trailing slash, a container's is its name.
 */
export function pathOf(location: StorageLocation): string | undefined {
  if (location.container === undefined) return undefined;
  const name = location.object ?? location.prefix;
  return name === undefined ? location.container : `${location.container}/${name}`;
}

/** What is wrong with a folder name typed into Create Folder, or undefined when it is fine. */
export function folderNameProblem(name: string, prefix: string): string | undefined {
  if (name.trim() === '') return l10n.t('Type a name for the folder.');
  if (name.startsWith('/')) return l10n.t('A folder name cannot start with "/": Swift would make a folder with an empty name.');
  if (name.includes('//')) return l10n.t('A folder name cannot hold "//": Swift would make a folder with an empty name.');
  if (/[\u0000-\u001f\u007f]/.test(name)) return l10n.t('A folder name cannot hold control characters (newlines, tabs).');
  const marker = folderMarkerName(prefix, name);
  if (new TextEncoder().encode(marker).length > 1024) return l10n.t('The folder name is too long: Swift allows 1,024 bytes for the whole name.');
  return undefined;
}

/** The marker object of a new folder: its full prefix, ending with "/". */
export function folderMarkerName(prefix: string, name: string): string {
  return prefix + (name.endsWith('/') ? name : `${name}/`);
}

/** The Content-Type Horizon and rclone give a folder marker (a zero-byte object named like the folder). */
export const FOLDER_MARKER_CONTENT_TYPE = 'application/directory';

/** How long the temp URL that Open in Browser makes for a private object stays valid. */
export const BROWSER_TEMP_URL_MS = 10 * 60_000;

/** The local paths of an Explorer menu's arguments: the clicked resource, or the selection it is part of. */
export function explorerPaths(arg: unknown, selected: unknown): string[] {
  const isFileUri = (u: unknown): u is { scheme: string; fsPath: string } =>
    !!u && typeof u === 'object' && (u as { scheme?: unknown }).scheme === 'file' && typeof (u as { fsPath?: unknown }).fsPath === 'string';
  const all = Array.isArray(selected) && selected.length ? selected : [arg];
  return all.filter(isFileUri).map((u) => u.fsPath);
}

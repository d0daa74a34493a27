/**
 * Pure rules of creating, copying, moving and renaming: container name validation, where each source object
 * lands, and the refusals (into itself, onto itself, overlapping names, across regions). No I/O, so every rule
 * is unit-tested; deletion.ts and copying.ts apply them against Swift.
 */
import * as l10n from '@vscode/l10n';
import { OpenStackError } from '../errors';
import { displayName } from './names';

/** Swift's defaults (/info may say otherwise): container names in UTF-8 bytes here, object names in characters. */
export const MAX_CONTAINER_NAME_BYTES = 256;
export const MAX_OBJECT_NAME_LENGTH = 1024;

/** Why a container name cannot be used, or undefined when it can. */
export function containerNameProblem(name: string, maxBytes = MAX_CONTAINER_NAME_BYTES): string | undefined {
  if (name === '') return l10n.t('A container name cannot be empty.');
  if (name.includes('/')) return l10n.t('A container name cannot contain "/" (Swift would read the rest as an object name).');
  if (name.includes('\0')) return l10n.t('A container name cannot contain a NUL character.');
  if (/[\uD800-\uDFFF]/u.test(name)) return l10n.t('A container name must be valid Unicode (it has a lone surrogate).');
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > maxBytes) return l10n.t('A container name can have at most {0} bytes in UTF-8; this one has {1}.', maxBytes, bytes);
  return undefined;
}

/** An object, or every object whose name starts with a pseudo-folder's prefix (ending with `/`). */
export type CopySource = { kind: 'object'; container: string; name: string } | { kind: 'folder'; container: string; prefix: string };

/** The last segment of a folder prefix or object name: `a/b/` → `b/`, `a/b.txt` → `b.txt`. */
export function baseName(source: CopySource): string {
  if (source.kind === 'folder') {
    const trimmed = source.prefix.slice(0, -1);
    return `${trimmed.slice(trimmed.lastIndexOf('/') + 1)}/`;
  }
  return source.name.slice(source.name.lastIndexOf('/') + 1) || source.name;
}

/**
 * Where a source goes. One source: `to` is its new full name (an object) or new prefix (a folder: `/` added
 * when missing; '' moves the folder's contents to the top level). Several sources: `to` is a folder prefix
 * each keeps its own last segment under.
 */
export function destinationPrefix(source: CopySource, to: string, single: boolean): string {
  if (single) return source.kind === 'folder' && to !== '' && !to.endsWith('/') ? `${to}/` : to;
  const folder = to === '' || to.endsWith('/') ? to : `${to}/`;
  return folder + baseName(source);
}

/** The destination of one object of a source: the source's prefix (or name) replaced by `to`. */
export function mapName(name: string, fromPrefix: string, toPrefix: string): string {
  if (!name.startsWith(fromPrefix)) throw new OpenStackError('invalidInput', l10n.t('{0} is not under {1}.', displayName(name), displayName(fromPrefix)));
  return toPrefix + name.slice(fromPrefix.length);
}

/** Why copying `source` to `toPrefix` in `toContainer` is refused before anything is listed, or undefined. */
export function copyProblem(source: CopySource, toContainer: string, toPrefix: string): string | undefined {
  const from = source.kind === 'folder' ? source.prefix : source.name;
  const what = source.kind === 'folder' ? l10n.t('folder {0}', displayName(from)) : l10n.t('object {0}', displayName(from));
  if (source.kind === 'object' && toPrefix === '') return l10n.t('The destination name cannot be empty.');
  if (toPrefix.length > MAX_OBJECT_NAME_LENGTH) return l10n.t('The destination name is longer than {0} characters.', MAX_OBJECT_NAME_LENGTH);
  if (toContainer !== source.container) return undefined;
  if (toPrefix === from) return l10n.t('The {0} is already there: choose another name or container.', what);
  if (source.kind === 'folder' && toPrefix.startsWith(from)) {
    return l10n.t('Cannot put the {0} inside itself ({1}): choose a destination outside it.', what, displayName(toPrefix));
  }
  return undefined;
}

/** Refuses a copy between regions: Swift copies server-side only within one cluster. */
export function sameRegionProblem(fromRegion: string, toRegion: string): string | undefined {
  return fromRegion === toRegion
    ? undefined
    : l10n.t(
        'Swift cannot copy from region {0} to region {1} server-side: each region is a separate cluster. Download and upload instead.',
        fromRegion,
        toRegion,
      );
}

export interface PlannedCopy {
  from: { container: string; name: string };
  to: { container: string; name: string };
}

/**
 * Refuses a plan in which a destination is also a source (copying would overwrite an object before it is read,
 * e.g. moving `a/b/` to `a/` when `a/b/b/x` exists) or two sources land on the same name; names too long.
 */
export function overlapProblem(items: PlannedCopy[]): string | undefined {
  const key = (r: { container: string; name: string }) => `${r.container}\0${r.name}`;
  const sources = new Set(items.map((i) => key(i.from)));
  const seen = new Set<string>();
  for (const item of items) {
    const to = key(item.to);
    if (sources.has(to)) {
      return l10n.t(
        'The destination {0} is also one of the objects being copied: choose a destination that does not overlap the source.',
        displayName(item.to.name),
      );
    }
    if (seen.has(to)) return l10n.t('Two objects would be copied to the same name {0}.', displayName(item.to.name));
    seen.add(to);
    if ([...item.to.name].length > MAX_OBJECT_NAME_LENGTH) {
      return l10n.t('{0} would be longer than the {1} characters Swift allows in a name.', displayName(item.to.name), MAX_OBJECT_NAME_LENGTH);
    }
  }
  return undefined;
}

/** Targets covered by another selected target are dropped (an object inside a selected folder, a folder in a selected container). */
export function withoutNested<T extends { kind: string; container: string; name?: string; prefix?: string }>(targets: T[]): T[] {
  const covers = (outer: T, inner: T) => {
    if (outer === inner || outer.container !== inner.container) return false;
    if (outer.kind === 'container') return inner.kind !== 'container';
    if (outer.kind !== 'folder' || inner.kind === 'container') return false;
    const innerName = inner.kind === 'folder' ? (inner.prefix ?? '') : (inner.name ?? '');
    return innerName.startsWith(outer.prefix ?? '') && !(inner.kind === 'folder' && inner.prefix === outer.prefix);
  };
  const unique = targets.filter(
    (t, i) => targets.findIndex((u) => u.kind === t.kind && u.container === t.container && u.name === t.name && u.prefix === t.prefix) === i,
  );
  return unique.filter((t) => !unique.some((o) => covers(o, t)));
}

/**
 * The URI codecs, one per scheme, for any name Swift allows. Pure: the providers wrap these strings in
 * `vscode.Uri.from({ scheme, path, query })`.
 *
 * Objects (`swift:` editable, `swift-readonly:` read-only):
 *
 *   swift:/<container>/<object name>?{"p":"<profile id>","r":"<region>"}
 *
 * - The **path** is `/` + container + `/` + the object's name exactly as Swift has it (its own slashes, `//`,
 *   a trailing `/`, `.`/`..` segments, `%`, `?`, `#`, newlines, non-ASCII all kept): VS Code keeps a URI's
 *   path verbatim and percent-encodes it only in its string form, so the name round-trips byte-exact. The
 *   path makes the tab title (the base name), the breadcrumbs (container, pseudo-folders) and the language
 *   (the extension); `vscode.Uri.joinPath` on a folder's URI gives its children's URIs. A name in the path may
 *   be an object or a pseudo-folder: the file system's stat tells which.
 * - Hidden characters (a newline, U+202E) in a container's or object's name are written escaped as the tree
 *   shows them (`⏎`, `⟨U+202E⟩`), in a form that maps back to one name (pathNames.ts): the Explorer, the tab title
 *   and the breadcrumbs show the name escaped, never cut or reordered, and a readDirectory name joined to its
 *   folder's URI addresses that very object.
 * - Except when the editor's path normalisation would change the name (`a//b`, `//`, `x/../y`, `./x`): such a
 *   name is carried in the query (`o`) and the path after the container is a look-alike (`∅` for an empty
 *   segment, `․․` for `..`), for people only. (URIs written before pathNames.ts carried hidden-character names in
 *   `o` and `c` too: their paths map back to the same names.)
 * - The **query** says whose object it is: the profile and the region ('' = the profile's default), as an
 *   ASCII-only JSON descriptor, so any profile id or region name survives. joinPath keeps it, so children stay
 *   in the same account. An older version of an object adds its version id (`v`); such URIs are only ever
 *   opened read-only.
 *
 * Read-only documents (metadata, token): the **query** is the identity (a descriptor); the **path** is only
 * for people (tab title, breadcrumbs) and for the editor's language detection: sanitised, never parsed.
 * JSON escapes are used in descriptors for every character a URI layer might rewrite (`%`, `#`, `?`, `&`,
 * `+`, `/`, spaces, non-ASCII, controls), so the query is plain ASCII that survives encoding, decoding, or both.
 */
import * as l10n from '@vscode/l10n';
import { escapeHidden } from '../openstack/swift/names';
import type { StorageLocation } from './location';
import { fromPathName, fromPathNames, toPathName, toPathNames } from './pathNames';

/** Editable objects: saving writes back to Swift. */
export const EDIT_SCHEME = 'swift';
/** The same objects, read-only (the editor refuses typing and saving). */
export const READONLY_SCHEME = 'swift-readonly';

export interface UriParts {
  path: string;
  query: string;
}

export function toUriParts(location: StorageLocation): UriParts {
  if (location.object !== undefined && location.container === undefined) throw new Error('An object location needs a container.');
  if (location.container !== undefined && (location.container === '' || location.container.includes('/'))) {
    throw new Error(`Not a container name: ${JSON.stringify(location.container)}`);
  }
  if (location.object === '') throw new Error('An object name cannot be empty.');
  let path = '/';
  // Names are shown in the path as the tree shows them (hidden characters escaped: toPathName), in a form that
  // maps back to exactly one name: the Explorer, tab titles and breadcrumbs never show a raw U+202E or line
  // break, and the editor's joinPath of a readDirectory name gives the URI of that very object.
  if (location.container !== undefined) path += toPathName(location.container);
  // A name the editor's path normalisation would change (`a//b`, `//`, `x/../y`) travels in the query (`o`);
  // the path is then a look-alike for people only, that normalisation leaves alone.
  const inQuery = location.object !== undefined && normalisationChanges(location.object);
  if (location.object !== undefined) path += `/${inQuery ? stablePath(location.object) : toPathNames(location.object)}`;
  // A folder is addressed by its prefix without the final "/" (a directory of the file system).
  else if (location.prefix !== undefined && location.prefix.length > 1) path += `/${toPathNames(location.prefix.slice(0, -1))}`;
  if (location.version !== undefined && location.object === undefined) throw new Error('Only an object has versions.');
  // `v` only when set: the URIs of current objects stay as they were.
  const descriptor: Record<string, string> = { p: location.profileId, r: location.region };
  if (location.version !== undefined) descriptor.v = location.version;
  if (inQuery) descriptor.o = location.object!;
  return { path, query: encodeDescriptor(descriptor) };
}

/** The location a URI's parts address, or undefined when they are not ones toUriParts wrote. */
export function fromUriParts(parts: UriParts): StorageLocation | undefined {
  const d = decodeDescriptor(parts.query);
  if (!d || typeof d.p !== 'string' || typeof d.r !== 'string' || !parts.path.startsWith('/')) return undefined;
  const location: StorageLocation = { profileId: d.p, region: d.r };
  const rest = parts.path.slice(1);
  if (rest === '') return location;
  const slash = rest.indexOf('/');
  location.container = slash < 0 ? rest : rest.slice(0, slash);
  if (location.container === '') return undefined;
  // The segment maps back to the name. (URIs written before pathNames.ts also carried a hidden-character name in
  // `c`: their segment, escapeHidden's look-alike, maps back to it too.)
  location.container = fromPathName(location.container);
  // "/c/" (what joinPath can make of a container) is the container itself: no object has an empty name.
  if (slash >= 0 && slash < rest.length - 1) location.object = fromPathNames(rest.slice(slash + 1));
  // The name in the query counts only with the path written for it: a URI derived from this one (joinPath, a
  // rename's target) has another path, and is read by its path, never as the object this query names.
  if (typeof d.o === 'string' && d.o !== '' && slash >= 0 && rest.slice(slash + 1) === stablePath(d.o)) location.object = d.o;
  if (typeof d.v === 'string' && location.object !== undefined) location.version = d.v;
  return location;
}

/**
 * Whether the editor would change the path of this object name: it normalises paths (`posix.normalize`:
 * `a//b` → `a/b`, `/./`, `/../`) before asking the file system, so such a name would address another object.
 * A single trailing `/` survives normalisation.
 */
export function normalisationChanges(object: string): boolean {
  const segments = object.split('/');
  return segments.some((segment, i) => segment === '.' || segment === '..' || (segment === '' && i < segments.length - 1));
}

/** A look-alike path for such a name: normalisation leaves it as it is; never parsed back. */
function stablePath(object: string): string {
  const shown = object.endsWith('/') ? `${object.slice(0, -1)}∕` : object;
  return shown
    .split('/')
    .map((segment) => (segment === '' ? '∅' : segment === '.' || segment === '..' ? segment.replace(/\./g, '․') : escapeHidden(segment)))
    .join('/');
}

/** JSON with every character outside a safe printable-ASCII set written as a `\uXXXX` escape. */
export function encodeDescriptor(value: object): string {
  // JSON's own two-character escapes (\n, \", \\, \u…) are kept; any other unsafe character gets one.
  return JSON.stringify(value).replace(/\\.|[^A-Za-z0-9{}[\]":,._\-~*!$'()=;@]/g, (m) =>
    m.length === 2 ? m : `\\u${m.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The descriptor object, or undefined when the query is not one (a hand-typed or foreign URI). */
export function decodeDescriptor(query: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(query);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A document's query for a location: its identity (the path is only for people). */
export function documentQuery(target: StorageLocation): string {
  // Fixed key order: one target, one URI string, so reopening finds the same document.
  return encodeDescriptor({ p: target.profileId, r: target.region, c: target.container, o: target.object });
}

/** The location a document's query names: an account, container or object (no folder); undefined when it is not one. */
export function locationOfDocumentQuery(query: string): StorageLocation | undefined {
  const d = decodeDescriptor(query);
  if (!d || typeof d.p !== 'string' || typeof d.r !== 'string') return undefined;
  if (d.c !== undefined && typeof d.c !== 'string') return undefined;
  if (d.o !== undefined && (typeof d.o !== 'string' || d.c === undefined)) return undefined;
  const target: StorageLocation = { profileId: d.p, region: d.r };
  if (d.c !== undefined) target.container = d.c as string;
  if (d.o !== undefined) target.object = d.o as string;
  return target;
}

/**
 * A readable URI path: `/profile/region/container/object…` with the object's own slashes kept (so the
 * tab shows its base name and the editor sees its extension), then `suffix` appended to the last segment.
 * Segments a path layer would treat specially (empty, `.`, `..`) are replaced with look-alikes, hidden
 * characters (controls, bidi overrides) shown as in the tree (`⏎`, `⟨U+202E⟩`): the path is never read back, so this loses nothing.
 */
export function readablePath(labels: { profile: string; region: string; container?: string; object?: string }, suffix = ''): string {
  const segments = [label(labels.profile), label(labels.region || l10n.t('default region'))];
  if (labels.container !== undefined) segments.push(label(labels.container));
  if (labels.object !== undefined) {
    // A name ending in "/" would leave an empty base name: keep that last slash as a look-alike.
    const object = labels.object.endsWith('/') ? `${labels.object.slice(0, -1)}∕` : labels.object;
    segments.push(...object.split('/').map(pathSegment));
  }
  segments[segments.length - 1] += suffix;
  return `/${segments.join('/')}`;
}

/** One whole label (profile, region, container) as a single path segment: its slashes become "∕". */
export function label(value: string): string {
  return pathSegment(value.replace(/\//g, '∕'));
}

function pathSegment(segment: string): string {
  // Hidden characters as the tree labels show them (⏎, ⟨U+202E⟩): a breadcrumb must not cut or reorder a name.
  const visible = escapeHidden(segment).replace(/\\/g, '⧵');
  if (visible === '') return '∅';
  if (visible === '.' || visible === '..') return visible.replace(/\./g, '․');
  return visible;
}

/**
 * Where an object lives, as a `swift:` (editable) or `swift-readonly:` URI, and back. Pure: the provider wraps
 * the parts in `vscode.Uri.from({ scheme, path, query })`.
 *
 *   swift:/<container>/<object name>?{"p":"<profile id>","r":"<region>"}
 *
 * - The **path** is `/` + container + `/` + the object's name exactly as Swift has it (its own slashes, `//`,
 *   a trailing `/`, `.`/`..` segments, `%`, `?`, `#`, newlines, non-ASCII all kept): VS Code keeps a URI's
 *   path verbatim and percent-encodes it only in its string form, so the name round-trips byte-exact. The
 *   path makes the tab title (the base name), the breadcrumbs (container, pseudo-folders) and the language
 *   (the extension); `vscode.Uri.joinPath` on a folder's URI gives its children's URIs.
 * - The **query** says whose object it is: the profile and the region ('' = the profile's default), as an
 *   ASCII-only JSON descriptor (see documents/documentUri.ts), so any profile id or region name survives.
 *   joinPath keeps it, so children stay in the same account. An older version of an object adds its version
 *   id (`v`); such URIs are only ever opened read-only.
 */
import { decodeDescriptor, encodeDescriptor } from '../documents/documentUri';

/** Editable objects: saving writes back to Swift. */
export const EDIT_SCHEME = 'swift';
/** The same objects, read-only (the editor refuses typing and saving). */
export const READONLY_SCHEME = 'swift-readonly';

/** The account (no container), a container, or a name in it: an object, or a pseudo-folder (its prefix without the final `/`). */
export interface SwiftLocation {
  profileId: string;
  /** '' for the profile's default region. */
  region: string;
  container?: string;
  name?: string;
  /** An older version of the object (object versioning's version id), read-only; undefined: the current one. */
  version?: string;
}

export interface UriParts {
  path: string;
  query: string;
}

export function toUriParts(location: SwiftLocation): UriParts {
  if (location.name !== undefined && location.container === undefined) throw new Error('An object location needs a container.');
  if (location.container !== undefined && (location.container === '' || location.container.includes('/'))) {
    throw new Error(`Not a container name: ${JSON.stringify(location.container)}`);
  }
  if (location.name === '') throw new Error('An object name cannot be empty.');
  let path = '/';
  if (location.container !== undefined) path += location.container;
  if (location.name !== undefined) path += `/${location.name}`;
  if (location.version !== undefined && location.name === undefined) throw new Error('Only an object has versions.');
  // `v` only when set: the URIs of current objects stay as they were.
  const descriptor: Record<string, string> = { p: location.profileId, r: location.region };
  if (location.version !== undefined) descriptor.v = location.version;
  return { path, query: encodeDescriptor(descriptor) };
}

/** The location a URI's parts address, or undefined when they are not ones toUriParts wrote. */
export function fromUriParts(parts: UriParts): SwiftLocation | undefined {
  const d = decodeDescriptor(parts.query);
  if (!d || typeof d.p !== 'string' || typeof d.r !== 'string' || !parts.path.startsWith('/')) return undefined;
  const location: SwiftLocation = { profileId: d.p, region: d.r };
  const rest = parts.path.slice(1);
  if (rest === '') return location;
  const slash = rest.indexOf('/');
  location.container = slash < 0 ? rest : rest.slice(0, slash);
  if (location.container === '') return undefined;
  // "/c/" (what joinPath can make of a container) is the container itself: no object has an empty name.
  if (slash >= 0 && slash < rest.length - 1) location.name = rest.slice(slash + 1);
  if (typeof d.v === 'string' && location.name !== undefined) location.version = d.v;
  return location;
}

/** The listing prefix of a folder location: its name and `/` ('' for a container's top level). */
export function folderPrefix(location: SwiftLocation): string {
  return location.name === undefined ? '' : `${location.name}/`;
}

/** The two locations are in the same account (profile and region): a server-side copy can join them. */
export function sameAccount(a: SwiftLocation, b: SwiftLocation): boolean {
  return a.profileId === b.profileId && a.region === b.region;
}

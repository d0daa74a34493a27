/**
 * The one reader of command arguments: whatever a command was run on (a tree node, the URI of an open tab,
 * a bare profile id from the status bar, nothing from the palette) as a location. Pure: URIs are read by
 * their scheme, path and query, so tests build them without the editor.
 */
import { ObjectLocation, StorageLocation, isObjectLocation } from './location';
import { EDIT_SCHEME, READONLY_SCHEME, fromUriParts } from './uris';

/** What the tree's nodes carry (views/nodes.ts): their location, and a listing's narrowing filter. */
interface LocatedNode {
  location: StorageLocation;
  filter?: string;
}

interface UriLike {
  scheme: string;
  path: string;
  query: string;
}

function isLocatedNode(arg: unknown): arg is LocatedNode {
  const location = (arg as { location?: unknown } | undefined)?.location;
  return !!location && typeof location === 'object' && typeof (location as StorageLocation).profileId === 'string';
}

function isObjectUri(arg: unknown): arg is UriLike {
  const uri = arg as Partial<UriLike> | undefined;
  return !!uri && (uri.scheme === EDIT_SCHEME || uri.scheme === READONLY_SCHEME) && typeof uri.path === 'string' && typeof uri.query === 'string';
}

/** The location of a tree node or of an object URI (`swift:` / `swift-readonly:`); undefined for anything else. */
export function locationOf(arg: unknown): StorageLocation | undefined {
  if (isLocatedNode(arg)) return arg.location;
  if (isObjectUri(arg)) return fromUriParts(arg);
  return undefined;
}

/** A profile id from a node or URI, a bare id or `{ profileId }` (status bar, other commands), or nothing (palette). */
export function profileIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg) return arg;
  const given = (arg as { profileId?: unknown } | undefined)?.profileId;
  if (typeof given === 'string' && given) return given;
  return locationOf(arg)?.profileId;
}

/** The object a node or URI stands for, or undefined for anything else. */
export function objectLocationOf(arg: unknown): ObjectLocation | undefined {
  const location = locationOf(arg);
  return isObjectLocation(location) ? location : undefined;
}

/**
 * The account, container or object whose metadata a node (or an object tab's URI) stands for: folders are
 * prefixes, with none of their own.
 */
export function metadataLocationOf(arg: unknown): StorageLocation | undefined {
  const location = isLocatedNode(arg) ? arg.location : isObjectUri(arg) ? fromUriParts(arg) : undefined;
  return location && location.prefix === undefined ? location : undefined;
}

/** A container listing a node stands for: a container, or a folder (its prefix), with the tree's filter after it. */
export function listingOf(arg: unknown): { location: StorageLocation & { container: string }; prefix: string; folder: boolean } | undefined {
  if (!isLocatedNode(arg)) return undefined;
  const { location } = arg;
  if (location.container === undefined || location.object !== undefined) return undefined;
  return {
    location: { ...location, container: location.container },
    prefix: (location.prefix ?? '') + (arg.filter ?? ''),
    folder: location.prefix !== undefined,
  };
}

/**
 * Swift listings (format=json): entry types, parsing, and the marker-based pager. Entries keep the server's
 * order (UTF-8 byte order of names, reversed with `reverse=true`); nothing here sorts.
 */
import { OpenStackError } from '../errors';

export interface ObjectEntry {
  kind: 'object';
  name: string;
  bytes: number;
  /** MD5 of the content (for a static large object manifest: of its segments' ETags). */
  hash: string;
  lastModified: Date | undefined;
  contentType: string;
  /** Set on symlinks (`symlink_path`, …/v1/account/container/object). */
  symlinkPath?: string;
}

/** A `subdir` entry of a delimited listing: a name prefix ending with the delimiter. */
export interface FolderEntry {
  kind: 'folder';
  prefix: string;
}

export type ListingEntry = ObjectEntry | FolderEntry;

export interface ContainerEntry {
  name: string;
  objectCount: number;
  bytes: number;
  lastModified: Date | undefined;
}

export interface Page<T> {
  entries: T[];
  /** Pass as `marker` to continue after this page; undefined when this page is the last one. */
  nextMarker: string | undefined;
}

export type ObjectPage = Page<ListingEntry>;
export type ContainerPage = Page<ContainerEntry>;

/** The name a listing continues after: an object's name or a folder's prefix. */
export function markerOf(entry: ListingEntry | ContainerEntry): string {
  return 'kind' in entry && entry.kind === 'folder' ? entry.prefix : (entry as ObjectEntry | ContainerEntry).name;
}

/** Swift's `2024-05-01T10:20:30.123456` (UTC, microseconds, no zone) as a Date. */
export function parseSwiftTimestamp(text: unknown): Date | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!m) return undefined;
  const millis = m[2] ? m[2].slice(0, 4) : '';
  const date = new Date(`${m[1]}${millis}${m[3] ?? 'Z'}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function badListing(what: string, detail: string): OpenStackError {
  return new OpenStackError('badResponse', `Swift returned an unexpected ${what} listing: ${detail}`);
}

function asArray(json: unknown, what: string): Record<string, unknown>[] {
  if (!Array.isArray(json)) throw badListing(what, 'expected a JSON array');
  return json.map((item, i) => {
    if (!item || typeof item !== 'object') throw badListing(what, `entry ${i} is not an object`);
    return item as Record<string, unknown>;
  });
}

function count(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : 0;
}

export function parseObjectListing(json: unknown): ListingEntry[] {
  return asArray(json, 'object').map((item, i): ListingEntry => {
    if (typeof item.subdir === 'string') return { kind: 'folder', prefix: item.subdir };
    if (typeof item.name !== 'string') throw badListing('object', `entry ${i} has neither name nor subdir`);
    const entry: ObjectEntry = {
      kind: 'object',
      name: item.name,
      bytes: count(item.bytes),
      hash: typeof item.hash === 'string' ? item.hash : '',
      lastModified: parseSwiftTimestamp(item.last_modified),
      contentType: typeof item.content_type === 'string' ? item.content_type : '',
    };
    if (typeof item.symlink_path === 'string') entry.symlinkPath = item.symlink_path;
    return entry;
  });
}

export function parseContainerListing(json: unknown): ContainerEntry[] {
  return asArray(json, 'container').map((item, i) => {
    if (typeof item.name !== 'string') throw badListing('container', `entry ${i} has no name`);
    return {
      name: item.name,
      objectCount: count(item.count),
      bytes: count(item.bytes),
      lastModified: parseSwiftTimestamp(item.last_modified),
    };
  });
}

/**
 * Pages through a listing: asks for `limit` entries after `marker`, yields them, and continues after the
 * last one while pages come back full. A short page is the last; when a full page happens to end the
 * listing, the (empty) follow-up answer is not yielded, except as the only page of an empty listing.
 */
export async function* paginate<T extends ListingEntry | ContainerEntry>(
  fetchPage: (marker: string | undefined, limit: number) => Promise<T[]>,
  limit: number,
  startMarker?: string,
): AsyncGenerator<Page<T>> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new OpenStackError('invalidInput', `A listing page size must be a positive integer, not ${limit}.`);
  }
  let marker = startMarker;
  let first = true;
  for (;;) {
    const entries = await fetchPage(marker, limit);
    if (entries.length > limit) throw badListing('paged', `asked for ${limit} entries, got ${entries.length}`);
    const full = entries.length === limit;
    const nextMarker = full ? markerOf(entries[entries.length - 1]) : undefined;
    if (full && nextMarker === marker) throw badListing('paged', `the page after ${JSON.stringify(marker)} did not advance`);
    if (entries.length > 0 || first) yield { entries, nextMarker };
    if (!full) return;
    first = false;
    marker = nextMarker;
  }
}

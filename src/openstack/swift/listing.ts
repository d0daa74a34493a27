/**
 * Swift listings (format=json): entry types, parsing, and the marker-based pager. Entries keep the server's
 * order (UTF-8 byte order of names, reversed with `reverse=true`); nothing here sorts.
 */
import * as l10n from '@vscode/l10n';
import { OpenStackError } from '../errors';
import { unquoteEtag } from './metadata';

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
  /** Set on static large object manifests (`slo_etag`, quotes removed): the ETag a GET or a manifest COPY answers. */
  sloEtag?: string;
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
  // Listings carry one per object: the exact form Swift writes is read without a regular expression or the
  // Date string parser (a third of the client's time per listing page otherwise).
  if (text.length === 26) {
    const ms = fixedTimestamp(text);
    if (ms !== undefined) return new Date(ms);
  }
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!m) return undefined;
  const millis = m[2] ? m[2].slice(0, 4) : '';
  const date = new Date(`${m[1]}${millis}${m[3] ?? 'Z'}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `YYYY-MM-DDTHH:MM:SS.ffffff` as epoch milliseconds, or undefined for anything else (left to the general parser). */
function fixedTimestamp(t: string): number | undefined {
  if (
    t.charCodeAt(4) !== 45 ||
    t.charCodeAt(7) !== 45 ||
    t.charCodeAt(10) !== 84 ||
    t.charCodeAt(13) !== 58 ||
    t.charCodeAt(16) !== 58 ||
    t.charCodeAt(19) !== 46
  ) {
    return undefined;
  }
  const year = digits(t, 0, 4);
  const month = digits(t, 5, 2);
  const day = digits(t, 8, 2);
  const hour = digits(t, 11, 2);
  const minute = digits(t, 14, 2);
  const second = digits(t, 17, 2);
  const millis = digits(t, 20, 3);
  // Date.UTC reads years 0-99 as 1900-1999: those go to the general parser.
  if (digits(t, 23, 3) < 0 || year < 100 || millis < 0) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return undefined;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
}

/** The decimal number in t[start, start+count), or -1 when a character is not a digit. */
function digits(t: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const d = t.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

export function badListing(what: string, detail: string): OpenStackError {
  return new OpenStackError('badResponse', l10n.t('Swift returned an unexpected {0} listing: {1}', what, detail));
}

function asArray(json: unknown, what: string): Record<string, unknown>[] {
  if (!Array.isArray(json)) throw badListing(what, l10n.t('expected a JSON array'));
  return json.map((item, i) => {
    if (!item || typeof item !== 'object') throw badListing(what, l10n.t('entry {0} is not an object', i));
    return item as Record<string, unknown>;
  });
}

function count(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : 0;
}

export function parseObjectListing(json: unknown): ListingEntry[] {
  if (!Array.isArray(json)) throw badListing('object', l10n.t('expected a JSON array'));
  const out: ListingEntry[] = new Array(json.length);
  for (let i = 0; i < json.length; i++) {
    const item = json[i] as Record<string, unknown> | null;
    if (!item || typeof item !== 'object') throw badListing('object', l10n.t('entry {0} is not an object', i));
    if (typeof item.subdir === 'string') {
      out[i] = { kind: 'folder', prefix: item.subdir };
      continue;
    }
    if (typeof item.name !== 'string') throw badListing('object', l10n.t('entry {0} has neither name nor subdir', i));
    const entry: ObjectEntry = {
      kind: 'object',
      name: item.name,
      bytes: count(item.bytes),
      hash: typeof item.hash === 'string' ? item.hash : '',
      lastModified: parseSwiftTimestamp(item.last_modified),
      contentType: typeof item.content_type === 'string' ? item.content_type : '',
    };
    if (typeof item.symlink_path === 'string') entry.symlinkPath = item.symlink_path;
    if (typeof item.slo_etag === 'string') entry.sloEtag = unquoteEtag(item.slo_etag);
    out[i] = entry;
  }
  return out;
}

/** A listing's page size: a positive integer, or an 'invalidInput' error naming it. */
export function checkPageSize(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new OpenStackError('invalidInput', l10n.t('A listing page size must be a positive integer, not {0}.', limit));
  }
}

/** The error of a listing cancelled by its caller (the full listing and its held pages say the same). */
export function listingCancelled(): OpenStackError {
  return new OpenStackError('cancelled', l10n.t('Cancelled: the listing.'));
}

/** A listing page's JSON text as entries; anything but a JSON array of objects is a 'badResponse'. */
export function parseListingText(text: string): ListingEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw badListing('object', l10n.t('not JSON: {0}', JSON.stringify(text.slice(0, 80))));
  }
  return parseObjectListing(json);
}

export function parseContainerListing(json: unknown): ContainerEntry[] {
  return asArray(json, 'container').map((item, i) => {
    if (typeof item.name !== 'string') throw badListing('container', l10n.t('entry {0} has no name', i));
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
 * `shortPagesEnd: false` (delimited listings): a short page is not trusted to be the last (Ceph RGW answers a
 * delimited page with fewer entries than asked while more follow); the next page is asked before this one is
 * yielded, and only an empty answer ends the listing.
 */
export async function* paginate<T extends ListingEntry | ContainerEntry>(
  fetchPage: (marker: string | undefined, limit: number) => Promise<T[]>,
  limit: number,
  startMarker?: string,
  { shortPagesEnd = true }: { shortPagesEnd?: boolean } = {},
): AsyncGenerator<Page<T>> {
  checkPageSize(limit);
  const fetchChecked = async (after: string | undefined): Promise<T[]> => {
    const entries = await fetchPage(after, limit);
    if (entries.length > limit) throw badListing('paged', l10n.t('asked for {0} entries, got {1}', limit, entries.length));
    if (entries.length && after !== undefined && markerOf(entries[entries.length - 1]) === after) {
      throw badListing('paged', l10n.t('the page after {0} did not advance', JSON.stringify(after)));
    }
    return entries;
  };
  let marker = startMarker;
  let first = true;
  let entries = await fetchChecked(marker);
  for (;;) {
    const full = entries.length === limit;
    const last = entries.length ? markerOf(entries[entries.length - 1]) : undefined;
    let following: T[] | undefined;
    if (!full && !shortPagesEnd && entries.length > 0) following = await fetchChecked(last);
    const more = full || (following !== undefined && following.length > 0);
    const nextMarker = more ? last : undefined;
    if (entries.length > 0 || first) yield { entries, nextMarker };
    if (!more) return;
    first = false;
    marker = nextMarker;
    entries = following ?? (await fetchChecked(marker));
  }
}

/**
 * Swift's order of names: UTF-8 byte order (sqlite's BINARY collation), which is code point order. JavaScript's
 * `<` compares UTF-16 code units and puts astral characters (surrogate pairs, e.g. emoji) before U+E000–U+FFFF;
 * here they sort after, as on the server.
 */
export function compareNames(a: string, b: string): number {
  // UTF-16 and code point order differ only where one string has a surrogate and the other U+E000–U+FFFF at the
  // first difference: when either has no code unit from U+D800 up, the engine's own comparison is exact.
  if (!HIGH_UNITS.test(a) || !HIGH_UNITS.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x < y ? -1 : 1;
    }
  }
  return a.length - b.length;
}

const HIGH_UNITS = /[\ud800-\uffff]/;

/**
 * Searching a container's names while its listing streams: by prefix (on the server, `prefix=`) or by substring
 * (case-insensitive unless asked, Unicode-aware: names and query compared in NFC, so a name stored decomposed matches
 * a query typed composed), matched on each page as it arrives. The listing is the full listing's scan, as
 * listAllObjects reads the server (gapListing.ts: forward and `reverse=true` cursors, each bounded by the other's
 * progress; splitListing.ts on Ceph RGW), in arrival order, and every page is matched on arrival, so matches and
 * progress come as fast as the cluster serves pages. Nothing keeps the listing: each page is dropped once matched;
 * the caller keeps at most `cap` matches (SearchResults).
 */
import * as l10n from '@vscode/l10n';
import { OpenStackError } from '../errors';
import { DEFAULT_LISTING_CONCURRENCY, DEFAULT_SPLIT_CONCURRENCY, gapsFor, type SwiftClient } from './client';
import { type FetchRange } from './fullListing';
import { listGaps } from './gapListing';
import { listSplit } from './splitListing';
import { compareNames, type ObjectEntry } from './listing';
import { isNameOnly } from './listingNames';

export type SearchMode = 'substring' | 'prefix';

export interface SearchQuery {
  text: string;
  mode: SearchMode;
  /** Substring mode only (a prefix is matched by the server, byte for byte). Default false. */
  caseSensitive?: boolean;
}

export interface SearchProgress {
  /** Names read from the listing so far (each once). */
  scanned: number;
  matches: number;
  /** Listing pages received. */
  pages: number;
  /** How many names the search will read, when known (the container's object count): for a percentage. */
  total: number | undefined;
  done: boolean;
}

/** One listing page's worth of a search: the matches it held (in server order) and the totals so far. */
export interface SearchUpdate {
  hits: ObjectEntry[];
  progress: SearchProgress;
}

export interface SearchOptions {
  /** Search only names starting with it (a folder's prefix, e.g. `logs/2024/`); substrings are matched after it. */
  within?: string;
  /** Names per listing request. */
  limit: number;
  /** The number of names the search will read, when the caller knows it (reported as `total`). */
  total?: Promise<number | undefined> | number;
  /**
   * Read from both ends at once (default true), from the first full page on. A promise (the reverse check still being
   * asked): the first page does not wait for it, the backward cursor does.
   */
  bothEnds?: boolean | Promise<boolean>;
  /** Whether a page shorter than asked is the last of its side (GapOptions.shortPagesEnd; unset: yes, as on Swift). */
  shortPagesEnd?: boolean | Promise<boolean>;
  /**
   * A server that cannot list backwards (Ceph RGW): read by this many forward cursors over ranges split at names
   * the server tells (splitListing.ts) instead of from both ends; short pages end nothing there.
   */
  splitCursors?: number;
  /**
   * Where the server lists backwards: gaps read at once, each from both ends (gapListing.ts; 2: four requests in
   * flight). Unset or 1: one forward and one backward cursor.
   */
  gaps?: number;
  signal?: AbortSignal;
}

/**
 * A character beyond ASCII: ASCII names (most of them) need no normalisation. One search by the RegExp engine a name:
 * 1.1–1.5 ms a page of 5,000 names against 1.3–1.9 ms for a loop over their characters, and 2.4 against 4.5 ms in a
 * process where it has not run yet (a search's first page).
 */
const BEYOND_ASCII = /[^\x00-\x7f]/;

/** Puts a name or query into the form substrings are compared in. */
export function normalizeForMatch(text: string, caseSensitive: boolean): string {
  // NFC first: lower-casing can change a composed character's decomposition, never the other way round.
  const composed = BEYOND_ASCII.test(text) ? text.normalize('NFC') : text;
  return caseSensitive ? composed : composed.toLowerCase();
}

/** The matcher of a query every name matches (a prefix query, an empty substring): its pages need no name read. */
const everyName = (): boolean => true;

/**
 * Whether a name matches a substring query; `within` is the folder the search runs in (its prefix is not
 * searched). An empty query matches every name.
 */
export function substringMatcher(query: string, caseSensitive = false, within = ''): (name: string) => boolean {
  const needle = normalizeForMatch(query, caseSensitive);
  if (!needle) return everyName;
  return (name) => normalizeForMatch(within ? name.slice(within.length) : name, caseSensitive).includes(needle);
}

/**
 * The listing prefix and the matcher for a query: a prefix query narrows the listing on the server (every name
 * listed matches); a substring query lists everything `within` and matches on the client.
 */
export function plan(query: SearchQuery, within = ''): { listPrefix: string; match: (name: string) => boolean } {
  if (query.mode === 'prefix') return { listPrefix: within + query.text, match: everyName };
  return { listPrefix: within, match: substringMatcher(query.text, query.caseSensitive ?? false, within) };
}

/**
 * Searches one listing. Yields once per page received (hits may be empty: the progress moved), then a last update
 * with `done`. Stops at once when `signal` aborts (the requests in flight are cancelled, no new one is sent) or
 * when the consumer stops iterating. Errors are the listing's (typed OpenStackError).
 */
export async function* searchListing(fetch: FetchRange, query: SearchQuery, options: SearchOptions): AsyncGenerator<SearchUpdate> {
  const { listPrefix, match } = plan(query, options.within ?? '');
  // Only the names that match are parsed in full (listingNames.ts): the others are read for their names alone and
  // never leave this loop (a page parsed whole, when its text is not in Swift's form, is matched here).
  const pages: FetchRange = match === everyName ? fetch : (q) => fetch({ ...q, wanted: match });
  const progress: SearchProgress = { scanned: 0, matches: 0, pages: 0, total: undefined, done: false };
  if (typeof options.total === 'number') progress.total = options.total;
  else {
    options.total?.then(
      (n) => {
        if (typeof n === 'number' && Number.isFinite(n) && n >= 0 && !progress.done) progress.total = n;
      },
      () => undefined, // no percentage then
    );
  }
  for await (const page of scanInArrivalOrder(pages, listPrefix, options)) {
    const hits: ObjectEntry[] = [];
    for (const entry of page) if (!isNameOnly(entry) && match(entry.name)) hits.push(entry);
    progress.scanned += page.length;
    progress.matches += hits.length;
    progress.pages++;
    yield { hits, progress: { ...progress } };
  }
  // At the end the total is what was read (a count that was wrong, names added or removed meanwhile, must not leave
  // a percentage short of or past 100 %).
  progress.total = progress.scanned;
  progress.done = true;
  yield { hits: [], progress: { ...progress } };
}

/** The full listing's pages as they arrive, read as a full listing reads this server (see SearchOptions). */
function arrivalPages(fetch: FetchRange, prefix: string, options: SearchOptions): AsyncGenerator<ObjectEntry[]> {
  const { limit, signal } = options;
  const common = { prefix: prefix || undefined, limit, order: 'arrival' as const, signal };
  if (options.splitCursors) return listSplit(fetch, { ...common, concurrency: options.splitCursors, shortPagesEnd: false });
  const backward = options.bothEnds ?? true;
  const count = options.total === undefined ? undefined : Promise.resolve(options.total);
  const gaps = options.gaps ?? 1;
  return listGaps(fetch, { ...common, gaps, backward, whenFull: true, count, shortPagesEnd: options.shortPagesEnd ?? true });
}

/**
 * The full listing's scan (arrivalPages), each page as it arrives. A cancel ends it at once, even while a request in
 * flight has not noticed yet; nothing is sent when it is cancelled before it starts.
 */
async function* scanInArrivalOrder(fetch: FetchRange, prefix: string, options: SearchOptions): AsyncGenerator<ObjectEntry[]> {
  const { signal } = options;
  if (signal?.aborted) throw cancelled();
  const pages = arrivalPages(fetch, prefix, options);
  // One wait per page, its abort listener removed once the page is in. Not Promise.race with one promise that
  // settles only on a cancel: every race leaves a reaction on it holding the race's result, i.e. every page, until
  // the search ends (the live heap grew with the container: ~300 MB after 1,000,000 names).
  const nextPage = () =>
    new Promise<IteratorResult<ObjectEntry[]>>((resolve, reject) => {
      const onAbort = () => reject(cancelled());
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => signal?.removeEventListener('abort', onAbort);
      pages.next().then(
        (r) => (done(), resolve(r)),
        (e: unknown) => (done(), reject(e)),
      );
    });
  let waiting = false;
  try {
    for (;;) {
      waiting = true;
      const next = await nextPage();
      waiting = false;
      if (next.done) return;
      yield next.value;
    }
  } finally {
    // Cancels what is still in flight. After a cancel the scan's own signal did so already: its page is not awaited.
    if (waiting) void pages.return(undefined);
    else await pages.return(undefined);
  }
}

function cancelled(): OpenStackError {
  return new OpenStackError('cancelled', l10n.t('Cancelled: the search.'));
}

export interface SearchResultsSnapshot {
  /** The first `cap` matches in server order (UTF-8 byte order of names). */
  items: ObjectEntry[];
  /** All matches found, shown or not. */
  matches: number;
}

/**
 * The matches a search keeps: the `cap` first in server order, whatever order pages arrive in (both ends), so memory
 * stays bounded however many names match; every match is counted.
 */
export class SearchResults {
  private kept: ObjectEntry[] = [];
  private count = 0;

  constructor(readonly cap: number) {
    if (!Number.isInteger(cap) || cap < 0) throw new OpenStackError('invalidInput', l10n.t('A result cap must be a whole number, not {0}.', cap));
  }

  add(hits: readonly ObjectEntry[]): void {
    for (const hit of hits) {
      this.count++;
      const kept = this.kept;
      if (kept.length >= this.cap && (this.cap === 0 || compareNames(hit.name, kept[kept.length - 1].name) >= 0)) continue;
      let lo = 0;
      let hi = kept.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compareNames(kept[mid].name, hit.name) < 0) lo = mid + 1;
        else hi = mid;
      }
      kept.splice(lo, 0, hit);
      if (kept.length > this.cap) kept.pop();
    }
  }

  get matches(): number {
    return this.count;
  }

  /** A copy: later additions do not change it. */
  snapshot(): SearchResultsSnapshot {
    return { items: [...this.kept], matches: this.count };
  }
}

/** One listing request through the client, as the server answers it: the page source of a search. */
export function containerPages(client: Pick<SwiftClient, 'listRangePage'>, container: string): FetchRange {
  return (q) => client.listRangePage(container, q);
}

export interface ContainerSearchOptions {
  /** A folder's prefix to search in. */
  within?: string;
  /** Names per request; default the client's (SwiftClient.listingPageSize). */
  limit?: number;
  /** The container's object count, if the caller knows it; else a HEAD asks (whole-container substring searches). */
  objectCount?: number;
  signal?: AbortSignal;
}

/** Searches a container (see searchListing) with the client: its page size (from /info), the total from a HEAD. */
export async function* searchContainer(
  client: Pick<SwiftClient, 'listRangePage' | 'listingPageSize' | 'headContainer' | 'honoursReverse' | 'fillsPages' | 'listsInSplitRanges'>,
  container: string,
  query: SearchQuery,
  options: ContainerSearchOptions = {},
): AsyncGenerator<SearchUpdate> {
  const { signal } = options;
  const limit = options.limit ?? (await client.listingPageSize(signal));
  // Read as the full listing reads it (Ceph RGW ignores reverse=true: forward cursors over split ranges). Elsewhere
  // from both ends where the server really lists backwards: the check is awaited only by the backward cursor (a
  // cancel is the listing's to report).
  const split = await client.listsInSplitRanges(signal);
  // On Swift the first page goes to the server alone: the HEAD and the reverse check wait until it has answered. A
  // small cluster's container server (one process) answers one request at a time: sent beside the page, the two were
  // served first, and the first match came ~10 ms later (measured at 100,000 and 1,000,000 names).
  const { fetch, more } = split ? { fetch: containerPages(client, container), more: Promise.resolve(true) } : firstPageFirst(containerPages(client, container));
  const bothEnds = split ? false : more.then((yes) => yes && client.honoursReverse(container, signal)).catch(() => false);
  const splitCursors = split ? DEFAULT_SPLIT_CONCURRENCY : undefined;
  // Only a search of every name has a known total: the container's object count.
  const whole = query.mode === 'substring' && !options.within;
  const total = !whole
    ? undefined
    : (options.objectCount ??
      more.then((yes) => (yes ? client.headContainer(container, signal).then((i) => i.objectCount) : undefined)).catch(() => undefined));
  const shortPagesEnd = client.fillsPages(signal);
  // On Swift as many requests in flight as a full listing has: two gaps, each read from both ends.
  const gaps = split ? undefined : gapsFor(DEFAULT_LISTING_CONCURRENCY);
  yield* searchListing(fetch, query, { within: options.within, limit, total, signal, bothEnds, shortPagesEnd, splitCursors, gaps });
}

/**
 * The fetch, and whether its first request found names: settles once that request has answered (false: an empty
 * page, the listing is over), rejected when it failed or was cancelled (nothing is to be sent after it then).
 */
function firstPageFirst(fetch: FetchRange): { fetch: FetchRange; more: Promise<boolean> } {
  let answered!: (page: Promise<ObjectEntry[]>) => void;
  const more = new Promise<ObjectEntry[]>((resolve) => (answered = resolve)).then((entries) => entries.length > 0);
  more.catch(() => undefined); // a failed first page is the listing's to report
  const gated: FetchRange = (q) => {
    const page = fetch(q);
    answered(page); // settles `more` with the first request only: a promise resolves once
    return page;
  };
  return { fetch: gated, more };
}

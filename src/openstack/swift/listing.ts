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
  if (t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45 || t.charCodeAt(10) !== 84 || t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58 || t.charCodeAt(19) !== 46) {
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
  if (!Array.isArray(json)) throw badListing('object', 'expected a JSON array');
  const out: ListingEntry[] = new Array(json.length);
  for (let i = 0; i < json.length; i++) {
    const item = json[i] as Record<string, unknown> | null;
    if (!item || typeof item !== 'object') throw badListing('object', `entry ${i} is not an object`);
    if (typeof item.subdir === 'string') {
      out[i] = { kind: 'folder', prefix: item.subdir };
      continue;
    }
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
    if (typeof item.slo_etag === 'string') entry.sloEtag = item.slo_etag.replace(/^"|"$/g, '');
    out[i] = entry;
  }
  return out;
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

/** One listing request of a full listing: names after `marker` and before `endMarker` (both exclusive). */
export interface RangeQuery {
  /** Restricts the listing to names starting with it (on top of the listing's own prefix). */
  prefix?: string;
  /** Forward: list names after it. Reverse: names before it. */
  marker?: string;
  /** Forward: stop before it. Reverse: stop after it (Swift swaps the bounds' roles with `reverse=true`). */
  endMarker?: string;
  reverse: boolean;
  limit: number;
  signal: AbortSignal;
  /**
   * Called with the page's JSON text as soon as it has arrived, before it is parsed: enough to send the next
   * request while this page is parsed (see peekListing).
   */
  onText?: (text: string) => void;
}

export type FetchRange = (query: RangeQuery) => Promise<ObjectEntry[]>;

/** A listing page's JSON text as entries; anything but a JSON array of objects is a 'badResponse'. */
export function parseListingText(text: string): ListingEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw badListing('object', `not JSON: ${JSON.stringify(text.slice(0, 80))}`);
  }
  return parseObjectListing(json);
}

/**
 * What a listing page's JSON text says before it is parsed: how many objects it holds and the last one's name, read
 * from the text the way Swift writes it (`"name": "…"`, one per object, none inside a name: a quote in a JSON
 * string is always escaped). Undefined when the text does not look like that. Only a guess: the caller checks it
 * against the parsed page.
 */
export function peekListing(text: string): { count: number; last: string } | undefined {
  for (const key of ['"name": "', '"name":"']) {
    let count = 0;
    let last = -1;
    for (let i = text.indexOf(key); i >= 0; i = text.indexOf(key, i + key.length)) {
      count++;
      last = i;
    }
    if (!count) continue;
    const open = last + key.length - 1;
    let end = open + 1;
    while (end < text.length) {
      const c = text.charCodeAt(end);
      if (c === 92) end += 2; // backslash: skip the escaped character
      else if (c === 34) break;
      else end++;
    }
    try {
      const name = JSON.parse(text.slice(open, end + 1)) as unknown;
      return typeof name === 'string' ? { count, last: name } : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export interface RangeOptions {
  limit: number;
  prefix?: string;
  /** Exclusive lower bound (a `marker`); undefined: from the start. */
  after?: string;
  /** Exclusive upper bound (an `end_marker`); undefined: to the end. */
  before?: string;
  /**
   * Whether to read backwards from the end at the same time. A promise lets the caller decide a moment later
   * (e.g. once a HEAD tells the container's size): a range that ends before it resolves is read forward only.
   * `'whenFull'`: start the backward cursor once a forward page comes back full (the range is larger than a page).
   */
  bothEnds: boolean | Promise<boolean> | 'whenFull';
  /**
   * How many names the range holds, if known (the container's object count, for a whole container). Near the
   * meeting point each side then asks only for its share of what is left (plus one name, so that the last two
   * pages cross and no confirming request is needed): the last pages do not overlap. Only an estimate: the
   * listing is exact whatever it says.
   */
  count?: Promise<number | undefined>;
  signal?: AbortSignal;
}

type Side = 'forward' | 'backward';
type Outcome = { side: Side; entries: ObjectEntry[]; limit: number };
type Decision = { decided: boolean };

/**
 * Lists every object in one range in server order. With `bothEnds`, a forward cursor (marker) and a backward one
 * (`reverse=true`) run at once, each bounded by the other's progress (`end_marker`), until they meet:
 *  - a page shorter than asked means that side reached its bound, i.e. the other side's last name when the
 *    request was sent: the two sides cover the range;
 *  - two pages that crossed (the forward end at or past the backward end) cover it too.
 * Forward pages are yielded as they arrive; the backward pages are yielded at the end, in ascending order, without
 * the names the forward side already yielded (the overlap at the meeting point: pages that were in flight at the
 * same time). A request still in flight when the sides meet is cancelled.
 */
export async function* listRange(fetch: FetchRange, options: RangeOptions): AsyncGenerator<ObjectEntry[]> {
  const { limit, prefix } = options;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new OpenStackError('invalidInput', `A listing page size must be a positive integer, not ${limit}.`);
  }
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const signal = controller.signal;

  let forwardEnd = options.after; // everything in (after, forwardEnd] has been yielded
  let backwardEnd = options.before; // everything in [backwardEnd, before) is held in `backward`
  const backward: ObjectEntry[][] = [];
  let held = 0; // names yielded forward + held backward
  type Request = { promise: Promise<Outcome>; limit: number; marker: string | undefined; abort: () => void };
  const pending: Record<Side, Request | undefined> = { forward: undefined, backward: undefined };
  // The next request of a side, sent as soon as its current page's text told its last name (peekListing), while
  // that page is still being parsed: it becomes the side's request if the guess was right, else it is cancelled.
  const early: Record<Side, Request | undefined> = { forward: undefined, backward: undefined };
  let wantBackward: boolean | undefined = typeof options.bothEnds === 'boolean' ? options.bothEnds : undefined;
  let total: number | undefined;
  // What the caller promised (whether to read backwards too, how many names there are), each acted on as soon as it
  // is known; until the first is, the range is read forward only.
  const decisions: Array<Promise<Decision>> = [];
  const decided = (p: Promise<Decision>) => {
    const entry = p.then((d) => {
      decisions.splice(decisions.indexOf(entry), 1);
      return d;
    });
    decisions.push(entry);
  };
  if (typeof options.bothEnds === 'object') {
    decided(
      options.bothEnds.then(
        (yes) => ((wantBackward = yes), { decided: true }),
        () => ((wantBackward = false), { decided: true }),
      ),
    );
  }
  if (options.count) {
    decided(
      options.count.then(
        (n) => {
          if (typeof n === 'number' && Number.isFinite(n) && n >= 0) total = n;
          return { decided: true };
        },
        () => ({ decided: true }),
      ),
    );
  }

  /** The page size for a new request on `side`, or 0 when the other side's request in flight covers what is left. */
  const pageSize = (side: Side, otherStartsNow: boolean): number => {
    if (total === undefined || !wantBackward) return limit;
    const other = pending[side === 'forward' ? 'backward' : 'forward'];
    let left = total - held - (other ? other.limit : 0);
    if (left <= 0) return other ? 0 : limit; // the count was wrong (names were added): read on until the sides meet
    if (otherStartsNow) left = Math.ceil(left / 2);
    return Math.min(limit, left + 1);
  };

  /** Sends a request for `side` after `marker`, bounded by the other side's progress now. */
  const send = (side: Side, size: number, marker: string | undefined): Request => {
    const reverse = side === 'backward';
    const bound = reverse ? forwardEnd : backwardEnd;
    // Each request can be cancelled alone (an early one that guessed wrong), and all with the range.
    const own = new AbortController();
    const cancel = () => own.abort();
    signal.addEventListener('abort', cancel, { once: true });
    const req = { limit: size, marker, abort: cancel } as Request;
    const onText = (text: string) => {
      if (pending[side] === req) sendEarly(side, size, text);
    };
    req.promise = fetch({ prefix, marker, endMarker: bound, reverse, limit: size, signal: own.signal, onText })
      .then((entries) => {
        check(entries, size, reverse, marker, bound);
        return { side, entries, limit: size };
      })
      .finally(() => signal.removeEventListener('abort', cancel));
    req.promise.catch(() => undefined); // a request abandoned at the meeting point must not be reported as unhandled
    return req;
  };

  const request = (side: Side, size: number): void => {
    pending[side] = send(side, size, side === 'forward' ? forwardEnd : backwardEnd);
  };

  /** A side's page has arrived as text: when it is full, its next request goes out before it is parsed. */
  const sendEarly = (side: Side, size: number, text: string): void => {
    if (early[side]) return;
    const peek = peekListing(text);
    if (!peek || peek.count !== size) return; // a short page ends this side: nothing to send
    held += peek.count;
    const next = pageSize(side, false);
    held -= peek.count;
    if (next > 0) early[side] = send(side, next, peek.last);
  };

  try {
    for (;;) {
      const backwardStarts = wantBackward === true && !pending.backward;
      if (!pending.forward) {
        const size = pageSize('forward', backwardStarts);
        if (size > 0) request('forward', size);
      }
      if (wantBackward && !pending.backward) {
        const size = pageSize('backward', false);
        if (size > 0) request('backward', size);
      }
      const waiting: Array<Promise<Outcome | Decision>> = [];
      if (pending.forward) waiting.push(pending.forward.promise);
      if (pending.backward) waiting.push(pending.backward.promise);
      waiting.push(...decisions);
      const next = await Promise.race(waiting);
      if ('decided' in next) continue;
      const { side, entries } = next;
      pending[side] = undefined;
      held += entries.length;
      const guessed = early[side];
      early[side] = undefined;
      let met = entries.length < next.limit;
      if (side === 'forward') {
        if (entries.length) {
          forwardEnd = entries[entries.length - 1].name;
          if (!met && options.bothEnds === 'whenFull') wantBackward = true;
          // Names the backward side may already hold are dropped from it at the end, never from here.
          yield entries;
        }
      } else if (entries.length) {
        backward.push(entries);
        backwardEnd = entries[entries.length - 1].name;
      }
      // Two full pages that crossed: (after, forwardEnd] and [backwardEnd, before) already cover the range.
      if (!met && forwardEnd !== undefined && backwardEnd !== undefined) met = compareNames(forwardEnd, backwardEnd) >= 0;
      if (guessed) {
        // Right guess: the early request is this side's next one. Wrong guess (or done): cancelled.
        const end = side === 'forward' ? forwardEnd : backwardEnd;
        if (!met && guessed.marker === end) pending[side] = guessed;
        else guessed.abort();
      }
      if (met) break;
    }
    // The backward side, ascending, after the last name yielded forward.
    for (let p = backward.length - 1; p >= 0; p--) {
      const page = backward[p];
      const out: ObjectEntry[] = [];
      for (let i = page.length - 1; i >= 0; i--) {
        if (forwardEnd === undefined || compareNames(page[i].name, forwardEnd) > 0) out.push(page[i]);
      }
      if (out.length) yield out;
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    // Whatever is still in flight (the other side at the meeting point, an early request, or everything when the
    // consumer stops) is cancelled.
    controller.abort();
  }
}

/** A page must stay within its bounds, in order, and not exceed the limit: anything else would corrupt the merge. */
function check(entries: ObjectEntry[], limit: number, reverse: boolean, marker: string | undefined, bound: string | undefined): void {
  if (entries.length > limit) throw badListing('paged', `asked for ${limit} entries, got ${entries.length}`);
  const dir = reverse ? -1 : 1;
  let previous = marker;
  for (const entry of entries) {
    if (typeof entry.name !== 'string' || (entry as unknown as FolderEntry).kind === 'folder') {
      throw badListing('full', 'a folder entry in a listing without delimiter');
    }
    if (previous !== undefined && compareNames(entry.name, previous) * dir <= 0) {
      throw badListing('full', `${JSON.stringify(entry.name)} is out of order after ${JSON.stringify(previous)}`);
    }
    previous = entry.name;
  }
  if (bound !== undefined && entries.length && compareNames(entries[entries.length - 1].name, bound) * dir >= 0) {
    throw badListing('full', `${JSON.stringify(entries[entries.length - 1].name)} is beyond the requested end ${JSON.stringify(bound)}`);
  }
}

export interface SplitOptions {
  limit: number;
  /** Folder listings at once (each may read from both ends, see listRange's `'whenFull'`). */
  concurrency: number;
  signal?: AbortSignal;
}

/**
 * Lists everything under a prefix from its delimited listing `top` (objects and folders of one level, in server
 * order, complete): the objects as they are, each folder by its own listing (`prefix` = the folder), `concurrency`
 * folders at once. Names under a folder form one contiguous run in byte order, between the entries around it, so the
 * concatenation is the full listing in server order. Folders are yielded in order; a folder finished early waits.
 */
export async function* listSplit(fetch: FetchRange, top: ListingEntry[], options: SplitOptions): AsyncGenerator<ObjectEntry[]> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const folders = top.filter((e): e is FolderEntry => e.kind === 'folder');
  const outputs = folders.map(() => new PageQueue());
  let failure: unknown; // the first error: the others are the cancellations it caused
  let next = 0;
  const worker = async () => {
    while (next < folders.length && !controller.signal.aborted) {
      const i = next++;
      try {
        const pages = listRange(fetch, { limit: options.limit, prefix: folders[i].prefix, bothEnds: 'whenFull', signal: controller.signal });
        for await (const page of pages) outputs[i].push(page);
        outputs[i].end();
      } catch (e) {
        if (failure === undefined) failure = e;
        outputs[i].fail(e);
        controller.abort();
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency, folders.length)) }, worker);
  try {
    let folder = 0;
    let objects: ObjectEntry[] = [];
    for (const entry of top) {
      if (entry.kind === 'object') {
        objects.push(entry);
        continue;
      }
      if (objects.length) yield objects;
      objects = [];
      try {
        yield* outputs[folder++].drain();
      } catch (e) {
        throw failure ?? e;
      }
    }
    if (objects.length) yield objects;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    controller.abort();
    await Promise.allSettled(workers);
  }
}

/** Pages produced by one task and consumed, in order, by the generator. */
class PageQueue {
  private pages: ObjectEntry[][] = [];
  private done = false;
  private error: unknown;
  private wake: (() => void) | undefined;

  push(page: ObjectEntry[]): void {
    this.pages.push(page);
    this.notify();
  }

  end(): void {
    this.done = true;
    this.notify();
  }

  fail(error: unknown): void {
    this.error ??= error;
    this.done = true;
    this.notify();
  }

  async *drain(): AsyncGenerator<ObjectEntry[]> {
    for (;;) {
      if (this.pages.length) {
        const pages = this.pages;
        this.pages = [];
        yield* pages;
        continue;
      }
      if (this.error !== undefined) throw this.error;
      if (this.done) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

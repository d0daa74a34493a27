/**
 * A whole container's listing, fast: a forward and a backward cursor that meet in the middle (Swift honours
 * `reverse=true` with `marker`/`end_marker`), optionally split further by top-level folders, with the overlap
 * at each meeting point removed exactly. Pages come out in Swift's order. The pager for one page at a time is
 * in listing.ts.
 */
import { OpenStackError } from '../errors';
import { badListing, compareNames, parseObjectListing, type FolderEntry, type ListingEntry, type ObjectEntry } from './listing';

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
  /**
   * The range's end as it stands now, when it may be brought closer while the range is read (a split decided once
   * the first page is on its way): consulted whenever a page arrives or a request goes out; names at or past it are
   * dropped. Only before the backward cursor starts.
   */
  upperBound?: () => string | undefined;
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
  let rangeEnd = options.before; // the range's exclusive end, brought closer by upperBound
  /** Moves the range's end closer when the caller did (upperBound), as long as nothing was read backwards. */
  const applyUpperBound = (): void => {
    const end = options.upperBound?.();
    if (end === undefined || (rangeEnd !== undefined && compareNames(end, rangeEnd) >= 0)) return;
    if (backward.length || pending.backward) throw new OpenStackError('invalidInput', 'A listing range cannot shrink once read from its end.');
    rangeEnd = backwardEnd = end;
  };
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
    if (!reverse) applyUpperBound();
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
      if (!backward.length && !pending.backward) applyUpperBound();
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
      const { side } = next;
      let { entries } = next;
      pending[side] = undefined;
      let met = entries.length < next.limit;
      if (side === 'forward') {
        // A request sent before the range was brought closer may run past its new end: that part is not this range's.
        applyUpperBound();
        const end = rangeEnd;
        if (end !== undefined && entries.length && compareNames(entries[entries.length - 1].name, end) >= 0) {
          entries = entries.filter((e) => compareNames(e.name, end) < 0);
          met = true;
        }
      }
      held += entries.length;
      const guessed = early[side];
      early[side] = undefined;
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

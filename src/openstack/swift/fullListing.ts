/**
 * A whole container's listing, fast: a forward and a backward cursor that meet in the middle (Swift honours
 * `reverse=true` with `marker`/`end_marker`), with the overlap at the meeting point removed exactly. Pages come out in Swift's order. The pager for one page at a time is
 * in listing.ts.
 */
import * as l10n from '@vscode/l10n';
import { followAbort, linkedAbort } from '../linkedAbort';
import { HeldPages, type SpillOptions } from './heldPages';
import { closingQuote, jsonString, nameKeyOf, positions } from './listingNames';
import { badListing, checkPageSize, compareNames, listingCancelled as cancelled, type FolderEntry, type ObjectEntry } from './listing';

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
   * request while this page is parsed (see peekListing). A page held beyond the memory budget is written to the
   * temporary file as this text and parsed again (parseListingText) when its turn comes. Returns true when it sent a
   * request (the fetch then lets it reach the socket before parsing).
   */
  onText?: (text: string) => boolean | void;
  /**
   * Only the objects whose names it accepts are wanted in full (a search): a fetch may give the others as
   * `nameOnly` entries (listingNames.ts), their names right and nothing else. Unset: every entry in full.
   */
  wanted?: (name: string) => boolean;
  /**
   * To be called by a fetch that changes entries after parsing the text it gave onText (e.g. sizes read with a
   * HEAD): the text no longer says what the page holds, so the page is written from its entries if it is spilled.
   */
  onAmended?: () => void;
}

export type FetchRange = (query: RangeQuery) => Promise<ObjectEntry[]>;

/**
 * What a listing page's JSON text says before it is parsed: how many objects it holds and the last one's name, read
 * from the text the way Swift writes it (`"name": "…"`, one per object, none inside a name: a quote in a JSON
 * string is always escaped). Undefined when the text does not look like that. Only a guess: the caller checks it
 * against the parsed page.
 */
export function peekListing(text: string): { count: number; last: string } | undefined {
  const key = nameKeyOf(text);
  const found = positions(text, key);
  if (!found.length) return undefined;
  const open = found[found.length - 1] + key.length - 1;
  const close = closingQuote(text, open);
  const last = close < 0 ? undefined : jsonString(text.slice(open, close + 1));
  return last === undefined ? undefined : { count: found.length, last };
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
   * With `'whenFull'`: whether the server lists backwards at all, while that is still being asked (the reverse
   * check): the forward cursor does not wait for it, the backward one does (false or a failure: never starts).
   */
  backwardAllowed?: Promise<boolean>;
  /**
   * How many names the range holds, if known (the container's object count, for a whole container). Near the
   * meeting point each side then asks only for its share of what is left (plus one name, so that the last two
   * pages cross and no confirming request is needed): the last pages do not overlap. Only an estimate: the
   * listing is exact whatever it says.
   */
  count?: Promise<number | undefined>;
  /**
   * Whether a page shorter than asked ends its side (Swift: it fills every page but the last). Ceph RGW answers short
   * pages in the middle of a listing (a bucket index in shards: 997 names of 1,000 asked, more after them), so
   * where the server is not known to fill pages (false, or a promise not yet resolved) only an empty page ends a
   * side, and a short page is followed by the next request: one more request at the end. Unset: true (Swift's way;
   * the client always says, from /info).
   */
  shortPagesEnd?: boolean | Promise<boolean>;
  /**
   * 'server' (default): pages in Swift's order (backward pages held until the sides meet). 'arrival': every page as
   * it arrives, without the names the other side already yielded (a search matches each page at once; the order of
   * its results is restored by the caller).
   */
  order?: 'server' | 'arrival';
  /**
   * Server order: how many backward names are held in memory before the next pages go to a temporary file
   * (heldPages.ts), and where. A failed write stops the backward cursor: the forward one reads the rest alone.
   */
  spill?: SpillOptions;
  signal?: AbortSignal;
}

type Side = 'forward' | 'backward';
type Outcome = { side: Side; entries: ObjectEntry[]; limit: number; text: string | undefined };
type Decision = { decided: boolean };
type Request = { promise: Promise<Outcome>; limit: number; marker: string | undefined; abort: () => void; text?: string; amended?: boolean };

const otherSide = (side: Side): Side => (side === 'forward' ? 'backward' : 'forward');

/**
 * Lists every object in one range in server order. With `bothEnds`, a forward cursor (marker) and a backward one
 * (`reverse=true`) run at once, each bounded by the other's progress (`end_marker`), until they meet:
 *  - a page shorter than asked means that side reached its bound, i.e. the other side's last name when the
 *    request was sent: the two sides cover the range;
 *  - two pages that crossed (the forward end at or past the backward end) cover it too.
 * Forward pages are yielded as they arrive; the backward pages are yielded at the end, in ascending order, without
 * the names the forward side already yielded (the overlap at the meeting point: pages that were in flight at the
 * same time). A request still in flight when the sides meet is cancelled. The backward pages are held in memory up
 * to a budget and in a temporary file beyond it (`spill`), so memory does not grow with the range.
 */
export async function* listRange(fetch: FetchRange, options: RangeOptions): AsyncGenerator<ObjectEntry[]> {
  checkPageSize(options.limit);
  yield* new RangeReader(fetch, options).read();
}

/** The state of one range being read from one or both ends; read() is the loop, each step a method. */
class RangeReader {
  private readonly controller = new AbortController();
  private readonly signal = this.controller.signal;
  /** Everything in (after, forwardEnd] has been yielded. */
  private forwardEnd: string | undefined;
  /** Everything in [backwardEnd, before) is held in `backward`. */
  private backwardEnd: string | undefined;
  /** Backward pages, held until the sides meet (server order only): in memory up to a budget, then in a file. */
  private readonly backward: HeldPages;
  /** The backward cursor was stopped (its pages could not be written): the forward one reads on alone. */
  private backwardStopped = false;
  private readonly arrival: boolean;
  /** Names yielded forward + held backward. */
  private held = 0;
  private readonly pending: Record<Side, Request | undefined> = { forward: undefined, backward: undefined };
  /**
   * The next request of a side, sent as soon as its current page's text told its last name (peekListing), while
   * that page is still being parsed: it becomes the side's request if the guess was right, else it is cancelled.
   */
  private readonly early: Record<Side, Request | undefined> = { forward: undefined, backward: undefined };
  /**
   * Arrival order (a search): the first page is parsed before the next request goes, so its matches come sooner
   * (measured idle, 100,000 names: the first match after 276 ms instead of 310, one curl of that page 217 ms; the
   * whole scan the same). Later pages send their next request early.
   */
  private firstPageAlone: boolean;
  private wantBackward: boolean | undefined;
  /** What RangeOptions.backwardAllowed (or a promise of bothEnds) said once known (true without one); undefined meanwhile. */
  private backwardAllowed: boolean | undefined = true;
  private total: number | undefined;
  /** Whether a short page ends its side (RangeOptions.shortPagesEnd; false while a promise of it is pending). */
  private shortPagesEnd: boolean;
  /**
   * What the caller promised (whether to read backwards too, how many names there are), each acted on as soon as
   * it is known; until the first is, the range is read forward only.
   */
  private readonly decisions: Array<Promise<Decision>> = [];

  constructor(
    private readonly fetch: FetchRange,
    private readonly options: RangeOptions,
  ) {
    this.arrival = options.order === 'arrival';
    this.firstPageAlone = this.arrival;
    this.backward = new HeldPages(options.spill);
    this.forwardEnd = options.after;
    this.backwardEnd = options.before;
    // A promise of bothEnds is a gate like backwardAllowed: wanted, allowed once it says yes.
    this.wantBackward = options.bothEnds === 'whenFull' ? undefined : options.bothEnds !== false;
    const gate = typeof options.bothEnds === 'object' ? options.bothEnds : options.backwardAllowed;
    if (gate) {
      this.backwardAllowed = undefined;
      this.decided(
        gate.then(
          (yes) => ((this.backwardAllowed = yes === true), { decided: true }),
          () => ((this.backwardAllowed = false), { decided: true }),
        ),
      );
    }
    this.shortPagesEnd = typeof options.shortPagesEnd === 'boolean' ? options.shortPagesEnd : options.shortPagesEnd === undefined;
    if (typeof options.shortPagesEnd === 'object') {
      this.decided(
        options.shortPagesEnd.then(
          (yes) => ((this.shortPagesEnd = yes === true), { decided: true }),
          () => ({ decided: true }),
        ),
      );
    }
    if (options.count) {
      this.decided(
        options.count.then(
          (n) => {
            if (typeof n === 'number' && Number.isFinite(n) && n >= 0) this.total = n;
            return { decided: true };
          },
          () => ({ decided: true }),
        ),
      );
    }
  }

  async *read(): AsyncGenerator<ObjectEntry[]> {
    const release = followAbort(this.options.signal, this.controller);
    try {
      for (;;) {
        this.sendWhatIsDue();
        const next = await Promise.race(this.waitingFor()).catch((e: unknown) => {
          throw this.signal.aborted ? cancelled() : e; // a request's own error after a cancel says "cancelled"
        });
        // A page that had arrived before a cancel is not handed over after it.
        if (this.signal.aborted) throw cancelled();
        if ('decided' in next) continue;
        const { entries, met } = this.accept(next);
        if (!entries.length || (next.side === 'backward' && !this.arrival)) {
          if (met) break;
          continue;
        }
        // In arrival order the next requests go out before the page is handed over: they are served while it is used.
        if (this.arrival && !met) this.sendWhatIsDue();
        yield entries;
        if (met) break;
      }
      yield* this.backwardPages();
    } finally {
      release();
      // Whatever is still in flight (the other side at the meeting point, an early request, or everything when the
      // consumer stops) is cancelled.
      this.controller.abort();
      await this.backward.close();
    }
  }

  private decided(p: Promise<Decision>): void {
    const entry = p.then((d) => {
      this.decisions.splice(this.decisions.indexOf(entry), 1);
      return d;
    });
    this.decisions.push(entry);
  }

  /** The page size for a new request on `side`, or 0 when the other side's request in flight covers what is left. */
  private pageSize(side: Side, otherStartsNow: boolean): number {
    const { limit } = this.options;
    if (this.total === undefined || !this.readsBackward()) return limit;
    const other = this.pending[otherSide(side)];
    let left = this.total - this.held - (other ? other.limit : 0);
    if (left <= 0) return other ? 0 : limit; // the count was wrong (names were added): read on until the sides meet
    if (otherStartsNow) left = Math.ceil(left / 2);
    return Math.min(limit, left + 1);
  }

  /** A request for each side that has none in flight and still has something to read. */
  private sendWhatIsDue(): void {
    if (this.backward.failed && !this.backwardStopped) this.stopBackward();
    const backwardStarts = this.readsBackward() && !this.pending.backward;
    if (!this.pending.forward) {
      const size = this.pageSize('forward', backwardStarts);
      if (size > 0) this.pending.forward = this.send('forward', size, this.forwardEnd);
    }
    // A backward page is sent once the pages before it are written: a slow or failing disk holds the cursor back.
    if (this.readsBackward() && !this.pending.backward && !this.backward.busy) {
      const size = this.pageSize('backward', false);
      if (size > 0) this.pending.backward = this.send('backward', size, this.backwardEnd);
    }
  }

  /** Sends a request for `side` after `marker`, bounded by the other side's progress now. */
  private send(side: Side, size: number, marker: string | undefined): Request {
    // Nothing goes out once the range is cancelled (a page that arrived after the cancel must not start another).
    if (this.signal.aborted) throw cancelled();
    const reverse = side === 'backward';
    const bound = reverse ? this.forwardEnd : this.backwardEnd;
    // Each request can be cancelled alone (an early one that guessed wrong), and all with the range.
    const own = linkedAbort(this.signal);
    const req = { limit: size, marker, abort: () => own.abort() } as Request;
    // A backward page in server order may have to be written to the file: its text is kept with it until then.
    const keepText = reverse && !this.arrival;
    const onText = (text: string): boolean => {
      if (keepText) req.text = text;
      if (this.firstPageAlone && side === 'forward') return (this.firstPageAlone = false);
      return this.pending[side] === req && this.sendEarly(side, size, text);
    };
    const onAmended = () => (req.amended = true);
    const signal = own.signal;
    const query = { prefix: this.options.prefix, marker, endMarker: bound, reverse, limit: size, signal, onText, onAmended };
    req.promise = this.fetch(query)
      .finally(own.release)
      .then((entries) => {
        checkPage(entries, size, reverse, marker, bound);
        return { side, entries, limit: size, text: req.amended ? undefined : req.text };
      });
    req.promise.catch(() => undefined); // a request abandoned at the meeting point must not be reported as unhandled
    return req;
  }

  /** A side's page has arrived as text: when it is full, its next request goes out before it is parsed (true). */
  private sendEarly(side: Side, size: number, text: string): boolean {
    if (this.early[side] || (side === 'backward' && this.backward.busy)) return false;
    const peek = peekListing(text);
    if (!peek || peek.count === 0 || (peek.count !== size && this.shortPagesEnd)) return false; // the side ended: nothing to send
    this.held += peek.count;
    const next = this.pageSize(side, false);
    this.held -= peek.count;
    if (next <= 0) return false;
    this.early[side] = this.send(side, next, peek.last);
    return true;
  }

  private waitingFor(): Array<Promise<Outcome | Decision>> {
    const waiting: Array<Promise<Outcome | Decision>> = [];
    if (this.pending.forward) waiting.push(this.pending.forward.promise);
    if (this.pending.backward) waiting.push(this.pending.backward.promise);
    else if (this.readsBackward() && this.backward.busy) waiting.push(this.backward.written().then(() => ({ decided: true })));
    waiting.push(...this.decisions);
    return waiting;
  }

  /** Takes in a page: the names to yield now (forward), whether the sides have met, and the early request's fate. */
  private accept(outcome: Outcome): { entries: ObjectEntry[]; met: boolean } {
    const { side } = outcome;
    let { entries } = outcome;
    this.pending[side] = undefined;
    let met = this.shortPagesEnd ? entries.length < outcome.limit : entries.length === 0;
    if (this.arrival) {
      // Names the other side already yielded (pages in flight at once near the meeting point) are not yielded again.
      const fresh = this.notYet(side, entries);
      if (fresh.length < entries.length) met = true;
      if (entries.length) this.advance(side, entries[entries.length - 1].name);
      entries = fresh;
    }
    this.held += entries.length;
    const guessed = this.early[side];
    this.early[side] = undefined;
    if (side === 'forward') {
      if (entries.length) {
        if (!this.arrival) this.advance(side, entries[entries.length - 1].name);
        if (!met && this.options.bothEnds === 'whenFull') this.wantBackward = true;
        // In server order, names the backward side may already hold are dropped from it at the end, never from here.
      }
    } else if (entries.length) {
      if (!this.arrival) {
        this.backward.add(entries, outcome.text);
        this.advance(side, entries[entries.length - 1].name);
        if (this.backward.failed) this.stopBackward();
      }
    }
    // Two full pages that crossed: (after, forwardEnd] and [backwardEnd, before) already cover the range.
    if (!met && this.forwardEnd !== undefined && this.backwardEnd !== undefined) met = compareNames(this.forwardEnd, this.backwardEnd) >= 0;
    if (guessed) {
      // Right guess: the early request is this side's next one. Wrong guess (or done): cancelled.
      const end = side === 'forward' ? this.forwardEnd : this.backwardEnd;
      if (!met && guessed.marker === end) this.pending[side] = guessed;
      else guessed.abort();
    }
    return { entries, met };
  }

  private readsBackward(): boolean {
    return this.wantBackward === true && this.backwardAllowed === true && !this.backwardStopped;
  }

  /**
   * No more backward pages (what is held stays): the forward cursor reads on alone, bounded by the backward end, and
   * its first short page (or a page past that end) is where the sides meet.
   */
  private stopBackward(): void {
    this.backwardStopped = true;
    for (const req of [this.pending.backward, this.early.backward]) req?.abort();
    this.pending.backward = undefined;
    this.early.backward = undefined;
  }

  private advance(side: Side, last: string): void {
    if (side === 'forward') this.forwardEnd = last;
    else this.backwardEnd = last;
  }

  /** A page's names the other side has not yielded: forward below the backward end, backward above the forward end. */
  private notYet(side: Side, entries: ObjectEntry[]): ObjectEntry[] {
    const other = side === 'forward' ? this.backwardEnd : this.forwardEnd;
    if (other === undefined) return entries;
    const dir = side === 'forward' ? 1 : -1;
    let fresh = 0;
    while (fresh < entries.length && compareNames(entries[fresh].name, other) * dir < 0) fresh++;
    return fresh === entries.length ? entries : entries.slice(0, fresh);
  }

  /** The backward side, ascending, after the last name yielded forward. */
  private async *backwardPages(): AsyncGenerator<ObjectEntry[]> {
    for await (const page of this.backward.reversed(this.signal)) {
      const end = this.forwardEnd;
      let first = 0;
      if (end !== undefined) while (first < page.length && compareNames(page[first].name, end) <= 0) first++;
      if (first < page.length) yield first ? page.slice(first) : page;
    }
  }
}

/** A page must stay within its bounds, in order, and not exceed the limit: anything else would corrupt the merge. */
export function checkPage(entries: ObjectEntry[], limit: number, reverse: boolean, marker: string | undefined, bound: string | undefined): void {
  if (entries.length > limit) throw badListing('paged', l10n.t('asked for {0} entries, got {1}', limit, entries.length));
  const dir = reverse ? -1 : 1;
  let previous = marker;
  for (const entry of entries) {
    if (typeof entry.name !== 'string' || (entry as unknown as FolderEntry).kind === 'folder') {
      throw badListing('full', l10n.t('a folder entry in a listing without delimiter'));
    }
    if (previous !== undefined && compareNames(entry.name, previous) * dir <= 0) {
      throw badListing('full', l10n.t('{0} is out of order after {1}', JSON.stringify(entry.name), JSON.stringify(previous)));
    }
    previous = entry.name;
  }
  if (bound !== undefined && entries.length && compareNames(entries[entries.length - 1].name, bound) * dir >= 0) {
    throw badListing('full', l10n.t('{0} is beyond the requested end {1}', JSON.stringify(entries[entries.length - 1].name), JSON.stringify(bound)));
  }
}

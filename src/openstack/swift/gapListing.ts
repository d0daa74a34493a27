/**
 * A whole listing read as gaps, each closed by a forward and a backward cursor (Swift honours `reverse=true`) that
 * meet where the names between them run out. It starts with one gap (the whole range), read forward at once and
 * backward once the caller says the server lists backwards (never: one forward cursor, as the listings that copy or
 * delete in order read). With more than one gap allowed (four requests in flight or more), once both ends have read
 * a page, the gap between them is split at a name guessed between the two (splitPoints.ts), at once: the left part
 * keeps the forward cursor and gets a backward one from just past the guess (the names up to it), the right part
 * keeps the backward cursor and gets a forward one after it. No request asks first whether a name lies there (a
 * `limit=1` probe answered behind the pages in flight, 180 to 230 ms on the test cloud, while the new cursors
 * waited): the right part's first page tells, and a part that holds no name closes at its first page. When a gap
 * closes (its two cursors met), the widest one left is split again, so the cursors stay busy whatever the
 * distribution of names, until what is left is a few pages.
 *
 * Pages come out in server order (what lies beyond the first gap is held, heldPages.ts: in memory up to a budget, in a
 * temporary file beyond it) or as they arrive. A page is cut at its gap's current ends: names another cursor has read,
 * or beyond a split made while it was asked, are not taken twice. In server order a page that will be held is read for
 * its names only (listingNames.ts) and held as the server's text, parsed in full once, when its turn comes: at
 * 1,000,000 names three pages in four are held, and were parsed twice (on arrival, and read back from the file).
 */
import { followAbort, linkedAbort } from '../linkedAbort';
import { checkPage, peekListing, type FetchRange } from './fullListing';
import { DEFAULT_HELD_ENTRIES, HeldPages, type CompletePage, type SpillOptions } from './heldPages';
import { checkPageSize, compareNames, listingCancelled as cancelled, type ObjectEntry } from './listing';
import { isNameOnly, NO_OBJECT_WANTED } from './listingNames';
import { justPast, nameBetween, spread } from './splitPoints';

export interface GapOptions {
  limit: number;
  prefix?: string;
  /** Exclusive lower bound (a `marker`); undefined: from the start. */
  after?: string;
  /** Exclusive upper bound (an `end_marker`); undefined: to the end. */
  before?: string;
  /** Gaps read at once, two requests in flight each (2: four). 1: two cursors, one from each end, never split. */
  gaps: number;
  /**
   * Whether to read backwards too: the server lists backwards and the range holds more than a page. Until a promise
   * of it says yes the range is read forward only; no, or a failure: forward only to the end (one cursor).
   */
  backward: boolean | Promise<boolean>;
  /** Also wait, before reading backwards, for a forward page that came back full (the range holds more than a page). */
  whenFull?: boolean;
  /**
   * How many names the range holds, if known: no gap is split once what is left is a few pages, and the last gap's
   * two cursors ask only for their share of what is left (an estimate: the listing is exact whatever it says).
   */
  count?: Promise<number | undefined>;
  /**
   * Whether a page shorter than asked ends its side (Swift: it fills every page but the last). Ceph RGW answers short
   * pages in the middle of a listing (a bucket index in shards: 997 names of 1,000 asked, more after them), so where
   * the server is not known to fill pages (false, or a promise not yet resolved) only an empty page ends a side.
   */
  shortPagesEnd: boolean | Promise<boolean>;
  /**
   * 'server' (default): pages in server order. 'arrival': each page's new names as they come, the first page parsed
   * before the next request goes (a search's first matches come sooner).
   */
  order?: 'server' | 'arrival';
  /** Where pages beyond the first gap go beyond their memory budget (shared by the parts held at once). */
  spill?: SpillOptions;
  /** What the fetch does to a page it parsed, done for a held page when it is parsed (server order; see CompletePage). */
  complete?: CompletePage;
  /**
   * The caller wants the names alone (SwiftClient.listAllNames): every page is asked for its names only and handed over
   * as `nameOnly` entries, a held one kept as its names (HeldReading.namesOnly); none is parsed in full.
   */
  namesOnly?: boolean;
  signal?: AbortSignal;
}

/** A gap is split only while at least this many pages are left to read (each split costs a request and an overlap). */
export const MIN_PAGES_TO_SPLIT = 6;

type Side = 'forward' | 'backward';

/** One cursor: it moves from gap to gap only when a split gives its gap's other part to it. */
interface Cursor {
  side: Side;
  gap: Gap;
  /** Its request in flight. */
  pending: Request | undefined;
  /**
   * Its next request, sent as soon as the pending page's text told its last name (peekListing), while that page is
   * still being parsed: it becomes the cursor's request if the guess was right, else it is cancelled.
   */
  early: Request | undefined;
  /** Pages it has read (a gap is split once both its cursors have read one). */
  pages: number;
  /** Waiting for its held part to be written (a slow or failing disk holds the cursor back). */
  writing: Promise<Event> | undefined;
}

interface Request {
  promise: Promise<Event>;
  marker: string | undefined;
  limit: number;
  abort: () => void;
  text?: string;
  amended?: boolean;
}

/** Names still to read: after `lo` and before `hi` (exclusive, undefined: the range's bound; either may be no name). */
interface Gap {
  lo: string | undefined;
  hi: string | undefined;
  forward: Cursor;
  backward: Cursor | undefined;
  /** No name could be guessed inside it: read as it is. */
  unsplittable: boolean;
  /** Server order: where its forward pages are held (the end of the part on its left), its backward ones (the start of the part on its right). */
  forwardHeld: HeldPages | undefined;
  backwardHeld: HeldPages | undefined;
}

/** What lies between two gaps, in server order: pages held (a backward cursor's descending). */
type Piece = { held: HeldPages; descending: boolean };

type Event =
  | { kind: 'page'; cursor: Cursor; request: Request; entries: ObjectEntry[]; text: string | undefined }
  | { kind: 'decided' }
  | { kind: 'written'; cursor: Cursor };

/** Every name in (after, before), in server order or as it arrives, read by up to `gaps` × 2 cursors at once. */
export async function* listGaps(fetch: FetchRange, options: GapOptions): AsyncGenerator<ObjectEntry[]> {
  checkPageSize(options.limit);
  yield* new GapReader(fetch, options).read();
}

class GapReader {
  private readonly controller = new AbortController();
  private readonly signal = this.controller.signal;
  private readonly arrival: boolean;
  private readonly maxGaps: number;
  /** Open gaps in server order. */
  private readonly gaps: Gap[] = [];
  /** pieces[i] lies before gaps[i], pieces[gaps.length] after the last: pieces[0] is yielded as soon as it fills. */
  private pieces: Piece[][] = [[], []];
  private readonly heldBudget: number;
  private backwardAllowed: boolean | undefined;
  private shortPagesEnd: boolean;
  private total: number | undefined;
  /** Names taken so far (yielded or held). */
  private taken = 0;
  /** A held page could not be written: only the first gap's forward cursor reads on (nothing more is held). */
  private degraded = false;
  private readonly decisions: Array<Promise<Event>> = [];
  /** A forward page came back full (GapOptions.whenFull). */
  private forwardFull = false;
  /**
   * Arrival order (a search): the first page is parsed before the next request goes, so its matches come sooner
   * (measured idle, 100,000 names: the first match after 276 ms instead of 310, one curl of that page 217 ms; the
   * whole scan the same). Later pages send their next request early.
   */
  private firstPageAlone: boolean;

  constructor(
    private readonly fetch: FetchRange,
    private readonly options: GapOptions,
  ) {
    this.arrival = options.order === 'arrival';
    this.firstPageAlone = this.arrival;
    this.maxGaps = Math.max(1, Math.floor(options.gaps));
    this.heldBudget = Math.floor((options.spill?.heldEntries ?? DEFAULT_HELD_ENTRIES) / Math.max(1, 2 * this.maxGaps - 1));
    const gap = newGap(options.after, options.before);
    gap.forward = newCursor('forward', gap);
    this.gaps.push(gap);
    if (typeof options.backward === 'boolean') this.backwardAllowed = options.backward;
    else this.decide(options.backward, (yes) => (this.backwardAllowed = yes === true));
    this.shortPagesEnd = typeof options.shortPagesEnd === 'boolean' && options.shortPagesEnd;
    if (typeof options.shortPagesEnd === 'object') this.decide(options.shortPagesEnd, (yes) => (this.shortPagesEnd = yes === true));
    if (options.count) this.decide(options.count, (n) => (this.total = Number.isFinite(n) && (n as number) >= 0 ? n : undefined));
  }

  /** Acts on what the caller promised once it is known (a failure: as if it had said no). */
  private decide<T>(promise: Promise<T>, apply: (value: T | undefined) => void): void {
    const entry: Promise<Event> = promise.then(
      (value) => (apply(value), { kind: 'decided' as const }),
      () => (apply(undefined), { kind: 'decided' as const }),
    );
    this.decisions.push(entry);
    void entry.then(() => this.decisions.splice(this.decisions.indexOf(entry), 1));
  }

  async *read(): AsyncGenerator<ObjectEntry[]> {
    const release = followAbort(this.options.signal, this.controller);
    try {
      while (this.gaps.length) {
        this.sendWhatIsDue(); // throws once cancelled (send)
        const event = await Promise.race(this.waitingFor()).catch((e: unknown) => {
          throw this.signal.aborted ? cancelled() : e; // a request's own error after a cancel says "cancelled"
        });
        // A page that had arrived before a cancel is not handed over after it.
        if (this.signal.aborted) throw cancelled();
        if (event.kind === 'page') {
          const fresh = this.takePage(event);
          // In arrival order the next requests go out before the page is handed over: they are served while it is used.
          if (this.arrival && this.gaps.length) this.sendWhatIsDue();
          if (fresh.length) yield fresh;
        } else if (event.kind === 'written') event.cursor.writing = undefined;
        yield* this.firstPieces(); // server order: what lies before the first gap (none in arrival order)
      }
    } finally {
      release();
      this.controller.abort(); // a page still in flight is not needed any more
      await Promise.all(this.pieces.flat().map((p) => p.held.close()));
    }
  }

  private waitingFor(): Array<Promise<Event>> {
    const waiting: Array<Promise<Event>> = [...this.decisions];
    for (const gap of this.gaps) {
      for (const cursor of [gap.forward, gap.backward]) {
        if (cursor?.pending) waiting.push(cursor.pending.promise);
        else if (cursor?.writing) waiting.push(cursor.writing);
      }
    }
    return waiting;
  }

  /** A request for each cursor that has none (only the first gap's forward one once degraded), then splits if due. */
  private sendWhatIsDue(): void {
    if (this.pieces.some((ps) => ps.some((p) => p.held.failed))) this.degraded = true;
    this.sendForEach();
    if (this.degraded) return;
    let split = false;
    while (this.split()) split = true;
    if (split) this.sendForEach(); // the new parts' cursors
  }

  private sendForEach(): void {
    for (const gap of this.degraded ? this.gaps.slice(0, 1) : this.gaps) {
      const full = this.forwardFull || !this.options.whenFull;
      if (!gap.backward && this.backwardAllowed && full && !this.degraded) gap.backward = newCursor('backward', gap); // the first gap only: a split gives both
      const backward = this.degraded ? undefined : gap.backward;
      this.sendFor(gap.forward, backward !== undefined && !backward.pending && !backward.writing);
      if (backward) this.sendFor(backward, false);
    }
  }

  /** `otherStartsNow`: the other cursor of its gap sends its request just after this one (see pageSize). */
  private sendFor(cursor: Cursor, otherStartsNow: boolean): void {
    if (cursor.pending || cursor.writing) return;
    const held = this.heldFor(cursor);
    if (held?.busy) {
      cursor.writing = held.written().then(() => ({ kind: 'written', cursor }));
      return;
    }
    const size = this.pageSize(cursor, otherStartsNow);
    if (size > 0) cursor.pending = this.send(cursor, size, cursor.side === 'forward' ? cursor.gap.lo : cursor.gap.hi);
  }

  /** Where a cursor's pages are held, if they are (server order, not the first gap's forward pages). */
  private heldFor(cursor: Cursor): HeldPages | undefined {
    return cursor.side === 'forward' ? cursor.gap.forwardHeld : cursor.gap.backwardHeld;
  }

  /**
   * The page size for a cursor's next request: the limit, except in the last gap when the count is known, where each
   * side asks for its share of what is left (plus one name: the two last pages cross), 0 when the other side's
   * request in flight covers it. When the other cursor starts at the same moment (a backward cursor that starts after
   * the first page, as a search's does), this one asks for half of what is left: the two read it side by side.
   */
  private pageSize(cursor: Cursor, otherStartsNow = false): number {
    const { limit } = this.options;
    const gap = cursor.gap;
    if (this.total === undefined || this.gaps.length > 1 || !gap.backward) return limit;
    const other = cursor.side === 'forward' ? gap.backward : gap.forward;
    let left = this.total - this.taken - (other.pending?.limit ?? 0);
    if (left <= 0) return other.pending ? 0 : limit; // the count was wrong (names were added): read on until the sides meet
    if (otherStartsNow) left = Math.ceil(left / 2);
    return Math.min(limit, left + 1);
  }

  /** Sends a cursor's request after `marker`, bounded by its gap's other end now. */
  private send(cursor: Cursor, size: number, marker: string | undefined): Request {
    if (this.signal.aborted) throw cancelled(); // nothing goes out once the listing is cancelled
    const reverse = cursor.side === 'backward';
    const bound = reverse ? cursor.gap.lo : cursor.gap.hi;
    const own = linkedAbort(this.signal);
    const request = { marker, limit: size, abort: () => own.abort() } as Request;
    const onText = (text: string): boolean => {
      // A held page is written to the file as the server sent it (arrival: none is; names only: its names are, and a text
      // kept to the page's end lived past more scavenges: 117 against 108 MiB of peak RSS at 100,000 names).
      if (!this.arrival && !this.options.namesOnly) request.text = text;
      if (this.firstPageAlone && cursor.side === 'forward') return (this.firstPageAlone = false);
      return cursor.pending === request && this.sendEarly(cursor, size, text);
    };
    const onAmended = () => (request.amended = true);
    const signal = own.signal;
    // In server order only the first gap's forward pages go out on arrival: the others are read for their names (all of
    // them when only names are wanted).
    const inFull = !this.options.namesOnly && (this.arrival || cursor === this.gaps[0].forward);
    const wanted = inFull ? undefined : NO_OBJECT_WANTED;
    const query = { prefix: this.options.prefix, marker, endMarker: bound, reverse, limit: size, signal, onText, onAmended, wanted };
    request.promise = this.fetch(query)
      .finally(own.release)
      .then((entries) => {
        checkPage(entries, size, reverse, marker, bound);
        return { kind: 'page', cursor, request, entries, text: request.amended ? undefined : request.text };
      });
    request.promise.catch(() => undefined); // abandoned when its gap closed or on cancel: not reported as unhandled
    return request;
  }

  /** A page has arrived as text: when it is full, the cursor's next request goes out before it is parsed (true). */
  private sendEarly(cursor: Cursor, size: number, text: string): boolean {
    if (this.heldFor(cursor)?.busy) return false;
    const peek = peekListing(text);
    if (!peek || peek.count === 0 || (peek.count !== size && this.shortPagesEnd)) return false; // the side ended
    // A page that reaches its gap's other end (the other cursor read past it meanwhile) closes the gap: a request after
    // it would be cancelled, and the server would have listed it all the same (an empty or inverted range).
    if (atOrPastOtherEnd(cursor, peek.last)) return false;
    this.taken += peek.count;
    const next = this.pageSize(cursor);
    this.taken -= peek.count;
    if (next <= 0) return false;
    cursor.early = this.send(cursor, next, peek.last);
    return true;
  }

  /** Takes a cursor's page: its names inside the gap now, and whether the gap closed. Returns what to yield now. */
  private takePage({ cursor, request, entries, text }: Extract<Event, { kind: 'page' }>): ObjectEntry[] {
    cursor.pending = undefined;
    cursor.pages++;
    const gap = cursor.gap;
    const forward = cursor.side === 'forward';
    if (entries.length === request.limit) this.forwardFull = true; // (backward pages come only after one)
    // The other end may have moved since the request went (the other cursor read on, or a split): names at or past
    // it are read already, or are another gap's. They end the page (checkPage: in order), so they are counted from its
    // end: one comparison for a page that lies inside, not one a name.
    let inside = entries.length;
    while (inside > 0 && atOrPastOtherEnd(cursor, entries[inside - 1].name)) inside--;
    const fresh = inside < entries.length ? entries.slice(0, inside) : entries;
    const closed = inside < entries.length || (this.shortPagesEnd ? entries.length < request.limit : entries.length === 0);
    if (fresh.length) {
      const last = fresh[fresh.length - 1].name;
      if (forward) gap.lo = last;
      else gap.hi = last;
      this.taken += fresh.length;
    }
    const guessed = cursor.early;
    cursor.early = undefined;
    if (guessed) {
      // Right guess: the early request is the cursor's next one. Wrong guess (or the gap closed): cancelled.
      if (!closed && guessed.marker === (forward ? gap.lo : gap.hi)) cursor.pending = guessed;
      else guessed.abort();
    }
    const now = fresh.length ? this.place(cursor, fresh, fresh === entries, text) : [];
    if (closed) this.close(gap);
    return now;
  }

  /**
   * Where a page's names go: out now (arrival order, or the first gap's forward pages), or held until their turn.
   * `whole`: `fresh` is the whole page (not cut); `text`: the page as the server sent it, unless the fetch changed it.
   */
  private place(cursor: Cursor, fresh: ObjectEntry[], whole: boolean, text: string | undefined): ObjectEntry[] {
    const gap = cursor.gap;
    const i = this.gaps.indexOf(gap);
    const readForNames = isNameOnly(fresh[0]);
    const due = cursor.side === 'forward' && i === 0 && !this.pieces[0].length;
    if (this.arrival || (due && (!readForNames || this.options.namesOnly))) return fresh;
    // Read for its names while its gap was not the first: held for a moment in a part of its own (what the gap held
    // before has been handed over), parsed when yielded.
    let held = due ? undefined : this.heldFor(cursor);
    if (!held) {
      // The budget is shared by the parts that can fill at once (two a gap, less the first gap's forward one); parts
      // left from closed gaps keep theirs, so a part made while as many are held goes straight to the file.
      const parts = this.pieces.reduce((n, ps) => n + ps.length, 0);
      const heldEntries = parts < 2 * this.maxGaps - 1 ? this.heldBudget : 0;
      const { spill, complete, namesOnly } = this.options;
      held = new HeldPages({ ...spill, heldEntries }, undefined, { complete, namesOnly });
      if (cursor.side === 'forward') {
        gap.forwardHeld = held;
        this.pieces[i].push({ held, descending: false });
      } else {
        gap.backwardHeld = held;
        this.pieces[i + 1].unshift({ held, descending: true });
      }
    }
    // A page read for its names always has its text (the fetch gives it before parsing); cut, it keeps its start. In a
    // listing of names alone its names are all there is to keep.
    if (readForNames && !this.options.namesOnly) held.addText(text as string, fresh.length, fresh[fresh.length - 1].name);
    else held.add(fresh, whole ? text : undefined);
    return [];
  }

  /** A gap whose cursors met: what is in flight for it is cancelled, the pieces on its two sides become one. */
  private close(gap: Gap): void {
    for (const cursor of [gap.forward, gap.backward]) {
      cursor?.pending?.abort();
      cursor?.early?.abort();
    }
    const i = this.gaps.indexOf(gap);
    this.gaps.splice(i, 1);
    this.pieces.splice(i, 2, [...this.pieces[i], ...this.pieces[i + 1]]);
  }

  /**
   * With a cursor pair to spare and enough left to read, splits the widest gap whose two cursors have each read a page
   * (two without a count) at a name guessed between its ends: true when it changed something (a split, or a gap found
   * unsplittable), so the caller asks again.
   */
  private split(): boolean {
    if (this.gaps.length >= this.maxGaps || !this.backwardAllowed) return false;
    const { limit, prefix } = this.options;
    if (this.total !== undefined) {
      let left = this.total - this.taken;
      for (const gap of this.gaps) left -= (gap.forward.pending?.limit ?? 0) + (gap.backward?.pending?.limit ?? 0);
      if (left < MIN_PAGES_TO_SPLIT * limit) return false;
    }
    // Without a count, a gap whose two cursors have read two pages each is likely worth splitting (a range of a few
    // pages is not: the overlap where the parts close would cost more than the split gives).
    const read = this.total === undefined ? 2 : 1;
    let widest: { gap: Gap; width: number } | undefined;
    for (const gap of this.gaps) {
      // (A forward page read and the gap open: its lower end is a name.)
      if (gap.unsplittable || !gap.backward || Math.min(gap.forward.pages, gap.backward.pages) < read) continue;
      const width = spread(gap.lo as string, gap.hi, prefix);
      if (!widest || width > widest.width) widest = { gap, width };
    }
    if (!widest) return false;
    const { gap } = widest;
    const guess = nameBetween(gap.lo as string, gap.hi, 0.5, prefix);
    const upTo = guess === undefined ? undefined : justPast(guess);
    if (upTo === undefined) {
      gap.unsplittable = true;
      return true;
    }
    // Left: the names up to the guess (a new backward cursor from just past it); right: the names after it.
    const right = newGap(guess as string, gap.hi);
    right.forward = newCursor('forward', right);
    right.backward = gap.backward as Cursor; // (a gap without one is not split)
    right.backward.gap = right;
    right.backwardHeld = gap.backwardHeld;
    gap.hi = upTo;
    gap.backward = newCursor('backward', gap);
    gap.backwardHeld = undefined;
    const i = this.gaps.indexOf(gap);
    this.gaps.splice(i + 1, 0, right);
    this.pieces.splice(i + 1, 0, []);
    return true;
  }

  /** Server order: the pieces before the first gap (all of them once every gap has closed), then its pages as they come. */
  private async *firstPieces(): AsyncGenerator<ObjectEntry[]> {
    const first = this.pieces[0];
    while (first.length) {
      // Left among the pieces while it is yielded: a consumer that stops meanwhile has it closed with the rest (read).
      const { held, descending } = first[0];
      yield* descending ? held.reversed(this.signal) : held.inOrder(this.signal);
      first.shift();
      await held.close();
    }
  }
}

/** Whether `name` lies at or past the other end of the cursor's gap (as it is now): read already, or another gap's. */
function atOrPastOtherEnd(cursor: Cursor, name: string): boolean {
  const forward = cursor.side === 'forward';
  const other = forward ? cursor.gap.hi : cursor.gap.lo;
  return other !== undefined && compareNames(name, other) * (forward ? 1 : -1) >= 0;
}

function newGap(lo: string | undefined, hi: string | undefined): Gap {
  return {
    lo,
    hi,
    forward: undefined as unknown as Cursor,
    backward: undefined,
    unsplittable: false,
    forwardHeld: undefined,
    backwardHeld: undefined,
  };
}

function newCursor(side: Side, gap: Gap): Cursor {
  return { side, gap, pending: undefined, early: undefined, pages: 0, writing: undefined };
}

/**
 * A whole listing read by several forward cursors over disjoint ranges, for servers that cannot list backwards
 * (Ceph RGW ignores `reverse=true`, so gapListing.ts's backward cursors are not available). The split points are
 * real names learnt from the server: a candidate name is guessed between two known names (splitPoints.ts) and one
 * `limit=1` request after it (`marker`, bounded by the range's `end_marker`) answers the first name there. Range
 * (lo, m) then ends before that name and a new range starts with it. When a cursor finishes, the widest range still
 * being read is split again (work stealing), so unknown distributions of names still balance.
 */
import { followAbort } from '../linkedAbort';
import { checkPage, type FetchRange } from './fullListing';
import { DEFAULT_HELD_ENTRIES, HeldPages, type SpillOptions } from './heldPages';
import { checkPageSize, compareNames, listingCancelled as cancelled, type ObjectEntry } from './listing';
import { classEnd, nameBetween, prefixEnds, spread } from './splitPoints';

export interface SplitOptions {
  limit: number;
  prefix?: string;
  /** Exclusive lower bound (a `marker`); undefined: from the start. */
  after?: string;
  /** Exclusive upper bound (an `end_marker`); undefined: to the end. */
  before?: string;
  /** Requests in flight at once, pages and probes together (1: one cursor, never split). */
  concurrency: number;
  /** Whether a page shorter than asked ends its range (Swift); false (RGW): only an empty page does. */
  shortPagesEnd: boolean;
  /** 'server' (default): pages in server order (later ranges held until their turn). 'arrival': as they come. */
  order?: 'server' | 'arrival';
  /** Later ranges' pages beyond this many names (shared by the ranges) go to a temporary file (heldPages.ts). */
  spill?: SpillOptions;
  /** The caller wants the names alone (SwiftClient.listAllNames): a held page keeps its names (HeldReading.namesOnly). */
  namesOnly?: boolean;
  signal?: AbortSignal;
  /**
   * Probes sent at most, per request allowed in flight (default 4): each costs a request (on a cloud validating every
   * token, as much as a page), so the guessing is bounded when names are very uneven.
   */
  probesPerSlot?: number;
}

/** One range of names read by one forward cursor: (lo, end), plus `first` when a probe found its first name. */
interface Range {
  /** The last name read (or the range's lower bound). */
  lo: string | undefined;
  /** Exclusive upper bound (`end_marker`); undefined: the listing's end. */
  end: string | undefined;
  /** A probe found no name after it (up to `end`): interpolation aims below it. */
  top: string | undefined;
  /** The name the probe found, yielded before the range's pages. */
  first: ObjectEntry | undefined;
  done: boolean;
  reading: boolean;
  /** The last page was (nearly) full: the range likely holds more than a page, worth splitting. */
  more: boolean;
  /** Server order: the pages read before the range's turn. */
  held: HeldPages | undefined;
}

type Event =
  | { kind: 'page'; range: Range; entries: ObjectEntry[]; text: string | undefined }
  | { kind: 'probe'; candidate: string; bound: string | undefined; entries: ObjectEntry[] }
  | { kind: 'written'; range: Range };
type Taken = { event: Event; entry: Promise<Taken> };

/** RGW answers pages a few names short in the middle of a listing (997 of 1,000): still "full" for splitting. */
const NEARLY_FULL = 0.9;

/** Every name in (after, before), in server order or as it arrives, read by up to `concurrency` cursors at once. */
export async function* listSplit(fetch: FetchRange, options: SplitOptions): AsyncGenerator<ObjectEntry[]> {
  checkPageSize(options.limit);
  yield* new SplitReader(fetch, options).read();
}

class SplitReader {
  private readonly controller = new AbortController();
  /** In server order, contiguous: each range's end is the next one's first name. */
  private readonly ranges: Range[];
  /** The first range not yet wholly yielded (server order): its pages are yielded as they come. */
  private head = 0;
  private readonly inFlight = new Set<Promise<Taken>>();
  private probesInFlight = 0;
  private probesLeft: number;
  private readonly probed = new Set<string>();
  private readonly arrival: boolean;
  private readonly prefix: string;
  private readonly concurrency: number;

  constructor(
    private readonly fetch: FetchRange,
    private readonly options: SplitOptions,
  ) {
    this.arrival = options.order === 'arrival';
    this.prefix = options.prefix ?? '';
    this.concurrency = Math.max(1, Math.floor(options.concurrency));
    this.probesLeft = this.concurrency * (options.probesPerSlot ?? 4);
    this.ranges = [newRange(options.after, options.before)];
  }

  async *read(): AsyncGenerator<ObjectEntry[]> {
    const release = followAbort(this.options.signal, this.controller);
    try {
      for (;;) {
        if (this.controller.signal.aborted) throw cancelled();
        if (this.ranges.every((r) => r.done)) break;
        this.sendWhatIsDue();
        const { event, entry } = await Promise.race(this.inFlight).catch((e: unknown) => {
          throw this.controller.signal.aborted ? cancelled() : e; // a request's own error after a cancel says "cancelled"
        });
        this.inFlight.delete(entry);
        if (this.controller.signal.aborted) throw cancelled();
        if (event.kind === 'page') {
          const page = this.takePage(event);
          if (page.length) yield page;
        } else if (event.kind === 'probe') {
          this.probesInFlight--;
          const first = this.takeProbe(event);
          if (first && this.arrival) yield [first];
        } else event.range.reading = false;
        if (!this.arrival) yield* this.turnsDue();
      }
      if (!this.arrival) yield* this.turnsDue();
    } finally {
      release();
      this.controller.abort(); // probes and pages still in flight are not needed any more
      await Promise.all(this.ranges.map((r) => r.held?.close()));
    }
  }

  /** A page request for each range that has none (within the concurrency), then probes with the slots left. */
  private sendWhatIsDue(): void {
    for (const r of this.ranges) {
      if (this.inFlight.size >= this.concurrency) break;
      if (r.done || r.reading) continue;
      if (r.held?.busy) {
        // A slow or failing disk holds the cursor back until its pages are written.
        r.reading = true;
        this.wait(r.held.written().then(() => ({ kind: 'written', range: r })));
      } else this.sendPage(r);
    }
    // Each probe that finds a name makes one more range to read: no more ranges than requests allowed at once.
    const open = this.ranges.filter((r) => !r.done).length;
    const slots = Math.min(this.concurrency - this.inFlight.size, this.concurrency - open - this.probesInFlight, this.probesLeft);
    if (slots > 0) this.probe(slots);
  }

  /** Waits for `p` with the others; it leaves `inFlight` only when its event is taken (none is lost meanwhile). */
  private wait(p: Promise<Event>): void {
    const entry: Promise<Taken> = p.then((event) => ({ event, entry }));
    entry.catch(() => undefined); // abandoned at the end or on cancel: not reported as unhandled
    this.inFlight.add(entry);
  }

  private request(marker: string | undefined, endMarker: string | undefined, limit: number, onText?: (text: string) => void) {
    const signal = this.controller.signal;
    const query = { prefix: this.options.prefix, marker, endMarker, reverse: false, limit, signal, onText };
    return this.fetch(query).then((entries) => {
      checkPage(entries, limit, false, marker, endMarker);
      return entries;
    });
  }

  private sendPage(r: Range): void {
    r.reading = true;
    let text: string | undefined;
    // Kept only where the page may be held and then written to the file as the server sent it (names only: its names
    // are, as in gapListing.ts).
    const onText = this.arrival || this.options.namesOnly ? undefined : (t: string) => (text = t);
    this.wait(this.request(r.lo, r.end, this.options.limit, onText).then((entries) => ({ kind: 'page', range: r, entries, text })));
  }

  /** Takes a range's page: the names inside its current end (a split may have moved it while the page was asked). */
  private takePage({ range: r, entries, text }: Extract<Event, { kind: 'page' }>): ObjectEntry[] {
    r.reading = false;
    const { limit } = this.options;
    let inside = entries.length;
    if (r.end !== undefined) while (inside > 0 && compareNames(entries[inside - 1].name, r.end) >= 0) inside--;
    const page = inside < entries.length ? entries.slice(0, inside) : entries;
    r.done = inside < entries.length || entries.length === 0 || (this.options.shortPagesEnd && entries.length < limit);
    r.more = !r.done && entries.length >= limit * NEARLY_FULL;
    if (page.length) r.lo = page[page.length - 1].name;
    if (r.top !== undefined && r.lo !== undefined && compareNames(r.lo, r.top) >= 0) r.top = undefined;
    if (this.arrival || this.ranges.indexOf(r) === this.head || !page.length) return page;
    r.held ??= new HeldPages({ ...this.options.spill, heldEntries: this.heldBudget() }, undefined, { namesOnly: this.options.namesOnly });
    r.held.add(page, page === entries && text !== undefined ? text : undefined);
    return [];
  }

  /** What each held range may keep in memory: the budget shared by the cursors that can be ahead. */
  private heldBudget(): number {
    const total = this.options.spill?.heldEntries ?? DEFAULT_HELD_ENTRIES;
    return Math.floor(total / Math.max(1, this.concurrency - 1));
  }

  /** Probes for split points in the widest range being read: `slots` candidates spread over it. */
  private probe(slots: number): void {
    let widest: { r: Range; hi: string | undefined; width: number } | undefined;
    for (const r of this.ranges) {
      if (r.done || !r.more || r.lo === undefined) continue;
      const hi = r.top ?? r.end;
      const width = spread(r.lo, hi, this.prefix);
      if (!widest || width > widest.width) widest = { r, hi, width };
    }
    if (!widest) return;
    const { r } = widest;
    const lo = r.lo as string;
    let hi = widest.hi;
    const candidates: string[] = [];
    if (hi === undefined) {
      // The end is not known yet: where the names under the shallowest folders of the last name end (not its own
      // deepest ones, which end about a page later), then whether any name lies beyond the class of characters the
      // names start with.
      const ends = prefixEnds(lo, this.prefix).slice(0, -2);
      const take = Math.min(ends.length, Math.max(1, slots - 1));
      for (let j = 0; j < take; j++) candidates.push(ends[j]);
      hi = classEnd(lo, this.prefix);
    }
    const n = slots - candidates.length;
    for (let j = 1; j <= n; j++) {
      const c = nameBetween(lo, hi, j / (n + 1), this.prefix);
      if (c !== undefined && !candidates.includes(c)) candidates.push(c);
    }
    for (const candidate of candidates) {
      // A name already asked about is not asked again (its answer was used, or came after the cursor had passed it).
      if (this.probed.has(candidate)) continue;
      this.probed.add(candidate);
      this.probesInFlight++;
      this.probesLeft--;
      const bound = r.end;
      this.wait(this.request(candidate, bound, 1).then((entries) => ({ kind: 'probe', candidate, bound, entries })));
    }
    // No candidate fits between the two: this range is read as it is.
    if (!candidates.length) r.more = false;
  }

  /** A probe's answer: a new range starting at the name found, or where the names end. Returns the name if used. */
  private takeProbe({ candidate, bound, entries }: Extract<Event, { kind: 'probe' }>): ObjectEntry | undefined {
    if (!entries.length) {
      // Nothing in (candidate, bound): the range holding the candidate aims below it from now on.
      const r = this.containing(candidate);
      if (r && r.end === bound && (r.top === undefined || compareNames(candidate, r.top) < 0)) r.top = candidate;
      return undefined;
    }
    const found = entries[0];
    const i = this.ranges.findIndex((r) => r.end === undefined || compareNames(found.name, r.end) < 0);
    const r = this.ranges[i];
    // The range's cursor has read past it (or the range ended): the probe came too late.
    if (!r || r.done || (r.lo !== undefined && compareNames(found.name, r.lo) <= 0)) return undefined;
    const next = newRange(found.name, r.end);
    next.first = found;
    next.top = r.top !== undefined && compareNames(r.top, found.name) > 0 ? r.top : undefined;
    r.end = found.name;
    if (r.top !== undefined && compareNames(r.top, found.name) >= 0) r.top = undefined;
    this.ranges.splice(i + 1, 0, next);
    return found;
  }

  private containing(name: string): Range | undefined {
    const r = this.ranges.find((x) => x.end === undefined || compareNames(name, x.end) < 0);
    return r && !r.done && (r.lo === undefined || compareNames(name, r.lo) > 0) ? r : undefined;
  }

  /** Server order: the ranges whose turn has come, after the head finished: their first name and held pages. */
  private async *turnsDue(): AsyncGenerator<ObjectEntry[]> {
    while (this.ranges[this.head]?.done && this.head + 1 < this.ranges.length) {
      this.head++;
      const r = this.ranges[this.head];
      if (r.first) yield [r.first];
      r.first = undefined;
      if (r.held) {
        const held = r.held;
        for await (const page of held.inOrder(this.controller.signal)) yield page;
        r.held = undefined;
        await held.close();
      }
    }
  }
}

function newRange(lo: string | undefined, end: string | undefined): Range {
  return { lo, end, top: undefined, first: undefined, done: false, reading: false, more: false, held: undefined };
}

/**
 * A whole listing read in spans at once. Swift's proxy and container servers each work on one request at a time in
 * small clusters, and a page passes through both: with only two requests in flight (one cursor from each end) both
 * tend to sit in the same server at once while the other idles. Spans cut at top-level folders keep more requests in
 * flight, so both servers stay busy. Each span is a range of fullListing.ts, read forward; the one still being read
 * when all the others are done is also read from its end, told how many names it holds (the container's count less
 * the other spans'), so that its two cursors meet without overlap. Pages come out in Swift's order.
 */
import { FetchRange, listRange } from './fullListing';
import { compareNames, type ListingEntry, type ObjectEntry } from './listing';

/** How a full listing is read, decided a moment after its first page was asked for. */
export interface ListingPlan {
  /** Where the listing is cut into spans, ascending (see splitPoints). Empty: one span. */
  points: string[];
  /** Whether the last span still being read is also read from its end. */
  bothEnds: boolean;
}

export interface SplitOptions {
  limit: number;
  prefix?: string;
  /** Until it is known, the listing is one span read forward from the start. */
  plan: Promise<ListingPlan>;
  /** How many names the whole listing holds, when known (the container's object count). */
  count?: Promise<number | undefined>;
  signal?: AbortSignal;
}

/**
 * Up to `parts - 1` points where a listing can be cut, at the top-level folders of its delimited listing `top`, spread
 * evenly over them. Each is a folder's prefix followed by U+0000: Swift refuses that character in names, and nothing
 * sorts between a string and itself followed by it, so the folder's names fall after the point and an object named
 * like the folder itself (a directory marker) before it: an exact cut however the names look.
 */
export function splitPoints(top: ListingEntry[], parts: number): string[] {
  const folders: string[] = [];
  for (const e of top) if (e.kind === 'folder') folders.push(e.prefix);
  const points: string[] = [];
  for (let j = 1; j < parts && folders.length; j++) {
    const i = Math.floor((j * folders.length) / parts);
    // A cut before the very first entry would only make an empty span.
    if (i === 0 && top[0]?.kind === 'folder') continue;
    const point = `${folders[i]}\u0000`;
    if (points[points.length - 1] !== point) points.push(point);
  }
  return points;
}

interface Span {
  pages: PageQueue;
  /** Names handed out so far. */
  names: number;
  /** The last name handed out. */
  last: string | undefined;
  /** The span's exclusive end (undefined: the end of the listing). */
  end: string | undefined;
  finished: boolean;
  readBothEnds: (yes: boolean) => void;
  tellCount: (count: number | undefined | Promise<number | undefined>) => void;
}

/** Lists everything under `prefix`, in spans once the plan says where (see the file's comment). */
export async function* listSplit(fetch: FetchRange, options: SplitOptions): AsyncGenerator<ObjectEntry[]> {
  const { limit, prefix } = options;
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const signal = controller.signal;
  const spans: Span[] = [];
  const runs: Array<Promise<void>> = [];
  let failure: unknown; // the first error: the others are the cancellations it caused
  let plan: ListingPlan | undefined;
  let helped = false;

  const start = (after: string | undefined, end: string | undefined): Span => {
    let readBothEnds!: Span['readBothEnds'];
    let tellCount!: Span['tellCount'];
    const bothEnds = new Promise<boolean>((resolve) => (readBothEnds = resolve));
    const count = new Promise<number | undefined>((resolve) => (tellCount = resolve));
    const span: Span = { pages: new PageQueue(), names: 0, last: undefined, end, finished: false, readBothEnds, tellCount };
    spans.push(span);
    // The first span starts before the plan: its end may come later, and is then also enforced here, since a page
    // asked for before may already be on its way past it.
    const pages = listRange(fetch, { limit, prefix, after, before: end, bothEnds, count, upperBound: () => span.end, signal });
    runs.push(
      (async () => {
        try {
          for await (let page of pages) {
            const cut = span.end;
            if (cut !== undefined && compareNames(page[page.length - 1].name, cut) >= 0) page = page.filter((e) => compareNames(e.name, cut) < 0);
            if (!page.length) continue;
            span.names += page.length;
            span.last = page[page.length - 1].name;
            span.pages.push(page);
          }
          span.finished = true;
          span.pages.end();
          help();
        } catch (e) {
          failure ??= e;
          span.pages.fail(e);
          controller.abort();
        }
      })(),
    );
    return span;
  };

  /** Once planned, the last span still being read gets its second cursor and its count. */
  const help = (): void => {
    if (!plan || helped) return;
    const open = spans.filter((s) => !s.finished);
    if (open.length !== 1) return;
    helped = true;
    const [last] = open;
    const others = spans.reduce((n, s) => (s === last ? n : n + s.names), 0);
    last.readBothEnds(plan.bothEnds);
    last.tellCount(options.count?.then((n) => (n === undefined ? undefined : n - others)));
  };

  const first = start(undefined, undefined);
  options.plan.then(
    (p) => {
      if (signal.aborted) return;
      const cut = p.points[0];
      // Too late to cut when the first span is done or has handed out names past the first point.
      const splits = cut !== undefined && !first.finished && (first.last === undefined || compareNames(first.last, cut) < 0);
      plan = splits ? p : { ...p, points: [] };
      if (splits) {
        first.end = cut;
        p.points.forEach((point, i) => start(point, p.points[i + 1]));
      }
      help();
    },
    () => {
      plan = { points: [], bothEnds: false };
      help();
    },
  );

  try {
    // Spans are only added while the first one is being read: once it is drained, the list is complete.
    for (const span of spans) {
      try {
        yield* span.pages.drain();
      } catch (e) {
        throw failure ?? e;
      }
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    controller.abort();
    await Promise.allSettled(runs);
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

/**
 * A paced RGW-like server for the split-listing tests (splitListingEdges.test.ts; Swift-like with `honoursReverse`, for
 * gapListingEdges.test.ts): answers in a fixed order, every
 * request recorded as a line, how many were in flight at most, and how many were cancelled.
 */
import type { FetchRange, RangeQuery } from '../../../../src/openstack/swift/fullListing';
import type { ObjectEntry } from '../../../../src/openstack/swift/listing';
import { parseRangePage } from '../../../../src/openstack/swift/listingNames';
import { object, pythonJson, swiftListing } from './scriptedListing';

/** A request as one line: marker, end marker, limit (1: a probe), and the prefix or `reverse` when there. */
export const line = (q: RangeQuery) =>
  `${q.marker ?? '-'} ${q.endMarker ?? '-'} ${q.limit}${q.prefix ? ` prefix=${q.prefix}` : ''}${q.reverse ? ' reverse' : ''}`;

export interface Paced {
  /** Which pending request is answered next (default: the oldest). */
  pick?: (pending: readonly RangeQuery[]) => number;
  /** Announce each answer's text (Swift's JSON) before its entries, as SwiftClient's fetch does. */
  text?: boolean;
  /** The text of an answer (default: as Swift writes it, pythonJson). */
  textOf?: (names: string[]) => string;
  /** A page with more names after it comes this many names short (RGW in the middle of a listing). */
  short?: number;
  /** Answers even when the request was cancelled (a server that does not notice). */
  deaf?: boolean;
  /** Never answers these requests (until they are cancelled). */
  hold?: (q: RangeQuery) => boolean;
  /** Told of each request as it is sent. */
  sent?: (q: RangeQuery) => void;
  /** An error to answer a request with instead of its names. */
  fail?: (q: RangeQuery) => Error | undefined;
  /** Lists backwards with `reverse` as Swift does (gapListingEdges.test.ts); RGW ignores it. */
  honoursReverse?: boolean;
}

/**
 * An RGW-like server (`reverse` ignored), answers computed when the request is sent and released one per turn of the
 * event loop, in a fixed order. Records every request, how many were in flight at most, and how many were cancelled.
 */
export function pacedRgw(sorted: string[], options: Paced = {}) {
  const log: string[] = [];
  const pending: Array<{ q: RangeQuery; go: () => void }> = [];
  let inFlight = 0;
  let most = 0;
  let aborted = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    if (pending.length) pending.splice(options.pick ? options.pick(pending.map((p) => p.q)) : 0, 1)[0].go();
    setImmediate(tick);
  };
  setImmediate(tick);
  const fetch: FetchRange = (q) => {
    log.push(line(q));
    options.sent?.(q);
    most = Math.max(most, ++inFlight);
    const params = new URLSearchParams({ limit: String(q.limit + 1) });
    if (q.marker !== undefined) params.set('marker', q.marker);
    if (q.endMarker !== undefined) params.set('end_marker', q.endMarker);
    if (q.prefix) params.set('prefix', q.prefix);
    if (q.reverse && options.honoursReverse) params.set('reverse', 'true');
    const names = swiftListing(sorted, params).map((e) => (e as { name: string }).name);
    const cut = options.short && q.limit > 1 && names.length > q.limit ? options.short : 0;
    const answer = names.slice(0, q.limit - cut);
    return new Promise<ObjectEntry[]>((resolve, reject) => {
      let settled = false;
      const settle = () => void (settled || ((settled = true), inFlight--));
      const go = () => {
        q.signal.removeEventListener('abort', onAbort);
        settle();
        const error = options.fail?.(q);
        if (error) return reject(error);
        if (!options.text) return resolve(answer.map(object));
        // As SwiftClient's fetch: the text announced, then parsed (only the wanted objects in full when it says which).
        const text = (options.textOf ?? pythonJson)(answer);
        q.onText?.(text);
        try {
          resolve(parseRangePage(text, q.wanted));
        } catch (e) {
          reject(e as Error); // a text the fetch refuses (textOf)
        }
      };
      const onAbort = () => {
        if (options.deaf) return;
        aborted++;
        settle();
        const at = pending.findIndex((p) => p.go === go);
        if (at >= 0) pending.splice(at, 1);
        reject(new Error('aborted'));
      };
      if (!options.hold?.(q)) pending.push({ q, go });
      q.signal.addEventListener('abort', onAbort, { once: true });
    });
  };
  return { fetch, log, inFlight: () => inFlight, most: () => most, aborted: () => aborted, stop: () => void (running = false) };
}

/** The pages' names, one string per page; `sent`: how many requests had gone out when each page was handed over. */
export async function pagesOf(pages: AsyncIterable<ObjectEntry[]>, sent?: { log: string[]; counts: number[] }): Promise<string[]> {
  const out: string[] = [];
  for await (const page of pages) {
    out.push(page.map((e) => e.name).join(','));
    sent?.counts.push(sent.log.length);
  }
  return out;
}

/**
 * Watches the temporary files listings make (`fs.promises.open` wrapped until `restore`): their paths, how many are
 * open, and each write as it was given.
 */
export function watchFiles() {
  type Handle = { close: () => Promise<void>; write: (data: unknown, ...rest: unknown[]) => Promise<unknown> };
  const fsp = require('node:fs').promises as { open: (...a: unknown[]) => Promise<Handle> };
  const realOpen = fsp.open;
  const files = { paths: [] as string[], open: 0, writes: [] as string[], restore: () => void (fsp.open = realOpen) };
  fsp.open = async (...a: unknown[]) => {
    files.paths.push(String(a[0]));
    const handle = await realOpen(...a);
    files.open++;
    const close = handle.close.bind(handle);
    handle.close = () => (files.open--, close());
    const write = handle.write.bind(handle);
    handle.write = (data: unknown, ...rest: unknown[]) => (files.writes.push(String(data)), write(data, ...rest));
    return handle;
  };
  return files;
}

/** A write of a held page: `T names` (the server's text, as it sent it) or `E names` (the entries, serialised). */
export const writtenForm = (data: string) =>
  `${data.startsWith('[{"bytes": 1, ') ? 'T' : 'E'} ${(JSON.parse(data) as Array<{ name: string }>).map((e) => e.name).join(',')}`;

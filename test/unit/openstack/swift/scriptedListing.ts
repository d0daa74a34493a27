/**
 * A scripted Swift for the full-listing tests (listAll.test.ts, heldPages.test.ts): names in byte order, listings
 * answered the way Swift 2.30 does, and a fetch whose answers are released in a random order.
 */
import * as assert from 'node:assert/strict';
import { FetchRange, RangeQuery } from '../../../../src/openstack/swift/fullListing';
import { type GapOptions, listGaps } from '../../../../src/openstack/swift/gapListing';
import { ObjectEntry } from '../../../../src/openstack/swift/listing';
import { parseRangePage } from '../../../../src/openstack/swift/listingNames';
import { seededRandom } from './randomNames';

const utf8 = new Map<string, Buffer>();
const bytesOf = (s: string) => utf8.get(s) ?? (utf8.set(s, Buffer.from(s)), utf8.get(s) as Buffer);
/** The reference order: Buffer.compare of the UTF-8 bytes, independent of the code under test. */
export const byteOrder = (a: string, b: string) => Buffer.compare(bytesOf(a), bytesOf(b));
export const object = (name: string): ObjectEntry => ({ kind: 'object', name, bytes: 1, hash: 'h', lastModified: undefined, contentType: 'x' });

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
export const rng = seededRandom;

export const ALPHABET = ['a', 'b', 'z', '/', '.', '-', '0', 'é', '\uff21', '\ufffd', '😀', '𝄞', '中', ' ', '~'];
export function randomNames(random: () => number, count: number): string[] {
  const names = new Set<string>();
  while (names.size < count) {
    const length = 1 + Math.floor(random() * 6);
    let name = '';
    for (let i = 0; i < length; i++) name += ALPHABET[Math.floor(random() * ALPHABET.length)];
    names.add(name);
  }
  return [...names].sort(byteOrder);
}

/**
 * JSON the way Swift (Python's json.dumps) writes it: `": "` and `", "` separators, keys in the order given, every
 * character past ASCII as \\uXXXX (ensure_ascii, its default; a surrogate pair for an emoji), or as it is.
 */
export function pythonDumps(objects: Array<Record<string, unknown>>, ensureAscii = true): string {
  const dumped = `[${objects
    .map(
      (o) =>
        `{${Object.entries(o)
          .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
          .join(', ')}}`,
    )
    .join(', ')}]`;
  return ensureAscii ? dumped.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : dumped;
}

/** A listing of these names in Swift's form (pythonDumps), each object with Swift 2.30's keys in its order. */
export function pythonJson(names: string[]): string {
  return pythonDumps(names.map((name) => ({ bytes: 1, hash: 'h', name, content_type: 'x', last_modified: '2024-05-01T10:20:30.123456' })));
}

/** What Swift's container GET returns for these query parameters (names sorted in byte order). */
export function swiftListing(sorted: string[], q: URLSearchParams): Array<{ name: string } | { subdir: string }> {
  const limit = Number(q.get('limit') ?? 10000);
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const reverse = q.get('reverse') === 'true';
  let marker = q.get('marker') ?? '';
  let endMarker = q.get('end_marker') ?? '';
  if (reverse) [marker, endMarker] = [endMarker, marker]; // as Swift does: the bounds swap roles
  let names = sorted.filter((n) => n.startsWith(prefix) && (!marker || byteOrder(n, marker) > 0) && (!endMarker || byteOrder(n, endMarker) < 0));
  if (reverse) names = names.reverse();
  const out: Array<{ name: string } | { subdir: string }> = [];
  for (const name of names) {
    if (out.length >= limit) break;
    const cut = delimiter ? name.indexOf(delimiter, prefix.length) : -1;
    if (cut >= 0) {
      const subdir = name.slice(0, cut + delimiter.length);
      const last = out[out.length - 1];
      if (!(last && 'subdir' in last && last.subdir === subdir)) out.push({ subdir });
    } else out.push({ name });
  }
  return out.map((e) => ('name' in e ? { ...e, bytes: 1, hash: 'h', content_type: 'x', last_modified: '2024-05-01T10:20:30.123456' } : e));
}

/**
 * A fetch whose answers are released in a random order (one pending request at a time, chosen by `random`),
 * computed from the listing at the moment the request was sent, as a server would.
 */
export function scriptedFetch(sorted: string[], random: () => number, text?: (answer: string[]) => string, fromText = false) {
  const server = randomRelease(random);
  const queries: RangeQuery[] = [];
  /** The queries answered (a request's signal matters only until then). */
  const answered = new Set<RangeQuery>();
  let aborted = 0;
  const fetch: FetchRange = (q) => {
    queries.push(q);
    const params = new URLSearchParams();
    params.set('limit', String(q.limit));
    if (q.marker !== undefined) params.set('marker', q.marker);
    if (q.endMarker !== undefined) params.set('end_marker', q.endMarker);
    if (q.prefix) params.set('prefix', q.prefix);
    if (q.reverse) params.set('reverse', 'true');
    const names = swiftListing(sorted, params).map((e) => (e as { name: string }).name);
    // fromText: the entries are the text's, parsed (as SwiftClient's fetch gives them: only the wanted objects in
    // full when the query says which); else plain entries.
    const answer = text && fromText ? parseRangePage(text(names), q.wanted) : names.map(object);
    // The text arrives (and is announced) a moment before the parsed page, and always before it (as SwiftClient's).
    let announced = false;
    const announce = () => {
      if (announced || !text || q.signal.aborted) return;
      announced = true;
      q.onText?.(text(names));
    };
    setImmediate(announce);
    return server.hold(answer, q.signal, (released) => void (released ? (announce(), answered.add(q)) : aborted++));
  };
  return { fetch, queries, answered, stop: server.stop, aborted: () => aborted };
}

/**
 * Answers released in a random order: each turn of the event loop, one pending answer chosen by `random` goes.
 * `hold` gives a promise of `answer`, rejected when `signal` aborts first; `settled` is told which happened.
 */
export function randomRelease(random: () => number) {
  const pending: Array<() => void> = [];
  let running = true;
  const tick = () => {
    if (!running) return;
    if (pending.length) pending.splice(Math.floor(random() * pending.length), 1)[0]();
    setImmediate(tick);
  };
  setImmediate(tick);
  const hold = <T>(answer: T, signal: AbortSignal, settled: (released: boolean) => void = () => undefined): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const release = () => {
        signal.removeEventListener('abort', onAbort);
        settled(true);
        resolve(answer);
      };
      const onAbort = () => {
        const i = pending.indexOf(release);
        if (i >= 0) pending.splice(i, 1);
        settled(false);
        reject(new Error('aborted'));
      };
      pending.push(release);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  return { hold, stop: () => void (running = false) };
}

/** The names of `sorted` a listing of this range gives, in server order. */
export function namesInRange(sorted: string[], range: { prefix?: string; after?: string; before?: string }): string[] {
  return sorted.filter(
    (n) =>
      (!range.prefix || n.startsWith(range.prefix)) &&
      (range.after === undefined || byteOrder(n, range.after) > 0) &&
      (range.before === undefined || byteOrder(n, range.before) < 0),
  );
}

/** Checks a listing's names: exactly `expected` in server order, or each of them once in arrival order. */
export function assertListed(names: string[], expected: string[], order: 'server' | 'arrival' | undefined, what: string): void {
  if (order === 'arrival') {
    assert.equal(new Set(names).size, names.length, `${what}: a name twice`);
    names = [...names].sort(byteOrder);
  }
  assert.deepEqual(names, expected, what);
}

export async function collect(pages: AsyncIterable<ObjectEntry[]>): Promise<string[]> {
  const names: string[] = [];
  for await (const page of pages) for (const e of page) names.push(e.name);
  return names;
}

/** A request as one line: side (F or B), marker, end marker, limit, and the prefix when there is one. */
export const requestLine = (q: RangeQuery) => `${q.reverse ? 'B' : 'F'} ${q.marker ?? '-'} ${q.endMarker ?? '-'} ${q.limit}${q.prefix ? ` ${q.prefix}` : ''}`;

/**
 * One gap (listGaps with `gaps: 1`, never split): one forward cursor, and a backward one from the end where `backward`
 * says so; short pages end a side (Swift's way) unless told otherwise.
 */
export function oneGap(
  fetch: FetchRange,
  options: Omit<GapOptions, 'gaps' | 'backward' | 'shortPagesEnd'> & Partial<GapOptions>,
): AsyncGenerator<ObjectEntry[]> {
  return listGaps(fetch, { backward: false, shortPagesEnd: true, ...options, gaps: 1 });
}

/**
 * Candidate names inside a listing range, for splitting it where the server cannot list backwards (splitListing.ts).
 * A candidate is only a guess: the server tells the real name after it (a `limit=1` probe), and only real names
 * become split points. Names are ordered as Swift and Ceph RGW order them, by UTF-8 bytes (= code point order), so
 * the interpolation is in UTF-8 byte space: the lead byte, plus the fraction its continuation bytes add. ASCII then
 * spans half the space, as it does in the order. A candidate is a valid string (no lone surrogate, no NUL).
 */
import { compareNames } from './listing';

/**
 * A character's place in byte space: 1 + its lead byte + the fraction of its continuation bits (0: no character).
 * Byte values that start no character (0x80–0xC1) take no room: lead bytes from 0xC2 up sit right after ASCII.
 */
function weight(cp: number): number {
  if (cp < 0x80) return 1 + cp;
  if (cp < 0x800) return 1 + (0xc0 | (cp >> 6)) - GAP + (cp & 0x3f) / 0x40;
  if (cp < 0x10000) return 1 + (0xe0 | (cp >> 12)) - GAP + (cp & 0xfff) / 0x1000;
  return 1 + (0xf0 | (cp >> 18)) - GAP + (cp & 0x3ffff) / 0x40000;
}

/** The byte values between ASCII and the first lead byte (0xC2). */
const GAP = 0xc2 - 0x80;
/** Above every lead byte: the end of an open range. */
const TOP = 1 + 0xf5 - GAP;
const BASE = 256;
/** Characters interpolated after the common prefix (enough for a double's precision). */
const LEVELS = 3;
/** Swift's and RGW's longest name; a longer marker could be refused. */
const MAX_NAME_BYTES = 1024;

/** The code point whose place is at or just above `w` (≥ 1): byte values that start no character round up. */
function codePointAt(w: number): number {
  const v = w - 1;
  const byte = Math.floor(v);
  const bits = (n: number) => Math.floor((v - byte) * 2 ** n);
  if (byte < 0x80) return byte;
  const lead = byte + GAP;
  if (lead < 0xe0) return ((lead & 0x1f) << 6) | bits(6);
  if (lead < 0xf0) {
    const cp = Math.max(0x800, ((lead & 0x0f) << 12) | bits(12));
    return cp >= 0xd800 && cp < 0xe000 ? 0xe000 : cp; // never a surrogate
  }
  if (lead < 0xf5) return Math.min(0x10ffff, Math.max(0x10000, ((lead & 0x07) << 18) | bits(18)));
  return 0x10ffff;
}

const codePoints = (s: string) => Array.from(s, (c) => c.codePointAt(0) as number);

/** The place of `cps` from index `d` on, as a number (the first character's place, then the next ones' / 256…). */
function place(cps: number[], d: number): number {
  let v = 0;
  for (let i = 0; i < LEVELS && d + i < cps.length; i++) v += weight(cps[d + i]) / BASE ** i;
  return v;
}

function commonLength(a: number[], b: number[]): number {
  let d = 0;
  while (d < a.length && d < b.length && a[d] === b[d]) d++;
  return d;
}

/** The characters at place `v`. */
function decode(v: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < LEVELS && v >= 2; i++) {
    const cp = codePointAt(v);
    out.push(cp);
    const rest = v - weight(cp);
    if (rest < 0) break; // rounded up: already above v
    v = rest * BASE;
  }
  return out;
}

/**
 * The two ends of a range as code points from where they differ: `hi` undefined is the end of the listing (every
 * name under `prefix`).
 */
function ends(lo: string, hi: string | undefined, prefix: string) {
  const l = codePoints(lo);
  const h = hi === undefined ? undefined : codePoints(hi);
  const d = h === undefined ? Math.min(codePoints(prefix).length, l.length) : commonLength(l, h);
  const from = place(l, d);
  let to = h === undefined ? TOP : place(h, d);
  // Names mostly keep one kind of character at a place (digits, letters, one UTF-8 length): a bound beyond the
  // kind is aimed below (a probe that finds nothing there moves the bound down; one that finds a name splits).
  const end = d < l.length ? kindAfter(l[d]) : undefined;
  if (end !== undefined && to > weight(end)) to = weight(end);
  return { l, d, from, to };
}

/** Just after `cp`'s kind: after the digits, the lower or upper case ASCII letters, else its UTF-8 length class. */
function kindAfter(cp: number): number | undefined {
  for (const [first, last] of [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ])
    if (cp >= first && cp <= last) return last + 1;
  return classAfter(cp);
}

/** The first code point of the UTF-8 length class after `cp`'s. */
function classAfter(cp: number): number | undefined {
  return cp < 0x80 ? 0x80 : cp < 0x800 ? 0x800 : cp < 0x10000 ? 0x10000 : undefined;
}

/** After every name that starts with what precedes it (the last code point). */
export const FOLDER_END = '\u{10ffff}';

/** What ends a folder-like part of a name. */
const SEPARATORS = new Set(Array.from('/-_. :', (c) => c.codePointAt(0) as number));

/**
 * Names just past every name that starts like `lo` up to a separator (or up to its first character past `prefix`):
 * one probe after each tells where the names under that "folder" end, at several scales at once, when a range's end
 * is unknown. Shallowest first.
 */
export function prefixEnds(lo: string, prefix = ''): string[] {
  const l = codePoints(lo);
  const p = codePoints(prefix).length;
  const out: string[] = [];
  for (let i = p + 1; i < l.length; i++) if (i === p + 1 || SEPARATORS.has(l[i - 1])) out.push(String.fromCodePoint(...l.slice(0, i)) + FOLDER_END);
  return out.filter((n) => Buffer.byteLength(n) <= MAX_NAME_BYTES);
}

/**
 * A name about `fraction` (0–1) of the way from `lo` to `hi` (undefined: the end of the names under `prefix`),
 * strictly between them; undefined when none is found (the two are too close, or it would be too long a name).
 */
export function nameBetween(lo: string, hi: string | undefined, fraction: number, prefix = ''): string | undefined {
  const { l, d, from, to } = ends(lo, hi, prefix);
  if (!(to > from)) return undefined;
  const name = String.fromCodePoint(...l.slice(0, d), ...decode(from + (to - from) * fraction));
  if (compareNames(name, lo) <= 0 || (hi !== undefined && compareNames(name, hi) >= 0)) return undefined;
  return Buffer.byteLength(name) <= MAX_NAME_BYTES ? name : undefined;
}

/**
 * The exclusive upper bound just past `name`: Swift refuses a name holding NUL, so no name lies strictly between the
 * two, and the names before it are the names up to `name` itself. Undefined where it would be too long a marker.
 */
export function justPast(name: string): string | undefined {
  const bound = `${name}\u0001`;
  return Buffer.byteLength(bound) <= MAX_NAME_BYTES ? bound : undefined;
}

/** How far apart two names are, on a log scale (to split the widest range first): larger is wider. */
export function spread(lo: string, hi: string | undefined, prefix = ''): number {
  const { d, from, to } = ends(lo, hi, prefix);
  return to > from ? Math.log2(to - from) - 8 * d : -Infinity;
}

/**
 * The first name of the next wider class of characters after `lo`'s first character past `prefix` (U+0080 after
 * ASCII, U+0800, U+10000): where to look first for the end of an open range, since names mostly stay in one class.
 */
export function classEnd(lo: string, prefix = ''): string | undefined {
  const p = codePoints(prefix).length;
  const l = codePoints(lo);
  const next = l.length > p ? classAfter(l[p]) : undefined;
  return next === undefined ? undefined : String.fromCodePoint(...l.slice(0, p), next);
}

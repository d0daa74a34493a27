/**
 * A listing page read for its names first (a search): the names come out of the JSON text without parsing the page,
 * and only the objects a predicate wants are parsed. A search's client work on a page of 5,000 was mostly
 * `JSON.parse` and the entries (11 + 12 ms of ~40, cold; DEVELOPING.md, Performance), for the few names that match.
 */
import { parseListingText, parseObjectListing, type ListingEntry, type ObjectEntry } from './listing';

/**
 * An entry standing for an object that was not wanted: only its name is read (no size, hash, date or type). It
 * keeps the page's length and order for the listing's bookkeeping (markers, bounds, the meeting point); the caller
 * asked not to see these entries and must not show them.
 */
class NameOnlyEntry implements ObjectEntry {
  readonly kind = 'object';
  readonly bytes = 0;
  readonly hash = '';
  readonly lastModified = undefined;
  readonly contentType = '';
  constructor(readonly name: string) {}
}

export function nameOnly(name: string): ObjectEntry {
  return new NameOnlyEntry(name);
}

/** `RangeQuery.wanted` for a page read for its names only: no object wanted in full. */
export const NO_OBJECT_WANTED = (): boolean => false;

/** Whether an entry was made by nameOnly (its object not wanted): told apart without asking the predicate again. */
export function isNameOnly(entry: ObjectEntry): boolean {
  return entry instanceof NameOnlyEntry;
}

/**
 * Beyond this share of wanted names, one `JSON.parse` of the page is cheaper than parsing the wanted objects one by
 * one: the page is parsed whole.
 */
const WANTED_SHARE_LIMIT = 1 / 8;

/**
 * The page's entries, those `wanted` accepts parsed in full, the others `nameOnly`. Only text in the form Swift
 * writes is read this way: a JSON array of flat objects, each with one `"name"` string. An unescaped quote cannot
 * occur inside a JSON string, so `{"` occurs only where an object starts (listing objects nest nothing) and
 * `"name": "` only where a name key is: when there are as many of each and the k-th name lies in the k-th object,
 * each name is read between its quotes (JSON-unescaped if it holds a backslash) and each object's text runs to the
 * last `}` before the next object. Any other text (an object without a name, a folder entry, anything between the
 * objects but a comma, not JSON at all) is parsed whole by parseListingText, which says what is wrong with it. The
 * objects not wanted are read for their names only: the rest of their text is not checked.
 */
export function parseListingNames(text: string, wanted: (name: string) => boolean): ListingEntry[] {
  return scanNames(text, wanted) ?? parseListingText(text);
}

/** A full listing's page as a fetch gives it (RangeQuery.wanted): the wanted objects in full where it says which, else all. */
export function parseRangePage(text: string, wanted?: (name: string) => boolean): ObjectEntry[] {
  return (wanted ? parseListingNames(text, wanted) : parseListingText(text)) as ObjectEntry[];
}

function scanNames(text: string, wanted: (name: string) => boolean): ObjectEntry[] | undefined {
  const body = text.trim();
  if (!body.startsWith('[') || !body.endsWith(']')) return undefined;
  const nameKey = nameKeyOf(body);
  const starts = positions(body, '{"');
  const names = keyPositions(body, nameKey);
  if (!starts.length || names.length !== starts.length || !separates(body, 1, starts[0], false)) return undefined;
  const entries: ObjectEntry[] = [];
  let parsed = 0;
  for (let k = 0; k < starts.length; k++) {
    // The object ends at the last `}` before the next object (or the array's end), and a comma alone separates them.
    const next = k + 1 < starts.length ? starts[k + 1] : body.length - 1;
    const end = body.lastIndexOf('}', next); // body[next] is `{` or the final `]`
    const open = names[k] + nameKey.length - 1;
    const close = closingQuote(body, open);
    // (A name's closing quote past `end` would stand between `end` and `next`, where separates allows no quote.)
    if (names[k] < starts[k] || close < 0 || !separates(body, end + 1, next, next < body.length - 1)) return undefined;
    const raw = body.slice(open + 1, close);
    const name = raw.includes('\\') ? jsonString(body.slice(open, close + 1)) : ownCopy(raw);
    if (name === undefined) return undefined;
    if (!wanted(name)) {
      entries.push(nameOnly(name));
      continue;
    }
    if (++parsed > starts.length * WANTED_SHARE_LIMIT) return undefined;
    let object: unknown;
    try {
      object = JSON.parse(body.slice(starts[k], end + 1));
    } catch {
      return undefined;
    }
    // A folder entry (`subdir` beside the name) has no name: parsed whole, as it is.
    const [entry] = parseObjectListing([object]);
    if ((entry as Partial<ObjectEntry>).name !== name) return undefined;
    entries.push(entry as ObjectEntry);
  }
  return entries;
}

/**
 * The same characters in a string of their own. V8 makes a slice of 13 characters or more a view into the text it
 * was cut from: a name kept (a held page's last name, a cursor's bound, a caller's list of names) would keep its
 * whole page of ~1 MB alive. Keeping the 100,000 names of a listing took 23 MB of heap instead of 10,
 * and the lister's peak RSS fell 5 to 6 % (DEVELOPING.md, Performance). `+` then `slice` makes V8 write the name
 * out (0.55 ms a page of 5,000 names).
 */
function ownCopy(slice: string): string {
  return (slice + ' ').slice(0, -1);
}

/** How a listing's text writes its name keys: Swift's `"name": "`, or the compact `"name":"` where that is absent. */
export function nameKeyOf(text: string): string {
  return text.includes('"name": "') ? '"name": "' : '"name":"';
}

/** A JSON string literal's value (escapes read), or undefined when it is not one. */
export function jsonString(literal: string): string | undefined {
  try {
    return JSON.parse(literal) as string; // a quoted literal: a string or an error
  } catch {
    return undefined;
  }
}

/** The index of the quote closing the JSON string opened at `open`, or -1. */
export function closingQuote(text: string, open: number): number {
  // Most names hold no backslash: the first quote closes them (found natively, not a character at a time).
  const quote = text.indexOf('"', open + 1);
  if (quote < 0 || text.charCodeAt(quote - 1) !== 92) return quote;
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92)
      i++; // backslash: the next character is escaped
    else if (c === 34) return i;
  }
  return -1;
}

/** Whether text[from, to) is blank around one comma (`comma`) or blank only. */
function separates(text: string, from: number, to: number, comma: boolean): boolean {
  let commas = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 44) commas++;
    else if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return false;
  }
  return commas === (comma ? 1 : 0);
}

/**
 * Where a name key (nameKeyOf) occurs in `text`, in order: found without its opening quote, which is then checked. A
 * pattern that starts with a quote stops the native search at every quote of the text (14 an object), one that starts
 * with `n` far less often: 0.33 against 0.83 ms for a page of 5,000 names.
 */
export function keyPositions(text: string, key: string): number[] {
  const found: number[] = [];
  const tail = key.slice(1);
  for (let i = text.indexOf(tail); i >= 0; i = text.indexOf(tail, i + tail.length)) if (text.charCodeAt(i - 1) === 34) found.push(i - 1);
  return found;
}

/** Where `part` occurs in `text`, in order. */
export function positions(text: string, part: string): number[] {
  const found: number[] = [];
  for (let i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length)) found.push(i);
  return found;
}

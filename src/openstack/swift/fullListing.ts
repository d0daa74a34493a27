/**
 * A full listing's requests, whichever reader sends them (gapListing.ts where the server lists backwards, one gap
 * of two cursors or one cursor alone up to several gaps; splitListing.ts on Ceph RGW): what a request asks
 * (RangeQuery), what answers it (FetchRange), what a page's text tells before it is parsed (peekListing), and what
 * every page must be (checkPage). The pager for one page at a time is in listing.ts.
 */
import * as l10n from '@vscode/l10n';
import { closingQuote, jsonString, keyPositions, nameKeyOf } from './listingNames';
import { badListing, compareNames, type FolderEntry, type ObjectEntry } from './listing';

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
   * Never for a page given as names alone (`wanted`): such a page is held as its text and completed when yielded.
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
  const found = keyPositions(text, key);
  if (!found.length) return undefined;
  const open = found[found.length - 1] + key.length - 1;
  const close = closingQuote(text, open);
  const last = close < 0 ? undefined : jsonString(text.slice(open, close + 1));
  return last === undefined ? undefined : { count: found.length, last };
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

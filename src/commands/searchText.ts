/**
 * What the search box says: its title with the progress ("scanned 34,000 of 100,000 (34 %) · 12 matches"), its
 * placeholder per mode, and a result's label and description. Pure (no `vscode`), so unit tests pin the texts down.
 */
import * as l10n from '@vscode/l10n';
import { humanSize, formatCount, formatDate, visibleName } from '../ui/format';
import type { ObjectEntry } from '../openstack/swift/listing';
import type { SearchMode, SearchProgress } from '../openstack/swift/search';

/** Most results a search box lists; further matches are counted, not shown. */
export const RESULT_CAP = 1000;

export interface SearchState {
  query: string;
  mode: SearchMode;
  caseSensitive: boolean;
  progress: SearchProgress | undefined;
  /** Results listed (at most RESULT_CAP). */
  shown: number;
  /** One sentence when the search failed. */
  error: string | undefined;
}

/** `scanned 34,000 of 100,000 (34 %) · 12 matches`; `… · 1,000 of 5,432 matches shown` past the cap. */
export function progressText(progress: SearchProgress, shown: number): string {
  const { scanned, total, matches } = progress;
  let text = l10n.t('scanned {0}', formatCount(scanned));
  if (total !== undefined && !progress.done && total > 0) {
    text += l10n.t(' of {0} ({1} %)', formatCount(total), Math.min(100, Math.floor((scanned / total) * 100)));
  }
  const found = matches === 1 ? l10n.t('1 match') : l10n.t('{0} matches', formatCount(matches));
  text += shown < matches ? l10n.t(' · {0} of {1} shown', formatCount(shown), found) : ` · ${found}`;
  return progress.done ? l10n.t('{0} · done', text) : text;
}

/** The box's title: what is searched, how, and how far. */
export function searchTitle(scope: string, state: SearchState): string {
  const head =
    state.mode === 'prefix'
      ? l10n.t('Search {0} by prefix', scope)
      : state.caseSensitive
        ? l10n.t('Search {0} by substring, match case', scope)
        : l10n.t('Search {0} by substring', scope);
  if (state.error) return l10n.t('{0} · failed', head);
  if (!state.query || !state.progress) return head;
  return l10n.t('{0} · {1}', head, progressText(state.progress, state.shown));
}

export function searchPlaceholder(mode: SearchMode): string {
  return mode === 'prefix'
    ? l10n.t('Type the start of a name (exact, listed by the server); the button on the right searches by substring')
    : l10n.t('Type part of a name (any case, accents as typed); the button on the right searches by prefix');
}

/** A result's label: its name after the folder searched in, one line, hidden characters made visible. */
export function hitLabel(name: string, within: string): string {
  return visibleName(name.slice(within.length));
}

/** `1.50 KiB · 2024-05-01 12:34`. */
export function hitDescription(entry: ObjectEntry): string {
  return [humanSize(entry.bytes), formatDate(entry.lastModified)].filter(Boolean).join(' · ');
}

/**
 * What the tree shows, as text: counts, dates, names made safe to display, and tree item ids. Sizes come
 * from documents/format.ts, so the tree and the metadata documents print them alike. Pure functions (no
 * `vscode` import), so the unit tests pin them down exactly.
 */

/** `12,345`: fixed grouping so descriptions read the same on every machine. */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '?';
}

/** `1 object`, `2 objects`. */
export function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `2024-05-01 12:34` in local time, short enough for a description; empty when unknown. */
export function formatDate(date: Date | undefined): string {
  if (!date || Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Local time to the second plus the UTC instant, for tooltips. */
export function formatDateLong(date: Date | undefined): string {
  if (!date || Number.isNaN(date.getTime())) return 'unknown';
  return `${formatDate(date)}:${pad(date.getSeconds())} (${date.toISOString()})`;
}

/** Control pictures for the characters people most often meet in broken names. */
const PICTURES: Record<string, string> = { '\n': '⏎', '\r': '␍', '\t': '⇥', '\x7f': '␡' };

/**
 * Characters that are invisible, move the line, or reorder text (controls, bidi overrides, zero-width spaces,
 * line separators, unpaired surrogates): a name must not be able to hide or disguise its text with them.
 * Zero-width (non-)joiners stay: Persian, Indic scripts and emoji sequences need them.
 */
const HIDDEN = /(?![\u200c\u200d])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/**
 * A name as a one-line label: newlines show as ⏎, other controls as their control picture or `⟨U+202E⟩`,
 * leading and trailing spaces as ␣, an empty name as ⟨empty⟩. For display only: nodes keep the real name.
 */
export function visibleName(name: string): string {
  if (name === '') return '⟨empty⟩';
  const shown = name.replace(HIDDEN, (ch) => {
    const picture = PICTURES[ch];
    if (picture) return picture;
    const code = ch.codePointAt(0)!;
    if (code < 0x20) return String.fromCharCode(0x2400 + code); // ␀ … ␟
    return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
  });
  return shown.replace(/^ +| +$/g, (spaces) => '␣'.repeat(spaces.length));
}

/**
 * A name as an unambiguous quoted string (`"a\nb"`, `"\u202e"`), for tooltips: unlike the label, two
 * different names never read the same.
 */
export function quotedName(name: string): string {
  // JSON.stringify already escapes controls and unpaired surrogates; add the invisible and reordering ones.
  return JSON.stringify(name).replace(/[\p{Cf}\p{Zl}\p{Zp}\u00a0\u2000-\u200a\u3000]/gu, (ch) => {
    const code = ch.codePointAt(0)!;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** True when the label differs from the name, so a tooltip should also show the quoted form. */
export function needsQuoting(name: string): boolean {
  return visibleName(name) !== name || quotedName(name) !== JSON.stringify(name);
}

/**
 * A tree item id from a kind and its parts. `%` and `/` are escaped inside each part and parts are joined
 * with `/`, so two different part lists can never give the same id, whatever characters names hold.
 */
export function stableId(kind: string, ...parts: string[]): string {
  return [kind, ...parts.map((p) => p.replace(/%/g, '%25').replace(/\//g, '%2F'))].join('/');
}

/** The host (and port) of a URL, or the text itself when it is not a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

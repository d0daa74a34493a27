/**
 * THE one place where Swift names become URL text. Everything that builds a Swift URL (the client, temp
 * URLs, curl commands) goes through here, so a name is addressed the same way everywhere.
 *
 * Rules:
 *  - Every byte of the UTF-8 name is percent-encoded except RFC 3986 unreserved characters (A-Z a-z 0-9
 *    - . _ ~); Swift percent-decodes the path once (WSGI PATH_INFO), so any byte sequence round-trips.
 *  - `/` inside an object name stays a literal `/`: Swift splits account/container and takes the rest of
 *    the path, slashes included, as the object name, so `a//b/` and `/a` are ordinary names.
 *  - A segment that is exactly `.` or `..` is sent as `%2E` / `%2E%2E`, so that no URL layer (WHATWG URL,
 *    curl, a proxy) removes it as a dot-segment. Swift decodes it back to the dots.
 *  - Query values use the same encoding, so `+` is `%2B` (Swift's parse_qs would read a bare `+` as a space).
 *
 * What Swift itself accepts (2.30 on Python 3; pinned by test/integration/swiftNames.test.ts):
 *  - Any valid UTF-8 except NUL (412 "Invalid UTF8 or contains NULL"): control characters, newlines, `.`,
 *    `..`, `/`, `//`, bidi marks, NFC and NFD spellings (kept as two distinct names, never normalised).
 *  - Length limits count characters, not bytes: 1,024 for objects, 256 for containers (400 beyond).
 *  - The request line may not exceed 8 KiB (414): ~700 four-byte characters are too many once encoded.
 *  - Listings come back in UTF-8 byte order, names byte-exact.
 */
import * as l10n from '@vscode/l10n';
import { OpenStackError } from '../errors';

/** Percent-encodes one path segment or query value (UTF-8, upper-case hex, unreserved characters kept). */
export function encodeSegment(text: string): string {
  checkUnicode(text);
  if (text === '.' || text === '..') return text.replace(/\./g, '%2E');
  // encodeURIComponent keeps unreserved characters and !'()*, which Swift would also accept raw; they
  // are encoded too so that URLs are uniform and survive any shell or markup they are pasted into.
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Encodes a container name; rejects names Swift could only read as something else (empty, or with `/`). */
export function encodeContainer(name: string): string {
  if (name === '') throw new OpenStackError('invalidInput', l10n.t('A container name cannot be empty.'));
  if (name.includes('/')) {
    throw new OpenStackError('invalidInput', `A container name cannot contain "/": ${displayName(name)}`);
  }
  return encodeSegment(name);
}

/**
 * Encodes an object name: each `/`-separated segment percent-encoded, the slashes kept. Pass
 * `escapeFinalSlash` only where a tool would otherwise misread a trailing `/` (curl -T appends the local
 * file name to a URL ending in `/`); Swift decodes `%2F` to the same `/`.
 */
export function encodeObjectName(name: string, options: { escapeFinalSlash?: boolean } = {}): string {
  if (name === '') throw new OpenStackError('invalidInput', l10n.t('An object name cannot be empty.'));
  const encoded = name.split('/').map(encodeSegment).join('/');
  return options.escapeFinalSlash && encoded.endsWith('/') ? `${encoded.slice(0, -1)}%2F` : encoded;
}

export type QueryValue = string | number | boolean | undefined;

/** `?a=1&b=x%2By`; `true` renders a bare key (`?bulk-delete`), `undefined` and `false` are left out. */
export function encodeQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === false) continue;
    parts.push(value === true ? encodeSegment(key) : `${encodeSegment(key)}=${encodeSegment(String(value))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/**
 * The URL of the account (no container), a container, or an object. `storageUrl` is the catalog's
 * object-store endpoint (…/v1/AUTH_x), already encoded; a trailing `/` on it is ignored.
 */
export function swiftUrl(
  storageUrl: string,
  container?: string,
  object?: string,
  query?: Record<string, QueryValue>,
  options: { escapeFinalSlash?: boolean } = {},
): string {
  if (object !== undefined && container === undefined) {
    throw new OpenStackError('invalidInput', l10n.t('An object URL needs a container.'));
  }
  let url = storageUrl.replace(/\/+$/, '');
  if (container !== undefined) url += `/${encodeContainer(container)}`;
  if (object !== undefined) url += `/${encodeObjectName(object, options)}`;
  return url + encodeQuery(query);
}

/** `/container/object` as the COPY `Destination` header and bulk-delete bodies want it (encoded). */
export function containerPath(container: string, object?: string): string {
  return object === undefined ? `/${encodeContainer(container)}` : `/${encodeContainer(container)}/${encodeObjectName(object)}`;
}

/** Percent-decoded text as Swift sends some paths, or the text as it is when it is not valid percent-encoding. */
export function decodeOrKeep(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * A name quoted for messages: control, invisible and reordering characters escaped (quotedName), long names
 * shortened. Not for URLs.
 */
export function displayName(name: string, max = 120): string {
  const chars = [...name]; // code points: never cut a surrogate pair
  const shown = chars.length > max ? `${chars.slice(0, max).join('')}…` : name;
  return quotedName(shown);
}

/*
 * How a name is shown to people, in one place for every layer (ui/format.ts re-exports these). A name must
 * never be able to hide, reorder or break the text around it (U+202E, zero-width spaces, newlines).
 */

/** Control pictures for the characters people most often meet in broken names. */
const PICTURES: Record<string, string> = { '\n': '⏎', '\r': '␍', '\t': '⇥', '\x7f': '␡' };

/**
 * Characters that are invisible, move the line, or reorder text (controls, bidi overrides, zero-width spaces,
 * line separators, unpaired surrogates): a name must not be able to hide or disguise its text with them.
 * Zero-width (non-)joiners stay: Persian, Indic scripts and emoji sequences need them.
 */
const HIDDEN = /(?![\u200c\u200d])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/** The text with each hidden character as its control picture (⏎, ␀ … ␟) or `⟨U+202E⟩`; nothing else changed. */
export function escapeHidden(text: string): string {
  return text.replace(HIDDEN, (ch) => {
    const picture = PICTURES[ch];
    if (picture) return picture;
    const code = ch.codePointAt(0)!;
    if (code < 0x20) return String.fromCharCode(0x2400 + code); // ␀ … ␟
    return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
  });
}

/**
 * A name as a one-line label: newlines show as ⏎, other controls as their control picture or `⟨U+202E⟩`,
 * leading and trailing spaces as ␣, an empty name as ⟨empty⟩. For display only: nodes keep the real name.
 */
export function visibleName(name: string): string {
  if (name === '') return '⟨empty⟩';
  return escapeHidden(name).replace(/^ +| +$/g, (spaces) => '␣'.repeat(spaces.length));
}

/**
 * A name as an unambiguous quoted string (`"a\nb"`, `"\u202e"`), for messages and tooltips: unlike the label,
 * two different names never read the same.
 */
export function quotedName(name: string): string {
  // JSON.stringify already escapes controls and unpaired surrogates; add the invisible and reordering ones.
  return JSON.stringify(name).replace(/[\p{Cf}\p{Zl}\p{Zp}\u00a0\u2000-\u200a\u3000]/gu, (ch) => {
    const code = ch.codePointAt(0)!;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

function checkUnicode(text: string): void {
  // With the u flag this matches only unpaired surrogates, which have no UTF-8 form.
  if (/[\uD800-\uDFFF]/u.test(text)) {
    throw new OpenStackError('invalidInput', l10n.t('Name is not valid Unicode (lone surrogate): {0}', displayName(text)));
  }
}

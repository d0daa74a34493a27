/**
 * How every feature writes what it shows: sizes, counts, durations and dates, token masking, names made safe
 * to display, and tree item ids. Pure functions (no `vscode` import), so the unit tests pin them down exactly,
 * and the tree, the documents, the status bar and the messages print them alike.
 */
import * as l10n from '@vscode/l10n';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const IEC_UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** "0 B", "999 B", "1.46 KiB", "12.3 MiB", "512 GiB": binary units, three significant digits. */
export function humanSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return l10n.t('unknown size');
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < IEC_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // 1023.9 KiB would print as "1.02e+3" with toPrecision(3); three digits before the point are enough.
  const text = value >= 100 ? Math.round(value).toString() : value.toPrecision(3);
  // Rounding can reach the next unit (1023.7 KiB → "1024 KiB"); say "1.00 MiB" instead.
  if (text === '1024' && unit < IEC_UNITS.length - 1) return `1.00 ${IEC_UNITS[unit + 1]}`;
  return `${text} ${IEC_UNITS[unit]}`;
}

/** "1,234,567 bytes" (also "1 byte"): the exact count next to the human-readable size. */
export function exactBytes(bytes: number): string {
  const grouped = Math.trunc(bytes)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return bytes === 1 ? l10n.t('{0} byte', grouped) : l10n.t('{0} bytes', grouped);
}

/** "1.46 KiB (1,500 bytes)"; sizes below 1 KiB are said once ("42 bytes"). */
export function sizeWithBytes(bytes: number): string {
  return bytes < 1024 ? exactBytes(bytes) : `${humanSize(bytes)} (${exactBytes(bytes)})`;
}

/** "3 days 4 h", "2 h 5 min", "54 min", "less than a minute": a span for sentences. */
export function spanText(ms: number): string {
  const span = Math.abs(ms);
  if (span < MINUTE) return l10n.t('less than a minute');
  const days = Math.floor(span / DAY);
  const hours = Math.floor((span % DAY) / HOUR);
  const minutes = Math.floor((span % HOUR) / MINUTE);
  const dayText = days === 1 ? l10n.t('1 day') : l10n.t('{0} days', formatCount(days));
  if (days > 0) return hours > 0 ? l10n.t('{0} {1} h', dayText, hours) : dayText;
  if (hours > 0) return minutes > 0 ? l10n.t('{0} h {1} min', hours, minutes) : l10n.t('{0} h', hours);
  return l10n.t('{0} min', minutes);
}

/** "54 min left", "expired 3 min ago", "expired just now", or "no expiry" (Swift v1 without one). */
export function timeLeftText(expiresAt: Date | undefined, now: number): string {
  if (!expiresAt) return l10n.t('no expiry');
  const left = expiresAt.getTime() - now;
  if (left > 0) return l10n.t('{0} left', spanText(left));
  if (-left < MINUTE) return l10n.t('expired just now');
  return l10n.t('expired {0} ago', spanText(left));
}

/** "54m", "2h 5m", "3d 4h", "<1m", "expired", "∞": short enough for the status bar. */
export function compactTimeLeft(expiresAt: Date | undefined, now: number): string {
  if (!expiresAt) return '∞';
  const left = expiresAt.getTime() - now;
  if (left <= 0) return l10n.t('expired');
  if (left < MINUTE) return '<1m';
  const days = Math.floor(left / DAY);
  const hours = Math.floor((left % DAY) / HOUR);
  const minutes = Math.floor((left % HOUR) / MINUTE);
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return minutes > 0 ? `${hours}h ${minutes}m` : `${hours}h`;
  return `${minutes}m`;
}

/** ISO 8601 in UTC, or "—" when there is no (valid) date. */
export function isoDate(date: Date | undefined): string {
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : '—';
}

/**
 * Swift's X-Timestamp ("1714558830.12345", seconds since the epoch, sometimes with an `_offset` suffix
 * for internal ordering) as a Date; undefined when it is not one.
 */
export function dateFromSwiftTimestamp(text: string | undefined): Date | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)(?:_[0-9a-f]+)?\s*$/i.exec(text ?? '');
  if (!m) return undefined;
  const date = new Date(Math.floor(Number(m[1]) * 1000));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * A token id as shown unless the user asked to reveal it: its first four characters and an ellipsis, enough
 * to tell two tokens apart in a conversation, useless as a credential. Short ids are masked whole.
 */
export function maskTokenId(id: string): string {
  if (id.length < 16) return '••••';
  return `${id.slice(0, 4)}…`;
}

/** `12,345`: fixed grouping so descriptions read the same on every machine. */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '?';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `2024-05-01 12:34` in local time, short enough for a description; empty when unknown. */
export function formatDate(date: Date | undefined): string {
  if (!date || Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Local time to the second plus the UTC instant, for tooltips. */
export function formatDateLong(date: Date | undefined): string {
  if (!date || Number.isNaN(date.getTime())) return l10n.t('unknown');
  return `${formatDate(date)}:${pad(date.getSeconds())} (${date.toISOString()})`;
}

// One display of names for every layer (the location and client layers use them too): see names.ts.
export { visibleName, quotedName, escapeHidden } from '../openstack/swift/names';
import { visibleName, quotedName } from '../openstack/swift/names';

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

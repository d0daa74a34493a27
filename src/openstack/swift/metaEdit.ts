/**
 * Planning user-metadata edits: which headers one POST must send so that exactly the requested keys change
 * and nothing else is lost. Pure (no I/O), so every case is unit-tested.
 *
 * Accounts and containers: a POST only touches the headers it names; keys are set with
 * `X-{Account,Container}-Meta-K: v` and removed with `X-Remove-{Account,Container}-Meta-K`.
 *
 * Objects: a POST REPLACES all user metadata and every POST-able system header. Measured on Swift 2.30
 * (test/integration/metadataEditing.test.ts): Content-Type is kept, but Content-Disposition,
 * Content-Encoding, Content-Language, Cache-Control, Expires, X-Robots-Tag and X-Delete-At are dropped unless
 * sent again, and X-Object-Manifest (a DLO manifest) is in the same list. So an object edit sends every
 * current `X-Object-Meta-*` with the change applied, plus those headers as they are now.
 */
import * as l10n from '@vscode/l10n';
import { OpenStackError } from '../errors';
import { STORED_OBJECT_HEADERS, type MetaTarget } from './metadata';

/** What a person asked to change: keys to set (new or existing) and keys to remove. */
export interface MetaChanges {
  set: Record<string, string>;
  remove: string[];
}

/** Swift's metadata constraints (GET /info, `swift` section), with Swift's defaults. */
export interface MetaLimits {
  maxNameLength: number;
  maxValueLength: number;
  maxCount: number;
  maxOverallSize: number;
}

export const DEFAULT_META_LIMITS: MetaLimits = { maxNameLength: 128, maxValueLength: 256, maxCount: 90, maxOverallSize: 4096 };

/** Object headers a POST drops unless it sends them again (Content-Type is kept by Swift itself). */
export const OBJECT_HEADERS_KEPT_BY_RESENDING = [...STORED_OBJECT_HEADERS, 'x-object-manifest'] as const;

/** Keys Swift reserves for its own features, edited through their own commands (quotas, temp URL keys). */
const RESERVED_KEYS = new Set(['temp-url-key', 'temp-url-key-2', 'quota-bytes', 'quota-count']);

/** Whether a key of an account or container belongs to a Swift feature rather than to the user. */
export function isReservedMetaKey(key: string): boolean {
  return RESERVED_KEYS.has(key.toLowerCase());
}

const TOKEN = /^[!#$%&'*+.^`|~0-9A-Za-z-]+$/;

/**
 * A key as Swift will store it (lower case: HTTP names are case-insensitive and Swift answers them lower
 * case), or an error saying why Swift cannot take it.
 */
export function checkMetaKey(key: string, limits: MetaLimits = DEFAULT_META_LIMITS, target: MetaTarget = 'object'): string {
  if (key === '') throw new OpenStackError('invalidInput', l10n.t('A metadata key cannot be empty.'));
  if (key.includes('_')) {
    throw new OpenStackError(
      'invalidInput',
      l10n.t('Metadata key {0} contains "_": Swift would store it as "{1}". Use "-" instead.', JSON.stringify(key), key.replace(/_/g, '-')),
    );
  }
  if (!TOKEN.test(key)) {
    throw new OpenStackError(
      'invalidInput',
      l10n.t(
        "Metadata key {0} is not allowed: HTTP header names (which Swift keys are) take only ASCII letters, digits and !#$%&'*+.^`|~-, so no spaces or accented letters; values can hold any text.",
        JSON.stringify(key),
      ),
    );
  }
  const name = key.toLowerCase();
  if (target !== 'object' && RESERVED_KEYS.has(name)) {
    throw new OpenStackError('invalidInput', l10n.t('Metadata key "{0}" belongs to a Swift feature (quotas or temp URL keys); use its own command.', name));
  }
  if (name.length > limits.maxNameLength) {
    throw new OpenStackError(
      'invalidInput',
      l10n.t('Metadata key "{0}" is {1} characters long; this cluster takes at most {2}.', name, name.length, limits.maxNameLength),
    );
  }
  return name;
}

/** A value Swift stores exactly as given, or an error saying why it would not. */
export function checkMetaValue(key: string, value: string, limits: MetaLimits = DEFAULT_META_LIMITS): string {
  if (value === '')
    throw new OpenStackError('invalidInput', l10n.t('The value of "{0}" is empty: Swift reads an empty value as "remove the key". Use Remove instead.', key));
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new OpenStackError('invalidInput', l10n.t('The value of "{0}" contains a line break or control character, which an HTTP header cannot carry.', key));
  }
  if (value !== value.trim()) {
    throw new OpenStackError('invalidInput', l10n.t('The value of "{0}" starts or ends with spaces, which HTTP drops: remove them.', key));
  }
  if (/[\uD800-\uDFFF]/u.test(value)) throw new OpenStackError('invalidInput', l10n.t('The value of "{0}" is not valid Unicode (lone surrogate).', key));
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > limits.maxValueLength) {
    throw new OpenStackError(
      'invalidInput',
      l10n.t('The value of "{0}" is {1} bytes in UTF-8; this cluster takes at most {2}.', key, bytes, limits.maxValueLength),
    );
  }
  return value;
}

/** The user metadata after the changes (keys lower case), checked against the cluster's limits. */
export function applyMetaChanges(
  current: Record<string, string>,
  changes: MetaChanges,
  limits: MetaLimits = DEFAULT_META_LIMITS,
  target: MetaTarget = 'object',
): Record<string, string> {
  const next: Record<string, string> = {};
  for (const [key, value] of Object.entries(current)) next[key.toLowerCase()] = value;
  for (const key of changes.remove) delete next[key.toLowerCase()];
  for (const [key, value] of Object.entries(changes.set)) {
    const name = checkMetaKey(key, limits, target);
    next[name] = checkMetaValue(name, value, limits);
  }
  const count = Object.keys(next).length;
  if (count > limits.maxCount)
    throw new OpenStackError('invalidInput', l10n.t('That makes {0} metadata keys; this cluster takes at most {1}.', count, limits.maxCount));
  const size = Object.entries(next).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (size > limits.maxOverallSize) {
    throw new OpenStackError('invalidInput', l10n.t('Keys and values would total {0} bytes; this cluster takes at most {1}.', size, limits.maxOverallSize));
  }
  return next;
}

/**
 * Headers of an object POST: the complete new user metadata, plus every header in
 * OBJECT_HEADERS_KEPT_BY_RESENDING present in `currentHeaders` (a fresh HEAD's, decoded), unchanged.
 */
export function planObjectPost(currentHeaders: Record<string, string>, changes: MetaChanges, limits: MetaLimits = DEFAULT_META_LIMITS): Record<string, string> {
  const lower = Object.fromEntries(Object.entries(currentHeaders).map(([k, v]) => [k.toLowerCase(), v]));
  const current: Record<string, string> = {};
  for (const [name, value] of Object.entries(lower)) if (name.startsWith('x-object-meta-')) current[name.slice('x-object-meta-'.length)] = value;
  const headers: Record<string, string> = {};
  for (const name of OBJECT_HEADERS_KEPT_BY_RESENDING) if (lower[name] !== undefined) headers[name] = lower[name];
  for (const [key, value] of Object.entries(applyMetaChanges(current, changes, limits, 'object'))) headers[`x-object-meta-${key}`] = value;
  return headers;
}

/** Headers of an account or container POST: only the keys that change. */
export function planMetaPost(
  target: 'account' | 'container',
  current: Record<string, string>,
  changes: MetaChanges,
  limits: MetaLimits = DEFAULT_META_LIMITS,
): Record<string, string> {
  const next = applyMetaChanges(current, changes, limits, target); // checks the limits on the result
  const headers: Record<string, string> = {};
  for (const key of changes.remove) {
    const name = key.toLowerCase();
    if (next[name] === undefined) headers[`x-remove-${target}-meta-${checkMetaKey(name, limits, target)}`] = 'x';
  }
  for (const key of Object.keys(changes.set)) {
    const name = key.toLowerCase();
    headers[`x-${target}-meta-${name}`] = next[name];
  }
  return headers;
}

/** The cluster's limits from /info's `swift` section (raw), Swift's defaults where it says nothing. */
export function metaLimitsOf(swiftSection: Record<string, unknown> | undefined): MetaLimits {
  const n = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : d);
  return {
    maxNameLength: n(swiftSection?.max_meta_name_length, DEFAULT_META_LIMITS.maxNameLength),
    maxValueLength: n(swiftSection?.max_meta_value_length, DEFAULT_META_LIMITS.maxValueLength),
    maxCount: n(swiftSection?.max_meta_count, DEFAULT_META_LIMITS.maxCount),
    maxOverallSize: n(swiftSection?.max_meta_overall_size, DEFAULT_META_LIMITS.maxOverallSize),
  };
}

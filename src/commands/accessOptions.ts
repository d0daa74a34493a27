/**
 * The wording and parsing of the access commands (metadata edits, public read, quotas, versions), as data.
 * Pure (no `vscode`), so it is unit-tested; access.ts and metadataEdit.ts only show it.
 */
import * as l10n from '@vscode/l10n';
import type { MetaChanges } from '../openstack/swift/metaEdit';
import type { ObjectVersion } from '../openstack/swift/versions';
import { humanSize, isoDate } from '../ui/format';

/** Pick labels in the display language; a picked label is compared with the same function's value. */
export const ADD_KEY = (): string => l10n.t('Add Key…');
export const APPLY = (): string => l10n.t('Apply Changes');
export const EDIT_VALUE = (): string => l10n.t('Edit Value…');
export const REMOVE_KEY = (): string => l10n.t('Remove Key');

/** A pending edit: what the QuickPick shows and what one POST will send. */
export class MetaDraft {
  readonly changes: MetaChanges = { set: {}, remove: [] };

  constructor(private readonly original: Record<string, string>) {}

  /** The metadata as it will be once applied, keys sorted. */
  current(): Array<[string, string]> {
    const next: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.original)) next[k.toLowerCase()] = v;
    for (const k of this.changes.remove) delete next[k];
    for (const [k, v] of Object.entries(this.changes.set)) next[k] = v;
    return Object.entries(next).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  set(key: string, value: string): void {
    const k = key.toLowerCase();
    this.changes.set[k] = value;
    this.changes.remove = this.changes.remove.filter((r) => r !== k);
  }

  remove(key: string): void {
    const k = key.toLowerCase();
    delete this.changes.set[k];
    if (k in lowerKeys(this.original) && !this.changes.remove.includes(k)) this.changes.remove.push(k);
  }

  /** How many keys the POST changes. */
  count(): number {
    const original = lowerKeys(this.original);
    const changed = Object.entries(this.changes.set).filter(([k, v]) => original[k] !== v).length;
    return changed + this.changes.remove.length;
  }

  /** Whether a key is new, changed or to be removed, for the pick's description. */
  state(key: string): 'new' | 'changed' | undefined {
    const original = lowerKeys(this.original);
    if (!(key in original)) return 'new';
    return key in this.changes.set && this.changes.set[key] !== original[key] ? 'changed' : undefined;
  }
}

function lowerKeys(meta: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(meta).map(([k, v]) => [k.toLowerCase(), v]));
}

/** The modal warning before making a container public. */
export function publicWarning(container: string, url: string): { message: string; detail: string } {
  return {
    message: l10n.t('Make container {0} public?', JSON.stringify(container)),
    detail: l10n.t(
      'Anyone on the internet will be able to read every object in it and list its names, with no token and no sign-in, at {0}. Other entries of its read ACL are kept. "Make Private" undoes it.',
      url,
    ),
  };
}

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/**
 * A byte quota as typed: "500000", "500 MB", "2GiB", "1.5 G"; '' means no quota. Returns the bytes, or a
 * sentence saying what is wrong (for an input box's validation).
 */
export function parseByteQuota(input: string): { bytes: number | undefined } | { error: string } {
  const text = input.trim().toLowerCase().replace(/,/g, '');
  if (text === '' || text === 'none') return { bytes: undefined };
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/.exec(text);
  const unit = m ? UNITS[m[2]] : undefined;
  if (!m || unit === undefined) return { error: l10n.t('"{0}" is not a size: type e.g. 500000, 500 MB or 2 GiB (empty for no quota).', input.trim()) };
  const bytes = Math.round(Number(m[1]) * unit);
  if (!Number.isSafeInteger(bytes)) return { error: l10n.t('That size is too large.') };
  return { bytes };
}

/** An object-count quota as typed: a whole number, '' for none. */
export function parseCountQuota(input: string): { count: number | undefined } | { error: string } {
  const text = input.trim().replace(/[,_ ]/g, '');
  if (text === '' || text.toLowerCase() === 'none') return { count: undefined };
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)))
    return { error: l10n.t('"{0}" is not a whole number of objects (empty for no quota).', input.trim()) };
  return { count: Number(text) };
}

/** "10 MB (10,000,000 bytes)" or "none", for quota prompts and messages. */
export function quotaText(bytes: number | undefined): string {
  return bytes === undefined ? l10n.t('none') : l10n.t('{0} ({1} bytes)', humanSize(bytes), bytes.toLocaleString('en-US'));
}

/** One QuickPick row of a version. */
export function versionItem(v: ObjectVersion): { label: string; description: string; detail: string } {
  const when = v.lastModified
    ? isoDate(v.lastModified)
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC')
    : l10n.t('unknown date');
  const tags = [
    v.deleteMarker ? l10n.t('deleted here (delete marker)') : humanSize(v.bytes),
    v.isLatest ? 'latest' : undefined,
    v.contentType && !v.deleteMarker ? v.contentType : undefined,
  ];
  return {
    label: when,
    description: tags.filter(Boolean).join(' · '),
    detail: v.versionId ? l10n.t('version id {0}', v.versionId) : l10n.t('archived as {0}', JSON.stringify(v.archiveName ?? '')),
  };
}

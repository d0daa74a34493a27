/**
 * The choices the clipboard commands offer and the sentences they say, as data. Pure (no `vscode`), so the
 * expiry parsing and the wording are unit-tested; clipboard.ts only shows them.
 */
import * as l10n from '@vscode/l10n';
import { isoDate, spanText, timeLeftText } from '../ui/format';
import { quotedName } from '../openstack/swift/names';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface ExpiryOption {
  label: string;
  /** Undefined for "Custom…", which asks for a duration or a date. */
  ms: number | undefined;
}

/** The choices of a temp URL's lifetime (a function: labels are read in the display language when asked). */
export const tempUrlExpiries = (): readonly ExpiryOption[] => [
  { label: l10n.t('15 minutes'), ms: 15 * MINUTE },
  { label: l10n.t('1 hour'), ms: HOUR },
  { label: l10n.t('1 day'), ms: DAY },
  { label: l10n.t('7 days'), ms: 7 * DAY },
  { label: l10n.t('Custom…'), ms: undefined },
];

/** Longest custom lifetime accepted: a typo like "3000d" should not mint a near-permanent link. */
export const MAX_TEMP_URL_MS = 366 * DAY;

const UNIT_MS: Record<string, number> = { s: 1000, m: MINUTE, min: MINUTE, h: HOUR, d: DAY, w: 7 * DAY };

/**
 * A custom expiry as typed: a duration ("90m", "2h", "1h30m", "3d", "1w") or an ISO date/time
 * ("2030-01-31", "2030-01-31T12:00Z"; without a zone it is local time, as `Date` reads it).
 * Returns the moment, or a sentence saying what is wrong (for an input box's validation).
 */
export function parseCustomExpiry(input: string, now: number): { expiresAt: Date } | { error: string } {
  const trimmed = input.trim().toLowerCase();
  if (!trimmed) return { error: l10n.t('Enter a duration such as 90m, 12h or 3d, or a date such as 2030-01-31T12:00Z.') };
  let at: number;
  const parts = [...trimmed.matchAll(/(\d+)\s*(min|s|m|h|d|w)/g)];
  if (
    parts.length &&
    parts
      .map((p) => p[0])
      .join('')
      .replace(/\s/g, '') === trimmed.replace(/\s/g, '')
  ) {
    at = now + parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2]], 0);
  } else if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    at = new Date(input.trim()).getTime();
    if (Number.isNaN(at)) return { error: l10n.t('"{0}" is not a date (expected e.g. 2030-01-31T12:00Z).', input.trim()) };
  } else {
    return { error: l10n.t('"{0}" is neither a duration (90m, 12h, 3d, 1w) nor a date (2030-01-31T12:00Z).', input.trim()) };
  }
  if (at - now < MINUTE) return { error: l10n.t('The temp URL must stay valid for at least a minute.') };
  if (at - now > MAX_TEMP_URL_MS) return { error: l10n.t('A temp URL can be valid for at most {0}.', spanText(MAX_TEMP_URL_MS)) };
  return { expiresAt: new Date(at) };
}

export type ObjectCurlOperation = 'head' | 'download' | 'upload' | 'delete';

export interface CurlOperationOption {
  operation: ObjectCurlOperation;
  label: string;
  detail: string;
}

export const objectCurlOperations = (): readonly CurlOperationOption[] => [
  { operation: 'head', label: 'HEAD', detail: l10n.t("Show the object's headers and metadata") },
  { operation: 'download', label: l10n.t('GET to file'), detail: l10n.t('Download the object into a local file of the same name') },
  { operation: 'upload', label: l10n.t('PUT upload'), detail: l10n.t('Upload a local file, replacing this object') },
  { operation: 'delete', label: 'DELETE', detail: l10n.t('Delete the object') },
];

/**
 * The notice after copying a command that carries the token: the clipboard now holds a credential, and
 * until when it works.
 */
export function liveTokenNotice(what: string, expiresAt: Date | undefined, now: number): string {
  const validity = expiresAt ? l10n.t('valid until {0} ({1})', isoDate(expiresAt), timeLeftText(expiresAt, now)) : l10n.t('with no expiry given by the server');
  return l10n.t('Copied {0}. The clipboard now holds a live token, {1}: paste it only where you would type your password.', what, validity);
}

/** The methods a temp URL can be signed for (a signed GET or PUT also allows HEAD). */
export const tempUrlMethods = (): ReadonlyArray<{ label: string; description: string; method: string }> => [
  { label: 'GET', description: l10n.t('Download: anyone with the link can read the object'), method: 'GET' },
  { label: 'PUT', description: l10n.t('Upload: anyone with the link can replace the object'), method: 'PUT' },
  { label: 'HEAD', description: l10n.t('Headers only: anyone with the link can read its size, type and metadata'), method: 'HEAD' },
  { label: 'DELETE', description: l10n.t('Delete: anyone with the link can delete the object'), method: 'DELETE' },
];

export const CREATE_CONTAINER_KEY = (): string => l10n.t('Create a Container Key');
export const CREATE_ACCOUNT_KEY = (): string => l10n.t('Create an Account Key');

/** The notice after copying a temp URL: anyone with the link can use it until it expires. */
export function tempUrlNotice(method: string, name: string, expiresAt: Date, now: number): string {
  const until = isoDate(expiresAt);
  const left = timeLeftText(expiresAt, now);
  switch (method) {
    case 'PUT':
      return l10n.t('Copied a PUT temp URL for {0}: anyone with the link can upload to it until {1} ({2}), no token needed.', name, until, left);
    case 'HEAD':
      return l10n.t('Copied a HEAD temp URL for {0}: anyone with the link can read the headers of it until {1} ({2}), no token needed.', name, until, left);
    case 'DELETE':
      return l10n.t('Copied a DELETE temp URL for {0}: anyone with the link can delete it until {1} ({2}), no token needed.', name, until, left);
    default:
      return l10n.t('Copied a {0} temp URL for {1}: anyone with the link can download it until {2} ({3}), no token needed.', method, name, until, left);
  }
}

/** Said when neither the container nor the account has a temp URL key. */
export function noTempUrlKeyMessage(profileName: string, region: string): string {
  return l10n.t('Neither the container nor the account of profile {0} in region {1} has a temp URL key.', quotedName(profileName), region);
}

/**
 * The choices the clipboard commands offer and the sentences they say, as data. Pure (no `vscode`), so the
 * expiry parsing and the wording are unit-tested; clipboard.ts only shows them.
 */
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

export const TEMP_URL_EXPIRIES: readonly ExpiryOption[] = [
  { label: '15 minutes', ms: 15 * MINUTE },
  { label: '1 hour', ms: HOUR },
  { label: '1 day', ms: DAY },
  { label: '7 days', ms: 7 * DAY },
  { label: 'Custom…', ms: undefined },
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
  if (!trimmed) return { error: 'Enter a duration such as 90m, 12h or 3d, or a date such as 2030-01-31T12:00Z.' };
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
    if (Number.isNaN(at)) return { error: `"${input.trim()}" is not a date (expected e.g. 2030-01-31T12:00Z).` };
  } else {
    return { error: `"${input.trim()}" is neither a duration (90m, 12h, 3d, 1w) nor a date (2030-01-31T12:00Z).` };
  }
  if (at - now < MINUTE) return { error: 'The temp URL must stay valid for at least a minute.' };
  if (at - now > MAX_TEMP_URL_MS) return { error: `A temp URL can be valid for at most ${spanText(MAX_TEMP_URL_MS)}.` };
  return { expiresAt: new Date(at) };
}

export type ObjectCurlOperation = 'head' | 'download' | 'upload' | 'delete';

export interface CurlOperationOption {
  operation: ObjectCurlOperation;
  label: string;
  detail: string;
}

export const OBJECT_CURL_OPERATIONS: readonly CurlOperationOption[] = [
  { operation: 'head', label: 'HEAD', detail: "Show the object's headers and metadata" },
  { operation: 'download', label: 'GET to file', detail: 'Download the object into a local file of the same name' },
  { operation: 'upload', label: 'PUT upload', detail: 'Upload a local file, replacing this object' },
  { operation: 'delete', label: 'DELETE', detail: 'Delete the object' },
];

/**
 * The notice after copying a command that carries the token: the clipboard now holds a credential, and
 * until when it works.
 */
export function liveTokenNotice(what: string, expiresAt: Date | undefined, now: number): string {
  const validity = expiresAt ? `valid until ${isoDate(expiresAt)} (${timeLeftText(expiresAt, now)})` : 'with no expiry given by the server';
  return `Copied ${what}. The clipboard now holds a live token, ${validity}: paste it only where you would type your password.`;
}

/** The methods a temp URL can be signed for (a signed GET or PUT also allows HEAD). */
export const TEMP_URL_METHODS: ReadonlyArray<{ label: string; description: string; method: string }> = [
  { label: 'GET', description: 'Download: anyone with the link can read the object', method: 'GET' },
  { label: 'PUT', description: 'Upload: anyone with the link can replace the object', method: 'PUT' },
  { label: 'HEAD', description: 'Headers only: anyone with the link can read its size, type and metadata', method: 'HEAD' },
  { label: 'DELETE', description: 'Delete: anyone with the link can delete the object', method: 'DELETE' },
];

export const CREATE_CONTAINER_KEY = 'Create a Container Key';
export const CREATE_ACCOUNT_KEY = 'Create an Account Key';

const TEMP_URL_ABILITY: Record<string, string> = { PUT: 'upload to', HEAD: 'read the headers of', DELETE: 'delete' };

/** The notice after copying a temp URL: anyone with the link can use it until it expires. */
export function tempUrlNotice(method: string, name: string, expiresAt: Date, now: number): string {
  return `Copied a ${method} temp URL for ${name}: anyone with the link can ${TEMP_URL_ABILITY[method] ?? 'download'} it until ${isoDate(expiresAt)} (${timeLeftText(expiresAt, now)}), no token needed.`;
}

/** Said when neither the container nor the account has a temp URL key. */
export function noTempUrlKeyMessage(profileName: string, region: string): string {
  return `Neither the container nor the account of profile ${quotedName(profileName)} in region ${region} has a temp URL key.`;
}

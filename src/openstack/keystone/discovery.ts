/**
 * Which auth version an auth URL speaks, and at which base URL: from the URL path when it names a version
 * (…/v3, …/v2.0, …/auth/v1.0), else from the Identity versions document served at the URL itself
 * (Keystone answers `GET /` with 300 Multiple Choices and that document). Pure helpers; the request is
 * made by IdentityClient.discover.
 */
import * as l10n from '@vscode/l10n';
import { OpenStackError } from '../errors';
import { hideUrlCredentials } from '../redact';
import type { AuthVersion } from './token';
import { arrayOf, badResponse, isObject, optionalString } from './parse';

export interface Discovered {
  version: AuthVersion;
  /** Base URL without trailing slash: …/v3, …/v2.0, or the v1 auth URL. */
  url: string;
}

export interface VersionOffer {
  version: 'v3' | 'v2.0';
  /** As the document says: "stable", "current", "supported", "deprecated", "experimental"… */
  status: string;
  url: string;
}

/** Checks that the URL is http(s) and drops trailing slashes, query and fragment. */
export function normalizeAuthUrl(authUrl: string): string {
  const trimmed = authUrl.trim();
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw invalidUrl(authUrl);
  }
  if (!/^https?:\/\/[^/?#\s]/i.test(trimmed) || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw invalidUrl(authUrl);
  }
  if (parsed.username || parsed.password) {
    throw new OpenStackError('invalidInput', l10n.t('The auth URL must not carry a user name or password; give them as credentials.'));
  }
  const withoutQuery = trimmed.replace(/[?#].*$/, '');
  return withoutQuery.replace(/\/+$/, '');
}

function invalidUrl(authUrl: string): OpenStackError {
  const shown = authUrl.length > 200 ? `${authUrl.slice(0, 200)}…` : authUrl;
  // Never echo credentials someone pasted into the URL.
  const safe = hideUrlCredentials(shown);
  return new OpenStackError('invalidInput', l10n.t('The auth URL "{0}" is not a valid http(s) URL, e.g. https://keystone.example.com:5000/v3.', safe));
}

/** The version named by the last path segment of a normalised auth URL, if any. */
export function versionInPath(url: string): AuthVersion | undefined {
  const path = url.replace(/^https?:\/\/[^/]+/i, '');
  const last = path.split('/').filter(Boolean).pop() ?? '';
  if (/^v3(\.\d+)?$/i.test(last)) return 'v3';
  if (/^v2\.0$/i.test(last)) return 'v2.0';
  if (/^v1(\.0)?$/i.test(last)) return 'v1';
  return undefined;
}

/** The base URL of a version: the URL itself when its path names the version, else the URL plus /v3 or /v2.0. */
export function versionBaseUrl(url: string, version: AuthVersion): string {
  const inPath = versionInPath(url);
  if (inPath !== undefined) {
    if (inPath !== version) {
      throw new OpenStackError(
        'invalidInput',
        l10n.t('The auth URL {0} points at {1}, but {2} was asked for. Change the URL or the auth version.', url, label(inPath), label(version)),
      );
    }
    return url;
  }
  // Swift v1 auth URLs have no fixed shape (…/auth/v1.0, …/auth): take the URL as given.
  return version === 'v1' ? url : `${url}/${version}`;
}

export function label(version: AuthVersion): string {
  return version === 'v1' ? 'Swift v1 auth' : `Identity ${version}`;
}

function offerVersion(id: string): 'v3' | 'v2.0' | undefined {
  if (/^v3(\.\d+)*$/.test(id)) return 'v3';
  if (/^v2\.0$/.test(id)) return 'v2.0';
  return undefined;
}

/**
 * Reads a versions document: `{"versions": {"values": [...]}}` (the root), `{"versions": [...]}` (some
 * proxies) or `{"version": {...}}` (a single version). `docUrl` resolves relative links and is the fallback
 * base when a version has no `self` link, or one to another scheme, host or port: the password goes only where the
 * user pointed (a Keystone behind a TLS terminator often links its own `http://` address).
 */
export function parseVersionsDocument(doc: unknown, docUrl: string): VersionOffer[] {
  if (!isObject(doc)) throw badResponse(l10n.t('{0} did not answer with an Identity versions document.', docUrl));
  let values: unknown[];
  if (isObject(doc.versions)) values = arrayOf(doc.versions.values);
  else if (Array.isArray(doc.versions)) values = doc.versions;
  else if (isObject(doc.version)) values = [doc.version];
  else throw badResponse(l10n.t('{0} did not answer with an Identity versions document (no "versions" or "version").', docUrl));

  const offers: VersionOffer[] = [];
  for (const v of values) {
    if (!isObject(v)) continue;
    const version = offerVersion(optionalString(v.id) ?? '');
    if (!version) continue;
    const self = arrayOf(v.links).find((l) => isObject(l) && l.rel === 'self');
    const href = isObject(self) ? optionalString(self.href) : undefined;
    let url: string;
    try {
      url = href ? new URL(href, `${docUrl}/`).toString() : `${docUrl}/${version}`;
      if (new URL(url).origin !== new URL(docUrl).origin) url = `${docUrl}/${version}`;
    } catch {
      url = `${docUrl}/${version}`;
    }
    offers.push({ version, status: optionalString(v.status) ?? 'unknown', url: url.replace(/\/+$/, '') });
  }
  return offers;
}

const STATUS_RANK: Record<string, number> = { stable: 0, current: 0, supported: 1, deprecated: 2 };

/** v3 over v2.0; within a version, stable over deprecated over experimental. */
export function chooseVersion(offers: VersionOffer[], docUrl: string): Discovered {
  const rank = (o: VersionOffer) => (o.version === 'v3' ? 0 : 10) + (STATUS_RANK[o.status.toLowerCase()] ?? 3);
  const best = [...offers].sort((a, b) => rank(a) - rank(b))[0];
  if (!best) {
    throw new OpenStackError('unsupported', l10n.t('{0} offers none of the Identity versions this extension speaks (v3, v2.0).', docUrl), {
      service: 'identity',
    });
  }
  return { version: best.version, url: best.url };
}

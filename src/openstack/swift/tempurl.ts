/**
 * Temporary URLs (Swift's tempurl middleware). The signature is an HMAC over
 * `METHOD\nEXPIRES\nPATH`, where PATH is the *decoded* path from `/v1/` on (Swift signs PATH_INFO), or
 * `prefix:/v1/ACCOUNT/CONTAINER/PREFIX` for a prefix-based URL. sha1/sha256 signatures are sent as hex,
 * sha512 as `sha512:` + base64url (Swift requires the prefixed form for sha512).
 */
import * as l10n from '@vscode/l10n';
import { createHmac } from 'node:crypto';
import { OpenStackError } from '../errors';
import { displayName, encodeQuery, swiftUrl } from './names';

export type TempUrlDigest = 'sha1' | 'sha256' | 'sha512';

/** Preference when the caller does not choose: sha256 (short hex, not deprecated), then sha512, then sha1. */
const PREFERENCE: readonly TempUrlDigest[] = ['sha256', 'sha512', 'sha1'];

export interface TempUrlOptions {
  /** The object-store endpoint, …/v1/ACCOUNT. */
  storageUrl: string;
  container: string;
  /** The object the URL points at. With `prefix`, defaults to the prefix itself and must start with it. */
  object?: string;
  /** Signs every object whose name starts with this prefix (may be ''). */
  prefix?: string;
  /** GET, HEAD, PUT, POST or DELETE (a signed GET, PUT or POST also allows HEAD). */
  method: string;
  /** Absolute expiry, or… */
  expiresAt?: Date;
  /** …seconds from now. */
  seconds?: number;
  /** X-Account-Meta-Temp-URL-Key (or a container key). */
  key: string;
  digest?: TempUrlDigest;
  /** `tempurl.allowed_digests` from /info; on clusters that publish tempurl without it, only sha1 works. */
  allowedDigests?: readonly string[];
  /** `tempurl.methods` from /info. */
  allowedMethods?: readonly string[];
  /** `tempurl.prefix` from /info (SwiftInfo): false refuses a prefix up front. */
  allowsPrefix?: boolean;
  /** Lets the download be saved under this name (Content-Disposition). */
  filename?: string;
  /** Content-Disposition: inline instead of attachment. */
  inline?: boolean;
  /** Clock in milliseconds, for tests. */
  now?: () => number;
}

/** The digest to sign with: `wanted` when the cluster allows it, else the best one it allows. */
export function pickDigest(allowed: readonly string[] | undefined, wanted?: TempUrlDigest): TempUrlDigest {
  const usable = (allowed ?? PREFERENCE).map((d) => d.toLowerCase());
  if (wanted) {
    if (usable.includes(wanted)) return wanted;
    throw new OpenStackError(
      'unsupported',
      l10n.t('This Swift cluster does not accept {0} temp URL signatures (it allows: {1}).', wanted, usable.join(', ') || l10n.t('none')),
    );
  }
  const best = PREFERENCE.find((d) => usable.includes(d));
  if (!best) {
    throw new OpenStackError(
      'unsupported',
      l10n.t('No temp URL digest in common with this Swift cluster (it allows: {0}).', usable.join(', ') || l10n.t('none')),
    );
  }
  return best;
}

/** The HMAC body Swift verifies. */
export function hmacBody(method: string, expires: number, path: string): string {
  return `${method}\n${expires}\n${path}`;
}

/** The `temp_url_sig` value for a body and key. */
export function signature(body: string, key: string, digest: TempUrlDigest): string {
  const mac = createHmac(digest, Buffer.from(key, 'utf8')).update(Buffer.from(body, 'utf8'));
  return digest === 'sha512' ? `sha512:${mac.digest('base64url')}` : mac.digest('hex');
}

/** The decoded `/v1/ACCOUNT` part of a storage URL, which Swift includes in the signed path. */
export function signedAccountPath(storageUrl: string): string {
  const path = /^https?:\/\/[^/?#]+(\/[^?#]*)?/i.exec(storageUrl)?.[1] ?? '';
  const m = /(\/v1\/[^/]+)\/*$/.exec(path);
  if (!m) {
    throw new OpenStackError('invalidInput', l10n.t('Temp URLs need a storage URL ending in /v1/<account>, not {0}', storageUrl));
  }
  return decodeURIComponent(m[1]);
}

function expiresOf(options: TempUrlOptions): number {
  const now = (options.now ?? Date.now)();
  const at = options.expiresAt?.getTime() ?? (options.seconds !== undefined ? now + options.seconds * 1000 : NaN);
  if (!Number.isFinite(at)) throw new OpenStackError('invalidInput', l10n.t('A temp URL needs expiresAt or seconds.'));
  if (at <= now) throw new OpenStackError('invalidInput', l10n.t('A temp URL must expire in the future.'));
  return Math.floor(at / 1000);
}

/** The query string (`?temp_url_sig=…&temp_url_expires=…[&temp_url_prefix=…]`) of a temp URL. */
export function tempUrlQuery(options: TempUrlOptions): string {
  const method = options.method.toUpperCase();
  if (options.allowedMethods && !options.allowedMethods.map((m) => m.toUpperCase()).includes(method)) {
    throw new OpenStackError('unsupported', l10n.t('This Swift cluster does not allow {0} temp URLs.', method));
  }
  if (!options.key) throw new OpenStackError('invalidInput', l10n.t('A temp URL needs the temp URL key of the account or container.'));
  if (options.prefix === undefined && !options.object) {
    throw new OpenStackError('invalidInput', l10n.t('A temp URL needs an object name or a prefix.'));
  }
  if (options.prefix !== undefined && options.allowsPrefix === false) {
    throw new OpenStackError(
      'unsupported',
      l10n.t(
        'This server does not accept temp URLs signed for a prefix (temp_url_prefix): its /info does not announce them (Ceph RGW refuses them); sign a temp URL for each object instead.',
      ),
    );
  }
  if (options.prefix !== undefined && options.object !== undefined && !options.object.startsWith(options.prefix)) {
    throw new OpenStackError('invalidInput', l10n.t('The object of a prefix-based temp URL must start with the prefix.'));
  }
  const addressed = options.object ?? options.prefix ?? '';
  if (/^\/+$/.test(addressed)) {
    // Swift's tempurl middleware only takes paths whose object part has something besides '/' (obj.strip('/')):
    // a URL for "/" or "//" would be signed correctly and still answer 401.
    throw new OpenStackError(
      'unsupported',
      l10n.t(
        'Swift cannot serve a temp URL for the object {0}: its name is only "/" characters. Use a request with a token (e.g. the curl command) instead.',
        displayName(addressed),
      ),
    );
  }
  const digest = pickDigest(options.allowedDigests, options.digest);
  const expires = expiresOf(options);
  const base = `${signedAccountPath(options.storageUrl)}/${options.container}/`;
  const path = options.prefix === undefined ? base + options.object : `prefix:${base}${options.prefix}`;
  return encodeQuery({
    temp_url_sig: signature(hmacBody(method, expires, path), options.key, digest),
    temp_url_expires: expires,
    temp_url_prefix: options.prefix,
    filename: options.filename,
    inline: options.inline,
  });
}

/** A ready-to-use temp URL: no token needed until it expires. It is a secret: keep it out of logs. */
export function tempUrl(options: TempUrlOptions): string {
  // The query first: its checks say what is missing in a temp URL's words (no object and no prefix).
  const query = tempUrlQuery(options);
  return swiftUrl(options.storageUrl, options.container, options.object ?? options.prefix ?? '') + query;
}

/**
 * Delivery settings of containers and objects, each a Swift middleware or proxy feature: static websites
 * (staticweb: X-Container-Meta-Web-Index, -Web-Error, -Web-Listings, -Web-Listings-CSS, served to anonymous readers
 * of a public container), CORS (X-Container-Meta-Access-Control-Allow-Origin, -Expose-Headers, -Max-Age) and object
 * expiry (X-Delete-After / X-Delete-At). Whether the server has the middleware is read from /info, and a server
 * without it is said so in one sentence instead of storing settings that do nothing.
 */
import * as l10n from '@vscode/l10n';
import { OpenStackError } from '../errors';
import type { SwiftClient } from './client';
import type { SwiftInfo } from './info';
import { planMetaPost, planObjectPost } from './metaEdit';
import { displayName, swiftUrl } from './names';

export interface WebsiteSettings {
  index?: string;
  error?: string;
  listings?: boolean;
  listingsCss?: string;
}

export interface CorsSettings {
  allowOrigin?: string;
  exposeHeaders?: string;
  maxAge?: number;
}

const WEB_KEYS = { index: 'web-index', error: 'web-error', listings: 'web-listings', listingsCss: 'web-listings-css' } as const;
const CORS_KEYS = { allowOrigin: 'access-control-allow-origin', exposeHeaders: 'access-control-expose-headers', maxAge: 'access-control-max-age' } as const;

/** The website settings in a container's metadata (keys as metaOf gives them, without the prefix). */
export function websiteOf(meta: Record<string, string>): WebsiteSettings {
  const out: WebsiteSettings = {};
  if (meta[WEB_KEYS.index]) out.index = meta[WEB_KEYS.index];
  if (meta[WEB_KEYS.error]) out.error = meta[WEB_KEYS.error];
  if (meta[WEB_KEYS.listings] !== undefined) out.listings = /^(true|yes|on|1)$/i.test(meta[WEB_KEYS.listings]);
  if (meta[WEB_KEYS.listingsCss]) out.listingsCss = meta[WEB_KEYS.listingsCss];
  return out;
}

export function corsOf(meta: Record<string, string>): CorsSettings {
  const out: CorsSettings = {};
  if (meta[CORS_KEYS.allowOrigin]) out.allowOrigin = meta[CORS_KEYS.allowOrigin];
  if (meta[CORS_KEYS.exposeHeaders]) out.exposeHeaders = meta[CORS_KEYS.exposeHeaders];
  const age = Number(meta[CORS_KEYS.maxAge]);
  if (meta[CORS_KEYS.maxAge] !== undefined && Number.isFinite(age)) out.maxAge = age;
  return out;
}

/** Whether /info lists the middleware; the sentence for a server that does not. */
export function missingMiddleware(info: SwiftInfo | undefined, name: 'staticweb'): string | undefined {
  // Ceph RGW lists "staticweb" whether or not its static websites are on (rgw_enable_static_website, off by
  // default, and served on a website endpoint): nothing in its Swift API tells, so settings are not stored there.
  if (info?.server === 'rgw') {
    return l10n.t(
      'This server is Ceph RGW: its /info lists "staticweb" whether or not static websites are enabled (rgw_enable_static_website, off by default), so website settings are not stored here.',
    );
  }
  if (info && name in info.raw) return undefined;
  return l10n.t('This server does not offer static websites: its /info lists no "{0}" middleware, so website settings would do nothing.', name);
}

/** Sets (a value) or removes (undefined or '') each setting given; keys not given are left as they are. */
async function setContainerMeta(client: SwiftClient, container: string, values: Record<string, string | undefined>, signal?: AbortSignal): Promise<void> {
  const info = await client.headContainer(container, signal);
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === '') {
      if (info.meta[key] !== undefined) remove.push(key);
    } else set[key] = value;
  }
  const headers = planMetaPost('container', info.meta, { set, remove });
  if (Object.keys(headers).length) await client.postContainer(container, headers, signal);
}

/** Website settings; refused with a sentence when the server has no staticweb. */
export async function setWebsite(client: SwiftClient, container: string, settings: WebsiteSettings, signal?: AbortSignal): Promise<void> {
  const problem = missingMiddleware(await client.info(signal).catch(() => undefined), 'staticweb');
  if (problem) throw new OpenStackError('unsupported', problem);
  const values: Record<string, string | undefined> = {};
  if ('index' in settings) values[WEB_KEYS.index] = settings.index;
  if ('error' in settings) values[WEB_KEYS.error] = settings.error;
  if ('listings' in settings) values[WEB_KEYS.listings] = settings.listings ? 'true' : undefined;
  if ('listingsCss' in settings) values[WEB_KEYS.listingsCss] = settings.listingsCss;
  await setContainerMeta(client, container, values, signal);
}

export async function setCors(client: SwiftClient, container: string, settings: CorsSettings, signal?: AbortSignal): Promise<void> {
  if (settings.maxAge !== undefined && !(Number.isInteger(settings.maxAge) && settings.maxAge >= 0)) {
    throw new OpenStackError('invalidInput', l10n.t('The CORS max age must be a whole number of seconds (0 or more), not {0}.', settings.maxAge));
  }
  const values: Record<string, string | undefined> = {};
  if ('allowOrigin' in settings) values[CORS_KEYS.allowOrigin] = settings.allowOrigin;
  if ('exposeHeaders' in settings) values[CORS_KEYS.exposeHeaders] = settings.exposeHeaders;
  if ('maxAge' in settings) values[CORS_KEYS.maxAge] = settings.maxAge === undefined ? undefined : String(settings.maxAge);
  await setContainerMeta(client, container, values, signal);
}

/** The public address of a container's website (its index page, when set, is served there). */
export function websiteUrl(storageUrl: string, container: string): string {
  return `${swiftUrl(storageUrl, container)}/`;
}

/** An expiry to set: seconds from now, or a moment; `undefined` clears it. */
export type Expiry = { afterSeconds: number } | { at: Date } | undefined;

/**
 * Sets or clears an object's expiry with one POST, then reads it back. A POST replaces an object's metadata, so its
 * current metadata (and the stored headers, from a HEAD just before) are sent again; X-Delete-At is sent only when
 * it stays. Swift drops an expiry a POST does not repeat; Ceph RGW keeps it unless told X-Remove-Delete-At (which
 * Swift ignores), and an expiry still there after the POST is reported, never taken as done.
 */
export async function setExpiry(client: SwiftClient, container: string, name: string, expiry: Expiry, signal?: AbortSignal): Promise<void> {
  if (expiry && 'afterSeconds' in expiry && !(Number.isInteger(expiry.afterSeconds) && expiry.afterSeconds > 0)) {
    throw new OpenStackError('invalidInput', l10n.t('An expiry must be a whole number of seconds in the future, not {0}.', expiry.afterSeconds));
  }
  if (expiry && 'at' in expiry && !(expiry.at.getTime() > Date.now())) {
    throw new OpenStackError('invalidInput', l10n.t('The expiry time {0} of {1} is not in the future.', expiry.at.toISOString(), displayName(name)));
  }
  const info = await client.headObject(container, name, signal);
  const headers = planObjectPost(info.headers, { set: {}, remove: [] });
  delete headers['x-delete-at'];
  if (expiry && 'afterSeconds' in expiry) headers['x-delete-after'] = String(expiry.afterSeconds);
  else if (expiry) headers['x-delete-at'] = String(Math.floor(expiry.at.getTime() / 1000));
  else headers['x-remove-delete-at'] = '1';
  await client.postObject(container, name, headers, signal);
  const after = (await client.headObject(container, name, signal)).deleteAt;
  if (!expiry && after) {
    throw new OpenStackError('unsupported', l10n.t('The server kept the expiry of {0} ({1}): it did not clear it.', displayName(name), after.toISOString()));
  }
  if (expiry && !after)
    throw new OpenStackError('unsupported', l10n.t('The server did not keep an expiry for {0}: it has none after the change.', displayName(name)));
}

/**
 * Headers in and out of Swift: the account/container/object models read from HEAD/GET answers, and user
 * metadata (`X-{Account,Container,Object}-Meta-*`).
 *
 * Header values are Unicode strings in this API and UTF-8 bytes on the wire, which is what Swift stores and
 * requires (account/container metadata must be valid UTF-8). undici writes and reads header values as
 * latin-1, one byte per character, so values are converted here in both directions.
 */
import * as l10n from '@vscode/l10n';
import { OpenStackError } from '../errors';
import { SECRET_HEADERS, MASK } from '../redact';

export type MetaTarget = 'account' | 'container' | 'object';

/** A Unicode header value as the latin-1 string whose bytes are its UTF-8 form (what undici sends). */
export function toWireValue(value: string): string {
  return Buffer.from(value, 'utf8').toString('latin1');
}

/** The inverse of toWireValue; values that are not valid UTF-8 stay as received. */
export function fromWireValue(value: string): string {
  const bytes = Buffer.from(value, 'latin1');
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? text : value;
}

export function toWireHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = toWireValue(value);
  return out;
}

/** Response headers with values decoded from UTF-8. */
export function fromWireHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = fromWireValue(value);
  return out;
}

/** Copy for display: values of secret headers (temp URL keys, tokens) masked. */
export function displayHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = SECRET_HEADERS.has(name) ? MASK : value;
  return out;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * `{ color: 'blue' }` → `{ 'x-object-meta-color': 'blue' }`. Keys must be HTTP token characters; Swift
 * answers them lower-cased (HTTP names are case-insensitive) and turns `_` into `-`.
 */
export function metaHeaders(target: MetaTarget, meta: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(meta)) out[`x-${target}-meta-${checkKey(key)}`] = value;
  return out;
}

/** Headers that remove account or container metadata keys (objects: POST replaces all their metadata). */
export function removeMetaHeaders(target: 'account' | 'container', keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) out[`x-remove-${target}-meta-${checkKey(key)}`] = 'x';
  return out;
}

function checkKey(key: string): string {
  if (!TOKEN.test(key)) {
    throw new OpenStackError('invalidInput', l10n.t("Metadata key {0} must be ASCII letters, digits or !#$%&'*+.^_`|~-", JSON.stringify(key)));
  }
  return key;
}

/** User metadata of decoded response headers: prefix stripped, keys lower case. */
export function metaOf(target: MetaTarget, headers: Record<string, string>): Record<string, string> {
  const prefix = `x-${target}-meta-`;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(prefix) && !SECRET_HEADERS.has(name)) out[name.slice(prefix.length)] = value;
  }
  return out;
}

function int(value: string | undefined): number {
  const n = value === undefined ? NaN : Number(value);
  return Number.isFinite(n) ? n : 0;
}

function optionalInt(value: string | undefined): number | undefined {
  return value === undefined || value === '' || !Number.isFinite(Number(value)) ? undefined : Number(value);
}

function httpDate(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Values of temp URL keys present (visible to the account owner only), in key, key-2 order. */
function tempUrlKeys(target: 'account' | 'container', headers: Record<string, string>): string[] {
  const names = [`x-${target}-meta-temp-url-key`, `x-${target}-meta-temp-url-key-2`];
  return names.map((n) => headers[n]).filter((v): v is string => typeof v === 'string' && v !== '');
}

export interface AccountInfo {
  containerCount: number;
  objectCount: number;
  bytes: number;
  /** X-Account-Meta-Quota-Bytes, when a quota is set. */
  quotaBytes: number | undefined;
  /**
   * Whether an account temp URL key is set. Swift returns the key headers only to the account owner, so
   * false can also mean "not visible to this user".
   */
  tempUrlKeySet: boolean;
  /** The keys themselves (secrets: registered with the redactor, masked in `headers`). */
  tempUrlKeys: string[];
  /** User metadata, temp URL keys excluded. */
  meta: Record<string, string>;
  /** All response headers, decoded, secret values masked. */
  headers: Record<string, string>;
}

export interface ContainerInfo {
  objectCount: number;
  bytes: number;
  quotaBytes: number | undefined;
  quotaCount: number | undefined;
  readAcl: string | undefined;
  writeAcl: string | undefined;
  storagePolicy: string | undefined;
  /** X-Versions-Location / X-History-Location of legacy versioning, or 'enabled' for X-Versions-Enabled. */
  versioning: string | undefined;
  tempUrlKeySet: boolean;
  tempUrlKeys: string[];
  meta: Record<string, string>;
  headers: Record<string, string>;
}

export interface ObjectInfo {
  bytes: number;
  contentType: string;
  /** As Swift sends it, quotes removed (a static large object's ETag is not the MD5 of its content). */
  etag: string;
  lastModified: Date | undefined;
  /** X-Timestamp: Swift's own time of the last write, seconds with five decimals. */
  timestamp: string | undefined;
  meta: Record<string, string>;
  /** A static large object manifest (X-Static-Large-Object: True). */
  staticLargeObject: boolean;
  /** `container/prefix` of a dynamic large object manifest (X-Object-Manifest). */
  dynamicLargeObject: string | undefined;
  /** X-Delete-At as a Date. */
  deleteAt: Date | undefined;
  headers: Record<string, string>;
}

export function accountInfo(headers: Record<string, string>): AccountInfo {
  const keys = tempUrlKeys('account', headers);
  return {
    containerCount: int(headers['x-account-container-count']),
    objectCount: int(headers['x-account-object-count']),
    bytes: int(headers['x-account-bytes-used']),
    quotaBytes: optionalInt(headers['x-account-meta-quota-bytes']),
    tempUrlKeySet: keys.length > 0,
    tempUrlKeys: keys,
    meta: metaOf('account', headers),
    headers: displayHeaders(headers),
  };
}

export function containerInfo(headers: Record<string, string>): ContainerInfo {
  const keys = tempUrlKeys('container', headers);
  const versionsEnabled = headers['x-versions-enabled']?.toLowerCase() === 'true' ? 'enabled' : undefined;
  return {
    objectCount: int(headers['x-container-object-count']),
    bytes: int(headers['x-container-bytes-used']),
    quotaBytes: optionalInt(headers['x-container-meta-quota-bytes']),
    quotaCount: optionalInt(headers['x-container-meta-quota-count']),
    readAcl: headers['x-container-read'],
    writeAcl: headers['x-container-write'],
    storagePolicy: headers['x-storage-policy'],
    versioning: headers['x-versions-location'] ?? headers['x-history-location'] ?? versionsEnabled,
    tempUrlKeySet: keys.length > 0,
    tempUrlKeys: keys,
    meta: metaOf('container', headers),
    headers: displayHeaders(headers),
  };
}

/** An ETag as Swift sends it (quoted for large objects, bare otherwise), without the quotes. */
export function unquoteEtag(etag: string | undefined): string {
  return (etag ?? '').replace(/^"|"$/g, '');
}

/**
 * What Swift stores for an object besides its bytes, its Content-Type and its user metadata (the proxy's
 * default allowed_headers). A PUT or an object POST replaces them all: whatever is not sent again is lost.
 * (X-Object-Manifest is one too, but it makes the object a DLO: each writer decides about it.)
 */
export const STORED_OBJECT_HEADERS = [
  'content-disposition',
  'content-encoding',
  'content-language',
  'cache-control',
  'expires',
  'x-robots-tag',
  'x-delete-at',
] as const;

export function objectInfo(headers: Record<string, string>): ObjectInfo {
  const deleteAt = optionalInt(headers['x-delete-at']);
  // A ranged answer's Content-Length is the range's; the object's size is after the '/' of Content-Range.
  const total = /\/(\d+)\s*$/.exec(headers['content-range'] ?? '')?.[1];
  return {
    bytes: int(total ?? headers['content-length']),
    contentType: headers['content-type'] ?? '',
    etag: unquoteEtag(headers['etag']),
    lastModified: httpDate(headers['last-modified']),
    timestamp: headers['x-timestamp'],
    meta: metaOf('object', headers),
    staticLargeObject: headers['x-static-large-object']?.toLowerCase() === 'true',
    dynamicLargeObject: headers['x-object-manifest'],
    deleteAt: deleteAt === undefined ? undefined : new Date(deleteAt * 1000),
    headers: displayHeaders(headers),
  };
}

/**
 * The cluster's capabilities (GET /info, no token needed), reduced to what the client and UI use. `raw`
 * keeps the whole document for display.
 */
import * as l10n from '@vscode/l10n';
import { OpenStackError } from '../errors';

/** Swift's default when /info is silent or hidden (expose_info = false). */
export const DEFAULT_LISTING_LIMIT = 10_000;

/** Ceph RGW's default `rgw_max_listing_results`: the most names it lists per request, whatever /info says. */
export const RGW_LISTING_LIMIT = 1000;

/**
 * Names per request for a listing read to its end on a Swift close by. Swift's time for a page grows faster than its
 * names: here one page of 10,000 took 213 ms and one of 5,000 95 ms, and 100,000 names in pages of 5,000 came a third
 * faster (DEVELOPING.md, "Pages of 5,000"). Each page more costs a round trip: only close by.
 */
export const NEAR_LISTING_PAGE = 5_000;

/**
 * The most /info may take (a new connection's set-up included: 2 to 3 round trips) for the cluster to count as close
 * by: a page of 5,000 instead of 10,000 saves Swift ~20 ms per 10,000 names and costs one round trip more.
 */
export const NEAR_ROUND_TRIP_MS = 20;

/** Names per request for a listing read to its end: smaller pages than the cluster allows only on Swift close by. */
export function scanPageSize(info: SwiftInfo, infoRoundTripMs: number | undefined): number {
  const near = info.server === 'swift' && (infoRoundTripMs ?? Infinity) <= NEAR_ROUND_TRIP_MS;
  return near ? Math.min(info.containerListingLimit, NEAR_LISTING_PAGE) : info.containerListingLimit;
}

export interface SwiftInfo {
  version: string | undefined;
  /** Most names a listing returns per request. */
  containerListingLimit: number;
  /** In UTF-8 bytes. */
  maxObjectNameLength: number;
  maxContainerNameLength: number;
  maxFileSize: number | undefined;
  /** Absent when the tempurl middleware is not installed. */
  /**
   * `prefix`: whether URLs signed for a prefix (`temp_url_prefix`) are accepted. Swift has taken them since 2.14 and
   * publishes `allowed_digests` since 2.23; a tempurl section without it (Ceph RGW 16, which answers 403 to a
   * prefix-signed URL, or a Swift older than 2.23) is taken as not accepting them.
   */
  tempUrl: { methods: string[]; allowedDigests: string[]; prefix: boolean } | undefined;
  /** Absent when bulk delete is not available. */
  bulkDelete: { maxDeletesPerRequest: number; maxFailedDeletes: number } | undefined;
  staticLargeObject: boolean;
  /** Whether `?extract-archive` uploads are offered (Swift's bulk middleware; not Ceph RGW 16). */
  bulkUpload: boolean;
  /**
   * Which implementation the document says serves the API: OpenStack Swift publishes `max_object_name_length`, Ceph
   * RGW `max_object_name_size`. Used only to spare Swift requests that work around RGW's listing quirks (short
   * delimited pages, left-out folders); undefined (unknown) is treated like RGW: the checks are made.
   */
  server: 'swift' | 'rgw' | undefined;
  raw: Record<string, unknown>;
}

type Json = Record<string, unknown>;

function section(raw: Json, name: string): Json | undefined {
  const value = raw[name];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

export function parseSwiftInfo(json: unknown): SwiftInfo {
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new OpenStackError('badResponse', l10n.t('Swift /info did not return a JSON object.'));
  }
  const raw = json as Json;
  const swift = section(raw, 'swift') ?? {};
  const tempurl = section(raw, 'tempurl');
  const bulk = section(raw, 'bulk_delete');
  return {
    version: typeof swift.version === 'string' ? swift.version : undefined,
    // Ceph RGW (max_object_name_size) publishes 10,000 but answers at most rgw_max_listing_results (1,000 by default)
    // names a request: a page of 1,000 asked as 10,000 would look like the last, and a listing end there, silently.
    containerListingLimit: Math.min(
      positive(swift.container_listing_limit, DEFAULT_LISTING_LIMIT),
      'max_object_name_size' in swift ? RGW_LISTING_LIMIT : Infinity,
    ),
    // Ceph RGW publishes its limit (in bytes) as max_object_name_size.
    maxObjectNameLength: positive(swift.max_object_name_length ?? swift.max_object_name_size, 1024),
    maxContainerNameLength: positive(swift.max_container_name_length, 256),
    maxFileSize: typeof swift.max_file_size === 'number' ? swift.max_file_size : undefined,
    tempUrl: tempurl && {
      methods: strings(tempurl.methods) ?? ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'],
      // Clusters from before configurable digests publish tempurl without allowed_digests: sha1 only.
      allowedDigests: strings(tempurl.allowed_digests) ?? ['sha1'],
      prefix: strings(tempurl.allowed_digests) !== undefined,
    },
    bulkDelete: bulk && {
      maxDeletesPerRequest: positive(bulk.max_deletes_per_request, DEFAULT_LISTING_LIMIT),
      maxFailedDeletes: positive(bulk.max_failed_deletes, 1000),
    },
    staticLargeObject: section(raw, 'slo') !== undefined,
    bulkUpload: section(raw, 'bulk_upload') !== undefined,
    server: 'max_object_name_length' in swift ? 'swift' : 'max_object_name_size' in swift ? 'rgw' : undefined,
    raw,
  };
}

/** http://host[:port][/prefix]/info for a storage URL …[/prefix]/v1/ACCOUNT. */
export function infoUrl(storageUrl: string): string {
  const m = /^(https?:\/\/[^/?#]+)(\/[^?#]*)?/i.exec(storageUrl);
  if (!m) throw new OpenStackError('invalidInput', l10n.t('Not a valid storage URL: {0}', storageUrl));
  const path = (m[2] ?? '').replace(/\/+$/, '');
  const base = path.replace(/\/v1(\.0)?\/[^/]+$/, '');
  return `${m[1]}${base === path ? '' : base}/info`;
}

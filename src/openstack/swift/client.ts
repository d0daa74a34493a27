/**
 * Swift (OpenStack Object Storage API v1) client: account, containers, objects, paged listings, bulk
 * delete. Every request goes through SwiftTransport.send (token, one renewal on 401, errors naming the
 * container/object); every URL comes from names.ts.
 *
 * The rule for what is a method: the API's own resources and verbs (account, container, object; their listings,
 * bulk delete, manifests) are methods here. A feature built on them (versions, access and temp URL keys,
 * metadata edits, deletion and copy plans, transfers, search) is a free function in its own module taking the
 * client first. Arguments run from the outside in: container, object name, then what the call sends, then
 * options or the AbortSignal last.
 */
import * as l10n from '@vscode/l10n';
import type { Readable } from 'node:stream';
import type { HttpClient, HttpResponse } from '../http';
import { OpenStackError, isOpenStackError } from '../errors';
import { followAbort } from '../linkedAbort';
import { BulkDeletePath, BulkDeleteResult, deleteInBulk } from './bulk';
import { deleteLargeObject } from './largeObjects';
import { DEFAULT_LISTING_LIMIT, NEAR_ROUND_TRIP_MS, SwiftInfo, infoUrl, parseSwiftInfo, scanPageSize } from './info';
import { FetchRange, RangeQuery } from './fullListing';
import { listGaps } from './gapListing';
import { listSplit } from './splitListing';
import type { SpillOptions } from './heldPages';
import {
  ContainerPage,
  FolderEntry,
  ListingEntry,
  ObjectEntry,
  ObjectPage,
  compareNames,
  markerOf,
  paginate,
  parseContainerListing,
  parseObjectListing,
} from './listing';
import { NO_OBJECT_WANTED, parseRangePage } from './listingNames';
import { AccountInfo, ContainerInfo, ObjectInfo, accountInfo, containerInfo, fromWireHeaders, objectInfo, unquoteEtag } from './metadata';
import { QueryValue, containerPath, displayName, swiftUrl } from './names';
import { Operation, SwiftTransport } from './transport';
import type { TokenSource } from './tokenSource';
import { UploadBody, hashedBody } from './hashedBody';
import { ListedSegment, ManifestSegment, getManifest, putManifest } from './transfer/manifests';

export type { TokenSource } from './tokenSource';
export { staticTokenSource } from './tokenSource';

export interface SwiftClientOptions {
  /** The object-store endpoint from the catalog, …/v1/AUTH_<project>. */
  storageUrl: string;
  tokens: TokenSource;
  /** Listing page size; default: what suits the cluster (scanPageSize in info.ts: /info's limit, less close by). */
  pageLimit?: number;
  /** Milliseconds, for how long /info takes (the cluster's distance); default performance.now. */
  now?: () => number;
}

export interface ListOptions {
  prefix?: string;
  limit?: number;
  /** Start after this name (the `nextMarker` of a previous page). */
  marker?: string;
  /** Stop before this name. */
  endMarker?: string;
  reverse?: boolean;
  signal?: AbortSignal;
}

export interface ObjectListOptions extends ListOptions {
  /** Usually '/': names continuing past it after the prefix are rolled up into folder entries. */
  delimiter?: string;
}

export interface FullListOptions {
  /** Only names starting with it. */
  prefix?: string;
  /**
   * Listing requests in flight at once. 1: one cursor, page after page (nothing held: for callers that must keep
   * little memory whatever the container's size). 2 or 3: on Swift a second cursor reads from the end (`reverse=true`)
   * at the same time when the container holds more than one page, and the two meet in the middle (the backward half
   * is held until they do: in memory up to `spill.heldEntries` names, beyond that in a temporary file, so memory does
   * not grow with the container). 4 or more (the default on Swift: DEFAULT_LISTING_CONCURRENCY): the gap between the
   * two ends is split at guessed names, each part read from both ends (gapListing.ts). Spans cut at
   * top-level folders were tried and removed: on realistic containers they were never faster (scripts/bench/README.md).
   * On a server that /info does not say is Swift (Ceph RGW: no backward listing), up to this many forward cursors
   * (default DEFAULT_SPLIT_CONCURRENCY) read ranges split at names the server tells (splitListing.ts).
   */
  concurrency?: number;
  /** Page size; default: the client's (SwiftClient.listingPageSize). */
  limit?: number;
  /**
   * How many objects the container holds, when the caller knows (the account listing says it): spares the HEAD
   * that otherwise tells whether to read from both ends and where the two cursors meet.
   */
  count?: number;
  /** Where the backward half goes beyond its memory budget (heldPages.ts); the defaults suit every caller. */
  spill?: SpillOptions;
  /**
   * 'server' (default): batches in server order. 'arrival': each page as it arrives, whichever cursor read it (no
   * duplicates, no gaps, but not in order), nothing held: for callers that only count or match names.
   */
  order?: 'server' | 'arrival';
  signal?: AbortSignal;
}

/**
 * Listing requests of a full listing in flight at once on Swift (FullListOptions.concurrency): two gaps, each read
 * from both ends (gapListing.ts). Measured against two (one from each end), same bundle, alternating: 1,000,000 names
 * 0.82× the time (0.92× in the bench's medians), 100,000 0.92–0.96×, once 1.18× in noisy rounds (DEVELOPING.md,
 * Performance).
 */
export const DEFAULT_LISTING_CONCURRENCY = 4;

/** The gaps read at once (gapListing.ts) for `concurrency` requests in flight: two requests each. */
export const gapsFor = (concurrency: number): number => Math.floor(concurrency / 2);

/**
 * The same on Ceph RGW: forward cursors and probes over split ranges (splitListing.ts). Under load on the test cloud
 * (Keystone's CPU per request the bottleneck) 2 listed RGW's 100,000 names faster than 4.
 */
export const DEFAULT_SPLIT_CONCURRENCY = 2;

/** When the container's HEAD has not answered by then (while the first page is being built), read from both ends. */
export const SECOND_CURSOR_AFTER_MS = 120;
/** The MD5 of no bytes: what Ceph RGW lists as the hash of a static large object manifest. */
const EMPTY_MD5 = 'd41d8cd98f00b204e9800998ecf8427e';

export interface ObjectRef {
  container: string;
  name: string;
}

export const containerTarget = (container: string) => l10n.t('container {0}', displayName(container));
export const objectTarget = (container: string, name: string) => l10n.t('object {0} in container {1}', displayName(name), displayName(container));

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

/** Waits for a shared promise but lets this caller give up on its own signal. */
function abandonable<T>(promise: Promise<T>, signal: AbortSignal | undefined, what: string): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new OpenStackError('cancelled', l10n.t('Cancelled: {0}.', what)));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** What a caller gives up on when it stops waiting for /info (abandonable): the first answer or its second timing. */
const readingInfo = () => l10n.t('read the cluster capabilities (/info)');

export class SwiftClient {
  readonly storageUrl: string;
  /** The one request path; the client's own modules (bulk.ts, access.ts, versions.ts) send through it too. */
  readonly transport: SwiftTransport;
  private readonly pageLimit: number | undefined;
  private readonly now: () => number;
  private infoPromise: Promise<SwiftInfo> | undefined;
  private infoUnavailable = false;
  /** How long /info took to answer (headers), the cluster's distance for the page size (scanPageSize). */
  private infoRoundTripMs: number | undefined;
  /** /info timed again when its first answer looked far (see listingPageSize); once per client. */
  private infoRetimed: Promise<number> | undefined;
  /** Whether the server honours `reverse=true`, once a listing has shown it (see honoursReverse). */
  private reverseHonoured: boolean | undefined;

  constructor(http: HttpClient, options: SwiftClientOptions) {
    this.storageUrl = options.storageUrl.replace(/\/+$/, '');
    this.transport = new SwiftTransport(http, options.tokens);
    this.pageLimit = options.pageLimit;
    this.now = options.now ?? (() => performance.now());
  }

  /** GET /info (no token), fetched once per client. */
  info(signal?: AbortSignal): Promise<SwiftInfo> {
    if (!this.infoPromise) {
      const pending = this.sendInfo()
        .then(({ response, ms }) => {
          this.infoRoundTripMs = ms;
          return response.json();
        })
        .then(parseSwiftInfo);
      pending.catch(() => {
        if (this.infoPromise === pending) this.infoPromise = undefined;
      });
      this.infoPromise = pending;
    }
    return abandonable(this.infoPromise, signal, readingInfo());
  }

  async headAccount(signal?: AbortSignal): Promise<AccountInfo> {
    const op: Operation = { verb: 'read', target: l10n.t('the account') };
    const response = await this.transport.send(op, { method: 'HEAD', url: this.storageUrl, signal });
    await response.dump();
    const info = accountInfo(fromWireHeaders(response.headers));
    this.transport.registerSecrets(info.tempUrlKeys);
    return info;
  }

  /** POST on the account, e.g. metaHeaders('account', …) or X-Account-Meta-Temp-URL-Key. */
  async postAccount(headers: Record<string, string>, signal?: AbortSignal): Promise<void> {
    const op: Operation = { verb: 'update', target: l10n.t('the account') };
    await (await this.transport.send(op, { method: 'POST', url: this.storageUrl, headers, signal })).dump();
  }

  async *listContainers(opts: ListOptions = {}): AsyncGenerator<ContainerPage> {
    const op: Operation = { verb: 'list', target: l10n.t('the containers of the account') };
    const limit = opts.limit ?? (await this.listingPageSize(opts.signal));
    // Ceph RGW applies `limit` to the account's containers from the marker on *before* the prefix: `prefix=q&limit=5`
    // answers only those of the first five that start with q (often none, taken as the end). Starting from just below
    // the prefix, every container it reads is one the prefix keeps; Swift answers the same either way.
    const below = opts.prefix && !opts.reverse ? markerBelow(opts.prefix) : undefined;
    const start = opts.marker && (!below || compareNames(opts.marker, below) > 0) ? opts.marker : below;
    yield* paginate(
      async (marker, pageLimit) => {
        const url = swiftUrl(this.storageUrl, undefined, undefined, listingQuery(opts, marker, pageLimit));
        const response = await this.transport.send(op, { method: 'GET', url, signal: opts.signal });
        return parseContainerListing(response.status === 204 ? (await response.dump(), []) : await response.json());
      },
      limit,
      start || undefined,
    );
  }

  async headContainer(name: string, signal?: AbortSignal): Promise<ContainerInfo> {
    const op: Operation = { verb: 'read', target: containerTarget(name), explain: { 404: l10n.t('the container does not exist') } };
    const response = await this.transport.send(op, { method: 'HEAD', url: swiftUrl(this.storageUrl, name), signal });
    await response.dump();
    const info = containerInfo(fromWireHeaders(response.headers));
    this.transport.registerSecrets(info.tempUrlKeys);
    return info;
  }

  /** PUT; `created` is false when the container already existed (Swift then only applies the headers). */
  async createContainer(name: string, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<{ created: boolean }> {
    const op: Operation = { verb: 'create', target: containerTarget(name) };
    const response = await this.transport.send(op, { method: 'PUT', url: swiftUrl(this.storageUrl, name), headers, signal });
    await response.dump();
    return { created: response.status === 201 };
  }

  async postContainer(name: string, headers: Record<string, string>, signal?: AbortSignal): Promise<void> {
    const op: Operation = { verb: 'update', target: containerTarget(name), explain: { 404: l10n.t('the container does not exist') } };
    await (await this.transport.send(op, { method: 'POST', url: swiftUrl(this.storageUrl, name), headers, signal })).dump();
  }

  async deleteContainer(name: string, signal?: AbortSignal): Promise<void> {
    const op: Operation = {
      verb: 'delete',
      target: containerTarget(name),
      explain: { 404: l10n.t('the container does not exist'), 409: l10n.t('the container is not empty; delete its objects first') },
    };
    await (await this.transport.send(op, { method: 'DELETE', url: swiftUrl(this.storageUrl, name), signal })).dump();
  }

  async *listObjects(container: string, opts: ObjectListOptions = {}): AsyncGenerator<ObjectPage> {
    const op: Operation = { verb: 'list', target: containerTarget(container), explain: { 404: l10n.t('the container does not exist') } };
    const limit = opts.limit ?? (await this.listingPageSize(opts.signal));
    if (opts.reverse && !(await this.honoursReverse(container, opts.signal))) {
      // Forward order presented as reversed would be a wrong answer; a listing of fewer than two names is the same
      // both ways. Reversed, the marker is the upper bound and the end marker the lower one.
      const forward = { ...opts, reverse: false, marker: opts.endMarker, endMarker: opts.marker, limit: 2 };
      const probe = await this.listObjects(container, forward).next();
      if (!probe.done && probe.value.entries.length > 1) {
        throw new OpenStackError(
          'unsupported',
          l10n.t('Cannot list container {0} in reverse order: this server ignores reverse=true and lists forwards only.', displayName(container)),
          { service: 'object-store' },
        );
      }
    }
    // Swift (as its /info says) fills pages and lists every folder: no extra requests there.
    const fillsPages = await this.fillsPages(opts.signal);
    const pages = paginate(
      async (marker, pageLimit) => {
        const query = { ...listingQuery(opts, marker, pageLimit), delimiter: opts.delimiter || undefined };
        const url = swiftUrl(this.storageUrl, container, undefined, query);
        const response = await this.transport.send(op, { method: 'GET', url, signal: opts.signal });
        const entries = parseObjectListing(response.status === 204 ? (await response.dump(), []) : await response.json());
        return this.withManifestSizes(container, entries, opts.signal);
      },
      limit,
      opts.marker || undefined,
      { shortPagesEnd: fillsPages },
    );
    if (!opts.delimiter || opts.reverse || fillsPages) {
      yield* pages;
      return;
    }
    yield* withEmptySegmentFolder(pages, await this.emptySegmentFolder(container, opts));
  }

  /**
   * The folder `prefix + delimiter` (names whose next segment is empty, e.g. `/leading` or `a//b` under `a/`), when the
   * range holds such names. Ceph RGW leaves it out of delimited listings (the names are in neither a folder nor the
   * listing); Swift lists it. Undefined when there are none, or the range starts past it.
   */
  private async emptySegmentFolder(container: string, opts: ObjectListOptions): Promise<FolderEntry | undefined> {
    const folder = `${opts.prefix ?? ''}${opts.delimiter}`;
    if (opts.marker && compareNames(opts.marker, folder) >= 0) return undefined;
    if (opts.endMarker && compareNames(folder, opts.endMarker) >= 0) return undefined;
    const op: Operation = { verb: 'list', target: containerTarget(container), explain: { 404: l10n.t('the container does not exist') } };
    const url = swiftUrl(this.storageUrl, container, undefined, { format: 'json', limit: 1, prefix: folder });
    const response = await this.transport.send(op, { method: 'GET', url, signal: opts.signal });
    const entries = parseObjectListing(response.status === 204 ? (await response.dump(), []) : await response.json());
    return entries.length ? { kind: 'folder', prefix: folder } : undefined;
  }

  /**
   * One request of a full listing or a search (a FetchRange): the objects of one page, as the server
   * answered it (no look-ahead, however short), large objects' sizes read.
   */
  async listRangePage(container: string, q: RangeQuery): Promise<ObjectEntry[]> {
    const op: Operation = { verb: 'list', target: containerTarget(container), explain: { 404: l10n.t('the container does not exist') } };
    const query = {
      format: 'json',
      limit: q.limit,
      marker: q.marker,
      end_marker: q.endMarker,
      prefix: q.prefix || undefined,
      reverse: q.reverse ? 'true' : undefined,
    };
    const url = swiftUrl(this.storageUrl, container, undefined, query);
    const response = await this.transport.send(op, { method: 'GET', url, signal: q.signal });
    if (response.status === 204) {
      await response.dump();
      return [];
    }
    const text = await response.text();
    if (q.onText?.(text) === true) {
      // The next request (sent by onText) reaches the socket only after a few promise steps and, on a new
      // connection, its connect: two event-loop turns let them run before this page is parsed, or it waits for the
      // parse (35 to 85 ms a page of 10,000 in the request timeline of 2026-12-05).
      await new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
    }
    const entries = parseRangePage(text, q.wanted);
    return this.withManifestSizes(container, entries, q.signal, q.onAmended);
  }

  /**
   * Whether the server fills every listing page but the last: Swift does (as its /info says). Ceph RGW answers short
   * pages in the middle of object listings (RGW-DIFFERENCES.md, 19), and a server without /info may too: there a
   * short page is followed by one more request, and only an empty page ends a listing.
   */
  fillsPages(signal?: AbortSignal): Promise<boolean> {
    return this.info(signal).then(
      (info) => info.server === 'swift',
      () => false,
    );
  }

  /**
   * Every object of a container (or under a prefix), in server order (UTF-8 byte order of names), in batches: the
   * whole listing, however large, as fast as the cluster serves it (see `FullListOptions.concurrency`). No
   * duplicates, no gaps. Breaking out of the loop cancels the requests in flight.
   */
  listAllObjects(container: string, opts: FullListOptions = {}): AsyncGenerator<ObjectEntry[]> {
    return this.fullListing(container, opts, false);
  }

  /**
   * The names listAllObjects would give, nothing else: every page read for its names (listingNames.ts), none parsed
   * in full (no sizes, dates or types made), for a count or a list of names: 0.78× the client's CPU at 100,000 names,
   * 0.69× at 1,000,000 (DEVELOPING.md, Performance). Each name is a string of its own: names kept keep no page text.
   */
  async *listAllNames(container: string, opts: FullListOptions = {}): AsyncGenerator<string[]> {
    for await (const batch of this.fullListing(container, opts, true)) yield batch.map((e) => e.name);
  }

  private async *fullListing(container: string, opts: FullListOptions, namesOnly: boolean): AsyncGenerator<ObjectEntry[]> {
    const { signal } = opts;
    const asked = opts.concurrency === undefined ? undefined : Math.max(1, Math.floor(opts.concurrency));
    const prefix = opts.prefix || undefined;
    const limit = opts.limit ?? (await this.listingPageSize(signal));
    const fetch: FetchRange = namesOnly ? (q) => this.listRangePage(container, { ...q, wanted: NO_OBJECT_WANTED }) : (q) => this.listRangePage(container, q);
    if (asked === 1) {
      // One forward cursor: nothing held, no HEAD, no reverse check.
      yield* listGaps(fetch, { limit, prefix, gaps: 1, backward: false, shortPagesEnd: this.fillsPages(signal), namesOnly, signal });
      return;
    }
    if (await this.listsInSplitRanges(signal)) {
      const concurrency = asked ?? DEFAULT_SPLIT_CONCURRENCY;
      yield* listSplit(fetch, { limit, prefix, concurrency, shortPagesEnd: false, spill: opts.spill, order: opts.order, namesOnly, signal });
      return;
    }
    const concurrency = asked ?? DEFAULT_LISTING_CONCURRENCY;
    // What the plan asks (a HEAD) is cancelled when the listing ends first or the caller gives up.
    const survey = new AbortController();
    const release = followAbort(signal, survey);
    try {
      const planned = this.planListing(container, { limit, count: opts.count, signal: survey.signal });
      // The backward cursor only where the server is known to list backwards. Without the caller's count that is
      // asked beside the HEAD, not after it (once per client: the answer is kept), so the backward cursor starts as
      // soon as the count says there is more than a page.
      const check = () => this.honoursReverse(container, survey.signal).catch(() => false);
      const early = opts.count === undefined ? check() : undefined;
      const bothEnds = planned.bothEnds.then(async (yes) => yes && (await (early ?? check())));
      const shortPagesEnd = this.fillsPages(survey.signal);
      const count = prefix ? undefined : planned.count;
      const { spill, order } = opts;
      // Two or three requests: one gap, its two ends; four or more: split at guessed names (gapListing.ts). (One
      // request was read above.)
      const gaps = gapsFor(concurrency);
      // A page held for its turn is read for its names and parsed then: its manifest sizes asked then too.
      const complete = namesOnly ? undefined : (entries: ObjectEntry[], s?: AbortSignal) => this.withManifestSizes(container, entries, s);
      yield* listGaps(fetch, { limit, prefix, gaps, backward: bothEnds, shortPagesEnd, count, spill, order, complete, namesOnly, signal });
    } finally {
      survey.abort();
      release();
    }
  }

  /**
   * Whether full listings and searches read forward cursors over ranges split at names the server tells
   * (splitListing.ts): where the server is known not to list backwards (/info says Ceph RGW, or the reverse check
   * failed). Swift, and a server not known yet, are read from both ends.
   */
  async listsInSplitRanges(signal?: AbortSignal): Promise<boolean> {
    if (this.reverseHonoured !== undefined) return !this.reverseHonoured;
    return (await this.info(signal).catch(() => undefined))?.server === 'rgw';
  }

  /**
   * Ceph RGW lists a static large object manifest with the size of the manifest document (e.g. 169 bytes) and the MD5
   * of nothing, where Swift lists the size of the whole content and its `slo_etag`. A non-empty object whose MD5 is
   * that of no bytes cannot be a plain object: its size and ETag are asked with a HEAD, so a listing never shows a
   * large object's size wrong. Entries of other servers are returned as they are, without a request.
   * RGW lists a copy of a manifest (COPY, with or without `multipart-manifest=get`) with 0 bytes: where /info says
   * RGW, empty objects are asked too (folder markers, names ending in `/`, are not). `onAmended` is told when an
   * entry changed (the page's text no longer says what it holds).
   */
  private async withManifestSizes<T extends ListingEntry>(container: string, entries: T[], signal?: AbortSignal, onAmended?: () => void): Promise<T[]> {
    const empty = (e: ListingEntry): e is T & ObjectEntry => e.kind === 'object' && e.hash === EMPTY_MD5 && !e.sloEtag;
    const rgw = entries.some((e) => empty(e) && e.bytes === 0 && !e.name.endsWith('/')) && (await this.info(signal).catch(() => undefined))?.server === 'rgw';
    const suspect = entries.filter((e): e is T & ObjectEntry => empty(e) && (e.bytes > 0 || (rgw && !e.name.endsWith('/'))));
    for (const entry of suspect) {
      const info = await this.headObject(container, entry.name, signal).catch((e: unknown) => {
        if (isOpenStackError(e, 'notFound')) return undefined; // deleted since the listing: listed as it was
        throw e;
      });
      if (!info) continue;
      onAmended?.();
      entry.bytes = info.bytes;
      if (info.staticLargeObject && info.etag) entry.sloEtag = info.etag;
    }
    return entries;
  }

  /**
   * Whether the server really lists backwards with `reverse=true` (Swift does; Ceph RGW 16 ignores the parameter and
   * lists forwards, so a backward cursor would read nothing between its bounds and report a partial listing as
   * complete). Checked, not assumed: the first two names of a reverse listing of `container` must come in descending
   * order. Remembered per client once a container with two names or more has shown it; false while unknown.
   */
  async honoursReverse(container: string, signal?: AbortSignal): Promise<boolean> {
    if (this.reverseHonoured !== undefined) return this.reverseHonoured;
    const op: Operation = { verb: 'list', target: containerTarget(container), explain: { 404: l10n.t('the container does not exist') } };
    const url = swiftUrl(this.storageUrl, container, undefined, { format: 'json', limit: 2, reverse: 'true' });
    const response = await this.transport.send(op, { method: 'GET', url, signal });
    const entries = parseObjectListing(response.status === 204 ? (await response.dump(), []) : await response.json());
    if (entries.length < 2) return false;
    this.reverseHonoured = compareNames(markerOf(entries[0]), markerOf(entries[1])) > 0;
    return this.reverseHonoured;
  }

  /**
   * Whether a full listing also reads from the end, from the container's object count: one cursor for one page, two
   * (one from each end) for more. The count is the caller's, or comes from a HEAD, sent before the first page so
   * the container server answers it first.
   */
  private planListing(
    container: string,
    o: { limit: number; count?: number; signal: AbortSignal },
  ): { bothEnds: Promise<boolean>; count: Promise<number | undefined> } {
    const known = o.count !== undefined;
    const count = known
      ? Promise.resolve(o.count)
      : this.headContainer(container, o.signal).then(
          (info) => info.objectCount,
          () => undefined,
        );
    const bothEnds = (async (): Promise<boolean> => {
      // A HEAD answers in tens of milliseconds, unless the container server (one process in small clusters) is busy
      // building a large page: then the second cursor starts without waiting for the count.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const slow = new Promise<'slow'>((resolve) => {
        if (!known) timer = setTimeout(() => resolve('slow'), SECOND_CURSOR_AFTER_MS);
      });
      const n = await Promise.race([count, slow]).finally(() => clearTimeout(timer));
      if (n === 'slow') return true;
      return n !== undefined && n > o.limit;
    })();
    return { bothEnds, count };
  }

  async headObject(container: string, name: string, signal?: AbortSignal): Promise<ObjectInfo> {
    const op: Operation = { verb: 'read', target: objectTarget(container, name) };
    const response = await this.transport.send(op, { method: 'HEAD', url: swiftUrl(this.storageUrl, container, name), signal });
    await response.dump();
    return objectInfo(fromWireHeaders(response.headers));
  }

  /** Streams the object (or the inclusive byte range start..end); the caller must consume or destroy `body`. */
  async getObject(
    container: string,
    name: string,
    opts: { range?: { start: number; end?: number }; signal?: AbortSignal } = {},
  ): Promise<{ info: ObjectInfo; body: Readable }> {
    const op: Operation = { verb: 'download', target: objectTarget(container, name) };
    const headers: Record<string, string> = {};
    if (opts.range) headers.range = `bytes=${opts.range.start}-${opts.range.end ?? ''}`;
    const url = swiftUrl(this.storageUrl, container, name);
    const response = await this.transport.send(op, { method: 'GET', url, headers, signal: opts.signal });
    return { info: objectInfo(fromWireHeaders(response.headers)), body: response.body };
  }

  /**
   * PUT. The MD5 of the bytes sent is computed while they stream and compared with the ETag Swift returns;
   * a difference is a 'checksum' error (the object is left as Swift stored it). An explicit `etag` header
   * makes Swift check the data itself and refuse it (422, 'precondition').
   */
  async putObject(
    container: string,
    name: string,
    body: UploadBody,
    opts: { contentType?: string; contentLength?: number; headers?: Record<string, string>; signal?: AbortSignal } = {},
  ): Promise<{ etag: string }> {
    const op: Operation = { verb: 'upload', target: objectTarget(container, name), explain: { 404: l10n.t('the container does not exist') } };
    const headers = { ...opts.headers };
    if (opts.contentType) headers['content-type'] = opts.contentType;
    // Streams go chunked unless the caller knows their length (some proxies in front of Swift need it).
    if (opts.contentLength !== undefined) headers['content-length'] = String(opts.contentLength);
    const hashed = hashedBody(body);
    const url = swiftUrl(this.storageUrl, container, name);
    const request = { method: 'PUT', url, headers, body: hashed.body, signal: opts.signal };
    const response = await this.transport.send(op, request);
    await response.dump();
    const etag = unquoteEtag(response.headers.etag);
    // A DLO manifest's ETag describes its segments, not the (empty) bytes sent.
    if (!hasHeader(headers, 'x-object-manifest') && etag.toLowerCase() !== hashed.md5()) {
      throw this.transport.error(
        op,
        'checksum',
        l10n.t('Swift answered ETag {0} but the {1} bytes sent have MD5 {2}; ', etag || '(none)', hashed.bytes(), hashed.md5()) +
          l10n.t('the object was left as Swift stored it: upload it again, or delete it'),
        response,
        request,
      );
    }
    return { etag };
  }

  async postObject(container: string, name: string, headers: Record<string, string>, signal?: AbortSignal): Promise<void> {
    const op: Operation = { verb: 'update', target: objectTarget(container, name) };
    await (await this.transport.send(op, { method: 'POST', url: swiftUrl(this.storageUrl, container, name), headers, signal })).dump();
  }

  async deleteObject(container: string, name: string, signal?: AbortSignal): Promise<void> {
    const op: Operation = { verb: 'delete', target: objectTarget(container, name) };
    await (await this.transport.send(op, { method: 'DELETE', url: swiftUrl(this.storageUrl, container, name), signal })).dump();
  }

  /** Deletes a static large object's manifest AND its segments (`?multipart-manifest=delete`); see largeObjects.ts. */
  deleteLargeObject(container: string, name: string, signal?: AbortSignal): Promise<BulkDeleteResult> {
    return deleteLargeObject(this.storageUrl, this.transport, container, name, signal);
  }

  /**
   * Server-side COPY; `headers` (e.g. new metadata) apply to the copy. `query` applies to the source, e.g.
   * `multipart-manifest=get` copies a large object's manifest rather than its concatenated content.
   */
  async copyObject(
    from: ObjectRef,
    to: ObjectRef,
    opts: { headers?: Record<string, string>; query?: Record<string, QueryValue>; signal?: AbortSignal } = {},
  ): Promise<{ etag: string }> {
    const op: Operation = { verb: 'copy', target: `${objectTarget(from.container, from.name)} to ${objectTarget(to.container, to.name)}` };
    const headers = { ...opts.headers, destination: containerPath(to.container, to.name) };
    const url = swiftUrl(this.storageUrl, from.container, from.name, opts.query);
    const response = await this.transport.send(op, { method: 'COPY', url, headers, signal: opts.signal });
    await response.dump();
    return { etag: unquoteEtag(response.headers.etag) };
  }

  /**
   * Deletes objects and (empty) containers, in requests of at most max_deletes_per_request paths; paths
   * Swift's bulk middleware cannot take (or every path, on clusters without it) are deleted one by one.
   */
  bulkDelete(paths: BulkDeletePath[], signal?: AbortSignal): Promise<BulkDeleteResult> {
    return deleteInBulk(this, this.transport, paths, signal);
  }

  /** PUT of a Static Large Object manifest; its ETag (that of the segments) is checked (transfer/manifests.ts). */
  putSloManifest(
    container: string,
    name: string,
    segments: readonly ManifestSegment[],
    opts: { headers?: Record<string, string>; signal?: AbortSignal } = {},
  ): Promise<{ etag: string }> {
    return putManifest(this.transport, this.storageUrl, container, name, segments, opts);
  }

  /** The segments a Static Large Object manifest lists (`?multipart-manifest=get`). */
  sloSegments(container: string, name: string, signal?: AbortSignal): Promise<ListedSegment[]> {
    return getManifest(this.transport, this.storageUrl, container, name, signal);
  }

  /**
   * Names per listing request when the caller does not say: the client's option, else what suits the cluster (/info's
   * limit, 5,000 on a Swift close by: scanPageSize), else Swift's default.
   */
  async listingPageSize(signal?: AbortSignal): Promise<number> {
    if (this.pageLimit) return this.pageLimit;
    if (this.infoUnavailable) return DEFAULT_LISTING_LIMIT;
    try {
      const info = await this.info(signal);
      return scanPageSize(info, info.server === 'swift' ? await this.clusterRoundTripMs(signal) : this.infoRoundTripMs);
    } catch (e) {
      if (isOpenStackError(e, 'cancelled')) throw e;
      this.infoUnavailable = true;
      return DEFAULT_LISTING_LIMIT;
    }
  }

  /**
   * The cluster's distance: /info's round trip, timed once more when it looked far. A process's first request also
   * opens the connection and loads undici's HTTP parser (measured here: 38 to 52 ms for /info, 6 ms on the connection
   * it opened), so a Swift close by looked far whenever a listing was the first request (a token kept from before:
   * no sign-in went first) and got pages of 10,000. A cluster really far costs one round trip more, once.
   */
  private async clusterRoundTripMs(signal?: AbortSignal): Promise<number | undefined> {
    const first = this.infoRoundTripMs;
    if (first === undefined || first <= NEAR_ROUND_TRIP_MS) return first;
    this.infoRetimed ??= this.timeInfo().catch(() => first);
    return Math.min(first, await abandonable(this.infoRetimed, signal, readingInfo()));
  }

  private async timeInfo(): Promise<number> {
    const { response, ms } = await this.sendInfo();
    await response.dump();
    return ms;
  }

  /** GET /info, anonymous, and how long its answer (headers) took. */
  private async sendInfo(): Promise<{ response: HttpResponse; ms: number }> {
    const op: Operation = { verb: 'read', target: l10n.t('the cluster capabilities (/info)') };
    const started = this.now();
    const response = await this.transport.send(op, { method: 'GET', url: infoUrl(this.storageUrl), anonymous: true });
    return { response, ms: this.now() - started };
  }
}

/**
 * The pages of a delimited listing with `folder` where it belongs, when the server left it out: in the page whose
 * names reach past it, or after the last page.
 */
async function* withEmptySegmentFolder(pages: AsyncGenerator<ObjectPage>, folder: FolderEntry | undefined): AsyncGenerator<ObjectPage> {
  let pending = folder;
  for await (const page of pages) {
    if (pending) {
      const prefix = pending.prefix;
      const at = page.entries.findIndex((e) => compareNames(markerOf(e), prefix) >= 0);
      if (at >= 0) {
        if (markerOf(page.entries[at]) !== prefix) page.entries.splice(at, 0, pending);
        pending = undefined;
      } else if (page.nextMarker === undefined) {
        page.entries.push(pending);
        pending = undefined;
      }
    }
    yield page;
  }
}

/**
 * A name that sorts just below every name starting with `prefix`: the prefix with its last character lowered by one,
 * followed by the highest code point (names between it and the prefix are never real ones). Never a lone surrogate.
 */
export function markerBelow(prefix: string): string {
  const chars = [...prefix];
  const last = chars.pop()!.codePointAt(0)!;
  if (last === 0) return chars.join('');
  const lower = last - 1 >= 0xd800 && last - 1 <= 0xdfff ? 0xd7ff : last - 1;
  return `${chars.join('')}${String.fromCodePoint(lower)}\u{10FFFF}`;
}

function listingQuery(opts: ListOptions, marker: string | undefined, limit: number) {
  return {
    format: 'json',
    limit,
    marker,
    end_marker: opts.endMarker || undefined,
    prefix: opts.prefix || undefined,
    reverse: opts.reverse ? 'true' : undefined,
  };
}

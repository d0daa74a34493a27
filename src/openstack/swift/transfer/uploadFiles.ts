/**
 * Uploads of local files to one container: a bounded number of requests in flight, progress in files and
 * bytes, cancellation, each file's MD5 checked against Swift's ETag (putObject), a guessed Content-Type.
 * Files at or above a threshold go as a Static Large Object (segments.ts): segments already in the segments
 * container with the right size and MD5 are reused, so an interrupted upload resumes. A request whose streamed
 * body was refused (a token that expired on the way, a dropped connection) is sent once more from the file.
 * A file that fails is reported and the batch goes on; no failed file is ever reported uploaded.
 */
import * as l10n from '@vscode/l10n';
import { OpenStackError, isOpenStackError } from '../../errors';
import { linkedAbort } from '../../linkedAbort';
import type { SwiftClient } from '../client';
import type { SwiftInfo } from '../info';
import { sendInArchives, splitForArchives } from './archiveUploads';
import { guessContentType } from './contentTypes';
import { UploadItem, fileRange, md5OfRange } from './localFiles';
import { Limiter, runPool } from './pool';
import { FileProgress, ProgressListener, ProgressTracker, counted } from './progress';
import {
  DEFAULT_SEGMENT_SIZE,
  DEFAULT_SLO_LIMITS,
  DEFAULT_SLO_THRESHOLD,
  chooseSegmentSize,
  mtimeText,
  planSegments,
  segmentPrefix,
  segmentsContainer,
  sloLimits,
} from './segments';

/** Files below this size count as small (their own limiter, see UploadOptions.smallFiles). */
export const SMALL_FILE_BYTES = 1024 * 1024;
/** Small PUTs in flight at once at most (unless the setting asks for more): the connection pool per origin (dispatchers.ts). */
export const SMALL_FILE_CONCURRENCY = 16;

/**
 * The small-file limiter a transfer of `concurrency` uses: 4 times as wide, at most 16 (4 → 16, 1 → 4), never
 * narrower than `concurrency`, so a user who lowered the setting to spare a server gets fewer small PUTs too.
 */
export function smallFilesFor(concurrency: number): { below: number; concurrency: number } {
  return { below: SMALL_FILE_BYTES, concurrency: Math.max(concurrency, Math.min(SMALL_FILE_CONCURRENCY, 4 * concurrency)) };
}

export interface UploadOptions {
  container: string;
  /** Requests in flight at once (files, or segments of large files). Default 4. */
  concurrency?: number;
  /**
   * Files below `below` bytes get a limiter of their own, `concurrency` wide: a small PUT's time is mostly the
   * server's round trip, so many side by side fill the line, while big files and segments stay bounded by
   * `concurrency` above. Unset: small files share that limit.
   */
  smallFiles?: { below: number; concurrency: number };
  /** Files of at least this many bytes go as Static Large Objects. */
  sloThreshold?: number;
  segmentSize?: number;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /**
   * Small files may go many to a request, as tar archives the server expands (archiveUploads.ts), where /info
   * offers it (Swift's `bulk_upload`): files the small-file limiter takes, with names an archive keeps exactly, under
   * `listingPrefix`. They are confirmed afterwards by one listing of that prefix, so it should not hold much
   * else (a sync's folder: the listing it compared against). `minFiles`: fewer files an archive can carry than this
   * go as PUTs (the confirming listing would cost more than it saves). Unset: every file is its own PUT.
   */
  archives?: { listingPrefix: string; minFiles?: number };
}

export interface UploadedFile {
  item: UploadItem;
  etag: string;
  /** Set for Static Large Objects. */
  segments?: { count: number; reused: number; size: number };
  /** The segments the new manifest lists (Static Large Objects), e.g. to tell which old ones it no longer uses. */
  segmentPaths?: Array<{ container: string; name: string }>;
}

export interface FailedTransfer {
  name: string;
  localPath?: string;
  error: unknown;
}

export interface UploadSummary {
  uploaded: UploadedFile[];
  failed: FailedTransfer[];
  /** Segments found already uploaded (same size and MD5) and not sent again. */
  reusedSegments: number;
  /** Requests sent a second time after their first attempt was refused mid-way (e.g. an expired token). */
  resent: number;
  /** Bytes that went over the network (reused segments not counted). */
  bytesSent: number;
  cancelled: boolean;
}

/** Failures worth sending the bytes once more for: the token was renewed, or the connection dropped. */
function resendable(e: unknown): boolean {
  return isOpenStackError(e) && (e.kind === 'auth' || e.kind === 'network' || e.kind === 'timeout' || e.kind === 'server');
}

export async function uploadFiles(client: SwiftClient, items: readonly UploadItem[], options: UploadOptions): Promise<UploadSummary> {
  return new Uploader(client, items, options).run();
}

/** One batch of uploads: run() starts the files in order; each step of a file is a method. */
class Uploader {
  private readonly container: string;
  private readonly signal: AbortSignal | undefined;
  private readonly threshold: number;
  private readonly limiter: Limiter;
  /** The limiter of small files (the main one when `smallFiles` is unset). */
  private readonly smallLimiter: Limiter;
  private readonly smallBelow: number;
  private readonly tracker: ProgressTracker;
  private readonly summary: UploadSummary = { uploaded: [], failed: [], reusedSegments: 0, resent: 0, bytesSent: 0, cancelled: false };
  /** The cluster's /info, read once, when the first large file needs it. */
  private info: Promise<SwiftInfo> | undefined;
  /** The segments container, made once for the batch (again after a failure). */
  private segmentsReady: Promise<unknown> | undefined;

  constructor(
    private readonly client: SwiftClient,
    private readonly items: readonly UploadItem[],
    private readonly options: UploadOptions,
  ) {
    this.container = options.container;
    this.signal = options.signal;
    this.threshold = Math.max(1, options.sloThreshold ?? DEFAULT_SLO_THRESHOLD);
    this.limiter = new Limiter(Math.max(1, Math.floor(options.concurrency ?? 4)));
    this.smallBelow = options.smallFiles ? Math.min(options.smallFiles.below, this.threshold) : 0;
    this.smallLimiter = options.smallFiles ? new Limiter(Math.max(1, Math.floor(options.smallFiles.concurrency))) : this.limiter;
    this.tracker = new ProgressTracker(
      items.length,
      items.reduce((n, i) => n + i.size, 0),
      options.onProgress,
    );
  }

  async run(): Promise<UploadSummary> {
    const { signal, summary, items } = this;
    try {
      const { archived, alone } = await this.splitForArchives();
      // Files start in order; the limiter, not the number of files started, bounds the requests in flight.
      const each = (list: readonly UploadItem[]) => runPool(list, Math.max(this.limiter.slots, this.smallLimiter.slots) * 2, (item) => this.one(item), signal);
      await Promise.all([each(alone), archived.length ? this.archives(archived).then(each) : undefined]);
    } catch (e) {
      if (!signal?.aborted) throw e;
    }
    summary.cancelled = !!signal?.aborted;
    // Files finish in any order; the summary lists them in the order they were given, run after run.
    const order = new Map(items.map((item, i) => [item.name, i]));
    const rank = (name: string) => order.get(name) ?? 0;
    summary.uploaded.sort((a, b) => rank(a.item.name) - rank(b.item.name));
    summary.failed.sort((a, b) => rank(a.name) - rank(b.name));
    return summary;
  }

  /** The files that go in archives (none unless asked for and /info offers it), and those sent one by one. */
  private async splitForArchives(): Promise<{ archived: UploadItem[]; alone: readonly UploadItem[] }> {
    const asked = this.options.archives;
    if (!asked || !this.smallBelow) return { archived: [], alone: this.items };
    this.info ??= this.client.info(this.signal);
    const offered = (await this.info.catch(() => undefined))?.bulkUpload;
    const split = offered ? splitForArchives(this.items, asked.listingPrefix, this.smallBelow) : undefined;
    return split && split.archived.length >= (asked.minFiles ?? 2) ? split : { archived: [], alone: this.items };
  }

  /** Sends `archived` in archives; returns the files to send one by one (not confirmed as sent). */
  private async archives(archived: UploadItem[]): Promise<UploadItem[]> {
    const outcome = await sendInArchives(archived, {
      client: this.client,
      container: this.container,
      listingPrefix: this.options.archives!.listingPrefix,
      limiter: this.smallLimiter,
      tracker: this.tracker,
      signal: this.signal,
    });
    this.summary.uploaded.push(...outcome.confirmed);
    this.summary.bytesSent += outcome.bytesSent;
    return outcome.again;
  }

  /** One file, whole: uploaded, failed (the batch goes on) or cancelled; never reported uploaded when it is not. */
  private async one(item: UploadItem): Promise<void> {
    const progress = this.tracker.start(item.name, item.size);
    try {
      const fileSignal = this.signal ?? new AbortController().signal;
      this.summary.uploaded.push(await this.upload(item, progress, fileSignal));
      progress.end('done');
    } catch (error) {
      if (this.signal?.aborted) {
        progress.end('cancelled');
        return;
      }
      this.summary.failed.push({ name: item.name, localPath: item.localPath, error });
      progress.end('failed');
    }
  }

  /** A plain PUT, or a Static Large Object from the threshold up when the cluster offers them. */
  private async upload(item: UploadItem, progress: FileProgress, fileSignal: AbortSignal): Promise<UploadedFile> {
    if (item.size < this.threshold) return this.plain(item, progress, fileSignal);
    this.info ??= this.client.info(this.signal);
    const cluster = await this.info;
    if (cluster.staticLargeObject) return this.large(item, cluster, progress, fileSignal);
    if (cluster.maxFileSize !== undefined && item.size > cluster.maxFileSize) {
      throw new OpenStackError(
        'unsupported',
        l10n.t("The file is larger than the cluster's limit ({0} bytes) and the cluster does not offer Static Large Objects.", cluster.maxFileSize),
      );
    }
    return this.plain(item, progress, fileSignal);
  }

  /** Sends a body read from the file; once more (from the file again) when the first attempt was refused mid-way. */
  private async send<T>(
    progress: FileProgress,
    attempt: (body: AsyncIterable<Uint8Array>) => Promise<T>,
    open: () => AsyncIterable<Uint8Array>,
    fileSignal: AbortSignal,
  ): Promise<T> {
    for (let round = 1; ; round++) {
      const body = counted(open, progress);
      try {
        const result = await attempt(body.body);
        this.summary.bytesSent += body.sent();
        return result;
      } catch (e) {
        progress.add(-body.sent());
        if (round > 1 || fileSignal.aborted || !resendable(e)) throw e;
        this.summary.resent++;
      }
    }
  }

  private async plain(item: UploadItem, progress: FileProgress, fileSignal: AbortSignal): Promise<UploadedFile> {
    const limiter = item.size < this.smallBelow ? this.smallLimiter : this.limiter;
    const { etag } = await limiter.run(
      () =>
        this.send(
          progress,
          (body) =>
            this.client.putObject(this.container, item.name, body, {
              contentType: guessContentType(item.localPath),
              contentLength: item.size,
              headers: { 'x-object-meta-mtime': mtimeText(item.mtimeMs) },
              signal: fileSignal,
            }),
          () => fileRange(item.localPath, 0, item.size),
          fileSignal,
        ),
      fileSignal,
    );
    return { item, etag };
  }

  /** Segments (those already there with the right size and MD5 are reused), then the manifest. */
  private async large(item: UploadItem, cluster: SwiftInfo, progress: FileProgress, fileSignal: AbortSignal): Promise<UploadedFile> {
    const limits = sloLimits(cluster) ?? DEFAULT_SLO_LIMITS;
    const size = chooseSegmentSize(item.size, this.options.segmentSize ?? DEFAULT_SEGMENT_SIZE, limits);
    const mtime = mtimeText(item.mtimeMs);
    const plan = planSegments(item.name, item.size, mtime, size, cluster.maxObjectNameLength);
    const segContainer = segmentsContainer(this.container);
    const present = await this.segmentsThere(segContainer, segmentPrefix(item.name, mtime, item.size, size), fileSignal);
    const { etags, reused } = await this.putSegments(item, plan, segContainer, present, progress, fileSignal);
    // Only now, every segment in place and checked, does the object appear.
    const { etag } = await this.client.putSloManifest(
      this.container,
      item.name,
      plan.map((seg) => ({ path: `/${segContainer}/${seg.name}`, etag: etags[seg.index], bytes: seg.bytes })),
      { headers: { 'content-type': guessContentType(item.localPath), 'x-object-meta-mtime': mtime }, signal: fileSignal },
    );
    const segmentPaths = plan.map((seg) => ({ container: segContainer, name: seg.name }));
    return { item, etag, segments: { count: plan.length, reused, size }, segmentPaths };
  }

  /** Makes the segments container (once a batch) and, meanwhile, finds the segments a resumed upload left there. */
  private async segmentsThere(segContainer: string, prefix: string, fileSignal: AbortSignal): Promise<Map<string, { bytes: number; hash: string }>> {
    this.segmentsReady ??= this.client.createContainer(segContainer, {}, this.signal).catch((e) => {
      this.segmentsReady = undefined; // the next large file tries again
      throw e;
    });
    const listing = (async () => {
      const found = new Map<string, { bytes: number; hash: string }>();
      try {
        for await (const page of this.client.listObjects(segContainer, { prefix, signal: fileSignal })) {
          for (const e of page.entries) if (e.kind === 'object') found.set(e.name, { bytes: e.bytes, hash: e.hash.toLowerCase() });
        }
      } catch (e) {
        if (!isOpenStackError(e, 'notFound')) throw e;
      }
      return found;
    })();
    listing.catch(() => undefined); // awaited below, unless making the container failed first
    await this.segmentsReady;
    return listing;
  }

  /** Every segment, reused or sent; one failing stops the file's other segments (the batch goes on). */
  private async putSegments(
    item: UploadItem,
    plan: ReturnType<typeof planSegments>,
    segContainer: string,
    present: Map<string, { bytes: number; hash: string }>,
    progress: FileProgress,
    fileSignal: AbortSignal,
  ): Promise<{ etags: string[]; reused: number }> {
    const stop = linkedAbort(fileSignal);
    const segSignal = stop.signal;
    const etags: string[] = new Array(plan.length);
    let reused = 0;
    const results = await Promise.allSettled(
      plan.map((seg) =>
        this.limiter
          .run(async () => {
            const have = present.get(seg.name);
            if (have && have.bytes === seg.bytes && (await md5OfRange(item.localPath, seg.start, seg.bytes, segSignal)) === have.hash) {
              etags[seg.index] = have.hash;
              reused++;
              progress.add(seg.bytes);
              return;
            }
            const { etag } = await this.send(
              progress,
              (body) => this.client.putObject(segContainer, seg.name, body, { contentLength: seg.bytes, signal: segSignal }),
              () => fileRange(item.localPath, seg.start, seg.bytes),
              segSignal,
            );
            etags[seg.index] = etag.toLowerCase();
          }, segSignal)
          .catch((e) => {
            stop.abort();
            throw e;
          }),
      ),
    );
    stop.release();
    this.summary.reusedSegments += reused;
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (failures.length) throw failures.find((e) => !isOpenStackError(e, 'cancelled')) ?? failures[0];
    return { etags, reused };
  }
}

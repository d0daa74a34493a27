/**
 * Uploads of local files to one container: a bounded number of requests in flight, progress in files and
 * bytes, cancellation, each file's MD5 checked against Swift's ETag (putObject), a guessed Content-Type.
 * Files at or above a threshold go as a Static Large Object (segments.ts): segments already in the segments
 * container with the right size and MD5 are reused, so an interrupted upload resumes. A request whose streamed
 * body was refused (a token that expired on the way, a dropped connection) is sent once more from the file.
 * A file that fails is reported and the batch goes on; no failed file is ever reported uploaded.
 */
import { OpenStackError, isOpenStackError } from '../../errors';
import type { SwiftClient } from '../client';
import type { SwiftInfo } from '../info';
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

export interface UploadOptions {
  container: string;
  /** Requests in flight at once (files, or segments of large files). Default 4. */
  concurrency?: number;
  /** Files of at least this many bytes go as Static Large Objects. */
  sloThreshold?: number;
  segmentSize?: number;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface UploadedFile {
  item: UploadItem;
  etag: string;
  /** Set for Static Large Objects. */
  segments?: { count: number; reused: number; size: number };
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
  const { container, signal } = options;
  const threshold = Math.max(1, options.sloThreshold ?? DEFAULT_SLO_THRESHOLD);
  const limiter = new Limiter(Math.max(1, Math.floor(options.concurrency ?? 4)));
  const tracker = new ProgressTracker(items.length, items.reduce((n, i) => n + i.size, 0), options.onProgress);
  const summary: UploadSummary = { uploaded: [], failed: [], reusedSegments: 0, resent: 0, bytesSent: 0, cancelled: false };
  let info: Promise<SwiftInfo> | undefined;
  let segmentsReady: Promise<unknown> | undefined;

  /** Sends a body read from the file; once more (from the file again) when the first attempt was refused mid-way. */
  const send = async <T>(progress: FileProgress, attempt: (body: AsyncIterable<Uint8Array>) => Promise<T>, open: () => AsyncIterable<Uint8Array>, fileSignal: AbortSignal): Promise<T> => {
    for (let round = 1; ; round++) {
      const body = counted(open(), progress);
      try {
        const result = await attempt(body.body);
        summary.bytesSent += body.sent();
        return result;
      } catch (e) {
        progress.add(-body.sent());
        if (round > 1 || fileSignal.aborted || !resendable(e)) throw e;
        summary.resent++;
      }
    }
  };

  const plain = async (item: UploadItem, progress: FileProgress, fileSignal: AbortSignal): Promise<UploadedFile> => {
    const { etag } = await limiter.run(
      () =>
        send(
          progress,
          (body) =>
            client.putObject(container, item.name, body, {
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
  };

  const large = async (item: UploadItem, cluster: SwiftInfo, progress: FileProgress, fileSignal: AbortSignal): Promise<UploadedFile> => {
    const limits = sloLimits(cluster) ?? DEFAULT_SLO_LIMITS;
    const size = chooseSegmentSize(item.size, options.segmentSize ?? DEFAULT_SEGMENT_SIZE, limits);
    const mtime = mtimeText(item.mtimeMs);
    const plan = planSegments(item.name, item.size, mtime, size, cluster.maxObjectNameLength);
    const segContainer = segmentsContainer(container);
    segmentsReady ??= client.createContainer(segContainer, {}, signal).catch((e) => {
      segmentsReady = undefined; // the next large file tries again
      throw e;
    });
    // Segments already there (a resumed upload) are looked for while the container is made: none if it did not exist.
    const listing = (async () => {
      const found = new Map<string, { bytes: number; hash: string }>();
      try {
        for await (const page of client.listObjects(segContainer, { prefix: segmentPrefix(item.name, mtime, item.size, size), signal: fileSignal })) {
          for (const e of page.entries) if (e.kind === 'object') found.set(e.name, { bytes: e.bytes, hash: e.hash.toLowerCase() });
        }
      } catch (e) {
        if (!isOpenStackError(e, 'notFound')) throw e;
      }
      return found;
    })();
    listing.catch(() => undefined); // awaited below, unless making the container failed first
    await segmentsReady;
    const present = await listing;
    // One segment failing stops the file's other segments (the batch goes on).
    const stop = new AbortController();
    const segSignal = AbortSignal.any([fileSignal, stop.signal]);
    const etags: string[] = new Array(plan.length);
    let reused = 0;
    const results = await Promise.allSettled(
      plan.map((seg) =>
        limiter
          .run(async () => {
            const have = present.get(seg.name);
            if (have && have.bytes === seg.bytes && (await md5OfRange(item.localPath, seg.start, seg.bytes, segSignal)) === have.hash) {
              etags[seg.index] = have.hash;
              reused++;
              progress.add(seg.bytes);
              return;
            }
            const { etag } = await send(
              progress,
              (body) => client.putObject(segContainer, seg.name, body, { contentLength: seg.bytes, signal: segSignal }),
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
    summary.reusedSegments += reused;
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (failures.length) throw failures.find((e) => !isOpenStackError(e, 'cancelled')) ?? failures[0];
    // Only now, every segment in place and checked, does the object appear.
    const { etag } = await client.putSloManifest(
      container,
      item.name,
      plan.map((seg) => ({ path: `/${segContainer}/${seg.name}`, etag: etags[seg.index], bytes: seg.bytes })),
      { headers: { 'content-type': guessContentType(item.localPath), 'x-object-meta-mtime': mtime }, signal: fileSignal },
    );
    return { item, etag, segments: { count: plan.length, reused, size } };
  };

  const one = async (item: UploadItem) => {
    const progress = tracker.start(item.name, item.size);
    try {
      const fileSignal = signal ?? new AbortController().signal;
      let result: UploadedFile;
      if (item.size >= threshold) {
        info ??= client.info(signal);
        const cluster = await info;
        if (cluster.staticLargeObject) result = await large(item, cluster, progress, fileSignal);
        else if (cluster.maxFileSize !== undefined && item.size > cluster.maxFileSize) {
          throw new OpenStackError('unsupported', `The file is larger than the cluster's limit (${cluster.maxFileSize} bytes) and the cluster does not offer Static Large Objects.`);
        } else result = await plain(item, progress, fileSignal);
      } else result = await plain(item, progress, fileSignal);
      summary.uploaded.push(result);
      progress.end('done');
    } catch (error) {
      if (signal?.aborted) {
        progress.end('cancelled');
        return;
      }
      summary.failed.push({ name: item.name, localPath: item.localPath, error });
      progress.end('failed');
    }
  };

  try {
    // Files start in order; the limiter, not the number of files started, bounds the requests in flight.
    await runPool(items, limiter.slots * 2, one, signal);
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

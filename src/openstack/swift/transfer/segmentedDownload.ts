/**
 * A Static Large Object downloaded segment by segment: each segment is an ordinary GET straight from its container,
 * several at once, written at its offset in the file and checked against the manifest's MD5 as it streams. Swift's own
 * GET of the manifest streams the segments one after the other through the proxy, which also hashes each of them on
 * the way (measured on the local Swift 2.30: ~0.7 s of proxy CPU for 200 MiB, against ~0.26 s for the same bytes as
 * plain GETs). Reading a segment needs the same permissions as reading the large object: Swift's own GET of it uses
 * the caller's token for each segment too.
 */
import * as l10n from '@vscode/l10n';
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { linkedAbort } from '../../linkedAbort';
import type { SwiftClient } from '../client';
import { displayName } from '../names';
import { ManifestUnreadableError, splitSegmentPath, type ListedSegment } from './manifests';
import type { Limiter } from './pool';
import { downloadMismatch } from './verify';

/** Writes are gathered up to this size: fewer, larger writes than the network's chunks. */
const WRITE_BYTES = 1024 * 1024;

/**
 * The segments of a Static Large Object when each can be read on its own and checked against its MD5: plain segments,
 * at least two (else one GET is as good). Undefined otherwise (ranges, nested manifests): the object is then read whole.
 */
export async function separateSegments(client: SwiftClient, container: string, name: string, signal?: AbortSignal): Promise<ListedSegment[] | undefined> {
  const segments = await client.sloSegments(container, name, signal).catch((e: unknown) => {
    if (e instanceof ManifestUnreadableError) return []; // read whole, checked by size (verify.ts)
    throw e;
  });
  const plain = segments.length > 1 && segments.every((s) => s.range === undefined && !s.subSlo && splitSegmentPath(s.path)[1] !== undefined);
  return plain ? segments : undefined;
}

/**
 * Downloads `segments` of `object` into the new file `path`, each segment's GET holding a slot of `limiter` (the
 * transfer's bound on requests in flight). The first failure cancels the other segments.
 */
export async function downloadSegments(
  client: SwiftClient,
  object: { container: string; name: string },
  segments: readonly ListedSegment[],
  path: string,
  opts: { limiter: Limiter; signal?: AbortSignal; add: (bytes: number) => void },
): Promise<void> {
  const offsets: number[] = [];
  let total = 0;
  for (const s of segments) {
    offsets.push(total);
    total += s.bytes;
  }
  const stop = linkedAbort(opts.signal);
  const { signal } = stop;
  let failure: { error: unknown } | undefined;
  const file = await open(path, 'wx');
  try {
    await Promise.allSettled(
      segments.map((segment, i) =>
        opts.limiter
          .run(() => downloadSegment(client, object, segment, file, offsets[i], { signal, add: opts.add }), signal)
          .catch((error: unknown) => {
            failure ??= { error };
            stop.abort();
          }),
      ),
    );
    opts.signal?.throwIfAborted();
    if (failure) throw failure.error;
    const { size } = await file.stat();
    if (size !== total) throw downloadMismatch(object.container, object.name, l10n.t('the file has {0} bytes, not the {1} its segments make', size, total));
  } finally {
    stop.release();
    await file.close();
  }
}

async function downloadSegment(
  client: SwiftClient,
  object: { container: string; name: string },
  segment: ListedSegment,
  file: FileHandle,
  offset: number,
  opts: { signal?: AbortSignal; add: (bytes: number) => void },
): Promise<void> {
  const [container, name] = splitSegmentPath(segment.path) as [string, string];
  const { info, body } = await client.getObject(container, name, { signal: opts.signal });
  // Swift states each segment's MD5 as its ETag: one that differs from the manifest's means the segment was
  // replaced after the manifest was written (or the answer is not the segment), whatever bytes follow.
  if (/^[0-9a-f]{32}$/i.test(info.etag) && info.etag.toLowerCase() !== segment.hash) {
    discard(body);
    throw downloadMismatch(
      object.container,
      object.name,
      l10n.t('segment {0} has ETag {1}, not the {2} its manifest says', displayName(segment.path), info.etag, segment.hash),
    );
  }
  const hash = createHash('md5');
  let position = offset;
  let gathered: Buffer[] = [];
  let gatheredBytes = 0;
  const flush = async () => {
    const buffers = gathered;
    gathered = [];
    for (let done = 0; done < gatheredBytes;) {
      // writev may write less than asked: the rest goes again.
      const { bytesWritten } = await file.writev(done ? [Buffer.concat(buffers).subarray(done)] : buffers, position + done);
      done += bytesWritten;
    }
    position += gatheredBytes;
    gatheredBytes = 0;
  };
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      if (position + gatheredBytes + chunk.byteLength > offset + segment.bytes) {
        throw downloadMismatch(
          object.container,
          object.name,
          l10n.t('segment {0} is longer than the {1} bytes its manifest says', displayName(segment.path), segment.bytes),
        );
      }
      hash.update(chunk);
      gathered.push(chunk);
      gatheredBytes += chunk.byteLength;
      opts.add(chunk.byteLength);
      if (gatheredBytes >= WRITE_BYTES) await flush();
    }
    await flush();
  } catch (e) {
    discard(body);
    throw e;
  }
  const bytes = position - offset;
  if (bytes !== segment.bytes)
    throw downloadMismatch(
      object.container,
      object.name,
      l10n.t('segment {0} has {1} bytes, not the {2} its manifest says', displayName(segment.path), bytes, segment.bytes),
    );
  const md5 = hash.digest('hex');
  if (md5 !== segment.hash)
    throw downloadMismatch(
      object.container,
      object.name,
      l10n.t('segment {0} has MD5 {1}, not the {2} its manifest says', displayName(segment.path), md5, segment.hash),
    );
}

/**
 * Drops a response body not (or no longer) read. undici's body, destroyed before anything read it, emits an
 * "aborted" error: with no listener that is an uncaught exception (seen when the local folder cannot be made).
 */
export function discard(body: NodeJS.ReadableStream & { destroy(): void }): void {
  body.on('error', () => undefined);
  body.destroy();
}

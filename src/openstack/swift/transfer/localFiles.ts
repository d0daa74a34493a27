/**
 * The local side of uploads: what a picked file or folder holds (regular files; links and special files are
 * skipped and said so), as object names under a prefix with `/` separators, and byte ranges of files read
 * from disk (a range can be opened again when a request must be sent a second time).
 */
import * as l10n from '@vscode/l10n';
import { createHash } from 'node:crypto';
import { close, closeSync, createReadStream, open, openSync, read, readSync } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';

export interface UploadItem {
  localPath: string;
  /** Full object name in the container. */
  name: string;
  size: number;
  mtimeMs: number;
}

export interface SkippedPath {
  localPath: string;
  reason: string;
}

/**
 * Files and folders (whole trees) → uploads. A file becomes `<prefix><its name>`; a folder's files become
 * `<prefix><folder name>/<path inside it>`. Symbolic links inside folders are not followed (no loops, no
 * files from elsewhere); a link picked directly is.
 */
export async function collectUploads(paths: readonly string[], prefix: string): Promise<{ items: UploadItem[]; skipped: SkippedPath[] }> {
  const items: UploadItem[] = [];
  const skipped: SkippedPath[] = [];
  const walk = async (dir: string, namePrefix: string) => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path, `${namePrefix}${entry.name}/`);
      else if (entry.isFile()) {
        const s = await lstat(path);
        items.push({ localPath: path, name: `${namePrefix}${entry.name}`, size: s.size, mtimeMs: s.mtimeMs });
      } else skipped.push({ localPath: path, reason: entry.isSymbolicLink() ? l10n.t('a symbolic link (not followed)') : l10n.t('not a regular file') });
    }
  };
  for (const path of paths) {
    const s = await stat(path);
    if (s.isDirectory()) await walk(path, `${prefix}${basename(path)}/`);
    else if (s.isFile()) items.push({ localPath: path, name: `${prefix}${basename(path)}`, size: s.size, mtimeMs: s.mtimeMs });
    else skipped.push({ localPath: path, reason: l10n.t('not a regular file') });
  }
  return { items, skipped };
}

/** Reads of 1 MiB rather than the stream default of 64 KiB: a sixteenth of the per-chunk work (hashing calls, socket writes). */
const READ_BYTES = 1024 * 1024;

/**
 * Bytes [start, start + bytes) of a file, streamed. A range that fits in one read (most files of a sync) is one
 * open, read and close into one Buffer, without a ReadStream, whose own work per file outweighed the read of a small
 * file; up to SYNC_READ_BYTES, those three calls are made on the spot rather than handed to the thread pool and back
 * three times (a page-cache copy of a few KiB; each hand-off wakes a thread, which is what a push of many small files
 * spent its CPU on). Either way the file is opened only when the body is first read, and a file shorter than the
 * range ends early (the request then fails on its Content-Length, as with a stream).
 */
export function fileRange(path: string, start: number, bytes: number): Readable | AsyncIterable<Uint8Array> {
  return bytes > 0 && bytes <= READ_BYTES ? oneRead(path, start, bytes) : streamRange(path, start, bytes);
}

/** Ranges up to this size are read without the thread pool (see fileRange). */
export const SYNC_READ_BYTES = 64 * 1024;

function streamRange(path: string, start: number, bytes: number): Readable {
  // createReadStream's `end` is inclusive, so it cannot express an empty range.
  return bytes > 0 ? createReadStream(path, { start, end: start + bytes - 1, highWaterMark: READ_BYTES }) : Readable.from([]);
}

async function* oneRead(path: string, start: number, bytes: number): AsyncGenerator<Uint8Array> {
  yield bytes <= SYNC_READ_BYTES ? readRangeNow(path, start, bytes) : await readRange(path, start, bytes);
}

/** Up to `bytes` bytes from `start` (fewer at the end of the file). */
function readRangeNow(path: string, start: number, bytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(bytes);
    let got = 0;
    for (let n = -1; n !== 0 && got < bytes; got += n) n = readSync(fd, buffer, got, bytes - got, start + got);
    return got === bytes ? buffer : buffer.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** The same with the callback API: one thread-pool trip each. */
function readRange(path: string, start: number, bytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    open(path, 'r', (openError, fd) => {
      if (openError) return reject(openError);
      const buffer = Buffer.allocUnsafe(bytes);
      const next = (got: number): void =>
        read(fd, buffer, got, bytes - got, start + got, (readError, n) => {
          if (readError || n === 0 || got + n === bytes)
            return close(fd, () => (readError ? reject(readError) : resolve(n === 0 ? buffer.subarray(0, got) : buffer)));
          next(got + n);
        });
      next(0);
    }),
  );
}

/** Hex MD5 of a range of a file (to tell whether a segment already uploaded is this one). */
export async function md5OfRange(path: string, start: number, bytes: number, signal?: AbortSignal): Promise<string> {
  const hash = createHash('md5');
  const stream = streamRange(path, start, bytes);
  const stop = () => stream.destroy(new Error('cancelled'));
  signal?.addEventListener('abort', stop, { once: true });
  try {
    for await (const chunk of stream) hash.update(chunk as Buffer);
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  return hash.digest('hex');
}

/**
 * The local side of uploads: what a picked file or folder holds (regular files; links and special files are
 * skipped and said so), as object names under a prefix with `/` separators, and byte ranges of files read
 * from disk (a range can be opened again when a request must be sent a second time).
 */
import * as l10n from '@vscode/l10n';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
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

/** Bytes [start, start + bytes) of a file, streamed. */
export function fileRange(path: string, start: number, bytes: number): Readable {
  // createReadStream's `end` is inclusive, so it cannot express an empty range.
  return bytes > 0 ? createReadStream(path, { start, end: start + bytes - 1, highWaterMark: READ_BYTES }) : Readable.from([]);
}

/** Hex MD5 of a range of a file (to tell whether a segment already uploaded is this one). */
export async function md5OfRange(path: string, start: number, bytes: number, signal?: AbortSignal): Promise<string> {
  const hash = createHash('md5');
  const stream = fileRange(path, start, bytes);
  const stop = () => stream.destroy(new Error('cancelled'));
  signal?.addEventListener('abort', stop, { once: true });
  try {
    for await (const chunk of stream) hash.update(chunk as Buffer);
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  return hash.digest('hex');
}

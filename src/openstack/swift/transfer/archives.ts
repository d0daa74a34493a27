/**
 * Small files sent many to a request: a tar archive the server expands into objects (`PUT /<container>?extract-archive=tar`,
 * Swift's bulk middleware, offered where /info has `bulk_upload`). Each file is a pax entry naming the object
 * exactly (`path`, UTF-8) with its modification time and content type as the middleware reads them (xattrs
 * `user.meta.mtime` and `user.mime_type`), so an archived file is stored as a PUT of its own would store it.
 * Swift answers how many files it created and which failed, not what it stored: the caller counts a file uploaded
 * only once a listing or a HEAD shows its MD5 and size (uploadFiles.ts), and sends anything else again on its own.
 */
import * as l10n from '@vscode/l10n';
import { createHash } from 'node:crypto';
import { OpenStackError, kindForStatus } from '../../errors';
import { printable } from '../../http';
import { decodeOrKeep, swiftUrl } from '../names';
import type { SwiftTransport } from '../transport';

/** Files up to this size go in archives; an archive holds at most ARCHIVE_FILES files and ARCHIVE_BYTES bytes of them. */
export const ARCHIVE_FILE_BYTES = 256 * 1024;
export const ARCHIVE_FILES = 32;
export const ARCHIVE_BYTES = 2 * 1024 * 1024;

/**
 * Whether Swift's middleware stores an entry under exactly this name: it drops a leading `./` and leading
 * slashes, and Python's tarfile strips trailing slashes from a pax path. Control characters (line breaks among
 * them) are kept out too, and so is anything not valid UTF-8: such names go alone, as a plain PUT.
 */
export function archivable(name: string): boolean {
  return (
    name.length > 0 &&
    !name.startsWith('/') &&
    !name.startsWith('./') &&
    !name.endsWith('/') &&
    !/[\u0000-\u001f\u007f]/.test(name) &&
    // With the u flag this matches only unpaired surrogates, which have no UTF-8 form.
    !/[\uD800-\uDFFF]/u.test(name)
  );
}

export interface ArchiveFile {
  /** The object name in the container. */
  name: string;
  body: Buffer;
  /** X-Object-Meta-Mtime as python-swiftclient writes it (segments.ts mtimeText). */
  mtime: string;
  contentType: string;
}

/** One pax record, `<length> <key>=<value>\n`, whose length counts its own digits. */
function paxRecord(key: string, value: string): Buffer {
  const payload = Buffer.from(` ${key}=${value}\n`, 'utf8');
  let length = payload.length + 1;
  while (String(length).length + payload.length !== length) length = String(length).length + payload.length;
  return Buffer.concat([Buffer.from(String(length), 'ascii'), payload]);
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** A 512-byte ustar header; the name is a placeholder (the pax `path` before it is the real one). */
function ustarHeader(name: string, size: number, type: '0' | 'x', mtimeSeconds: number): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, 'ascii');
  header.write(octal(0o644, 8), 100, 'ascii');
  header.write(octal(0, 8), 108, 'ascii');
  header.write(octal(0, 8), 116, 'ascii');
  header.write(octal(size, 12), 124, 'ascii');
  header.write(octal(mtimeSeconds, 12), 136, 'ascii');
  header.write(type, 156, 'ascii');
  header.write('ustar\0', 257, 'ascii');
  header.write('00', 263, 'ascii');
  // The checksum is computed with its own field as eight spaces.
  header.write('        ', 148, 'ascii');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return header;
}

function padding(size: number): Buffer {
  return Buffer.alloc((512 - (size % 512)) % 512);
}

/** The archive of `files`, in order: a pax header and a file entry each, then the two empty blocks that end a tar. */
export function tarArchive(files: readonly ArchiveFile[]): Buffer {
  const parts: Buffer[] = [];
  files.forEach((file, i) => {
    const pax = Buffer.concat([
      paxRecord('path', file.name),
      paxRecord('SCHILY.xattr.user.meta.mtime', file.mtime),
      paxRecord('SCHILY.xattr.user.mime_type', file.contentType),
    ]);
    const seconds = Math.max(0, Math.floor(Number(file.mtime)) || 0);
    parts.push(ustarHeader(`PaxHeaders/${i}`, pax.length, 'x', seconds), pax, padding(pax.length));
    parts.push(ustarHeader(`f${i}`, file.body.length, '0', seconds), file.body, padding(file.body.length));
  });
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export interface ArchiveAnswer {
  /** Files Swift says it created. */
  created: number;
  /** Object names Swift says failed, with its status for each (e.g. "413 Request Entity Too Large"). */
  failed: Map<string, string>;
}

interface ExtractAnswer {
  'Number Files Created'?: unknown;
  'Response Status'?: unknown;
  'Response Body'?: unknown;
  Errors?: unknown;
}

/**
 * Reads Swift's answer (whitespace while it works, then one JSON document, HTTP 200 whatever happened). Throws
 * when the archive was refused as a whole: no file of it counts as created then.
 */
export function parseArchiveAnswer(text: string, container: string): ArchiveAnswer {
  let answer: ExtractAnswer;
  try {
    answer = JSON.parse(text) as ExtractAnswer;
  } catch {
    throw new OpenStackError(
      'badResponse',
      l10n.t('Swift answered an archive upload with something that is not JSON: {0}', printable(text.trim().slice(0, 120))),
    );
  }
  const status = typeof answer['Response Status'] === 'string' ? answer['Response Status'] : '';
  const created = answer['Number Files Created'];
  if (/^2/.test(status) && typeof created !== 'number') {
    throw new OpenStackError(
      'badResponse',
      l10n.t('Swift answered an archive upload without the number of files it created: {0}', printable(text.trim().slice(0, 120))),
    );
  }
  if (!/^2/.test(status) || typeof created !== 'number') {
    const code = Number(status.slice(0, 3)) || undefined;
    const body = typeof answer['Response Body'] === 'string' ? answer['Response Body'] : '';
    throw new OpenStackError(
      code ? kindForStatus(code) : 'badResponse',
      l10n.t('Swift refused the archive upload: {0}', printable(`${status || '?'}${body ? `: ${body}` : ''}`.slice(0, 200))),
      { service: 'object-store', status: code },
    );
  }
  // Swift names a failure by its path, percent-encoded: `<container>/<object>`.
  const failed = new Map<string, string>();
  const prefix = `${container}/`;
  for (const entry of Array.isArray(answer.Errors) ? (answer.Errors as unknown[]) : []) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') continue;
    const path = decodeOrKeep(entry[0]).replace(/^\//, '');
    failed.set(path.startsWith(prefix) ? path.slice(prefix.length) : path, String(entry[1]));
  }
  return { created, failed };
}

/** Sends one archive into `container` and reads the answer; the body is a Buffer, so a 401 is renewed and sent again. */
export async function putArchive(
  transport: SwiftTransport,
  storageUrl: string,
  container: string,
  files: readonly ArchiveFile[],
  signal?: AbortSignal,
): Promise<ArchiveAnswer> {
  const body = tarArchive(files);
  const response = await transport.send(
    { verb: 'upload', target: l10n.t('{0} file(s) in one archive', files.length) },
    {
      method: 'PUT',
      url: swiftUrl(storageUrl, container, undefined, { 'extract-archive': 'tar' }),
      headers: { 'content-type': 'application/x-tar', accept: 'application/json', 'content-length': String(body.length) },
      body,
      signal,
    },
  );
  return parseArchiveAnswer(await response.text(), container);
}

/** Hex MD5 of a body, as Swift's ETag of a plain object. */
export function md5Hex(body: Buffer): string {
  return createHash('md5').update(body).digest('hex');
}

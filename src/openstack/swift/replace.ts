/**
 * Writing new bytes over an existing object without losing what describes it. A PUT replaces the object
 * *and all its metadata*: anything not sent again is gone. So a save carries over, from the object's last
 * HEAD, every header a PUT can set and a reader depends on: Content-Type, user metadata (X-Object-Meta-*) and
 * the other headers Swift stores (STORED_OBJECT_HEADERS: Content-Disposition, -Encoding, -Language,
 * Cache-Control, Expires, X-Robots-Tag, X-Delete-At). Not carried over: a large-object manifest
 * (X-Object-Manifest, X-Static-Large-Object): the new bytes are one plain object.
 */
import * as l10n from '@vscode/l10n';
import type { SwiftClient } from './client';
import { OpenStackError, isOpenStackError } from '../errors';
import { STORED_OBJECT_HEADERS, type ObjectInfo } from './metadata';
import { displayName } from './names';

/** Headers other than X-Object-Meta-* that a PUT sets and would otherwise drop. */
export const PRESERVED_HEADERS = ['content-type', ...STORED_OBJECT_HEADERS] as const;

/** The headers of a HEAD answer (ObjectInfo.headers, decoded, lower-case names) that a PUT must send again. */
export function preservedHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if ((PRESERVED_HEADERS as readonly string[]).includes(lower) || lower.startsWith('x-object-meta-')) out[lower] = value;
  }
  return out;
}

export interface WriteObjectOptions {
  /** The object as its last HEAD saw it: its metadata is sent again. Undefined for a new object. */
  previous?: ObjectInfo;
  /**
   * Only create: Swift refuses (412, 'precondition') when the name exists by then, so a new object never
   * overwrites one someone else created in the meantime. Ceph RGW 16 ignores If-None-Match on its Swift API (it
   * overwrites): a HEAD first refuses the same way when the name exists (on RGW only a write in the moment between
   * the HEAD and the PUT can still be overwritten).
   */
  createOnly?: boolean;
  signal?: AbortSignal;
}

/** PUTs `body` (MD5-verified by putObject) with the previous object's metadata; returns the new ETag. */
export async function writeObject(
  client: Pick<SwiftClient, 'putObject' | 'headObject'>,
  container: string,
  name: string,
  body: Uint8Array,
  opts: WriteObjectOptions = {},
): Promise<{ etag: string }> {
  const headers = opts.previous ? preservedHeaders(opts.previous.headers) : {};
  if (opts.createOnly) {
    headers['if-none-match'] = '*';
    const existing = await client.headObject(container, name, opts.signal).then(
      () => true,
      (e: unknown) => {
        if (isOpenStackError(e, 'notFound')) return false;
        throw e;
      },
    );
    if (existing) {
      throw new OpenStackError(
        'precondition',
        l10n.t('Cannot create object {0} in container {1}: it exists already.', displayName(name), displayName(container)),
        {
          service: 'object-store',
          status: 412,
        },
      );
    }
  }
  return client.putObject(container, name, body, { headers, contentLength: body.byteLength, signal: opts.signal });
}

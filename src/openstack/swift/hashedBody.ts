/**
 * Upload bodies with their MD5 computed locally as the bytes go out, to compare with the ETag Swift
 * computed on arrival.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

export type UploadBody = string | Uint8Array | Readable | AsyncIterable<Uint8Array>;

export interface HashedBody {
  /** What to hand to the HTTP client: a Buffer, or a stream that hashes while it is read. */
  body: Buffer | AsyncIterable<Uint8Array>;
  /** Hex MD5 of everything read so far; complete once the request has been sent. */
  md5(): string;
  /** Bytes read so far. */
  bytes(): number;
}

export function hashedBody(source: UploadBody): HashedBody {
  const hash = createHash('md5');
  let bytes = 0;
  let digest: string | undefined;
  const md5 = () => (digest ??= hash.digest('hex'));
  if (typeof source === 'string' || source instanceof Uint8Array) {
    const buffer = typeof source === 'string' ? Buffer.from(source, 'utf8') : Buffer.from(source.buffer, source.byteOffset, source.byteLength);
    hash.update(buffer);
    return { body: buffer, md5, bytes: () => buffer.byteLength };
  }
  async function* tap(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      hash.update(buffer);
      bytes += buffer.byteLength;
      yield buffer;
    }
  }
  return { body: tap(), md5, bytes: () => bytes };
}

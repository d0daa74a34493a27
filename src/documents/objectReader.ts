/**
 * Reads an object as text for the read-only object document, refusing binary content early: the content
 * type is checked before any byte is read, the first KiB before the rest is downloaded, and a refused
 * download is closed at once. No `vscode` import: tests drive it with an in-memory client.
 */
import type { Readable } from 'node:stream';
import type { ObjectInfo } from '../openstack/swift/metadata';
import { SNIFF_BYTES, binaryReason, contentTypeKind, decodeText } from './objectText';

/** The part of the Swift client this needs. */
export interface ObjectSource {
  getObject(container: string, name: string, opts: { signal?: AbortSignal }): Promise<{ info: ObjectInfo; body: Readable }>;
}

export type ObjectTextResult =
  | { kind: 'text'; text: string; info: ObjectInfo }
  | { kind: 'binary'; reason: string; info: ObjectInfo };

export async function readObjectText(source: ObjectSource, container: string, name: string, signal?: AbortSignal): Promise<ObjectTextResult> {
  const { info, body } = await source.getObject(container, name, { signal });
  if (contentTypeKind(info.contentType) === 'binary') {
    body.destroy();
    return { kind: 'binary', reason: binaryReason(new Uint8Array(0), info.contentType) ?? 'its content type is not text', info };
  }
  const chunks: Buffer[] = [];
  let received = 0;
  let sniffed = false;
  try {
    for await (const chunk of body as AsyncIterable<Buffer | string>) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(bytes);
      received += bytes.length;
      if (!sniffed && received >= SNIFF_BYTES) {
        sniffed = true;
        const reason = binaryReason(Buffer.concat(chunks), info.contentType);
        if (reason) {
          body.destroy();
          return { kind: 'binary', reason, info };
        }
      }
    }
  } finally {
    // On an error or an abort mid-way, release the connection instead of leaving the stream half read.
    if (!body.readableEnded) body.destroy();
  }
  const all = Buffer.concat(chunks);
  if (!sniffed) {
    const reason = binaryReason(all, info.contentType);
    if (reason) return { kind: 'binary', reason, info };
  }
  return { kind: 'text', text: decodeText(all), info };
}

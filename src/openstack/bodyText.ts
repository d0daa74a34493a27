/**
 * A response body as text (UTF-8), read chunk by chunk. Swift writes its JSON listings in ASCII (Python's
 * `json.dumps` escapes every other character), and for ASCII bytes Latin-1 is UTF-8: such a body is copied into one
 * flat one-byte string at its end, instead of going through the UTF-8 decoder and being joined chunk by chunk (which
 * the listing's reader then flattened): a sixth of a 1,000,000-name listing's CPU (DEVELOPING.md, Performance). A body
 * with any other byte is decoded as UTF-8 from that chunk on, exactly as `TextDecoder` does.
 */
import { isAscii } from 'node:buffer';

export async function bodyText(body: AsyncIterable<Uint8Array>): Promise<string> {
  const ascii: Uint8Array[] = [];
  let utf8: { decoder: InstanceType<typeof TextDecoder>; text: string } | undefined;
  for await (const chunk of body) {
    if (utf8) utf8.text += utf8.decoder.decode(chunk, { stream: true });
    else if (isAscii(chunk)) ascii.push(chunk);
    else {
      const before = latin1(ascii);
      // A byte-order mark is dropped only at the body's start, as TextDecoder drops it; one after ASCII text is text.
      const decoder = new TextDecoder('utf-8', { ignoreBOM: before.length > 0 });
      utf8 = { decoder, text: before + decoder.decode(chunk, { stream: true }) };
    }
  }
  return utf8 ? utf8.text + utf8.decoder.decode() : latin1(ascii);
}

function latin1(chunks: Uint8Array[]): string {
  return Buffer.concat(chunks).toString('latin1');
}

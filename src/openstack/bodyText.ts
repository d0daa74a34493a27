/**
 * A response body as text (UTF-8, as `TextDecoder` reads it), decoded once when it has all arrived. Decoding each
 * chunk as it came (a streaming decoder) cost 2.5 times as much on a listing page of 950 KB, and left a text joined
 * chunk by chunk that the listing's reader then had to flatten: a sixth of a 1,000,000-name listing's CPU
 * (DEVELOPING.md, Performance).
 */
export async function bodyText(body: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return new TextDecoder().decode(Buffer.concat(chunks));
}

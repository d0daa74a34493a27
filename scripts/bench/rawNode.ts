/**
 * The floor of a Node client: undici alone, in a process of its own, fetching the floor's pages (listing.ts), the
 * chains at once, each chain's GETs in order, one token reused, bodies read and dropped, nothing parsed, nothing
 * printed. No client code: what Node and undici themselves need for those requests, in time and peak memory, beside
 * the curls' floor and the project's lister (which also starts up, signs in and parses every page).
 *
 *   node rawnode.js CURL_HEADERS CHAINS_JSON [--parse NAMES]
 *
 * CURL_HEADERS: the bench's header file for curl (`X-Auth-Token: …`: the token stays off the command line).
 * CHAINS_JSON: a file holding an array of chains, each an array of URLs.
 * --parse: each body decoded as it arrives and given to `JSON.parse`, the least any client that reads a listing does
 * (the project's http.ts decodes the same way); fails unless the pages held NAMES entries in all.
 */
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { Agent, request } from 'undici';

async function main(): Promise<void> {
  // As the lister (cliSession.ts, shortLivedProcess): a short-lived process does not wait for V8's optimisation of
  // undici's WebAssembly parser.
  setFlagsFromString('--liftoff-only');
  const [headersFile, chainsFile, parseFlag, expected] = process.argv.slice(2);
  const parse = parseFlag === '--parse';
  if (!headersFile || !chainsFile || (parseFlag !== undefined && (!parse || !/^\d+$/.test(expected ?? ''))))
    throw new Error('usage: rawnode.js CURL_HEADERS CHAINS_JSON [--parse NAMES]');
  const token = /^X-Auth-Token: (.*)$/m.exec(readFileSync(headersFile, 'utf8'))?.[1];
  if (!token) throw new Error(`no X-Auth-Token line in ${headersFile}`);
  const chains = JSON.parse(readFileSync(chainsFile, 'utf8')) as string[][];
  const dispatcher = new Agent();
  let names = 0;
  await Promise.all(
    chains.map(async (chain) => {
      for (const url of chain) {
        const res = await request(url, { dispatcher, headers: { 'x-auth-token': token } });
        if (res.statusCode !== 200) throw new Error(`GET ${url}: HTTP ${res.statusCode}`);
        if (parse) {
          // Read into a local first: `names += await …` would read `names` before the await, losing other chains' counts.
          const page = JSON.parse(await decoded(res.body)) as unknown[];
          names += page.length;
        } else for await (const chunk of res.body) void chunk;
      }
    }),
  );
  await dispatcher.close();
  if (parse && names !== Number(expected)) throw new Error(`the pages held ${names} names, not ${expected}`);
}

async function decoded(body: AsyncIterable<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let text = '';
  for await (const chunk of body) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

main().catch((e: unknown) => {
  process.stderr.write(`rawnode: ${(e as Error).message}\n`);
  process.exit(1);
});

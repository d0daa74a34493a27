/**
 * The floor of a Node client: undici alone, in a process of its own, fetching the floor's pages (listing.ts), the
 * chains at once, each chain's GETs in order, one token reused, bodies read and dropped, nothing parsed, nothing
 * printed (unless a mode below says). No client code: what Node and undici themselves need for those requests, in time
 * and peak memory, beside the curls' floor and the project's lister (which also starts up, signs in and parses every
 * page).
 *
 *   node rawnode.js CURL_HEADERS CHAINS_JSON [--parse NAMES | --names]
 *
 * CURL_HEADERS: the bench's header file for curl (`X-Auth-Token: …`: the token stays off the command line).
 * CHAINS_JSON: a file holding an array of chains, each an array of URLs.
 * --parse: each body made text as the project's http.ts makes it (undici's text()) and given to `JSON.parse`, the
 * least any client that reads a listing does; fails unless the pages held NAMES entries in all.
 * --names: a names lister that knows every split point: each body made text as http.ts makes it, read for its names by
 * the lister's own reader (listingNames.ts), the names printed one a line in server order (a chain's names held until
 * the chains before it are printed). What the lister does with its pages, without finding out where to ask.
 */
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { Agent, request } from 'undici';
import { NO_OBJECT_WANTED, parseListingNames } from '../../src/openstack/swift/listingNames';

async function main(): Promise<void> {
  // As the lister (cliSession.ts, shortLivedProcess): a short-lived process does not wait for V8's optimisation of
  // undici's WebAssembly parser.
  setFlagsFromString('--liftoff-only');
  const [headersFile, chainsFile, mode, expected] = process.argv.slice(2);
  const parse = mode === '--parse';
  const names = mode === '--names';
  if (!headersFile || !chainsFile || (mode !== undefined && !names && (!parse || !/^\d+$/.test(expected ?? ''))))
    throw new Error('usage: rawnode.js CURL_HEADERS CHAINS_JSON [--parse NAMES | --names]');
  const token = /^X-Auth-Token: (.*)$/m.exec(readFileSync(headersFile, 'utf8'))?.[1];
  if (!token) throw new Error(`no X-Auth-Token line in ${headersFile}`);
  const chains = JSON.parse(readFileSync(chainsFile, 'utf8')) as string[][];
  const dispatcher = new Agent();
  const printer = new ChainPrinter(chains.length);
  let parsed = 0;
  await Promise.all(
    chains.map(async (chain, k) => {
      for (const url of chain) {
        const res = await request(url, { dispatcher, headers: { 'x-auth-token': token } });
        if (res.statusCode !== 200) throw new Error(`GET ${url}: HTTP ${res.statusCode}`);
        if (parse) {
          // Read into a local first: `parsed += await …` would read `parsed` before the await, losing other chains' counts.
          const page = JSON.parse(await res.body.text()) as unknown[];
          parsed += page.length;
        } else if (names) {
          let lines = '';
          for (const entry of parseListingNames(await res.body.text(), NO_OBJECT_WANTED)) lines += `${(entry as { name: string }).name}\n`;
          printer.add(k, lines);
        } else for await (const chunk of res.body) void chunk;
      }
      printer.end(k);
    }),
  );
  await dispatcher.close();
  if (parse && parsed !== Number(expected)) throw new Error(`the pages held ${parsed} names, not ${expected}`);
}

/** Prints each chain's text in chain order: chain k's as it comes once the chains before it are printed, held until then. */
class ChainPrinter {
  private readonly held: string[][];
  private readonly ended: boolean[];
  private next = 0;

  constructor(chains: number) {
    this.held = Array.from({ length: chains }, () => []);
    this.ended = Array.from({ length: chains }, () => false);
  }

  add(chain: number, text: string): void {
    this.held[chain].push(text);
    this.print();
  }

  end(chain: number): void {
    this.ended[chain] = true;
    this.print();
  }

  private print(): void {
    while (this.next < this.held.length) {
      const texts = this.held[this.next];
      if (texts.length) process.stdout.write(texts.splice(0).join(''));
      if (!this.ended[this.next]) return;
      this.next++;
    }
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`rawnode: ${(e as Error).message}\n`);
  process.exit(1);
});

/** The raw limit: the same GETs the project's client sent, replayed with curl or with undici alone (no client code). */
import { request as undiciRequest } from 'undici';
import type { Ctx } from './cloud';

/** One curl process fetching `urls` in order over one connection (bodies discarded). */
export function curlArgs(ctx: Ctx, urls: string[], head: string[] = []): string[] {
  const args = ['curl', '-sS', '--fail', '-H', `@${ctx.curlHeaders}`];
  for (const u of head) args.push('-I', '-o', '/dev/null', u);
  if (head.length && urls.length) args.push('--next', '-sS', '--fail', '-H', `@${ctx.curlHeaders}`);
  for (const u of urls) args.push('-o', '/dev/null', u);
  return args;
}

/** The same GETs with undici alone (no client code): bodies read and dropped. */
export async function rawGets(ctx: Ctx, urls: string[]): Promise<void> {
  for (const url of urls) {
    const res = await undiciRequest(url, { dispatcher: ctx.raw, headers: { 'x-auth-token': ctx.token } });
    if (res.statusCode >= 300) throw new Error(`raw GET ${url}: HTTP ${res.statusCode}`);
    for await (const _ of res.body) void _;
  }
}

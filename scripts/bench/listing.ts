/**
 * Sections 1 and 7 of the bench: the full listing of the 100,000 and the 10,000 container by the project (as a
 * process and in-process: spans, both ends, sequential), `swift list`, `rclone lsf` and the raw limit (the same page
 * GETs replayed); every output compared with swift list's; peak RSS of each process.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestLogEntry } from '../../src/openstack/http';
import { compareNames } from '../../src/openstack/swift/listing';
import type { Ctx } from './cloud';
import { curlArgs, rawGets } from './raw';
import type { Exactness, ListingResult } from './report';
import { Variant, alternate, lines, log, median, runTool, sameListing, shq } from './util';

async function collectNames(ctx: Ctx, container: string, concurrency: number | undefined, record?: RequestLogEntry[]): Promise<string[]> {
  ctx.recorder = record;
  try {
    const names: string[] = [];
    for await (const batch of ctx.swift.listAllObjects(container, { concurrency })) for (const e of batch) names.push(e.name);
    return names;
  } finally {
    ctx.recorder = undefined;
  }
}

/** The GETs (and HEAD) a run sent, as absolute URLs, split into forward and backward (reverse=true) sequences. */
function sequences(record: RequestLogEntry[]): { forward: string[]; backward: string[]; head: string[] } {
  const mine = record.filter((e) => !e.url.endsWith('/info'));
  return {
    forward: mine.filter((e) => e.method === 'GET' && !e.url.includes('reverse=true')).map((e) => e.url),
    backward: mine.filter((e) => e.method === 'GET' && e.url.includes('reverse=true')).map((e) => e.url),
    head: mine.filter((e) => e.method === 'HEAD').map((e) => e.url),
  };
}

/**
 * The GETs of a run with spans, as one sequence per span (and one for the backward cursor of the last span), for
 * curls to replay at once: a forward GET belongs to the span its marker falls in (the cuts are the markers ending in
 * U+0000); the delimited listing that told the cuts goes first, alone.
 */
function spanChains(record: RequestLogEntry[]): string[][] {
  const gets = record.filter((e) => e.method === 'GET' && !e.url.endsWith('/info')).map((e) => new URL(e.url));
  const survey = gets.filter((u) => u.searchParams.has('delimiter')).map(String);
  const cuts = [...new Set(gets.map((u) => u.searchParams.get('marker')).filter((m): m is string => m?.endsWith('\u0000') ?? false))].sort(compareNames);
  const chains: string[][] = cuts.map(() => []).concat([[]]);
  const backward: string[] = [];
  for (const u of gets) {
    if (u.searchParams.has('delimiter')) continue;
    if (u.searchParams.get('reverse') === 'true') {
      backward.push(String(u));
      continue;
    }
    const marker = u.searchParams.get('marker');
    chains[marker === null ? 0 : cuts.filter((c) => compareNames(c, marker) <= 0).length].push(String(u));
  }
  return [[...survey, ...chains[0]], ...chains.slice(1), backward].filter((c) => c.length);
}

export async function benchListing(ctx: Ctx, c: { name: string; count: number }, exactness: Exactness[]): Promise<ListingResult> {
  const phases: Array<Record<string, number>> = [];
  const what = `full listing of ${c.count.toLocaleString('en')}`;
  // Reference: swift list (an untimed first run also warms the server's caches for everyone).
  const reference = lines((await runTool(ctx.tools, ['swift', 'list', c.name], ctx.env, { keepStdout: true })).stdout);
  if (reference.length !== c.count) throw new Error(`swift list ${c.name} printed ${reference.length} names, not ${c.count}`);
  // The exact page GETs of the sequential and the both-ends paths, recorded from one warm-up run each.
  const seqRecord: RequestLogEntry[] = [];
  const seqNames = await collectNames(ctx, c.name, 1, seqRecord);
  const twoRecord: RequestLogEntry[] = [];
  const twoNames = await collectNames(ctx, c.name, 2, twoRecord);
  const spanRecord: RequestLogEntry[] = [];
  const spanNames = await collectNames(ctx, c.name, undefined, spanRecord);
  for (const [variant, names] of [
    ['warm-up sequential', seqNames],
    ['warm-up both ends', twoNames],
    ['warm-up spans', spanNames],
  ] as const) {
    const r = sameListing(names, reference);
    if (!r.exact) throw new Error(`${what}: ${variant} is not exact: ${r.detail}`);
  }
  const seq = sequences(seqRecord);
  const two = sequences(twoRecord);
  const spans = spanChains(spanRecord);
  log(
    `${what}: sequential = ${seq.forward.length} GETs; both ends = ${two.forward.length} forward + ${two.backward.length} backward GETs + ${two.head.length} HEAD; spans = ${spans.map((c) => c.length).join(' + ')} GETs`,
  );

  const seen = new Map<string, Exactness>();
  const check = (variant: string, names: string[]) => {
    const r = sameListing(names, reference);
    const prev = seen.get(variant);
    if (!prev || (prev.exact && !r.exact)) seen.set(variant, { what, variant, ...r });
  };
  const statsFile = join(ctx.work, 'lister-stats.json');
  const tool = (id: string, label: string, cmd: string[], compare = true, note?: string): Variant => ({
    id,
    label,
    note,
    run: async () => {
      rmSync(statsFile, { force: true });
      const r = await runTool(ctx.tools, cmd, ctx.env, { keepStdout: compare });
      if (compare) check(label, lines(r.stdout));
      if (existsSync(statsFile)) phases.push((JSON.parse(readFileSync(statsFile, 'utf8')) as { phases: Record<string, number> }).phases);
      return { ms: r.ms, rssKiB: r.rssKiB };
    },
  });
  const inproc = (id: string, label: string, concurrency: number | undefined): Variant => ({
    id,
    label,
    run: async () => {
      const t0 = performance.now();
      const names = await collectNames(ctx, c.name, concurrency);
      const ms = performance.now() - t0;
      check(label, names);
      return { ms };
    },
  });
  const big = c.count >= 100_000;
  // Neighbours are compared with each other (rounds alternate direction: each pair runs back to back, both orders).
  const variants: Variant[] = [
    tool('rclone', 'rclone lsf -R --files-only', [...ctx.rclone, 'lsf', '-R', '--files-only', `bench:${c.name}`]),
    tool('project', 'project: node lister.js (process, sign-in included)', [process.execPath, ctx.lister, c.name, '--stats', statsFile]),
    tool('swift', 'swift list', ['swift', 'list', c.name]),
    inproc('inDefault', 'project in-process (default: spans cut at top-level folders, 4 at once)', undefined),
    ...(big
      ? [
          tool(
            'rawCurlSpans',
            `raw: same span GETs, ${spans.length} curls at once`,
            ['sh', '-c', `${spans.map((chain) => `${shq(curlArgs(ctx, chain))} &`).join(' ')} wait`],
            false,
          ),
          inproc('inBoth', 'project in-process, two cursors from both ends (concurrency 2)', 2),
          tool(
            'rawCurlBoth',
            'raw: same both-ends GETs, two curls at once',
            ['sh', '-c', `${shq(curlArgs(ctx, two.forward))} & ${shq(curlArgs(ctx, two.backward, two.head))} & wait`],
            false,
          ),
        ]
      : []),
    tool('rawCurlSeq', 'raw: same sequential GETs, one curl', curlArgs(ctx, seq.forward), false),
    inproc('inSeq', 'project in-process, sequential (concurrency 1)', 1),
    {
      id: 'rawUndiciSeq',
      label: 'raw: same sequential GETs, undici alone',
      run: async () => {
        const t0 = performance.now();
        await rawGets(ctx, seq.forward);
        return { ms: performance.now() - t0 };
      },
    },
  ];
  const stats = await alternate(what, variants, Math.max(ctx.opts.runs, 5));
  exactness.push({ what, variant: 'warm-up runs (sequential, both ends)', exact: true, detail: `${c.count} names, same order` });
  exactness.push(...seen.values());
  const phase = (k: string) => median(phases.map((p) => p[k]).filter((v) => typeof v === 'number'));
  return { stats, lister: { loaded: phase('loaded'), signedIn: phase('signedIn'), firstBatch: phase('firstBatch'), listed: phase('listed') } };
}

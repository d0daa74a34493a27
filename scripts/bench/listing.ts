/**
 * The full-listing section: one dataset in one region, listed by the project's lister (a process, like `swift list`
 * and `rclone lsf`: start-up and sign-in included), by `swift list`, by `rclone lsf`, and by the floor: the same
 * names fetched in pages of the cluster's limit by several curl processes at once over one token each, along ranges
 * cut at exact name counts (known from the reference listing: nothing a client could do faster). Every output is
 * compared with `swift list`'s; peak RSS of every process. The cloud's processes' CPU during the section is kept
 * (server CPU per page, and what else ran).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Ctx } from './cloud';
import { cloudCpu } from './cloud';
import { curlArgs } from './raw';
import type { Exactness, ListingResult } from './report';
import type { Dataset } from './seed';
import { Variant, alternate, lines, log, median, runTool, sameListing, shq, type LiveHeap } from './util';

/** Rounds of the search's first match beside one curl of its page (each a process: sign-in and one page, ~0.5 s). */
const FIRST_MATCH_ROUNDS = 11;

/** The floor's page URLs: `parts` chains of pages of `limit` names, each chain one range of equal name count. */
export function floorChains(ctx: Ctx, container: string, names: string[], parts: number, limit: number): string[][] {
  const base = `${ctx.storageUrl}/${encodeURIComponent(container)}?format=json&limit=${limit}`;
  const q = (k: string, v: string | undefined) => (v === undefined ? '' : `&${k}=${encodeURIComponent(v)}`);
  const chains: string[][] = [];
  for (let k = 0; k < parts; k++) {
    const start = Math.floor((k * names.length) / parts);
    const end = Math.floor(((k + 1) * names.length) / parts);
    const chain: string[] = [];
    for (let i = start; i < end; i += limit) chain.push(`${base}${q('marker', i ? names[i - 1] : undefined)}${q('end_marker', names[end])}`);
    chains.push(chain);
  }
  return chains;
}

export interface ListingVariants {
  /** Also the lister with one cursor (`--concurrency 1`), to weigh the default's second cursor against. */
  sequential: boolean;
  /**
   * Also the lister with two cursors, one from each end (`--concurrency 2`: one gap of gapListing.ts, never split;
   * the default before the gaps were split): what the default's split gaps must beat on Swift.
   */
  twoCursors?: boolean;
  /** Floors measured (curl processes at once); the floor row is the fastest. */
  floors: number[];
  rounds: number;
  /**
   * Also a search (host.js: the search the extension runs, in a process signed in like the lister) for the
   * `searchAt`-th name, which only that name matches (in the first page): its time to that match against one curl of
   * the first page, its time to the end against the floor, its peak memory. With it, Delete…'s count of the whole
   * container as one folder (host.js delete-plan): its time and peak memory.
   */
  searchAt?: number;
  host?: string;
}

export async function benchListing(ctx: Ctx, c: Dataset, exactness: Exactness[], v: ListingVariants): Promise<ListingResult> {
  const phases: Array<Record<string, number>> = [];
  const what = `${ctx.region}: full listing of ${c.name}`;
  // Reference: swift list (an untimed first run also warms the server's caches for everyone).
  const reference = lines((await runTool(ctx.tools, ['swift', 'list', c.name], ctx.env, { keepStdout: true })).stdout);
  if (reference.length !== c.count) throw new Error(`swift list ${c.name} printed ${reference.length} names, not ${c.count}`);
  // The project's pages (SwiftClient.listingPageSize: 5,000 of a Swift close by) and the cluster's: the floor is
  // measured at both, its row the fastest.
  const clusterLimit = (await ctx.swift.info()).containerListingLimit;
  const limit = await ctx.swift.listingPageSize();
  const floorSizes = limit === clusterLimit ? [limit] : [limit, clusterLimit];

  const seen = new Map<string, Exactness>();
  const check = (variant: string, names: string[]) => {
    const r = sameListing(names, reference);
    const prev = seen.get(variant);
    if (!prev || (prev.exact && !r.exact)) seen.set(variant, { what, variant, ...r });
  };
  // Every run with the CPU it and the cloud spent: on two cores shared with the cloud, the client's CPU is time.
  const cloudSeconds = () => Object.values(cloudCpu(ctx.cloudDir)).reduce((a, b) => a + b, 0);
  const measured = async (cmd: string[], keepStdout: boolean) => {
    const before = cloudSeconds();
    const r = await runTool(ctx.tools, cmd, ctx.env, { keepStdout });
    const cpu = { cpuMs: r.cpuMs, cloudCpuMs: (cloudSeconds() - before) * 1000 };
    return { r, cpu };
  };
  const statsFile = `${ctx.tools}/lister-stats.json`;
  const tool = (id: string, label: string, cmd: string[], compare = true): Variant => ({
    id,
    label,
    run: async () => {
      rmSync(statsFile, { force: true });
      const { r, cpu } = await measured(cmd, compare);
      if (compare) check(label, lines(r.stdout));
      if (existsSync(statsFile)) {
        const st = JSON.parse(readFileSync(statsFile, 'utf8')) as { phases: Record<string, number>; pageSize?: number };
        if (id === 'project') phases.push(st.phases); // the default's timeline (a kept token signs in at no cost)
        // The floor fetches the pages the lister asks: a lister that chose otherwise (its /info slow) is said.
        if (st.pageSize !== undefined && st.pageSize !== limit) log(`${what}: ${label} asked ${st.pageSize} names a request, the floor ${limit}`);
      }
      return { ms: r.ms, rssKiB: r.rssKiB, ...cpu };
    },
  });
  const floor = (parts: number, size: number): Variant => {
    const chains = floorChains(ctx, c.name, reference, parts, size);
    return tool(
      size === limit ? `floor${parts}` : `floor${parts}x${size}`,
      `floor: the same names, ${parts} curls at once (${chains.map((ch) => ch.length).join(' + ')} GETs of ${size.toLocaleString('en')})`,
      ['sh', '-c', `${chains.map((chain) => `${shq(curlArgs(ctx, chain))} &`).join(' ')} wait`],
      false,
    );
  };
  // The Node floor: undici alone in a process, two cursors' worth of pages as two chains at once, and four (the
  // lister's default: the least a Node client with four requests in flight spends, in time and memory); then the same
  // with every page decoded and given to JSON.parse (what any client that reads the names must do), as two chains and
  // as four; and, as four chains, every page read for its names by the lister's own reader and the names printed (the
  // lister's work on its pages, every split point known): its output is checked like the lister's.
  const rawNode = (chains: number, mode: 'dropped' | 'parse' | 'names'): Variant => {
    const split = floorChains(ctx, c.name, reference, chains, limit);
    const file = `${ctx.tools}/rawnode-chains-${chains}.json`;
    writeFileSync(file, JSON.stringify(split));
    const gets = `${split.map((ch) => ch.length).join(' + ')} GETs of ${limit.toLocaleString('en')}`;
    const what = {
      dropped: 'bodies dropped, nothing parsed',
      parse: 'each body decoded and given to JSON.parse',
      names: "each body decoded and read for its names by the lister's reader (listingNames.ts), the names printed in order",
    }[mode];
    const args = { dropped: [], parse: ['--parse', String(reference.length)], names: ['--names'] }[mode];
    const id = { dropped: chains === 2 ? '' : String(chains), parse: `Parse${chains}`, names: `Names${chains}` }[mode];
    return tool(
      `rawNode${id}`,
      `Node floor: undici alone in a process, the same names as ${chains} chains at once (${gets}), ${what} (rawnode.js)`,
      [process.execPath, process.env.OSS_BENCH_RAW_NODE as string, ctx.curlHeaders, file, ...args],
      mode === 'names',
    );
  };
  const lister = [process.execPath, ctx.lister, c.name, '--stats', statsFile];
  // The token kept between runs (cliSession.ts), as the extension keeps its token in SecretStorage between listings:
  // the floor's curls reuse one token too. Signed in once, untimed, before the rounds (a token per section).
  const keptToken = `${ctx.tools}/lister-kept-token.json`;
  rmSync(keptToken, { force: true });
  await runTool(ctx.tools, [process.execPath, ctx.lister, c.name, '--keep-token', keptToken], ctx.env);
  const searchCmd = [process.execPath, '--expose-gc', v.host as string, 'search', c.name];
  const searches: Array<{ firstMatchMs: number; ms: number; matches: number; scanned: number; peakRssMiB: number; peakHeapAboveBaseMiB: number }> = [];
  const deletePlans: Array<{
    ms: number;
    counted: number;
    peakRssMiB: number;
    peakHeapAboveBaseMiB: number;
    liveAboveBaseMiB?: LiveHeap;
    warmLiveAboveBaseMiB?: LiveHeap;
  }> = [];
  const deletePlanCmd = [process.execPath, '--expose-gc', v.host as string, 'delete-plan', c.name, ''];
  const query = v.searchAt !== undefined ? reference[v.searchAt] : undefined;
  const searchVariants: Variant[] = [];
  const firstPage = `${ctx.storageUrl}/${encodeURIComponent(c.name)}?format=json&limit=${limit}`;
  const rawFirst = tool('rawFirst', `raw: the first page (one curl, ${limit.toLocaleString('en')} names)`, curlArgs(ctx, [firstPage]), false);
  if (query !== undefined && v.host) {
    searchVariants.push(
      {
        id: 'search',
        label: `project: search for one name (host.js, substring ${JSON.stringify(query)}), from the search's start to its end`,
        run: async () => {
          const { r, cpu } = await measured([...searchCmd, query], true);
          const s = JSON.parse(r.stdout) as (typeof searches)[number];
          if (s.matches !== 1 || s.scanned !== c.count) throw new Error(`${what}: the search found ${s.matches} matches in ${s.scanned} names`);
          searches.push(s);
          return { ms: s.ms, rssKiB: r.rssKiB, ...cpu };
        },
      },
      rawFirst,
      {
        id: 'deletePlan',
        label: "project: Delete…'s count of the whole container as one folder (host.js delete-plan, prefix '': nothing deleted)",
        run: async () => {
          const { r, cpu } = await measured(deletePlanCmd, true);
          const d = JSON.parse(r.stdout) as (typeof deletePlans)[number];
          if (d.counted !== c.count) throw new Error(`${what}: the deletion plan counted ${d.counted} objects`);
          deletePlans.push(d);
          return { ms: d.ms, rssKiB: r.rssKiB, ...cpu };
        },
      },
    );
  }
  const floors = v.floors.flatMap((parts) => floorSizes.map((size) => floor(parts, size)));
  // Neighbours are compared with each other (rounds alternate direction: each pair runs back to back, both orders).
  const variants: Variant[] = [
    tool('rclone', 'rclone lsf -R --files-only', [...ctx.rclone, 'lsf', '-R', '--files-only', `bench:${c.name}`]),
    tool('project', 'project: node lister.js (default)', lister),
    tool('projectKept', 'project: node lister.js --keep-token (default, its token kept from the run before, as the extension keeps it)', [
      ...lister,
      '--keep-token',
      keptToken,
    ]),
    ...(v.twoCursors
      ? [tool('projectTwo', 'project: node lister.js --concurrency 2 (two cursors, one from each end)', [...lister, '--concurrency', '2'])]
      : []),
    ...floors,
    rawNode(2, 'dropped'),
    rawNode(4, 'dropped'),
    rawNode(2, 'parse'),
    rawNode(4, 'parse'),
    rawNode(4, 'names'),
    ...searchVariants,
    ...(v.sequential ? [tool('projectSeq', 'project: node lister.js --concurrency 1 (one cursor)', [...lister, '--concurrency', '1'])] : []),
    tool('swift', 'swift list', ['swift', 'list', c.name]),
  ];
  const cpuBefore = cloudCpu(ctx.cloudDir);
  const stats = await alternate(what, variants, v.rounds);
  const cpuAfter = cloudCpu(ctx.cloudDir);
  // The first match again, in rounds of its own (the search stopped there, beside one curl of the page; after the
  // cloud's CPU per listing is read): a whole search takes seconds, so the table's rounds are few for tens of ms.
  const firstMatch =
    query === undefined || !v.host
      ? undefined
      : await alternate(
          `${what}: first match`,
          [
            {
              id: 'searchFirst',
              label: `project: search for one name (host.js, substring ${JSON.stringify(query)}), from its start to its first match`,
              run: async () => {
                const r = await runTool(ctx.tools, [...searchCmd, query, '--first'], ctx.env, { keepStdout: true });
                const s = JSON.parse(r.stdout) as { firstMatchMs?: number };
                if (s.firstMatchMs === undefined) throw new Error(`${what}: the search stopped without a match`);
                return { ms: s.firstMatchMs, rssKiB: r.rssKiB };
              },
            },
            rawFirst,
          ],
          FIRST_MATCH_ROUNDS,
        );
  // What the count keeps alive, apart from the timed rounds (its full collections would lower their peaks): one run.
  let liveCount: (typeof deletePlans)[number] | undefined;
  if (deletePlans.length) {
    const r = await runTool(ctx.tools, [...deletePlanCmd, '--live'], ctx.env, { keepStdout: true });
    liveCount = JSON.parse(r.stdout) as (typeof deletePlans)[number];
    log(
      `${what}: Delete…'s count, live heap above the baseline: ${JSON.stringify(liveCount.liveAboveBaseMiB)} MiB; second run ${JSON.stringify(liveCount.warmLiveAboveBaseMiB)} MiB`,
    );
  }
  const serverCpu: Record<string, number> = {};
  for (const [name, s] of Object.entries(cpuAfter)) serverCpu[name] = Math.round((s - (cpuBefore[name] ?? 0)) * 100) / 100;
  const runs = v.rounds * variants.length + 0; // each variant lists the container once per round
  const pages = Math.ceil(c.count / limit);
  log(`${what}: cloud CPU during the section (s): ${JSON.stringify(serverCpu)}`);
  exactness.push(...seen.values());
  const phase = (k: string) => median(phases.map((p) => p[k]).filter((x) => typeof x === 'number'));
  const best = floors.map((f) => f.id).reduce((a, b) => (stats[a].median <= stats[b].median ? a : b));
  return {
    region: ctx.region,
    tokenCacheTime: ctx.tokenCacheTime,
    dataset: c,
    limit,
    clusterLimit,
    floor: best,
    stats,
    lister: { loaded: phase('loaded'), signedIn: phase('signedIn'), firstBatch: phase('firstBatch'), listed: phase('listed') },
    serverCpu,
    firstMatch,
    search: searches.length
      ? {
          query: query as string,
          firstMatchMs: median(searches.map((x) => x.firstMatchMs)),
          firstMatchRuns: searches.map((x) => Math.round(x.firstMatchMs)),
          peakRssMiB: median(searches.map((x) => x.peakRssMiB)),
          peakHeapAboveBaseMiB: median(searches.map((x) => x.peakHeapAboveBaseMiB)),
        }
      : undefined,
    deletePlan: deletePlans.length
      ? {
          peakRssMiB: median(deletePlans.map((x) => x.peakRssMiB)),
          peakHeapAboveBaseMiB: median(deletePlans.map((x) => x.peakHeapAboveBaseMiB)),
          liveAboveBaseMiB: liveCount?.liveAboveBaseMiB,
          warmLiveAboveBaseMiB: liveCount?.warmLiveAboveBaseMiB,
        }
      : undefined,
    listings: runs,
    pagesPerListing: pages,
  };
}

/**
 * The extension host's side of a large container, measured without VS Code: the same tree model (src/views/model.ts,
 * pure) and the same search (src/openstack/swift/search.ts, with the search box's cap of kept results) the extension
 * runs, in a Node process signed in like the lister (OS_* variables). Prints one JSON line.
 *
 *   node --expose-gc host.js tree CONTAINER ROWS     the container's node expanded, then "Load more" until ROWS rows
 *                                                      (pages of the pageSize default, 500): heap and RSS held for them
 *   node --expose-gc host.js search CONTAINER QUERY [--first]  a substring search of the whole container: time to
 *                                                      the first match and to the end, peak heap and RSS while it
 *                                                      runs; --first: stopped at the first match
 *   node --expose-gc host.js delete-plan CONTAINER PREFIX [--live]  Delete…'s count of a folder (planDeletion; PREFIX ''
 *                                                      counts every object): time, objects counted, peak heap and RSS;
 *                                                      --live: also the heap live after a full collection every 200 ms,
 *                                                      and again in a second run of the same plan (V8's code warm)
 *   node --expose-gc host.js sync-plan CONTAINER FOLDER push|pull [--live]  Sync's comparison of FOLDER with the whole
 *                                                      container (compareFolder, nothing moved): time, counts per kind,
 *                                                      peak heap and RSS; --live: the first run's as above
 */
import type { ProfileEntry } from '../../src/auth/profileStore';
import { HttpClient } from '../../src/openstack/http';
import type { SwiftClient } from '../../src/openstack/swift/client';
import { IdentityClient } from '../../src/openstack/keystone';
import { planDeletion } from '../../src/openstack/swift/deletion';
import { compareFolder, planTotals } from '../../src/openstack/swift/sync';
import { SearchResults, searchContainer } from '../../src/openstack/swift/search';
import { StorageTreeModel } from '../../src/views/model';
import { ContainerNode, type StorageNode } from '../../src/views/nodes';
import { cliProfile, cliSession, shortLivedProcess } from './cliSession';
import type { LiveHeap } from './util';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mib = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;

/** Samples RSS and heap in use every 10 ms (and when asked): their peaks. */
class Peak {
  rss = 0;
  heap = 0;
  private readonly timer = setInterval(() => this.sample(), 10);
  sample(): void {
    const m = process.memoryUsage();
    this.rss = Math.max(this.rss, m.rss);
    this.heap = Math.max(this.heap, m.heapUsed);
  }
  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }
}

async function tree(http: HttpClient, identity: IdentityClient, container: string, rows: number): Promise<object> {
  const session = cliSession(http, identity);
  const entry: ProfileEntry = { profile: cliProfile(), source: 'settings', problems: [] };
  const model = new StorageTreeModel(
    { list: () => [entry], hasSecret: async () => true, session: () => session },
    { pageSize: () => 500 }, // openstackStorage.listing.pageSize's default
  );
  // Down to the container's node, as a user expanding the tree (profile, then its region when it shows several).
  let level: StorageNode[] = await model.children();
  let node: StorageNode | undefined;
  for (let depth = 0; depth < 3 && !node; depth++) {
    node = level.find((n) => n instanceof ContainerNode && n.container === container);
    if (!node) level = (await Promise.all(level.filter((n) => n.kind === 'profile' || n.kind === 'region').map((n) => model.children(n)))).flat();
  }
  if (!(node instanceof ContainerNode)) throw new Error(`host: no node for container ${container}`);
  gc();
  const before = process.memoryUsage();
  let shown = await model.children(node);
  while (node.listing.items.length < rows && node.listing.hasMore) {
    await model.loadMore(node);
    shown = await model.children(node);
  }
  gc();
  const after = process.memoryUsage();
  return {
    rows: node.listing.items.length,
    shown: shown.length,
    heapMiB: mib(after.heapUsed - before.heapUsed),
    rssMiB: mib(after.rss - before.rss),
    totalRssMiB: mib(after.rss),
  };
}

async function search(http: HttpClient, identity: IdentityClient, container: string, query: string, firstOnly: boolean): Promise<object> {
  const swift = await cliSession(http, identity).swift();
  // What the search box has at hand already: the session's /info, and a token Swift has seen (the tree listed the
  // container before anyone searches it). The curl it is compared with reuses a token Swift has cached; a token
  // new to Swift is first checked with Keystone, once for each request that carries it before the check is cached.
  await swift.info();
  await swift.headAccount();
  gc();
  const base = process.memoryUsage();
  const peak = new Peak();
  const results = new SearchResults(1000); // src/commands/searchText.ts RESULT_CAP
  const t0 = performance.now();
  let firstMatchMs: number | undefined;
  let scanned = 0;
  for await (const u of searchContainer(swift, container, { text: query, mode: 'substring' })) {
    if (u.hits.length && firstMatchMs === undefined) {
      firstMatchMs = performance.now() - t0;
      if (firstOnly) break; // the search box's user has what they looked for
    }
    results.add(u.hits);
    scanned = u.progress.scanned;
    peak.sample();
  }
  const ms = performance.now() - t0;
  peak.stop();
  return {
    ms,
    firstMatchMs,
    scanned,
    matches: results.matches,
    baseRssMiB: mib(base.rss),
    peakRssMiB: mib(peak.rss),
    peakHeapAboveBaseMiB: mib(peak.heap - base.heapUsed),
  };
}

/**
 * One planning call measured: time, peak heap and RSS above the signed-in baseline. `live`: also the heap still live
 * after a full collection, taken every 200 ms (what the plan holds, not the garbage V8 has not collected yet); those
 * collections lower the peaks, so such a run is not one of the timed ones. `again` (with `live`): it then runs the plan
 * a second time in the same process and samples it likewise above a baseline taken after the first
 * (`warmLiveAboveBaseMiB`): the first run's live heap also holds the code V8 compiles while it runs (heap snapshots of
 * a 1,000,000-name count at 3 and 20 s: +343 KB of code, +34 KB of everything else); the second run's quarters say
 * whether the plan holds more as it goes (a streamed plan: the same in its last quarter as in its second).
 */
async function measured(
  http: HttpClient,
  identity: IdentityClient,
  live: boolean,
  run: (swift: SwiftClient) => Promise<object>,
  again = false,
): Promise<object> {
  const swift = await cliSession(http, identity).swift();
  await swift.info(); // as for the search: the session has it already
  gc();
  const base = process.memoryUsage();
  const peak = new Peak();
  const t0 = performance.now();
  const [result, liveHeap] = await liveWhile(live, () => run(swift));
  const ms = performance.now() - t0;
  peak.stop();
  const warm = live && again ? (await liveWhile(true, () => run(swift)))[1] : undefined;
  return {
    ms,
    ...result,
    baseRssMiB: mib(base.rss),
    peakRssMiB: mib(peak.rss),
    peakHeapAboveBaseMiB: mib(peak.heap - base.heapUsed),
    ...(liveHeap ? { liveAboveBaseMiB: liveHeap } : {}),
    ...(warm ? { warmLiveAboveBaseMiB: warm } : {}),
  };
}

/**
 * Runs `work`; with `sample`, takes the heap live above what it was at the start after a full collection every 200
 * ms. Often enough for a 2-second count to give ~10 samples; the median, unlike the maximum, does not rise with the
 * number of samples a longer run takes (each sample catches zero, one or two pages being parsed).
 */
async function liveWhile<T>(sample: boolean, work: () => Promise<T>): Promise<[T, LiveHeap | undefined]> {
  if (!sample) return [await work(), undefined];
  gc();
  const base = process.memoryUsage().heapUsed;
  const samples: number[] = [];
  const collect = setInterval(() => {
    gc();
    samples.push(process.memoryUsage().heapUsed - base);
  }, 200);
  const result = await work().finally(() => clearInterval(collect));
  if (!samples.length) return [result, undefined];
  const middle = (xs: number[]) => mib([...xs].sort((a, b) => a - b)[xs.length >> 1]);
  const quarter = (k: number) => {
    const from = Math.min(Math.floor((k * samples.length) / 4), samples.length - 1);
    return samples.slice(from, Math.max(Math.floor(((k + 1) * samples.length) / 4), from + 1));
  };
  const summary = { median: middle(samples), max: mib(Math.max(...samples)), samples: samples.length, quarters: [0, 1, 2, 3].map((k) => middle(quarter(k))) };
  return [result, summary];
}

/** A folder's deletion planned as the Delete command does: what it holds counted, nothing deleted. */
function deletePlan(http: HttpClient, identity: IdentityClient, container: string, prefix: string, live: boolean): Promise<object> {
  return measured(
    http,
    identity,
    live,
    async (swift) => ({ counted: (await planDeletion(swift, [{ kind: 'folder', container, prefix }])).counts.totalObjects }),
    true,
  );
}

/** Sync's comparison of a folder with a whole container, as Sync Folder with Container… makes it: nothing moved. */
function syncPlan(http: HttpClient, identity: IdentityClient, container: string, folder: string, direction: string, live: boolean): Promise<object> {
  if (direction !== 'push' && direction !== 'pull') throw new Error('sync-plan: push or pull');
  return measured(http, identity, live, async (swift) => {
    const plan = await compareFolder(swift, { folder, container, prefix: '' }, { direction });
    const totals = planTotals(plan);
    return { counts: Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, v.files])), refused: plan.refused.length, listed: plan.entries.length };
  });
}

async function main(): Promise<void> {
  shortLivedProcess();
  const [mode, container, third, fourth] = process.argv.slice(2);
  const http = new HttpClient({});
  const identity = new IdentityClient(http);
  let out: object;
  if (mode === 'tree') out = await tree(http, identity, container, Number(third));
  else if (mode === 'search') out = await search(http, identity, container, third, process.argv.includes('--first'));
  else if (mode === 'delete-plan') out = await deletePlan(http, identity, container, third ?? '', process.argv.includes('--live'));
  else if (mode === 'sync-plan') out = await syncPlan(http, identity, container, third, fourth, process.argv.includes('--live'));
  else throw new Error('usage: host.js tree CONTAINER ROWS | search CONTAINER QUERY | delete-plan CONTAINER PREFIX | sync-plan CONTAINER FOLDER push|pull');
  process.stdout.write(`${JSON.stringify(out)}\n`);
  await http.close();
}

main().catch((e: unknown) => {
  process.stderr.write(`host: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});

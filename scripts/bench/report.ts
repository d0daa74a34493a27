/**
 * The bench's result: its JSON shape (`Report`, one type per section, which each section's file returns), the targets,
 * the Markdown table, and the README section that shows it. Imports no section: the sections import their types here.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderSync, syncTargets, type SyncResult } from './syncReport';
import { renderSyncScan, syncScanTargets, type SyncScanResult } from './syncScan';
import { Stat, fmtMs, median, ratio, type Interval, type LiveHeap } from './util';

export interface ListerPhases {
  loaded: number;
  signedIn: number;
  firstBatch: number;
  listed: number;
}

/** One listing compared with `swift list`'s, name by name. */
export interface Exactness {
  what: string;
  variant: string;
  exact: boolean;
  detail: string;
}

export interface ListingResult {
  region: string;
  /** The region's proxy's token_cache_time (-1: every request validated by Keystone). */
  tokenCacheTime: number;
  dataset: { name: string; count: number; title: string };
  /** Names per page the project asks (SwiftClient.listingPageSize), the floor's pages too. */
  limit: number;
  /** The cluster's container_listing_limit (the floor is measured at it too when it differs); absent in older runs. */
  clusterLimit?: number;
  /** The id of the fastest floor variant: the floor row. */
  floor: string;
  stats: Record<string, Stat>;
  lister: ListerPhases;
  /** CPU seconds of each of the cloud's processes during the section (every variant's runs). */
  serverCpu: Record<string, number>;
  /** Listings done in the section (variants × rounds) and pages of `limit` per listing. */
  listings: number;
  pagesPerListing: number;
  search?: { query: string; firstMatchMs: number; firstMatchRuns: number[]; peakRssMiB: number; peakHeapAboveBaseMiB: number };
  /** The search stopped at its first match ('searchFirst') beside one curl of that page ('rawFirst'), in rounds of their own; absent in older runs. */
  firstMatch?: Record<string, Stat>;
  /** Delete…'s count of the whole container as a folder (host.js delete-plan); absent in older runs. */
  deletePlan?: { peakRssMiB: number; peakHeapAboveBaseMiB: number; liveAboveBaseMiB?: LiveHeap; warmLiveAboveBaseMiB?: LiveHeap };
}

export interface HostResult {
  /** The tree's container node after Load more up to `rows` rows (host.js tree): heap and RSS it holds. */
  tree: { container: string; rows: number; heapMiB: number; rssMiB: number; totalRssMiB: number; runs: number };
}

export interface FirstPageResult {
  stats: Record<string, Stat>;
  url: string;
  limit: number;
  container?: string;
  region?: string;
}

export interface AuthResult {
  operations: number;
  authentications: number;
  keystoneLog: { authentications: number; validations: number };
  seconds: number;
  renewal?: { seconds: number; tokenSeconds: number; authentications: number; expected: number; operations: number };
}

export interface TransfersResult {
  /** When this section was measured (a `--only transfers` run merged into latest.json keeps its own time). */
  measuredAt: string;
  /** The region and its server (older reports: RegionOne, Swift). */
  region?: string;
  backend?: 'swift' | 'rgw';
  smallObjects: number;
  smallBytes: number;
  largeBytes: number;
  /** The settings the project's variants used. */
  settings: { concurrency: number; sloThreshold: number; segmentSize: number };
  smallUp: Record<string, Stat>;
  smallDown: Record<string, Stat>;
  largeUp: Record<string, Stat>;
  largeDown: Record<string, Stat>;
  /** What was checked after every run (a failed check stops the bench). */
  checks: string[];
}

export interface PackageResult {
  activation: Record<string, Stat>;
  parts: { requireMs: number; activateMs: number };
  bundleBytes: number;
  vsixBytes: number | undefined;
  vsixNote: string;
}

export interface SeedResult {
  region?: string;
  container: string;
  rows: number;
  seconds: number;
  skipped: boolean;
}

export interface ProfileResult {
  file: string;
  totalMs: number;
  idleMs: number;
  top: { fn: string; ms: number }[];
}

export interface Target {
  id: string;
  what: string;
  value: number;
  limit: number;
  met: boolean;
  how: 'ratio' | 'ms' | 'bytes' | 'count';
  /** For ratios: the median of the per-round ratios. */
  paired?: number;
  /** For ratios: the 95 % interval of that median (runs before 2026-12-07 16:00 have none: it is computed again on --merge). */
  interval?: Interval;
}

export interface Report {
  version: 1;
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
  options: Record<string, unknown>;
  machine: Record<string, unknown>;
  loadAverage: { start: number[]; end: number[] };
  cloud?: { reused: boolean; regions: Array<{ region: string; tokenCacheTime: number }>; paused: string[]; note: string };
  seed?: SeedResult[];
  targets: Target[];
  listing?: ListingResult[];
  host?: HostResult;
  firstPage?: FirstPageResult;
  delimiter?: Record<string, Stat>;
  auth?: AuthResult;
  transfers?: TransfersResult;
  /** The same section on the Ceph RGW region (`--datasets rgw` with the transfers). */
  transfersRgw?: TransfersResult;
  sync?: SyncResult;
  syncScan?: SyncScanResult;
  /** Sections measured by a later `--only` run and merged into this report (`--merge`). */
  merged?: { sections: string[]; startedAt: string; loadAverage: { start: number[]; end: number[] }; machine?: string }[];
  package?: PackageResult;
  exactness: Exactness[];
  profile?: ProfileResult;
}

/** The first match timed apart (the search stopped there, in rounds of its own), where the run did. */
function firstMatchApart(l: ListingResult): string {
  const own = l.firstMatch;
  if (!own?.searchFirst || !own.rawFirst) return '';
  return `; in ${own.searchFirst.runs.length} rounds of its own ${fmtMs(own.searchFirst.median)}, one curl of the page ${fmtMs(own.rawFirst.median)}`;
}

/** A per-round ratio and its 95 % interval: "1.42× (1.30–1.55)". */
function perRound(q: ReturnType<typeof ratio>): string {
  return `${q.paired.toFixed(2)}× (${q.interval.low.toFixed(2)}–${q.interval.high.toFixed(2)})`;
}

/** The targets the bench is judged by, from the sections the report holds (computed again after a --merge). */
export function targets(r: Report): Target[] {
  const out: Target[] = [];
  const add = (id: string, what: string, value: number, limit: number, how: 'ratio' | 'ms' | 'bytes' | 'count', paired?: number, interval?: Interval) =>
    // Ratios: judged on the per-round ratios (runs taken side by side, alternating), the ratio of medians shown too.
    out.push({ id, what, value, limit, met: (paired ?? value) <= limit, how, paired, interval });
  const addRatio = (id: string, what: string, q: ReturnType<typeof ratio>, limit: number) => add(id, what, q.ofMedians, limit, 'ratio', q.paired, q.interval);
  // Judged on the realistic cloud (Swift caches validated tokens); the uncached Swift region's tables are shown only.
  // Ceph RGW's table is judged too (the same targets as on Swift), though the test cloud's RGW validates every token.
  const rgw = (l: ListingResult) => l.dataset.name.startsWith('bench-rgw-');
  const realistic = (r.listing ?? []).filter((l) => l.tokenCacheTime !== -1 || rgw(l));
  const names = (l: ListingResult) => `${l.dataset.count.toLocaleString('en')}${l.dataset.name.includes('flat') ? ' flat' : ''}${rgw(l) ? ' on Ceph RGW' : ''}`;
  for (const l of realistic) {
    const st = l.stats;
    const id = `list.${l.dataset.name}`;
    let q = ratio(st.project, st.rclone);
    addRatio(`${id}.vsRclone`, `full listing ${names(l)}, project (process) ÷ rclone lsf`, q, 0.5);
    q = ratio(st.project, st.swift);
    addRatio(`${id}.vsSwift`, `full listing ${names(l)}, project (process) ÷ swift list`, q, 0.35);
    // The floor's curls reuse one token Swift has checked before: so does the lister with its kept token (as the
    // extension keeps it), where measured; the lister signing in first is shown beside it.
    const kept = st.projectKept;
    q = ratio(kept ?? st.project, st[l.floor]);
    // Beside it, undici alone in a process (no sign-in, nothing parsed), as two chains (two cursors) and as four (the
    // lister's default): what Node itself leaves of the margin; then the same pages given to JSON.parse, both ways.
    // Each with its 95 % interval: a Node row whose interval lies above the limit shows the limit out of a Node
    // process's reach on this machine, whatever the lister does.
    const vsFloor = (s: Stat | undefined) => s && perRound(ratio(s, st[l.floor]));
    const signingIn = kept ? `; signing in first: ${vsFloor(st.project)}, of medians ${ratio(st.project, st[l.floor]).ofMedians.toFixed(2)}×` : '';
    const node = st.rawNode && ratio(st.rawNode, st[l.floor]);
    const parsed = st.rawNodeParse2 ? `; with JSON.parse: ${vsFloor(st.rawNodeParse2)}, 4 chains ${vsFloor(st.rawNodeParse4)}` : '';
    const named = st.rawNodeNames4 ? `; the names read by the lister's reader and printed, 4 chains: ${vsFloor(st.rawNodeNames4)}` : '';
    const four = st.rawNode4 ? `, 4 chains ${vsFloor(st.rawNode4)}` : '';
    const nodeTime = node ? `; undici alone, 2 chains: ${perRound(node)}, of medians ${node.ofMedians.toFixed(2)}×${four}${parsed}${named}` : '';
    addRatio(
      `${id}.vsFloor`,
      `full listing ${names(l)}, project (process${kept ? ', its token kept' : ''}) ÷ the floor (${st[l.floor].label.replace(/^floor: /, '')}${signingIn}${nodeTime})`,
      q,
      1.15,
    );
    if (st.project.rssKiB && st.rclone.rssKiB) {
      // Beside it, the same ratio for undici alone fetching the same pages (no client code): Node's own floor.
      const ofRclone = (s: Stat | undefined) => (s?.rssKiB ? (s.rssKiB / (st.rclone.rssKiB as number)).toFixed(2) : undefined);
      const parsedRss = ofRclone(st.rawNodeParse2) ? `; with JSON.parse: ${ofRclone(st.rawNodeParse2)}×` : '';
      const fourRss = ofRclone(st.rawNode4) ? `, 4 chains ${ofRclone(st.rawNode4)}×` : '';
      const nodeRss = st.rawNode?.rssKiB ? ` (undici alone, nothing parsed, 2 chains: ${ofRclone(st.rawNode)}×${fourRss}${parsedRss})` : '';
      add(`${id}.rss`, `full listing ${names(l)}, peak RSS project ÷ rclone${nodeRss}`, st.project.rssKiB / st.rclone.rssKiB, 1.5, 'ratio');
    }
    if (l.search && st.search && st.rawFirst) {
      // Older runs timed the first match only in the whole searches' rounds.
      const own = l.firstMatch?.searchFirst && l.firstMatch.rawFirst ? l.firstMatch : undefined;
      const first: Stat = own ? own.searchFirst : { ...st.search, runs: l.search.firstMatchRuns, median: l.search.firstMatchMs };
      q = ratio(first, own ? own.rawFirst : st.rawFirst);
      const rounds = own ? ` (${first.runs.length} rounds of their own)` : '';
      addRatio(`${id}.searchFirst`, `search ${names(l)}: first match (in the first page) ÷ one curl of that page${rounds}`, q, 1.1);
      q = ratio(st.search, st[l.floor]);
      addRatio(`${id}.searchAll`, `search ${names(l)}: the whole scan ÷ the floor`, q, 1.15);
    }
  }
  // Memory that must not grow with the container (streamed): the largest dataset's figure ÷ the smallest's.
  // Peak RSS rows show the same ratio for undici alone fetching the same pages (the Node floor), where measured.
  const notGrowing = (id: string, label: (sizes: string) => string, value: (l: ListingResult) => number | undefined, peakRss = false) => {
    const measured = realistic.filter((l) => value(l) !== undefined);
    if (measured.length < 2) return;
    const [small, large] = [measured[0], measured[measured.length - 1]];
    const [nodeSmall, nodeLarge] = [small.stats.rawNode?.rssKiB, large.stats.rawNode?.rssKiB];
    const node = peakRss && nodeSmall && nodeLarge ? `; undici alone: ${(nodeLarge / nodeSmall).toFixed(2)}×` : '';
    add(id, label(`at ${names(large)} ÷ at ${names(small)}${node}`), (value(large) as number) / (value(small) as number), 1.15, 'ratio');
  };
  notGrowing(
    'search.memory',
    (sizes) => `search: peak RSS ${sizes} (streamed: must not grow with the container)`,
    (l) => l.search?.peakRssMiB,
    true,
  );
  notGrowing(
    'deletePlan.memory',
    (sizes) => `Delete… of a folder, its count: peak RSS ${sizes} (streamed: must not grow with the folder)`,
    (l) => l.deletePlan?.peakRssMiB,
    true,
  );
  notGrowing(
    'deletePlan.live',
    (sizes) => `Delete… of a folder, its count: live heap above the signed-in baseline (median of full collections every 200 ms) ${sizes}`,
    (l) => l.deletePlan?.liveAboveBaseMiB?.median,
  );
  // Within the largest count, run a second time in its process (V8's code compiled in the first: host.ts, `measured`):
  // a count that held what it counted would hold more in its last quarter than in its second.
  const largest = [...realistic].reverse().find((l) => l.deletePlan?.warmLiveAboveBaseMiB?.quarters);
  const quarters = largest?.deletePlan?.warmLiveAboveBaseMiB?.quarters;
  if (largest && quarters) {
    add(
      'deletePlan.liveLate',
      `Delete… of a folder, its count of ${names(largest)} run again in its process: live heap over its last quarter ÷ over its second (medians of full collections every 200 ms: ${quarters.join(', ')} MiB by quarter)`,
      quarters[3] / quarters[1],
      1.15,
      'ratio',
    );
  }
  if (r.firstPage) {
    const fp = r.firstPage.stats;
    const where = r.firstPage.container ?? 'the container';
    let q = ratio(fp.tree, fp.rawUndici);
    addRatio('firstPage.vsRaw', `first page of ${where} as the tree fetches it ÷ one raw GET (undici, warm connection)`, q, 1.1);
    if (fp.loadMore && fp.rawMore) {
      q = ratio(fp.loadMore, fp.rawMore);
      addRatio('loadMore.vsRaw', `Load more (the second page) of ${where} ÷ one raw GET of it`, q, 1.1);
    }
  }
  if (r.auth) add('auth.per1000', `Keystone authentications for ${r.auth.operations} operations (one token lifetime)`, r.auth.authentications, 1, 'count');
  if (r.package) {
    add('activation', 'activation: require + activate() of the production bundle (median)', r.package.activation.activate.median, 50, 'ms');
    if (r.package.vsixBytes !== undefined) add('vsix', 'VSIX size', r.package.vsixBytes, 300 * 1024, 'bytes');
  }
  if (r.sync) syncTargets(r.sync, addRatio);
  if (r.syncScan) syncScanTargets(r.syncScan, add);
  const wrong = r.exactness.filter((e) => !e.exact).length;
  if (r.exactness.length) add('exact', 'listings not identical to swift list (names, order, no duplicates)', wrong, 0, 'count');
  return out;
}

const kb = (b: number) => `${(b / 1024).toFixed(0)} KB`;
const x = (v: number) => `${v.toFixed(2)}×`;
/** A median of MiB figures (the mean of the middle two of an even count): one decimal. */
const mib = (v: number) => `${Number(v.toFixed(1))} MiB`;

function value(t: Target): string {
  switch (t.how) {
    case 'ratio':
      if (t.paired === undefined) return `**${x(t.value)}**`;
      return `**${x(t.paired)}** (${t.interval ? `${Math.floor(t.interval.confidence * 100)} % interval ${t.interval.low.toFixed(2)}–${x(t.interval.high)}; ` : ''}of medians ${x(t.value)})`;
    case 'ms':
      return `**${fmtMs(t.value)}**`;
    case 'bytes':
      return `**${kb(t.value)}**`;
    case 'count':
      return `**${t.value}**`;
  }
}

/** Met or not; for a ratio whose interval holds the limit, that its rounds cannot tell. */
function verdict(t: Target): string {
  const said = t.met ? 'yes' : '**no**';
  const i = t.interval;
  return i && i.low <= t.limit && t.limit < i.high ? `${said}, within the noise` : said;
}

function limit(t: Target): string {
  switch (t.how) {
    case 'ratio':
      return `≤ ${x(t.limit)}`;
    case 'ms':
      return `≤ ${fmtMs(t.limit)}`;
    case 'bytes':
      return `≤ ${kb(t.limit)}`;
    case 'count':
      return t.limit === 0 ? '0' : `≤ ${t.limit}`;
  }
}

/**
 * One table of alternated variants; `vs` adds a ratio column against that variant. With `cores`, where the runs
 * measured CPU: the client's, the cloud's, and their sum ÷ the cores (medians of the runs): the least wall time the
 * machine's cores allowed each run, whatever the client did with them.
 */
function table(stats: Record<string, Stat>, vs: Array<{ id: string; title: string }>, rss = false, cores?: number): string {
  const rows = Object.values(stats);
  const cpu = cores !== undefined && rows.some((s) => s.cpuRuns && s.cloudCpuRuns);
  const head = [
    'variant',
    'runs',
    'median',
    'min – max',
    'spread',
    ...(rss ? ['peak RSS'] : []),
    ...(cpu ? ['client CPU', 'cloud CPU', `CPU ÷ ${cores} cores`] : []),
    ...vs.filter((v) => stats[v.id]).map((v) => v.title),
  ];
  const out = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const s of rows) {
    const cells = [s.label, String(s.runs.length), `**${fmtMs(s.median)}**`, `${fmtMs(s.min)} – ${fmtMs(s.max)}`, `${s.spreadPct.toFixed(0)} %`];
    if (rss) cells.push(s.rssKiB ? `${(s.rssKiB / 1024).toFixed(0)} MiB` : '—');
    if (cpu) {
      const [own, cloud] = [s.cpuRuns, s.cloudCpuRuns];
      const bound = own && cloud ? own.map((c, i) => (c + cloud[i]) / (cores as number)) : undefined;
      cells.push(...[own, cloud, bound].map((runs) => (runs ? fmtMs(median(runs)) : '—')));
    }
    for (const v of vs) if (stats[v.id]) cells.push(s.id === v.id ? '1' : x(ratio(s, stats[v.id]).ofMedians));
    out.push(`| ${cells.join(' | ')} |`);
  }
  return out.join('\n');
}

export function renderMarkdown(r: Report): string {
  const m = r.machine;
  const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(' / ');
  const out: string[] = [];
  out.push(`### Benchmark (\`npm run bench\`), ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC`);
  out.push('');
  out.push(
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, kernel ${m.kernel}, Node ${m.node}. Swift ${m.swiftServer ?? '(no cloud in this run)'}, ` +
      `Keystone ${m.keystone}, python3-swiftclient ${m.swiftclient}, ${m.rclone}. Load average (1/5/15 min): ${load(r.loadAverage.start)} ` +
      `at the start, ${load(r.loadAverage.end)} at the end (a shared, noisy machine). Local cloud from \`scripts/cloud/up.sh\`, ` +
      `${r.cloud?.note ?? 'not started (no section needed it)'}. Every comparison ran on the same server in the same run, rounds alternating direction (A B C D, D C B A, …: variants compared run back to back, in both orders), ` +
      `medians (runs per table); spread = (max − min) ÷ median; client CPU = user + system CPU of the process timed and its children, cloud CPU = the cloud's processes' CPU during that run, CPU ÷ cores = their sum ÷ the machine's cores, the least wall time the run could take (medians of the runs). Took ${(r.durationSeconds / 60).toFixed(1)} min.`,
  );
  const machine = `${String(m.cpu)}, kernel ${String(m.kernel)}`;
  for (const x of r.merged ?? []) {
    // Older merges did not say their machine; a section from another machine is compared within itself only.
    const elsewhere = x.machine && x.machine !== machine ? `, on another machine: ${x.machine}` : '';
    out.push('');
    out.push(
      `Section${x.sections.length > 1 ? 's' : ''} ${x.sections.map((s) => `\`${s}\``).join(', ')}: measured by a separate run (\`--only\`, ` +
        `${x.startedAt.slice(0, 16).replace('T', ' ')} UTC, load average ${load(x.loadAverage.start)} at its start, ${load(x.loadAverage.end)} at its end${elsewhere}) and merged in (\`--merge\`).`,
    );
  }
  out.push('');
  out.push(
    '**Targets.** Ratios are judged per round: the median of the ratios of runs taken side by side (alternating), with its interval (distribution-free, from the order of the per-round ratios: the median lies within it with the chance it names; "within the noise" where it holds the limit); the ratio of the medians is shown too.',
  );
  out.push('');
  out.push('| target | measured | limit | met |');
  out.push('|---|---:|---:|:---:|');
  for (const t of r.targets) out.push(`| ${t.what} | ${value(t)} | ${limit(t)} | ${verdict(t)} |`);
  out.push('');
  const phases = (p: ListerPhases) =>
    `the default lister's process: Node start-up and bundle ${fmtMs(p.loaded)}, signed in (Keystone, catalog) at ${fmtMs(p.signedIn)}, ` +
    `first names at ${fmtMs(p.firstBatch)}, done at ${fmtMs(p.listed)} (medians, from its process start)`;
  const skipped = (what: string) => out.push(`**${what}**: not in this run (\`--only\`).`, '');
  if (r.listing) {
    for (const l of r.listing) {
      const cache = l.tokenCacheTime === -1 ? 'no token cache: Keystone validates every request' : `validated tokens cached ${l.tokenCacheTime} s`;
      out.push(
        `**1. Full listing: ${l.dataset.title}** (\`${l.dataset.name}\`, ${l.region}, ${cache}; the project's pages of ${l.limit.toLocaleString('en')}${l.clusterLimit && l.clusterLimit !== l.limit ? `, the cluster's limit ${l.clusterLimit.toLocaleString('en')}` : ''})`,
      );
      out.push('');
      out.push(
        table(
          l.stats,
          [
            { id: 'swift', title: '÷ swift list' },
            { id: 'rclone', title: '÷ rclone' },
            { id: l.floor, title: '÷ floor' },
          ],
          true,
          Number(r.machine.cores),
        ),
      );
      out.push('');
      const cpu = Object.entries(l.serverCpu)
        .filter(([, v]) => v >= 0.05)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${(v / l.listings).toFixed(2)} s`)
        .join(', ');
      out.push(
        `Where ${phases(l.lister)}. Cloud CPU per listing (averaged over the ${l.listings} listings of the table; ${l.pagesPerListing} pages each of the project's size): ${cpu || '—'}.` +
          (l.search
            ? ` Search for ${JSON.stringify(l.search.query)} (one match, in the first page): first match after **${fmtMs(l.search.firstMatchMs)}** (median)${firstMatchApart(l)}, peak RSS ${mib(l.search.peakRssMiB)}, heap above the signed-in baseline ${mib(l.search.peakHeapAboveBaseMiB)} at its peak.`
            : '') +
          (l.deletePlan
            ? ` Delete…'s count of every object as one folder: peak RSS ${mib(l.deletePlan.peakRssMiB)}, heap above the signed-in baseline ${mib(l.deletePlan.peakHeapAboveBaseMiB)} at its peak` +
              (l.deletePlan.liveAboveBaseMiB
                ? `; live after a full collection (${l.deletePlan.liveAboveBaseMiB.samples}, every 200 ms, in a run of its own): median ${l.deletePlan.liveAboveBaseMiB.median} MiB, at most ${l.deletePlan.liveAboveBaseMiB.max} MiB` +
                  (l.deletePlan.warmLiveAboveBaseMiB
                    ? `; run again in that process, above the first run's end: median ${l.deletePlan.warmLiveAboveBaseMiB.median} MiB, at most ${l.deletePlan.warmLiveAboveBaseMiB.max} MiB.`
                    : '.')
                : '.')
            : ''),
      );
      out.push('');
    }
  } else skipped('1. Full listings');
  if (r.firstPage) {
    out.push(
      `**2. First page of \`${r.firstPage.container ?? 'bench-100k'}\` as the tree fetches it, and Load more** (delimiter \`/\`, limit ${r.firstPage.limit})`,
    );
    out.push('');
    out.push(table(r.firstPage.stats, []));
    out.push('');
  } else skipped('2. First page');
  if (r.delimiter) {
    out.push('**3. Pseudo-folder listing (delimiter) of `deep/l1/l2/l3/l4/l5/`** (1,600 objects, 20 sub-folders)');
    out.push('');
    out.push(
      table(
        r.delimiter,
        [
          { id: 'swift', title: '÷ swift list' },
          { id: 'rawUndici', title: '÷ raw' },
        ],
        true,
      ),
    );
    out.push('');
  } else skipped('3. Pseudo-folder listing');
  if ((r.transfers && 'smallUp' in r.transfers) || r.transfersRgw) {
    if (r.transfers && 'smallUp' in r.transfers) out.push(...transfersTables(r.transfers, '**4. Upload and download**', r.startedAt));
    if (r.transfersRgw)
      out.push('', ...transfersTables(r.transfersRgw, '**4b. Upload and download on Ceph RGW**, RegionRGW: the same data, tools and checks', r.startedAt));
  } else if (r.transfers) {
    out.push(
      '**4. Upload and download**: measured by an older version of the bench (plain PUT/GET, before the transfer module); run `npm run bench -- --only transfers` and `--merge`.',
    );
  } else {
    out.push('**4. Upload and download**: left out of this run (`--no-transfers`, `--quick` or `--only`).');
  }
  out.push('');
  const a = r.auth;
  if (a) {
    out.push(
      `**5. Keystone authentications**: **${a.authentications}** for ${a.operations.toLocaleString('en')} operations ` +
        `(HEAD container, first page, HEAD account; 8 at a time; ${a.seconds.toFixed(1)} s) through one Session, the extension's token owner. ` +
        `Keystone's own log agrees: ${a.keystoneLog.authentications} \`POST /v3/auth/tokens\`, and ${a.keystoneLog.validations.toLocaleString('en')} ` +
        `token validations by Swift (${r.cloud?.regions?.map((c) => `${c.region}: token_cache_time = ${c.tokenCacheTime}`).join(', ') ?? ''}; without a cache, one per request).` +
        (a.renewal
          ? ` With ${a.renewal.tokenSeconds}-second tokens over ${a.renewal.seconds} s: ${a.renewal.authentications} authentications (expected ${a.renewal.expected}: one per token lifetime, renewed a quarter early).`
          : ''),
    );
    out.push('');
  } else skipped('5. Keystone authentications');
  const p = r.package;
  if (p) {
    out.push(
      `**6. Activation, bundle, VSIX**: activation **${fmtMs(p.activation.activate.median)}** median ` +
        `(${fmtMs(p.activation.activate.min)} – ${fmtMs(p.activation.activate.max)}; require ${fmtMs(p.parts.requireMs)}, activate() ${fmtMs(p.parts.activateMs)}), ` +
        `production bundle ${kb(p.bundleBytes)}, VSIX ${p.vsixBytes !== undefined ? kb(p.vsixBytes) : 'not built'} (${p.vsixNote}).`,
    );
    out.push('');
  } else skipped('6. Activation, bundle, VSIX');
  if (r.host) {
    const t = r.host.tree;
    out.push(
      `**7. Extension-host side** (host.js: the extension's own tree model and search, without VS Code, in a Node process): the tree's node of \`${t.container}\` ` +
        `expanded and "Load more" until **${t.rows.toLocaleString('en')} rows**: **${t.heapMiB} MiB** of heap held for them (${t.rssMiB} MiB of RSS; ${t.totalRssMiB} MiB in all), median of ${t.runs}. ` +
        'Searches: peak RSS in the listing tables above (the search rows) and in the targets.',
    );
    out.push('');
  }
  if (r.sync) out.push(...renderSync(r.sync, table));
  if (r.syncScan) out.push(...renderSyncScan(r.syncScan));
  const wrong = r.exactness.filter((e) => !e.exact);
  if (r.exactness.length)
    out.push(
      `**Exactness** (every run checked against \`swift list\`): ${wrong.length === 0 ? 'all identical' : `**${wrong.length} NOT identical**`}: ` +
        r.exactness.map((e) => `${e.what}, ${e.variant}: ${e.exact ? 'exact' : `**${e.detail}**`}`).join('; ') +
        '.',
    );
  if (r.profile) {
    const busy = r.profile.totalMs - r.profile.idleMs;
    out.push('');
    out.push(
      `**Profile** of the lister on the 100,000 container (\`--cpu-prof\`, \`${r.profile.file}\`): ${fmtMs(r.profile.totalMs)} sampled, ` +
        `${fmtMs(r.profile.idleMs)} idle (waiting for Swift), ${fmtMs(busy)} busy; self time: ` +
        r.profile.top
          .filter((t) => t.fn !== '(idle)')
          .slice(0, 10)
          .map((t) => `${t.fn} ${fmtMs(t.ms)}`)
          .join(', ') +
        '.',
    );
  }
  if (r.seed) {
    const seeded = r.seed.map((s) => `${s.region ? `${s.region} ` : ''}${s.container} ${s.skipped ? 'reused' : `${s.seconds.toFixed(1)} s`}`).join(', ');
    out.push('');
    out.push(`Seed (listing-only rows via Swift's ContainerBroker, see scripts/bench/README.md): ${seeded}.`);
  }
  return `${out.join('\n')}\n`;
}

const BEGIN = '<!-- bench:begin (written by npm run bench) -->';
const END = '<!-- bench:end -->';

/** Replaces the bench section of DEVELOPING.md (between the markers) with `md`; says what it did. */
export function updateReadme(file: string, md: string): string {
  const text = readFileSync(file, 'utf8');
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  if (a < 0 || b < a) return `${file} has no ${BEGIN} … ${END} section: not updated`;
  writeFileSync(file, `${text.slice(0, a + BEGIN.length)}\n${md.replace(/^### /, '#### ')}${text.slice(b)}`);
  return `${file}: benchmark section updated`;
}

/** Section 4's tables for one region's transfers. */
function transfersTables(t: TransfersResult, heading: string, startedAt: string): string[] {
  const out: string[] = [];
  const s = t.settings;
  const when = t.measuredAt.slice(0, 16) !== startedAt.slice(0, 16) ? ` Measured ${t.measuredAt.slice(0, 16).replace('T', ' ')} UTC.` : '';
  const vs = (swift: string) => [
    { id: swift, title: '÷ swift' },
    { id: 'rclone', title: '÷ rclone' },
  ];
  out.push(
    `${heading} (${t.smallObjects.toLocaleString('en')} objects of ${t.smallBytes} bytes; one object of ${(t.largeBytes / 2 ** 20).toFixed(0)} MiB). ` +
      `The project: its transfer module (\`uploadFiles\`, \`planDownload\` + \`downloadObjects\`) as the Upload/Download commands call it, in-process on a signed-in session, ` +
      `with the settings' defaults: concurrency ${s.concurrency}, files from ${s.sloThreshold / 2 ** 20} MiB up as SLOs of ${s.segmentSize / 2 ** 20} MiB segments, downloads verified. ` +
      `swift and rclone are processes: their times include start-up and sign-in. Every run's result was checked, untimed (names, sizes and MD5s of every object or file; ` +
      `the large object's size, ETag, and SLO or not; the project's summaries: nothing failed, skipped or reused; see \`checks\` in the JSON).${when}`,
  );
  out.push('');
  out.push(`Upload, ${t.smallObjects.toLocaleString('en')} small objects:`);
  out.push('');
  out.push(table(t.smallUp, vs('swift')));
  out.push('');
  out.push(`Download, ${t.smallObjects.toLocaleString('en')} small objects (every tool reads the project's upload of the same round):`);
  out.push('');
  out.push(table(t.smallDown, vs('swift')));
  out.push('');
  out.push(`Upload, ${(t.largeBytes / 2 ** 20).toFixed(0)} MiB (÷ swift: against the like-for-like SLO upload):`);
  out.push('');
  out.push(table(t.largeUp, vs('swiftSlo')));
  out.push('');
  out.push(`Download, ${(t.largeBytes / 2 ** 20).toFixed(0)} MiB (every tool reads the project's SLO of the same round):`);
  out.push('');
  out.push(table(t.largeDown, vs('swift')));
  return out;
}

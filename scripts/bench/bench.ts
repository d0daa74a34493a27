/**
 * `npm run bench`: the project's Swift client against the tools users would pick instead (`swift` from
 * python3-swiftclient, `rclone`) and against the raw limit (the same page GETs with curl / undici alone, one token),
 * on the same local cloud, in the same run, alternating runs. Writes results/latest.json and results/latest.md and
 * the table in DEVELOPING.md. See scripts/bench/README.md.
 *
 * This file is the entry: the options, the cloud, then each section from its own file (listing.ts, firstPage.ts,
 * delimiter.ts, auth.ts, transfers.ts, package.ts, profile.ts), the report (report.ts), `--merge`, and stopping
 * what the bench started.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchAuth } from './auth';
import { Ctx, cloudRegions, connect, ensureCloud, pauseBackground, swiftRegions } from './cloud';
import { benchDelimiter } from './delimiter';
import { benchFirstPage } from './firstPage';
import { benchListing } from './listing';
import { Options, SECTIONS, Section, parseArgs } from './options';
import { benchPackage } from './package';
import { profileLister } from './profile';
import { Exactness, ListingResult, Report, renderMarkdown, targets, updateReadme } from './report';
import { BIG, Dataset, FLAT, MILLION, RGW_SMALL, RGW_TREE, TREE, seed } from './seed';
import { benchHost } from './hostMemory';
import { benchSync } from './sync';
import { benchSyncScan } from './syncScan';
import { benchTransfers } from './transfers';
import { REPO, exec, fmtMs, log } from './util';

const cleanups: Array<() => Promise<void>> = [];
let cleaning: Promise<void> | undefined;
function onCleanup(fn: () => Promise<void>): void {
  cleanups.push(fn);
}
/** Stops what the bench started (last started, first stopped); once, however many signals arrive. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length) await (cleanups.pop() as () => Promise<void>)().catch((e) => log(`cleanup: ${e}`));
  })();
  return cleaning;
}

// ------------------------------------------------------------------------------------------------ machine

async function machine(ctx?: Ctx): Promise<Record<string, unknown>> {
  const version = async (cmd: string, args: string[]) => (await exec(cmd, args).catch(() => '')).split('\n')[0].trim() || undefined;
  const dpkg = async (pkg: string) => (await exec('dpkg-query', ['-W', '-f', '${Version}', pkg]).catch(() => '')) || undefined;
  return {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: (readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]*)/m) ?? [])[1],
    kernel: release(),
    node: process.version,
    swiftclient: await dpkg('python3-swiftclient'),
    rclone: await version('rclone', ['version']),
    curl: await version('curl', ['--version']),
    swiftServer: ctx ? (await ctx.swift.info()).version : undefined,
    keystone: await dpkg('keystone'),
  };
}

// ------------------------------------------------------------------------------------------------ main

/**
 * `--merge`: the sections of results/partial.json (an `--only` run) replace those of results/latest.json; the
 * targets are computed again, latest.md and the README rewritten. Each merged run is named in the header.
 */
const listingEntry = (keys: string[]) => `listing (${keys.join(', ')})`;
const listingEntryKeys = (section: string): string[] | undefined => /^listing \((.*)\)$/.exec(section)?.[1].split(', ');

function mergePartial(opts: Options): void {
  const read = (f: string) => JSON.parse(readFileSync(join(opts.out, f), 'utf8')) as Report;
  const latest = read('latest.json');
  const partial = read('partial.json');
  const sections = SECTIONS.filter((s) => partial[s] !== undefined || (s === 'transfers' && partial.transfersRgw !== undefined));
  if (!sections.length) throw new Error('partial.json holds no section to merge');
  const whats = new Set(partial.exactness.map((e) => e.what));
  // A merged run's listings are named by dataset (`listing (RegionOne bench-tree-100k, …)`): a later run replacing
  // some of them leaves the earlier run named for the rest. A plain `listing` (older reports) measured every table not
  // named by another entry.
  const listingKey = (l: { region: string; dataset: { name: string } }) => `${l.region} ${l.dataset.name}`;
  const freshListings = partial.listing?.map(listingKey) ?? [];
  const named = new Set((latest.merged ?? []).flatMap((m) => m.sections.flatMap((s) => listingEntryKeys(s) ?? [])));
  const stillMeasuredBy = (s: string): string[] => {
    const keys = s === 'listing' ? (latest.listing ?? []).map(listingKey).filter((k) => !named.has(k)) : listingEntryKeys(s);
    if (!keys || !sections.includes('listing')) return sections.includes(s as Section) ? [] : [s];
    const left = keys.filter((k) => !freshListings.includes(k));
    return left.length ? [listingEntry(left)] : [];
  };
  for (const s of sections) {
    if (s === 'listing' && latest.listing && partial.listing) {
      // Listings are kept per region and container: a partial run (`--datasets`) replaces only those it measured.
      const key = (l: { region: string; dataset: { name: string } }) => `${l.region}/${l.dataset.name}`;
      const fresh = new Map(partial.listing.map((l) => [key(l), l]));
      latest.listing = [
        ...latest.listing.map((l) => fresh.get(key(l)) ?? l),
        ...partial.listing.filter((l) => !latest.listing?.some((o) => key(o) === key(l))),
      ];
    } else if (s === 'transfers') {
      // Per server, as the listings: a run on one region replaces only that region's tables.
      if (partial.transfers) latest.transfers = partial.transfers;
      if (partial.transfersRgw) latest.transfersRgw = partial.transfersRgw;
    } else (latest as unknown as Record<string, unknown>)[s] = partial[s];
  }
  latest.exactness = [...latest.exactness.filter((e) => !whats.has(e.what)), ...partial.exactness];
  latest.merged = [
    ...(latest.merged ?? []).map((m) => ({ ...m, sections: m.sections.flatMap(stillMeasuredBy) })).filter((m) => m.sections.length),
    {
      sections: sections.map((s) => (s === 'listing' ? listingEntry(freshListings) : s)),
      startedAt: partial.startedAt,
      loadAverage: partial.loadAverage,
      machine: `${String(partial.machine.cpu)}, kernel ${String(partial.machine.kernel)}`,
    },
  ];
  latest.targets = targets(latest);
  writeFileSync(join(opts.out, 'latest.json'), `${JSON.stringify(latest, null, 2)}\n`);
  const md = renderMarkdown(latest);
  writeFileSync(join(opts.out, 'latest.md'), md);
  log(`merged ${sections.join(', ')} from partial.json (${partial.startedAt}) into latest.json and latest.md`);
  if (opts.readme) log(updateReadme(join(REPO, 'DEVELOPING.md'), md));
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.merge) return mergePartial(opts);
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const work = mkdtempSync(join(tmpdir(), 'oss-bench-'));
  onCleanup(async () => rmSync(work, { recursive: true, force: true }));
  const lister = process.env.OSS_BENCH_LISTER as string;
  const activateJs = process.env.OSS_BENCH_ACTIVATE as string;
  const exactness: Exactness[] = [];
  const report = { version: 1, startedAt: startedAt.toISOString(), options: opts } as unknown as Report;

  // Opt-in sections: transfers (--transfers), sync (--sync), syncScan (--only syncScan: 1,100,000 files written, ~12 min).
  const optIn: Partial<Record<Section, boolean>> = { transfers: opts.transfers, sync: opts.sync, syncScan: false };
  const want = (section: Section) => (opts.only ? opts.only.has(section) : (optIn[section] ?? true));
  log(`load average ${loadAtStart.map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} cores`);
  if (want('package')) {
    // Before the cloud starts: nothing else of ours competes for the CPU.
    log('bundle, VSIX and activation…');
    report.package = await benchPackage(opts, work, activateJs);
  }
  const cloudSections: Section[] = ['listing', 'firstPage', 'delimiter', 'host', 'auth', 'transfers', 'sync', 'syncScan'];
  const ctxs: Ctx[] = [];
  if (cloudSections.some(want)) {
    const cloud = await ensureCloud(opts.keepCloud, onCleanup);
    // One connection per Swift region: the realistic one (validated tokens cached) is measured first and judged,
    // the other (token_cache_time = -1, what the tests need) is the second column. The same loop takes more regions.
    for (const region of swiftRegions(cloud.dir)) ctxs.push(await connect(opts, work, cloud.dir, lister, region));
    ctxs.sort((a, b) => Number(a.tokenCacheTime === -1) - Number(b.tokenCacheTime === -1));
    const c = ctxs[0];
    const uncached = ctxs.find((x) => x.tokenCacheTime === -1 && x !== c);
    if (c.tokenCacheTime === -1) log('WARNING: no region of this cloud caches validated tokens (start it with OSS_SWIFT_TOKEN_CACHE_TIME=300,-1)');
    report.machine = await machine(c);
    const paused = pauseBackground(cloud.dir);
    onCleanup(async () => paused.resume());
    report.cloud = {
      reused: !cloud.started,
      regions: ctxs.map((x) => ({ region: x.region, tokenCacheTime: x.tokenCacheTime })),
      paused: paused.paused,
      note:
        `${ctxs.map((x) => `${x.region}: ${x.tokenCacheTime === -1 ? 'token_cache_time = -1 (Keystone validates every request)' : `token_cache_time = ${x.tokenCacheTime} (validated tokens cached in the proxy's memcached)`}`).join('; ')}; ` +
        `paused while measuring (SIGSTOP): ${paused.paused.join(', ') || 'nothing'}`,
    };
    // Ceph RGW's region, connected once when a section measures it (`--datasets` with `rgw`, the default).
    const rgwRegion = cloudRegions(cloud.dir).find((r) => r.backend === 'rgw');
    let rgwConnected: Ctx | undefined;
    const rgwCtx = async () => {
      if (!rgwRegion) return undefined;
      if (!rgwConnected) ctxs.push((rgwConnected = await connect(opts, work, cloud.dir, lister, rgwRegion.name)));
      return rgwConnected;
    };
    const mainSets: Dataset[] = [TREE, FLAT, ...(opts.million ? [MILLION] : [])];
    // The seeded containers serve the listing sections only (transfers and sync make their own).
    // (`--only listing --datasets rgw` seeds nothing in the Swift regions.)
    const swiftListings = want('listing') && [...opts.datasets].some((d) => d !== 'rgw');
    if (swiftListings || (['firstPage', 'delimiter', 'host', 'auth'] as Section[]).some(want) || opts.profile)
      report.seed = [...(await seed(c, mainSets)), ...(uncached ? await seed(uncached, [TREE]) : [])];
    if (want('listing')) {
      const host = process.env.OSS_BENCH_HOST;
      const rounds = opts.listingRuns;
      const listing: ListingResult[] = (report.listing = []);
      const sets = opts.datasets;
      // Each dataset's result is saved as soon as it is measured (progress.json): a long run stopped halfway keeps them.
      const keep = (l: ListingResult) => {
        listing.push(l);
        mkdirSync(opts.out, { recursive: true });
        writeFileSync(join(opts.out, 'progress.json'), `${JSON.stringify({ startedAt: report.startedAt, listing, exactness }, null, 2)}\n`);
      };
      if (sets.has('tree')) keep(await benchListing(c, TREE, exactness, { sequential: true, twoCursors: true, floors: [2, 4], rounds, searchAt: 4321, host }));
      if (sets.has('tree-uncached') && uncached) keep(await benchListing(uncached, TREE, exactness, { sequential: false, floors: [2, 4], rounds }));
      if (sets.has('flat')) keep(await benchListing(c, FLAT, exactness, { sequential: false, twoCursors: true, floors: [2, 4], rounds }));
      // The million: fewer variants and rounds (a listing takes 10+ s even on an idle machine).
      if (sets.has('million') && opts.million)
        keep(
          await benchListing(c, MILLION, exactness, {
            sequential: false,
            twoCursors: true,
            floors: [2, 4],
            rounds: Math.max(2, opts.millionRuns),
            searchAt: 4321,
            host,
          }),
        );
      // Ceph RGW (RegionRGW): the tree as real objects, the same variants and checks (RGW pages at most 1,000 names).
      const rgw = sets.has('rgw') && (await rgwCtx());
      if (rgw) {
        const dataset = opts.rgwSmall ? RGW_SMALL : RGW_TREE;
        report.seed = [...(report.seed ?? []), ...(await seed(rgw, [dataset]))];
        keep(await benchListing(rgw, dataset, exactness, { sequential: true, floors: [2, 4], rounds }));
      }
    }
    if (want('firstPage')) report.firstPage = await benchFirstPage(c, opts.million ? MILLION : BIG);
    if (want('delimiter')) report.delimiter = await benchDelimiter(c, exactness);
    if (want('host')) report.host = await benchHost(c, FLAT);
    if (want('auth')) report.auth = await benchAuth(c);
    if (want('transfers')) {
      // The Swift region's transfers unless `--datasets` names only rgw; RGW's where `--datasets` has rgw.
      if ([...opts.datasets].some((d) => d !== 'rgw')) report.transfers = await benchTransfers(c, !cloud.started || opts.keepCloud, onCleanup);
      const rgw = opts.datasets.has('rgw') && (await rgwCtx());
      if (rgw) report.transfersRgw = await benchTransfers(rgw, !cloud.started || opts.keepCloud, onCleanup);
    }
    if (want('sync')) report.sync = await benchSync(c, !cloud.started || opts.keepCloud, onCleanup);
    if (want('syncScan')) report.syncScan = await benchSyncScan(c, work);
    if (opts.profile) report.profile = await profileLister(c);
  } else report.machine = await machine();
  report.exactness = exactness;
  report.loadAverage = { start: loadAtStart, end: loadavg() };
  report.finishedAt = new Date().toISOString();
  report.durationSeconds = (Date.now() - startedAt.getTime()) / 1000;
  report.targets = targets(report);
  for (const x of ctxs) {
    await x.http.close();
    await x.raw.close();
  }

  mkdirSync(opts.out, { recursive: true });
  const base = opts.only ? 'partial' : 'latest';
  writeFileSync(join(opts.out, `${base}.json`), `${JSON.stringify(report, null, 2)}\n`);
  const md = renderMarkdown(report);
  writeFileSync(join(opts.out, `${base}.md`), md);
  if (opts.readme) log(updateReadme(join(REPO, 'DEVELOPING.md'), md));
  process.stdout.write(`\n${md}\n`);
  log(`wrote ${join(opts.out, `${base}.json`)} and ${base}.md in ${fmtMs(report.durationSeconds * 1000)}`);
  if (report.exactness.some((e) => !e.exact)) process.exitCode = 1;
}

process.on('SIGINT', () => void cleanUp().then(() => process.exit(130)));
process.on('SIGTERM', () => void cleanUp().then(() => process.exit(143)));
main()
  .catch((e: unknown) => {
    log(`FAILED: ${(e as Error).stack ?? e}`);
    process.exitCode = 1;
  })
  .finally(() => cleanUp());

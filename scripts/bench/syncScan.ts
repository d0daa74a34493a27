/**
 * The sync comparison's memory (opt-in section `syncScan`: `--only syncScan`): a local folder identical to a container
 * of 100,000 and of 1,000,000 names (seed_rows.py's `-mirror` rows, each object said to hold its own name, and
 * `--files`, those files on disk), compared as Sync Folder with Container… does (host.js sync-plan: every file read and
 * hashed, nothing moved). A re-sync of a large prefix is mostly identical paths: the plan's memory must not grow with
 * the container. Per size: one timed push comparison (time, peak RSS), then the live heap of a push and of a pull
 * (full collections every 200 ms: what the comparison holds, not the garbage V8 has not collected yet).
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Ctx } from './cloud';
import { seed, type Dataset } from './seed';
import { BENCH_DIR, PY, exec, log, runTool, type LiveHeap } from './util';

export interface SyncScanRow {
  container: string;
  names: number;
  /** Entries of the folder's widest directory (its root): the walk holds one directory's entries while in it. */
  widestDirectory: number;
  pushMs: number;
  pushPeakRssMiB: number;
  pushLiveMiB: LiveHeap;
  pullLiveMiB: LiveHeap;
}

export interface SyncScanResult {
  measuredAt: string;
  rows: SyncScanRow[];
}

const MIRRORS: Dataset[] = [
  { name: 'bench-mirror-100k', shape: 'big-mirror', count: 100_000, title: '100,000 names, a tree, identical to a local folder' },
  { name: 'bench-mirror-1m', shape: 'million-mirror', count: 1_000_000, title: '1,000,000 names, a tree, identical to a local folder' },
];

export async function benchSyncScan(ctx: Ctx, work: string): Promise<SyncScanResult> {
  const host = process.env.OSS_BENCH_HOST as string;
  const rows: SyncScanRow[] = [];
  for (const dataset of MIRRORS) {
    await seed(ctx, [dataset]);
    const folder = join(work, dataset.name);
    mkdirSync(folder, { recursive: true });
    log(`syncScan: writing ${dataset.count.toLocaleString('en')} files to ${folder}…`);
    await exec(PY, [join(BENCH_DIR, 'seed_rows.py'), '--files', folder, dataset.shape]);
    const plan = async (direction: 'push' | 'pull', live: boolean) => {
      const cmd = [process.execPath, '--expose-gc', host, 'sync-plan', dataset.name, folder, direction, ...(live ? ['--live'] : [])];
      const run = await runTool(ctx.tools, cmd, ctx.env, { keepStdout: true });
      const out = JSON.parse(run.stdout) as { ms: number; counts: Record<string, number>; liveAboveBaseMiB?: LiveHeap };
      // The folder is the container's mirror: anything but identical paths is a wrong comparison.
      if (out.counts.identical !== dataset.count || out.counts.new + out.counts.changed + out.counts.extra !== 0)
        throw new Error(`syncScan: ${direction} of ${dataset.name} compared wrong: ${JSON.stringify(out.counts)}`);
      log(
        `syncScan: ${direction} ${dataset.name}${live ? ' (live heap)' : ''}: ${(out.ms / 1000).toFixed(1)} s, peak RSS ${(run.rssKiB / 1024).toFixed(0)} MiB`,
      );
      return { run, out };
    };
    const timed = await plan('push', false);
    const push = await plan('push', true);
    const pull = await plan('pull', true);
    rows.push({
      container: dataset.name,
      names: dataset.count,
      widestDirectory: readdirSync(folder).length,
      pushMs: timed.out.ms,
      pushPeakRssMiB: timed.run.rssKiB / 1024,
      pushLiveMiB: push.out.liveAboveBaseMiB!,
      pullLiveMiB: pull.out.liveAboveBaseMiB!,
    });
  }
  return { measuredAt: new Date().toISOString(), rows };
}

type Add = (id: string, what: string, value: number, limit: number, how: 'ratio') => void;

/** The live heap of the largest comparison ÷ the smallest's, push and pull: streamed, it must not grow (as deletePlan.live). */
export function syncScanTargets(s: SyncScanResult, add: Add): void {
  if (s.rows.length < 2) return;
  const [small, large] = [s.rows[0], s.rows[s.rows.length - 1]];
  const sizes = `at ${large.names.toLocaleString('en')} ÷ at ${small.names.toLocaleString('en')} identical paths`;
  add('syncScan.push.live', `sync comparison (push): live heap ${sizes}`, large.pushLiveMiB.median / small.pushLiveMiB.median, 1.15, 'ratio');
  add('syncScan.pull.live', `sync comparison (pull): live heap ${sizes}`, large.pullLiveMiB.median / small.pullLiveMiB.median, 1.15, 'ratio');
}

export function renderSyncScan(s: SyncScanResult): string[] {
  const mib = (x: number) => `${x.toFixed(1)} MiB`;
  return [
    `**Sync comparison's memory** (\`--only syncScan\`; measured ${s.measuredAt.slice(0, 16).replace('T', ' ')} UTC): a local folder identical to the ` +
      `container, compared as Sync Folder with Container… does (host.js sync-plan: every file hashed, nothing moved). Live heap: above the signed-in ` +
      `baseline, median (max) of full collections every 200 ms, in runs apart from the timed one.`,
    '',
    '| names | folder root entries | push: time | push: peak RSS | push: live heap | pull: live heap |',
    '|---:|---:|---:|---:|---:|---:|',
    ...s.rows.map(
      (r) =>
        `| ${r.names.toLocaleString('en')} | ${r.widestDirectory.toLocaleString('en')} | ${(r.pushMs / 1000).toFixed(1)} s | ${r.pushPeakRssMiB.toFixed(0)} MiB | ` +
        `${mib(r.pushLiveMiB.median)} (${mib(r.pushLiveMiB.max)}) | ${mib(r.pullLiveMiB.median)} (${mib(r.pullLiveMiB.max)}) |`,
    ),
    '',
  ];
}

/**
 * The extension-host side (section `host`): the memory the extension's own tree model holds for a container node
 * with 10,000 loaded rows (host.js tree, without VS Code). The search's memory is measured with the listings
 * (listing.ts, host.js search), next to the floor it is compared with.
 */
import type { Ctx } from './cloud';
import type { HostResult } from './report';
import type { Dataset } from './seed';
import { log, median, runTool } from './util';

export async function benchHost(ctx: Ctx, c: Dataset, rows = 10_000, runs = 3): Promise<HostResult> {
  const host = process.env.OSS_BENCH_HOST as string;
  const got: Array<{ rows: number; heapMiB: number; rssMiB: number; totalRssMiB: number }> = [];
  for (let i = 0; i < runs; i++) {
    const r = await runTool(ctx.tools, [process.execPath, '--expose-gc', host, 'tree', c.name, String(rows)], ctx.env, { keepStdout: true });
    const t = JSON.parse(r.stdout) as (typeof got)[number];
    if (t.rows < rows) throw new Error(`host: the tree loaded ${t.rows} rows, not ${rows}`);
    log(`host: tree of ${c.name}, ${t.rows} rows: heap ${t.heapMiB} MiB, RSS ${t.rssMiB} MiB more (${t.totalRssMiB} MiB in all)`);
    got.push(t);
  }
  const m = (k: 'heapMiB' | 'rssMiB' | 'totalRssMiB') => median(got.map((t) => t[k]));
  return { tree: { container: c.name, rows: got[0].rows, heapMiB: m('heapMiB'), rssMiB: m('rssMiB'), totalRssMiB: m('totalRssMiB'), runs } };
}

/** The data the listing sections read: two containers of listing rows written by seed_rows.py (no object data). */
import { join } from 'node:path';
import type { Ctx } from './cloud';
import type { SeedResult } from './report';
import { BENCH_DIR, PY, exec, log } from './util';

export const BIG = { name: 'bench-100k', shape: 'big', count: 100_000 };
export const SMALL = { name: 'bench-10k', shape: 'small', count: 10_000 };
/** Bumped when seed_rows.py's names change: a cloud seeded by an older version is seeded again. */
const SEED_VERSION = '1';
export const DEEP_FOLDER = 'deep/l1/l2/l3/l4/l5/';

/** Seeds BIG and SMALL, each unless it already holds its rows (object count and X-Container-Meta-Bench-Seed). */
export async function seed(ctx: Ctx): Promise<SeedResult[]> {
  const out = [];
  for (const c of [BIG, SMALL]) {
    const info = await ctx.swift.headContainer(c.name).catch(() => undefined);
    if (info && info.objectCount === c.count && info.meta['bench-seed'] === SEED_VERSION) {
      log(`seed: ${c.name} already holds ${c.count} rows (seed v${SEED_VERSION})`);
      out.push({ container: c.name, rows: c.count, seconds: 0, skipped: true });
      continue;
    }
    const t0 = performance.now();
    await ctx.swift.createContainer(c.name);
    const swiftDir = join(ctx.cloud.stateDir ?? ctx.cloudDir, 'etc', 'swift-r1');
    const account = `AUTH_${ctx.cloud.demo.projectId}`;
    const printed = await exec(PY, [join(BENCH_DIR, 'seed_rows.py'), swiftDir, account, c.name, c.shape], {
      env: { ...process.env, EVENTLET_NO_GREENDNS: 'yes', PYTHONDONTWRITEBYTECODE: '1' },
    });
    await ctx.swift.postContainer(c.name, { 'x-container-meta-bench-seed': SEED_VERSION });
    const after = await ctx.swift.headContainer(c.name);
    if (after.objectCount !== c.count) throw new Error(`seed: ${c.name} holds ${after.objectCount} rows, not ${c.count}`);
    const seconds = (performance.now() - t0) / 1000;
    log(`seed: ${c.name}: ${c.count} listing rows in ${seconds.toFixed(1)} s (${printed.trim()})`);
    out.push({ container: c.name, rows: c.count, seconds, skipped: false });
  }
  return out;
}

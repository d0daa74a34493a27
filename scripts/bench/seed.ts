/**
 * The data the listing sections read: containers of listing rows written by seed_rows.py (no object data), in each
 * region measured. The datasets: a realistic tree of 100,000 names (folders of uneven size and ~3,800 names at the
 * top level), 100,000 flat names (no `/`), and a realistic tree of 1,000,000 names.
 */
import { join } from 'node:path';
import type { Ctx } from './cloud';
import type { SeedResult } from './report';
import { BENCH_DIR, PY, exec, log } from './util';

export interface Dataset {
  /** The container's name. */
  name: string;
  /** seed_rows.py's SHAPE. */
  shape: 'big' | 'flat' | 'million' | 'small' | 'big-mirror' | 'million-mirror';
  count: number;
  /** What it is, for the tables. */
  title: string;
}

export const TREE: Dataset = { name: 'bench-tree-100k', shape: 'big', count: 100_000, title: '100,000 names, a tree (3,819 top-level names)' };
export const FLAT: Dataset = { name: 'bench-flat-100k', shape: 'flat', count: 100_000, title: '100,000 flat names (no `/`)' };
export const MILLION: Dataset = { name: 'bench-tree-1m', shape: 'million', count: 1_000_000, title: '1,000,000 names, a tree (27,972 top-level names)' };
/** The tree in the Ceph RGW region: real one-byte objects (seed_objects.py), as RGW has no container database to write. */
export const RGW_TREE: Dataset = { ...TREE, name: 'bench-rgw-tree-100k-1b' };
/** `--rgw-small`: seed_rows.py's 10,000 names (nine folders of 1,000 and 1,000 top-level names), for a loaded machine. */
export const RGW_SMALL: Dataset = {
  name: 'bench-rgw-small-10k-1b',
  shape: 'small',
  count: 10_000,
  title: '10,000 names, a small tree (1,000 top-level names)',
};
/** The container the first page, the pseudo-folder listing and the profile read. */
export const BIG = TREE;
/** Bumped when seed_rows.py's names change: a cloud seeded by an older version is seeded again. */
const SEED_VERSION = '2';
export const DEEP_FOLDER = 'deep/l1/l2/l3/l4/l5/';

/** Seeds each dataset unless its container already holds its rows (object count and X-Container-Meta-Bench-Seed). */
export async function seed(ctx: Ctx, datasets: Dataset[]): Promise<SeedResult[]> {
  const out = [];
  for (const c of datasets) {
    const info = await ctx.swift.headContainer(c.name).catch(() => undefined);
    if (info && info.objectCount === c.count && info.meta['bench-seed'] === SEED_VERSION) {
      log(`seed: ${ctx.region} ${c.name} already holds ${c.count} rows (seed v${SEED_VERSION})`);
      out.push({ region: ctx.region, container: c.name, rows: c.count, seconds: 0, skipped: true });
      continue;
    }
    const t0 = performance.now();
    await ctx.swift.createContainer(c.name);
    const account = `AUTH_${ctx.cloud.demo.projectId}`;
    const env = { ...process.env, EVENTLET_NO_GREENDNS: 'yes', PYTHONDONTWRITEBYTECODE: '1' };
    // Ceph RGW: real objects through bulk upload (no container database to write rows into).
    const printed =
      ctx.backend === 'rgw'
        ? await exec(PY, [join(BENCH_DIR, 'seed_objects.py'), `${ctx.storageUrl}/${encodeURIComponent(c.name)}`, ctx.curlHeaders, c.shape], { env })
        : await exec(PY, [join(BENCH_DIR, 'seed_rows.py'), ctx.swiftDir, account, c.name, c.shape], { env });
    await ctx.swift.postContainer(c.name, { 'x-container-meta-bench-seed': SEED_VERSION });
    const after = await ctx.swift.headContainer(c.name);
    if (after.objectCount !== c.count) throw new Error(`seed: ${c.name} holds ${after.objectCount} rows, not ${c.count}`);
    const seconds = (performance.now() - t0) / 1000;
    log(`seed: ${ctx.region} ${c.name}: ${c.count} listing rows in ${seconds.toFixed(1)} s (${printed.trim()})`);
    out.push({ region: ctx.region, container: c.name, rows: c.count, seconds, skipped: false });
  }
  return out;
}

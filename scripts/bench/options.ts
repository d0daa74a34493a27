/** The bench's command line (`npm run bench -- …`, see README.md): the sections and the options. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR } from './util';

export const SECTIONS = ['package', 'listing', 'firstPage', 'delimiter', 'host', 'auth', 'transfers', 'sync', 'syncScan'] as const;
export type Section = (typeof SECTIONS)[number];
export const DATASETS = ['tree', 'tree-uncached', 'flat', 'million', 'rgw'];

export interface Options {
  /** Sections to run (all by default); a partial run writes partial.json/partial.md and leaves the README alone. */
  only: Set<Section> | undefined;
  profile: boolean;
  runs: number;
  /** Leave out the 1,000,000-name container (its seeding, listing, search and first page). */
  million: boolean;
  /** `--rgw-small`: the RGW dataset is 10,000 real objects instead of the tree's 100,000 (seeding them is slow). */
  rgwSmall: boolean;
  /**
   * The listing section's datasets (default all): `tree`, `flat`, `million` in the realistic region, `tree-uncached`
   * (the tree in the region without a token cache); `--datasets million` measures one.
   */
  datasets: Set<string>;
  /** Rounds of the million's listings (default 2: A B C D, then D C B A). */
  millionRuns: number;
  /** Rounds of the 100,000-name listings: 5, or `--runs` when given. */
  listingRuns: number;
  smallObjects: number;
  transfers: boolean;
  /** The sync section (opt-in: `--sync`, or `--only sync`) and its tree's file count. */
  sync: boolean;
  syncFiles: number;
  renewal: boolean;
  keepCloud: boolean;
  readme: boolean;
  out: string;
  /** Merge partial.json (a `--only` run) into latest.json, render latest.md and the README; measure nothing. */
  merge: boolean;
}

export function parseArgs(argv: string[]): Options {
  const o: Options = {
    only: undefined,
    profile: false,
    runs: 3,
    million: true,
    rgwSmall: false,
    datasets: new Set(DATASETS),
    millionRuns: 2,
    listingRuns: 5,
    smallObjects: 1000,
    transfers: true,
    sync: false,
    syncFiles: 10_000,
    renewal: false,
    keepCloud: false,
    readme: true,
    out: join(BENCH_DIR, 'results'),
    merge: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${a} needs a positive integer`);
      return n;
    };
    if (a === '--runs') {
      o.runs = Math.max(3, num());
      o.listingRuns = o.runs;
    } else if (a === '--small-objects') o.smallObjects = num();
    else if (a === '--no-transfers') o.transfers = false;
    else if (a === '--sync') o.sync = true;
    else if (a === '--sync-files') o.syncFiles = Math.max(200, num());
    else if (a === '--no-million') o.million = false;
    else if (a === '--rgw-small') o.rgwSmall = true;
    else if (a === '--million-runs') o.millionRuns = Math.max(2, num());
    else if (a === '--datasets') {
      const wanted = (argv[++i] ?? '').split(',').filter(Boolean);
      if (!wanted.length || wanted.some((w) => !DATASETS.includes(w))) throw new Error(`--datasets takes a comma-separated list of ${DATASETS.join(', ')}`);
      o.datasets = new Set(wanted);
    } else if (a === '--renewal') o.renewal = true;
    else if (a === '--profile') o.profile = true;
    else if (a === '--only') {
      const wanted = (argv[++i] ?? '').split(',').filter(Boolean);
      const bad = wanted.filter((w) => !(SECTIONS as readonly string[]).includes(w));
      if (!wanted.length || bad.length) throw new Error(`--only takes a comma-separated list of ${SECTIONS.join(', ')}`);
      o.only = new Set(wanted as Section[]);
      o.readme = false;
    } else if (a === '--keep-cloud') o.keepCloud = true;
    else if (a === '--no-readme') o.readme = false;
    else if (a === '--merge') o.merge = true;
    else if (a === '--out') o.out = argv[++i];
    else if (a === '--quick') {
      o.transfers = false;
      o.runs = 3;
    } else if (a === '-h' || a === '--help') {
      process.stdout.write(readFileSync(join(BENCH_DIR, 'README.md'), 'utf8'));
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (see scripts/bench/README.md)`);
  }
  return o;
}

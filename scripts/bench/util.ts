/** Bench helpers: alternating runs, statistics, timing external tools the same way, logging. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SEGMENT_SIZE, DEFAULT_SLO_THRESHOLD, MIB } from '../../src/openstack/swift/transfer';

export const PY = '/usr/bin/python3'; // Debian's: the one on PATH may lack Swift's modules (OPENSTACK.md)
/** scripts/bench (run.mjs says where: the bundles run from a build folder). */
export const BENCH_DIR = process.env.OSS_BENCH_DIR ?? __dirname;
/** The repository. */
export const REPO = join(BENCH_DIR, '..', '..');

const began = Date.now();
export function log(message: string): void {
  const s = ((Date.now() - began) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[bench ${s}s] ${message}\n`);
}

export interface Sample {
  ms: number;
  /** Peak resident set of the process measured (external tools and the project's lister). */
  rssKiB?: number;
  /** User + system CPU of the process measured and its children (rusage.py). */
  cpuMs?: number;
  /** CPU the cloud's processes spent during the run (`cloudCpu` before and after). */
  cloudCpuMs?: number;
}

/** The heap left after full collections taken every 200 ms during a run (host.js --live), above the signed-in baseline. */
export interface LiveHeap {
  median: number;
  max: number;
  samples: number;
  /** The median of each quarter of the samples, in the order taken (host.js; runs before 2026-12-06 16:40 have none). */
  quarters?: number[];
}

export interface Stat {
  id: string;
  label: string;
  runs: number[];
  median: number;
  min: number;
  max: number;
  /** (max - min) / median, in percent. */
  spreadPct: number;
  rssKiB?: number;
  /**
   * Per run, where measured (runs before 2026-12-07 16:30 have none): the client's CPU (ms, user + system, its
   * children too) and the cloud's CPU during the run. Both share the machine's cores, so (client + cloud) ÷ cores is
   * the least wall time the run could have taken.
   */
  cpuRuns?: number[];
  cloudCpuRuns?: number[];
  /** Load average (1 min) when this variant's runs were taken, as [min, max]. */
  load: [number, number];
  note?: string;
}

/** A variant's times (ms) as a Stat: median, range, spread, and the load average range they were taken under. */
export function statOf(id: string, label: string, runs: number[], loads: number[]): Stat {
  const m = median(runs);
  return {
    id,
    label,
    runs: runs.map((x) => Math.round(x * 10) / 10),
    median: m,
    min: Math.min(...runs),
    max: Math.max(...runs),
    spreadPct: ((Math.max(...runs) - Math.min(...runs)) / m) * 100,
    load: [Math.min(...loads), Math.max(...loads)],
  };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  if (!n) return NaN;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

export interface Variant {
  id: string;
  label: string;
  run: (round: number) => Promise<Sample>;
  note?: string;
}

/**
 * Runs every variant once per round, in rounds that alternate direction: A B C D, then D C B A, then A B C D, …
 * (so each neighbour pair is measured in both orders, back to back; variants compared with each other are listed
 * next to each other), and keeps every run.
 */
export async function alternate(title: string, variants: Variant[], rounds: number): Promise<Record<string, Stat>> {
  const samples: Record<string, Sample[]> = {};
  const loads: Record<string, number[]> = {};
  for (const v of variants) {
    samples[v.id] = [];
    loads[v.id] = [];
  }
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < variants.length; k++) {
      const v = variants[r % 2 ? variants.length - 1 - k : k];
      loads[v.id].push(loadavg()[0]);
      const sample = await v.run(r);
      samples[v.id].push(sample);
      log(
        `${title} · ${v.label}: ${sample.ms.toFixed(0)} ms${sample.rssKiB ? `, peak RSS ${(sample.rssKiB / 1024).toFixed(0)} MiB` : ''} (round ${r + 1}/${rounds})`,
      );
    }
  }
  const out: Record<string, Stat> = {};
  for (const v of variants) {
    const rss = samples[v.id].map((s) => s.rssKiB).filter((x): x is number => x !== undefined);
    out[v.id] = {
      ...statOf(
        v.id,
        v.label,
        samples[v.id].map((s) => s.ms),
        loads[v.id],
      ),
      rssKiB: rss.length ? median(rss) : undefined,
      ...cpuOf(samples[v.id]),
      note: v.note,
    };
  }
  return out;
}

/** The runs' CPU, client and cloud, where every run measured it. */
function cpuOf(samples: Sample[]): Pick<Stat, 'cpuRuns' | 'cloudCpuRuns'> {
  const all = (k: 'cpuMs' | 'cloudCpuMs') => (samples.every((s) => s[k] !== undefined) ? samples.map((s) => Math.round(s[k] as number)) : undefined);
  return { cpuRuns: all('cpuMs'), cloudCpuRuns: all('cloudCpuMs') };
}

/** Where a median lies, and with what chance (`medianInterval`). */
export interface Interval {
  low: number;
  high: number;
  /** The chance that the median lies within (the coverage reached). */
  confidence: number;
}

/**
 * A distribution-free interval for the median of `values` (no shape assumed: runs on a shared machine are not
 * normal): the k-th smallest and k-th largest values, k the largest for which the median lies outside them with a
 * chance of at most 1 − `confidence` (each value falls either side of the median with a chance of ½). Its
 * `confidence` is the coverage reached, at least the one asked where there are enough values (6 for 95 %); with
 * fewer it is the whole range, and says how much less it covers.
 */
export function medianInterval(values: number[], confidence = 0.95): Interval {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  if (!n) return { low: NaN, high: NaN, confidence: 0 };
  // below[j]: the chance that at most j of the n values fall under the median (binomial, p = ½).
  const below: number[] = [];
  let term = 0.5 ** n;
  let sum = 0;
  for (let j = 0; j < n; j++) {
    sum += term;
    below.push(sum);
    term = (term * (n - j)) / (j + 1);
  }
  let k = 1;
  while (k < n / 2 && 1 - 2 * below[k] >= confidence) k++;
  return { low: s[k - 1], high: s[n - k], confidence: 1 - 2 * below[k - 1] };
}

/**
 * The ratio of medians a/b, the median of the per-round ratios (robust to load that drifts between rounds), and the
 * 95 % interval of that median (`medianInterval`): where it holds a target's limit, the rounds cannot tell which
 * side of it the ratio is on.
 */
export function ratio(a: Stat, b: Stat): { ofMedians: number; paired: number; interval: Interval } {
  const rounds = Math.min(a.runs.length, b.runs.length);
  const per = Array.from({ length: rounds }, (_, i) => a.runs[i] / b.runs[i]);
  return { ofMedians: a.median / b.median, paired: median(per), interval: medianInterval(per) };
}

export interface ToolRun {
  rc: number;
  ms: number;
  rssKiB: number;
  cpuMs: number;
  stdout: string;
}

/**
 * Runs a command under rusage.py (wall time from fork to exit, peak RSS), stdout to a file read back afterwards.
 * Every tool compared (swift, rclone, curl, the project's lister) is timed by this same path.
 */
export async function runTool(dir: string, cmd: string[], env: NodeJS.ProcessEnv, opts: { keepStdout?: boolean; check?: boolean } = {}): Promise<ToolRun> {
  const result = join(dir, 'rusage.json');
  const stdout = opts.keepStdout ? join(dir, 'stdout.txt') : '/dev/null';
  const stderr: Buffer[] = [];
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(PY, [join(BENCH_DIR, 'rusage.py'), result, stdout, ...cmd], { env, stdio: ['ignore', 'inherit', 'pipe'] });
    child.stderr.on('data', (c: Buffer) => stderr.push(c));
    child.on('error', reject);
    child.on('exit', (c) => resolve(c ?? 1));
  });
  if (code !== 0) throw new Error(`rusage wrapper failed for ${cmd[0]}: ${Buffer.concat(stderr).toString().slice(-2000)}`);
  const r = JSON.parse(readFileSync(result, 'utf8')) as { rc: number; wallMs: number; maxRssKiB: number; cpuMs: number };
  if (r.rc !== 0 && opts.check !== false) {
    throw new Error(`${cmd.slice(0, 3).join(' ')} … exited with ${r.rc}: ${Buffer.concat(stderr).toString().slice(-2000)}`);
  }
  return { rc: r.rc, ms: r.wallMs, rssKiB: r.maxRssKiB, cpuMs: r.cpuMs, stdout: opts.keepStdout ? readFileSync(stdout, 'utf8') : '' };
}

/** Runs a command to completion; rejects with its stderr on a non-zero exit. */
export function exec(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString());
      else reject(new Error(`${cmd} ${args.slice(0, 3).join(' ')} exited with ${code}: ${Buffer.concat(err).toString().slice(-3000)}`));
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** Names one per line (the trailing newline ends the last one). */
export function lines(text: string): string[] {
  const out = text.split('\n');
  if (out[out.length - 1] === '') out.pop();
  return out;
}

/** Whether `got` is exactly `expected` (same names, same order); else a one-line description of the first difference. */
export function sameListing(got: string[], expected: string[]): { exact: boolean; detail: string } {
  const n = Math.min(got.length, expected.length);
  for (let i = 0; i < n; i++) {
    if (got[i] !== expected[i]) {
      return { exact: false, detail: `differs at line ${i + 1}: ${JSON.stringify(got[i])} instead of ${JSON.stringify(expected[i])}` };
    }
  }
  if (got.length !== expected.length) return { exact: false, detail: `${got.length} names instead of ${expected.length}` };
  const dups = got.length - new Set(got).size;
  return dups ? { exact: false, detail: `${dups} duplicates` } : { exact: true, detail: `${got.length} names, same order` };
}

export const fmtMs = (ms: number) =>
  ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;

/** Quotes arguments for `sh -c`. */
export function shq(args: string[]): string {
  return args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** The defaults of openstackStorage.transfers.* (package.json), read from there so the bench follows them. */
export function transferSettings(): { concurrency: number; sloThreshold: number; segmentSize: number } {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  const props = pkg.contributes?.configuration?.properties ?? {};
  const def = (key: string, fallback: number) =>
    typeof props[`openstackStorage.transfers.${key}`]?.default === 'number' ? props[`openstackStorage.transfers.${key}`].default : fallback;
  return {
    concurrency: def('concurrency', 4),
    sloThreshold: def('largeObjectThresholdMB', DEFAULT_SLO_THRESHOLD / MIB) * MIB,
    segmentSize: def('segmentSizeMB', DEFAULT_SEGMENT_SIZE / MIB) * MIB,
  };
}

/**
 * One entry for the project's test orchestrator and for `npm run test:e2e`:
 *   packages the VSIX (npm run package), installs code-server + chromium if needed, starts ONE editor,
 *   runs the in-host suite (test/extensionHost) and then the browser-driven UI suite (test/e2e) against it,
 *   stops everything, and returns the totals.
 *
 * CLI: node out/test/editor/run.js [--grep RE] [--host-only|--e2e-only] [--vsix FILE] [--keep]
 *      (after node scripts/build-tests.mjs). Closing line: "editor: N passed, N failed, N skipped".
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { startEditor, type Editor } from './editor';
import { hostTestFiles } from './bundle';
import { ensureEditorInstalled } from './install';
import { runMochaFiles, type SuiteReport, type TestFile } from './mochaReport';
import { defaultResultsDir, extensionManifest, repoRoot } from './paths';
import { setEditor } from './session';

export interface EditorSuitesOptions {
  /** The local cloud's folder (cloud.json); passed to the extension host as OSS_CLOUD_DIR. */
  cloudDir?: string;
  /** Artefacts go here: screenshots/, editor-logs/, the VSIX, editor-results.json. Default <repo>/test-results. */
  resultsDir?: string;
  /** Use this VSIX instead of running `npm run package`. */
  vsixPath?: string;
  /** More environment for the editor (reaches the extension host). */
  env?: Record<string, string | undefined>;
  /** Mocha grep for both suites. */
  grep?: string;
  /** Which suites to run (default both). */
  suites?: { host?: boolean; e2e?: boolean };
  /** Run scripts/editor/install.sh first (default true). */
  install?: boolean;
  keepDirs?: boolean;
  log?: (line: string) => void;
}

export interface EditorSuitesResult {
  passed: number;
  failed: number;
  skipped: number;
  host?: SuiteReport;
  e2e?: SuiteReport;
  durationMs: number;
}

const EMPTY: SuiteReport = { passed: 0, failed: 0, pending: 0, durationMs: 0, tests: [] };

function run(cmd: string, args: string[], cwd: string, log: (l: string) => void): Promise<void> {
  return new Promise((res, rej) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const onData = (b: Buffer) => {
      tail = (tail + b.toString()).slice(-4000);
      for (const line of b.toString().split('\n')) if (line.trim()) log(`  ${line}`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', rej);
    child.on('exit', (code) => (code === 0 ? res() : rej(new Error(`${cmd} ${args.join(' ')} failed (exit ${code}):\n${tail}`))));
  });
}

/** Builds the VSIX with the project's `npm run package` into `dir`; returns its path. */
export async function packageVsix(dir: string, log: (l: string) => void = console.log): Promise<string> {
  const m = extensionManifest();
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${m.name}-${m.version}.vsix`);
  rmSync(out, { force: true });
  const t = Date.now();
  await run('npm', ['run', '--silent', 'package', '--', '--out', out], repoRoot(), log);
  if (!existsSync(out)) throw new Error(`npm run package did not produce ${out}`);
  log(`[editor] packaged ${relative(repoRoot(), out)} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  return out;
}

/** Compiled e2e test files (out/test/e2e/**\/*.test.js beside this compiled file's folder). */
function e2eTestFiles(): TestFile[] {
  const dir = resolve(__dirname, '..', 'e2e');
  if (!existsSync(dir)) return [];
  const walk = (d: string): string[] =>
    readdirSync(d)
      .sort()
      .flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : n.endsWith('.test.js') ? [join(d, n)] : []));
  return walk(dir).map((file) => ({
    file: relative(repoRoot(), file),
    load: () => {
      delete require.cache[require.resolve(file)];
      return require(file) as unknown;
    },
  }));
}

async function runE2e(ed: Editor, grep: string | undefined, log: (l: string) => void): Promise<SuiteReport> {
  const files = e2eTestFiles();
  if (files.length === 0) {
    log('[editor] no e2e test files found (run node scripts/build-tests.mjs first)');
    return EMPTY;
  }
  setEditor(ed);
  try {
    return await runMochaFiles(files, {
      label: 'e2e',
      timeoutMs: 90_000,
      log,
      ...(grep ? { grep } : {}),
      configure: (mocha) => {
        // A failed UI test leaves a screenshot of what the editor showed.
        mocha.suite.afterEach(async function () {
          const t = this.currentTest;
          if (t?.state === 'failed') await ed.screenshot(`FAILED-${t.fullTitle()}`).catch(() => undefined);
        });
      },
    });
  } finally {
    setEditor(undefined);
  }
}

export async function runEditorSuites(options: EditorSuitesOptions = {}): Promise<EditorSuitesResult> {
  const log = options.log ?? ((l: string) => console.log(l));
  const t0 = Date.now();
  process.setSourceMapsEnabled(true); // e2e failures point at test/e2e/*.ts lines
  const resultsDir = resolve(options.resultsDir ?? defaultResultsDir());
  for (const d of ['screenshots', 'editor-logs']) rmSync(join(resultsDir, d), { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  const wantHost = options.suites?.host !== false;
  const wantE2e = options.suites?.e2e !== false;

  const vsixPath = options.vsixPath ? resolve(options.vsixPath) : await packageVsix(resultsDir, log);
  if (options.install !== false) await ensureEditorInstalled(log);

  let host: SuiteReport | undefined;
  let e2e: SuiteReport | undefined;
  const ed = await startEditor({
    vsixPath,
    resultsDir,
    hostTests: wantHost,
    env: { ...(options.cloudDir ? { OSS_CLOUD_DIR: resolve(options.cloudDir) } : {}), ...options.env },
    log,
    ...(options.keepDirs !== undefined ? { keepDirs: options.keepDirs } : {}),
  });
  try {
    if (wantHost) {
      const grep = options.grep ? { grep: options.grep } : {};
      host = await ed.runInHostSuite(grep);
      // Proves what must survive a restart of the extension host (tokens in SecretStorage, settings).
      const afterReload = hostTestFiles('afterReload');
      if (afterReload.length) {
        await ed.reload();
        host = mergeReports(host, await ed.runInHostSuite({ ...grep, name: 'host-after-reload', files: afterReload }));
      }
    }
    if (wantE2e) e2e = await runE2e(ed, options.grep, log);
  } finally {
    await ed.stop();
  }
  const result: EditorSuitesResult = {
    passed: (host?.passed ?? 0) + (e2e?.passed ?? 0),
    failed: (host?.failed ?? 0) + (e2e?.failed ?? 0),
    skipped: (host?.pending ?? 0) + (e2e?.pending ?? 0),
    ...(host ? { host } : {}),
    ...(e2e ? { e2e } : {}),
    durationMs: Date.now() - t0,
  };
  writeFileSync(join(resultsDir, 'editor-results.json'), JSON.stringify(result, null, 2));
  for (const t of [...(host?.tests ?? []), ...(e2e?.tests ?? [])]) {
    if (t.state === 'failed') log(`[editor] FAILED ${t.title}\n${t.error?.stack ?? t.error?.message ?? ''}`);
  }
  log(`[editor] done in ${(result.durationMs / 1000).toFixed(1)} s; screenshots in ${join(resultsDir, 'screenshots')}`);
  return result;
}

async function main(argv: string[]): Promise<number> {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const grep = arg('--grep');
  const vsix = arg('--vsix');
  const results = await runEditorSuites({
    ...(grep ? { grep } : {}),
    ...(vsix ? { vsixPath: vsix } : {}),
    ...(process.env.OSS_CLOUD_DIR ? { cloudDir: process.env.OSS_CLOUD_DIR } : {}),
    suites: { host: !argv.includes('--e2e-only'), e2e: !argv.includes('--host-only') },
    ...(argv.includes('--keep') ? { keepDirs: true } : {}),
  });
  console.log(`editor: ${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
  recordStats('extension host', results.host);
  recordStats('e2e', results.e2e);
  return results.failed > 0 ? 1 : 0;
}

function mergeReports(a: SuiteReport, b: SuiteReport): SuiteReport {
  return {
    ...a,
    passed: a.passed + b.passed,
    failed: a.failed + b.failed,
    pending: a.pending + b.pending,
    durationMs: a.durationMs + b.durationMs,
    tests: [...a.tests, ...b.tests],
  };
}

/** Totals for scripts/test.mjs, in the format of scripts/mocha-stats-reporter.cjs. */
function recordStats(suite: string, report: SuiteReport | undefined): void {
  const file = process.env.OSS_STATS_FILE;
  if (!file || !report) return;
  const skippedTitles = report.tests.filter((t) => t.state === 'pending').map((t) => t.title);
  const failures = report.tests
    .filter((t) => t.state === 'failed')
    .map((t) => ({
      title: t.title,
      error: String(t.error?.stack ?? t.error?.message ?? '')
        .split('\n')
        .slice(0, 6)
        .join('\n'),
    }));
  const stats = { suite, passed: report.passed, failed: report.failed, skipped: report.pending, skippedTitles, failures };
  appendFileSync(file, JSON.stringify(stats) + '\n');
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`[editor] ${(err as Error).stack ?? String(err)}`);
      console.log('editor: 0 passed, 1 failed, 0 skipped');
      process.exit(1);
    },
  );
}

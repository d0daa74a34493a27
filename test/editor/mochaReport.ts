/**
 * Mocha run → plain JSON report (counts + one entry per test), shared by the in-host suite (inside the
 * extension host) and the e2e UI suite (in the Node process). No `vscode` import: it runs in both places.
 */

import * as moduleApi from 'node:module';
import { fileURLToPath } from 'node:url';

export type TestState = 'passed' | 'failed' | 'pending';

export interface TestResult {
  /** Full title: suite titles and the test title joined by spaces. */
  title: string;
  file?: string;
  state: TestState;
  durationMs?: number;
  error?: { message: string; stack?: string };
}

export interface SuiteReport {
  passed: number;
  failed: number;
  pending: number;
  durationMs: number;
  tests: TestResult[];
}

// Mocha 12 is an ES module package; its CommonJS build is the one that loads everywhere (desktop VS Code's
// extension host included, whose Node may not `require()` ES modules).
export const MochaClass: typeof import('mocha') = require('mocha/lib/mocha.cjs');

export interface TestFile {
  /** Shown in reports; a path relative to the repo is best. */
  file: string;
  /** Loads the file's module (its describe/it calls register tests). */
  load: () => unknown;
}

export interface MochaRunOptions {
  grep?: string;
  timeoutMs?: number;
  /** Where progress lines go (default console.log). */
  log?: (line: string) => void;
  /** Label in progress lines, e.g. "in-host" or "e2e". */
  label?: string;
  /** Extra set-up on the Mocha instance (root hooks etc.) before the run. */
  configure?: (mocha: Mocha) => void;
}

/**
 * Maps bundle positions in a stack to the TypeScript sources through the bundles' inline source maps
 * (the extension host formats stacks itself, so Node's own source-map support does not apply there).
 */
export function mapStack(stack: string): string {
  const find = (moduleApi as { findSourceMap?: (path: string) => { findEntry(l: number, c: number): Record<string, unknown> } | undefined }).findSourceMap;
  if (!find) return stack;
  return stack.replace(/([^\s()]+\.c?js):(\d+):(\d+)/g, (whole, file: string, line: string, col: string) => {
    try {
      const entry = find(file)?.findEntry(Number(line) - 1, Number(col) - 1) as
        { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
      if (!entry?.originalSource || entry.originalLine === undefined) return whole;
      const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : entry.originalSource;
      return `${source}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
    } catch {
      return whole;
    }
  });
}

function errorOf(err: unknown): { message: string; stack?: string } {
  if (err instanceof Error) return { message: err.message, ...(err.stack ? { stack: mapStack(err.stack) } : {}) };
  return { message: String(err) };
}

/**
 * Runs mocha (bdd) over already-bundled or already-built test files; never rejects for test failures,
 * only reports them. A file that throws while loading counts as one failed test.
 */
export async function runMochaFiles(files: TestFile[], options: MochaRunOptions = {}): Promise<SuiteReport> {
  const log = options.log ?? ((line: string) => console.log(line));
  const label = options.label ? `[${options.label}] ` : '';
  const started = Date.now();
  const report: SuiteReport = { passed: 0, failed: 0, pending: 0, durationMs: 0, tests: [] };

  // A silent reporter: progress goes through `log`, results into `report`.
  const mocha = new MochaClass({ ui: 'bdd', color: false, timeout: options.timeoutMs ?? 30_000, reporter: SilentReporter });
  if (options.grep) mocha.grep(options.grep);
  options.configure?.(mocha);

  const suite = mocha.suite;
  for (const f of files) {
    suite.emit('pre-require', globalThis, f.file, mocha);
    try {
      suite.emit('require', f.load(), f.file, mocha);
    } catch (err) {
      report.failed++;
      report.tests.push({ title: `loading ${f.file}`, file: f.file, state: 'failed', error: errorOf(err) });
      log(`${label}✗ loading ${f.file}: ${errorOf(err).message}`);
    }
    suite.emit('post-require', globalThis, f.file, mocha);
  }

  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (test: Mocha.Test) => {
      report.passed++;
      const title = test.fullTitle();
      report.tests.push({ title, ...(test.file ? { file: test.file } : {}), state: 'passed', durationMs: test.duration ?? 0 });
      log(`${label}✓ ${title} (${test.duration ?? 0} ms)`);
    });
    runner.on('pending', (test: Mocha.Test) => {
      report.pending++;
      const title = test.fullTitle();
      report.tests.push({ title, ...(test.file ? { file: test.file } : {}), state: 'pending' });
      log(`${label}- ${title} (pending)`);
    });
    runner.on('fail', (test: Mocha.Runnable, err: unknown) => {
      report.failed++;
      const title = test.fullTitle();
      report.tests.push({
        title,
        ...(test.file ? { file: test.file } : {}),
        state: 'failed',
        durationMs: test.duration ?? 0,
        error: errorOf(err),
      });
      log(`${label}✗ ${title}: ${errorOf(err).message}`);
    });
  });
  // Forget the loaded files' describe/it registrations so a second run in the same process starts clean.
  try {
    mocha.dispose();
  } catch {
    /* older mocha */
  }
  report.durationMs = Date.now() - started;
  return report;
}

/** Mocha needs a reporter; this one prints nothing (runMochaFiles logs and collects). */
class SilentReporter extends MochaClass.reporters.Base {}

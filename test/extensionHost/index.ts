/**
 * The in-host test suite, in @vscode/test-electron's layout: `run()` is called inside the extension host
 * (desktop VS Code: `runTests({ extensionTestsPath: <this compiled file> })`, see runTest.ts).
 * Every `*.test.ts` file under test/extensionHost/ is part of it; adding a file is enough.
 *
 * In code-server (this machine) the editor harness bundles these files into its test-driver extension and
 * calls `runTestFiles()` itself (test/editor/bundle.ts), because code-server's web client does not forward
 * `--extensionTestsPath`.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runMochaFiles, type MochaRunOptions, type SuiteReport, type TestFile } from '../editor/mochaReport';

export type { SuiteReport, TestFile } from '../editor/mochaReport';

/** Default per-test timeout in the extension host (network to the local cloud, UI round trips). */
export const HOST_TEST_TIMEOUT_MS = 30_000;

/** Runs the given test files inside the extension host and reports (never throws for test failures). */
export function runTestFiles(files: TestFile[], options: MochaRunOptions = {}): Promise<SuiteReport> {
  return runMochaFiles(files, { label: 'in-host', timeoutMs: HOST_TEST_TIMEOUT_MS, ...options });
}

function findTestFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    // afterReload/ proves what survives a restart: the code-server harness runs it after a reload.
    if (statSync(path).isDirectory()) {
      if (name !== 'afterReload') out.push(...findTestFiles(path));
    } else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

/** @vscode/test-electron entry: runs every compiled *.test.js beside this file; rejects if any test failed. */
export async function run(): Promise<void> {
  const files = findTestFiles(__dirname).map((file) => ({
    file: relative(process.cwd(), file),
    load: () => require(file) as unknown,
  }));
  const report = await runTestFiles(files, process.env.OSS_HOST_TESTS_GREP ? { grep: process.env.OSS_HOST_TESTS_GREP } : {});
  console.log(`in-host: ${report.passed} passed, ${report.failed} failed, ${report.pending} skipped`);
  if (report.failed > 0) throw new Error(`${report.failed} in-host test(s) failed`);
}

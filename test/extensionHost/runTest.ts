/**
 * Runs the in-host suite (index.ts) in desktop VS Code with @vscode/test-electron, where a VS Code build can
 * be downloaded (NOT on this project's machines: they reach no download server; there the editor harness
 * runs the same suite inside code-server, see test/editor/README.md).
 *
 *   node scripts/build-tests.mjs && npm run build && node out/test/extensionHost/runTest.js
 * Environment: OSS_CLOUD_DIR (and OS_*) reach the extension host; VSCODE_TEST_VERSION picks the VS Code
 * version (default: the minimum of engines.vscode).
 */
import { runTests } from '@vscode/test-electron';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { extensionManifest, repoRoot } from '../editor/paths';

export async function runDesktop(): Promise<number> {
  const root = repoRoot();
  const version = process.env.VSCODE_TEST_VERSION || extensionManifest().engines.vscode.replace(/^[^\d]*/, '');
  const scratch = mkdtempSync(join(tmpdir(), 'oss-desktop-tests-'));
  const workspace = join(scratch, 'workspace');
  mkdirSync(workspace);
  try {
    return await runTests({
      version,
      extensionDevelopmentPath: root,
      extensionTestsPath: resolve(__dirname, 'index'),
      extensionTestsEnv: { ...(process.env as Record<string, string>) },
      launchArgs: [
        workspace, // an empty folder
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${join(scratch, 'user-data')}`,
        `--extensions-dir=${join(scratch, 'extensions')}`,
      ],
    });
  } catch (err) {
    console.error(`desktop in-host tests failed: ${(err as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  void runDesktop().then((code) => process.exit(code));
}

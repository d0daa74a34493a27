/**
 * Builds the test-driver extension at run time: a folder with package.json and extension.js (bundled from
 * test/editor/driver/extension.ts), packed as a VSIX that the harness installs beside the extension under
 * test (code-server 4.100 has no --extensionDevelopmentPath). On demand, in-host suite bundles (every
 * test/extensionHost/**\/*.test.ts through index.ts, `vscode` left external) are written into the driver's
 * INSTALLED folder, so that the suite's `require('vscode')` resolves like any code of that extension.
 */
import { createVSIX } from '@vscode/vsce';
import { build, type Plugin } from 'esbuild';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { extensionManifest, repoRoot } from './paths';

export const DRIVER_ID = 'openstack-storage-tools.oss-editor-test-driver';

function driverManifest(): Record<string, unknown> {
  return {
    name: 'oss-editor-test-driver',
    displayName: 'OSS editor test driver',
    description: 'Runs the in-host test suite inside code-server for the editor harness. Test-only.',
    publisher: 'openstack-storage-tools',
    version: '0.0.1',
    engines: { vscode: extensionManifest().engines.vscode },
    main: './extension.js',
    activationEvents: ['*'],
    // Runs in Restricted Mode too, so a test can open an untrusted folder and still be told the host is up.
    capabilities: { untrustedWorkspaces: { supported: true } },
    contributes: {
      commands: [
        { command: 'ossTestDriver.showDemo', title: 'Show Demo View', category: 'OSS Test Driver' },
        { command: 'ossTestDriver.hideDemo', title: 'Hide Demo View', category: 'OSS Test Driver' },
      ],
      views: {
        explorer: [{ id: 'ossTestDriver.demo', name: 'Test Driver Demo', when: 'ossTestDriver.demoVisible' }],
      },
    },
  };
}

/** esbuild plugin: test code's `mocha` is loaded from the repo's node_modules at run time, not bundled. */
function mochaFromRepo(root: string): Plugin {
  return {
    name: 'mocha-from-repo',
    setup(b) {
      b.onResolve({ filter: /^mocha(\/.*)?$/ }, (args) => ({
        path: require.resolve(args.path, { paths: [root] }),
        external: true,
      }));
    },
  };
}

/** Builds the driver into `driverDir` and packs it; returns the VSIX path (beside the folder). */
export async function buildDriver(driverDir: string): Promise<string> {
  const root = repoRoot();
  mkdirSync(driverDir, { recursive: true });
  writeFileSync(join(driverDir, 'package.json'), JSON.stringify(driverManifest(), null, 2));
  writeFileSync(join(driverDir, 'README.md'), '# OSS editor test driver\n\nTest-only helper of the editor harness (test/editor).\n');
  await build({
    entryPoints: [join(root, 'test', 'editor', 'driver', 'extension.ts')],
    bundle: true,
    outfile: join(driverDir, 'extension.js'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'error',
  });
  const vsix = `${driverDir}.vsix`;
  await createVSIX({
    cwd: driverDir,
    packagePath: vsix,
    dependencies: false,
    skipLicense: true,
    allowMissingRepository: true,
    allowStarActivation: true,
  });
  return vsix;
}

/** Packs an extension folder (already built) as a VSIX with vsce; returns its path. */
export async function packFolder(folder: string, vsix: string): Promise<string> {
  await createVSIX({ cwd: folder, packagePath: vsix, dependencies: false, skipLicense: true, allowMissingRepository: true });
  return vsix;
}

/** test/extensionHost/**\/*.test.ts, as repo-relative paths with forward slashes, sorted. */
/** Files under this folder of test/extensionHost run in a second suite, after a window reload (a new host). */
export const AFTER_RELOAD_DIR = 'afterReload';

/** In-host test files of one phase: the main suite, or the suite that runs after a window reload. */
export function hostTestFiles(phase: 'main' | 'afterReload' = 'main'): string[] {
  const root = repoRoot();
  const walk = (dir: string): string[] =>
    readdirSync(dir)
      .sort()
      .flatMap((name) => {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) return walk(path);
        return name.endsWith('.test.ts') ? [relative(root, path).split(sep).join('/')] : [];
      });
  const all = walk(join(root, 'test', 'extensionHost'));
  const afterReload = (f: string) => f.includes(`/${AFTER_RELOAD_DIR}/`);
  return all.filter((f) => (phase === 'afterReload' ? afterReload(f) : !afterReload(f)));
}

/**
 * Bundles an in-host suite into the driver folder: `files` (repo-relative .test.ts paths; default: all of
 * test/extensionHost) run through test/extensionHost/index.ts's runTestFiles. Returns the bundle's path.
 */
export async function bundleHostSuite(driverDir: string, name: string, files = hostTestFiles()): Promise<string> {
  const root = repoRoot();
  const outfile = join(driverDir, `suite-${name}.js`);
  const entry = [
    `import { runTestFiles } from './test/extensionHost/index';`,
    `export function runSuite(options) {`,
    `  return runTestFiles([`,
    ...files.map((f) => `    { file: ${JSON.stringify(f)}, load: () => require(${JSON.stringify(`./${f}`)}) },`),
    `  ], options);`,
    `}`,
  ].join('\n');
  await build({
    stdin: { contents: entry, resolveDir: root, sourcefile: `host-suite-${name}.ts`, loader: 'ts' },
    bundle: true,
    outfile,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    mainFields: ['module', 'main'], // as esbuild.mjs: jsonc-parser's ES build
    plugins: [mochaFromRepo(root)],
    sourcemap: 'inline',
    sourceRoot: root,
    logLevel: 'error',
  });
  return outfile;
}

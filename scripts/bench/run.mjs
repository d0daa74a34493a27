// `npm run bench`: bundles the bench (bench.ts), the project's lister CLI (lister.ts) and the activation harness
// (activate.ts) with esbuild into .cache/bench/, then runs the bench with the arguments given. See README.md here.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const out = join(repo, '.cache', 'bench');
mkdirSync(out, { recursive: true });

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning', absWorkingDir: repo };
await Promise.all([
  build({ ...common, entryPoints: [join(here, 'bench.ts')], outfile: join(out, 'bench.js'), sourcemap: 'inline' }),
  // The lister is built the way the extension is (minified, one file): its start-up is part of what is measured.
  build({ ...common, entryPoints: [join(here, 'lister.ts')], outfile: join(out, 'lister.js'), minify: true }),
  // The same, names kept, for --profile.
  build({ ...common, entryPoints: [join(here, 'lister.ts')], outfile: join(out, 'lister.dev.js') }),
  // The sync engine as a process, built like the lister.
  build({ ...common, entryPoints: [join(here, 'syncer.ts')], outfile: join(out, 'syncer.js'), minify: true }),
  build({ ...common, entryPoints: [join(here, 'activate.ts')], outfile: join(out, 'activate.js') }),
  // undici alone fetching the floor's pages: the floor of a Node client (listing.ts), minified like the lister.
  build({ ...common, entryPoints: [join(here, 'rawNode.ts')], outfile: join(out, 'rawnode.js'), minify: true }),
  // The extension host's side (tree model, search), built like the extension too.
  build({ ...common, entryPoints: [join(here, 'host.ts')], outfile: join(out, 'host.js'), minify: true }),
]);

const child = spawn(process.execPath, ['--enable-source-maps', join(out, 'bench.js'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: {
    ...process.env,
    OSS_BENCH_DIR: here,
    OSS_BENCH_LISTER: join(out, 'lister.js'),
    OSS_BENCH_LISTER_DEV: join(out, 'lister.dev.js'),
    OSS_BENCH_ACTIVATE: join(out, 'activate.js'),
    OSS_BENCH_HOST: join(out, 'host.js'),
    OSS_BENCH_RAW_NODE: join(out, 'rawnode.js'),
    OSS_BENCH_SYNCER: join(out, 'syncer.js'),
  },
});
// Ctrl-C reaches the bench too (same process group); it stops what it started and exits.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

/**
 * Section 6 of the bench (`package`): the production bundle built by the project's esbuild.mjs in a temporary copy,
 * require()d and activate()d in a fresh Node process (activate.ts, the harness); the bundle's and the VSIX's size.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Options } from './options';
import type { PackageResult } from './report';
import { REPO, alternate, exec, median } from './util';

export async function benchPackage(opts: Options, work: string, activateJs: string): Promise<PackageResult> {
  // A copy of what `npm run package` packs, built by the project's own esbuild.mjs, outside the shared tree.
  const dir = join(work, 'pkg');
  mkdirSync(dir);
  symlinkSync(join(REPO, 'src'), join(dir, 'src'));
  for (const f of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore']) {
    if (existsSync(join(REPO, f))) cpSync(join(REPO, f), join(dir, f));
  }
  cpSync(join(REPO, 'media'), join(dir, 'media'), { recursive: true });
  await exec(process.execPath, [join(REPO, 'esbuild.mjs'), '--production'], { cwd: dir });
  const dist = join(dir, 'dist');
  const bundleBytes = readdirSync(dist, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + statSync(join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).size, 0);
  const bundle = join(dist, 'extension.js');
  const parts: { requireMs: number[]; activateMs: number[] } = { requireMs: [], activateMs: [] };
  const activation = await alternate(
    'activation',
    [
      {
        id: 'activate',
        label: 'require(dist/extension.js) + activate() in a bare harness',
        run: async () => {
          const r = JSON.parse(await exec(process.execPath, [activateJs, bundle])) as { requireMs: number; activateMs: number; totalMs: number };
          parts.requireMs.push(r.requireMs);
          parts.activateMs.push(r.activateMs);
          return { ms: r.totalMs };
        },
      },
    ],
    Math.max(opts.runs, 9),
  );
  const vsix = join(dir, 'bench.vsix');
  const vsce = join(REPO, 'node_modules', '.bin', 'vsce');
  // The same vsce arguments as `npm run package` (its script's `vsce package …` part), written elsewhere.
  const script = String(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).scripts?.package ?? '');
  const m = /vsce (package(?: [^&|;"']+)?)/.exec(script);
  const args = (m ? m[1].trim().split(/\s+/) : ['package', '--no-dependencies']).filter((a) => a !== '-o' && a !== '--out');
  let vsixNote = `vsce ${args.join(' ')}, as npm run package`;
  try {
    await exec(vsce, [...args, '-o', vsix], { cwd: dir });
  } catch (e) {
    const reason =
      String((e as Error).message)
        .split('\n')
        .find((l) => l.includes('ERROR')) ?? String(e).slice(0, 200);
    try {
      await exec(vsce, [...args, '--baseContentUrl', 'https://example.invalid/', '--baseImagesUrl', 'https://example.invalid/', '-o', vsix], { cwd: dir });
      vsixNote = `npm run package's vsce call failed (${reason.trim()}); packaged with --baseContentUrl/--baseImagesUrl instead (same files)`;
    } catch (e2) {
      vsixNote = `vsce failed: ${String((e2 as Error).message).slice(0, 300)}`;
    }
  }
  return {
    activation,
    parts: { requireMs: median(parts.requireMs), activateMs: median(parts.activateMs) },
    bundleBytes,
    vsixBytes: existsSync(vsix) ? statSync(vsix).size : undefined,
    vsixNote,
  };
}

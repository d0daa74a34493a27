// Transpiles src/, test/ and scripts/bench/ (whose statistics have unit tests) to out/ (one file per file, CommonJS) for mocha. Type checking is `npm run typecheck`.
import { build } from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

function tsFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...tsFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

rmSync('out', { recursive: true, force: true });
await build({
  entryPoints: [...tsFiles('src'), ...tsFiles('test'), ...tsFiles('scripts/bench')],
  outdir: 'out',
  outbase: '.',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
});

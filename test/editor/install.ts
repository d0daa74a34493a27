/** Runs scripts/editor/install.sh (idempotent: a few hundred milliseconds when everything is there). */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM, codeServerInstalled, repoRoot } from './paths';

export async function ensureEditorInstalled(log: (line: string) => void = (l) => console.log(l)): Promise<void> {
  const script = join(repoRoot(), 'scripts', 'editor', 'install.sh');
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) log(line);
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.on('error', reject);
    child.on('exit', (code, sig) => (code === 0 ? resolve() : reject(new Error(`scripts/editor/install.sh failed (${sig ?? `exit ${code}`})`))));
  });
  if (!codeServerInstalled()) throw new Error('install.sh finished but code-server is not installed');
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing after install.sh`);
  log(`[editor] editor install checked in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

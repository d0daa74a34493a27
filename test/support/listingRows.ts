/**
 * Large listings for tests, fast: rows written into a container's database with Swift's own ContainerBroker
 * (listing_rows.py, the path scripts/bench/seed_rows.py uses for the benchmark's 100,000 names) instead of one PUT
 * per name (100,000 PUTs take 20+ minutes on this cloud). The rows have no data: they exist for listings.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CloudInfo } from './cloud';

const PY = '/usr/bin/python3'; // Debian's: the one on PATH may lack Swift's modules

function repoRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'openstack-object-storage') return dir;
    if (dirname(dir) === dir) throw new Error(`repository not found above ${__dirname}`);
  }
}

/**
 * Adds (or marks deleted) listing rows for `names` in `container` (which must exist) of the demo project's account in
 * the cloud's region `regionIndex` (0: RegionOne). Resolves with the seconds the script took.
 */
export function listingRows(cloud: CloudInfo, container: string, action: 'add' | 'remove', names: readonly string[], regionIndex = 0): Promise<number> {
  const swiftDir = join(cloud.stateDir, 'etc', `swift-r${regionIndex + 1}`);
  const script = join(repoRoot(), 'test', 'support', 'listing_rows.py');
  const account = `AUTH_${cloud.demo.projectId}`;
  return new Promise((resolve, reject) => {
    const child = spawn(PY, [script, swiftDir, account, container, action], {
      env: { ...process.env, EVENTLET_NO_GREENDNS: 'yes', PYTHONDONTWRITEBYTECODE: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`listing_rows.py ${action} ${container} failed (exit ${code}): ${err.trim()}`));
      try {
        resolve((JSON.parse(out.trim().split('\n').pop() ?? '{}') as { seconds: number }).seconds);
      } catch {
        reject(new Error(`listing_rows.py printed ${JSON.stringify(out)}`));
      }
    });
    child.stdin.end(names.map((n) => JSON.stringify(n)).join('\n') + '\n');
  });
}

/**
 * Stops, kills and restarts single servers of the local cloud (scripts/cloud/server.sh, by their recorded
 * PIDs), for fault tests that need a real server gone. Every test that stops one must start it again in an
 * `after`/`finally` (restoreAll) and wait until it answers: the other suites of the run share this cloud.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { resolve } from 'node:path';
import type { CloudInfo } from './cloud';

function serverScript(): string {
  for (const root of [resolve(__dirname, '..', '..', '..'), process.cwd()]) {
    const script = resolve(root, 'scripts', 'cloud', 'server.sh');
    if (existsSync(script)) return script;
  }
  throw new Error('scripts/cloud/server.sh not found (run the tests from the repository)');
}

/** Status of GET url (0 when nothing answered within 2 s). */
export function httpStatus(url: string): Promise<number> {
  return new Promise((done) => {
    const req = request(url, { timeout: 2000 }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.on('error', () => done(0));
    req.on('timeout', () => {
      req.destroy();
      done(0);
    });
    req.end();
  });
}

export type ServerName = 'keystone' | 'keystone-short' | 'r1-proxy' | 'r2-proxy';

export class CloudServers {
  private readonly stopped = new Set<ServerName>();

  constructor(private readonly cloud: CloudInfo) {}

  /** The URL that answers 200 once the server is ready. */
  healthUrl(name: ServerName): string {
    switch (name) {
      case 'keystone':
        return `${this.cloud.keystone.url}/v3`;
      case 'keystone-short':
        return `${this.cloud.keystone.shortLivedUrl}/v3`;
      case 'r1-proxy':
        return `${this.cloud.regions[0].swiftUrl}/healthcheck`;
      case 'r2-proxy':
        return `${this.cloud.regions[1].swiftUrl}/healthcheck`;
    }
  }

  /** TERM (graceful) or KILL (a crash: connections in flight are cut). */
  stop(name: ServerName, how: 'stop' | 'kill' = 'stop'): void {
    this.stopped.add(name);
    this.run(how, name);
  }

  /** Starts the server again and waits until it answers. */
  async start(name: ServerName, timeoutMs = 60_000): Promise<void> {
    this.run('start', name);
    const deadline = Date.now() + timeoutMs;
    while ((await httpStatus(this.healthUrl(name))) !== 200) {
      if (Date.now() > deadline) throw new Error(`${name} did not answer ${this.healthUrl(name)} within ${timeoutMs / 1000} s after a restart`);
      await new Promise((r) => setTimeout(r, 100));
    }
    this.stopped.delete(name);
  }

  /** For `after` hooks: whatever this object stopped runs again and answers. */
  async restoreAll(): Promise<void> {
    for (const name of [...this.stopped]) await this.start(name);
  }

  private run(action: string, name: ServerName): void {
    execFileSync('bash', [serverScript(), action, name], {
      env: { ...process.env, OSS_CLOUD_DIR: this.cloud.stateDir },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
  }
}

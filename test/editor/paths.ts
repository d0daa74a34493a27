/** Where things are: the repo, the pinned code-server version and its install folder (outside the repo). */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** The repository root: the nearest folder up from here whose package.json is the extension's. */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if (JSON.parse(readFileSync(pkg, 'utf8')).name === 'openstack-object-storage') return dir;
      } catch {
        /* keep looking */
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`openstack-object-storage repository not found above ${__dirname}`);
    dir = up;
  }
}

export interface ExtensionManifest {
  name: string;
  publisher: string;
  version: string;
  engines: { vscode: string };
}

export function extensionManifest(): ExtensionManifest {
  return JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as ExtensionManifest;
}

/** `publisher.name` of the extension under test. */
export function extensionId(): string {
  const m = extensionManifest();
  return `${m.publisher}.${m.name}`;
}

/** Pinned versions from scripts/editor/versions.env (shared with install.sh). */
export function pinnedVersions(): Record<string, string> {
  const text = readFileSync(join(repoRoot(), 'scripts', 'editor', 'versions.env'), 'utf8');
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!.trim();
  }
  return out;
}

export function codeServerVersion(): string {
  const v = pinnedVersions().CODE_SERVER_VERSION;
  if (!v) throw new Error('CODE_SERVER_VERSION missing in scripts/editor/versions.env');
  return v;
}

/** ${OSS_CACHE_DIR:-$HOME/.cache/openstack-storage-vscode}: same rule as install.sh. */
export function cacheDir(): string {
  return process.env.OSS_CACHE_DIR || join(process.env.HOME || homedir(), '.cache', 'openstack-storage-vscode');
}

/**
 * The install folder. $OSS_CODE_SERVER_DIR overrides it (a folder holding node_modules/code-server, e.g. to
 * try another version; pair it with $OSS_CODE_SERVER_NODE for the Node that version needs).
 */
export function codeServerDir(version = codeServerVersion()): string {
  return process.env.OSS_CODE_SERVER_DIR || join(cacheDir(), `code-server-${version}`);
}

export function codeServerEntry(version = codeServerVersion()): string {
  return join(codeServerDir(version), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

export function codeServerInstalled(version = codeServerVersion()): boolean {
  const marker = process.env.OSS_CODE_SERVER_DIR ? true : existsSync(join(codeServerDir(version), '.install-complete'));
  return marker && existsSync(codeServerEntry(version));
}

/** Version of the code-server that will run (the pinned one unless $OSS_CODE_SERVER_DIR says otherwise). */
export function runningCodeServerVersion(): string {
  try {
    const pkg = join(codeServerDir(), 'node_modules', 'code-server', 'package.json');
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    return codeServerVersion();
  }
}

/** Node that runs code-server: the one install.sh built the native modules for (Node 20). */
export function codeServerNode(): string {
  return process.env.OSS_CODE_SERVER_NODE || process.execPath;
}

export const CHROMIUM = process.env.OSS_CHROMIUM || '/usr/bin/chromium';

export function defaultResultsDir(): string {
  return process.env.OSS_TEST_RESULTS_DIR || join(repoRoot(), 'test-results');
}

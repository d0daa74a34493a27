/**
 * The sign-in of the bench's command-line tools (lister.ts, host.ts): a Session over Keystone v3 with a password,
 * from the same OS_* variables the `swift` CLI reads, the way the extension signs in.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import type { Profile } from '../../src/auth/profile';
import { Session } from '../../src/auth/session';
import { HttpClient } from '../../src/openstack/http';
import { IdentityClient } from '../../src/openstack/keystone';

/**
 * For a process that lists once and exits: undici's HTTP parser (WebAssembly, compiled at the first connection) stays
 * on V8's baseline compiler. Optimising it costs ~0.2 s of CPU on a background thread, taken from the cloud on this
 * 2-core machine, and Node waits for that work before it exits (~0.3 s after the last name, measured 2026-12-05).
 * The extension host pays it once per window, not per listing. To be called before the first request.
 */
export function shortLivedProcess(): void {
  setFlagsFromString('--liftoff-only');
}

export function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

export function cliProfile(): Profile {
  return {
    id: 'bench',
    name: 'bench',
    authUrl: env('OS_AUTH_URL'),
    authVersion: 'v3',
    authType: 'password',
    username: env('OS_USERNAME'),
    userDomain: env('OS_USER_DOMAIN_NAME'),
    project: env('OS_PROJECT_NAME'),
    projectDomain: env('OS_PROJECT_DOMAIN_NAME'),
    region: process.env.OS_REGION_NAME,
  };
}

/**
 * `--keep-token FILE`: what the Session stores (its token) is kept in FILE between runs, as the extension keeps it in
 * VS Code's SecretStorage between listings: a run after the first signs in with no request to Keystone, and its
 * token is one Swift has validated before (the floor's curls reuse one token alike). Without it every run signs in.
 */
export function cliSession(http: HttpClient, identity: IdentityClient): Session {
  const kept = arg('--keep-token');
  const secrets = new Map<string, string>(kept ? readKept(kept) : []);
  const save = () => kept && writeFileSync(kept, JSON.stringify([...secrets]), { mode: 0o600 });
  return new Session({
    profile: cliProfile(),
    http,
    identity,
    secrets: {
      get: async (k) => secrets.get(k),
      store: async (k, v) => void (secrets.set(k, v), save()),
      delete: async (k) => void (secrets.delete(k), save()),
    },
    readSecret: async () => env('OS_PASSWORD'),
  });
}

function readKept(file: string): Array<[string, string]> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Array<[string, string]>;
  } catch {
    return []; // the first run: nothing kept yet
  }
}

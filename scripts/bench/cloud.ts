/**
 * The local cloud the bench measures against (reused from OSS_CLOUD_DIR or started by scripts/cloud/up.sh) and the
 * bench's connection to it: `Ctx`, what every section is handed.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { Session } from '../../src/auth/session';
import { HttpClient, RequestLogEntry } from '../../src/openstack/http';
import { IdentityClient } from '../../src/openstack/keystone';
import { SwiftClient } from '../../src/openstack/swift/client';
import type { CloudInfo } from '../../test/support/cloud';
import type { Options } from './options';
import { REPO, exec, log } from './util';

export interface Ctx {
  opts: Options;
  /** The region measured (cloud.json's name) and its Swift cluster's config dir (etc/swift-rN). */
  region: string;
  /** Which server: OpenStack Swift or Ceph RGW (RegionRGW; then swiftDir is empty). */
  backend: 'swift' | 'rgw';
  swiftDir: string;
  /** The proxy's keystonemiddleware token_cache_time (-1: every request validated by Keystone), read from its config. */
  tokenCacheTime: number;
  work: string;
  /** Where runTool keeps a tool's rusage.json and stdout (made by connect: every section may run tools). */
  tools: string;
  cloudDir: string;
  cloud: CloudInfo;
  http: HttpClient;
  identity: IdentityClient;
  swift: SwiftClient;
  storageUrl: string;
  token: string;
  /** The OS_* variables the swift CLI and the project's lister read (Keystone v3, password). */
  env: NodeJS.ProcessEnv;
  rclone: string[];
  curlHeaders: string;
  lister: string;
  /** HTTP requests of the bench's own client while recording. */
  recorder: RequestLogEntry[] | undefined;
  raw: Agent;
}

interface CloudHandle {
  dir: string;
  started: boolean;
  created: boolean;
}

async function alive(dir: string): Promise<boolean> {
  try {
    const cloud = JSON.parse(readFileSync(join(dir, 'cloud.json'), 'utf8')) as CloudInfo;
    const [k, s] = await Promise.all([fetch(`${cloud.keystone.url}/v3`), fetch(`${cloud.regions[0].swiftUrl}/healthcheck`)]);
    return k.ok && s.ok;
  } catch {
    return false;
  }
}

/**
 * The cloud of OSS_CLOUD_DIR when it answers; else one started by scripts/cloud/up.sh (in OSS_CLOUD_DIR, or in a new
 * temporary folder), whose stop (unless `keep`) is handed to `onCleanup`.
 */
export async function ensureCloud(keep: boolean, onCleanup: (fn: () => Promise<void>) => void): Promise<CloudHandle> {
  const given = process.env.OSS_CLOUD_DIR;
  if (given && (await alive(given))) {
    log(`reusing the cloud in ${given} (OSS_CLOUD_DIR)`);
    return { dir: given, started: false, created: false };
  }
  const created = !given;
  const dir = given ?? mkdtempSync(join(tmpdir(), 'oss-bench-cloud-'));
  log(`starting a cloud in ${dir} (scripts/cloud/up.sh)…`);
  const handle = { dir, started: true, created };
  onCleanup(async () => {
    if (keep) {
      log(`cloud left running: OSS_CLOUD_DIR=${dir} (stop it with OSS_CLOUD_DIR=${dir} bash scripts/cloud/down.sh)`);
      return;
    }
    await exec('bash', [join(REPO, 'scripts/cloud/down.sh'), '--quiet'], { env: { ...process.env, OSS_CLOUD_DIR: dir } }).catch((e) => log(String(e)));
    if (created) {
      rmSync(dir, { recursive: true, force: true });
      rmSync(`${dir}.lock`, { force: true });
    }
    log('cloud stopped');
  });
  // RegionOne caches validated tokens 300 s (keystonemiddleware's default, as real clouds do), RegionTwo does not.
  const tokenCache = process.env.OSS_SWIFT_TOKEN_CACHE_TIME ?? '300,-1';
  // RGW keeps the transfers' ~3 GiB (its GC frees deleted data hours later): a larger cap than the tests' 2 GiB.
  const memstore = process.env.OSS_RGW_MEMSTORE_BYTES ?? String(10 * 2 ** 30);
  // RGW keeps its own default token cache (10,000 tokens, each until it expires), as real clouds run it.
  const rgwTokenCache = process.env.OSS_RGW_TOKEN_CACHE_SIZE ?? '10000';
  await exec('bash', [join(REPO, 'scripts/cloud/up.sh')], {
    env: {
      ...process.env,
      OSS_CLOUD_DIR: dir,
      OSS_SWIFT_TOKEN_CACHE_TIME: tokenCache,
      OSS_RGW_MEMSTORE_BYTES: memstore,
      OSS_RGW_TOKEN_CACHE_SIZE: rgwTokenCache,
    },
  });
  return handle;
}

/** Every region of a cloud with its server, in cloud.json's order. */
export function cloudRegions(cloudDir: string): Array<{ name: string; backend: 'swift' | 'rgw' }> {
  const cloud = JSON.parse(readFileSync(join(cloudDir, 'cloud.json'), 'utf8')) as CloudInfo;
  return cloud.regions.map((r) => ({ name: r.name, backend: r.backend ?? 'swift' }));
}

/** The Swift regions of a cloud, in cloud.json's order (RegionOne's cluster is etc/swift-r1, RegionTwo's swift-r2). */
export function swiftRegions(cloudDir: string): string[] {
  const cloud = JSON.parse(readFileSync(join(cloudDir, 'cloud.json'), 'utf8')) as CloudInfo;
  return cloud.regions.filter((r) => (r.backend ?? 'swift') === 'swift').map((r) => r.name);
}

/** A connection to one Swift region of the cloud (`region`: cloud.json's name; default the first Swift region). */
export async function connect(opts: Options, work: string, cloudDir: string, lister: string, region?: string): Promise<Ctx> {
  const cloud = JSON.parse(readFileSync(join(cloudDir, 'cloud.json'), 'utf8')) as CloudInfo;
  const swiftNames = swiftRegions(cloudDir);
  const regionName = region ?? swiftNames[0];
  const index = swiftNames.indexOf(regionName);
  const backend = cloud.regions.find((r) => r.name === regionName)?.backend ?? 'swift';
  if (index < 0 && backend !== 'rgw') throw new Error(`the cloud has no Swift or RGW region ${regionName}`);
  const etc = join(cloud.stateDir ?? cloudDir, 'etc');
  const swiftDir = backend === 'rgw' ? '' : join(etc, `swift-r${index + 1}`);
  // RGW: `rgw keystone token cache size = 0` (the test cloud: every request validated by Keystone) reads as -1; a
  // cache keeps a validated token until it expires: Keystone's token lifetime.
  const tokenCacheTime =
    backend === 'rgw'
      ? /^rgw keystone token cache size\s*=\s*0\s*$/m.test(readFileSync(join(etc, 'ceph', 'ceph.conf'), 'utf8'))
        ? -1
        : Number((readFileSync(join(etc, 'keystone', 'keystone.conf'), 'utf8').match(/^expiration\s*=\s*(\d+)/m) ?? [])[1] ?? 3600)
      : Number((readFileSync(join(swiftDir, 'proxy-server.conf'), 'utf8').match(/^token_cache_time\s*=\s*(-?\d+)/m) ?? [])[1] ?? 300); // keystonemiddleware's default: 300
  const ctx = { recorder: undefined, region: regionName, backend, swiftDir, tokenCacheTime } as Ctx;
  const http = new HttpClient({ log: (e) => ctx.recorder?.push(e) });
  const identity = new IdentityClient(http);
  const session = newSession(cloud, http, identity, cloud.keystone.url, regionName);
  const swift = await session.swift();
  const token = (await session.token()).id;
  const u = cloud.demo;
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OS_')));
  Object.assign(env, {
    OS_AUTH_URL: `${cloud.keystone.url}/v3`,
    OS_IDENTITY_API_VERSION: '3',
    OS_USERNAME: u.name,
    OS_PASSWORD: u.password,
    OS_USER_DOMAIN_NAME: u.domain,
    OS_PROJECT_NAME: u.project,
    OS_PROJECT_DOMAIN_NAME: u.projectDomain,
    OS_REGION_NAME: regionName,
    OS_INTERFACE: 'public',
  });
  const rcloneConf = join(work, `rclone-${regionName}.conf`);
  writeFileSync(
    rcloneConf,
    [
      '[bench]',
      'type = swift',
      `auth = ${cloud.keystone.url}/v3`,
      'auth_version = 3',
      `user = ${u.name}`,
      `key = ${u.password}`,
      `domain = ${u.domain}`,
      `tenant = ${u.project}`,
      `tenant_domain = ${u.projectDomain}`,
      `region = ${regionName}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const tools = join(work, `tools-${regionName}`);
  mkdirSync(tools, { recursive: true });
  const curlHeaders = join(work, `curl-headers-${regionName}`);
  writeFileSync(curlHeaders, `X-Auth-Token: ${token}\n`, { mode: 0o600 });
  return Object.assign(ctx, {
    opts,
    work,
    tools,
    cloudDir,
    cloud,
    http,
    identity,
    swift,
    storageUrl: swift.storageUrl,
    token,
    env,
    rclone: ['rclone', '--config', rcloneConf],
    curlHeaders,
    lister,
    raw: new Agent({ connections: 16, keepAliveTimeout: 30_000 }),
  });
}

export function newSession(cloud: CloudInfo, http: HttpClient, identity: IdentityClient, keystoneUrl: string, region = cloud.regions[0].name): Session {
  const u = cloud.demo;
  const secrets = new Map<string, string>();
  return new Session({
    profile: {
      id: 'bench',
      name: 'bench',
      authUrl: `${keystoneUrl}/v3`,
      authVersion: 'v3',
      authType: 'password',
      username: u.name,
      userDomain: u.domain,
      project: u.project,
      projectDomain: u.projectDomain,
      region,
    },
    http,
    identity,
    secrets: { get: async (k) => secrets.get(k), store: async (k, v) => void secrets.set(k, v), delete: async (k) => void secrets.delete(k) },
    readSecret: async () => u.password,
  });
}

/** CPU seconds (user + system) each of the cloud's processes has used so far, summed by name (its `processes` file). */
export function cloudCpu(cloudDir: string): Record<string, number> {
  const out: Record<string, number> = {};
  let listed: string;
  try {
    listed = readFileSync(join(cloudDir, 'processes'), 'utf8');
  } catch {
    return out;
  }
  for (const line of listed.split('\n')) {
    const [pid, name] = line.split(' ');
    if (!pid || !name) continue;
    try {
      // Fields after the command's closing parenthesis: state is field 3, utime 14, stime 15 (clock ticks of 1/100 s).
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out[name] = (out[name] ?? 0) + (Number(f[11]) + Number(f[12])) / 100;
    } catch {
      // gone
    }
  }
  return out;
}

/**
 * Pauses the cloud's background jobs for the measurements (SIGSTOP; the returned function resumes them, SIGCONT):
 * Swift's container and object updaters (`r*-updaters`, a pass every 2 s). Each is a process of that cloud's
 * recorded session (pids/NAME.pid, `processes`); nothing else is touched.
 */
export function pauseBackground(cloudDir: string): { paused: string[]; resume: () => void } {
  const paused: Array<{ pid: number; name: string }> = [];
  let listed: string;
  try {
    listed = readFileSync(join(cloudDir, 'processes'), 'utf8');
  } catch {
    return { paused: [], resume: () => undefined };
  }
  for (const line of listed.split('\n')) {
    const [pid, name] = line.split(' ');
    if (!name || !/^r\d+-updaters$/.test(name)) continue;
    try {
      process.kill(Number(pid), 'SIGSTOP');
      paused.push({ pid: Number(pid), name });
    } catch {
      // not running
    }
  }
  if (paused.length) log(`paused while measuring (SIGSTOP): ${paused.map((p) => `${p.name} (${p.pid})`).join(', ')}`);
  return {
    paused: paused.map((p) => p.name),
    resume: () => {
      for (const p of paused) {
        try {
          process.kill(p.pid, 'SIGCONT');
        } catch {
          // gone
        }
      }
      if (paused.length) log(`resumed (SIGCONT): ${paused.map((p) => p.name).join(', ')}`);
    },
  };
}

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
  await exec('bash', [join(REPO, 'scripts/cloud/up.sh')], { env: { ...process.env, OSS_CLOUD_DIR: dir } });
  return handle;
}

export async function connect(opts: Options, work: string, cloudDir: string, lister: string): Promise<Ctx> {
  const cloud = JSON.parse(readFileSync(join(cloudDir, 'cloud.json'), 'utf8')) as CloudInfo;
  const ctx = { recorder: undefined } as Ctx;
  const http = new HttpClient({ log: (e) => ctx.recorder?.push(e) });
  const identity = new IdentityClient(http);
  const session = newSession(cloud, http, identity, cloud.keystone.url);
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
    OS_REGION_NAME: cloud.regions[0].name,
    OS_INTERFACE: 'public',
  });
  const rcloneConf = join(work, 'rclone.conf');
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
      `region = ${cloud.regions[0].name}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const tools = join(work, 'tools');
  mkdirSync(tools, { recursive: true });
  const curlHeaders = join(work, 'curl-headers');
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

export function newSession(cloud: CloudInfo, http: HttpClient, identity: IdentityClient, keystoneUrl: string): Session {
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
      region: cloud.regions[0].name,
    },
    http,
    identity,
    secrets: { get: async (k) => secrets.get(k), store: async (k, v) => void secrets.set(k, v), delete: async (k) => void secrets.delete(k) },
    readSecret: async () => u.password,
  });
}

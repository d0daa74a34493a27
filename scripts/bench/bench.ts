/**
 * `npm run bench`: the project's Swift client against the tools users would pick instead (`swift` from
 * python3-swiftclient, `rclone`) and against the raw limit (the same page GETs with curl / undici alone, one token),
 * on the same local cloud, in the same run, alternating runs. Writes results/latest.json and results/latest.md and
 * the table in README.md. See scripts/bench/README.md.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync, cpSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { Agent, request as undiciRequest } from 'undici';
import { Session } from '../../src/auth/session';
import { HttpClient, RequestLogEntry } from '../../src/openstack/http';
import { IdentityClient } from '../../src/openstack/keystone';
import { SwiftClient } from '../../src/openstack/swift/client';
import { compareNames } from '../../src/openstack/swift/listing';
import type { CloudInfo } from '../../test/support/cloud';
import { BENCH_DIR, PY, REPO, Stat, Variant, alternate, exec, fmtMs, lines, log, median, ratio, runTool, sameListing, shq } from './util';
import { benchTransfers } from './transfers';
import { ListerPhases, Report, Target, renderMarkdown, updateReadme } from './report';

const SECTIONS = ['package', 'listing', 'firstPage', 'delimiter', 'auth', 'transfers'] as const;
type Section = (typeof SECTIONS)[number];

interface Options {
  /** Sections to run (all by default); a partial run writes partial.json/partial.md and leaves the README alone. */
  only: Set<Section> | undefined;
  profile: boolean;
  runs: number;
  smallObjects: number;
  transfers: boolean;
  renewal: boolean;
  keepCloud: boolean;
  readme: boolean;
  out: string;
  /** Merge partial.json (a `--only` run) into latest.json, render latest.md and the README; measure nothing. */
  merge: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { only: undefined, profile: false, runs: 3, smallObjects: 1000, transfers: true, renewal: false, keepCloud: false, readme: true, out: join(BENCH_DIR, 'results'), merge: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${a} needs a positive integer`);
      return n;
    };
    if (a === '--runs') o.runs = Math.max(3, num());
    else if (a === '--small-objects') o.smallObjects = num();
    else if (a === '--no-transfers') o.transfers = false;
    else if (a === '--renewal') o.renewal = true;
    else if (a === '--profile') o.profile = true;
    else if (a === '--only') {
      const wanted = (argv[++i] ?? '').split(',').filter(Boolean);
      const bad = wanted.filter((w) => !(SECTIONS as readonly string[]).includes(w));
      if (!wanted.length || bad.length) throw new Error(`--only takes a comma-separated list of ${SECTIONS.join(', ')}`);
      o.only = new Set(wanted as Section[]);
      o.readme = false;
    }
    else if (a === '--keep-cloud') o.keepCloud = true;
    else if (a === '--no-readme') o.readme = false;
    else if (a === '--merge') o.merge = true;
    else if (a === '--out') o.out = argv[++i];
    else if (a === '--quick') {
      o.transfers = false;
      o.runs = 3;
    } else if (a === '-h' || a === '--help') {
      process.stdout.write(readFileSync(join(BENCH_DIR, 'README.md'), 'utf8'));
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (see scripts/bench/README.md)`);
  }
  return o;
}

const BIG = { name: 'bench-100k', shape: 'big', count: 100_000 };
const SMALL = { name: 'bench-10k', shape: 'small', count: 10_000 };
/** Bumped when seed_rows.py's names change: a cloud seeded by an older version is seeded again. */
const SEED_VERSION = '1';
const DEEP_FOLDER = 'deep/l1/l2/l3/l4/l5/';

export interface Ctx {
  opts: Options;
  work: string;
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

// ------------------------------------------------------------------------------------------------ the local cloud

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

async function ensureCloud(keep: boolean): Promise<CloudHandle> {
  const given = process.env.OSS_CLOUD_DIR;
  if (given && (await alive(given))) {
    log(`reusing the cloud in ${given} (OSS_CLOUD_DIR)`);
    return { dir: given, started: false, created: false };
  }
  const created = !given;
  const dir = given ?? mkdtempSync(join(tmpdir(), 'oss-bench-cloud-'));
  log(`starting a cloud in ${dir} (scripts/cloud/up.sh)…`);
  const handle = { dir, started: true, created };
  cleanups.push(async () => {
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

const cleanups: Array<() => Promise<void>> = [];
let cleaning: Promise<void> | undefined;
/** Stops what the bench started (last started, first stopped); once, however many signals arrive. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length) await (cleanups.pop() as () => Promise<void>)().catch((e) => log(`cleanup: ${e}`));
  })();
  return cleaning;
}

async function connect(opts: Options, work: string, cloudDir: string, lister: string): Promise<Ctx> {
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
  const curlHeaders = join(work, 'curl-headers');
  writeFileSync(curlHeaders, `X-Auth-Token: ${token}\n`, { mode: 0o600 });
  return Object.assign(ctx, {
    opts,
    work,
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

function newSession(cloud: CloudInfo, http: HttpClient, identity: IdentityClient, keystoneUrl: string): Session {
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

// ------------------------------------------------------------------------------------------------ seeding

async function seed(ctx: Ctx): Promise<{ container: string; rows: number; seconds: number; skipped: boolean }[]> {
  const out = [];
  for (const c of [BIG, SMALL]) {
    const info = await ctx.swift.headContainer(c.name).catch(() => undefined);
    if (info && info.objectCount === c.count && info.meta['bench-seed'] === SEED_VERSION) {
      log(`seed: ${c.name} already holds ${c.count} rows (seed v${SEED_VERSION})`);
      out.push({ container: c.name, rows: c.count, seconds: 0, skipped: true });
      continue;
    }
    const t0 = performance.now();
    await ctx.swift.createContainer(c.name);
    const swiftDir = join(ctx.cloud.stateDir ?? ctx.cloudDir, 'etc', 'swift-r1');
    const account = `AUTH_${ctx.cloud.demo.projectId}`;
    const printed = await exec(PY, [join(BENCH_DIR, 'seed_rows.py'), swiftDir, account, c.name, c.shape], {
      env: { ...process.env, EVENTLET_NO_GREENDNS: 'yes', PYTHONDONTWRITEBYTECODE: '1' },
    });
    await ctx.swift.postContainer(c.name, { 'x-container-meta-bench-seed': SEED_VERSION });
    const after = await ctx.swift.headContainer(c.name);
    if (after.objectCount !== c.count) throw new Error(`seed: ${c.name} holds ${after.objectCount} rows, not ${c.count}`);
    const seconds = (performance.now() - t0) / 1000;
    log(`seed: ${c.name}: ${c.count} listing rows in ${seconds.toFixed(1)} s (${printed.trim()})`);
    out.push({ container: c.name, rows: c.count, seconds, skipped: false });
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ listings

interface Exactness {
  what: string;
  variant: string;
  exact: boolean;
  detail: string;
}

async function collectNames(ctx: Ctx, container: string, concurrency: number | undefined, record?: RequestLogEntry[]): Promise<string[]> {
  ctx.recorder = record;
  try {
    const names: string[] = [];
    for await (const batch of ctx.swift.listAllObjects(container, { concurrency })) for (const e of batch) names.push(e.name);
    return names;
  } finally {
    ctx.recorder = undefined;
  }
}

/** The GETs (and HEAD) a run sent, as absolute URLs, split into forward and backward (reverse=true) sequences. */
function sequences(record: RequestLogEntry[]): { forward: string[]; backward: string[]; head: string[] } {
  const mine = record.filter((e) => !e.url.endsWith('/info'));
  return {
    forward: mine.filter((e) => e.method === 'GET' && !e.url.includes('reverse=true')).map((e) => e.url),
    backward: mine.filter((e) => e.method === 'GET' && e.url.includes('reverse=true')).map((e) => e.url),
    head: mine.filter((e) => e.method === 'HEAD').map((e) => e.url),
  };
}

/**
 * The GETs of a run with spans, as one sequence per span (and one for the backward cursor of the last span), for
 * curls to replay at once: a forward GET belongs to the span its marker falls in (the cuts are the markers ending in
 * U+0000); the delimited listing that told the cuts goes first, alone.
 */
function spanChains(record: RequestLogEntry[]): string[][] {
  const gets = record.filter((e) => e.method === 'GET' && !e.url.endsWith('/info')).map((e) => new URL(e.url));
  const survey = gets.filter((u) => u.searchParams.has('delimiter')).map(String);
  const cuts = [...new Set(gets.map((u) => u.searchParams.get('marker')).filter((m): m is string => m?.endsWith('\u0000') ?? false))].sort(compareNames);
  const chains: string[][] = cuts.map(() => []).concat([[]]);
  const backward: string[] = [];
  for (const u of gets) {
    if (u.searchParams.has('delimiter')) continue;
    if (u.searchParams.get('reverse') === 'true') {
      backward.push(String(u));
      continue;
    }
    const marker = u.searchParams.get('marker');
    chains[marker === null ? 0 : cuts.filter((c) => compareNames(c, marker) <= 0).length].push(String(u));
  }
  return [[...survey, ...chains[0]], ...chains.slice(1), backward].filter((c) => c.length);
}

/** One curl process fetching `urls` in order over one connection (bodies discarded). */
function curlArgs(ctx: Ctx, urls: string[], head: string[] = []): string[] {
  const args = ['curl', '-sS', '--fail', '-H', `@${ctx.curlHeaders}`];
  for (const u of head) args.push('-I', '-o', '/dev/null', u);
  if (head.length && urls.length) args.push('--next', '-sS', '--fail', '-H', `@${ctx.curlHeaders}`);
  for (const u of urls) args.push('-o', '/dev/null', u);
  return args;
}

/** The same GETs with undici alone (no client code): bodies read and dropped. */
async function rawGets(ctx: Ctx, urls: string[]): Promise<void> {
  for (const url of urls) {
    const res = await undiciRequest(url, { dispatcher: ctx.raw, headers: { 'x-auth-token': ctx.token } });
    if (res.statusCode >= 300) throw new Error(`raw GET ${url}: HTTP ${res.statusCode}`);
    for await (const _ of res.body) void _;
  }
}

async function benchListing(ctx: Ctx, c: { name: string; count: number }, exactness: Exactness[]): Promise<{ stats: Record<string, Stat>; lister: ListerPhases }> {
  const phases: Array<Record<string, number>> = [];
  const what = `full listing of ${c.count.toLocaleString('en')}`;
  const toolDir = join(ctx.work, 'tools');
  mkdirSync(toolDir, { recursive: true });
  // Reference: swift list (an untimed first run also warms the server's caches for everyone).
  const reference = lines((await runTool(toolDir, ['swift', 'list', c.name], ctx.env, { keepStdout: true })).stdout);
  if (reference.length !== c.count) throw new Error(`swift list ${c.name} printed ${reference.length} names, not ${c.count}`);
  // The exact page GETs of the sequential and the both-ends paths, recorded from one warm-up run each.
  const seqRecord: RequestLogEntry[] = [];
  const seqNames = await collectNames(ctx, c.name, 1, seqRecord);
  const twoRecord: RequestLogEntry[] = [];
  const twoNames = await collectNames(ctx, c.name, 2, twoRecord);
  const spanRecord: RequestLogEntry[] = [];
  const spanNames = await collectNames(ctx, c.name, undefined, spanRecord);
  for (const [variant, names] of [['warm-up sequential', seqNames], ['warm-up both ends', twoNames], ['warm-up spans', spanNames]] as const) {
    const r = sameListing(names, reference);
    if (!r.exact) throw new Error(`${what}: ${variant} is not exact: ${r.detail}`);
  }
  const seq = sequences(seqRecord);
  const two = sequences(twoRecord);
  const spans = spanChains(spanRecord);
  log(`${what}: sequential = ${seq.forward.length} GETs; both ends = ${two.forward.length} forward + ${two.backward.length} backward GETs + ${two.head.length} HEAD; spans = ${spans.map((c) => c.length).join(' + ')} GETs`);

  const seen = new Map<string, Exactness>();
  const check = (variant: string, names: string[]) => {
    const r = sameListing(names, reference);
    const prev = seen.get(variant);
    if (!prev || (prev.exact && !r.exact)) seen.set(variant, { what, variant, ...r });
  };
  const statsFile = join(ctx.work, 'lister-stats.json');
  const tool = (id: string, label: string, cmd: string[], compare = true, note?: string): Variant => ({
    id,
    label,
    note,
    run: async () => {
      rmSync(statsFile, { force: true });
      const r = await runTool(toolDir, cmd, ctx.env, { keepStdout: compare });
      if (compare) check(label, lines(r.stdout));
      if (existsSync(statsFile)) phases.push((JSON.parse(readFileSync(statsFile, 'utf8')) as { phases: Record<string, number> }).phases);
      return { ms: r.ms, rssKiB: r.rssKiB };
    },
  });
  const inproc = (id: string, label: string, concurrency: number | undefined): Variant => ({
    id,
    label,
    run: async () => {
      const t0 = performance.now();
      const names = await collectNames(ctx, c.name, concurrency);
      const ms = performance.now() - t0;
      check(label, names);
      return { ms };
    },
  });
  const big = c.count >= 100_000;
  // Neighbours are compared with each other (rounds alternate direction: each pair runs back to back, both orders).
  const variants: Variant[] = [
    tool('rclone', 'rclone lsf -R --files-only', [...ctx.rclone, 'lsf', '-R', '--files-only', `bench:${c.name}`]),
    tool('project', 'project: node lister.js (process, sign-in included)', [process.execPath, ctx.lister, c.name, '--stats', statsFile]),
    tool('swift', 'swift list', ['swift', 'list', c.name]),
    inproc('inDefault', 'project in-process (default: spans cut at top-level folders, 4 at once)', undefined),
    ...(big
      ? [
          tool('rawCurlSpans', `raw: same span GETs, ${spans.length} curls at once`, ['sh', '-c', `${spans.map((chain) => `${shq(curlArgs(ctx, chain))} &`).join(' ')} wait`], false),
          inproc('inBoth', 'project in-process, two cursors from both ends (concurrency 2)', 2),
          tool('rawCurlBoth', 'raw: same both-ends GETs, two curls at once', ['sh', '-c', `${shq(curlArgs(ctx, two.forward))} & ${shq(curlArgs(ctx, two.backward, two.head))} & wait`], false),
        ]
      : []),
    tool('rawCurlSeq', 'raw: same sequential GETs, one curl', curlArgs(ctx, seq.forward), false),
    inproc('inSeq', 'project in-process, sequential (concurrency 1)', 1),
    { id: 'rawUndiciSeq', label: 'raw: same sequential GETs, undici alone', run: async () => {
      const t0 = performance.now();
      await rawGets(ctx, seq.forward);
      return { ms: performance.now() - t0 };
    } },
  ];
  const stats = await alternate(what, variants, Math.max(ctx.opts.runs, 5));
  exactness.push({ what, variant: 'warm-up runs (sequential, both ends)', exact: true, detail: `${c.count} names, same order` });
  exactness.push(...seen.values());
  const phase = (k: string) => median(phases.map((p) => p[k]).filter((v) => typeof v === 'number'));
  return { stats, lister: { loaded: phase('loaded'), signedIn: phase('signedIn'), firstBatch: phase('firstBatch'), listed: phase('listed') } };
}

// ------------------------------------------------------------------------------------------------ tree-like reads

function treePageSize(): number {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  return pkg.contributes?.configuration?.properties?.['openstackStorage.listing.pageSize']?.default ?? 500;
}

async function benchFirstPage(ctx: Ctx): Promise<{ stats: Record<string, Stat>; url: string; limit: number }> {
  const limit = treePageSize();
  const opts = { delimiter: '/', limit };
  const record: RequestLogEntry[] = [];
  ctx.recorder = record;
  await ctx.swift.listObjects(BIG.name, opts).next();
  ctx.recorder = undefined;
  const url = record[record.length - 1].url;
  const toolDir = join(ctx.work, 'tools');
  const stats = await alternate('first page', [
    { id: 'tree', label: `project: the tree's first page (listObjects, delimiter /, limit ${limit})`, run: async () => {
      const t0 = performance.now();
      const pages = ctx.swift.listObjects(BIG.name, opts);
      const page = await pages.next();
      await pages.return(undefined);
      const ms = performance.now() - t0;
      if (page.done || !page.value.entries.length) throw new Error('first page: empty');
      return { ms };
    } },
    { id: 'rawUndici', label: 'raw: one GET, undici alone (warm connection)', run: async () => {
      const t0 = performance.now();
      await rawGets(ctx, [url]);
      return { ms: performance.now() - t0 };
    } },
    { id: 'rawCurl', label: 'raw: one GET, curl (process)', run: async () => ({ ms: (await runTool(toolDir, curlArgs(ctx, [url]), ctx.env)).ms }) },
  ], Math.max(ctx.opts.runs, 15));
  return { stats, url, limit };
}

async function benchDelimiter(ctx: Ctx, exactness: Exactness[]): Promise<Record<string, Stat>> {
  const what = `pseudo-folder listing of ${DEEP_FOLDER}`;
  const toolDir = join(ctx.work, 'tools');
  const reference = lines((await runTool(toolDir, ['swift', 'list', '--prefix', DEEP_FOLDER, '--delimiter', '/', BIG.name], ctx.env, { keepStdout: true })).stdout);
  const record: RequestLogEntry[] = [];
  ctx.recorder = record;
  const inproc = async () => {
    const names: string[] = [];
    for await (const page of ctx.swift.listObjects(BIG.name, { prefix: DEEP_FOLDER, delimiter: '/' })) {
      for (const e of page.entries) names.push(e.kind === 'folder' ? e.prefix : e.name);
    }
    return names;
  };
  await inproc();
  ctx.recorder = undefined;
  const urls = record.filter((e) => e.method === 'GET' && !e.url.endsWith('/info')).map((e) => e.url);
  const seen = new Map<string, Exactness>();
  const check = (variant: string, names: string[]) => {
    const r = sameListing(names, reference);
    if (!seen.get(variant) || !r.exact) seen.set(variant, { what, variant, ...r });
  };
  const stats = await alternate(what, [
    { id: 'project', label: 'project: node lister.js --prefix --delimiter / (process)', run: async () => {
      const r = await runTool(toolDir, [process.execPath, ctx.lister, BIG.name, '--prefix', DEEP_FOLDER, '--delimiter', '/'], ctx.env, { keepStdout: true });
      check('project (process)', lines(r.stdout));
      return { ms: r.ms, rssKiB: r.rssKiB };
    } },
    { id: 'swift', label: 'swift list --prefix --delimiter /', run: async () => {
      const r = await runTool(toolDir, ['swift', 'list', '--prefix', DEEP_FOLDER, '--delimiter', '/', BIG.name], ctx.env, { keepStdout: true });
      check('swift list', lines(r.stdout));
      return { ms: r.ms, rssKiB: r.rssKiB };
    } },
    { id: 'rclone', label: 'rclone lsf (one level)', run: async () => {
      const r = await runTool(toolDir, [...ctx.rclone, 'lsf', `bench:${BIG.name}/${DEEP_FOLDER}`], ctx.env, { keepStdout: true });
      // rclone prints names relative to the folder, and sorts folders with the files: compare as sets.
      const got = lines(r.stdout).map((n) => DEEP_FOLDER + n);
      const sorted = [...got].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      check('rclone lsf (relative names, order ignored)', sorted);
      return { ms: r.ms, rssKiB: r.rssKiB };
    } },
    { id: 'inproc', label: 'project in-process (listObjects pager)', run: async () => {
      const t0 = performance.now();
      const names = await inproc();
      const ms = performance.now() - t0;
      check('project (in-process)', names);
      return { ms };
    } },
    { id: 'rawUndici', label: `raw: same ${urls.length} GET(s), undici alone`, run: async () => {
      const t0 = performance.now();
      await rawGets(ctx, urls);
      return { ms: performance.now() - t0 };
    } },
    { id: 'rawCurl', label: `raw: same ${urls.length} GET(s), curl`, run: async () => ({ ms: (await runTool(toolDir, curlArgs(ctx, urls), ctx.env)).ms }) },
  ], Math.max(ctx.opts.runs, 5));
  exactness.push(...seen.values());
  return stats;
}

// ------------------------------------------------------------------------------------------------ authentications

function keystoneLogCounts(ctx: Ctx): { auth: number; validate: number } {
  let auth = 0;
  let validate = 0;
  for (const name of ['keystone.log', 'keystone-short.log']) {
    const file = join(ctx.cloudDir, 'logs', name);
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.includes('POST /v3/auth/tokens')) auth++;
      else if (line.includes('GET /v3/auth/tokens')) validate++;
    }
  }
  return { auth, validate };
}

interface AuthResult {
  operations: number;
  authentications: number;
  keystoneLog: { authentications: number; validations: number };
  seconds: number;
  renewal?: { seconds: number; tokenSeconds: number; authentications: number; expected: number; operations: number };
}

async function benchAuth(ctx: Ctx): Promise<AuthResult> {
  const operations = 1000;
  const http = new HttpClient();
  const identity = new IdentityClient(http);
  const session = newSession(ctx.cloud, http, identity, ctx.cloud.keystone.url);
  const before = keystoneLogCounts(ctx);
  const t0 = performance.now();
  let next = 0;
  const op = async (swift: SwiftClient, i: number) => {
    if (i % 3 === 0) await swift.headContainer(SMALL.name);
    else if (i % 3 === 1) await swift.listObjects(SMALL.name, { limit: 10 }).next();
    else await swift.headAccount();
  };
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < operations) await op(await session.swift(), next++);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 1500)); // uwsgi writes its log line after the answer
  const after = keystoneLogCounts(ctx);
  await http.close();
  const result: AuthResult = {
    operations,
    authentications: identity.stats.authentications,
    keystoneLog: { authentications: after.auth - before.auth, validations: after.validate - before.validate },
    seconds,
  };
  log(`authentications: ${result.authentications} for ${operations} operations in ${seconds.toFixed(1)} s (Keystone log: ${result.keystoneLog.authentications} POST, ${result.keystoneLog.validations} validations)`);
  if (ctx.opts.renewal) {
    // The short-lived Keystone: operations for 1.4 token lifetimes; a session renews a quarter of the lifetime early,
    // so one renewal (at 0.75 of the lifetime) is expected: two authentications in all.
    const life = ctx.cloud.keystone.shortTokenSeconds;
    const h2 = new HttpClient();
    const id2 = new IdentityClient(h2);
    const s2 = newSession(ctx.cloud, h2, id2, ctx.cloud.keystone.shortLivedUrl);
    const end = performance.now() + life * 1400;
    let n = 0;
    while (performance.now() < end) {
      await op(await s2.swift(), n++);
      await new Promise((r) => setTimeout(r, 20));
    }
    const elapsed = life * 1.4;
    const renewEvery = life - Math.min(300, Math.max(1, life / 4));
    result.renewal = { seconds: elapsed, tokenSeconds: life, authentications: id2.stats.authentications, expected: Math.floor(elapsed / renewEvery) + 1, operations: n };
    await h2.close();
    log(`renewal: ${result.renewal.authentications} authentications in ${elapsed} s of ${life}-second tokens (${n} operations)`);
  }
  return result;
}

// ------------------------------------------------------------------------------------------------ profile

/** One more run of the lister on the 100,000 container under --cpu-prof: where its CPU time goes (self time). */
async function profileLister(ctx: Ctx): Promise<{ file: string; totalMs: number; idleMs: number; top: { fn: string; ms: number }[] }> {
  const dir = join(ctx.opts.out, 'profile');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const lister = process.env.OSS_BENCH_LISTER_DEV ?? ctx.lister; // the unminified build: readable function names
  await runTool(join(ctx.work, 'tools'), [process.execPath, '--cpu-prof', '--cpu-prof-dir', dir, lister, BIG.name], ctx.env);
  const file = join(dir, readdirSync(dir).find((f) => f.endsWith('.cpuprofile')) as string);
  type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number } };
  const prof = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  prof.samples.forEach((id, i) => {
    const n = byId.get(id) as Node;
    const where = n.callFrame.url ? `${n.callFrame.url.split('/').slice(-1)[0]}:${n.callFrame.lineNumber + 1}` : '';
    const key = `${n.callFrame.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    const us = prof.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + us);
    total += us;
  });
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([fn, us]) => ({ fn, ms: Math.round(us / 100) / 10 }));
  const idle = (self.get('(idle)') ?? 0) / 1000;
  log(`profile: ${file}: ${(total / 1000).toFixed(0)} ms sampled, ${idle.toFixed(0)} ms idle (waiting for Swift)`);
  return { file: relative(REPO, file), totalMs: total / 1000, idleMs: idle, top };
}

// ------------------------------------------------------------------------------------------------ bundle, VSIX, activation

async function benchPackage(opts: Options, work: string, activateJs: string): Promise<{ activation: Record<string, Stat>; parts: { requireMs: number; activateMs: number }; bundleBytes: number; vsixBytes: number | undefined; vsixNote: string }> {
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
  const activation = await alternate('activation', [
    { id: 'activate', label: 'require(dist/extension.js) + activate() in a bare harness', run: async () => {
      const r = JSON.parse(await exec(process.execPath, [activateJs, bundle])) as { requireMs: number; activateMs: number; totalMs: number };
      parts.requireMs.push(r.requireMs);
      parts.activateMs.push(r.activateMs);
      return { ms: r.totalMs };
    } },
  ], Math.max(opts.runs, 9));
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
    const reason = String((e as Error).message).split('\n').find((l) => l.includes('ERROR')) ?? String(e).slice(0, 200);
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

// ------------------------------------------------------------------------------------------------ machine

async function machine(ctx?: Ctx): Promise<Record<string, unknown>> {
  const version = async (cmd: string, args: string[]) => (await exec(cmd, args).catch(() => '')).split('\n')[0].trim() || undefined;
  const dpkg = async (pkg: string) => (await exec('dpkg-query', ['-W', '-f', '${Version}', pkg]).catch(() => '')) || undefined;
  return {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: (readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]*)/m) ?? [])[1],
    kernel: release(),
    node: process.version,
    swiftclient: await dpkg('python3-swiftclient'),
    rclone: await version('rclone', ['version']),
    curl: await version('curl', ['--version']),
    swiftServer: ctx ? (await ctx.swift.info()).version : undefined,
    keystone: await dpkg('keystone'),
  };
}

// ------------------------------------------------------------------------------------------------ main

/**
 * `--merge`: the sections of results/partial.json (an `--only` run) replace those of results/latest.json; the
 * targets are computed again, latest.md and the README rewritten. Each merged run is named in the header.
 */
function mergePartial(opts: Options): void {
  const read = (f: string) => JSON.parse(readFileSync(join(opts.out, f), 'utf8')) as Report;
  const latest = read('latest.json');
  const partial = read('partial.json');
  const sections = SECTIONS.filter((s) => partial[s] !== undefined);
  if (!sections.length) throw new Error('partial.json holds no section to merge');
  const whats = new Set(partial.exactness.map((e) => e.what));
  for (const s of sections) (latest as unknown as Record<string, unknown>)[s] = partial[s];
  latest.exactness = [...latest.exactness.filter((e) => !whats.has(e.what)), ...partial.exactness];
  latest.merged = [
    ...(latest.merged ?? []).map((m) => ({ ...m, sections: m.sections.filter((s) => !sections.includes(s as Section)) })).filter((m) => m.sections.length),
    { sections, startedAt: partial.startedAt, loadAverage: partial.loadAverage },
  ];
  latest.targets = targets(latest);
  writeFileSync(join(opts.out, 'latest.json'), `${JSON.stringify(latest, null, 2)}\n`);
  const md = renderMarkdown(latest);
  writeFileSync(join(opts.out, 'latest.md'), md);
  log(`merged ${sections.join(', ')} from partial.json (${partial.startedAt}) into latest.json and latest.md`);
  if (opts.readme) log(updateReadme(join(REPO, 'README.md'), md));
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.merge) return mergePartial(opts);
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const work = mkdtempSync(join(tmpdir(), 'oss-bench-'));
  cleanups.push(async () => rmSync(work, { recursive: true, force: true }));
  const lister = process.env.OSS_BENCH_LISTER as string;
  const activateJs = process.env.OSS_BENCH_ACTIVATE as string;
  const exactness: Exactness[] = [];
  const report = { version: 1, startedAt: startedAt.toISOString(), options: opts } as unknown as Report;

  const want = (section: Section) => (opts.only ? opts.only.has(section) : section !== 'transfers' || opts.transfers);
  log(`load average ${loadAtStart.map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} cores`);
  if (want('package')) {
    // Before the cloud starts: nothing else of ours competes for the CPU.
    log('bundle, VSIX and activation…');
    report.package = await benchPackage(opts, work, activateJs);
  }
  const cloudSections: Section[] = ['listing', 'firstPage', 'delimiter', 'auth', 'transfers'];
  let ctx: Ctx | undefined;
  if (cloudSections.some(want)) {
    const cloud = await ensureCloud(opts.keepCloud);
    const c = await connect(opts, work, cloud.dir, lister);
    ctx = c;
    report.machine = await machine(c);
    report.cloud = { reused: !cloud.started, tokenCacheTime: -1, note: 'token_cache_time = -1: Keystone validates every Swift request' };
    report.seed = await seed(c);
    if (want('listing')) report.listing = { big: await benchListing(c, BIG, exactness), small: await benchListing(c, SMALL, exactness) };
    if (want('firstPage')) report.firstPage = await benchFirstPage(c);
    if (want('delimiter')) report.delimiter = await benchDelimiter(c, exactness);
    if (want('auth')) report.auth = await benchAuth(c);
    if (want('transfers')) report.transfers = await benchTransfers(c, !cloud.started || opts.keepCloud, (fn) => cleanups.push(fn));
    if (opts.profile) report.profile = await profileLister(c);
  } else report.machine = await machine();
  report.exactness = exactness;
  report.loadAverage = { start: loadAtStart, end: loadavg() };
  report.finishedAt = new Date().toISOString();
  report.durationSeconds = (Date.now() - startedAt.getTime()) / 1000;
  report.targets = targets(report);
  await ctx?.http.close();
  await ctx?.raw.close();

  mkdirSync(opts.out, { recursive: true });
  const base = opts.only ? 'partial' : 'latest';
  writeFileSync(join(opts.out, `${base}.json`), `${JSON.stringify(report, null, 2)}\n`);
  const md = renderMarkdown(report);
  writeFileSync(join(opts.out, `${base}.md`), md);
  if (opts.readme) log(updateReadme(join(REPO, 'README.md'), md));
  process.stdout.write(`\n${md}\n`);
  log(`wrote ${join(opts.out, `${base}.json`)} and ${base}.md in ${fmtMs(report.durationSeconds * 1000)}`);
  if (report.exactness.some((e) => !e.exact)) process.exitCode = 1;
}

function targets(r: Report): Target[] {
  const out: Target[] = [];
  const add = (id: string, what: string, value: number, limit: number, how: 'ratio' | 'ms' | 'bytes' | 'count', paired?: number) =>
    // Ratios: judged on the per-round ratios (runs taken side by side, alternating), the ratio of medians shown too.
    out.push({ id, what, value, limit, met: (paired ?? value) <= limit, how, paired });
  if (r.listing) {
    const big = r.listing.big.stats;
    let q = ratio(big.project, big.swift);
    add('list100k.vsSwift', 'full 100,000 listing, project (process, sign-in included) ÷ swift list', q.ofMedians, 0.5, 'ratio', q.paired);
    q = ratio(big.project, big.rclone);
    add('list100k.vsRclone', `full 100,000 listing, project (process) ÷ ${big.rclone.label}`, q.ofMedians, 0.5, 'ratio', q.paired);
    q = ratio(big.inDefault ?? big.inBoth, big.swift);
    add('list100k.inproc.vsSwift', 'full 100,000 listing, project in-process (default) ÷ swift list', q.ofMedians, 0.5, 'ratio', q.paired);
    q = ratio(big.inSeq, big.rawUndiciSeq);
    add('list100k.seq.vsRaw', 'full 100,000 listing, plain sequential path ÷ the same page GETs with undici alone', q.ofMedians, 1.1, 'ratio', q.paired);
    q = ratio(big.inSeq, big.rawCurlSeq);
    add('list100k.seq.vsCurl', 'full 100,000 listing, plain sequential path ÷ the same page GETs with one curl', q.ofMedians, 1.1, 'ratio', q.paired);
  }
  if (r.firstPage) {
    const fp = r.firstPage.stats;
    const q = ratio(fp.tree, fp.rawUndici);
    add('firstPage.vsRaw', 'first page as the tree fetches it ÷ one raw GET (undici, warm connection)', q.ofMedians, 1.1, 'ratio', q.paired);
  }
  if (r.auth) add('auth.per1000', `Keystone authentications for ${r.auth.operations} operations (one token lifetime)`, r.auth.authentications, 1, 'count');
  if (r.package) {
    add('activation', 'activation: require + activate() of the production bundle (median)', r.package.activation.activate.median, 50, 'ms');
    if (r.package.vsixBytes !== undefined) add('vsix', 'VSIX size', r.package.vsixBytes, 300 * 1024, 'bytes');
  }
  const wrong = r.exactness.filter((e) => !e.exact).length;
  if (r.exactness.length) add('exact', 'listings not identical to swift list (names, order, no duplicates)', wrong, 0, 'count');
  return out;
}

process.on('SIGINT', () => void cleanUp().then(() => process.exit(130)));
process.on('SIGTERM', () => void cleanUp().then(() => process.exit(143)));
main()
  .catch((e: unknown) => {
    log(`FAILED: ${(e as Error).stack ?? e}`);
    process.exitCode = 1;
  })
  .finally(() => cleanUp());

/**
 * The sync section of the bench (opt-in: `--sync`, or `--only sync`): a tree of many files of mixed sizes (a few
 * above the SLO threshold) pushed to an empty container, pushed again after 1 % of the files changed, then pushed
 * once more with nothing changed; the project's sync engine (syncer.ts, a process like the peers) against
 * `swift upload --changed --skip-identical` and `rclone sync`, rounds alternating direction. After every push the
 * container's listing must equal the local tree (names, sizes, MD5 or the SLO's ETag of segment MD5s), untimed: a
 * fast but wrong run stops the bench.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { etagOfSegments } from '../../src/openstack/swift/transfer/manifests';
import { segmentsContainer } from '../../src/openstack/swift/transfer/segments';
import { smallFilesFor } from '../../src/openstack/swift/transfer/uploadFiles';
import type { Ctx } from './cloud';
import type { SyncResult } from './syncReport';
import { log, runTool, statOf, transferSettings, type Stat } from './util';

const MIB = 1024 * 1024;
const PHASES = ['first', 'changed', 'noop'] as const;
type Phase = (typeof PHASES)[number];

interface LocalFile {
  bytes: number;
  md5: string;
  /** The ETag of its SLO (MD5 of the segments' MD5s), for files above the threshold. */
  sloEtag?: string;
}

/** A deterministic generator of sizes (the same tree on every run). */
function sizes(n: number, large: number, largeBytes: number): number[] {
  let s = 0x2545f491;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const out: number[] = [];
  for (let i = 0; i < n - large; i++) {
    const r = next();
    // 70 % of 0.5–4 KiB, 27 % of 4–32 KiB, 3 % of 32–256 KiB.
    out.push(Math.floor(r < 0.7 ? 512 + next() * 3584 : r < 0.97 ? 4096 + next() * 28672 : 32768 + next() * 229376));
  }
  for (let i = 0; i < large; i++) out.push(largeBytes + i * MIB);
  return out;
}

export async function benchSync(ctx: Ctx, cloudStays: boolean, onCleanup: (fn: () => Promise<void>) => void): Promise<SyncResult> {
  const measuredAt = new Date().toISOString();
  const settings = transferSettings();
  const { concurrency, sloThreshold, segmentSize } = settings;
  const n = ctx.opts.syncFiles;
  const large = 2;
  const largeBytes = sloThreshold + 2 * MIB;
  const syncer = process.env.OSS_BENCH_SYNCER as string;
  const shm = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/oss-bench-sync-') : mkdtempSync(join(ctx.work, 'sync-'));
  onCleanup(async () => rmSync(shm, { recursive: true, force: true }));
  const tree = join(shm, 'tree');
  const local = new Map<string, LocalFile>();
  const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
  const write = (rel: string, body: Buffer) => {
    writeFileSync(join(tree, rel), body);
    const info: LocalFile = { bytes: body.length, md5: md5(body) };
    if (body.length >= sloThreshold) {
      const segs: string[] = [];
      for (let at = 0; at < body.length; at += segmentSize) segs.push(md5(body.subarray(at, Math.min(body.length, at + segmentSize))));
      info.sloEtag = etagOfSegments(segs);
    }
    local.set(rel, info);
  };

  // The tree: 100 folders of small files, and the large files in their own folder.
  const all = sizes(n, large, largeBytes);
  const names: string[] = [];
  for (let i = 0; i < all.length; i++) {
    const rel = i >= n - large ? `large/big-${i - (n - large)}.bin` : `d${String(i % 100).padStart(2, '0')}/f${String(i).padStart(5, '0')}.bin`;
    names.push(rel);
  }
  for (const d of new Set(names.map((r) => r.split('/')[0]))) mkdirSync(join(tree, d), { recursive: true });
  const original = new Map<string, Buffer>();
  for (let i = 0; i < all.length; i++) write(names[i], randomBytes(all[i]));
  const totalBytes = [...local.values()].reduce((a, f) => a + f.bytes, 0);
  // The 1 %: every 100th small file; half keep their size (only the content differs), half grow by 100 bytes.
  const changing = names.filter((_, i) => i < n - large && i % 100 === 37);
  const tops = readdirSync(tree).sort();
  log(
    `sync: ${n.toLocaleString('en')} files, ${(totalBytes / MIB).toFixed(0)} MiB (${large} of ${(largeBytes / MIB).toFixed(0)}+ MiB, above the SLO threshold of ${sloThreshold / MIB} MiB); ${changing.length} change between the first and second push`,
  );
  const snapshot = new Map(local);
  for (const rel of changing) original.set(rel, readFileSync(join(tree, rel)));
  const change = () =>
    changing.forEach((rel, k) => {
      const before = original.get(rel)!;
      write(rel, k % 2 ? randomBytes(before.length + 100) : randomBytes(before.length));
    });
  const restore = () => {
    for (const rel of changing) write(rel, original.get(rel)!);
    for (const [rel, f] of snapshot) local.set(rel, f);
  };

  const containers = new Set<string>();
  const fail = (what: string, detail: string): never => {
    throw new Error(`sync: ${what}: WRONG RESULT: ${detail}`);
  };
  const check = async (what: string, c: string) => {
    const seen = new Map<string, { bytes: number; hash: string }>();
    for await (const batch of ctx.swift.listAllObjects(c, { concurrency: 1 }))
      for (const e of batch) seen.set(e.name, { bytes: e.bytes, hash: e.hash.toLowerCase() });
    if (seen.size !== local.size) fail(what, `${seen.size} objects in ${c}, not ${local.size}`);
    for (const [rel, f] of local) {
      const got = seen.get(rel);
      if (!got) fail(what, `${rel} missing from ${c}`);
      else if (got.bytes !== f.bytes) fail(what, `${c}/${rel}: ${got.bytes} bytes, not ${f.bytes}`);
      else if (got.hash !== f.md5) {
        // A large object: the listing's hash of an SLO is not its ETag; the HEAD's is (MD5 of the segments' MD5s).
        const etag = f.sloEtag ? (await ctx.swift.headObject(c, rel)).etag.replace(/"/g, '').toLowerCase() : got.hash;
        if (etag !== f.md5 && etag !== f.sloEtag) fail(what, `${c}/${rel}: hash ${got.hash}, ETag ${etag}`);
      }
    }
  };
  /** Deletes a container and its objects, if it is there (a run stopped halfway leaves one). */
  const remove = async (c: string) => {
    try {
      const objects: string[] = [];
      for await (const batch of ctx.swift.listAllObjects(c, { concurrency: 1 })) objects.push(...batch.map((e) => e.name));
      for (let i = 0; i < objects.length; i += 16) await Promise.all(objects.slice(i, i + 16).map((o) => ctx.swift.deleteObject(c, o)));
      await ctx.swift.deleteContainer(c);
    } catch {
      // not there
    }
  };
  const T = String(concurrency);
  const small = smallFilesFor(concurrency);
  /** The project's syncer with extra arguments (the small-file limiter on or off). */
  const projectTool = (id: string, label: string, extra: string[]) => ({
    id,
    label,
    push: async (c: string, phase: Phase) => {
      const t = await runTool(
        ctx.tools,
        ['node', syncer, tree, c, '--concurrency', T, ...extra, '--slo-threshold', String(sloThreshold), '--segment-size', String(segmentSize)],
        ctx.env,
        { keepStdout: true },
      );
      const out = JSON.parse(t.stdout) as { totals: Record<string, { files: number }>; requests: Record<string, number> };
      const expected = { first: [n, 0, 0], changed: [0, changing.length, n - changing.length], noop: [0, 0, n] }[phase];
      const got = [out.totals.new.files, out.totals.changed.files, out.totals.identical.files];
      if (got.join() !== expected.join()) fail(`${id} ${phase} push`, `compared new/changed/identical ${got.join('/')}, expected ${expected.join('/')}`);
      return {
        ms: t.ms,
        note: Object.entries(out.requests)
          .map(([m, k]) => `${k} ${m}`)
          .join(', '),
      };
    },
  });
  const tools: Array<{ id: string; label: string; push: (c: string, phase: Phase) => Promise<{ ms: number; note?: string }> }> = [
    {
      id: 'swift',
      label: `swift upload --changed --skip-identical (10 object threads, SLO from ${segmentSize / MIB} MiB: --use-slo -S)`,
      push: async (c) => {
        const t = await runTool(
          ctx.tools,
          ['sh', '-c', `cd "$0" && exec "$@"`, tree, 'swift', 'upload', '--changed', '--skip-identical', '--use-slo', '-S', String(segmentSize), c, ...tops],
          ctx.env,
        );
        return { ms: t.ms };
      },
    },
    projectTool(
      'project',
      `project: syncer.js (compareFolder + runSync, as the command), concurrency ${T}, files under 1 MiB ${small.concurrency} at once`,
      [],
    ),
    projectTool('projectShared', `project before: syncer.js, one PUT per small file (no archives), files under 1 MiB ${small.concurrency} at once`, [
      '--no-archives',
    ]),
    {
      id: 'rclone',
      label: 'rclone sync (4 transfers, 8 checkers: its defaults)',
      push: async (c) => {
        const t = await runTool(ctx.tools, [...ctx.rclone, 'sync', tree, `bench:${c}`], ctx.env);
        return { ms: t.ms };
      },
    },
  ];

  const rounds = ctx.opts.runs;
  const samples: Record<string, Record<Phase, number[]>> = {};
  const loads: Record<string, number[]> = {};
  const requests: Record<string, Partial<Record<Phase, string>>> = {};
  for (const t of tools) {
    samples[t.id] = { first: [], changed: [], noop: [] };
    loads[t.id] = [];
    requests[t.id] = {};
  }
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < tools.length; k++) {
      const tool = tools[r % 2 ? tools.length - 1 - k : k];
      const c = `bench-sync-${tool.id}-${r}`;
      containers.add(c);
      containers.add(segmentsContainer(c));
      for (const x of [c, segmentsContainer(c)]) await remove(x);
      await ctx.swift.createContainer(c);
      loads[tool.id].push(loadavg()[0]);
      for (const phase of PHASES) {
        if (phase === 'changed') change();
        const got = await tool.push(c, phase);
        await check(`${tool.id} ${phase} push`, c);
        samples[tool.id][phase].push(got.ms);
        if (got.note) requests[tool.id][phase] = got.note;
        log(`sync · ${phase} push · ${tool.label}: ${got.ms.toFixed(0)} ms${got.note ? ` (${got.note})` : ''} (round ${r + 1}/${rounds})`);
      }
      restore();
    }
  }
  if (cloudStays) for (const c of containers) await remove(c);
  const stats = (phase: Phase): Record<string, Stat> => {
    const out: Record<string, Stat> = {};
    for (const t of tools) {
      out[t.id] = { ...statOf(t.id, t.label, samples[t.id][phase], loads[t.id]), note: requests[t.id][phase] };
    }
    return out;
  };
  return {
    measuredAt,
    files: n,
    bytes: totalBytes,
    largeFiles: large,
    largeBytes,
    changedFiles: changing.length,
    settings,
    first: stats('first'),
    changed: stats('changed'),
    noop: stats('noop'),
    projectRequests: requests.project,
    checks: [
      'after every push: the container listing equals the local tree (names, sizes, MD5 or SLO ETag of segment MD5s)',
      "the project's plan counts (new/changed/identical) as expected",
    ],
  };
}

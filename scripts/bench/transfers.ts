/**
 * Section 4 of the bench: upload and download of many small objects and of one large object, the project's
 * transfer module (src/openstack/swift/transfer: uploadFiles, planDownload + downloadObjects, called the way
 * src/commands/transfers.ts calls them, with the settings' defaults) against `swift upload/download` and
 * `rclone copy`, alternating rounds. Every run's result is checked (names, sizes, MD5s; SLO or not) outside the
 * timed part: a fast but wrong run stops the bench.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { SwiftClient } from '../../src/openstack/swift/client';
import { MIB, collectUploads, downloadObjects, planDownload, uploadFiles, type DownloadSummary, type UploadSummary } from '../../src/openstack/swift/transfer';
import { etagOfSegments } from '../../src/openstack/swift/transfer/manifests';
import { segmentsContainer } from '../../src/openstack/swift/transfer/segments';
import type { Ctx } from './cloud';
import type { TransfersResult } from './report';
import { alternate, exec, log, runTool, shq, transferSettings } from './util';

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

async function md5File(path: string): Promise<string> {
  const h = createHash('md5');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Every file under `dir`: relative name with `/` → size. */
function filesUnder(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const parent = e.parentPath ?? (e as unknown as { path: string }).path;
    out.set(relative(dir, join(parent, e.name)).split(sep).join('/'), statSync(join(parent, e.name)).size);
  }
  return out;
}

/**
 * Runs the section. `onCleanup` registers what must go when the bench ends (the local data); the containers
 * written are deleted at the end unless the cloud goes anyway (`cloudStays` false).
 */
export async function benchTransfers(ctx: Ctx, cloudStays: boolean, onCleanup: (fn: () => Promise<void>) => void): Promise<TransfersResult> {
  const measuredAt = new Date().toISOString();
  const n = ctx.opts.smallObjects;
  const smallSize = 1024;
  const settings = transferSettings();
  const { concurrency, sloThreshold, segmentSize } = settings;
  const swift = ctx.swift;
  // Ceph RGW answers `?multipart-manifest=get` with an empty body (RGW-DIFFERENCES.md, 9): an SLO is checked there by
  // its ETag (the MD5 of its segments' MD5s, as on Swift), and the project verifies its download by that ETag.
  const rgw = ctx.backend === 'rgw';
  const bulkUpload = 'bulk_upload' in (await swift.info()).raw;
  const shm = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/oss-bench-') : mkdtempSync(join(ctx.work, 'data-'));
  onCleanup(async () => rmSync(shm, { recursive: true, force: true }));

  // The data: n files of 1 KiB in src/s/, one tar of them, and one large file.
  const src = join(shm, 'src');
  mkdirSync(join(src, 's'), { recursive: true });
  const smallMd5 = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    const name = `s/f${String(i).padStart(5, '0')}.bin`;
    const body = randomBytes(smallSize);
    writeFileSync(join(src, name), body);
    smallMd5.set(name, md5(body));
  }
  await exec('tar', ['cf', join(shm, 'small.tar'), '-C', src, 's']);
  const largeBytes = 200 * MIB;
  if (largeBytes < sloThreshold) throw new Error(`the large file (${largeBytes} bytes) is below the SLO threshold ${sloThreshold}: it would not go as an SLO`);
  const bigDir = join(shm, 'big');
  mkdirSync(bigDir);
  const bigFile = join(bigDir, 'big.bin');
  const segmentMd5s: string[] = [];
  const whole = createHash('md5');
  {
    const out = createWriteStream(bigFile);
    // Distinct bytes in every segment (a repeated chunk would make equal segments, and could hide a mix-up).
    for (let i = 0; i < largeBytes / MIB; i++) {
      const chunk = randomBytes(MIB);
      whole.update(chunk);
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
  }
  const bigMd5 = whole.digest('hex');
  for (let at = 0; at < largeBytes; at += segmentSize) {
    const h = createHash('md5');
    for await (const c of createReadStream(bigFile, { start: at, end: Math.min(largeBytes, at + segmentSize) - 1 })) h.update(c as Buffer);
    segmentMd5s.push(h.digest('hex'));
  }
  const segments = segmentMd5s.length;
  const sloEtag = etagOfSegments(segmentMd5s);
  log(
    `transfers: ${n} files of ${smallSize} bytes; ${largeBytes / MIB} MiB file (MD5 ${bigMd5}; as an SLO: ${segments} segments of ${segmentSize / MIB} MiB, ETag ${sloEtag})`,
  );

  const containers = new Set<string>();
  const container = (tool: string, kind: string, round: number) => {
    const c = `bench-${kind}-${tool}-${round}`;
    containers.add(c);
    containers.add(segmentsContainer(c)); // the project's and swift's SLO segments go there
    return c;
  };
  const dl = (label: string) => {
    const d = join(shm, `dl-${label}-${randomBytes(3).toString('hex')}`);
    mkdirSync(d);
    return d;
  };
  const runIn = (cwd: string, cmd: string[]) => ['sh', '-c', `cd ${shq([cwd])} && exec ${shq(cmd)}`];
  const timed = async <T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> => {
    const t0 = performance.now();
    const value = await fn();
    return { ms: performance.now() - t0, value };
  };
  const fail = (what: string, detail: string): never => {
    throw new Error(`transfers: ${what}: WRONG RESULT: ${detail}`);
  };

  // ---- checks (never timed)
  /** The container holds exactly the n small objects: names, sizes, MD5s (from the listing's hashes). */
  const checkSmallContainer = async (what: string, c: string) => {
    const seen = new Map<string, { bytes: number; hash: string }>();
    for await (const batch of swift.listAllObjects(c, { concurrency: 1 }))
      for (const e of batch) seen.set(e.name, { bytes: e.bytes, hash: e.hash.toLowerCase() });
    if (seen.size !== n) fail(what, `${seen.size} objects in ${c}, not ${n}`);
    for (const [name, hash] of smallMd5) {
      const got = seen.get(name);
      if (!got) fail(what, `${name} missing from ${c}`);
      else if (got.bytes !== smallSize || got.hash !== hash) fail(what, `${c}/${name}: ${got.bytes} bytes, MD5 ${got.hash}`);
    }
  };
  /** The folder holds exactly the n small files (under `base`), byte-exact; then it is removed. */
  const checkSmallDir = (what: string, dir: string, base: string) => {
    const files = filesUnder(dir);
    if (files.size !== n) fail(what, `${files.size} files, not ${n}`);
    for (const [name, hash] of smallMd5) {
      const path = join(dir, base, name);
      if (files.get(`${base}${name}`) !== smallSize) fail(what, `${base}${name}: ${files.get(`${base}${name}`) ?? 'missing'}`);
      else if (md5(readFileSync(path)) !== hash) fail(what, `${base}${name}: wrong bytes`);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  /** The large object is there with the right size, and is (or is not) an SLO of the expected segments. */
  const checkBigObject = async (what: string, c: string, slo: boolean) => {
    const info = await swift.headObject(c, 'big.bin');
    if (info.bytes !== largeBytes) fail(what, `${info.bytes} bytes, not ${largeBytes}`);
    if (info.staticLargeObject !== slo) fail(what, slo ? 'not a Static Large Object' : 'a Static Large Object');
    if (info.etag.toLowerCase() !== (slo ? sloEtag : bigMd5)) fail(what, `ETag ${info.etag}, expected ${slo ? sloEtag : bigMd5}`);
    if (slo && !rgw) {
      const listed = await swift.sloSegments(c, 'big.bin');
      if (listed.length !== segments || listed.some((s, i) => s.hash.toLowerCase() !== segmentMd5s[i]))
        fail(what, `manifest lists ${listed.length} segments, not the ${segments} expected`);
    }
  };
  /** The downloaded large file: size and MD5 of the whole; then it is removed. */
  const checkBigFile = async (what: string, dir: string, rel: string) => {
    const files = filesUnder(dir);
    if (files.size !== 1 || files.get(rel) !== largeBytes) fail(what, `files ${JSON.stringify([...files])}, expected ${rel} of ${largeBytes} bytes`);
    const got = await md5File(join(dir, rel));
    if (got !== bigMd5) fail(what, `MD5 ${got}, not ${bigMd5}`);
    rmSync(dir, { recursive: true, force: true });
  };
  const checkUpload = (what: string, s: UploadSummary, files: number, segs?: number) => {
    if (s.failed.length) fail(what, `${s.failed.length} failed: ${(s.failed[0].error as Error).message}`);
    if (s.uploaded.length !== files || s.cancelled) fail(what, `${s.uploaded.length} uploaded of ${files}`);
    if (s.reusedSegments) fail(what, `${s.reusedSegments} segments reused (the bench must upload every byte)`);
    if (segs !== undefined && s.uploaded[0].segments?.count !== segs) fail(what, `${s.uploaded[0].segments?.count ?? 'no'} segments, not ${segs}`);
    if (segs === undefined && s.uploaded.some((u) => u.segments)) fail(what, 'a small file went as an SLO');
  };
  const checkDownload = (what: string, s: DownloadSummary, files: number, kind: string) => {
    if (s.failed.length) fail(what, `${s.failed.length} failed: ${(s.failed[0].error as Error).message}`);
    if (s.downloaded.length !== files || s.kept.length || s.cancelled) fail(what, `${s.downloaded.length} downloaded of ${files}, ${s.kept.length} kept`);
    const other = s.downloaded.find((d) => d.verified !== kind);
    if (other) fail(what, `${other.item.entry.name} verified by ${other.verified}, not ${kind}`);
  };

  // ---- the project, as src/commands/transfers.ts calls the module
  const projectUpload = async (paths: string[], c: string) => {
    await swift.createContainer(c);
    const { items, skipped } = await collectUploads(paths, '');
    if (skipped.length) throw new Error(`collectUploads skipped ${skipped.length} paths`);
    return uploadFiles(swift, items, { container: c, concurrency, sloThreshold, segmentSize });
  };
  const projectDownload = async (client: SwiftClient, c: string, object: string | undefined, dir: string) => {
    const source = object !== undefined ? { container: c, object } : { container: c, prefix: '', localBase: `${c}/` };
    const plan = await planDownload(client, [source], dir);
    if (plan.refused.length) throw new Error(`planDownload refused ${plan.refused.length} objects`);
    return { plan, summary: await downloadObjects(client, plan, { overwrite: false, concurrency }) };
  };

  const P = `concurrency ${concurrency}`;
  log(
    `transfers: the project's settings: ${P}, SLO from ${sloThreshold / MIB} MiB, segments of ${segmentSize / MIB} MiB (openstackStorage.transfers.* defaults)`,
  );
  // Compared variants are neighbours (rounds alternate direction): swift | project | rclone.
  const smallUp = await alternate(
    `upload ${n} small objects`,
    [
      {
        id: 'swift',
        label: 'swift upload (10 object threads, its default)',
        run: async (r) => {
          const c = container('swift', 'up', r);
          const t = await runTool(ctx.tools, runIn(src, ['swift', 'upload', c, 's']), ctx.env);
          await checkSmallContainer('swift upload', c);
          return { ms: t.ms };
        },
      },
      {
        id: 'project',
        label: `project: uploadFiles (transfer module), ${P} (the setting's default)`,
        run: async (r) => {
          const c = container('project', 'up', r);
          const t = await timed(() => projectUpload([join(src, 's')], c));
          checkUpload('project upload', t.value, n);
          await checkSmallContainer('project upload', c);
          return { ms: t.ms };
        },
      },
      {
        id: 'rclone',
        label: 'rclone copy (4 transfers, its default)',
        run: async (r) => {
          const c = container('rclone', 'up', r);
          const t = await runTool(ctx.tools, [...ctx.rclone, 'copy', join(src, 's'), `bench:${c}/s`], ctx.env);
          await checkSmallContainer('rclone copy (upload)', c);
          return { ms: t.ms };
        },
      },
      // Where /info offers bulk uploads (Swift; Ceph RGW has none).
      ...(!bulkUpload
        ? []
        : [
            {
              id: 'tar',
              label: 'raw: one tar, ?extract-archive=tar (curl)',
              run: async (r: number) => {
                const c = container('tar', 'up', r);
                const t = await runTool(
                  ctx.tools,
                  [
                    'curl',
                    '-sS',
                    '--fail',
                    '-X',
                    'PUT',
                    '-H',
                    `@${ctx.curlHeaders}`,
                    '-H',
                    'Accept: application/json',
                    '--data-binary',
                    `@${join(shm, 'small.tar')}`,
                    `${ctx.storageUrl}/${c}?extract-archive=tar`,
                  ],
                  ctx.env,
                  { keepStdout: true },
                );
                const created = (JSON.parse(t.stdout) as { 'Number Files Created': number })['Number Files Created'];
                if (created !== n) fail('extract-archive', `created ${created} of ${n}: ${t.stdout.slice(0, 300)}`);
                await checkSmallContainer('extract-archive', c);
                return { ms: t.ms };
              },
            },
          ]),
    ],
    ctx.opts.runs,
  );

  // Downloads: every tool reads the same objects, the project's upload of the same round.
  const smallDown = await alternate(
    `download ${n} small objects`,
    [
      {
        id: 'swift',
        label: 'swift download (10 object threads)',
        run: async (r) => {
          const d = dl('swift');
          const t = await runTool(ctx.tools, runIn(d, ['swift', 'download', `bench-up-project-${r}`]), ctx.env);
          checkSmallDir('swift download', d, '');
          return { ms: t.ms };
        },
      },
      {
        id: 'project',
        label: `project: planDownload + downloadObjects, ${P}, each file MD5-verified`,
        run: async (r) => {
          const d = dl('project');
          const c = `bench-up-project-${r}`;
          const t = await timed(() => projectDownload(swift, c, undefined, d));
          checkDownload('project download', t.value.summary, n, 'md5');
          checkSmallDir('project download', d, `${c}/`);
          return { ms: t.ms };
        },
      },
      {
        id: 'rclone',
        label: 'rclone copy (4 transfers)',
        run: async (r) => {
          const d = dl('rclone');
          const t = await runTool(ctx.tools, [...ctx.rclone, 'copy', `bench:bench-up-project-${r}`, d], ctx.env);
          checkSmallDir('rclone copy (download)', d, '');
          return { ms: t.ms };
        },
      },
    ],
    ctx.opts.runs,
  );

  const segMiB = segmentSize / MIB;
  const largeUp = await alternate(
    `upload one ${largeBytes / MIB} MiB object`,
    [
      {
        id: 'swiftSlo',
        label: `swift upload --use-slo --segment-size ${segMiB} MiB (SLO, 10 segment threads)`,
        run: async (r) => {
          const c = container('swift-slo', 'big', r);
          const t = await runTool(ctx.tools, runIn(bigDir, ['swift', 'upload', '--use-slo', '--segment-size', String(segmentSize), c, 'big.bin']), ctx.env);
          await checkBigObject('swift upload --use-slo', c, true);
          return { ms: t.ms };
        },
      },
      {
        id: 'project',
        label: `project: uploadFiles, SLO of ${segments} × ${segMiB} MiB segments, ${P}`,
        run: async (r) => {
          const c = container('project', 'big', r);
          const t = await timed(() => projectUpload([bigFile], c));
          checkUpload('project upload (SLO)', t.value, 1, segments);
          await checkBigObject('project upload (SLO)', c, true);
          return { ms: t.ms };
        },
      },
      {
        id: 'rclone',
        label: 'rclone copyto (one PUT: rclone segments only above 5 GiB)',
        run: async (r) => {
          const c = container('rclone', 'big', r);
          const t = await runTool(ctx.tools, [...ctx.rclone, 'copyto', bigFile, `bench:${c}/big.bin`], ctx.env);
          await checkBigObject('rclone copyto (upload)', c, false);
          return { ms: t.ms };
        },
      },
      {
        id: 'swift',
        label: 'swift upload (one PUT, no segments)',
        run: async (r) => {
          const c = container('swift', 'big', r);
          const t = await runTool(ctx.tools, runIn(bigDir, ['swift', 'upload', c, 'big.bin']), ctx.env);
          await checkBigObject('swift upload (one PUT)', c, false);
          return { ms: t.ms };
        },
      },
    ],
    ctx.opts.runs,
  );

  // Every tool downloads the same SLO: the project's upload of the same round.
  const largeDown = await alternate(
    `download one ${largeBytes / MIB} MiB object (SLO)`,
    [
      {
        id: 'swift',
        label: 'swift download (SLO; no checksum for large objects)',
        run: async (r) => {
          const d = dl('swift');
          const t = await runTool(ctx.tools, ['swift', 'download', `bench-big-project-${r}`, 'big.bin', '-o', join(d, 'big.bin')], ctx.env);
          await checkBigFile('swift download', d, 'big.bin');
          return { ms: t.ms };
        },
      },
      {
        id: 'project',
        label: rgw
          ? 'project: planDownload + downloadObjects, verified by the ETag of its segments'
          : `project: planDownload + downloadObjects, verified per segment (SLO manifest)`,
        run: async (r) => {
          const d = dl('project');
          const t = await timed(() => projectDownload(swift, `bench-big-project-${r}`, 'big.bin', d));
          checkDownload('project download (SLO)', t.value.summary, 1, rgw ? 'segmentsEtag' : 'slo');
          await checkBigFile('project download (SLO)', d, 'big.bin');
          return { ms: t.ms };
        },
      },
      {
        id: 'rclone',
        label: 'rclone copyto (SLO)',
        run: async (r) => {
          const d = dl('rclone');
          const t = await runTool(ctx.tools, [...ctx.rclone, 'copyto', `bench:bench-big-project-${r}/big.bin`, join(d, 'big.bin')], ctx.env);
          await checkBigFile('rclone copyto (download)', d, 'big.bin');
          return { ms: t.ms };
        },
      },
    ],
    ctx.opts.runs,
  );

  // Everything uploaded goes again (unless the cloud goes with it).
  for (const c of cloudStays ? containers : []) {
    try {
      if (!(await swift.headContainer(c).catch(() => undefined))) continue;
      const objects: { container: string; name: string }[] = [];
      for await (const batch of swift.listAllObjects(c)) for (const e of batch) objects.push({ container: c, name: e.name });
      await swift.bulkDelete([...objects, { container: c }]);
    } catch (e) {
      log(`cleanup of ${c}: ${(e as Error).message}`);
    }
  }
  const checks = [
    `uploads of the ${n} small objects (every tool, every run): the container's listing holds exactly the ${n} names, each ${smallSize} bytes with the source file's MD5`,
    `downloads of the small objects: exactly ${n} files, each byte-compared (MD5) with its source`,
    `uploads of the ${largeBytes / MIB} MiB file: HEAD size; the SLO variants an SLO whose ETag is that of the ${segments} source segments${rgw ? '' : ' and whose manifest lists their MD5s'}, the one-PUT variants not an SLO with the file's MD5 as ETag`,
    `downloads of the ${largeBytes / MIB} MiB SLO: one file of ${largeBytes} bytes with the source's MD5`,
    `the project: no failed, cancelled, kept or skipped file, no reused segment, downloads verified by MD5 (small) and ${rgw ? 'by the ETag of the segments (SLO; RGW lists no manifest)' : 'per segment (SLO)'}`,
  ];
  return {
    measuredAt,
    region: ctx.region,
    backend: ctx.backend,
    smallObjects: n,
    smallBytes: smallSize,
    largeBytes,
    settings,
    smallUp,
    smallDown,
    largeUp,
    largeDown,
    checks,
  };
}

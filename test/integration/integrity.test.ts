/**
 * Download integrity against the real Swift, with a front door (test/support/frontDoor.ts) that changes its
 * answers on the way: a corrupted byte, a short body, a body longer than Swift sent, a wrong ETag, and a
 * connection cut before the announced length. For a plain object, a segment of a Static Large Object and a part
 * of a Dynamic Large Object, the download (the Download… command's transfer module) fails with the checksum
 * sentence and leaves no file and no partial file; reading the object into memory as the editor's open does
 * (the same client functions) fails too, and nothing is returned. Each case also checks that its fault was
 * really injected, so that a test cannot pass because nothing happened.
 */
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOpenStackError } from '../../src/openstack/errors';
import type { SwiftClient } from '../../src/openstack/swift/client';
import { swiftUrl } from '../../src/openstack/swift/names';
import { downloadObjects, planDownload } from '../../src/openstack/swift/transfer';
import { expectedOf, readVerified } from '../../src/openstack/swift/transfer/verify';
import { Doors, openDoors, type Fault, type SeenRequest } from '../support/frontDoor';
import { SwiftFixture, deleteContainers, swiftFixture, uniqueContainer } from '../support/swiftFixture';
import { TestSession, testSession } from './faultsSupport';

const PART = 100_000;
const parts = [randomBytes(PART), randomBytes(PART), randomBytes(PART)];
const whole = Buffer.concat(parts);
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

const encodedPath = (name: string) => name.split('/').map(encodeURIComponent).join('/');

/**
 * The objects, and the requests whose answers the faults change: the object's own GET (whole-object downloads
 * and the editor's open, where the proxy joins the segments) and, for a large object, its second segment's or
 * part's GET (segment-by-segment downloads). A wrong ETag is put on the object's answer, and on the segment's
 * for an SLO (whose manifest lists each segment's MD5); the middle byte of the whole object lies in segment 2.
 */
const OBJECTS = [
  { label: 'a plain object', name: 'plain ☁ %.bin', segment: undefined, segmentEtag: false },
  { label: 'a segment of a Static Large Object', name: 'slo ☁.bin', segment: 'slo-segs/001', segmentEtag: true },
  { label: 'a part of a Dynamic Large Object', name: 'dlo ☁.bin', segment: 'dlo-parts/001', segmentEtag: false },
] as const;

/** What the middlebox or a lying server does to the bytes, or to the ETag of the object's own answer. */
const FAULTS: Array<{ label: string; body?: (b: Buffer) => Buffer; wrongEtag?: true; cut?: true }> = [
  {
    label: 'one corrupted byte',
    body: (b) => Buffer.concat([b.subarray(0, b.length >> 1), Buffer.from([b[b.length >> 1] ^ 0xff]), b.subarray((b.length >> 1) + 1)]),
  },
  { label: 'a short body (Content-Length follows it)', body: (b) => b.subarray(0, b.length >> 1) },
  { label: 'a body longer than Swift sent', body: (b) => Buffer.concat([b, randomBytes(1000)]) },
  { label: 'a wrong ETag', wrongEtag: true },
  { label: 'a connection cut before the announced length', body: (b) => b.subarray(0, b.length >> 1), cut: true },
];

describe('download integrity through a corrupting front door (integration)', function () {
  this.timeout(90_000);
  let f: SwiftFixture;
  let doors: Doors;
  let t: TestSession;
  let client: SwiftClient;
  const container = uniqueContainer('integrity');
  const targets: string[] = [];

  before(async () => {
    f = await swiftFixture();
    doors = await openDoors(f.cloud);
    t = testSession({ authUrl: doors.authUrl, user: f.cloud.demo, http: { retry: { maxRetries: 1, minTimeoutMs: 10, maxTimeoutMs: 10 } } });
    client = await t.session.swift(f.cloud.regions[0].name);
    await f.swift.createContainer(container);
    await f.swift.putObject(container, OBJECTS[0].name, whole);
    for (const [i, part] of parts.entries()) {
      await f.swift.putObject(container, `slo-segs/${String(i).padStart(3, '0')}`, part);
      await f.swift.putObject(container, `dlo-parts/${String(i).padStart(3, '0')}`, part);
    }
    const manifest = await f.http.request({
      method: 'PUT',
      url: swiftUrl(f.storageUrl, container, OBJECTS[1].name, { 'multipart-manifest': 'put' }),
      headers: { 'x-auth-token': await f.tokens.token() },
      body: JSON.stringify(parts.map((p, i) => ({ path: `/${container}/slo-segs/${String(i).padStart(3, '0')}`, etag: md5(p), size_bytes: p.length }))),
    });
    await manifest.dump();
    await f.swift.putObject(container, OBJECTS[2].name, '', { headers: { 'x-object-manifest': `${encodeURIComponent(container)}/dlo-parts/` } });
    for (const o of OBJECTS) assert.equal((await f.swift.headObject(container, o.name)).bytes, whole.length, o.label);
  });

  after(async () => {
    if (doors) doors.swift[0].fault = undefined;
    for (const dir of targets) rmSync(dir, { recursive: true, force: true });
    if (f) await deleteContainers(f.swift, [container]);
    await doors?.close();
    await t?.http.close();
  });

  /** Injects the fault into answers about `object`; returns how many answers it changed. */
  function inject(object: (typeof OBJECTS)[number], fault: (typeof FAULTS)[number]): () => number {
    const at = (name: string) => `/${encodeURIComponent(container)}/${encodedPath(name)}`;
    const bodyPaths = [at(object.name), ...(object.segment ? [at(object.segment)] : [])];
    const etagPaths = [at(object.name), ...(object.segment && object.segmentEtag ? [at(object.segment)] : [])];
    let changed = 0;
    doors.swift[0].fault = (r: SeenRequest): Fault | undefined => {
      const [path, query = ''] = r.path.split('?');
      if (/multipart-manifest=get/.test(query)) return undefined;
      if (fault.wrongEtag) {
        if ((r.method !== 'GET' && r.method !== 'HEAD') || !etagPaths.some((p) => path.endsWith(p))) return undefined;
        changed++;
        return { kind: 'alter', headers: (h) => void (h.etag = `"${md5(Buffer.from('something else'))}"`) };
      }
      if (r.method !== 'GET' || !bodyPaths.some((p) => path.endsWith(p))) return undefined;
      changed++;
      return { kind: 'alter', body: fault.body, cutAfterBody: fault.cut };
    };
    return () => changed;
  }

  const filesUnder = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name);

  for (const object of OBJECTS) {
    for (const fault of FAULTS) {
      it(`${object.label}, ${fault.label}: the download fails, leaving no file; the open fails, returning nothing`, async () => {
        const target = mkdtempSync(join(tmpdir(), 'oss-integrity-'));
        targets.push(target);
        const changed = inject(object, fault);
        try {
          const plan = await planDownload(client, [{ container, object: object.name }], target);
          const summary = await downloadObjects(client, plan, { overwrite: false });
          assert.deepEqual(summary.downloaded, [], 'nothing reported as downloaded');
          assert.equal(summary.failed.length, 1);
          const error = summary.failed[0].error as Error & { kind?: string };
          if (fault.cut) assert.ok(['network', 'checksum'].includes(error.kind ?? ''), error.message);
          else {
            assert.equal(error.kind, 'checksum', error.message);
            assert.match(error.message, /^Cannot download object "[^"]+" in container "[^"]+": .+; the partial file was removed, download it again\.$/);
          }
          assert.deepEqual(filesUnder(target), [], 'no file and no partial file');

          // The editor's open: the object's GET, what it must hash to, and the checked read.
          const openError = await client
            .getObject(container, object.name)
            .then(
              async ({ info, body }) => {
                const opened = await readVerified(body, await expectedOf(client, container, object.name, info), container, object.name);
                return `the open returned ${opened.bytes.length} bytes (${opened.verification})`;
              },
              (e: unknown) => e,
            )
            .catch((e: unknown) => e);
          if (typeof openError === 'string') assert.fail(openError);
          if (fault.cut) assert.ok(isOpenStackError(openError, 'network') || isOpenStackError(openError, 'checksum'), String(openError));
          else {
            assert.ok(isOpenStackError(openError, 'checksum'), String(openError));
            assert.match((openError as Error).message, /^The bytes did not arrive intact: .+\. Nothing was opened; try again\.$/);
          }
        } finally {
          doors.swift[0].fault = undefined;
        }
        assert.ok(changed() >= 2, `the fault changed ${changed()} answers (the download's and the open's)`);
      });
    }
  }

  it('without a fault, the same download and open succeed, verified (the cases above fail for their fault alone)', async () => {
    const target = mkdtempSync(join(tmpdir(), 'oss-integrity-'));
    targets.push(target);
    const plan = await planDownload(
      client,
      OBJECTS.map((o) => ({ container, object: o.name })),
      target,
    );
    const summary = await downloadObjects(client, plan, { overwrite: false });
    assert.deepEqual(summary.failed, []);
    assert.deepEqual(summary.downloaded.map((d) => d.verified).sort(), ['dlo', 'md5', 'slo']);
    for (const o of OBJECTS) {
      const { info, body } = await client.getObject(container, o.name);
      const read = await readVerified(body, await expectedOf(client, container, o.name, info), container, o.name);
      assert.ok(read.bytes.equals(whole), o.label);
    }
  });
});

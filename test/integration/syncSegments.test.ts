/**
 * A push that replaces a large object deletes the old object's segments once the new one is in place, as `swift
 * upload` does without --leave-segments: only segments the old manifest used and the new one does not (a Static
 * Large Object this engine wrote; a Dynamic Large Object `swift upload` wrote), never another object's, and none
 * when the new upload failed.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareFolder, runSync } from '../../src/openstack/swift/sync';
import { segmentsContainer } from '../../src/openstack/swift/transfer/segments';
import { forEachBackend } from '../support/backends';
import { writeTree } from '../support/localFiles';
import { readAll, swiftSuite, type SwiftFixture } from '../support/swiftFixture';

const MIB = 1024 * 1024;

// On RGW, which answers ?multipart-manifest=get with an empty body, the old SLO's segments are found by where this
// engine put them and the ETag they make (sync/oldSegments.ts): the same tests, the same results.
forEachBackend('sync: old segments of a replaced large object (integration)', function (backend) {
  this.timeout(120_000);
  let f: SwiftFixture;
  let work: string;
  const suite = swiftSuite((fixture) => (f = fixture), { backend });
  before(() => (work = mkdtempSync(join(tmpdir(), 'oss-sync-segments-'))));
  after(() => rmSync(work, { recursive: true, force: true }));

  const push = async (folder: string, container: string) => {
    const plan = await compareFolder(f.swift, { folder, container, prefix: '' }, { direction: 'push', segmentSize: MIB });
    return runSync(f.swift, plan, { deleteExtras: false, sloThreshold: MIB, segmentSize: MIB });
  };
  const segmentNames = async (container: string) => {
    const out: string[] = [];
    for await (const batch of f.swift.listAllObjects(segmentsContainer(container))) out.push(...batch.map((e) => e.name));
    return out.sort();
  };
  // The segments this engine wrote for one object (`<name>/slo/…`): read by listing, as RGW returns no manifest.
  const segmentsOf = async (container: string, name: string) => (await segmentNames(container)).filter((n) => n.startsWith(`${name}/slo/`));

  it('an SLO pushed again with new content: its old segments go once the new manifest is in place, others stay', async () => {
    const container = await suite.container('sync-slo');
    suite.created.push(segmentsContainer(container));
    const folder = join(work, 'slo');
    writeTree(
      folder,
      new Map([
        ['big.bin', randomBytes(3 * MIB + 17)],
        ['keep.bin', randomBytes(2 * MIB + 5)],
      ]),
    );
    const first = await push(folder, container);
    assert.deepEqual([first.failed, first.transferred.files, first.oldSegmentsDeleted], [[], 2, 0]);
    const oldBig = await segmentsOf(container, 'big.bin');
    const keep = await segmentsOf(container, 'keep.bin');
    assert.equal(oldBig.length, 4);
    assert.deepEqual(await segmentNames(container), [...oldBig, ...keep].sort());

    const edited = randomBytes(2 * MIB + 9);
    writeFileSync(join(folder, 'big.bin'), edited);
    const second = await push(folder, container);
    assert.deepEqual([second.failed, second.transferred.files, second.oldSegmentsDeleted], [[], 1, 4]);
    const newBig = await segmentsOf(container, 'big.bin');
    assert.equal(newBig.length, 3);
    assert.ok(!newBig.some((n) => oldBig.includes(n)));
    assert.deepEqual(await segmentNames(container), [...newBig, ...keep].sort(), "only the old manifest's segments went");
    assert.ok((await readAll((await f.swift.getObject(container, 'big.bin')).body)).equals(edited));
  });

  it("a DLO written by `swift upload` replaced by a push: the segments under its manifest's prefix go", async () => {
    const container = await suite.container('sync-dlo');
    suite.created.push(segmentsContainer(container));
    const folder = join(work, 'dlo');
    writeTree(folder, new Map([['data.bin', randomBytes(2 * MIB + 3)]]));
    // Without --use-slo, python-swiftclient makes a Dynamic Large Object: segments in <container>_segments.
    execFileSync(
      'swift',
      ['--os-storage-url', f.storageUrl, '--os-auth-token', await f.tokens.token(), 'upload', '--segment-size', String(MIB), container, 'data.bin'],
      {
        cwd: folder,
        stdio: 'pipe',
      },
    );
    assert.ok((await f.swift.headObject(container, 'data.bin')).dynamicLargeObject, 'the CLI made a DLO');
    const dloSegments = await segmentNames(container);
    assert.equal(dloSegments.length, 3);
    // An unrelated object in the segments container stays.
    await f.swift.putObject(segmentsContainer(container), 'unrelated.txt', Buffer.from('stay\n'));

    const edited = randomBytes(2 * MIB + 4);
    writeFileSync(join(folder, 'data.bin'), edited);
    const summary = await push(folder, container);
    assert.deepEqual([summary.failed, summary.transferred.files, summary.oldSegmentsDeleted], [[], 1, 3]);
    const now = await segmentsOf(container, 'data.bin');
    assert.equal(now.length, 3);
    assert.deepEqual(await segmentNames(container), [...now, 'unrelated.txt'].sort());
    assert.ok((await readAll((await f.swift.getObject(container, 'data.bin')).body)).equals(edited));
  });

  it('when the new upload fails, the old segments stay and the old object still reads whole', async () => {
    const container = await suite.container('sync-slo-fail');
    suite.created.push(segmentsContainer(container));
    const folder = join(work, 'fail');
    const original = randomBytes(2 * MIB + 1);
    writeTree(folder, new Map([['big.bin', original]]));
    await push(folder, container);
    const before = await segmentNames(container);
    writeFileSync(join(folder, 'big.bin'), randomBytes(2 * MIB + 2));
    const plan = await compareFolder(f.swift, { folder, container, prefix: '' }, { direction: 'push', segmentSize: MIB });
    // The file vanishes after the comparison: its upload fails.
    rmSync(join(folder, 'big.bin'));
    const summary = await runSync(f.swift, plan, { deleteExtras: false, sloThreshold: MIB, segmentSize: MIB });
    assert.equal(summary.failed.length, 1);
    assert.equal(summary.oldSegmentsDeleted, 0);
    assert.deepEqual(await segmentNames(container), before);
    assert.ok((await readAll((await f.swift.getObject(container, 'big.bin')).body)).equals(original));
  });
});

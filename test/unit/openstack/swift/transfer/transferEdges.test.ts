/**
 * Edges of the transfer code found by mutation testing: content types of dot names, segment sizing at its
 * limits, the limiter's cancelled waiters, manifests Swift answers oddly, and large objects on a server that does
 * not return manifests (Ceph RGW), checked from where the segments are.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isOpenStackError } from '../../../../../src/openstack/errors';
import { parseSwiftInfo } from '../../../../../src/openstack/swift/info';
import type { SwiftClient } from '../../../../../src/openstack/swift/client';
import { guessContentType } from '../../../../../src/openstack/swift/transfer/contentTypes';
import { downloadObjects, planDownload } from '../../../../../src/openstack/swift/transfer/download';
import { ManifestUnreadableError, etagOfSegments, splitSegmentPath } from '../../../../../src/openstack/swift/transfer/manifests';
import { Limiter, runPool } from '../../../../../src/openstack/swift/transfer/pool';
import { ProgressTracker } from '../../../../../src/openstack/swift/transfer/progress';
import { uniformSegmentSizes } from '../../../../../src/openstack/swift/transfer/segmentLayout';
import { expectedOf } from '../../../../../src/openstack/swift/transfer/verify';
import {
  DEFAULT_SEGMENT_SIZE,
  DEFAULT_SLO_LIMITS,
  MIB,
  chooseSegmentSize,
  planSegments,
  sloLimits,
} from '../../../../../src/openstack/swift/transfer/segments';
import { reply } from '../../../../support/loopbackServer';
import { MemorySwift, md5, memorySwiftTest } from './memorySwift';

const ticks = async (n = 10) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

describe('transfer edges: content types', () => {
  it('a name starting with a dot, or a dot only in a folder name, has no extension', () => {
    assert.equal(guessContentType('.pdf'), 'application/octet-stream');
    assert.equal(guessContentType('x/.pdf'), 'application/octet-stream');
    assert.equal(guessContentType('a.b/c.pdf'), 'application/pdf');
  });
});

describe('transfer edges: segment sizing', () => {
  const info = (slo: unknown) => parseSwiftInfo({ swift: {}, slo });
  it('reads only an slo section that is an object, and only whole positive limits from it', () => {
    assert.equal(sloLimits(info(true)), undefined);
    assert.equal(sloLimits(info('yes')), undefined);
    assert.deepEqual(sloLimits(info({ max_manifest_segments: 1, min_segment_size: 1 })), { maxManifestSegments: 1, minSegmentSize: 1 });
    assert.deepEqual(sloLimits(info({ max_manifest_segments: '50', min_segment_size: Infinity })), DEFAULT_SLO_LIMITS);
    assert.deepEqual(sloLimits(info({ max_manifest_segments: 0.5, min_segment_size: 7.9 })), { maxManifestSegments: 1000, minSegmentSize: 7 });
  });
  it('takes the requested size (whole bytes, the default for none), raised to whole MiB only past the segment limit', () => {
    const limits = { maxManifestSegments: 10, minSegmentSize: 1 };
    assert.equal(chooseSegmentSize(100, 0, DEFAULT_SLO_LIMITS), DEFAULT_SEGMENT_SIZE);
    assert.equal(chooseSegmentSize(100, 7.9, DEFAULT_SLO_LIMITS), 7);
    assert.equal(chooseSegmentSize(10 * MIB, MIB, limits), MIB, 'exactly the limit fits');
    assert.equal(chooseSegmentSize(10 * MIB + 1, MIB, limits), 2 * MIB);
    assert.equal(chooseSegmentSize(35 * MIB, MIB, limits), 4 * MIB);
  });
  it('refuses a segment size under one byte, with the size in the sentence', () => {
    for (const size of [0, 0.5, NaN]) {
      assert.throws(
        () => planSegments('o', 10, '1.000000', size),
        (e: unknown) => isOpenStackError(e, 'invalidInput') && e.message === `Segment size must be at least 1 byte, not ${size}.`,
      );
    }
  });
  it('takes a name whose segment names are exactly at the limit, and says by how much longer ones grow', () => {
    const prefixLength = 'o/slo/1.000000/10/1/'.length + 8;
    assert.equal(planSegments('o', 10, '1.000000', 1, prefixLength).length, 10);
    assert.throws(
      () => planSegments('o', 10, '1.000000', 1, prefixLength - 1),
      (e: unknown) =>
        isOpenStackError(e, 'invalidInput') &&
        e.message ===
          `The object name "o" is too long to be uploaded in segments: segment names add ${prefixLength - 1} characters and Swift takes ${prefixLength - 1} at most.`,
    );
  });
});

describe('transfer edges: limiter and pool', () => {
  it('has at least one slot, and whole slots', () => {
    assert.equal(new Limiter(0).slots, 1);
    assert.equal(new Limiter(0.5).slots, 1);
    assert.equal(new Limiter(2.7).slots, 2);
  });
  it('never runs work for a signal already aborted, even with a slot free', async () => {
    const limiter = new Limiter(1);
    let ran = false;
    await assert.rejects(
      limiter.run(async () => (ran = true), AbortSignal.abort()),
      (e: unknown) => isOpenStackError(e, 'cancelled') && e.message === 'Cancelled.',
    );
    assert.equal(ran, false);
    assert.equal(await limiter.run(async () => 'free'), 'free', 'the slot was not taken');
  });
  it('gives a cancelled waiter’s turn to the next one (its slot is not lost)', async () => {
    const limiter = new Limiter(1);
    let release!: () => void;
    const held = limiter.run(() => new Promise<void>((r) => (release = r)));
    const stop = new AbortController();
    const cancelled = limiter.run(async () => 'never', stop.signal);
    let later: string | undefined;
    const laterDone = limiter.run(async () => (later = 'ran'));
    stop.abort();
    await assert.rejects(cancelled, (e: unknown) => isOpenStackError(e, 'cancelled') && e.message === 'Cancelled.');
    release();
    await held;
    await ticks();
    assert.equal(later, 'ran');
    await laterDone;
  });
  it('a pool cancelled says so in its sentence', async () => {
    await assert.rejects(
      runPool([1, 2], 1, async () => undefined, AbortSignal.abort()),
      (e: unknown) => isOpenStackError(e, 'cancelled') && e.message === 'Cancelled.',
    );
  });
  it('counts skipped files out of the byte total and ends a file only once', () => {
    const seen: string[] = [];
    const tracker = new ProgressTracker(3, 30, (p) =>
      seen.push(`${p.files.done}/${p.files.failed}/${p.files.skipped} ${p.bytes.done}/${p.bytes.total} ${p.active.length}`),
    );
    tracker.skip(10);
    const f = tracker.start('a', 10);
    f.add(4);
    f.end('done');
    f.end('failed');
    tracker.start('b', 10).end('cancelled');
    assert.deepEqual(seen, ['0/0/1 0/20 0', '0/0/1 0/20 1', '0/0/1 4/20 1', '1/0/1 4/20 0', '1/0/1 4/20 1', '1/0/1 4/20 0']);
    assert.deepEqual(tracker.snapshot().files, { total: 3, done: 1, failed: 0, skipped: 1 });
  });
});

describe('transfer edges: manifests and RGW (loopback Swift)', () => {
  const t = memorySwiftTest('oss-edges-');
  const at = t.at;
  let swift: MemorySwift;
  let client: SwiftClient;
  let dir: string;

  beforeEach(() => {
    ({ swift, client, dir } = t);
  });

  it('splits segment paths with or without their leading slash, and computes the ETag of segments', () => {
    assert.deepEqual(splitSegmentPath('/c/a/b'), ['c', 'a/b']);
    assert.deepEqual(splitSegmentPath('c/a/b'), ['c', 'a/b']);
    assert.deepEqual(splitSegmentPath('/c'), ['c', undefined]);
    assert.equal(etagOfSegments(['ab', 'cd']), md5('abcd'));
  });

  it('sends the manifest as JSON to ?multipart-manifest=put and refuses an answer whose ETag is not that of the segments', async () => {
    const segs = [
      { path: '/s/1', etag: md5('1'), bytes: 1 },
      { path: '/s/2', etag: md5('2'), bytes: 1 },
    ];
    let etag = `"${etagOfSegments(segs.map((s) => s.etag)).toUpperCase()}"`;
    at.handler = (_req, res) => reply(res, 201, '', etag ? { etag } : {});
    assert.deepEqual(await client.putSloManifest('c', 'big', segs, { headers: { 'x-object-meta-a': 'b' } }), { etag: etagOfSegments(segs.map((s) => s.etag)) });
    const sent = at.server.seen[0];
    assert.equal(sent.method, 'PUT');
    assert.match(sent.url, /\/c\/big\?multipart-manifest=put$/);
    assert.equal(sent.headers['x-object-meta-a'], 'b');
    assert.deepEqual(JSON.parse(sent.body.toString()), [
      { path: '/s/1', etag: md5('1'), size_bytes: 1 },
      { path: '/s/2', etag: md5('2'), size_bytes: 1 },
    ]);
    for (const [answered, shown] of [
      [md5('other'), md5('other')],
      ['', '(none)'],
    ]) {
      etag = answered;
      await assert.rejects(client.putSloManifest('c', 'big', segs), (e: unknown) => {
        assert.ok(isOpenStackError(e, 'checksum'), String(e));
        assert.match(
          e.message,
          new RegExp(`Swift answered ETag ${shown.replace(/[()]/g, '\\$&')} for the manifest but its segments make ${etagOfSegments(segs.map((s) => s.etag))}`),
        );
        assert.match(e.message, /upload the manifest of object "big" in container "c"/);
        return true;
      });
    }
    at.handler = (_req, res) => reply(res, 404);
    await assert.rejects(client.putSloManifest('c', 'big', segs), /the container does not exist/);
  });

  it('reads a manifest’s segments (lower-case hashes, ranges, nested SLOs) and refuses what is not a segment list', async () => {
    let body = JSON.stringify([
      { name: '/s/1', hash: 'ABC', bytes: 3 },
      { name: '/s/2', hash: 'def', bytes: 4, range: '0-1', sub_slo: true },
    ]);
    at.handler = (_req, res) => reply(res, 200, body);
    assert.deepEqual(await client.sloSegments('c', 'o'), [
      { path: '/s/1', hash: 'abc', bytes: 3 },
      { path: '/s/2', hash: 'def', bytes: 4, range: '0-1', subSlo: true },
    ]);
    assert.match(at.server.seen[0].url, /\/c\/o\?multipart-manifest=get$/);
    const refusals: Array<[string, RegExp]> = [
      ['not json', /Cannot read the manifest of object "o" in container "c": Swift did not answer JSON\./],
      ['{"a":1}', /Cannot read the manifest of object "o" in container "c": Swift did not answer a JSON list\./],
      ['[null]', /a segment entry lacks name, hash or bytes\./],
      ['[{"hash":"h","bytes":1}]', /lacks name, hash or bytes/],
      ['[{"name":"/s/1","bytes":1}]', /lacks name, hash or bytes/],
      ['[{"name":"/s/1","hash":"h","bytes":"1"}]', /lacks name, hash or bytes/],
    ];
    for (const [text, sentence] of refusals) {
      body = text;
      await assert.rejects(client.sloSegments('c', 'o'), (e: unknown) => isOpenStackError(e, 'badResponse') && sentence.test(e.message), text);
    }
    body = '  \n';
    await assert.rejects(client.sloSegments('c', 'o'), (e: unknown) => {
      assert.ok(e instanceof ManifestUnreadableError);
      assert.ok(isOpenStackError(e, 'unsupported'));
      assert.match(e.message, /^Cannot read the manifest of object "o" in container "c": this server answers \?multipart-manifest=get with an empty body/);
      return true;
    });
  });

  /** An SLO of three segments laid out as uploads lay them out, on a server that does not return manifests. */
  function rgwSlo(segmentSize: number, bytes: string, layout = true) {
    swift.manifestsUnreadable = true;
    const paths: string[] = [];
    for (let i = 0, n = 0; i < bytes.length; i += segmentSize, n++) {
      const name = layout ? `big/slo/1700000000.000000/${bytes.length}/${segmentSize}/${String(n).padStart(8, '0')}` : `parts/${n}`;
      swift.put('c_segments', name, bytes.slice(i, i + segmentSize));
      paths.push(`/c_segments/${name}`);
    }
    return swift.putSlo('c', 'big', paths);
  }

  it('finds the segment sizes of the newest upload of that size from where segments are', async () => {
    rgwSlo(4, '0123456789');
    swift.put('c_segments', 'big/slo/1600000000.000000/10/3/00000000', 'x'); // older upload, other segment size
    swift.put('c_segments', 'big/slo/1800000000.000000/11/2/00000000', 'x'); // newer, but another file size
    swift.put('c_segments', 'big/slo/1900000000.000000/10/0/00000000', 'x'); // no segment size
    swift.put('c_segments', 'big/slo/1950000000.000000/10/5/0000001', 'x'); // not 8 digits
    swift.put('c_segments', 'big/slo/1990000000.000000/10/5/00000000/x', 'x'); // deeper
    swift.put('c_segments', 'other/slo/1990000000.000000/10/5/00000000', 'x'); // another object
    assert.deepEqual(await uniformSegmentSizes(client, 'c', 'big', 10), [4, 4, 2]);
    assert.equal(await uniformSegmentSizes(client, 'c', 'big', 12), undefined);
    assert.equal(await uniformSegmentSizes(client, 'nothing', 'big', 10), undefined, 'no segments container');
    swift.fail.set('GET /c_segments', 500);
    await assert.rejects(uniformSegmentSizes(client, 'c', 'big', 10), (e: unknown) => isOpenStackError(e, 'server'));
  });

  it('on RGW, downloads an SLO whole, checking each part and the ETag they make; a corrupt part fails', async () => {
    rgwSlo(4, '0123456789');
    const plan = await planDownload(client, [{ container: 'c', object: 'big' }], dir);
    let summary = await downloadObjects(client, plan, { overwrite: false });
    assert.deepEqual(
      summary.downloaded.map((d) => d.verified),
      ['segmentsEtag'],
    );
    assert.equal(readFileSync(join(dir, 'big'), 'utf8'), '0123456789');
    assert.ok(swift.log.includes('GET /c/big'), 'read whole: the segments cannot be listed');

    rmSync(join(dir, 'big'));
    swift.tamper = (_c, name, o) => (name === 'big' ? { body: Buffer.from(swift.content(o).toString().replace('5', 'X')) } : undefined);
    summary = await downloadObjects(client, plan, { overwrite: false });
    assert.ok(isOpenStackError(summary.failed[0]?.error, 'checksum'), String(summary.failed[0]?.error));
  });

  it('an SLO whose manifest fails to come (503, not a server that cannot return it) is not checked by size alone', async () => {
    rgwSlo(4, '0123456789');
    swift.manifestsUnreadable = false;
    const info = await client.headObject('c', 'big');
    swift.failNext.set('GET /c/big', [503]);
    await assert.rejects(expectedOf(client, 'c', 'big', info), (e: unknown) => isOpenStackError(e, 'server') && /manifest/.test(String(e)));
    // A server that cannot return manifests: the segment layout is guessed instead.
    swift.manifestsUnreadable = true;
    assert.equal((await expectedOf(client, 'c', 'big', info)).kind, 'segmentsEtag');
  });

  it('guesses the segment layout only for an ETag that is exactly an MD5', async () => {
    rgwSlo(4, '0123456789');
    const info = await client.headObject('c', 'big');
    assert.equal((await expectedOf(client, 'c', 'big', info)).kind, 'segmentsEtag');
    for (const etag of [`x${info.etag}`, `${info.etag}x`, `"${info.etag}"`]) {
      const before = swift.log.length;
      assert.equal((await expectedOf(client, 'c', 'big', { ...info, etag })).kind, 'sizeNoManifest', etag);
      assert.ok(!swift.log.slice(before).some((l) => l.startsWith('GET /c_segments')), 'no segment listing asked');
    }
  });

  it('on RGW, without segments where uploads put them, checks the size only and says so', async () => {
    rgwSlo(4, '0123456789', false);
    const plan = await planDownload(client, [{ container: 'c', object: 'big' }], dir);
    const summary = await downloadObjects(client, plan, { overwrite: false });
    assert.deepEqual(
      summary.downloaded.map((d) => d.verified),
      ['sizeNoManifest'],
    );
  });
});

/** Pure parts of transfers: content types, segment planning against /info limits, the concurrency pool and limiter. */
import * as assert from 'node:assert/strict';
import { guessContentType } from '../../../../../src/openstack/swift/transfer/contentTypes';
import { parseSwiftInfo } from '../../../../../src/openstack/swift/info';
import { Limiter, runPool } from '../../../../../src/openstack/swift/transfer/pool';
import { MIB, chooseSegmentSize, mtimeText, planSegments, segmentsContainer, sloLimits } from '../../../../../src/openstack/swift/transfer/segments';

const tick = () => new Promise((r) => setImmediate(r));

describe('transfer: content types', () => {
  it('guesses from the extension, case-insensitively, only from the last path part', () => {
    assert.equal(guessContentType('a/b/photo.JPG'), 'image/jpeg');
    assert.equal(guessContentType('report.pdf'), 'application/pdf');
    assert.equal(guessContentType('x.tar.gz'), 'application/gzip');
    assert.equal(guessContentType('notes.md'), 'text/markdown');
    assert.equal(guessContentType('dir.json/file'), 'application/octet-stream');
  });
  it('falls back to application/octet-stream: no extension, dot files, unknown, trailing dot', () => {
    for (const name of ['Makefile', '.bashrc', 'data.unknownext', 'archive.', '']) assert.equal(guessContentType(name), 'application/octet-stream', name);
  });
});

describe('transfer: segment planning', () => {
  it('names segments the way python-swiftclient does and covers the file exactly', () => {
    const plan = planSegments('dir/big file ☁.bin', 2 * MIB + 5, mtimeText(1_700_000_000_123), MIB);
    assert.deepEqual(
      plan.map((s) => s.name),
      [0, 1, 2].map((i) => `dir/big file ☁.bin/slo/1700000000.123000/${2 * MIB + 5}/${MIB}/0000000${i}`),
    );
    assert.deepEqual(
      plan.map((s) => [s.start, s.bytes]),
      [
        [0, MIB],
        [MIB, MIB],
        [2 * MIB, 5],
      ],
    );
    assert.equal(segmentsContainer('photos'), 'photos_segments');
  });
  it('plans exactly-divisible sizes without an empty last segment', () => {
    assert.deepEqual(
      planSegments('o', 4 * MIB, '1.000000', MIB).map((s) => s.bytes),
      [MIB, MIB, MIB, MIB],
    );
  });
  it('refuses names that segment names would push past the name limit', () => {
    assert.throws(() => planSegments('x'.repeat(1000), 10, '1.000000', 1), /too long to be uploaded in segments/);
  });
  it('respects /info: raised to min_segment_size, grown to fit max_manifest_segments', () => {
    const limits = sloLimits(parseSwiftInfo({ swift: {}, slo: { max_manifest_segments: 10, min_segment_size: 2 * MIB } }))!;
    assert.deepEqual(limits, { maxManifestSegments: 10, minSegmentSize: 2 * MIB });
    assert.equal(chooseSegmentSize(5 * MIB, MIB, limits), 2 * MIB);
    const size = chooseSegmentSize(100 * MIB + 1, MIB, limits);
    assert.ok(Math.ceil((100 * MIB + 1) / size) <= 10, `${size}`);
    assert.equal(sloLimits(parseSwiftInfo({ swift: {} })), undefined, 'no slo section: no SLO');
  });
});

describe('transfer: concurrency', () => {
  it('runPool visits every item once with at most N in flight', async () => {
    let active = 0;
    let peak = 0;
    const seen: number[] = [];
    await runPool([...Array(20).keys()], 3, async (i) => {
      active++;
      peak = Math.max(peak, active);
      await tick();
      seen.push(i);
      active--;
    });
    assert.equal(peak, 3);
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      [...Array(20).keys()],
    );
  });
  it('runPool starts nothing after an abort and reports it as cancelled', async () => {
    const stop = new AbortController();
    const started: number[] = [];
    await assert.rejects(
      runPool(
        [...Array(10).keys()],
        2,
        async (i) => {
          started.push(i);
          if (i === 3) stop.abort();
          await tick();
        },
        stop.signal,
      ),
      (e: { kind?: string }) => e.kind === 'cancelled',
    );
    assert.ok(started.length <= 5, `${started.length} started`);
  });
  it('runPool rethrows the first error after the items in flight end', async () => {
    let finished = 0;
    await assert.rejects(
      runPool([1, 2, 3, 4], 2, async (i) => {
        await tick();
        if (i === 1) throw new Error('one failed');
        finished++;
      }),
      /one failed/,
    );
    assert.equal(finished, 1, 'item 2 (in flight) ended; 3 and 4 never started');
  });
  it('Limiter caps calls across nested work and lets a waiting call be cancelled', async () => {
    const limiter = new Limiter(2);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const held = [limiter.run(() => gate), limiter.run(() => gate)];
    const stop = new AbortController();
    const waiting = limiter.run(async () => 'never', stop.signal);
    const later = limiter.run(async () => 'ran');
    stop.abort();
    await assert.rejects(waiting, (e: { kind?: string }) => e.kind === 'cancelled');
    release();
    await Promise.all(held);
    assert.equal(await later, 'ran');
    assert.equal(limiter.peak, 2);
  });
});

/**
 * Sync's run at its edges, against the in-memory loopback Swift (transfer/memorySwift.ts): files that change or
 * vanish while they are sent, large objects pulled and replaced (their old segments cleaned up), extras that cannot
 * be deleted, cancels at each step (a cancel never deletes what comes after it, never loses the summary, never leaves
 * a staged file), and the summary's sentences. Requests are hooked by wrapping the server's handler: no timing.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SwiftClient } from '../../../../src/openstack/swift/client';
import { compareFolder, rulesFrom, runSync, summaryText, type SyncPair, type SyncSummary } from '../../../../src/openstack/swift/sync';
import type { SeenRequest } from '../../../support/loopbackServer';
import { MemorySwift, memorySwiftTest } from './transfer/memorySwift';

const NO_RULES = rulesFrom([]);

describe('sync: run edges (loopback Swift)', () => {
  const t = memorySwiftTest('oss-sync-run-edges-', ['c']);
  let swift: MemorySwift;
  let client: SwiftClient;
  let dir: string;
  let pair: SyncPair;

  beforeEach(() => {
    ({ swift, client, dir } = t);
    pair = { folder: dir, container: 'c', prefix: 'p/' };
  });

  const local = (rel: string, body: string) => {
    mkdirSync(join(dir, ...rel.split('/').slice(0, -1)), { recursive: true });
    writeFileSync(join(dir, ...rel.split('/')), body);
  };
  /** Runs `before` when the server sees a request `METHOD /container/object` (decoded), then answers as usual. */
  const onRequest = (key: string, before: () => void) => {
    t.at.handler = (req: SeenRequest, res) => {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/v1\/AUTH_test/, '');
      if (`${req.method} ${path}` === key) before();
      swift.handler(req, res);
    };
  };
  const names = (container: string) => [...(swift.containers.get(container)?.keys() ?? [])].sort();
  const plan = (direction: 'push' | 'pull') => compareFolder(client, pair, { direction, rules: NO_RULES });

  it('push: a file that changed size (same time) or vanished while it was sent is said to need another sync', async () => {
    local('a.txt', 'a');
    local('b.txt', 'b');
    local('c.txt', 'c');
    for (const f of ['a.txt', 'b.txt', 'c.txt']) utimesSync(join(dir, f), 1600000000, 1600000000);
    const p = await plan('push');
    t.at.handler = (req: SeenRequest, res) => {
      if (req.method === 'PUT' && req.url.endsWith('/p/a.txt')) {
        writeFileSync(join(dir, 'a.txt'), 'aa');
        utimesSync(join(dir, 'a.txt'), 1600000000, 1600000000);
      }
      if (req.method === 'PUT' && req.url.endsWith('/p/b.txt')) rmSync(join(dir, 'b.txt'));
      swift.handler(req, res);
    };
    const summary = await runSync(client, p, { deleteExtras: false, concurrency: 1 });
    assert.deepEqual(summary.transferred, { files: 3, bytes: 3 });
    assert.deepEqual(summary.notes, [
      'Local file "a.txt" changed while it was being sent; sync again to send its new content.',
      'Local file "b.txt" changed while it was being sent; sync again to send its new content.',
    ]);
    assert.equal(swift.containers.get('c')!.get('p/a.txt')!.body.toString(), 'a', 'what was read and verified is what was stored');
  });

  it('push hands its large-object settings and progress to the uploads', async () => {
    local('big.bin', '0123456789ab');
    const seen: number[] = [];
    const summary = await runSync(client, await plan('push'), {
      deleteExtras: false,
      sloThreshold: 10,
      segmentSize: 5,
      smallFiles: { below: 4, concurrency: 1 },
      onProgress: (p) => seen.push(p.bytes.done),
    });
    assert.deepEqual(summary.transferred, { files: 1, bytes: 12 });
    const stored = swift.containers.get('c')!.get('p/big.bin')!;
    assert.deepEqual(
      stored.manifest?.map((m) => m.bytes),
      [5, 5, 2],
    );
    assert.equal(swift.content(stored).toString(), '0123456789ab');
    assert.ok(seen.length > 0 && seen[seen.length - 1] === 12, String(seen));
  });

  it('push replacing large objects deletes the old segments the new version does not use, after it is in place', async () => {
    ['0123', '4567'].forEach((s, i) => swift.put('c_segments', `old/${i}`, s));
    swift.putSlo('c', 'p/slo.bin', ['/c_segments/old/0', '/c_segments/old/1']);
    ['ab', 'cd'].forEach((s, i) => swift.put('dlo_segs', `dlo/${i}`, s));
    swift.put('dlo_segs', 'other/0', 'not this object’s');
    swift.put('c', 'p/dlo.bin', '', { 'x-object-manifest': 'dlo_segs/dlo/' });
    local('slo.bin', 'new content!');
    local('dlo.bin', 'small');
    const p = await plan('push');
    assert.deepEqual(
      p.entries.map((e) => `${e.relative}:${e.kind}`),
      ['dlo.bin:changed', 'slo.bin:changed'],
    );
    const summary = await runSync(client, p, { deleteExtras: false, sloThreshold: 10, segmentSize: 5 });
    assert.deepEqual([summary.failed, summary.notes], [[], []]);
    assert.equal(summary.oldSegmentsDeleted, 4);
    assert.deepEqual(names('dlo_segs'), ['other/0']);
    assert.ok(!names('c_segments').some((n) => n.startsWith('old/')), names('c_segments').join());
    assert.equal(swift.content(swift.containers.get('c')!.get('p/slo.bin')!).toString(), 'new content!');
    assert.equal(summaryText(summary), '2 files sent (17 bytes), 0 deleted.\n4 old segments of replaced large objects deleted.');
  });

  it('push: old segments that could not be read are kept, and said so; a cancel keeps them too', async () => {
    ['0123', '4567'].forEach((s, i) => swift.put('c_segments', `old/${i}`, s));
    swift.putSlo('c', 'p/slo.bin', ['/c_segments/old/0', '/c_segments/old/1']);
    local('slo.bin', 'other bytes!');
    swift.fail.set('GET /c/p/slo.bin', 500);
    const summary = await runSync(client, await plan('push'), { deleteExtras: false });
    assert.equal(summary.transferred.files, 1);
    assert.equal(summary.oldSegmentsDeleted, 0);
    assert.equal(summary.notes.length, 1);
    assert.match(summary.notes[0], /^The old segments of "p\/slo\.bin" could not be read \(.+\); they were left in place\.$/);
    assert.deepEqual(names('c_segments'), ['old/0', 'old/1']);
  });

  it('push: a cancel while the old segments are deleted is a cancel, and the extras stay', async () => {
    ['0123', '4567'].forEach((s, i) => swift.put('c_segments', `old/${i}`, s));
    swift.putSlo('c', 'p/slo.bin', ['/c_segments/old/0', '/c_segments/old/1']);
    swift.put('c', 'p/extra.txt', 'x');
    local('slo.bin', 'other bytes!');
    const p = await plan('push');
    const controller = new AbortController();
    onRequest('DELETE /c_segments/old/0', () => controller.abort());
    const summary = await runSync(client, p, { deleteExtras: true, signal: controller.signal });
    assert.equal(summary.cancelled, true);
    assert.equal(summary.transferred.files, 1);
    assert.deepEqual(summary.notes, [], 'a cancel is not a failure to delete');
    assert.ok(names('c').includes('p/extra.txt'));
    assert.ok(names('c_segments').includes('old/1'));
  });

  it('push: old segments whose delete fails are named in a note; the summary counts the others', async () => {
    ['0123', '4567', '89'].forEach((s, i) => swift.put('c_segments', `old/${i}`, s));
    swift.putSlo('c', 'p/slo.bin', ['/c_segments/old/0', '/c_segments/old/1', '/c_segments/old/2']);
    local('slo.bin', 'other bytes!');
    swift.fail.set('DELETE /c_segments/old/1', 409);
    const summary = await runSync(client, await plan('push'), { deleteExtras: false });
    assert.equal(summary.oldSegmentsDeleted, 2);
    assert.deepEqual(summary.notes, ['1 old segment could not be deleted ("c_segments"/"old/1": 409).']);
  });

  it('push: an extra large object goes with its segments; an extra that cannot be deleted is a failure under its name', async () => {
    ['0123', '4567'].forEach((s, i) => swift.put('c_segments', `x/${i}`, s));
    swift.putSlo('c', 'p/extra.bin', ['/c_segments/x/0', '/c_segments/x/1']);
    swift.put('c', 'p/kept.txt', 'refused');
    swift.fail.set('DELETE /c/p/kept.txt', 409);
    const summary = await runSync(client, await plan('push'), { deleteExtras: true });
    assert.equal(summary.deleted, 1);
    assert.deepEqual(names('c'), ['p/kept.txt']);
    assert.deepEqual(names('c_segments'), []);
    assert.deepEqual(summary.failed, [{ relative: 'kept.txt', reason: 'Not deleted: 409.' }]);
    assert.equal(summaryText(summary), '0 files sent (0 bytes), 1 deleted.\n"kept.txt" failed: Not deleted: 409.');
  });

  it('push: when the extras cannot be deleted at all, one failure says so', async () => {
    swift.put('c', 'p/extra.txt', 'x');
    swift.fail.set('DELETE /c/p/extra.txt', 401);
    const summary = await runSync(client, await plan('push'), { deleteExtras: true });
    assert.equal(summary.deleted, 0);
    assert.equal(summary.cancelled, false);
    assert.equal(summary.failed.length, 1);
    assert.equal(summary.failed[0].relative, '');
    assert.match(summary.failed[0].reason, /^The extra objects were not deleted: /);
    assert.equal(summaryText(summary).split('\n')[1], summary.failed[0].reason);
  });

  it('push: a cancel during the deletion of extras stops it and is reported', async () => {
    swift.put('c', 'p/x1', '1');
    swift.put('c', 'p/x2', '2');
    const p = await plan('push');
    const controller = new AbortController();
    onRequest('DELETE /c/p/x1', () => controller.abort());
    const summary = await runSync(client, p, { deleteExtras: true, signal: controller.signal });
    assert.equal(summary.cancelled, true);
    assert.ok(names('c').includes('p/x2'));
  });

  it('push and pull: an aborted signal sends, writes and deletes nothing', async () => {
    local('new.txt', 'n');
    swift.put('c', 'p/extra', 'x');
    const pushed = await runSync(client, await plan('push'), { deleteExtras: true, signal: AbortSignal.abort() });
    assert.deepEqual([pushed.cancelled, pushed.transferred.files, names('c')], [true, 0, ['p/extra']]);
    const pulled = await runSync(client, await plan('pull'), { deleteExtras: true, signal: AbortSignal.abort() });
    assert.deepEqual([pulled.cancelled, pulled.transferred.files, readdirSync(dir)], [true, 0, ['new.txt']]);
  });

  it('pull: a large object is received whole and verified by its segments, with progress', async () => {
    ['0123', '4567'].forEach((s, i) => swift.put('c_segments', `big/${i}`, s));
    swift.putSlo('c', 'p/big.bin', ['/c_segments/big/0', '/c_segments/big/1']);
    const seen: number[] = [];
    const summary = await runSync(client, await plan('pull'), { deleteExtras: false, concurrency: 1, onProgress: (p) => seen.push(p.bytes.done) });
    assert.deepEqual([summary.failed, summary.transferred], [[], { files: 1, bytes: 8 }]);
    assert.equal(readFileSync(join(dir, 'big.bin'), 'utf8'), '01234567');
    assert.ok(swift.log.includes('GET /c_segments/big/0') && swift.log.includes('GET /c_segments/big/1'), swift.log.join('\n'));
    assert.equal(seen[seen.length - 1], 8);
  });

  it("pull: the object's time is kept only when it is a real time; a HEAD that fails leaves the file as received", async () => {
    swift.put('c', 'p/zero.txt', 'z', { 'x-object-meta-mtime': '0' });
    swift.put('c', 'p/junk.txt', 'j', { 'x-object-meta-mtime': 'yesterday' });
    swift.put('c', 'p/nohead.txt', 'n', { 'x-object-meta-mtime': '1600000000' });
    swift.fail.set('HEAD /c/p/nohead.txt', 500);
    const summary = await runSync(client, await plan('pull'), { deleteExtras: false });
    assert.deepEqual([summary.failed, summary.transferred], [[], { files: 3, bytes: 3 }]);
    for (const f of ['zero.txt', 'junk.txt', 'nohead.txt']) assert.ok(statSync(join(dir, f)).mtimeMs > 1600000000000, `${f} keeps the time it was written`);
    assert.equal(readFileSync(join(dir, 'nohead.txt'), 'utf8'), 'n');
  });

  it('pull: a cancel while the times are set keeps the summary, swaps in what was verified, leaves no staged file and deletes nothing', async () => {
    local('a.txt', 'old a');
    local('b.txt', 'old b');
    local('extra.txt', 'only here');
    swift.put('c', 'p/a.txt', 'new a!');
    swift.put('c', 'p/b.txt', 'new b!');
    const p = await plan('pull');
    const controller = new AbortController();
    onRequest('HEAD /c/p/a.txt', () => controller.abort());
    const summary: SyncSummary = await runSync(client, p, { deleteExtras: true, concurrency: 1, signal: controller.signal });
    assert.equal(summary.cancelled, true);
    assert.equal(summary.deleted, 0);
    assert.deepEqual(summary.transferred, { files: 2, bytes: 12 });
    assert.deepEqual(readdirSync(dir).sort(), ['a.txt', 'b.txt', 'extra.txt']);
    assert.deepEqual(
      ['a.txt', 'b.txt'].map((f) => readFileSync(join(dir, f), 'utf8')),
      ['new a!', 'new b!'],
    );
    assert.ok(existsSync(join(dir, 'extra.txt')));
  });

  it('pull: an extra that vanished before its deletion is a note, not a failure', async () => {
    local('extra.txt', 'only here');
    swift.put('c', 'p/new.txt', 'n');
    const p = await plan('pull');
    onRequest('GET /c/p/new.txt', () => rmSync(join(dir, 'extra.txt')));
    const summary = await runSync(client, p, { deleteExtras: true });
    assert.deepEqual([summary.deleted, summary.failed], [0, []]);
    assert.deepEqual(summary.notes, ['Local file "extra.txt" changed during the sync and was not deleted.']);
  });

  it('the summary names old segments, one or many, and a failure without a path by its reason alone', () => {
    const base: SyncSummary = {
      direction: 'push',
      transferred: { files: 1, bytes: 5 },
      deleted: 0,
      oldSegmentsDeleted: 1,
      failed: [{ relative: '', reason: 'The extra objects were not deleted: no.' }],
      notes: [],
      cancelled: false,
    };
    assert.equal(
      summaryText(base),
      '1 file sent (5 bytes), 0 deleted.\n1 old segment of replaced large objects deleted.\nThe extra objects were not deleted: no.',
    );
    assert.equal(summaryText({ ...base, oldSegmentsDeleted: 0, failed: [] }), '1 file sent (5 bytes), 0 deleted.');
  });

  it('push: old segments whose deletion is refused as a whole are kept, said in one note', async () => {
    ['0123', '4567'].forEach((s, i) => swift.put('c_segments', `old/${i}`, s));
    swift.putSlo('c', 'p/slo.bin', ['/c_segments/old/0', '/c_segments/old/1']);
    local('slo.bin', 'other bytes!');
    swift.fail.set('DELETE /c_segments/old/0', 401);
    const summary = await runSync(client, await plan('push'), { deleteExtras: false });
    assert.equal(summary.cancelled, false);
    assert.equal(summary.transferred.files, 1);
    assert.equal(summary.notes.length, 1);
    assert.match(summary.notes[0], /^The old segments of the replaced large objects could not be deleted: /);
    assert.deepEqual(
      names('c_segments').filter((n) => n.startsWith('old/')),
      ['old/0', 'old/1'],
    );
  });

  it('push: a cancel during the uploads sends no further file, and keeps the old segments of what was replaced', async () => {
    for (const f of ['a', 'b']) {
      ['0123', '4567'].forEach((s, i) => swift.put('c_segments', `${f}/${i}`, s));
      swift.putSlo('c', `p/${f}.bin`, [`/c_segments/${f}/0`, `/c_segments/${f}/1`]);
      local(`${f}.bin`, `${f} new bytes`);
    }
    local('c.txt', 'not sent');
    const p = await plan('push');
    const controller = new AbortController();
    onRequest('PUT /c/p/b.bin', () => controller.abort());
    const summary = await runSync(client, p, { deleteExtras: false, concurrency: 1, signal: controller.signal });
    assert.equal(summary.cancelled, true);
    assert.equal(summary.oldSegmentsDeleted, 0);
    assert.deepEqual(names('c_segments'), ['a/0', 'a/1', 'b/0', 'b/1']);
    assert.ok(!names('c').includes('p/c.txt'));
  });
});

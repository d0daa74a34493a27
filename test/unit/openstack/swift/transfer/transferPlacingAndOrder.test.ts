/**
 * More edges of downloads and uploads found by the second mutation run (issue 17): placing a finished download on a
 * file system without hard links, a manifest that cannot be read, a long segment past one gathered write, what the
 * progress counts for failed and cancelled files, the order of failed uploads, the exact SLO threshold, a segment's
 * own error, the listing of segments already there, and the local files' order.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isOpenStackError } from '../../../../../src/openstack/errors';
import type { SwiftClient } from '../../../../../src/openstack/swift/client';
import { downloadObjects, planDownload } from '../../../../../src/openstack/swift/transfer/download';
import { collectUploads, type UploadItem } from '../../../../../src/openstack/swift/transfer/localFiles';
import { splitSegmentPath } from '../../../../../src/openstack/swift/transfer/manifests';
import type { TransferProgress } from '../../../../../src/openstack/swift/transfer/progress';
import { uniformSegmentSizes } from '../../../../../src/openstack/swift/transfer/segmentLayout';
import { uploadFiles } from '../../../../../src/openstack/swift/transfer/uploadFiles';
import { MemorySwift, memorySwiftTest } from './memorySwift';

describe('transfer: placing, manifests, progress and order (loopback Swift)', () => {
  const t = memorySwiftTest('oss-placing-', ['c']);
  let swift: MemorySwift;
  let client: SwiftClient;
  let dir: string;

  beforeEach(() => {
    ({ swift, client, dir } = t);
  });

  describe('a file system without hard links', () => {
    // The compiled code calls node:fs/promises through its module object, so a replaced `link` is the one used.
    const fs = require('node:fs/promises') as { link: (from: unknown, to: unknown) => Promise<void> };
    const realLink = fs.link;
    afterEach(() => (fs.link = realLink));

    function linkFails(code: string, meanwhile?: (path: string) => void) {
      fs.link = async (_from, to) => {
        meanwhile?.(String(to));
        throw Object.assign(new Error(`${code}: link`), { code, syscall: 'link' });
      };
    }

    for (const code of ['EPERM', 'ENOTSUP', 'EXDEV']) {
      it(`moves the file into place after ${code}, and keeps a file that appeared there meanwhile`, async () => {
        swift.put('c', 'a', 'from swift');
        swift.put('c', 'b', 'from swift too');
        const plan = await planDownload(client, [{ container: 'c', prefix: '', localBase: '' }], dir);
        linkFails(code, (to) => {
          if (to.endsWith('/b')) writeFileSync(to, 'written meanwhile');
        });
        const summary = await downloadObjects(client, plan, { overwrite: false, concurrency: 1 });
        assert.deepEqual(
          summary.downloaded.map((d) => d.item.entry.name),
          ['a'],
        );
        assert.deepEqual(
          summary.kept.map((k) => k.entry.name),
          ['b'],
        );
        assert.equal(readFileSync(join(dir, 'a'), 'utf8'), 'from swift');
        assert.equal(readFileSync(join(dir, 'b'), 'utf8'), 'written meanwhile');
        assert.deepEqual(readdirSync(dir).sort(), ['a', 'b'], 'no temporary file left');
      });
    }

    it('fails with the file system’s error for any other refusal, leaving no file', async () => {
      swift.put('c', 'a', 'from swift');
      const plan = await planDownload(client, [{ container: 'c', object: 'a' }], dir);
      linkFails('EACCES');
      const summary = await downloadObjects(client, plan, { overwrite: false });
      assert.equal(summary.failed.length, 1);
      assert.equal(summary.failed[0].error instanceof Error && summary.failed[0].error.message.includes('(EACCES)'), true, String(summary.failed[0].error));
      assert.deepEqual(readdirSync(dir), []);
    });
  });

  it('fails an SLO whose manifest cannot be read with Swift’s error, naming the object, instead of reading it whole', async () => {
    swift.put('s', 'x', 'xx');
    swift.put('s', 'y', 'yy');
    swift.putSlo('c', 'big', ['/s/x', '/s/y']);
    const plan = await planDownload(client, [{ container: 'c', object: 'big' }], dir);
    swift.failNext.set('GET /c/big', [500]); // the manifest's GET, once
    const events: TransferProgress[] = [];
    const summary = await downloadObjects(client, plan, { overwrite: false, onProgress: (e) => events.push(e) });
    assert.equal(summary.failed.length, 1);
    const error = summary.failed[0].error;
    assert.ok(isOpenStackError(error, 'server'), String(error));
    assert.match(error.message, /"big"/);
    assert.deepEqual(events.at(-1)!.files, { total: 1, done: 0, failed: 1, skipped: 0 });
    assert.deepEqual(readdirSync(dir), []);
  });

  it('says a segment past one gathered write is longer than its manifest says', async () => {
    const big = Buffer.alloc(1536 * 1024, 7);
    swift.put('s', 'a', big);
    swift.put('s', 'b', 'tail');
    swift.putSlo('c', 'big', ['/s/a', '/s/b']);
    const longer = Buffer.concat([big, Buffer.alloc(256 * 1024, 8)]);
    swift.tamper = (c, name) => (c === 's' && name === 'a' ? { body: longer, etag: 'x', length: longer.length } : undefined);
    const summary = await downloadObjects(client, await planDownload(client, [{ container: 'c', object: 'big' }], dir), { overwrite: false });
    assert.equal(summary.failed.length, 1);
    assert.match(String((summary.failed[0].error as Error).message), /segment "\/s\/a" is longer than the 1572864 bytes its manifest says/);
  });

  it('counts a cancelled download as neither done nor failed', async () => {
    swift.put('c', 'a', 'aaa');
    const plan = await planDownload(client, [{ container: 'c', object: 'a' }], dir);
    const controller = new AbortController();
    swift.tamper = () => {
      controller.abort();
      return undefined;
    };
    const events: TransferProgress[] = [];
    const summary = await downloadObjects(client, plan, { overwrite: false, signal: controller.signal, onProgress: (e) => events.push(e) });
    assert.equal(summary.cancelled, true);
    assert.deepEqual(events.at(-1)!.files, { total: 1, done: 0, failed: 0, skipped: 0 });
    assert.deepEqual(events.at(-1)!.active, []);
  });

  function file(name: string, body: string): UploadItem {
    const localPath = join(dir, name);
    writeFileSync(localPath, body);
    return { localPath, name, size: body.length, mtimeMs: 1_700_000_000_000 };
  }

  it('counts a cancelled upload as neither done nor failed', async () => {
    const controller = new AbortController();
    const original = swift.handler;
    t.at.handler = (req, res) => {
      controller.abort();
      original(req, res);
    };
    const events: TransferProgress[] = [];
    const summary = await uploadFiles(client, [file('a', 'aaa')], { container: 'c', signal: controller.signal, onProgress: (e) => events.push(e) });
    assert.equal(summary.cancelled, true);
    assert.deepEqual(events.at(-1)!.files, { total: 1, done: 0, failed: 0, skipped: 0 });
  });

  it('lists failed uploads in the order given, whatever order they fail in', async () => {
    swift.fail.set('PUT /c/first', 403);
    swift.fail.set('PUT /c/second', 403);
    const original = swift.handler;
    let heldFirst: (() => void) | undefined;
    t.at.handler = (req, res) => {
      // The first file's answer waits until the second one has been answered.
      if (req.url.endsWith('/first')) return void (heldFirst = () => original(req, res));
      original(req, res);
      if (req.url.endsWith('/second')) setImmediate(() => heldFirst?.());
    };
    const summary = await uploadFiles(client, [file('first', '1'), file('second', '2')], { container: 'c', concurrency: 2 });
    assert.deepEqual(
      summary.failed.map((f) => f.name),
      ['first', 'second'],
    );
  });

  it('uploads a file of exactly the threshold as an SLO, and names the segments its manifest lists', async () => {
    const summary = await uploadFiles(client, [file('f', 'abcdef')], { container: 'c', sloThreshold: 6, segmentSize: 4 });
    assert.deepEqual(summary.uploaded[0].segments, { count: 2, reused: 0, size: 4 });
    assert.deepEqual(summary.uploaded[0].segmentPaths, [
      { container: 'c_segments', name: 'f/slo/1700000000.000000/6/4/00000000' },
      { container: 'c_segments', name: 'f/slo/1700000000.000000/6/4/00000001' },
    ]);
  });

  it('fails a large file with its segment’s own error, not the manifest’s', async () => {
    swift.fail.set('PUT /c_segments/f/slo/1700000000.000000/6/4/00000001', 400);
    const summary = await uploadFiles(client, [file('f', 'abcdef')], { container: 'c', sloThreshold: 1, segmentSize: 4 });
    assert.equal(summary.failed.length, 1);
    assert.match((summary.failed[0].error as Error).message, /00000001/);
    assert.ok(!swift.log.some((l) => l.startsWith('PUT /c/f')), 'no manifest sent');
  });

  it('takes a segments listing that is not found as empty, and fails the file on any other listing error', async () => {
    swift.fail.set('GET /c_segments', 404);
    let summary = await uploadFiles(client, [file('f', 'abcdef')], { container: 'c', sloThreshold: 1, segmentSize: 4 });
    assert.deepEqual(
      summary.uploaded.map((u) => u.item.name),
      ['f'],
    );
    swift.fail.set('GET /c_segments', 500);
    summary = await uploadFiles(client, [file('g', 'abcdef')], { container: 'c', sloThreshold: 1, segmentSize: 4 });
    assert.equal(summary.failed.length, 1);
    assert.ok(isOpenStackError(summary.failed[0].error, 'server'), String(summary.failed[0].error));
  });

  it('reads the segment layout only at the start of a name under the upload, with segment sizes of several digits', async () => {
    swift.put('c_segments', 'big/slo/1700000000.000000/24/12/00000000', 'x');
    // Not this layout: deeper under the object's name, even if newer.
    swift.put('c_segments', 'big/slo/old/1800000000.000000/24/5/00000000', 'x');
    assert.deepEqual(await uniformSegmentSizes(client, 'c', 'big', 24), [12, 12]);
  });

  it('says why a local name differs from the object name (a part too long for the file system)', async () => {
    const long = 'x'.repeat(300);
    swift.put('c', `p/${long}`, 'long');
    const plan = await planDownload(client, [{ container: 'c', prefix: 'p/', localBase: '' }], dir);
    assert.equal(plan.items.length, 1);
    assert.match(plan.items[0].mapped ?? '', /^a part longer than \d+ bytes was shortened$/);
    const summary = await downloadObjects(client, plan, { overwrite: false });
    assert.equal(readFileSync(plan.items[0].path, 'utf8'), 'long');
    assert.equal(summary.downloaded[0].item.mapped, plan.items[0].mapped);
  });

  it('fails a large file with the segment’s error, not with the cancel it caused in the other segments', async () => {
    swift.fail.set('PUT /c_segments/f/slo/1700000000.000000/8/4/00000001', 400);
    const original = swift.handler;
    let release = () => undefined as void;
    t.at.handler = (req, res) => {
      // Segment 0 is left unanswered: the failure of segment 1 cancels it.
      if (req.method === 'PUT' && req.url.endsWith('/00000000')) return void (release = () => original(req, res));
      original(req, res);
    };
    const summary = await uploadFiles(client, [file('f', 'abcdefgh')], { container: 'c', sloThreshold: 1, segmentSize: 4, concurrency: 2 });
    release();
    assert.equal(summary.failed.length, 1);
    const error = summary.failed[0].error;
    assert.ok(isOpenStackError(error) && error.kind !== 'cancelled', String(error));
    assert.match((error as Error).message, /00000001/);
  });

  it('splits a segment path whose container has several characters', () => {
    assert.deepEqual(splitSegmentPath('/c_segments/a/b'), ['c_segments', 'a/b']);
  });
});

describe('transfer: local files, order and special files', () => {
  const t = memorySwiftTest('oss-local-');

  it('walks a folder in name order whatever order the names were made in', async () => {
    const tree = join(t.dir, 'tree');
    mkdirSync(tree);
    const names = Array.from({ length: 40 }, (_, i) => `n${String((i * 17) % 40).padStart(2, '0')}`);
    for (const n of names) writeFileSync(join(tree, n), n);
    const { items } = await collectUploads([tree], '');
    assert.deepEqual(
      items.map((i) => i.name),
      [...names].sort().map((n) => `tree/${n}`),
    );
  });

  it('skips a special file inside a folder, saying it is not a regular file', async () => {
    const tree = join(t.dir, 'tree');
    mkdirSync(tree);
    writeFileSync(join(tree, 'a'), 'a');
    execFileSync('mkfifo', [join(tree, 'pipe')]);
    const { items, skipped } = await collectUploads([tree], '');
    assert.deepEqual(
      items.map((i) => i.name),
      ['tree/a'],
    );
    assert.deepEqual(skipped, [{ localPath: join(tree, 'pipe'), reason: 'not a regular file' }]);
  });
});

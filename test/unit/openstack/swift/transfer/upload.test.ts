/**
 * Uploads through the real SwiftClient against the in-memory loopback Swift (memorySwift.ts): what is collected
 * from disk, what each PUT carries, Static Large Objects (segments, manifest, resuming), the one resend after a
 * refusal mid-way, and failures that never count as uploaded.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOpenStackError } from '../../../../../src/openstack/errors';
import { SwiftClient, staticTokenSource } from '../../../../../src/openstack/swift/client';
import { SYNC_READ_BYTES, collectUploads, fileRange, md5OfRange, type UploadItem } from '../../../../../src/openstack/swift/transfer/localFiles';
import type { TransferProgress } from '../../../../../src/openstack/swift/transfer/progress';
import { mtimeText } from '../../../../../src/openstack/swift/transfer/segments';
import { uploadFiles } from '../../../../../src/openstack/swift/transfer/uploadFiles';
import { reply } from '../../../../support/loopbackServer';
import { MemorySwift, md5, memorySwiftTest } from './memorySwift';

async function readAll(stream: AsyncIterable<unknown>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
}

async function readAllBytes(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('transfer: local files of an upload', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'oss-collect-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names files under the prefix and folders by their name, walks trees in name order, and skips links inside them', async () => {
    mkdirSync(join(dir, 'tree', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'tree', 'b.txt'), 'bb');
    writeFileSync(join(dir, 'tree', 'a.txt'), 'a');
    writeFileSync(join(dir, 'tree', 'sub', 'c'), 'ccc');
    writeFileSync(join(dir, 'single.bin'), '12345');
    symlinkSync(join(dir, 'single.bin'), join(dir, 'tree', 'link'));
    symlinkSync(join(dir, 'single.bin'), join(dir, 'picked-link'));
    const { items, skipped } = await collectUploads([join(dir, 'tree'), join(dir, 'single.bin'), join(dir, 'picked-link'), '/dev/null'], 'up/');
    assert.deepEqual(
      items.map((i) => [i.name, i.localPath, i.size]),
      [
        ['up/tree/a.txt', join(dir, 'tree', 'a.txt'), 1],
        ['up/tree/b.txt', join(dir, 'tree', 'b.txt'), 2],
        ['up/tree/sub/c', join(dir, 'tree', 'sub', 'c'), 3],
        ['up/single.bin', join(dir, 'single.bin'), 5],
        ['up/picked-link', join(dir, 'picked-link'), 5],
      ],
    );
    assert.ok(items.every((i) => i.mtimeMs > 0));
    assert.deepEqual(skipped, [
      { localPath: join(dir, 'tree', 'link'), reason: 'a symbolic link (not followed)' },
      { localPath: '/dev/null', reason: 'not a regular file' },
    ]);
  });

  it('reads byte ranges (empty ones too) and hashes them, stopping at a cancel', async () => {
    writeFileSync(join(dir, 'f'), '0123456789');
    const f = join(dir, 'f');
    assert.equal(await readAll(fileRange(f, 2, 3)), '234');
    assert.equal(await readAll(fileRange(f, 9, 1)), '9');
    assert.equal(await readAll(fileRange(f, 4, 0)), '');
    assert.equal(await md5OfRange(f, 3, 4), md5('3456'));
    assert.equal(await md5OfRange(f, 0, 0), md5(''));
    const big = join(dir, 'big');
    writeFileSync(big, Buffer.alloc(3 * 1024 * 1024, 1));
    const controller = new AbortController();
    const hashing = md5OfRange(big, 0, 3 * 1024 * 1024, controller.signal);
    controller.abort();
    await assert.rejects(hashing, /cancelled/);
    assert.equal(await md5OfRange(f, 0, 10, new AbortController().signal), md5('0123456789'), 'a live signal changes nothing');
  });

  it('reads a range up to 1 MiB in one Buffer (on the spot up to 64 KiB), opening the file only when read', async () => {
    const f = join(dir, 'sizes');
    const content = Buffer.from(Array.from({ length: 1024 * 1024 + 10 }, (_, i) => (i * 7) % 251));
    writeFileSync(f, content);
    // Just below, at and above each limit: the sync read, the thread-pool read and the stream must agree.
    for (const [start, bytes] of [
      [0, SYNC_READ_BYTES - 1],
      [3, SYNC_READ_BYTES],
      [5, SYNC_READ_BYTES + 1],
      [7, 1024 * 1024],
      [9, 1024 * 1024 + 1],
    ]) {
      const chunks: Buffer[] = [];
      for await (const c of fileRange(f, start, bytes)) chunks.push(Buffer.from(c));
      assert.ok(Buffer.concat(chunks).equals(content.subarray(start, start + bytes)), `${start}+${bytes}`);
      if (bytes <= 1024 * 1024) assert.equal(chunks.length, 1, `${start}+${bytes} in one chunk`);
    }
    // A file shorter than the range (it shrank since it was listed): the bytes there are, as a stream gives them.
    assert.ok((await readAllBytes(fileRange(f, content.length - 4, 100))).equals(content.subarray(-4)));
    assert.ok((await readAllBytes(fileRange(f, content.length - 4, SYNC_READ_BYTES + 100))).equals(content.subarray(-4)));
    // A missing file fails when its body is read, not when the range is made (a request reports it as its own failure).
    const missing = fileRange(join(dir, 'missing'), 0, 10);
    await assert.rejects(readAll(missing), (e: NodeJS.ErrnoException) => e.code === 'ENOENT');
    await assert.rejects(readAll(fileRange(join(dir, 'missing'), 0, SYNC_READ_BYTES + 1)), (e: NodeJS.ErrnoException) => e.code === 'ENOENT');
  });
});

describe('transfer: uploads (loopback Swift)', () => {
  const t = memorySwiftTest('oss-upload-', ['c']);
  const at = t.at;
  let swift: MemorySwift;
  let client: SwiftClient;
  let dir: string;

  beforeEach(() => {
    ({ swift, client, dir } = t);
  });

  function file(name: string, body: string | Buffer, mtimeMs = 1_700_000_000_250): UploadItem {
    const localPath = join(dir, name.replaceAll('/', '_'));
    writeFileSync(localPath, body);
    return { localPath, name, size: Buffer.byteLength(body), mtimeMs };
  }

  it('PUTs each file with its length, guessed type and mtime, reports them in the order given, and counts bytes sent', async () => {
    const items = [file('docs/a.pdf', 'pdf bytes'), file('b', 'bee'), file('empty.txt', '')];
    const events: TransferProgress[] = [];
    const summary = await uploadFiles(client, items, { container: 'c', onProgress: (e) => events.push(e) });
    assert.deepEqual(
      summary.uploaded.map((u) => [u.item.name, u.etag, u.segments]),
      [
        ['docs/a.pdf', md5('pdf bytes'), undefined],
        ['b', md5('bee'), undefined],
        ['empty.txt', md5(''), undefined],
      ],
    );
    assert.deepEqual([summary.failed, summary.reusedSegments, summary.resent, summary.bytesSent, summary.cancelled], [[], 0, 0, 12, false]);
    const stored = swift.containers.get('c')!.get('docs/a.pdf')!;
    assert.equal(stored.body.toString(), 'pdf bytes');
    assert.equal(stored.headers['content-type'], 'application/pdf');
    assert.equal(stored.headers['x-object-meta-mtime'], '1700000000.250000');
    assert.equal(swift.containers.get('c')!.get('b')!.headers['content-type'], 'application/octet-stream');
    const put = at.server.seen.find((r) => r.method === 'PUT' && r.url.endsWith('/c/docs/a.pdf'))!;
    assert.equal(put.headers['content-length'], '9');
    assert.deepEqual(events.at(-1)!.files, { total: 3, done: 3, failed: 0, skipped: 0 });
    assert.deepEqual(events.at(-1)!.bytes, { total: 12, done: 12 });
    assert.ok(!swift.log.some((l) => l.includes('_segments')), 'small files need no segments');
  });

  it('reports a file Swift refuses as failed (with Swift’s error) and goes on with the batch', async () => {
    swift.fail.set('PUT /c/bad', 400);
    const items = [file('bad', 'x'), file('good', 'y')];
    const events: TransferProgress[] = [];
    const summary = await uploadFiles(client, items, { container: 'c', onProgress: (e) => events.push(e) });
    assert.deepEqual(
      summary.uploaded.map((u) => u.item.name),
      ['good'],
    );
    assert.equal(summary.failed.length, 1);
    assert.equal(summary.failed[0].name, 'bad');
    assert.equal(summary.failed[0].localPath, items[0].localPath);
    assert.ok(isOpenStackError(summary.failed[0].error), String(summary.failed[0].error));
    assert.equal(summary.resent, 0, 'a 400 is not sent again');
    assert.equal(swift.log.filter((l) => l === 'PUT /c/bad').length, 1);
    assert.deepEqual(events.at(-1)!.files, { total: 2, done: 1, failed: 1, skipped: 0 });
    assert.deepEqual(events.at(-1)!.bytes, { total: 2, done: 1 }, 'the failed attempt’s bytes are taken back');
  });

  for (const status of [503]) {
    it(`sends a file once more from disk when the first attempt is refused with ${status}, and only once`, async () => {
      swift.failNext.set('PUT /c/again', [status]);
      swift.failNext.set('PUT /c/twice', [status, status]);
      const summary = await uploadFiles(client, [file('again', 'payload'), file('twice', 'other')], { container: 'c', concurrency: 1 });
      assert.deepEqual(
        summary.uploaded.map((u) => u.item.name),
        ['again'],
      );
      assert.equal(swift.containers.get('c')!.get('again')!.body.toString(), 'payload');
      assert.deepEqual(
        summary.failed.map((f) => f.name),
        ['twice'],
      );
      assert.equal(summary.resent, 2);
      assert.equal(summary.bytesSent, 7, 'only the attempt that went through counts');
      assert.equal(swift.log.filter((l) => l === 'PUT /c/twice').length, 2);
    });
  }

  it('sends a file once more after a dropped connection, and after a token refused on the way (renewed)', async () => {
    swift.failNext.set('PUT /c/dropped', [0]);
    let summary = await uploadFiles(client, [file('dropped', 'payload')], { container: 'c' });
    assert.deepEqual([summary.uploaded.length, summary.resent, summary.failed], [1, 1, []]);
    let current = 'first';
    const tokens = { token: async () => current, renew: async () => (current = 'second') };
    const renewing = new SwiftClient(at.http, { storageUrl: `${at.server.origin}/v1/AUTH_test`, tokens });
    const original = swift.handler;
    at.handler = (req, res) => (req.headers['x-auth-token'] === 'second' ? original(req, res) : reply(res, 401, 'Unauthorized'));
    summary = await uploadFiles(renewing, [file('renewed', 'payload')], { container: 'c' });
    assert.deepEqual([summary.uploaded.length, summary.failed], [1, []]);
    assert.equal(swift.containers.get('c')!.get('renewed')!.body.toString(), 'payload');
  });

  it('uploads a file from the threshold up as an SLO: python-swiftclient segment names, then the manifest', async () => {
    const body = 'abcdefghij-klmnopqrst-uvw';
    const item = file('dir/big.txt', body, 1_600_000_000_000);
    const summary = await uploadFiles(client, [item, file('small', 'tiny')], { container: 'c', sloThreshold: 20, segmentSize: 10 });
    assert.deepEqual(summary.failed, []);
    const big = summary.uploaded.find((u) => u.item.name === 'dir/big.txt')!;
    assert.deepEqual(big.segments, { count: 3, reused: 0, size: 10 });
    const segments = swift.containers.get('c_segments')!;
    const prefix = `dir/big.txt/slo/1600000000.000000/25/10/`;
    assert.deepEqual([...segments.keys()].sort(), [`${prefix}00000000`, `${prefix}00000001`, `${prefix}00000002`]);
    assert.equal(segments.get(`${prefix}00000002`)!.body.toString(), 't-uvw');
    const manifest = swift.containers.get('c')!.get('dir/big.txt')!;
    assert.equal(swift.content(manifest).toString(), body);
    assert.equal(manifest.headers['content-type'], 'text/plain');
    assert.equal(manifest.headers['x-object-meta-mtime'], '1600000000.000000');
    assert.equal(big.etag, md5([md5(body.slice(0, 10)), md5(body.slice(10, 20)), md5(body.slice(20))].join('')));
    assert.equal(summary.bytesSent, body.length + 4);
    assert.equal(summary.uploaded.find((u) => u.item.name === 'small')!.segments, undefined, 'below the threshold: plain');
    assert.equal(swift.log.filter((l) => l === 'PUT /c_segments').length, 1);
  });

  it('resumes: segments already there with the right size and MD5 are reused, others are sent again', async () => {
    const body = Buffer.from('0123456789'.repeat(3));
    const item = file('r', body);
    const mtime = mtimeText(item.mtimeMs);
    const prefix = `r/slo/${mtime}/30/10/`;
    swift.put('c_segments', `${prefix}00000000`, body.subarray(0, 10)); // intact
    swift.put('c_segments', `${prefix}00000001`, 'XXXXXXXXXX'); // same size, other bytes
    swift.put('c_segments', `${prefix}00000002`, 'short'); // other size
    swift.put('c_segments', `r/slo/1.000000/30/10/00000000`, body.subarray(0, 10)); // another version of the file
    const summary = await uploadFiles(client, [item], { container: 'c', sloThreshold: 1, segmentSize: 10, concurrency: 1 });
    assert.deepEqual(summary.uploaded[0].segments, { count: 3, reused: 1, size: 10 });
    assert.equal(summary.reusedSegments, 1);
    assert.equal(summary.bytesSent, 20);
    assert.deepEqual(
      swift.log.filter((l) => l.startsWith('PUT /c_segments/')),
      [`PUT /c_segments/${prefix}00000001`, `PUT /c_segments/${prefix}00000002`],
    );
    assert.equal(swift.content(swift.containers.get('c')!.get('r')!).toString(), body.toString());
  });

  it('follows /info: the cluster’s minimum segment size, plain PUTs without SLO, and its file size limit', async () => {
    swift.slo = { max_manifest_segments: 1000, min_segment_size: 15 };
    let summary = await uploadFiles(client, [file('m', 'x'.repeat(40))], { container: 'c', sloThreshold: 1, segmentSize: 10 });
    assert.deepEqual(summary.uploaded[0].segments, { count: 3, reused: 0, size: 15 });

    swift.slo = undefined;
    swift.maxFileSize = 5;
    client = new SwiftClient(at.http, { storageUrl: `${at.server.origin}/v1/AUTH_test`, tokens: staticTokenSource('tok') });
    summary = await uploadFiles(client, [file('fits', '12345'), file('over', '123456')], { container: 'c', sloThreshold: 1 });
    assert.deepEqual(
      summary.uploaded.map((u) => [u.item.name, u.segments]),
      [['fits', undefined]],
    );
    assert.equal(
      (summary.failed[0].error as Error).message,
      "The file is larger than the cluster's limit (5 bytes) and the cluster does not offer Static Large Objects.",
    );
    assert.ok(isOpenStackError(summary.failed[0].error, 'unsupported'));
  });

  it('never reports a large file uploaded when a segment fails, and tries the segments container again for the next one', async () => {
    swift.failNext.set('PUT /c_segments', [403]);
    swift.fail.set('PUT /c_segments/b/slo/1700000000.250000/12/4/00000001', 400);
    const summary = await uploadFiles(client, [file('a', 'aaaaaaaaaaaa'), file('b', 'bbbbbbbbbbbb'), file('c', 'cccccccccccc')], {
      container: 'c',
      sloThreshold: 1,
      segmentSize: 4,
      concurrency: 1,
    });
    assert.deepEqual(
      summary.failed.map((f) => f.name),
      ['a', 'b'],
    );
    assert.ok(isOpenStackError(summary.failed[0].error, 'auth') || isOpenStackError(summary.failed[0].error, 'forbidden'), String(summary.failed[0].error));
    assert.deepEqual(
      summary.uploaded.map((u) => u.item.name),
      ['c'],
    );
    assert.equal(swift.containers.get('c')!.has('b'), false, 'no manifest for a file with a failed segment');
    assert.equal(swift.log.filter((l) => l === 'PUT /c_segments').length, 2);
  });

  it('stops at a cancel: the file in flight and the rest are neither uploaded nor failed', async () => {
    const controller = new AbortController();
    const items = [file('one', '1'), file('two', '2'), file('three', '3')];
    const original = swift.handler;
    at.handler = (req, res) => {
      if (req.url.endsWith('/two')) controller.abort();
      original(req, res);
    };
    const summary = await uploadFiles(client, items, { container: 'c', concurrency: 1, signal: controller.signal });
    assert.equal(summary.cancelled, true);
    assert.deepEqual(summary.failed, []);
    assert.deepEqual(
      summary.uploaded.map((u) => u.item.name),
      ['one'],
    );
    assert.ok(!swift.log.includes('PUT /c/three'));
  });

  it('lists uploads in the order given whatever order they finish in', async () => {
    const items = [file('slow', 'x'.repeat(64)), file('fast', 'y')];
    const original = swift.handler;
    at.handler = (req, res) => (req.url.endsWith('/slow') ? setTimeout(() => original(req, res), 30) : original(req, res));
    const summary = await uploadFiles(client, items, { container: 'c', concurrency: 2 });
    assert.deepEqual(
      summary.uploaded.map((u) => u.item.name),
      ['slow', 'fast'],
    );
  });
});

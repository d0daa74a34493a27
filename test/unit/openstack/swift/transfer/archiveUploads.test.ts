/**
 * uploadFiles' `archives` (src/openstack/swift/transfer/archiveUploads.ts) against the in-memory Swift: which files
 * go in archives and which alone, exactly which requests are made, and that a file counts as uploaded only once the
 * listing or a HEAD shows its MD5 and size; lies, named failures, refusals, lagging listings and cancels.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { uploadFiles, type UploadOptions } from '../../../../../src/openstack/swift/transfer';
import { ARCHIVE_MIN_FILES, compareFolder, runSync } from '../../../../../src/openstack/swift/sync';
import { splitForArchives } from '../../../../../src/openstack/swift/transfer/archiveUploads';
import { ARCHIVE_FILE_BYTES } from '../../../../../src/openstack/swift/transfer/archives';
import type { TransferProgress } from '../../../../../src/openstack/swift/transfer/progress';
import { memorySwiftTest, md5 } from './memorySwift';

describe('uploadFiles: small files in archives (extract-archive)', () => {
  const t = memorySwiftTest('oss-archive-uploads-', ['c']);
  const SMALL = { below: 1024 * 1024, concurrency: 4 };

  /** Files p/f00… with distinct bodies; `extra` are [name, body] pairs added after them. */
  const files = (n: number, extra: Array<[string, Buffer]> = []) =>
    [...Array.from({ length: n }, (_, i): [string, Buffer] => [`p/f${String(i).padStart(2, '0')}`, Buffer.from(`body ${i} `.repeat(i + 1))]), ...extra].map(
      ([name, body], i) => {
        const localPath = join(t.dir, `local-${i}`);
        writeFileSync(localPath, body);
        utimesSync(localPath, 1733390000 + i, 1733390000 + i);
        return { item: { localPath, name, size: body.length, mtimeMs: (1733390000 + i) * 1000 }, body };
      },
    );
  const upload = (list: ReturnType<typeof files>, options: Partial<UploadOptions> = {}) =>
    uploadFiles(
      t.client,
      list.map((f) => f.item),
      { container: 'c', smallFiles: SMALL, archives: { listingPrefix: 'p/' }, ...options },
    );
  const stored = (name: string) => t.swift.containers.get('c')?.get(name);
  const requests = () => t.swift.log.filter((l) => !l.startsWith('GET /info'));
  const assertAllStored = (list: ReturnType<typeof files>) => {
    for (const { item, body } of list) {
      const o = stored(item.name);
      assert.ok(o && o.body.equals(body), `bytes of ${item.name}`);
      assert.equal(o.headers['x-object-meta-mtime'], (item.mtimeMs / 1000).toFixed(6), `mtime of ${item.name}`);
    }
  };

  it('sends 40 files as two archives and one listing; names an archive cannot keep, and files outside the prefix or too big, alone', async () => {
    t.swift.bulkUpload = true;
    const list = files(40, [
      ['p/line\nbreak', Buffer.from('alone')],
      ['q/outside', Buffer.from('alone too')],
      ['p/big', Buffer.alloc(256 * 1024 + 1, 7)],
    ]);
    const progress: TransferProgress[] = [];
    const summary = await upload(list, { onProgress: (p) => progress.push(p) });
    assert.deepEqual(summary.failed, []);
    assert.deepEqual(
      summary.uploaded.map((u) => u.item.name),
      list.map((f) => f.item.name),
      'every file, in the order given',
    );
    for (const u of summary.uploaded) assert.equal(u.etag, md5(list.find((f) => f.item.name === u.item.name)!.body));
    assert.deepEqual(requests().sort(), [
      'GET /c?format=json&limit=5000&prefix=p%2F',
      'PUT /c/p/big',
      'PUT /c/p/line\nbreak',
      'PUT /c/q/outside',
      'PUT /c?extract-archive=tar',
      'PUT /c?extract-archive=tar',
    ]);
    assertAllStored(list);
    assert.equal(
      summary.bytesSent,
      list.reduce((n, f) => n + f.body.length, 0),
    );
    const last = progress[progress.length - 1];
    assert.deepEqual(last.files, { total: 43, done: 43, failed: 0, skipped: 0 });
    assert.deepEqual(last.bytes, { total: summary.bytesSent, done: summary.bytesSent });
    assert.ok(
      progress.every((p) => p.files.done <= 43 && p.bytes.done <= p.bytes.total),
      'never past 100 %',
    );
  });

  it('without bulk_upload in /info, or without the option, every file is its own PUT', async () => {
    const list = files(3);
    await upload(list);
    assert.deepEqual(requests().sort(), ['PUT /c/p/f00', 'PUT /c/p/f01', 'PUT /c/p/f02']);
    t.swift.bulkUpload = true;
    t.swift.log.length = 0;
    await upload(list, { archives: undefined });
    assert.deepEqual(requests().sort(), ['PUT /c/p/f00', 'PUT /c/p/f01', 'PUT /c/p/f02']);
    t.swift.log.length = 0;
    await upload(list.slice(0, 1));
    assert.deepEqual(requests(), ['PUT /c/p/f00'], 'one file: one PUT, no archive');
  });

  it('an answer that claims what was not stored: each file not shown is sent again alone, and progress counts it once', async () => {
    t.swift.bulkUpload = true;
    const list = files(5);
    t.swift.put('c', 'p/f02', 'older bytes'); // listed, with another size and MD5
    t.swift.put('c', 'p/f03', Buffer.alloc(list[3].body.length, 0x21)); // listed, the same size, another MD5
    t.swift.archiveAnswer = (_files, truth) => truth; // stores nothing
    const progress: TransferProgress[] = [];
    const summary = await upload(list, { onProgress: (p) => progress.push(p) });
    assert.deepEqual(summary.failed, []);
    assert.equal(summary.uploaded.length, 5);
    assert.deepEqual(
      requests()
        .filter((r) => r.startsWith('PUT /c/'))
        .sort(),
      ['PUT /c/p/f00', 'PUT /c/p/f01', 'PUT /c/p/f02', 'PUT /c/p/f03', 'PUT /c/p/f04'],
    );
    assert.deepEqual(
      requests()
        .filter((r) => r.startsWith('HEAD'))
        .sort(),
      ['HEAD /c/p/f00', 'HEAD /c/p/f01', 'HEAD /c/p/f02', 'HEAD /c/p/f03', 'HEAD /c/p/f04'],
      'what the listing does not confirm is looked at',
    );
    assertAllStored(list);
    const last = progress[progress.length - 1];
    assert.equal(last.files.done, 5);
    assert.equal(last.bytes.done, last.bytes.total);
    assert.ok(progress.every((p) => p.bytes.done <= p.bytes.total && p.files.done <= 5));
  });

  it('a listing that lags: a HEAD confirms the file, which is not sent again', async () => {
    t.swift.bulkUpload = true;
    const list = files(4);
    t.swift.unlisted.add('p/f01');
    const summary = await upload(list);
    assert.equal(summary.uploaded.length, 4);
    assert.deepEqual(
      requests().filter((r) => !r.startsWith('PUT /c?') && !r.startsWith('GET /c?')),
      ['HEAD /c/p/f01'],
    );
  });

  it('a HEAD showing other bytes (same size) is not a confirmation: the file goes again', async () => {
    t.swift.bulkUpload = true;
    const list = files(3);
    t.swift.unlisted.add('p/f01');
    t.swift.archiveAnswer = (sent, truth) => {
      for (const f of sent) t.swift.put('c', f.name, f.name === 'p/f01' ? Buffer.alloc(f.body.length, 0x21) : f.body, f.headers);
      return truth;
    };
    const summary = await upload(list);
    assert.equal(summary.uploaded.length, 3);
    assert.deepEqual(
      requests().filter((r) => r.startsWith('PUT /c/') || r.startsWith('HEAD')),
      ['HEAD /c/p/f01', 'PUT /c/p/f01'],
    );
    assertAllStored(list);
  });

  it('failures the answer names are sent alone; an archive refused as a whole (or not JSON) sends all its files alone', async () => {
    t.swift.bulkUpload = true;
    const list = files(4);
    t.swift.archiveAnswer = (sent, truth) => {
      for (const f of sent) if (f.name !== 'p/f03') t.swift.put('c', f.name, f.body, f.headers);
      return { ...truth, 'Number Files Created': 3, Errors: [[encodeURIComponent('c/p/f03'), '400 Bad Request']] };
    };
    await upload(list);
    assert.deepEqual(
      requests().filter((r) => r.startsWith('PUT /c/') || r.startsWith('HEAD')),
      ['PUT /c/p/f03'],
      'a named failure is not looked at: it is sent again at once',
    );
    assertAllStored(list);

    for (const answer of [
      { 'Response Status': '400 Bad Request', 'Response Body': 'Invalid Tar File', 'Number Files Created': 0, Errors: [] },
      { 'Response Status': '502 Bad Gateway', 'Response Body': '', 'Number Files Created': 4, Errors: [] },
      'garbage',
    ]) {
      t.swift.containers.set('c', new Map());
      t.swift.log.length = 0;
      t.swift.archiveAnswer = () => answer as unknown as Record<string, unknown>;
      const summary = await upload(list);
      assert.equal(summary.uploaded.length, 4);
      assert.deepEqual(
        requests()
          .filter((r) => r.startsWith('PUT /c/'))
          .sort(),
        ['PUT /c/p/f00', 'PUT /c/p/f01', 'PUT /c/p/f02', 'PUT /c/p/f03'],
        JSON.stringify(answer),
      );
      assert.ok(!requests().some((r) => r.startsWith('HEAD') || r.startsWith('GET /c?')), 'nothing to confirm from a refused archive: no listing, no HEAD');
      assertAllStored(list);
    }
  });

  it('a file that fails alone after its archive failed is reported failed, never uploaded', async () => {
    t.swift.bulkUpload = true;
    const list = files(3);
    t.swift.archiveAnswer = (sent, truth) => {
      for (const f of sent) if (f.name !== 'p/f01') t.swift.put('c', f.name, f.body, f.headers);
      return { ...truth, Errors: [[encodeURIComponent('c/p/f01'), '413 Request Entity Too Large']] };
    };
    t.swift.fail.set('PUT /c/p/f01', 413);
    const summary = await upload(list);
    assert.deepEqual(
      summary.uploaded.map((u) => u.item.name),
      ['p/f00', 'p/f02'],
    );
    assert.deepEqual(
      summary.failed.map((f) => f.name),
      ['p/f01'],
    );
  });

  it('a listing that fails: each file is confirmed by a HEAD instead', async () => {
    t.swift.bulkUpload = true;
    const list = files(3);
    t.swift.failNext.set('GET /c', [500, 500, 500, 500]);
    const summary = await upload(list);
    assert.equal(summary.uploaded.length, 3);
    assert.deepEqual(
      requests()
        .filter((r) => r.startsWith('HEAD') || r.startsWith('PUT /c/'))
        .sort(),
      ['HEAD /c/p/f00', 'HEAD /c/p/f01', 'HEAD /c/p/f02'],
    );
  });

  it('progress shows an archive as one entry in flight, named by its first file and the count of the others', async () => {
    t.swift.bulkUpload = true;
    const list = files(3);
    const progress: TransferProgress[] = [];
    await upload(list, { onProgress: (p) => progress.push(p) });
    const seen = new Set(progress.flatMap((p) => p.active.map((a) => `${a.name} ${a.total}`)));
    assert.deepEqual([...seen], [`"p/f00" and 2 more in one archive ${list.reduce((n, f) => n + f.body.length, 0)}`]);
  });

  it('a file of exactly the small-file bound is not small: it goes alone', () => {
    const item = (name: string, size: number) => ({ localPath: `/${name}`, name, size, mtimeMs: 0 });
    assert.deepEqual(
      splitForArchives([item('p/at', 100), item('p/below', 99)], 'p/', 100).alone.map((i) => i.name),
      ['p/at'],
    );
  });

  it('cancelled while archives are in flight: nothing unconfirmed is reported uploaded', async () => {
    t.swift.bulkUpload = true;
    const list = files(3);
    const stop = new AbortController();
    t.swift.archiveAnswer = (sent, truth) => {
      for (const f of sent) t.swift.put('c', f.name, f.body, f.headers);
      stop.abort();
      return truth;
    };
    const summary = await upload(list, { signal: stop.signal });
    assert.equal(summary.cancelled, true);
    assert.deepEqual(summary.uploaded, []);
    assert.deepEqual(summary.failed, []);
  });
});

describe('sync push: archives only from ARCHIVE_MIN_FILES small files', () => {
  const t = memorySwiftTest('oss-archive-sync-', ['c']);

  const pushCount = async (n: number) => {
    t.swift.bulkUpload = true;
    const folder = join(t.dir, `tree-${n}`);
    mkdirSync(folder);
    for (let i = 0; i < n; i++) writeFileSync(join(folder, `f${i}.txt`), `file ${i}\n`);
    writeFileSync(join(folder, 'big.bin'), Buffer.alloc(ARCHIVE_FILE_BYTES + 1)); // not small: never counted
    const plan = await compareFolder(t.client, { folder, container: 'c', prefix: `n${n}/` }, { direction: 'push' });
    t.swift.log.length = 0;
    const summary = await runSync(t.client, plan, { deleteExtras: false, smallFiles: { below: 1024 * 1024, concurrency: 4 } });
    assert.deepEqual(summary.failed, []);
    assert.equal(summary.transferred.files, n + 1);
    return t.swift.log.filter((l) => l.includes('extract-archive')).length;
  };

  it(`${ARCHIVE_MIN_FILES - 1} small files: one PUT each; ${ARCHIVE_MIN_FILES}: archives`, async () => {
    assert.equal(await pushCount(ARCHIVE_MIN_FILES - 1), 0);
    assert.equal(await pushCount(ARCHIVE_MIN_FILES), 2);
  });
});

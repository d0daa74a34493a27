/**
 * Edges of the transfer code found by the second mutation run (issue 17): which large objects are read segment by
 * segment, segment ETags that are not plain MD5s, segments larger than one gathered write, an empty object under a
 * prefix, and the segment limit reached exactly.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpenStackError, isOpenStackError } from '../../../../../src/openstack/errors';
import type { SwiftClient } from '../../../../../src/openstack/swift/client';
import { downloadObjects, planDownload } from '../../../../../src/openstack/swift/transfer/download';
import { ProgressTracker, type TransferProgress } from '../../../../../src/openstack/swift/transfer/progress';
import { chooseSegmentSize } from '../../../../../src/openstack/swift/transfer/segments';
import { uploadFiles } from '../../../../../src/openstack/swift/transfer/uploadFiles';
import { MemorySwift, md5, memorySwiftTest } from './memorySwift';

describe('transfer integrity edges (loopback Swift)', () => {
  const t = memorySwiftTest('oss-integrity-', ['c']);
  let swift: MemorySwift;
  let client: SwiftClient;
  let dir: string;

  beforeEach(() => {
    ({ swift, client, dir } = t);
  });

  const download = async (object: string, concurrency = 2) =>
    downloadObjects(client, await planDownload(client, [{ container: 'c', object }], dir), { overwrite: false, concurrency });
  const segmentGets = () => swift.log.filter((l) => l.startsWith('GET /s/'));

  it('reads an SLO with a ranged segment, or a nested one, whole (one GET of the object), checked by size', async () => {
    swift.put('s', 'a', '0123456789');
    swift.put('s', 'b', 'abcdef');
    swift.putSlo('c', 'ranged', ['/s/b', { path: '/s/a', range: '2-5' }]);
    let summary = await download('ranged');
    assert.deepEqual(
      summary.downloaded.map((d) => d.verified),
      ['size'],
    );
    assert.equal(readFileSync(join(dir, 'ranged'), 'utf8'), 'abcdef2345');
    assert.deepEqual(segmentGets(), [], 'no segment read on its own');
    assert.ok(swift.log.includes('GET /c/ranged'));

    // A manifest entry that is itself an SLO (sub_slo): Swift's GET expands it; a segment GET would not.
    swift.putSlo('c', 'inner', ['/s/a', '/s/b']);
    const outer = swift.putSlo('c', 'outer', ['/s/b', '/c/inner']);
    const original = swift.handler;
    t.at.handler = (req, res) => {
      if (req.url.includes('/outer?multipart-manifest=get')) {
        const body = outer.manifest!.map((s) => ({ name: s.path, hash: s.etag, bytes: s.bytes, ...(s.path === '/c/inner' ? { sub_slo: true } : {}) }));
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify(body));
      }
      original(req, res);
    };
    summary = await download('outer');
    assert.equal(summary.failed.length, 0, String(summary.failed[0]?.error));
    assert.deepEqual(segmentGets(), []);
    assert.ok(swift.log.includes('GET /c/outer'));
  });

  it('reads an SLO whole when a segment path names no object, and fails with Swift’s error when its manifest cannot be read', async () => {
    swift.put('s', 'a', 'aaaa');
    swift.put('s', 'b', 'bbbb');
    swift.putSlo('c', 'odd', ['/s/a', '/s/b']);
    const original = swift.handler;
    t.at.handler = (req, res) => {
      if (req.url.includes('/odd?multipart-manifest=get')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(
          JSON.stringify([
            { name: '/s/a', hash: md5('aaaa'), bytes: 4 },
            { name: '/s', hash: md5('bbbb'), bytes: 4 },
          ]),
        );
      }
      original(req, res);
    };
    const odd = await download('odd');
    assert.equal(odd.failed.length, 0, String(odd.failed[0]?.error));
    assert.deepEqual(segmentGets(), []);

    swift.put('s', 'x', 'xx');
    swift.put('s', 'y', 'yy');
    swift.putSlo('c', 'refused', ['/s/x', '/s/y']);
    swift.fail.set('GET /c/refused', 403); // the manifest's GET (the query is not part of the key)
    const refused = await download('refused');
    assert.equal(refused.failed.length, 1);
    assert.ok(isOpenStackError(refused.failed[0].error, 'forbidden'), String(refused.failed[0].error));
    assert.deepEqual(segmentGets(), []);
  });

  it('checks a segment’s ETag only when it is a plain MD5: one with more around it is left to the body’s MD5', async () => {
    swift.put('s', 'a', 'first ');
    swift.put('s', 'b', 'second');
    swift.putSlo('c', 'big', ['/s/a', '/s/b']);
    swift.tamper = (c, name) => {
      if (c !== 's') return undefined;
      // Not plain MD5s: a 33rd character before, or after, a wrong MD5.
      return { etag: name === 'a' ? `x${md5('other')}` : `${md5('other')}x` };
    };
    const summary = await download('big');
    assert.equal(summary.failed.length, 0, String(summary.failed[0]?.error));
    assert.deepEqual(
      summary.downloaded.map((d) => d.verified),
      ['slo'],
    );
    assert.equal(readFileSync(join(dir, 'big'), 'utf8'), 'first second');
    assert.equal(segmentGets().length, 2);
  });

  it('writes segments larger than one gathered write (1 MiB) at their offsets, byte for byte', async () => {
    const a = Buffer.alloc(1536 * 1024);
    const b = Buffer.alloc(1280 * 1024);
    for (let i = 0; i < a.length; i++) a[i] = (i * 7) & 0xff;
    for (let i = 0; i < b.length; i++) b[i] = (i * 13 + 1) & 0xff;
    swift.put('s', 'a', a);
    swift.put('s', 'b', b);
    swift.put('s', 'c', 'tail');
    swift.putSlo('c', 'big', ['/s/a', '/s/b', '/s/c']);
    const summary = await download('big', 3);
    assert.equal(summary.failed.length, 0, String(summary.failed[0]?.error));
    assert.ok(readFileSync(join(dir, 'big')).equals(Buffer.concat([a, b, Buffer.from('tail')])));
  });

  it('downloads an empty object under a prefix as an empty file (only an empty name ending in "/" is a folder marker)', async () => {
    swift.put('c', 'p/empty', '');
    swift.put('c', 'p/marker/', '');
    swift.put('c', 'p/full/', 'not a marker: it has bytes');
    const plan = await planDownload(client, [{ container: 'c', prefix: 'p/', localBase: 'here/' }], dir);
    assert.equal(plan.folderMarkers, 1);
    assert.deepEqual(
      plan.items.map((i) => i.entry.name),
      ['p/empty'],
    );
    assert.deepEqual(
      plan.refused.map((r) => r.entry.name),
      ['p/full/'],
    );
    const summary = await downloadObjects(client, plan, { overwrite: false });
    assert.equal(summary.downloaded.length, 1);
    assert.equal(readFileSync(join(dir, 'here', 'empty'), 'utf8'), '');
  });

  it('keeps a segment size that makes exactly the segment limit, whole MiB or not', () => {
    const limits = { maxManifestSegments: 10, minSegmentSize: 1 };
    assert.equal(chooseSegmentSize(10_000, 1000, limits), 1000);
    assert.equal(chooseSegmentSize(10_001, 1000, limits), 1024 * 1024);
  });
});

describe('transfer: which refusals an upload sends again (loopback Swift)', () => {
  const t = memorySwiftTest('oss-resend-', ['c']);

  /** The client's first PUT of `name` fails with `error` before anything is sent; later ones go through. */
  function failFirstPut(client: SwiftClient, name: string, error: unknown): void {
    const put = client.putObject.bind(client);
    let first = true;
    client.putObject = (container, object, ...rest) => {
      if (object === name && first) {
        first = false;
        return Promise.reject(error);
      }
      return put(container, object, ...rest);
    };
  }

  for (const kind of ['auth', 'network', 'timeout', 'server'] as const) {
    it(`sends a file once more after a ${kind} failure, and a segment too`, async () => {
      const { client, swift, dir } = t;
      writeFileSync(join(dir, 'f'), 'plain');
      writeFileSync(join(dir, 'g'), 'abcdefgh');
      failFirstPut(client, 'f', new OpenStackError(kind, `first ${kind}`));
      failFirstPut(client, 'g/slo/1700000000.000000/8/4/00000001', new OpenStackError(kind, `first ${kind}`));
      const summary = await uploadFiles(
        client,
        [
          { localPath: join(dir, 'f'), name: 'f', size: 5, mtimeMs: 1_700_000_000_000 },
          { localPath: join(dir, 'g'), name: 'g', size: 8, mtimeMs: 1_700_000_000_000 },
        ],
        { container: 'c', sloThreshold: 6, segmentSize: 4, concurrency: 1 },
      );
      assert.deepEqual(
        summary.failed.map((f) => String(f.error)),
        [],
      );
      assert.equal(summary.resent, 2);
      assert.equal(swift.content(swift.containers.get('c')!.get('g')!).toString(), 'abcdefgh');
    });
  }

  for (const [what, error] of [
    ['forbidden', new OpenStackError('forbidden', 'no')],
    ['checksum', new OpenStackError('checksum', 'bad')],
    ['invalidInput', new OpenStackError('invalidInput', 'bad')],
    ['a plain Error', new Error('disk')],
  ] as const) {
    it(`does not send a file again after ${what}`, async () => {
      const { client, swift, dir } = t;
      writeFileSync(join(dir, 'f'), 'plain');
      failFirstPut(client, 'f', error);
      const summary = await uploadFiles(client, [{ localPath: join(dir, 'f'), name: 'f', size: 5, mtimeMs: 1_700_000_000_000 }], { container: 'c' });
      assert.equal(summary.failed.length, 1);
      assert.equal(summary.failed[0].error, error);
      assert.equal(summary.resent, 0);
      assert.equal(swift.containers.get('c')!.has('f'), false);
    });
  }
});

describe('transfer: progress of the files in flight', () => {
  it('lists each file in flight with its own bytes, in the order they started, as copies', () => {
    const seen: TransferProgress[] = [];
    const tracker = new ProgressTracker(2, 30, (p) => seen.push(p));
    const a = tracker.start('a', 10);
    const b = tracker.start('b', 20);
    a.add(3);
    b.add(5);
    b.add(-2); // an attempt's bytes taken back
    assert.deepEqual(seen.at(-1)!.active, [
      { name: 'a', done: 3, total: 10 },
      { name: 'b', done: 3, total: 20 },
    ]);
    seen.at(-1)!.active[0].done = 99;
    assert.deepEqual(tracker.snapshot().active[0], { name: 'a', done: 3, total: 10 }, 'a listener cannot change the tracker');
    a.end('failed');
    assert.deepEqual(seen.at(-1)!.active, [{ name: 'b', done: 3, total: 20 }]);
    assert.deepEqual(seen.at(-1)!.files, { total: 2, done: 0, failed: 1, skipped: 0 });
    assert.deepEqual(seen.at(-1)!.bytes, { total: 30, done: 6 });
  });
});

/**
 * Downloads through the real SwiftClient against the in-memory loopback Swift (memorySwift.ts): planning, the
 * bytes written, what is kept, and every way a download fails leaving no file behind (corrupt, short or long
 * bodies, wrong ETags, plain objects and SLO segments alike).
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { isOpenStackError } from '../../../../../src/openstack/errors';
import type { SwiftClient } from '../../../../../src/openstack/swift/client';
import { type DownloadPlan, downloadObjects, planDownload } from '../../../../../src/openstack/swift/transfer/download';
import type { TransferProgress } from '../../../../../src/openstack/swift/transfer/progress';
import { MemorySwift, md5, memorySwiftTest } from './memorySwift';

/** Every file under `dir` (relative, `/`-separated), sorted. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((d) => d.isFile())
    .map((d) =>
      join(d.parentPath, d.name)
        .slice(dir.length + 1)
        .split('\\')
        .join('/'),
    )
    .sort();
}

describe('transfer: downloads (loopback Swift)', () => {
  const t = memorySwiftTest('oss-download-');
  let swift: MemorySwift;
  let client: SwiftClient;
  let dir: string;

  beforeEach(() => {
    ({ swift, client, dir } = t);
  });

  /** Segments s/1.. holding `parts`, and the SLO c/name over them. */
  function slo(name: string, parts: string[]) {
    parts.forEach((p, i) => swift.put('s', `${name}/${i}`, p));
    return swift.putSlo(
      'c',
      name,
      parts.map((_, i) => `/s/${name}/${i}`),
    );
  }

  describe('planDownload', () => {
    it('maps one object to its last name segment, with its size and SLO flag, and says what is there already', async () => {
      swift.put('c', 'a/b/one.txt', 'hello');
      slo('big', ['12', '345']);
      writeFileSync(join(dir, 'one.txt'), 'old');
      mkdirSync(join(dir, 'big'));
      const plan = await planDownload(
        client,
        [
          { container: 'c', object: 'a/b/one.txt' },
          { container: 'c', object: 'big' },
        ],
        dir,
      );
      assert.equal(plan.target, dir);
      assert.deepEqual(
        plan.items.map((i) => [i.entry.name, i.entry.relative, i.entry.bytes, !!i.entry.slo, i.path, i.existing]),
        [
          ['a/b/one.txt', 'one.txt', 5, false, join(dir, 'one.txt'), 'file'],
          ['big', 'big', 5, true, join(dir, 'big'), 'folder'],
        ],
      );
      assert.deepEqual(plan.refused, []);
      assert.equal(plan.folderMarkers, 0);
    });

    it('lists a prefix under its local base, counts folder markers, and refuses names that cannot be local paths', async () => {
      swift.put('c', 'p/x', 'x');
      swift.put('c', 'p/sub/', ''); // a folder marker
      swift.put('c', 'p/sub/y', 'yy');
      swift.put('c', 'p/z/', 'not empty: a file named like a folder');
      swift.put('c', 'p/../escape', 'e');
      swift.put('c', 'other', 'not under the prefix');
      const plan = await planDownload(client, [{ container: 'c', prefix: 'p/', localBase: 'base/' }], dir);
      assert.deepEqual(
        plan.items.map((i) => [i.entry.name, i.entry.relative, i.path, i.existing, i.entry.slo]),
        [
          ['p/sub/y', 'base/sub/y', join(dir, 'base', 'sub', 'y'), undefined, false],
          ['p/x', 'base/x', join(dir, 'base', 'x'), undefined, false],
        ],
      );
      assert.deepEqual(plan.refused.map((r) => r.entry.name).sort(), ['p/../escape', 'p/z/']);
      assert.equal(plan.folderMarkers, 1);
      assert.deepEqual(filesUnder(dir), [], 'planning writes nothing');
    });

    it('lists the whole container for an empty prefix, and reports a mapped local name', async () => {
      swift.put('c', 'one', '1');
      swift.put('c', 'two\\three', '23');
      const plan = await planDownload(client, [{ container: 'c', prefix: '', localBase: '' }], dir);
      assert.ok(
        swift.log.some((l) => /^GET \/c\?/.test(l) && !l.includes('prefix=')),
        swift.log.join('\n'),
      );
      assert.deepEqual(
        plan.items.map((i) => i.entry.name),
        ['one', 'two\\three'],
      );
      assert.equal(plan.items[0].mapped, undefined);
      assert.equal('mapped' in plan.items[0], false);
      if (process.platform !== 'win32') assert.equal(plan.items[1].mapped, undefined);
    });
  });

  describe('downloadObjects', () => {
    const plan = (sources: Parameters<typeof planDownload>[1]) => planDownload(client, sources, dir);

    it('writes each object, checked by its MD5, leaves no partial file, and reports progress in files and bytes', async () => {
      swift.put('c', 'p/a', 'alpha');
      swift.put('c', 'p/d/b', 'bravo!');
      const events: TransferProgress[] = [];
      const summary = await downloadObjects(client, await plan([{ container: 'c', prefix: 'p/', localBase: '' }]), {
        overwrite: false,
        onProgress: (p) => events.push(p),
      });
      assert.deepEqual(summary.downloaded.map((d) => [d.item.entry.name, d.verified]).sort(), [
        ['p/a', 'md5'],
        ['p/d/b', 'md5'],
      ]);
      assert.deepEqual([summary.kept, summary.failed, summary.cancelled], [[], [], false]);
      assert.deepEqual(filesUnder(dir), ['a', 'd/b']);
      assert.equal(readFileSync(join(dir, 'd', 'b'), 'utf8'), 'bravo!');
      const last = events.at(-1)!;
      assert.deepEqual(last.files, { total: 2, done: 2, failed: 0, skipped: 0 });
      assert.deepEqual(last.bytes, { total: 11, done: 11 });
      assert.deepEqual(last.active, []);
    });

    it('keeps an existing file unless told to replace it, and never writes into a folder in the way', async () => {
      swift.put('c', 'keep', 'new');
      swift.put('c', 'dir', 'new');
      writeFileSync(join(dir, 'keep'), 'old');
      mkdirSync(join(dir, 'dir'));
      const p = await plan([
        { container: 'c', object: 'keep' },
        { container: 'c', object: 'dir' },
      ]);
      const events: TransferProgress[] = [];
      const kept = await downloadObjects(client, p, { overwrite: false, onProgress: (e) => events.push(e) });
      assert.deepEqual(
        kept.kept.map((k) => k.entry.name),
        ['keep'],
      );
      assert.equal(readFileSync(join(dir, 'keep'), 'utf8'), 'old');
      assert.equal(kept.failed.length, 1);
      assert.equal(kept.failed[0].name, 'dir');
      assert.equal(kept.failed[0].localPath, join(dir, 'dir'));
      assert.ok(isOpenStackError(kept.failed[0].error, 'invalidInput'));
      assert.equal((kept.failed[0].error as Error).message, `A folder is in the way at ${join(dir, 'dir')}.`);
      assert.deepEqual(events.at(-1)!.files, { total: 2, done: 0, failed: 0, skipped: 2 });
      assert.deepEqual(events.at(-1)!.bytes, { total: 0, done: 0 });

      const replaced = await downloadObjects(client, p, { overwrite: true });
      assert.deepEqual(
        replaced.downloaded.map((d) => d.item.entry.name),
        ['keep'],
      );
      assert.equal(readFileSync(join(dir, 'keep'), 'utf8'), 'new');
      assert.deepEqual(filesUnder(dir), ['keep']);
    });

    it('keeps a file that appeared after planning (no overwrite), and replaces it when asked', async () => {
      swift.put('c', 'late', 'from swift');
      const p = await plan([{ container: 'c', object: 'late' }]);
      assert.equal(p.items[0].existing, undefined);
      writeFileSync(join(dir, 'late'), 'written meanwhile');
      const events: TransferProgress[] = [];
      const summary = await downloadObjects(client, p, { overwrite: false, onProgress: (e) => events.push(e) });
      assert.deepEqual(
        summary.kept.map((k) => k.entry.name),
        ['late'],
      );
      assert.deepEqual(summary.downloaded, []);
      assert.deepEqual(events.at(-1)!.files, { total: 1, done: 0, failed: 0, skipped: 1 });
      assert.equal(readFileSync(join(dir, 'late'), 'utf8'), 'written meanwhile');
      assert.deepEqual(filesUnder(dir), ['late'], 'no partial file left');
    });

    it('fails a corrupted body, a wrong ETag, a short body and a long body, leaving no file, and goes on with the others', async () => {
      for (const n of ['corrupt', 'etag', 'short', 'long', 'fine']) swift.put('c', n, `body of ${n}`);
      swift.tamper = (_c, name, o) => {
        if (name === 'corrupt') return { body: Buffer.from(`BODY of ${name}`) };
        if (name === 'etag') return { etag: md5('something else') };
        if (name === 'short') return { body: o.body.subarray(0, 3), length: 3 };
        if (name === 'long') return { body: Buffer.concat([o.body, Buffer.from('+')]), length: o.body.length + 1 };
        return undefined;
      };
      const summary = await downloadObjects(client, await plan([{ container: 'c', prefix: '', localBase: '' }]), { overwrite: false });
      assert.deepEqual(
        summary.downloaded.map((d) => d.item.entry.name),
        ['fine'],
      );
      const failed = new Map(summary.failed.map((f) => [f.name, f]));
      assert.deepEqual([...failed.keys()].sort(), ['corrupt', 'etag', 'long', 'short']);
      for (const name of ['corrupt', 'etag', 'long', 'short']) {
        const error = failed.get(name)!.error;
        assert.ok(isOpenStackError(error, 'checksum'), `${name}: ${String(error)}`);
        assert.match(error.message, new RegExp(`^Cannot download object "${name}" in container "c": .*the partial file was removed`));
      }
      assert.equal(failed.get('short')!.localPath, join(dir, 'short'));
      assert.deepEqual(filesUnder(dir), ['fine']);
    });

    it('says a connection dropped mid-body was interrupted, names the object, and leaves no file', async () => {
      swift.put('c', 'cut', 'a body that will be cut');
      swift.tamper = (_c, _n, o) => ({ body: o.body.subarray(0, 5), length: o.body.length });
      const summary = await downloadObjects(client, await plan([{ container: 'c', object: 'cut' }]), { overwrite: true });
      const error = summary.failed[0]?.error;
      assert.ok(isOpenStackError(error, 'network'), String(error));
      assert.match(error.message, /^Cannot download object "cut" in container "c": /);
      assert.ok(error.cause, 'keeps the cause');
      assert.deepEqual(filesUnder(dir), []);
    });

    it('says which local file it cannot write, and that the object was not saved', async () => {
      swift.put('c', 'sub/f', 'x');
      const p = await plan([{ container: 'c', prefix: 'sub/', localBase: 'sub/' }]);
      writeFileSync(join(dir, 'sub'), 'a file where the folder goes');
      const summary = await downloadObjects(client, p, { overwrite: false });
      const error = summary.failed[0]?.error;
      assert.ok(isOpenStackError(error, 'invalidInput'), String(error));
      assert.equal(
        error.message,
        `Cannot write ${JSON.stringify(join(dir, 'sub', 'f'))} (${(error.cause as NodeJS.ErrnoException).code}); object "sub/f" in container "c" was not saved.`,
      );
    });

    it('reports an object that vanished after planning as failed, with Swift’s error', async () => {
      swift.put('c', 'gone', 'x');
      const p = await plan([{ container: 'c', object: 'gone' }]);
      swift.containers.get('c')!.delete('gone');
      const summary = await downloadObjects(client, p, { overwrite: false });
      assert.ok(isOpenStackError(summary.failed[0]?.error, 'notFound'), String(summary.failed[0]?.error));
      assert.deepEqual(filesUnder(dir), [], 'no empty folder, no file');
    });

    it('downloads an SLO segment by segment (several at once) and checks each against the manifest', async () => {
      const parts = ['first segment ', 'second ', 'third and last'];
      slo('big', parts);
      const events: TransferProgress[] = [];
      const summary = await downloadObjects(client, await plan([{ container: 'c', object: 'big' }]), {
        overwrite: false,
        concurrency: 3,
        onProgress: (e) => events.push(e),
      });
      assert.deepEqual(
        summary.downloaded.map((d) => d.verified),
        ['slo'],
      );
      assert.equal(readFileSync(join(dir, 'big'), 'utf8'), parts.join(''));
      assert.deepEqual(events.at(-1)!.bytes, { total: parts.join('').length, done: parts.join('').length });
      assert.ok(swift.log.filter((l) => l.startsWith('GET /s/big/')).length === 3, swift.log.join('\n'));
      assert.ok(!swift.log.includes('GET /c/big'), 'the manifest object itself is not read whole');
    });

    it('writes the rest of a segment where it belongs when the file system writes only part of it', async () => {
      const parts = ['first segment ', 'second ', 'third and last'];
      slo('big', parts);
      // A FileHandle's writev that writes at most 5 bytes a call (as a full disk or a signal can make it): the
      // download must send the rest again at the right offset, or the file comes out wrong with every hash right.
      const probe = await open(join(dir, 'probe'), 'w');
      const proto = Object.getPrototypeOf(probe) as { writev: (buffers: Buffer[], position?: number) => Promise<{ bytesWritten: number; buffers: Buffer[] }> };
      await probe.close();
      const writev = proto.writev;
      let partial = 0;
      proto.writev = async function (this: unknown, buffers: Buffer[], position?: number) {
        const all = Buffer.concat(buffers);
        if (all.length <= 5) return writev.call(this, buffers, position);
        partial++;
        const r = await writev.call(this, [all.subarray(0, 5)], position);
        return { bytesWritten: r.bytesWritten, buffers };
      };
      try {
        const summary = await downloadObjects(client, await plan([{ container: 'c', object: 'big' }]), { overwrite: false, concurrency: 3 });
        assert.deepEqual(
          summary.downloaded.map((d) => d.verified),
          ['slo'],
        );
      } finally {
        proto.writev = writev;
      }
      assert.ok(partial >= 3, `${partial} partial writes`);
      assert.equal(readFileSync(join(dir, 'big'), 'utf8'), parts.join(''));
    });

    it('reads an SLO of one segment whole, checked as an SLO', async () => {
      slo('one', ['only segment']);
      const summary = await downloadObjects(client, await plan([{ container: 'c', object: 'one' }]), { overwrite: false });
      assert.deepEqual(
        summary.downloaded.map((d) => d.verified),
        ['slo'],
      );
      assert.ok(swift.log.includes('GET /c/one'), swift.log.join('\n'));
      assert.equal(readFileSync(join(dir, 'one'), 'utf8'), 'only segment');
    });

    for (const [what, served, sentence] of [
      [
        'a segment replaced after the manifest (its ETag differs)',
        () => ({ etag: md5('replaced') }),
        /segment "\/s\/bad\/1" has ETag [0-9a-f]{32}, not the [0-9a-f]{32} its manifest says/,
      ],
      [
        'a corrupted segment',
        (b: Buffer) => ({ body: Buffer.from(b.toString().toUpperCase()), etag: 'not-an-md5' }),
        /segment "\/s\/bad\/1" has MD5 [0-9a-f]{32}, not the [0-9a-f]{32} its manifest says/,
      ],
      [
        'a short segment',
        (b: Buffer) => ({ body: b.subarray(1), etag: 'x', length: b.length - 1 }),
        /segment "\/s\/bad\/1" has 5 bytes, not the 6 its manifest says/,
      ],
      [
        'a long segment',
        (b: Buffer) => ({ body: Buffer.concat([b, b]), etag: 'x', length: 2 * b.length }),
        /segment "\/s\/bad\/1" is longer than the 6 bytes its manifest says/,
      ],
    ] as const) {
      it(`fails an SLO with ${what}, leaving no file`, async () => {
        slo('bad', ['segment0', 'seg__1', 'segment 2']);
        swift.put('c', 'good', 'good');
        swift.tamper = (c, name, o) => (c === 's' && name === 'bad/1' ? served(o.body) : undefined);
        const summary = await downloadObjects(client, await plan([{ container: 'c', prefix: '', localBase: '' }]), { overwrite: false, concurrency: 1 });
        assert.equal(summary.failed.length, 1);
        const error = summary.failed[0].error;
        assert.ok(isOpenStackError(error, 'checksum'), String(error));
        assert.match(error.message, /^Cannot download object "bad" in container "c": /);
        assert.match(error.message, sentence);
        assert.deepEqual(filesUnder(dir), ['good']);
      });
    }

    it('stops at a cancel: nothing more starts, no partial file, reported cancelled (not failed)', async () => {
      for (let i = 0; i < 6; i++) swift.put('c', `f${i}`, `file ${i}`);
      const p = await plan([{ container: 'c', prefix: '', localBase: '' }]);
      const controller = new AbortController();
      swift.tamper = (_c, name) => {
        if (name === 'f1') controller.abort();
        return undefined;
      };
      const summary = await downloadObjects(client, p, { overwrite: false, concurrency: 1, signal: controller.signal });
      assert.equal(summary.cancelled, true);
      assert.deepEqual(summary.failed, []);
      assert.ok(summary.downloaded.length <= 2, String(summary.downloaded.length));
      assert.ok(!swift.log.some((l) => l.startsWith('GET /c/f3')), swift.log.join('\n'));
      assert.ok(!filesUnder(dir).some((f) => f.endsWith('.part')), filesUnder(dir).join());
    });

    it('keeps at most `concurrency` requests in flight and starts objects in order', async () => {
      for (let i = 0; i < 5; i++) swift.put('c', `o${i}`, `o${i}`);
      const p: DownloadPlan = await plan([{ container: 'c', prefix: '', localBase: '' }]);
      const summary = await downloadObjects(client, p, { overwrite: false, concurrency: 1.7 });
      assert.equal(summary.downloaded.length, 5);
      assert.deepEqual(
        swift.log.filter((l) => l.startsWith('GET /c/o')),
        ['GET /c/o0', 'GET /c/o1', 'GET /c/o2', 'GET /c/o3', 'GET /c/o4'],
      );
    });

    it('is cancelled, not failed, when the signal is aborted before it starts', async () => {
      swift.put('c', 'x', 'x');
      const p = await plan([{ container: 'c', object: 'x' }]);
      const summary = await downloadObjects(client, p, { overwrite: false, signal: AbortSignal.abort() });
      assert.deepEqual([summary.cancelled, summary.downloaded, summary.failed], [true, [], []]);
      assert.deepEqual(filesUnder(dir), []);
    });
  });
});

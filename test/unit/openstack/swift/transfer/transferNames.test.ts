/** Object names → local paths for downloads (never outside the folder), and the per-segment download check. */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { MAX_SEGMENT_BYTES, localSegments, planLocalPaths } from '../../../../../src/openstack/swift/transfer/localNames';
import { DownloadHasher, splitManifest } from '../../../../../src/openstack/swift/transfer/verify';
import { etagOfSegments } from '../../../../../src/openstack/swift/transfer/manifests';

const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');

describe('transfer: local names of downloads', () => {
  it('refuses names that could leave the folder or are not file names', () => {
    for (const name of ['..', '../x', 'a/../../x', 'a/..', '.', './x', '/abs', 'a//b', 'a/', '', 'nul\u0000byte', 'lone \uD800']) {
      const got = localSegments(name, 'linux');
      assert.equal(got.ok, false, JSON.stringify(name));
    }
  });
  it('keeps POSIX names byte-exact: quotes, spaces, %, ?, #, newlines, backslashes, non-ASCII', () => {
    for (const name of [`quote's "d"`, 'sp ace', '100%', 'what?', 'hash#tag', 'new\nline', 'back\\slash', 'RTL \u202egnp.exe', 'emoji 😀', '..hidden', '...']) {
      assert.deepEqual(localSegments(`dir/${name}`, 'linux'), { ok: true, segments: ['dir', name] });
    }
  });
  it('maps what Windows cannot hold, including backslashes (which would be separators there), and says so', () => {
    const got = localSegments('a/..\\..\\evil:?.txt', 'win32');
    assert.ok(got.ok);
    assert.deepEqual(got.segments, ['a', '.._.._evil__.txt']);
    assert.match(got.mapped!, /Windows/);
    const device = localSegments('CON.txt', 'win32');
    assert.ok(device.ok && device.segments[0] === '_CON.txt');
    const trailing = localSegments('name. ', 'win32');
    assert.ok(trailing.ok && trailing.segments[0] === 'name__');
  });
  it('shortens parts too long for a file system, keeping them distinct and the extension', () => {
    const a = localSegments(`${'é'.repeat(300)}1.txt`, 'linux');
    const b = localSegments(`${'é'.repeat(300)}2.txt`, 'linux');
    assert.ok(a.ok && b.ok);
    assert.ok(Buffer.byteLength(a.segments[0]) <= MAX_SEGMENT_BYTES);
    assert.ok(a.segments[0].endsWith('.txt'));
    assert.notEqual(a.segments[0], b.segments[0]);
    assert.match(a.mapped!, /shortened/);
  });
  it('refuses a file where another name needs a folder, and two names landing on one file', () => {
    const entries = ['dir', 'dir/inner', 'A.txt', 'a.txt', 'x?', 'x_'].map((name) => ({ name, relative: name }));
    const linux = planLocalPaths(entries, 'linux');
    assert.deepEqual(
      linux.refused.map((r) => r.entry.name),
      ['dir'],
    );
    const windows = planLocalPaths(entries, 'win32');
    assert.deepEqual(windows.refused.map((r) => r.entry.name).sort(), ['a.txt', 'dir', 'x_'].sort());
    assert.match(windows.refused.find((r) => r.entry.name === 'a.txt')!.reason, /same local file as "A.txt"/);
  });
});

describe('transfer: download verification', () => {
  const parts = [Buffer.from('first segment'), Buffer.alloc(0), Buffer.from('x'), Buffer.from('the last one, longer')];
  const segments = parts.map((p) => ({ bytes: p.length, hash: md5(p) }));
  const whole = Buffer.concat(parts);
  const feed = (h: DownloadHasher, chunk: number) => {
    for (let at = 0; at < whole.length; at += chunk) h.update(whole.subarray(at, at + chunk));
  };

  it('checks a plain object by MD5 and size', () => {
    const h = new DownloadHasher({ kind: 'md5', bytes: whole.length, etag: md5(whole) });
    feed(h, 7);
    assert.equal(h.check('c', 'o'), 'md5');
    const bad = new DownloadHasher({ kind: 'md5', bytes: whole.length, etag: md5('other') });
    feed(bad, 7);
    assert.throws(
      () => bad.check('c', 'o'),
      (e: { kind?: string; message: string }) => e.kind === 'checksum' && /is not the ETag/.test(e.message),
    );
  });
  it('checks large objects per segment at any chunking, and the ETag of the segments', () => {
    for (const chunk of [1, 3, 13, 1000]) {
      const h = new DownloadHasher({ kind: 'slo', bytes: whole.length, etag: etagOfSegments(segments.map((s) => s.hash)), segments });
      feed(h, chunk);
      assert.equal(h.check('c', 'o'), 'slo', `chunks of ${chunk}`);
    }
  });
  it('fails when a segment differs, or the ETag is not that of the segments', () => {
    const wrongSegment = segments.map((s, i) => (i === 2 ? { ...s, hash: md5('y') } : s));
    const h = new DownloadHasher({ kind: 'dlo', bytes: whole.length, etag: etagOfSegments(wrongSegment.map((s) => s.hash)), segments: wrongSegment });
    feed(h, 5);
    assert.throws(() => h.check('c', 'o'), /segment 3 of 4/);
    const wrongEtag = new DownloadHasher({ kind: 'slo', bytes: whole.length, etag: md5('nope'), segments });
    feed(wrongEtag, 5);
    assert.throws(() => wrongEtag.check('c', 'o'), /did it change during the download/);
    const short = new DownloadHasher({ kind: 'md5', bytes: whole.length + 1, etag: md5(whole) });
    feed(short, 5);
    assert.throws(() => short.check('c', 'o'), /received \d+ bytes, Swift announced/);
  });
  it('reads X-Object-Manifest as percent-encoded container and prefix', () => {
    assert.deepEqual(splitManifest('my%20c/seg%2Fs%E2%98%81/'), ['my c', 'seg/s☁/']);
    assert.deepEqual(splitManifest('c/bad%zz'), ['c', 'bad%zz']);
  });
});

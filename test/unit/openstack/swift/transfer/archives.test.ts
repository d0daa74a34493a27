/**
 * The tar archives of small files (src/openstack/swift/transfer/archives.ts) read by Python's tarfile, the module
 * Swift's bulk middleware expands them with: every entry's name, bytes, and the pax xattrs the middleware turns into
 * X-Object-Meta-Mtime and Content-Type. Also: which names an archive keeps exactly, how files are grouped, and how
 * Swift's answer is read (failures named percent-encoded, refusals as a whole, garbage).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { groupForArchives, splitForArchives } from '../../../../../src/openstack/swift/transfer/archiveUploads';
import {
  ARCHIVE_BYTES,
  ARCHIVE_FILES,
  ARCHIVE_FILE_BYTES,
  archivable,
  md5Hex,
  parseArchiveAnswer,
  tarArchive,
  type ArchiveFile,
} from '../../../../../src/openstack/swift/transfer/archives';

/** What tarfile (stream mode, as the middleware opens it) reads: per entry its name, size, MD5 and pax headers. */
function readWithTarfile(tar: Buffer): Array<{ name: string; size: number; md5: string; pax: Record<string, string> }> {
  const script = `
import sys, tarfile, json, hashlib
out = []
t = tarfile.open(mode='r|', fileobj=sys.stdin.buffer)
for m in t:
    data = t.extractfile(m).read() if m.isfile() else b''
    out.append({'name': m.name, 'size': m.size, 'isfile': m.isfile(), 'md5': hashlib.md5(data).hexdigest(), 'pax': m.pax_headers})
print(json.dumps(out))
`;
  const run = spawnSync('python3', ['-c', script], { input: tar });
  assert.equal(run.status, 0, run.stderr.toString());
  const entries = JSON.parse(run.stdout.toString()) as Array<{ name: string; size: number; isfile: boolean; md5: string; pax: Record<string, string> }>;
  assert.ok(
    entries.every((e) => e.isfile),
    'only regular files',
  );
  return entries.map(({ name, size, md5, pax }) => ({ name, size, md5, pax }));
}

const file = (name: string, body: Buffer | string, mtime = '1733390000.123456', contentType = 'text/plain'): ArchiveFile => ({
  name,
  body: Buffer.isBuffer(body) ? body : Buffer.from(body),
  mtime,
  contentType,
});

describe('archives of small files (extract-archive)', () => {
  it("tarfile reads every entry's exact name, bytes, mtime and content type, whatever the name's length or characters", () => {
    const files = [
      file('a "quoted" \'name\'.txt', 'q'),
      file('spaces % ? # & ; $(x) `y`.bin', randomBytes(511)),
      file('Zoë ☁/naïve 日本語.json', randomBytes(512), '1.000000', 'application/json'),
      file('empty', Buffer.alloc(0)),
      file(`${'long/'.repeat(40)}name-over-100-bytes.txt`, randomBytes(513)),
      file('emoji 🎉 and \u202e reversed.txt', randomBytes(1500), '1733390000.999999', 'text/plain; charset=utf-8'),
    ];
    const read = readWithTarfile(tarArchive(files));
    assert.deepEqual(
      read.map((e) => e.name),
      files.map((f) => f.name),
    );
    read.forEach((entry, i) => {
      assert.equal(entry.size, files[i].body.length);
      assert.equal(entry.md5, md5Hex(files[i].body));
      assert.equal(entry.pax['SCHILY.xattr.user.meta.mtime'], files[i].mtime);
      assert.equal(entry.pax['SCHILY.xattr.user.mime_type'], files[i].contentType);
    });
  });

  it('pax record lengths are exact across digit boundaries (a record of 9/10 and 99/100/101 bytes)', () => {
    // "NN path=<name>\n": 9 bytes of overhead with two digits, so names of 89–92 bytes cross 99/100.
    const names = Array.from({ length: 12 }, (_, i) => 'n'.repeat(i + 1)).concat(Array.from({ length: 8 }, (_, i) => 'm'.repeat(86 + i)));
    const read = readWithTarfile(tarArchive(names.map((n) => file(n, n))));
    assert.deepEqual(
      read.map((e) => e.name),
      names,
    );
  });

  it('an archive ends with two empty blocks and pads every entry to 512 bytes', () => {
    const tar = tarArchive([file('x', 'abc')]);
    assert.equal(tar.length % 512, 0);
    assert.ok(tar.subarray(-1024).equals(Buffer.alloc(1024)));
    assert.equal(tarArchive([]).length, 1024);
  });

  it('takes only names the middleware stores unchanged', () => {
    for (const name of ['a', 'a/b', 'x/./y', 'a//b', '..', 'a/../b', 'Zoë ☁', '%2F', '?#', ' lead', 'trail ']) assert.ok(archivable(name), name);
    for (const name of ['', '/abs', './rel', 'dir/', 'a\nb', 'tab\there', 'nul\0', 'del\u007f', 'lone \ud800 surrogate'])
      assert.ok(!archivable(name), JSON.stringify(name));
  });

  it('groups consecutive files by count and bytes; a file over the byte bound is alone in its group', () => {
    const item = (i: number, size: number) => ({ localPath: `/f${i}`, name: `p/${i}`, size, mtimeMs: 0 });
    const many = Array.from({ length: ARCHIVE_FILES * 2 + 1 }, (_, i) => item(i, 10));
    assert.deepEqual(
      groupForArchives(many).map((g) => g.length),
      [ARCHIVE_FILES, ARCHIVE_FILES, 1],
    );
    const half = ARCHIVE_BYTES / 2;
    const sized = [item(0, half), item(1, half), item(2, 1), item(3, ARCHIVE_BYTES + 1), item(4, 1)];
    assert.deepEqual(
      groupForArchives(sized).map((g) => g.map((i) => i.name)),
      [['p/0', 'p/1'], ['p/2'], ['p/3'], ['p/4']],
    );
    assert.deepEqual(groupForArchives([]), []);
  });

  it('splits what archives may carry: small files with kept names under the listing prefix', () => {
    const item = (name: string, size = 10) => ({ localPath: `/${name}`, name, size, mtimeMs: 0 });
    const items = [
      item('p/a'),
      item('p/big', ARCHIVE_FILE_BYTES + 1),
      item('p/edge', ARCHIVE_FILE_BYTES),
      item('q/other'),
      item('p/line\nbreak'),
      item('p/under', 99),
    ];
    const { archived, alone } = splitForArchives(items, 'p/', 100);
    assert.deepEqual(
      archived.map((i) => i.name),
      ['p/a', 'p/under'],
    );
    assert.deepEqual(
      alone.map((i) => i.name),
      ['p/big', 'p/edge', 'q/other', 'p/line\nbreak'],
    );
    assert.deepEqual(
      splitForArchives([item('p/edge', ARCHIVE_FILE_BYTES)], 'p/', ARCHIVE_FILE_BYTES + 1).archived.map((i) => i.name),
      ['p/edge'],
    );
  });

  it("reads Swift's answer: created count, failures by decoded object name; a refusal or garbage throws", () => {
    const ok = parseArchiveAnswer(
      `  \n${JSON.stringify({
        'Response Status': '201 Created',
        'Number Files Created': 3,
        Errors: [[encodeURIComponent('my c/dir/a "q" ☁.txt'), '400 Bad Request'], ['/my%20c/x', '413 Request Entity Too Large'], 'junk'],
      })}`,
      'my c',
    );
    assert.equal(ok.created, 3);
    assert.deepEqual(
      [...ok.failed],
      [
        ['dir/a "q" ☁.txt', '400 Bad Request'],
        ['x', '413 Request Entity Too Large'],
      ],
    );
    assert.throws(
      () => parseArchiveAnswer(JSON.stringify({ 'Response Status': '400 Bad Request', 'Response Body': 'Invalid Tar File', 'Number Files Created': 0 }), 'c'),
      (e: Error & { kind?: string; status?: number }) => e.kind === 'badRequest' && e.status === 400 && /Invalid Tar File/.test(e.message),
    );
    assert.throws(
      () => parseArchiveAnswer('<html>oops</html>', 'c'),
      (e: Error & { kind?: string }) => e.kind === 'badResponse' && /not JSON/.test(e.message),
    );
    assert.throws(
      () => parseArchiveAnswer(JSON.stringify({ 'Response Status': '201 Created' }), 'c'),
      (e: Error & { kind?: string }) => e.kind === 'badResponse',
    );
  });

  it('says what Swift answered when it refused an archive or answered something else: its status, body and text, bounded', () => {
    const refusal = (answer: unknown) => {
      try {
        parseArchiveAnswer(JSON.stringify(answer), 'c');
      } catch (e) {
        const error = e as Error & { kind?: string; status?: number; service?: string };
        return { kind: error.kind, status: error.status, service: error.service, message: error.message };
      }
      assert.fail(`accepted ${JSON.stringify(answer)}`);
    };
    assert.deepEqual(refusal({ 'Response Status': '400 Bad Request', 'Number Files Created': 0 }), {
      kind: 'badRequest',
      status: 400,
      service: 'object-store',
      message: 'Swift refused the archive upload: 400 Bad Request',
    });
    // A status that is not text is no status: refused as "?", whatever the count says; a body that is not text is left out.
    assert.deepEqual(refusal({ 'Response Status': 201, 'Number Files Created': 1, 'Response Body': 5 }), {
      kind: 'badResponse',
      status: undefined,
      service: 'object-store',
      message: 'Swift refused the archive upload: ?',
    });
    assert.deepEqual(refusal({ 'Response Body': 'no status' }), {
      kind: 'badResponse',
      status: undefined,
      service: 'object-store',
      message: 'Swift refused the archive upload: ?: no status',
    });
    assert.deepEqual(refusal({ 'Response Status': 'odd', 'Response Body': 'x' }), {
      kind: 'badResponse',
      status: undefined,
      service: 'object-store',
      message: 'Swift refused the archive upload: odd: x',
    });
    // The status and body together are cut at 200 characters, a non-JSON or countless answer's text at 120 (trimmed).
    const long = refusal({ 'Response Status': '413 Request Entity Too Large', 'Response Body': 'b'.repeat(500) });
    assert.equal(long.message, `Swift refused the archive upload: 413 Request Entity Too Large: ${'b'.repeat(200 - 30)}`);
    assert.throws(
      () => parseArchiveAnswer(`  \n <html>${'x'.repeat(300)}</html>  `, 'c'),
      (e: Error & { kind?: string }) =>
        e.kind === 'badResponse' && e.message === `Swift answered an archive upload with something that is not JSON: <html>${'x'.repeat(114)}`,
    );
    const countless = JSON.stringify({ 'Response Status': '201 Created', 'Response Body': 'y'.repeat(300) });
    assert.throws(
      () => parseArchiveAnswer(`\n\n${countless}\n`, 'c'),
      (e: Error & { kind?: string }) =>
        e.kind === 'badResponse' && e.message === `Swift answered an archive upload without the number of files it created: ${countless.slice(0, 120)}`,
    );
  });

  it('writes POSIX ustar headers: the magic and version, each type, the size and the mtime in whole seconds', () => {
    const field = (block: Buffer, at: number, width: number) => block.subarray(at, at + width).toString('latin1');
    const tar = tarArchive([file('a.txt', 'abc', '1733390000.987654'), file('b', '', 'not a time'), file('c', 'x', '-5.5')]);
    const headers: Array<{ type: string; size: number; mtime: number; magic: string }> = [];
    for (let at = 0; at + 512 <= tar.length;) {
      const block = tar.subarray(at, at + 512);
      if (block.every((b) => b === 0)) break;
      const size = parseInt(field(block, 124, 11), 8);
      headers.push({ type: field(block, 156, 1), size, mtime: parseInt(field(block, 136, 11), 8), magic: field(block, 257, 8) });
      at += 512 + Math.ceil(size / 512) * 512;
    }
    // Without the magic, GNU tar and libarchive read an old v7 header and would not take the pax header's path.
    assert.deepEqual(
      headers.map((h) => `${h.type} ${h.magic} ${h.mtime}`),
      ['x ustar\u000000 1733390000', '0 ustar\u000000 1733390000', 'x ustar\u000000 0', '0 ustar\u000000 0', 'x ustar\u000000 0', '0 ustar\u000000 0'],
    );
    assert.deepEqual(
      headers.filter((h) => h.type === '0').map((h) => h.size),
      [3, 0, 1],
    );
  });
});

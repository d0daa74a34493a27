/**
 * Sync compared and run through the real SwiftClient against the in-memory loopback Swift (transfer/memorySwift.ts):
 * which paths are new, changed, extra or identical (large objects by their segments), and what a run sends, receives,
 * keeps and deletes. Kept apart from sync.test.ts (ignore rules, the local walk) on purpose.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { isOpenStackError } from '../../../../src/openstack/errors';
import type { SwiftClient } from '../../../../src/openstack/swift/client';
import { compareFolder, refusedSentence, rulesFrom, runSync, summaryText, type SyncPair } from '../../../../src/openstack/swift/sync';
import { MemorySwift, md5, memorySwiftTest } from './transfer/memorySwift';

const NO_RULES = rulesFrom([]);

describe('sync: compare and run (loopback Swift)', () => {
  const t = memorySwiftTest('oss-sync-run-', ['c']);
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
  const kinds = (plan: Awaited<ReturnType<typeof compareFolder>>) => [
    ...plan.entries.map((e) => `${e.relative}:${e.kind}`),
    // Identical paths are counted, not listed.
    ...(plan.identical.files ? [`identical: ${plan.identical.files} (${plan.identical.bytes} bytes)`] : []),
  ];

  it('push: new, changed (same size, other bytes; other size), identical, extra; markers and ignored counted', async () => {
    local('same.txt', 'same');
    local('new.txt', 'new');
    local('d/samesize.txt', 'abcd');
    local('longer.txt', 'longer now');
    local('skip.log', 'ignored');
    swift.put('c', 'p/same.txt', 'same');
    swift.put('c', 'p/d/samesize.txt', 'ABCD');
    swift.put('c', 'p/longer.txt', 'short');
    swift.put('c', 'p/extra.txt', 'only remote');
    swift.put('c', 'p/folder/', '');
    swift.put('c', 'p/remote.log', 'ignored too');
    swift.put('c', 'elsewhere', 'not under the prefix');
    const plan = await compareFolder(client, pair, { direction: 'push', rules: rulesFrom([{ source: '.swiftignore', text: '*.log\n' }]) });
    assert.deepEqual(kinds(plan), ['d/samesize.txt:changed', 'extra.txt:extra', 'longer.txt:changed', 'new.txt:new', 'identical: 1 (4 bytes)']);
    assert.equal(plan.ignored, 2);
    assert.equal(plan.folderMarkers, 1);
    assert.deepEqual(plan.ignoreSources, ['.swiftignore']);
    assert.equal(plan.pair.folder, dir);
    assert.equal(plan.direction, 'push');

    const summary = await runSync(client, plan, { deleteExtras: true, concurrency: 1 });
    assert.deepEqual(summary.transferred, { files: 3, bytes: 4 + 10 + 3 });
    assert.equal(summary.deleted, 1);
    assert.deepEqual([summary.failed, summary.notes, summary.cancelled], [[], [], false]);
    assert.equal(swift.containers.get('c')!.get('p/d/samesize.txt')!.body.toString(), 'abcd');
    assert.equal(swift.containers.get('c')!.has('p/extra.txt'), false);
    assert.equal(summaryText(summary), '3 files sent (17 bytes), 1 deleted.');
  });

  it('push keeps extras unless asked, and reports a refused upload under its relative name', async () => {
    local('a.txt', 'a');
    local('bad.txt', 'b');
    swift.put('c', 'p/extra', 'x');
    swift.fail.set('PUT /c/p/bad.txt', 400);
    const plan = await compareFolder(client, pair, { direction: 'push', rules: NO_RULES });
    const summary = await runSync(client, plan, { deleteExtras: false });
    assert.equal(summary.deleted, 0);
    assert.ok(swift.containers.get('c')!.has('p/extra'));
    assert.deepEqual(
      summary.failed.map((f) => f.relative),
      ['bad.txt'],
    );
    assert.match(summaryText(summary), /^1 file sent \(1 bytes\), 0 deleted\.\n"bad\.txt" failed: /);
  });

  it('push refuses names longer than the server takes, one sentence each', async () => {
    const long = `${'n'.repeat(200)}/`.repeat(6) + 'f';
    local(long, 'x');
    local('short', 'x');
    const plan = await compareFolder(client, pair, { direction: 'push', rules: NO_RULES });
    assert.deepEqual(kinds(plan), ['short:new']);
    assert.equal(plan.refused.length, 1);
    assert.equal(plan.refused[0].reason, 'its object name would be 1209 bytes long; the server takes 1024 at most');
    assert.match(refusedSentence(plan.refused[0]), /^Local file "n+…" is left out: its object name would be 1209 bytes long; the server takes 1024 at most\.$/);
  });

  it('a large object is identical when the file’s segments make its ETag, cut this extension’s way or the manifest’s', async () => {
    local('big.bin', '0123456789');
    local('other.bin', '0123456789');
    local('changed.bin', '0123456789');
    // Segments of 4 bytes (not the upload size): found equal through the manifest.
    ['0123', '4567', '89'].forEach((s, i) => swift.put('c_segments', `big/${i}`, s));
    swift.putSlo('c', 'p/big.bin', ['/c_segments/big/0', '/c_segments/big/1', '/c_segments/big/2']);
    // Segments of the size given: equal without reading the manifest.
    ['01234', '56789'].forEach((s, i) => swift.put('c_segments', `other/${i}`, s));
    swift.putSlo('c', 'p/other.bin', ['/c_segments/other/0', '/c_segments/other/1']);
    ['01234', '5678X'].forEach((s, i) => swift.put('c_segments', `changed/${i}`, s));
    swift.putSlo('c', 'p/changed.bin', ['/c_segments/changed/0', '/c_segments/changed/1']);
    const plan = await compareFolder(client, pair, { direction: 'push', rules: NO_RULES, segmentSize: 5 });
    assert.deepEqual(kinds(plan), ['changed.bin:changed', 'identical: 2 (20 bytes)']);
    assert.ok(!swift.log.some((l) => l.startsWith('GET /c/p/other.bin?multipart-manifest=get')), swift.log.join('\n'));
    assert.ok(swift.log.some((l) => l.startsWith('GET /c/p/big.bin?multipart-manifest=get')));
  });

  it('says which folder cannot be read, and why', async () => {
    await assert.rejects(compareFolder(client, { ...pair, folder: join(dir, 'missing') }, { direction: 'push', rules: NO_RULES }), (e: unknown) => {
      assert.ok(isOpenStackError(e, 'invalidInput'));
      assert.equal(e.message, `Cannot read the folder ${JSON.stringify(join(dir, 'missing'))}: it does not exist.`);
      return true;
    });
    writeFileSync(join(dir, 'file'), 'x');
    await assert.rejects(compareFolder(client, { ...pair, folder: join(dir, 'file') }, { direction: 'push', rules: NO_RULES }), /: it is not a folder\.$/);
  });

  it('pull: writes new objects, swaps changed ones in, keeps the object’s mtime, deletes extras only when asked', async () => {
    local('changed.txt', 'old');
    local('same.txt', 'same');
    local('extra.txt', 'only local');
    swift.put('c', 'p/changed.txt', 'new content', { 'x-object-meta-mtime': '1600000000.500000' });
    swift.put('c', 'p/same.txt', 'same');
    swift.put('c', 'p/sub/new.txt', 'fresh');
    swift.put('c', 'p/../evil', 'refused');
    const plan = await compareFolder(client, pair, { direction: 'pull', rules: NO_RULES, platform: 'linux' });
    assert.deepEqual(kinds(plan), ['changed.txt:changed', 'extra.txt:extra', 'sub/new.txt:new', 'identical: 1 (4 bytes)']);
    assert.deepEqual(
      plan.refused.map((r) => [r.name, r.side]),
      [['p/../evil', 'remote']],
    );
    assert.equal(plan.entries.find((e) => e.relative === 'sub/new.txt')!.localPath, join(dir, 'sub', 'new.txt'));

    const summary = await runSync(client, plan, { deleteExtras: true });
    assert.deepEqual(summary.transferred, { files: 2, bytes: 11 + 5 });
    assert.equal(summary.deleted, 1);
    assert.equal(readFileSync(join(dir, 'changed.txt'), 'utf8'), 'new content');
    assert.equal(readFileSync(join(dir, 'sub', 'new.txt'), 'utf8'), 'fresh');
    assert.equal(existsSync(join(dir, 'extra.txt')), false);
    assert.equal(statSync(join(dir, 'changed.txt')).mtimeMs, 1600000000500);
    assert.deepEqual(summary.notes, [refusedSentence(plan.refused[0])]);
    assert.match(summaryText(summary), /^2 files received \(16 bytes\), 1 deleted\.\nObject "p\/\.\.\/evil" is left out: /);
  });

  it('pull never overwrites a file changed or written meanwhile, nor deletes one changed meanwhile', async () => {
    local('changed.txt', 'old');
    local('extra.txt', 'only local');
    swift.put('c', 'p/changed.txt', 'new content');
    swift.put('c', 'p/appeared.txt', 'remote');
    const plan = await compareFolder(client, pair, { direction: 'pull', rules: NO_RULES });
    local('changed.txt', 'edited meanwhile');
    local('appeared.txt', 'mine');
    utimesSync(join(dir, 'extra.txt'), new Date(), new Date(Date.UTC(2000, 0, 1)));
    const summary = await runSync(client, plan, { deleteExtras: true });
    assert.equal(readFileSync(join(dir, 'changed.txt'), 'utf8'), 'edited meanwhile');
    assert.equal(readFileSync(join(dir, 'appeared.txt'), 'utf8'), 'mine');
    assert.ok(existsSync(join(dir, 'extra.txt')));
    assert.deepEqual(summary.transferred, { files: 0, bytes: 0 });
    assert.equal(summary.deleted, 0);
    assert.deepEqual(summary.notes.sort(), [
      'Local file "appeared.txt" appeared during the sync and was kept; the object was not written.',
      'Local file "changed.txt" changed during the sync and was kept; the object\'s version was not written.',
      'Local file "extra.txt" changed during the sync and was not deleted.',
    ]);
    assert.deepEqual((await import('node:fs')).readdirSync(dir).sort(), ['appeared.txt', 'changed.txt', 'extra.txt'], 'no staged file left behind');
  });

  it('pull reports a failed download under its relative name and leaves no staged file', async () => {
    local('changed.txt', 'old');
    swift.put('c', 'p/changed.txt', 'new content');
    swift.tamper = () => ({ etag: md5('wrong') });
    const plan = await compareFolder(client, pair, { direction: 'pull', rules: NO_RULES });
    const summary = await runSync(client, plan, { deleteExtras: false });
    assert.deepEqual(
      summary.failed.map((f) => f.relative),
      ['changed.txt'],
    );
    assert.match(summary.failed[0].reason, /^Cannot download object "p\/changed\.txt" in container "c": /);
    assert.equal(readFileSync(join(dir, 'changed.txt'), 'utf8'), 'old');
    assert.deepEqual((await import('node:fs')).readdirSync(dir), ['changed.txt']);
    assert.equal(
      summaryText({ ...summary, transferred: { files: 1, bytes: 1 }, cancelled: true }).split('\n')[0],
      '1 file received (1 bytes), 0 deleted; cancelled before the end.',
    );
  });

  it('a cancelled run deletes nothing', async () => {
    swift.put('c', 'p/extra', 'x');
    local('new.txt', 'n');
    const plan = await compareFolder(client, pair, { direction: 'push', rules: NO_RULES });
    const summary = await runSync(client, plan, { deleteExtras: true, signal: AbortSignal.abort() });
    assert.equal(summary.cancelled, true);
    assert.equal(summary.deleted, 0);
    assert.ok(swift.containers.get('c')!.has('p/extra'));
  });
});

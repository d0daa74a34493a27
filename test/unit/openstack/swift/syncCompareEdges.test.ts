/**
 * Sync's compare at its edges, against the in-memory loopback Swift (transfer/memorySwift.ts): the folder's own
 * rule files, name limits with and without /info, names mapped for the platform, large objects whose ETag cannot be
 * trusted, files that vanish between the walk and the compare, remote folders the rules ignore. Each case is one a
 * user would notice: a file not sent, an object deleted as an extra, a wrong count, an error without its sentence.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isOpenStackError } from '../../../../src/openstack/errors';
import type { SwiftClient } from '../../../../src/openstack/swift/client';
import { compareFolder, nestedRulesFrom, rulesFrom, runSync, type IgnoreRules, type SyncPair, type SyncPlan } from '../../../../src/openstack/swift/sync';
import { MemorySwift, md5, memorySwiftTest } from './transfer/memorySwift';

const NO_RULES = rulesFrom([]);

describe('sync: compare edges (loopback Swift)', () => {
  const t = memorySwiftTest('oss-sync-edges-', ['c']);
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
  const kinds = (plan: SyncPlan) => [
    ...plan.entries.map((e) => `${e.relative}:${e.kind}`),
    // Identical paths are counted, not listed.
    ...(plan.identical.files ? [`identical: ${plan.identical.files} (${plan.identical.bytes} bytes)`] : []),
  ];
  const manifestReads = () => swift.log.filter((l) => l.includes('multipart-manifest=get'));

  it("reads the folder's own .swiftignore, and its .gitignore only when asked", async () => {
    local('.swiftignore', 'a.txt\n');
    local('.gitignore', 'b.txt\n');
    local('a.txt', 'a');
    local('b.txt', 'b');
    local('c.txt', 'c');
    const without = await compareFolder(client, pair, { direction: 'push' });
    assert.deepEqual(kinds(without), ['.gitignore:new', 'b.txt:new', 'c.txt:new']);
    assert.deepEqual(without.ignoreSources, ['.swiftignore']);
    const withGit = await compareFolder(client, pair, { direction: 'push', honourGitignore: true });
    assert.deepEqual(kinds(withGit), ['.gitignore:new', 'c.txt:new']);
    assert.deepEqual(withGit.ignoreSources, ['.swiftignore', '.gitignore']);
  });

  it('a folder that is a file, or a link loop, gets its sentence also when its rule files are read from it', async () => {
    writeFileSync(join(dir, 'file'), 'x');
    symlinkSync('loop', join(dir, 'loop'));
    const sentence = async (folder: string, rules?: IgnoreRules) => {
      const e = await compareFolder(client, { ...pair, folder }, { direction: 'push', ...(rules ? { rules } : {}) }).then(
        () => assert.fail('compared'),
        (error: unknown) => error,
      );
      assert.ok(isOpenStackError(e, 'invalidInput'), String(e));
      return [e.message, (e.cause as NodeJS.ErrnoException | undefined)?.code];
    };
    const file = JSON.stringify(join(dir, 'file'));
    const loop = JSON.stringify(join(dir, 'loop'));
    assert.deepEqual(await sentence(join(dir, 'file')), [`Cannot read the folder ${file}: it is not a folder.`, 'ENOTDIR']);
    assert.deepEqual(await sentence(join(dir, 'file'), NO_RULES), [`Cannot read the folder ${file}: it is not a folder.`, 'ENOTDIR']);
    assert.deepEqual(await sentence(join(dir, 'loop'), NO_RULES), [`Cannot read the folder ${loop}: ELOOP.`, 'ELOOP']);
    assert.deepEqual(await sentence(join(dir, 'loop')), [`Cannot read the folder ${loop}: ELOOP.`, 'ELOOP']);
    // A folder that can be listed but whose own rule file cannot be read: compared without its rules, never.
    mkdirSync(join(dir, 'ruled'));
    writeFileSync(join(dir, 'ruled', 'a.txt'), 'a');
    symlinkSync('.swiftignore', join(dir, 'ruled', '.swiftignore'));
    const ruled = JSON.stringify(join(dir, 'ruled'));
    assert.deepEqual(await sentence(join(dir, 'ruled')), [`Cannot read the folder ${ruled}: ELOOP.`, 'ELOOP']);
  });

  it('an error that is not about the folder is passed on as it is', async () => {
    local('a.txt', 'a');
    const boom = new Error('rules broke');
    const rules: IgnoreRules = {
      sources: [],
      ignores: () => {
        throw boom;
      },
    };
    await assert.rejects(compareFolder(client, pair, { direction: 'push', rules }), (e) => e === boom);
  });

  it('what the walk leaves out is in the plan as refused, on the local side', async () => {
    local('a.txt', 'a');
    symlinkSync('a.txt', join(dir, 'link'));
    const plan = await compareFolder(client, pair, { direction: 'push', rules: NO_RULES });
    assert.deepEqual(kinds(plan), ['a.txt:new']);
    assert.deepEqual(plan.refused, [{ name: 'link', side: 'local', reason: 'a symbolic link (not followed)' }]);
  });

  it("holds object names to the server's limit, or to Swift's default of 1024 bytes when /info is unavailable", async () => {
    // 'p/' + four 250-byte folders (with their '/') + a name: 1024 bytes exactly, and one byte more.
    const folders = `${'d'.repeat(250)}/`.repeat(4);
    local(`${folders}${'f'.repeat(18)}`, 'fits');
    local(`${folders}${'g'.repeat(19)}`, 'too long');
    for (const infoFails of [true, false]) {
      swift.fail.delete('GET /info');
      if (infoFails) swift.fail.set('GET /info', 503);
      const plan = await compareFolder(client, pair, { direction: 'push', rules: NO_RULES });
      assert.deepEqual(kinds(plan), [`${folders}${'f'.repeat(18)}:new`], `info fails: ${infoFails}`);
      assert.deepEqual(
        plan.refused.map((r) => r.reason),
        ['its object name would be 1025 bytes long; the server takes 1024 at most'],
      );
    }
  });

  it('each entry carries only its sides; a pull maps names the platform cannot hold, and says why', async () => {
    local('only-local.txt', 'l');
    swift.put('c', 'p/a:b.txt', 'mapped');
    swift.put('c', 'p/plain.txt', 'plain');
    const pull = await compareFolder(client, pair, { direction: 'pull', rules: NO_RULES, platform: 'win32' });
    const byName = new Map(pull.entries.map((e) => [e.relative, e]));
    assert.deepEqual([...byName.keys()], ['a_b.txt', 'only-local.txt', 'plain.txt']);
    assert.deepEqual(Object.keys(byName.get('a_b.txt')!).sort(), ['kind', 'localPath', 'mapped', 'relative', 'remote']);
    assert.equal(byName.get('a_b.txt')!.mapped, 'characters Windows file names cannot hold became "_"');
    assert.equal(byName.get('a_b.txt')!.localPath, join(dir, 'a_b.txt'));
    assert.equal(byName.get('a_b.txt')!.remote!.name, 'p/a:b.txt');
    assert.deepEqual(Object.keys(byName.get('plain.txt')!).sort(), ['kind', 'localPath', 'relative', 'remote']);
    assert.deepEqual(Object.keys(byName.get('only-local.txt')!).sort(), ['kind', 'local', 'relative']);
    assert.equal(byName.get('only-local.txt')!.kind, 'extra');

    const push = await compareFolder(client, pair, { direction: 'push', rules: NO_RULES });
    assert.deepEqual(kinds(push), ['a:b.txt:extra', 'only-local.txt:new', 'plain.txt:extra']);
    assert.deepEqual(Object.keys(push.entries[0]).sort(), ['kind', 'relative', 'remote']);
    assert.deepEqual(Object.keys(push.entries[1]).sort(), ['kind', 'local', 'relative']);
  });

  it("recomputes a large object's ETag with the server's minimum segment size, without reading its manifest", async () => {
    swift.slo = { max_manifest_segments: 1000, min_segment_size: 6 };
    local('big.bin', '0123456789ab');
    ['012345', '6789ab'].forEach((s, i) => swift.put('c_segments', `big/${i}`, s));
    swift.putSlo('c', 'p/big.bin', ['/c_segments/big/0', '/c_segments/big/1']);
    const plan = await compareFolder(client, pair, { direction: 'push', rules: NO_RULES, segmentSize: 5 });
    assert.deepEqual(kinds(plan), ['identical: 1 (12 bytes)']);
    assert.deepEqual(manifestReads(), []);
  });

  it('a file whose size differs from the object’s is changed without reading either', async () => {
    local('big.bin', '012345678');
    ['01234', '56789'].forEach((s, i) => swift.put('c_segments', `big/${i}`, s));
    swift.putSlo('c', 'p/big.bin', ['/c_segments/big/0', '/c_segments/big/1']);
    const plan = await compareFolder(client, pair, { direction: 'push', rules: NO_RULES, segmentSize: 5 });
    assert.deepEqual(kinds(plan), ['big.bin:changed']);
    assert.deepEqual(manifestReads(), []);
  });

  it('a large object whose manifest is gone is changed; a manifest that cannot be read fails the compare', async () => {
    local('big.bin', '0123456789');
    ['0123', '456789'].forEach((s, i) => swift.put('c_segments', `big/${i}`, s));
    swift.putSlo('c', 'p/big.bin', ['/c_segments/big/0', '/c_segments/big/1']);
    swift.fail.set('GET /c/p/big.bin', 404);
    assert.deepEqual(kinds(await compareFolder(client, pair, { direction: 'push', rules: NO_RULES, segmentSize: 5 })), ['big.bin:changed']);
    swift.fail.set('GET /c/p/big.bin', 500);
    await assert.rejects(compareFolder(client, pair, { direction: 'push', rules: NO_RULES, segmentSize: 5 }), (e: unknown) => {
      assert.ok(isOpenStackError(e), String(e));
      assert.notEqual(e.kind, 'invalidInput');
      return true;
    });
  });

  it('segments that match the file do not make it identical when the manifest’s ETag is not theirs', async () => {
    local('big.bin', '0123456789');
    ['0123', '456789'].forEach((s, i) => swift.put('c_segments', `big/${i}`, s));
    swift.putSlo('c', 'p/big.bin', ['/c_segments/big/0', '/c_segments/big/1']).etag = md5('another manifest');
    const plan = await compareFolder(client, pair, { direction: 'push', rules: NO_RULES, segmentSize: 5 });
    assert.deepEqual(kinds(plan), ['big.bin:changed']);
    assert.equal(manifestReads().length, 1);
  });

  it('a file that vanishes between the walk and the compare is left out with the reason, the rest compared', async () => {
    local('gone.txt', 'same');
    local('kept.txt', 'same');
    swift.put('c', 'p/gone.txt', 'same');
    swift.put('c', 'p/kept.txt', 'same');
    // The remote side is judged after the walk: the second question about gone.txt is the compare's.
    let asked = 0;
    const rules: IgnoreRules = {
      sources: [],
      ignores: (relative) => {
        if (relative === 'gone.txt' && ++asked === 2) rmSync(join(dir, 'gone.txt'));
        return false;
      },
    };
    const plan = await compareFolder(client, pair, { direction: 'push', rules });
    assert.deepEqual(kinds(plan), ['identical: 1 (4 bytes)']);
    assert.deepEqual(plan.refused, [{ name: 'gone.txt', side: 'local', reason: 'it could not be read to compare it (ENOENT)' }]);
  });

  it('objects ending in "/" are folder markers only when empty; an empty object is a file', async () => {
    swift.put('c', 'p/marker/', '');
    swift.put('c', 'p/odd/', 'has bytes');
    swift.put('c', 'p/empty.txt', '');
    const plan = await compareFolder(client, pair, { direction: 'push', rules: NO_RULES });
    assert.deepEqual(kinds(plan), ['empty.txt:extra', 'odd/:extra']);
    assert.equal(plan.folderMarkers, 1);
  });

  it('remote objects in ignored folders are ignored; a file named like an ignored folder is not', async () => {
    swift.put('c', 'p/build/x.js', 'ignored: in build/');
    swift.put('c', 'p/a/tmp/y', 'ignored: in /a/tmp/');
    swift.put('c', 'p/b/a/tmp/z', 'kept: /a/tmp/ is anchored');
    swift.put('c', 'p/src/logs', 'kept: a file, logs/ names folders');
    swift.put('c', 'p/./dot', 'kept: a "." segment is judged without error');
    const rules = rulesFrom([{ source: '.swiftignore', text: 'build/\nlogs/\n/a/tmp/\n' }]);
    const plan = await compareFolder(client, pair, { direction: 'push', rules });
    assert.deepEqual(kinds(plan), ['./dot:extra', 'b/a/tmp/z:extra', 'src/logs:extra']);
    assert.equal(plan.ignored, 2);
  });

  it('a ranged large object of the same size is changed: its segments’ MD5s say nothing about the file', async () => {
    local('big.bin', '0123456789');
    swift.put('c_segments', 'r/0', 'xx01234yy');
    swift.put('c_segments', 'r/1', '56789');
    swift.putSlo('c', 'p/big.bin', [{ path: '/c_segments/r/0', range: '2-6' }, '/c_segments/r/1']);
    swift.put('c_segments', 'w/0', 'ABCDE');
    swift.put('c_segments', 'w/1', 'zz56789');
    local('other.bin', '0123456789');
    swift.putSlo('c', 'p/other.bin', ['/c_segments/w/0', { path: '/c_segments/w/1', range: '2-6' }]);
    const plan = await compareFolder(client, pair, { direction: 'push', rules: NO_RULES, segmentSize: 5 });
    assert.deepEqual(kinds(plan), ['big.bin:changed', 'other.bin:changed']);
    assert.equal(swift.content(swift.containers.get('c')!.get('p/big.bin')!).toString(), '0123456789');
  });

  it('an object re-included inside an ignored folder is still ignored, as its local copy is: a push never deletes it', async () => {
    const rules = nestedRulesFrom({
      '': [{ source: '.swiftignore', text: '/a/b/\n' }],
      'a/b/': [{ source: 'a/b/.swiftignore', text: '!k\n' }],
    });
    // A one-letter name: judged letter by letter, a name's prefixes would look like folders inside a/b/.
    local('a/b/k', 'mine');
    swift.put('c', 'p/a/b/k', 'mine, sent before the rule');
    swift.put('c', 'p/a/keep', 'not in the ignored folder');
    const plan = await compareFolder(client, pair, { direction: 'push', rules });
    assert.deepEqual(kinds(plan), ['a/keep:extra']);
    assert.equal(plan.ignored, 2);
    await runSync(client, plan, { deleteExtras: true });
    assert.ok(swift.containers.get('c')!.has('p/a/b/k'));
  });
});

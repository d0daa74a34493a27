/**
 * Sync's local side at its edges: the walk (name order, ignored folders never entered, sockets, files and folders
 * that vanish mid-walk, rule files that cannot be read), the ignore rules (names a listing can hold that are not plain
 * relative paths), and the bytes a pull's extras would delete. Race conditions are made deterministic through the rules'
 * `ignores` hook, which the walk calls for each entry just before it reads it.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entryBytes, loadIgnoreRules, nestedRulesFrom, readLocalTree, rulesFrom, type IgnoreRules } from '../../../../src/openstack/swift/sync';

describe('sync: local walk and ignore rules at their edges', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'oss-sync-local-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const file = (rel: string, body = rel) => {
    mkdirSync(join(dir, ...rel.split('/').slice(0, -1)), { recursive: true });
    writeFileSync(join(dir, ...rel.split('/')), body);
  };
  const hook = (on: (relative: string) => void): IgnoreRules => ({
    sources: [],
    ignores: (relative) => {
      on(relative);
      return false;
    },
  });

  it('walks in the order a listing has (UTF-8 byte order, a folder as its name and "/"), not JavaScript\'s or libuv\'s', async () => {
    // UTF-8 byte order puts U+FF01 (EF BC 81) before U+1F600 (F0 9F 98 80); UTF-16 order the other way round. The
    // folder "a" sorts as "a/", after "a.txt" ("." is 2E, "/" 2F), as the names "a.txt" and "a/inner" do in a listing.
    for (const n of ['\u{1f600}.txt', '\uff01.txt', 'b.txt', 'B.txt', 'a/inner', 'a.txt.d/inner', 'a.txt']) file(n);
    const tree = await readLocalTree(dir, rulesFrom([]));
    assert.deepEqual([...tree.files.keys()], ['B.txt', 'a.txt', 'a.txt.d/inner', 'a/inner', 'b.txt', '\uff01.txt', '\u{1f600}.txt']);
  });

  it('an ignored folder counts once and is never entered', async () => {
    file('cache/a');
    file('cache/b');
    symlinkSync('a', join(dir, 'cache', 'link'));
    file('kept.txt');
    const tree = await readLocalTree(dir, rulesFrom([{ source: '.swiftignore', text: 'cache/\n' }]));
    assert.deepEqual([[...tree.files.keys()], tree.ignored, tree.skipped], [['kept.txt'], 1, []]);
  });

  it('a socket is left out as not a regular file', async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(join(dir, 'sock'), resolve));
    try {
      file('a.txt');
      const tree = await readLocalTree(dir, rulesFrom([]));
      assert.deepEqual([[...tree.files.keys()], tree.skipped], [['a.txt'], [{ relative: 'sock', reason: 'not a regular file' }]]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a file or a folder that vanishes during the walk is left out with the reason; the walk goes on', async () => {
    file('gone.txt');
    file('gone/inner.txt');
    file('z.txt');
    const tree = await readLocalTree(
      dir,
      hook((relative) => {
        if (relative === 'gone.txt') rmSync(join(dir, 'gone.txt'));
        if (relative === 'gone/') rmSync(join(dir, 'gone'), { recursive: true });
      }),
    );
    assert.deepEqual([...tree.files.keys()], ['z.txt']);
    assert.deepEqual(tree.skipped, [
      { relative: 'gone.txt', reason: 'cannot be read (ENOENT)' },
      { relative: 'gone/', reason: 'the folder was left out: cannot be read (ENOENT)' },
    ]);
  });

  it("a subfolder whose rule file cannot be read is left out, said so; the root's own folder error is thrown", async () => {
    file('sub/secret.txt');
    file('top.txt');
    symlinkSync('.swiftignore', join(dir, 'sub', '.swiftignore')); // a link to itself: ELOOP
    const rules = await loadIgnoreRules(dir, false);
    const tree = await readLocalTree(dir, rules);
    assert.deepEqual([...tree.files.keys()], ['top.txt']);
    assert.deepEqual(tree.skipped, [{ relative: 'sub/', reason: 'the folder was left out: its ignore file cannot be read (ELOOP)' }]);
    await assert.rejects(readLocalTree(join(dir, 'missing'), rules), (e: NodeJS.ErrnoException) => e.code === 'ENOENT');
  });

  it('rule files that are folders, or under a path that is a file, are no rules', async () => {
    mkdirSync(join(dir, '.swiftignore'));
    file('plain');
    assert.deepEqual((await loadIgnoreRules(dir, false)).sources, []);
    assert.deepEqual((await loadIgnoreRules(join(dir, 'plain'), true)).sources, []);
  });

  it('judges names that are not plain relative paths without error, and never from above the folder', () => {
    const rules = nestedRulesFrom({
      '': [{ source: '.swiftignore', text: '*.log\n' }],
      'docs/': [{ source: 'docs/.swiftignore', text: 'draft/\n' }],
    });
    assert.deepEqual(
      ['./a.log', '../a.log', 'docs/', 'docs/draft/', 'docs/draft/x', ''].map((p) => rules.ignores(p)),
      [true, false, false, true, true, false],
    );
  });

  it("a pull's extra counts the local file's bytes, a push's the object's", () => {
    const local = { relative: 'x', path: '/x', size: 100, mtimeMs: 0 };
    const remote = { kind: 'object' as const, name: 'x', bytes: 7, hash: '', lastModified: undefined, contentType: '' };
    assert.equal(entryBytes({ relative: 'x', kind: 'extra', local }, 'pull'), 100);
    assert.equal(entryBytes({ relative: 'x', kind: 'extra', remote }, 'push'), 7);
  });
});

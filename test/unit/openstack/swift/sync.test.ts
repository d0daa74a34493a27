/** The pure parts of sync: ignore rules (gitignore syntax through the `ignore` library), the local walk, plan totals. */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadIgnoreRules, nestedRulesFrom, planTotals, readLocalTree, rulesFrom, type SyncPlan } from '../../../../src/openstack/swift/sync';

describe('sync: ignore rules, local walk, plan totals', () => {
  let work: string;
  before(() => (work = mkdtempSync(join(tmpdir(), 'oss-sync-unit-'))));
  after(() => rmSync(work, { recursive: true, force: true }));

  it('applies gitignore syntax: folders, globs, negation, anchored paths; never the rule file itself', () => {
    const rules = rulesFrom([{ source: '.swiftignore', text: 'build/\n*.log\n!keep.log\n/top.txt\n# comment\n' }]);
    assert.deepEqual(
      ['build/', 'a/build/', 'x.log', 'keep.log', 'top.txt', 'sub/top.txt', '.swiftignore', 'src/a.ts', ''].map((p) => rules.ignores(p)),
      [true, true, true, false, true, false, true, false, false],
    );
  });

  it('reads .swiftignore always and .gitignore only when asked', async () => {
    const folder = join(work, 'rules');
    mkdirSync(folder);
    writeFileSync(join(folder, '.swiftignore'), 'a.txt\n');
    writeFileSync(join(folder, '.gitignore'), 'b.txt\n');
    const without = await loadIgnoreRules(folder, false);
    const withGit = await loadIgnoreRules(folder, true);
    assert.deepEqual([without.ignores('a.txt'), without.ignores('b.txt'), without.sources], [true, false, ['.swiftignore']]);
    assert.deepEqual([withGit.ignores('a.txt'), withGit.ignores('b.txt'), withGit.sources], [true, true, ['.swiftignore', '.gitignore']]);
    assert.deepEqual((await loadIgnoreRules(join(work, 'none'), true)).sources, []);
  });

  it('nested rule files apply to their folder and below, patterns relative to it; the deeper file wins', () => {
    const rules = nestedRulesFrom({
      '': [{ source: '.swiftignore', text: '*.log\n/top.tmp\n' }],
      'docs/': [{ source: 'docs/.swiftignore', text: '!keep.log\n/draft.md\n*.tmp\n' }],
      'docs/old/': [{ source: 'docs/old/.swiftignore', text: 'keep.log\n' }],
    });
    const cases: Array<[string, boolean]> = [
      ['a.log', true], // root rule
      ['docs/keep.log', false], // re-included by the deeper file
      ['docs/other.log', true], // root rule, not overridden
      ['docs/draft.md', true], // anchored to docs/
      ['draft.md', false], // docs/'s rule does not reach up
      ['docs/sub/draft.md', false], // anchored: docs/draft.md only
      ['docs/sub/x.tmp', true], // unanchored: anywhere under docs/
      ['x.tmp', false],
      ['top.tmp', true],
      ['docs/old/keep.log', true], // the deepest file ignores it again
      ['docs/.swiftignore', true], // rule files at any depth are the folder's, not content
      ['docs/.gitignore', false],
    ];
    assert.deepEqual(
      cases.map(([p]) => [p, rules.ignores(p)]),
      cases,
    );
  });

  it('the walk reads .swiftignore (and .gitignore when asked) of each subfolder as it enters it', async () => {
    const folder = join(work, 'nested');
    mkdirSync(join(folder, 'app/cache'), { recursive: true });
    mkdirSync(join(folder, 'lib'), { recursive: true });
    writeFileSync(join(folder, '.swiftignore'), '*.bak\n');
    writeFileSync(join(folder, 'app/.swiftignore'), 'cache/\n/local.env\n');
    writeFileSync(join(folder, 'app/.gitignore'), 'debug.txt\n');
    for (const f of ['a.bak', 'local.env', 'app/local.env', 'app/cache/c.txt', 'app/debug.txt', 'app/main.js', 'lib/local.env', 'lib/x.bak'])
      writeFileSync(join(folder, f), f);
    const files = async (git: boolean) => [...(await readLocalTree(folder, await loadIgnoreRules(folder, git))).files.keys()];
    assert.deepEqual(await files(false), ['app/.gitignore', 'app/debug.txt', 'app/main.js', 'lib/local.env', 'local.env']);
    assert.deepEqual(await files(true), ['app/.gitignore', 'app/main.js', 'lib/local.env', 'local.env']);
    const rules = await loadIgnoreRules(folder, true);
    await readLocalTree(folder, rules);
    assert.deepEqual(rules.sources, ['.swiftignore', 'app/.swiftignore', 'app/.gitignore']);
    // Objects in those folders are judged by the same rules (the remote side of a compare).
    assert.deepEqual(
      ['app/local.env', 'app/cache/y', 'lib/local.env'].map((p) => rules.ignores(p) || rules.ignores(`${p.split('/').slice(0, -1).join('/')}/`)),
      [true, true, false],
    );
  });

  it('walks regular files; links (a loop too) are skipped with a sentence; ignored folders are not entered', async () => {
    const folder = join(work, 'walk');
    mkdirSync(join(folder, 'sub/deeper'), { recursive: true });
    mkdirSync(join(folder, 'skipme'));
    writeFileSync(join(folder, 'sub/deeper/f.txt'), 'f');
    writeFileSync(join(folder, 'skipme/g.txt'), 'g');
    writeFileSync(join(folder, 'top.txt'), 'top');
    symlinkSync('..', join(folder, 'sub/loop'));
    const tree = await readLocalTree(folder, rulesFrom([{ source: 'x', text: 'skipme/\n' }]));
    assert.deepEqual([...tree.files.keys()], ['sub/deeper/f.txt', 'top.txt']);
    assert.deepEqual(tree.skipped, [{ relative: 'sub/loop', reason: 'a symbolic link (not followed)' }]);
    assert.equal(tree.ignored, 1);
    assert.equal(tree.files.get('top.txt')?.size, 3);
  });

  it('totals count files and bytes per kind: the source side for transfers, the destination for extras', () => {
    const local = (size: number) => ({ relative: 'x', path: '/x', size, mtimeMs: 0 });
    const remote = (bytes: number) => ({ kind: 'object' as const, name: 'x', bytes, hash: '', lastModified: undefined, contentType: '' });
    const plan = (direction: 'push' | 'pull'): SyncPlan => ({
      pair: { folder: '/f', container: 'c', prefix: '' },
      direction,
      entries: [
        { relative: 'a', kind: 'new', ...(direction === 'push' ? { local: local(10) } : { remote: remote(10) }) },
        { relative: 'b', kind: 'changed', local: local(5), remote: remote(7) },
        { relative: 'c', kind: 'extra', ...(direction === 'push' ? { remote: remote(100) } : { local: local(100) }) },
      ],
      identical: { files: 1, bytes: 3 },
      refused: [],
      ignored: 0,
      ignoreSources: [],
      folderMarkers: 0,
    });
    assert.deepEqual(planTotals(plan('push')), {
      new: { files: 1, bytes: 10 },
      changed: { files: 1, bytes: 5 },
      extra: { files: 1, bytes: 100 },
      identical: { files: 1, bytes: 3 },
    });
    assert.deepEqual(planTotals(plan('pull')).changed, { files: 1, bytes: 7 });
  });
});

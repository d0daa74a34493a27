/** Words of Sync Folder with Container…: counts, the dry-run document, the saved choices per folder pair. */
import * as assert from 'node:assert/strict';
import type { SyncPlan } from '../../../src/openstack/swift/sync';
import { countsText, hasWork, planDocument, rememberSync, MAX_SAVED_SYNCS, type SavedSync } from '../../../src/commands/syncText';

const local = (relative: string, size: number) => ({ relative, path: `/f/${relative}`, size, mtimeMs: 0 });
const remote = (name: string, bytes: number) => ({ kind: 'object' as const, name, bytes, hash: '', lastModified: undefined, contentType: '' });

function plan(): SyncPlan {
  return {
    pair: { folder: '/f', container: 'site', prefix: 'www/' },
    direction: 'push',
    entries: [
      { relative: 'index.html', kind: 'changed', local: local('index.html', 2048), remote: remote('www/index.html', 10) },
      { relative: 'new.css', kind: 'new', local: local('new.css', 5) },
      { relative: 'old.js', kind: 'extra', remote: remote('www/old.js', 7) },
    ],
    identical: { files: 1, bytes: 1 },
    refused: [{ name: 'loop', side: 'local', reason: 'a symbolic link (not followed)' }],
    ignored: 2,
    ignoreSources: ['.swiftignore'],
    folderMarkers: 0,
  };
}

describe('sync text', () => {
  it('counts files and bytes per kind', () => {
    assert.equal(countsText(plan()), '1 new (5 bytes), 1 changed (2.00 KiB (2,048 bytes)), 1 extra (7 bytes), 1 identical');
  });

  it('has work only for transfers, or extras with the opt-in', () => {
    const p = plan();
    assert.equal(hasWork(p, false), true);
    p.entries = p.entries.filter((e) => e.kind === 'extra');
    assert.equal(hasWork(p, false), false);
    assert.equal(hasWork(p, true), true);
  });

  it('writes the dry run as a document listing every path by kind and what was left out', () => {
    const text = planDocument(plan());
    for (const line of [
      '# Sync plan (dry run): push',
      '/f → container "site" under "www/"',
      '## new (1)',
      '- `new.css` 5 bytes',
      '## extra (1)',
      '- `old.js` 7 bytes',
      '2 ignored by .swiftignore; 1 left out.',
      '- Local file "loop" is left out: a symbolic link (not followed).',
    ])
      assert.ok(text.includes(line), line);
    assert.ok(!text.includes('same.txt'), 'identical paths are counted, not listed');
  });

  it('remembers one entry per folder pair, the newest first, bounded', () => {
    const s = (folder: string, direction: 'push' | 'pull' = 'push'): SavedSync => ({
      folder,
      profileId: 'p',
      region: 'R',
      container: 'c',
      prefix: '',
      direction,
      deleteExtras: false,
      honourGitignore: false,
    });
    let saved = rememberSync([], s('/a'));
    saved = rememberSync(saved, s('/b'));
    saved = rememberSync(saved, s('/a', 'pull'));
    assert.deepEqual(
      saved.map((x) => [x.folder, x.direction]),
      [
        ['/a', 'pull'],
        ['/b', 'push'],
      ],
    );
    for (let i = 0; i < 30; i++) saved = rememberSync(saved, s(`/x${i}`));
    assert.equal(saved.length, MAX_SAVED_SYNCS);
    assert.ok(!JSON.stringify(saved).match(/password|token|secret/i));
  });
});

import * as assert from 'node:assert/strict';
import { conflictQuestion, deletionDetail, deletionQuestion, deletionSummary, copySummary } from '../../../src/commands/manageText';
import type { DeletionPlan } from '../../../src/openstack/swift/deletion';
import type { CopyItem, CopyPlan } from '../../../src/openstack/swift/copying';

function plan(counts: Partial<DeletionPlan['counts']>, targets: DeletionPlan['targets'], containers: DeletionPlan['containers'] = []): DeletionPlan {
  return {
    targets,
    objects: [],
    folders: [],
    containers,
    counts: { objects: 0, folders: 0, containers: 0, totalObjects: 0, bytes: 0, largeObjects: 0, ...counts },
  };
}

describe('manage: what the commands say', () => {
  it('asks to delete with the counts', () => {
    const mixed = plan({ objects: 3, folders: 2, totalObjects: 1204, bytes: 5 * 1024 * 1024 }, [
      { kind: 'object', container: 'docs', name: 'a' },
      { kind: 'folder', container: 'docs', prefix: 'b/' },
    ]);
    assert.equal(deletionQuestion(mixed), 'Delete 3 objects and 2 folders (1,204 objects in all, 5.00 MiB) from container "docs"?');
    const one = plan({ objects: 1, totalObjects: 1, bytes: 12 }, [{ kind: 'object', container: 'docs', name: 'a' }]);
    assert.equal(deletionQuestion(one), 'Delete 1 object (12 B) from container "docs"?');
    const container = plan(
      { containers: 1, totalObjects: 1204, bytes: 2048 },
      [{ kind: 'container', container: 'x y' }],
      [{ container: 'x y', objectCount: 1204, bytes: 2048 }],
    );
    assert.equal(deletionQuestion(container), 'Delete container "x y" and its 1,204 objects (2.00 KiB)?');
    const two = plan({ containers: 2, folders: 1, totalObjects: 7, bytes: 0 }, [
      { kind: 'container', container: 'a' },
      { kind: 'container', container: 'b' },
    ]);
    assert.equal(deletionQuestion(two), 'Delete 2 containers, 1 folder (7 objects, 0 B in all)?');
    assert.match(deletionQuestion(plan({ objects: 1, totalObjects: 1 }, [{ kind: 'object', container: 'new\nline', name: 'a' }])), /container "new\\nline"\?$/);
  });

  it("explains what happens to large objects' segments", () => {
    assert.equal(deletionDetail(plan({ objects: 1 }, [])), 'This cannot be undone.');
    assert.match(
      deletionDetail(plan({ largeObjects: 1 }, [])),
      /1 of them is a large object manifest: "Delete" removes manifests only and keeps their segments/,
    );
    assert.match(deletionDetail(plan({ largeObjects: 2 }, [])), /2 of them are large object manifests/);
  });

  it('sums up a deletion: success, per-item failures (ten named at most), cancel', () => {
    assert.deepEqual(deletionSummary({ deleted: 5, notFound: 0, failures: [], cancelled: false }, 5), {
      message: 'Deleted 5 items.',
      detail: '',
      failed: false,
    });
    const failures = Array.from({ length: 12 }, (_, i) => ({ container: 'c', name: `o${i}`, reason: '403 Forbidden' }));
    const s = deletionSummary({ deleted: 3, notFound: 0, failures, cancelled: false }, 15);
    assert.equal(s.message, '3 of 15 items deleted; 12 could not be deleted.');
    assert.equal(s.failed, true);
    assert.equal(s.detail.split('\n').length, 11);
    assert.match(s.detail, /^"o0" in "c": 403 Forbidden\n/);
    assert.match(s.detail, /… and 2 more/);
    assert.match(
      deletionSummary({ deleted: 2, notFound: 0, failures: [{ container: 'c', reason: '409 Conflict' }], cancelled: true }, 9).message,
      /^Deletion cancelled: 2 of 9 items deleted; the rest is untouched, 1 failed\.$/,
    );
  });

  it('asks about existing destinations and sums up a move', () => {
    const item = (name: string, exists: boolean): CopyItem => ({
      from: { container: 'c', name },
      to: { container: 'd', name: `x/${name}` },
      exists,
      entry: { kind: 'object', name, bytes: 1, hash: 'h', lastModified: undefined, contentType: '' },
    });
    const items = [item('a', true), item('b', false), item('c', true)];
    const p: CopyPlan = { mode: 'move', items, bytes: 3, conflicts: items.filter((i) => i.exists) };
    const q = conflictQuestion(p);
    assert.equal(q.message, '2 objects of 3 already exist at the destination. Overwrite them?');
    assert.match(q.detail, /^"x\/a"\n"x\/c"\n/);
    const summary = copySummary('move', { copied: 1, deleted: 1, skipped: 2, failures: [], keptSegments: [], manifestsUnread: 0, cancelled: false });
    assert.deepEqual(summary, { message: 'Moved 1 object; 2 skipped (already there).', detail: '', failed: false });
    const failed = copySummary('rename', {
      copied: 0,
      deleted: 0,
      skipped: 0,
      failures: [{ item: items[1], stage: 'copy', reason: 'access denied (HTTP 403)' }],
      keptSegments: ['s/1'],
      manifestsUnread: 0,
      cancelled: true,
    });
    assert.equal(
      failed.message,
      'Rename cancelled: Renamed 0 objects; 1 segment kept in place (moved large objects still use them); 1 failed; their sources are kept.',
    );
    assert.equal(failed.detail, '"b" → "x/b": access denied (HTTP 403)');
    // A server that does not return manifests (RGW): what was kept, and why, without claiming they are segments.
    const unread = copySummary('move', { copied: 3, deleted: 1, skipped: 0, failures: [], keptSegments: ['p/1', 'p/2'], manifestsUnread: 1, cancelled: false });
    assert.equal(
      unread.message,
      'Moved 3 objects; 2 objects kept in place: this server does not return large-object manifests, so they may be segments the moved large objects use.',
    );
  });
});

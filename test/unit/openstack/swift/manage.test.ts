import * as assert from 'node:assert/strict';
import { OpenStackError } from '../../../../src/openstack/errors';
import type { BulkDeletePath } from '../../../../src/openstack/swift/bulk';
import { CopyingClient, commonPrefix, expectedEtag, failedPlan, planCopy, runCopy } from '../../../../src/openstack/swift/copying';
import { DeletionClient, planDeletion, retryDeletion, runDeletion } from '../../../../src/openstack/swift/deletion';
import type { ObjectEntry } from '../../../../src/openstack/swift/listing';
import {
  baseName,
  containerNameProblem,
  destinationPrefix,
  mapName,
  overlapProblem,
  sameRegionProblem,
  copyProblem,
  withoutNested,
} from '../../../../src/openstack/swift/managePlan';
import { parseObjectListing } from '../../../../src/openstack/swift/listing';
import { sameRegion, selectedNodes } from '../../../../src/commands/manageSelection';
import { splitPath } from '../../../../src/openstack/swift/largeObjects';
import { ManifestUnreadableError, splitSegmentPath } from '../../../../src/openstack/swift/transfer/manifests';
import { ContainerNode, ObjectNode, ProfileNode, RegionNode } from '../../../../src/views/nodes';

const entry = (name: string, extra: Partial<ObjectEntry> = {}): ObjectEntry => ({
  kind: 'object',
  name,
  bytes: name.length,
  hash: `h-${name}`,
  lastModified: undefined,
  contentType: 'text/plain',
  ...extra,
});

/** Swift in memory, enough for planning and running: containers of entries, COPY answering the source's hash. */
class MemorySwift implements DeletionClient, CopyingClient {
  readonly containers = new Map<string, Map<string, ObjectEntry>>();
  readonly bulkCalls: BulkDeletePath[][] = [];
  /** Paths whose deletion Swift refuses, with the status it gives. */
  readonly refuse = new Map<string, string>();
  /** Names whose COPY answers another ETag (the source changed meanwhile). */
  readonly changed = new Set<string>();

  put(container: string, ...entries: ObjectEntry[]): this {
    const c = this.containers.get(container) ?? new Map<string, ObjectEntry>();
    for (const e of entries) c.set(e.name, e);
    this.containers.set(container, c);
    return this;
  }
  names(container: string): string[] {
    return [...(this.containers.get(container)?.keys() ?? [])].sort();
  }
  async *listAllObjects(container: string, opts: { prefix?: string } = {}) {
    const c = this.containers.get(container);
    if (!c) throw new OpenStackError('notFound', `no container ${container}`, { status: 404 });
    yield [...c.values()].filter((e) => e.name.startsWith(opts.prefix ?? '')).sort((a, b) => (a.name < b.name ? -1 : 1));
  }
  async *listAllNames(container: string, opts: { prefix?: string } = {}) {
    for await (const batch of this.listAllObjects(container, opts)) yield batch.map((e) => e.name);
  }
  async headContainer(name: string) {
    const c = this.containers.get(name)!;
    return { objectCount: c.size, bytes: [...c.values()].reduce((n, e) => n + e.bytes, 0) } as never;
  }
  /** X-Object-Manifest values of dynamic large objects, by `container/name`. */
  readonly dynamic = new Map<string, string>();
  async headObject(container: string, name: string) {
    return { dynamicLargeObject: this.dynamic.get(`${container}/${name}`) } as never;
  }
  /** Segment paths of manifests, by `container/name` (as `?multipart-manifest=get` lists them: not encoded). */
  readonly manifests = new Map<string, string[]>();
  async sloSegments(container: string, name: string) {
    return (this.manifests.get(`${container}/${name}`) ?? []).map((path) => ({ path, hash: 'h', bytes: 1 }));
  }
  async bulkDelete(paths: BulkDeletePath[]) {
    this.bulkCalls.push(paths);
    const items = paths.map((p) => {
      const key = p.name === undefined ? p.container : `${p.container}/${p.name}`;
      const status = this.refuse.get(key);
      if (status) return { ...p, ok: false, status };
      if (p.name === undefined) this.containers.delete(p.container);
      else this.containers.get(p.container)?.delete(p.name);
      return { ...p, ok: true };
    });
    return { items, deleted: items.filter((i) => i.ok).length, notFound: 0, failed: items.filter((i) => !i.ok).length };
  }
  async deleteLargeObject() {
    return { items: [], deleted: 1, notFound: 0, failed: 0 };
  }
  async copyObject(from: { container: string; name: string }, to: { container: string; name: string }) {
    const source = this.containers.get(from.container)!.get(from.name)!;
    this.put(to.container, { ...source, name: to.name });
    return { etag: this.changed.has(from.name) ? 'other' : (source.sloEtag ?? source.hash) };
  }
}

describe('manage: container names', () => {
  it('accepts any name but empty, "/", NUL or more than 256 UTF-8 bytes, and says why', () => {
    for (const ok of ['a', `quote's "q" 100% #? ☁`, 'new\nline', 'é'.repeat(128), 'c'.repeat(256)]) assert.equal(containerNameProblem(ok), undefined, ok);
    assert.equal(containerNameProblem(''), 'A container name cannot be empty.');
    assert.match(containerNameProblem('a/b')!, /cannot contain "\/"/);
    assert.match(containerNameProblem('a\0b')!, /NUL/);
    assert.match(containerNameProblem('c'.repeat(257))!, /at most 256 bytes in UTF-8; this one has 257/);
    assert.match(containerNameProblem('é'.repeat(129))!, /this one has 258/);
    assert.match(containerNameProblem('\uD800')!, /lone surrogate/);
  });
});

describe('manage: where copies go', () => {
  it('maps one folder to a new prefix, one object to a new name, several items under a folder', () => {
    assert.equal(destinationPrefix({ kind: 'folder', container: 'c', prefix: 'a/b/' }, 'x/y', true), 'x/y/');
    assert.equal(destinationPrefix({ kind: 'folder', container: 'c', prefix: 'a/b/' }, '', true), '');
    assert.equal(destinationPrefix({ kind: 'object', container: 'c', name: 'a/b.txt' }, 'z.txt', true), 'z.txt');
    assert.equal(destinationPrefix({ kind: 'object', container: 'c', name: 'a/b.txt' }, 'dest', false), 'dest/b.txt');
    assert.equal(destinationPrefix({ kind: 'folder', container: 'c', prefix: 'a/b/' }, 'dest/', false), 'dest/b/');
    assert.equal(destinationPrefix({ kind: 'folder', container: 'c', prefix: 'a/b/' }, '', false), 'b/');
    assert.equal(baseName({ kind: 'object', container: 'c', name: 'trailing/' }), 'trailing/');
    assert.equal(mapName('a/b/c d%?#\n☁', 'a/b/', 'x/'), 'x/c d%?#\n☁');
    assert.throws(() => mapName('other', 'a/', 'x/'), /is not under/);
    assert.equal(commonPrefix(['a/b/1', 'a/b/2', 'a/c']), 'a/');
  });

  it('refuses a folder into itself, onto itself, empty names and other regions', () => {
    const folder = { kind: 'folder' as const, container: 'c', prefix: 'a/' };
    assert.match(copyProblem(folder, 'c', 'a/b/')!, /inside itself/);
    assert.match(copyProblem(folder, 'c', 'a/')!, /already there/);
    assert.equal(copyProblem(folder, 'other', 'a/'), undefined, 'the same prefix in another container is fine');
    assert.equal(copyProblem(folder, 'c', 'b/'), undefined);
    assert.match(copyProblem({ kind: 'object', container: 'c', name: 'x' }, 'c', '')!, /cannot be empty/);
    assert.match(sameRegionProblem('RegionOne', 'RegionTwo')!, /cannot copy from region RegionOne to region RegionTwo server-side/);
    assert.equal(sameRegionProblem('RegionOne', 'RegionOne'), undefined);
  });

  it('refuses plans whose destinations overlap their sources or each other, or grow too long', () => {
    const item = (from: string, to: string, container = 'c') => ({ from: { container, name: from }, to: { container, name: to } });
    assert.match(overlapProblem([item('a/b/x', 'a/x'), item('a/b/b/x', 'a/b/x')])!, /also one of the objects being copied/);
    assert.match(overlapProblem([item('a/x', 'z'), item('b/x', 'z')])!, /same name/);
    assert.match(overlapProblem([item('a', 'é'.repeat(1025))])!, /longer than the 1024 characters/);
    assert.equal(overlapProblem([item('a/x', 'b/x'), item('a/y', 'b/y')]), undefined);
  });

  it('drops selections another selection covers', () => {
    const kept = withoutNested([
      { kind: 'object', container: 'c', name: 'a/x' },
      { kind: 'folder', container: 'c', prefix: 'a/' },
      { kind: 'folder', container: 'c', prefix: 'a/b/' },
      { kind: 'object', container: 'd', name: 'a/x' },
      { kind: 'container', container: 'd' },
      { kind: 'object', container: 'e', name: 'ab' },
      { kind: 'folder', container: 'c', prefix: 'a/' },
    ]);
    assert.deepEqual(kept, [
      { kind: 'folder', container: 'c', prefix: 'a/' },
      { kind: 'container', container: 'd' },
      { kind: 'object', container: 'e', name: 'ab' },
    ]);
  });

  it("reads slo_etag from listings (quotes removed) and expects it as the copy's ETag", () => {
    const [e] = parseObjectListing([{ name: 'big', bytes: 3, hash: 'manifest-md5', slo_etag: '"slo"', last_modified: '2024-01-01T00:00:00.000000' }]);
    assert.equal(e.kind === 'object' && e.sloEtag, 'slo');
    assert.equal(expectedEtag(e as ObjectEntry), 'slo');
    assert.equal(expectedEtag(entry('x', { hash: 'ABC' })), 'abc');
  });
});

describe('manage: running deletions and copies (in-memory Swift)', () => {
  it('deletes in batches, reports refused paths, and retries only those', async () => {
    const swift = new MemorySwift().put('c', ...['a/1', 'a/2', 'a/3', 'a/4', 'a/5', 'b'].map((n) => entry(n)));
    swift.refuse.set('c/a/4', '403 Forbidden');
    const plan = await planDeletion(swift, [{ kind: 'folder', container: 'c', prefix: 'a/' }]);
    assert.equal(plan.counts.totalObjects, 5);
    const report = await runDeletion(swift, plan, { batchSize: 2 });
    assert.deepEqual(
      swift.bulkCalls.map((b) => b.length),
      [2, 2, 1],
    );
    assert.deepEqual(report.failures, [{ container: 'c', name: 'a/4', reason: '403 Forbidden' }]);
    assert.equal(report.deleted, 4);
    swift.refuse.clear();
    const retried = await retryDeletion(swift, report.failures);
    assert.deepEqual(swift.bulkCalls.at(-1), [{ container: 'c', name: 'a/4' }]);
    assert.equal(retried.deleted, 1);
    assert.deepEqual(swift.names('c'), ['b']);
  });

  it('stops between batches on cancel and says so', async () => {
    const swift = new MemorySwift().put('c', ...Array.from({ length: 6 }, (_, i) => entry(`o${i}`)));
    const plan = await planDeletion(swift, [{ kind: 'container', container: 'c' }]);
    const controller = new AbortController();
    const report = await runDeletion(swift, plan, { batchSize: 2, signal: controller.signal, onProgress: (done) => done >= 2 && controller.abort() });
    assert.equal(report.cancelled, true);
    assert.equal(report.deleted, 2);
    assert.equal(swift.names('c').length, 4, 'the container and the rest are untouched');
  });

  it('never deletes a moved source whose copy does not verify', async () => {
    const swift = new MemorySwift().put('c', entry('a/1'), entry('a/2'), entry('a/3')).put('d');
    swift.changed.add('a/2');
    const plan = await planCopy(swift, 'move', [{ kind: 'folder', container: 'c', prefix: 'a/' }], { container: 'd', name: 'z/' });
    const report = await runCopy(swift, plan, { overwrite: false });
    assert.deepEqual(
      report.failures.map((f) => [f.item.from.name, f.stage]),
      [['a/2', 'verify']],
    );
    assert.equal(report.deleted, 2);
    assert.deepEqual(swift.names('c'), ['a/2']);
    assert.deepEqual(
      failedPlan(plan, report).items.map((i) => i.from.name),
      ['a/2'],
    );
  });
});

describe('manage: moving large objects', () => {
  it('keeps the segments a moved manifest still points to, named as the manifest writes them (`%41` is not `A`)', async () => {
    const swift = new MemorySwift().put('c', entry('a/big', { sloEtag: 'slo' }), entry('a/seg%41'), entry('a/segA'), entry('a/other')).put('d');
    swift.manifests.set('c/a/big', ['/c/a/seg%41']);
    const plan = await planCopy(swift, 'move', [{ kind: 'folder', container: 'c', prefix: 'a/' }], { container: 'd', name: 'z/' });
    const report = await runCopy(swift, plan, { overwrite: false });
    assert.deepEqual(report.failures, []);
    assert.deepEqual(swift.names('c'), ['a/seg%41'], 'the segment stays where the manifest points; a/segA goes');
    assert.deepEqual(splitSegmentPath('/segs/a%2Fb %41'), ['segs', 'a%2Fb %41']);
  });

  it("keeps the objects under a moved dynamic large object's prefix (X-Object-Manifest, percent-encoded)", async () => {
    const swift = new MemorySwift().put('c', entry('a/dlo', { bytes: 0 }), entry('a/parts/1'), entry('a/parts/2'), entry('a/partsX'), entry('a/x')).put('d');
    swift.dynamic.set('c/a/dlo', 'c/a%2Fparts%2F');
    const plan = await planCopy(swift, 'move', [{ kind: 'folder', container: 'c', prefix: 'a/' }], { container: 'd', name: 'z/' });
    const report = await runCopy(swift, plan, { overwrite: false });
    assert.deepEqual(report.failures, []);
    assert.deepEqual(swift.names('c'), ['a/parts/1', 'a/parts/2']);
    assert.deepEqual(splitSegmentPath('/only-container'), ['only-container', undefined]);
  });
});

describe('manage: what a tree command acts on', () => {
  it('takes the selection when the clicked node is in it, else the clicked node; refuses two regions', () => {
    const lister = { page: async () => ({ items: [], nextMarker: undefined }) };
    const profile = new ProfileNode({ id: 'p', name: 'P', authUrl: 'http://k/v3', authVersion: 'auto', authType: 'password' }, 'settings', [], true, lister);
    const container = (region: string) =>
      new ContainerNode(
        new RegionNode(profile, region, undefined, false, lister),
        region,
        { name: 'c', objectCount: 0, bytes: 0, lastModified: undefined },
        lister,
      );
    const [one, two] = [container('RegionOne'), container('RegionTwo')];
    const [a, b, x] = [new ObjectNode(one, entry('a')), new ObjectNode(one, entry('b')), new ObjectNode(two, entry('x'))];
    assert.deepEqual(selectedNodes(a, [a, b]), [a, b]);
    assert.deepEqual(selectedNodes(x, [a, b]), [x], 'a right-click outside the selection acts on the clicked node');
    assert.deepEqual(selectedNodes(a, undefined), [a]);
    assert.deepEqual(selectedNodes(undefined, 'not a node'), []);
    assert.deepEqual(sameRegion([a, b]), { profileId: 'p', region: 'RegionOne' });
    assert.throws(() => sameRegion([a, x]), /one profile and region only: "RegionOne" and "RegionTwo" are separate Swift clusters/);
  });
});

describe('manage: large object segment paths', () => {
  it('splits `/container/object` paths, decoding them when Swift sent them encoded', () => {
    assert.deepEqual(splitPath('/segs/a/b c'), ['segs', 'a/b c']);
    assert.deepEqual(splitPath('/segs/a%2Fb%20%E2%98%81'), ['segs', 'a/b ☁']);
    assert.deepEqual(splitPath('/only-container'), ['only-container', undefined]);
    assert.deepEqual(splitPath('/c/100%'), ['c', '100%']);
  });
});

describe('manage: copy and move, every outcome (in-memory Swift)', () => {
  /** MemorySwift recording each COPY's query, failing the names in `fail` with the error given. */
  class RecordingSwift extends MemorySwift {
    readonly queries: Record<string, string>[] = [];
    readonly fail = new Map<string, OpenStackError>();
    override async copyObject(
      from: { container: string; name: string },
      to: { container: string; name: string },
      opts: { query?: Record<string, string> } = {},
    ) {
      this.queries.push(opts.query ?? {});
      const error = this.fail.get(from.name);
      if (error) throw error;
      return super.copyObject(from, to);
    }
  }

  it('refuses an empty selection, a missing object and an empty folder, naming them', async () => {
    const swift = new RecordingSwift().put('c', entry('ab'), entry('dir/x'));
    await assert.rejects(planCopy(swift, 'copy', [], { container: 'c', name: 'z' }), (e: unknown) => isKind(e, 'invalidInput', 'Nothing selected to copy.'));
    await assert.rejects(planCopy(swift, 'move', [{ kind: 'object', container: 'c', name: 'a' }], { container: 'c', name: 'z' }), (e: unknown) =>
      isKind(e, 'notFound', 'Nothing to move: the object "a" does not exist in container "c". Refresh the view.'),
    );
    await assert.rejects(planCopy(swift, 'copy', [{ kind: 'folder', container: 'c', prefix: 'gone/' }], { container: 'c', name: 'z/' }), (e: unknown) =>
      isKind(e, 'notFound', 'Nothing to copy: the folder "gone/" is empty or gone in container "c". Refresh the view.'),
    );
    await assert.rejects(
      planCopy(swift, 'copy', [{ kind: 'folder', container: 'c', prefix: 'dir/' }], { container: 'c', name: 'dir/in/' }),
      (e: unknown) => isKind(e, 'invalidInput') && /inside itself/.test((e as Error).message),
    );
    await assert.rejects(
      planCopy(
        swift,
        'copy',
        [
          { kind: 'object', container: 'c', name: 'ab' },
          { kind: 'object', container: 'd', name: 'ab' },
        ],
        { container: 'e', name: 'z/' },
      ),
      (e: unknown) => isKind(e, 'notFound'),
      'the second source is missing',
    );
  });

  it('plans one object by its exact name, not the names it prefixes; counts bytes; marks existing destinations', async () => {
    const swift = new RecordingSwift().put('c', entry('a'), entry('ab'), entry('a/1')).put('d', entry('z'), entry('y/a'));
    const plan = await planCopy(swift, 'copy', [{ kind: 'object', container: 'c', name: 'a' }], { container: 'd', name: 'z' });
    assert.deepEqual(
      plan.items.map((i) => [i.from.name, i.to.container, i.to.name, i.exists]),
      [['a', 'd', 'z', true]],
    );
    assert.equal(plan.bytes, 1);
    assert.deepEqual(
      plan.conflicts.map((i) => i.to.name),
      ['z'],
    );
    const several = await planCopy(
      swift,
      'copy',
      [
        { kind: 'object', container: 'c', name: 'a' },
        { kind: 'object', container: 'c', name: 'ab' },
      ],
      { container: 'd', name: 'y' },
    );
    assert.deepEqual(
      several.items.map((i) => [i.to.name, i.exists]),
      [
        ['y/a', true],
        ['y/ab', false],
      ],
    );
    assert.equal(several.bytes, 3);
    assert.equal(several.mode, 'copy');
  });

  it('skips existing destinations unless told to overwrite; copies large objects as manifests and symlinks as links', async () => {
    const swift = new RecordingSwift().put('c', entry('f/a'), entry('f/l', { symlinkPath: 'c/f/a' })).put('d', entry('g/a'));
    const plan = await planCopy(swift, 'copy', [{ kind: 'folder', container: 'c', prefix: 'f/' }], { container: 'd', name: 'g' });
    const progress: [number, number][] = [];
    const kept = await runCopy(swift, plan, { overwrite: false, onProgress: (done, total) => progress.push([done, total]) });
    assert.deepEqual([kept.copied, kept.skipped, kept.deleted, kept.cancelled], [1, 1, 0, false]);
    assert.deepEqual(progress, [[1, 1]]);
    assert.deepEqual(swift.queries, [{ 'multipart-manifest': 'get', symlink: 'get' }]);
    const replaced = await runCopy(swift, plan, { overwrite: true, concurrency: 1 });
    assert.deepEqual([replaced.copied, replaced.skipped], [2, 0]);
    assert.deepEqual(swift.queries.slice(1), [{ 'multipart-manifest': 'get' }, { 'multipart-manifest': 'get', symlink: 'get' }]);
  });

  it('a refused copy is one failure with the reason and the others go on; a lost session or network stops the run', async () => {
    const swift = new RecordingSwift().put('c', entry('f/1'), entry('f/2'), entry('f/3')).put('d');
    swift.fail.set('f/2', new OpenStackError('forbidden', 'Swift: access denied', { requestId: 'tx9' }));
    const plan = await planCopy(swift, 'move', [{ kind: 'folder', container: 'c', prefix: 'f/' }], { container: 'd', name: 'g/' });
    const progress: number[] = [];
    const report = await runCopy(swift, plan, { overwrite: false, concurrency: 1, onProgress: (_done, total) => progress.push(total) });
    assert.deepEqual(
      report.failures.map((f) => [f.item.from.name, f.stage, f.reason]),
      [['f/2', 'copy', 'Swift: access denied [request id tx9]']],
    );
    assert.deepEqual([report.copied, report.deleted], [2, 2]);
    assert.deepEqual(swift.names('c'), ['f/2']);
    assert.ok(
      progress.every((t) => t === 6),
      'a move counts a copy and a delete per object',
    );
    for (const kind of ['auth', 'network', 'cancelled'] as const) {
      const again = new RecordingSwift().put('c', entry('f/1'), entry('f/2')).put('d');
      again.fail.set('f/1', new OpenStackError(kind, kind));
      const p = await planCopy(again, 'move', [{ kind: 'folder', container: 'c', prefix: 'f/' }], { container: 'd', name: 'g/' });
      if (kind === 'cancelled') {
        const r = await runCopy(again, p, { overwrite: false, concurrency: 1 });
        assert.equal(r.cancelled, true);
        assert.equal(r.deleted, 0, 'nothing deleted after a cancel');
      } else {
        await assert.rejects(runCopy(again, p, { overwrite: false, concurrency: 1 }), (e: unknown) => isKind(e, kind));
        assert.deepEqual(again.names('c'), ['f/1', 'f/2'], 'nothing deleted');
      }
    }
  });

  it('a copy whose ETag is unknown or different is not verified, and says which ETags', async () => {
    const swift = new RecordingSwift().put('c', entry('u', { hash: '' }), entry('v', { hash: 'ABC' })).put('d');
    swift.changed.add('v');
    const plan = await planCopy(
      swift,
      'move',
      [
        { kind: 'object', container: 'c', name: 'u' },
        { kind: 'object', container: 'c', name: 'v' },
      ],
      { container: 'd', name: 'n/' },
    );
    const report = await runCopy(swift, plan, { overwrite: false });
    assert.deepEqual(report.failures.map((f) => [f.item.from.name, f.stage, f.reason]).sort(), [
      ['u', 'verify', "the copy's ETag (none) differs from the source's (unknown) (changed meanwhile?); the source was kept"],
      ['v', 'verify', "the copy's ETag other differs from the source's abc (changed meanwhile?); the source was kept"],
    ]);
    assert.deepEqual([report.copied, report.deleted], [0, 0]);
    assert.deepEqual(swift.names('c'), ['u', 'v']);
  });

  it('a source that cannot be deleted after its copy is a delete failure, retried as an existing destination', async () => {
    const swift = new RecordingSwift().put('c', entry('f/1'), entry('f/2')).put('d');
    swift.refuse.set('c/f/1', '409 Conflict');
    const plan = await planCopy(swift, 'move', [{ kind: 'folder', container: 'c', prefix: 'f/' }], { container: 'd', name: 'g/' });
    const report = await runCopy(swift, plan, { overwrite: false });
    assert.deepEqual(
      report.failures.map((f) => [f.item.from.name, f.stage, f.reason]),
      [['f/1', 'delete', 'the copy is in place but the source could not be deleted (409 Conflict)']],
    );
    assert.equal(report.deleted, 1);
    const retry = failedPlan(plan, report);
    assert.deepEqual(
      retry.items.map((i) => [i.from.name, i.exists]),
      [['f/1', true]],
    );
    assert.deepEqual(
      retry.conflicts.map((i) => i.from.name),
      ['f/1'],
    );
    assert.equal(retry.bytes, 3);
    assert.equal(retry.mode, 'move');
  });

  it('deletes moved sources in batches of 500', async () => {
    const names = Array.from({ length: 501 }, (_, i) => `f/${String(i).padStart(3, '0')}`);
    const swift = new RecordingSwift().put('c', ...names.map((n) => entry(n))).put('d');
    const plan = await planCopy(swift, 'move', [{ kind: 'folder', container: 'c', prefix: 'f/' }], { container: 'd', name: 'g/' });
    const report = await runCopy(swift, plan, { overwrite: false });
    assert.deepEqual(
      swift.bulkCalls.map((b) => b.length),
      [500, 1],
    );
    assert.equal(report.deleted, 501);
  });

  it('stops starting copies once cancelled, and deletes nothing', async () => {
    const swift = new RecordingSwift().put('c', ...['f/1', 'f/2', 'f/3', 'f/4'].map((n) => entry(n))).put('d');
    const plan = await planCopy(swift, 'move', [{ kind: 'folder', container: 'c', prefix: 'f/' }], { container: 'd', name: 'g/' });
    const controller = new AbortController();
    const report = await runCopy(swift, plan, {
      overwrite: false,
      concurrency: 1,
      signal: controller.signal,
      onProgress: (done) => done === 2 && controller.abort(),
    });
    assert.equal(report.cancelled, true);
    assert.equal(report.copied, 2);
    assert.deepEqual(swift.bulkCalls, []);
    assert.equal(swift.names('c').length, 4);
  });

  it('a moved manifest whose segments the server does not return keeps every plain object moved with it', async () => {
    const swift = new RecordingSwift().put('c', entry('f/big', { sloEtag: 'slo' }), entry('f/part'), entry('f/big2', { sloEtag: 'slo2' })).put('d');
    swift.sloSegments = async () => {
      throw new ManifestUnreadableError('c', 'f/big');
    };
    const plan = await planCopy(swift, 'move', [{ kind: 'folder', container: 'c', prefix: 'f/' }], { container: 'd', name: 'g/' });
    const report = await runCopy(swift, plan, { overwrite: false });
    assert.equal(report.manifestsUnread, 2);
    assert.deepEqual(report.keptSegments, ['f/part']);
    assert.deepEqual(swift.names('c'), ['f/part']);
  });

  it('refuses a plan whose destinations overlap its sources, before copying anything', async () => {
    const swift = new RecordingSwift().put('c', entry('a/b/x'), entry('a/b/b/x'));
    await assert.rejects(
      planCopy(swift, 'move', [{ kind: 'folder', container: 'c', prefix: 'a/b/' }], { container: 'c', name: 'a/' }),
      (e: unknown) => isKind(e, 'invalidInput') && /also one of the objects being copied/.test((e as Error).message),
    );
  });

  it('lists only existing destinations as conflicts, other names under the common prefix ignored', async () => {
    const swift = new RecordingSwift().put('c', entry('a'), entry('ab')).put('d', entry('y/a'), entry('y/a-other'));
    const plan = await planCopy(
      swift,
      'copy',
      [
        { kind: 'object', container: 'c', name: 'a' },
        { kind: 'object', container: 'c', name: 'ab' },
      ],
      { container: 'd', name: 'y' },
    );
    assert.deepEqual(
      plan.conflicts.map((i) => i.to.name),
      ['y/a'],
    );
    const report = await runCopy(swift, plan, { overwrite: false });
    assert.deepEqual(report.keptSegments, [], 'a copy keeps no segments');
  });

  it('deletes nothing when every copy failed, or when cancelled between copying and deleting', async () => {
    const swift = new RecordingSwift().put('c', entry('f/1'), entry('f/2')).put('d');
    swift.changed.add('f/1').add('f/2');
    const plan = await planCopy(swift, 'move', [{ kind: 'folder', container: 'c', prefix: 'f/' }], { container: 'd', name: 'g/' });
    await runCopy(swift, plan, { overwrite: false });
    assert.deepEqual(swift.bulkCalls, [], 'no empty bulk delete');
    swift.changed.clear();
    const controller = new AbortController();
    const report = await runCopy(swift, plan, { overwrite: true, signal: controller.signal, onProgress: (done) => done === 2 && controller.abort() });
    assert.equal(report.cancelled, true);
    assert.deepEqual(swift.bulkCalls, []);
    assert.deepEqual(swift.names('c'), ['f/1', 'f/2']);
  });

  it('a manifest that cannot be read for another reason stops the move before any delete', async () => {
    const swift = new RecordingSwift().put('c', entry('f/big', { sloEtag: 'slo' }), entry('f/x')).put('d');
    swift.sloSegments = async () => {
      throw new OpenStackError('server', 'Swift: server error (HTTP 503)');
    };
    const plan = await planCopy(swift, 'move', [{ kind: 'folder', container: 'c', prefix: 'f/' }], { container: 'd', name: 'g/' });
    await assert.rejects(runCopy(swift, plan, { overwrite: false }), (e: unknown) => isKind(e, 'server'));
    assert.deepEqual(swift.bulkCalls, []);
  });

  it('keeps only moved objects a manifest lists, HEADs only empty non-link objects, and deletes a DLO manifest under its own prefix', async () => {
    const swift = new RecordingSwift()
      .put(
        'c',
        entry('f/big', { sloEtag: 'slo' }),
        entry('f/seg'),
        entry('f/dlo', { bytes: 0 }),
        entry('f/empty', { bytes: 0 }),
        entry('f/link', { bytes: 0, symlinkPath: 'x' }),
      )
      .put('d');
    swift.manifests.set('c/f/big', ['/c/f/seg', '/other/s1', '/c']);
    swift.dynamic.set('c/f/dlo', 'c/f/');
    const heads: string[] = [];
    const head = swift.headObject.bind(swift);
    swift.headObject = async (container: string, name: string) => {
      heads.push(name);
      return head(container, name);
    };
    const plan = await planCopy(swift, 'move', [{ kind: 'folder', container: 'c', prefix: 'f/' }], { container: 'd', name: 'g/' });
    const report = await runCopy(swift, plan, { overwrite: false });
    assert.deepEqual(heads.sort(), ['f/dlo', 'f/empty']);
    // Under the DLO's prefix: every other moved object stays; of the manifest's list only moved objects count.
    assert.deepEqual(report.keptSegments.sort(), ['f/big', 'f/empty', 'f/link', 'f/seg']);
    assert.ok(!swift.names('c').includes('f/dlo'), 'the DLO manifest itself moves');
  });

  it('Retry Failed treats a failed copy as new and a failed delete as existing', async () => {
    const swift = new RecordingSwift().put('c', entry('f/1'), entry('f/2')).put('d');
    swift.fail.set('f/1', new OpenStackError('forbidden', 'no'));
    swift.refuse.set('c/f/2', '409 Conflict');
    const plan = await planCopy(swift, 'move', [{ kind: 'folder', container: 'c', prefix: 'f/' }], { container: 'd', name: 'g/' });
    const retry = failedPlan(plan, await runCopy(swift, plan, { overwrite: false }));
    assert.deepEqual(retry.items.map((i) => [i.from.name, i.exists]).sort(), [
      ['f/1', false],
      ['f/2', true],
    ]);
    assert.deepEqual(
      retry.conflicts.map((i) => i.from.name),
      ['f/2'],
    );
  });

  it('the longest common prefix of names', () => {
    assert.equal(commonPrefix([]), '');
    assert.equal(commonPrefix(['abc']), 'abc');
    assert.equal(commonPrefix(['ab', 'b']), '');
  });
});

function isKind(e: unknown, kind: string, message?: string): boolean {
  return e instanceof OpenStackError && e.kind === kind && (message === undefined || e.message === message);
}

describe('manage: plan rules at their edges', () => {
  it('names what is refused: the object or the folder, an over-long destination, a name at the limit accepted', () => {
    assert.equal(copyProblem({ kind: 'object', container: 'c', name: 'x' }, 'c', 'x'), 'The object "x" is already there: choose another name or container.');
    assert.equal(
      copyProblem({ kind: 'folder', container: 'c', prefix: 'f/' }, 'c', 'f/'),
      'The folder "f/" is already there: choose another name or container.',
    );
    assert.equal(copyProblem({ kind: 'object', container: 'c', name: 'x' }, 'c', 'x/y'), undefined, 'an object is never "inside itself"');
    assert.equal(copyProblem({ kind: 'folder', container: 'c', prefix: 'f/' }, 'c', ''), undefined, 'a folder may go to the top level');
    assert.equal(copyProblem({ kind: 'object', container: 'c', name: 'x' }, 'd', 'y'.repeat(1024)), undefined);
    assert.equal(copyProblem({ kind: 'object', container: 'c', name: 'x' }, 'd', 'y'.repeat(1025)), 'The destination name is longer than 1024 characters.');
    const item = (to: string) => ({ from: { container: 'c', name: 'a' }, to: { container: 'd', name: to } });
    assert.equal(overlapProblem([item('y'.repeat(1024))]), undefined);
    assert.equal(destinationPrefix({ kind: 'folder', container: 'c', prefix: 'a/' }, 'x/', true), 'x/');
    assert.throws(
      () => mapName('b', 'a/', 'x/'),
      (e: unknown) => isKind(e, 'invalidInput', '"b" is not under "a/".'),
    );
  });

  it('drops a folder inside a selected folder and objects in a selected container, but not the same names elsewhere', () => {
    assert.deepEqual(
      withoutNested([
        { kind: 'folder', container: 'c', prefix: 'a/' },
        { kind: 'folder', container: 'c', prefix: 'a/b/' },
        { kind: 'folder', container: 'd', prefix: 'a/b/' },
        { kind: 'object', container: 'c', name: 'b/x' },
        { kind: 'container', container: 'e' },
        { kind: 'container', container: 'e' },
        { kind: 'object', container: 'e', name: 'z' },
        { kind: 'object', container: 'f', name: 'a/x' },
        { kind: 'object', container: 'f', name: 'a/x/' },
      ]),
      [
        { kind: 'folder', container: 'c', prefix: 'a/' },
        { kind: 'folder', container: 'd', prefix: 'a/b/' },
        { kind: 'object', container: 'c', name: 'b/x' },
        { kind: 'container', container: 'e' },
        { kind: 'object', container: 'f', name: 'a/x' },
        { kind: 'object', container: 'f', name: 'a/x/' },
      ],
    );
    assert.deepEqual(
      withoutNested([
        { kind: 'object', container: 'c', name: 'a/x' },
        { kind: 'object', container: 'c', name: 'a/x' },
      ]),
      [{ kind: 'object', container: 'c', name: 'a/x' }],
    );
  });
});

import * as assert from 'node:assert/strict';
import { OpenStackError, isOpenStackError } from '../../../../src/openstack/errors';
import type { BulkDeletePath, BulkDeleteResult } from '../../../../src/openstack/swift/bulk';
import { DELETE_BATCH, type DeletionClient, deleteUnder, planDeletion, retryDeletion, runDeletion } from '../../../../src/openstack/swift/deletion';
import type { ObjectEntry } from '../../../../src/openstack/swift/listing';

const obj = (name: string, bytes: number, sloEtag?: string): ObjectEntry => ({
  kind: 'object',
  name,
  bytes,
  hash: `h-${name}`,
  lastModified: undefined,
  contentType: 'text/plain',
  ...(sloEtag ? { sloEtag } : {}),
});

/** A client that lists from fixed pages and records every call; bulk answers come from `refuse`. */
class ScriptedClient implements DeletionClient {
  readonly calls: string[] = [];
  readonly bulkCalls: BulkDeletePath[][] = [];
  readonly listed: Array<{ container: string; prefix: string | undefined }> = [];
  /** Pages handed out (a caller that stops early gets fewer). */
  pagesRead = 0;
  /** Paths (`c/name` or `c`) Swift refuses, with the status. */
  readonly refuse = new Map<string, string>();
  /** What deleteLargeObject does for a name: throw this, or answer these failed segment statuses. */
  readonly large = new Map<string, Error | Array<string | undefined>>();
  /** Segments deleteLargeObject reports as deleted, besides the failed ones. */
  largeOk = 0;
  /** notFound counted by bulk answers. */
  notFoundPerCall = 0;
  /** Aborts this controller after the n-th bulk call. */
  abortAfter?: { calls: number; controller: AbortController };

  constructor(
    readonly pages: Record<string, ObjectEntry[][]> = {},
    readonly heads: Record<string, { objectCount: number; bytes: number }> = {},
  ) {}

  /** Pages read and bulk requests, in the order they happened. */
  readonly events: string[] = [];
  /** How each full listing was asked for: one cursor (nothing held) and the run's signal. */
  readonly listOptions: Array<{ concurrency?: number; signal?: AbortSignal; order?: string }> = [];
  async *listAllObjects(container: string, opts: { prefix?: string; concurrency?: number; signal?: AbortSignal; order?: string } = {}) {
    this.listed.push({ container, prefix: opts.prefix });
    this.listOptions.push({ concurrency: opts.concurrency, signal: opts.signal, ...(opts.order ? { order: opts.order } : {}) });
    for (const page of this.pages[container] ?? []) {
      this.pagesRead++;
      this.events.push(`page ${container} ${opts.prefix ?? ''}`);
      yield page.filter((e) => e.name.startsWith(opts.prefix ?? ''));
    }
  }
  async headContainer(name: string) {
    this.calls.push(`head ${name}`);
    return this.heads[name] as never;
  }
  async bulkDelete(paths: BulkDeletePath[]): Promise<BulkDeleteResult> {
    this.bulkCalls.push(paths);
    this.events.push(`bulk ${paths.map((p) => p.name ?? p.container).join(',')}`);
    const items = paths.map((p) => {
      const status = this.refuse.get(p.name === undefined ? p.container : `${p.container}/${p.name}`);
      return status === undefined ? { ...p, ok: true } : status === '' ? { ...p, ok: false } : { ...p, ok: false, status };
    });
    if (this.abortAfter && this.bulkCalls.length === this.abortAfter.calls) this.abortAfter.controller.abort();
    return { items, deleted: items.filter((i) => i.ok).length, notFound: this.notFoundPerCall, failed: items.filter((i) => !i.ok).length };
  }
  async deleteLargeObject(container: string, name: string): Promise<BulkDeleteResult> {
    this.calls.push(`large ${container}/${name}`);
    const what = this.large.get(name) ?? [];
    if (what instanceof Error) throw what;
    const failed = what.map((status, i) => ({ container: 'c_segments', name: `${name}/${i}`, ok: false, ...(status === undefined ? {} : { status }) }));
    const ok = Array.from({ length: this.largeOk }, (_, i) => ({ container: 'c_segments', name: `${name}/ok${i}`, ok: true }));
    return { items: [...ok, ...failed], deleted: ok.length, notFound: 0, failed: failed.length };
  }
}

describe('swift/deletion', () => {
  describe('planDeletion', () => {
    it('counts selected objects, folders and containers, and every object and byte that goes', async () => {
      const client = new ScriptedClient(
        {
          c: [
            [obj('a/1', 10), obj('a/2', 20, 'slo')],
            [obj('a/3', 5), obj('b', 7), obj('bb', 1)],
          ],
        },
        { full: { objectCount: 4, bytes: 1000 } },
      );
      const plan = await planDeletion(client, [
        { kind: 'folder', container: 'c', prefix: 'a/' },
        { kind: 'object', container: 'c', name: 'b' },
        { kind: 'container', container: 'full' },
      ]);
      // The folder's objects are counted, not kept: they are listed again when the plan runs.
      assert.deepEqual(plan.objects, [{ container: 'c', name: 'b', largeObject: false }]);
      assert.deepEqual(plan.folders, [{ container: 'c', prefix: 'a/' }]);
      assert.deepEqual(plan.containers, [{ container: 'full', objectCount: 4, bytes: 1000 }]);
      assert.deepEqual(plan.counts, { objects: 1, folders: 1, containers: 1, totalObjects: 8, bytes: 1042, largeObjects: 1 });
      assert.deepEqual(client.listed, [
        { container: 'c', prefix: 'a/' },
        { container: 'c', prefix: 'b' },
      ]);
      // A folder is counted as its pages arrive (both cursors, nothing held); one object is looked for by one cursor.
      assert.deepEqual(client.listOptions, [
        { concurrency: undefined, signal: undefined, order: 'arrival' },
        { concurrency: 1, signal: undefined },
      ]);
    });

    it('stops listing an object once found, and plans a missing object anyway (zero bytes, not the names it prefixes)', async () => {
      const client = new ScriptedClient({ c: [[obj('b', 7)], [obj('b', 999), obj('gone, not this one', 50, 'slo')]] });
      const plan = await planDeletion(client, [
        { kind: 'object', container: 'c', name: 'b' },
        { kind: 'object', container: 'c', name: 'gone' },
      ]);
      assert.deepEqual(plan.objects, [
        { container: 'c', name: 'b', largeObject: false },
        { container: 'c', name: 'gone', largeObject: false },
      ]);
      assert.deepEqual(plan.counts, { objects: 2, folders: 0, containers: 0, totalObjects: 2, bytes: 7, largeObjects: 0 });
      assert.equal(client.pagesRead, 3, 'one page for "b", both for "gone"');
    });

    it('marks a selected large object, and counts a folder in every container it is chosen in', async () => {
      const client = new ScriptedClient({ c: [[obj('x', 1), obj('y', 2, 'slo')]], d: [[obj('x', 4)]] });
      const plan = await planDeletion(client, [
        { kind: 'object', container: 'c', name: 'y' },
        { kind: 'folder', container: 'c', prefix: '' },
        { kind: 'folder', container: 'd', prefix: '' },
      ]);
      assert.deepEqual(plan.objects, [], 'the object is under a chosen folder');
      assert.deepEqual(plan.folders, [
        { container: 'c', prefix: '' },
        { container: 'd', prefix: '' },
      ]);
      assert.deepEqual(plan.counts, { objects: 0, folders: 2, containers: 0, totalObjects: 3, bytes: 7, largeObjects: 1 });
      const alone = await planDeletion(client, [{ kind: 'object', container: 'c', name: 'y' }]);
      assert.deepEqual(alone.objects, [{ container: 'c', name: 'y', largeObject: true }]);
      assert.deepEqual(alone.counts, { objects: 1, folders: 0, containers: 0, totalObjects: 1, bytes: 2, largeObjects: 1 });
    });
  });

  describe('runDeletion', () => {
    const plan = (objects: Array<[string, boolean]>, containers: string[] = []) => ({
      targets: [],
      objects: objects.map(([name, largeObject]) => ({ container: 'c', name, largeObject })),
      folders: [],
      containers: containers.map((container) => ({ container, objectCount: 0, bytes: 0 })),
      counts: { objects: objects.length, folders: 0, containers: containers.length, totalObjects: objects.length, bytes: 0, largeObjects: 0 },
    });

    it('deletes in batches of the batch size (at least one), reports progress and counts', async () => {
      const client = new ScriptedClient();
      client.notFoundPerCall = 1;
      client.refuse.set('c/b', '403 Forbidden').set('c/c', '');
      const progress: Array<[number, number]> = [];
      const report = await runDeletion(
        client,
        plan([
          ['a', false],
          ['b', false],
          ['c', false],
        ]),
        { batchSize: 2, onProgress: (d, t) => progress.push([d, t]) },
      );
      assert.deepEqual(
        client.bulkCalls.map((b) => b.map((p) => p.name)),
        [['a', 'b'], ['c']],
      );
      assert.deepEqual(progress, [
        [2, 3],
        [3, 3],
      ]);
      assert.deepEqual(report, {
        deleted: 1,
        notFound: 2,
        failures: [
          { container: 'c', name: 'b', reason: '403 Forbidden' },
          { container: 'c', name: 'c', reason: 'failed' },
        ],
        cancelled: false,
      });
      const one = new ScriptedClient();
      await runDeletion(
        one,
        plan([
          ['a', false],
          ['b', false],
        ]),
        { batchSize: 0 },
      );
      assert.equal(one.bulkCalls.length, 2);
      const many = new ScriptedClient();
      await runDeletion(many, plan(Array.from({ length: DELETE_BATCH + 1 }, (_, i): [string, boolean] => [`o${i}`, false])));
      assert.deepEqual(
        many.bulkCalls.map((b) => b.length),
        [DELETE_BATCH, 1],
      );
    });

    it('deletes large objects with their segments only when asked, and reports segments it could not delete', async () => {
      const kept = new ScriptedClient();
      await runDeletion(
        kept,
        plan([
          ['big', true],
          ['small', false],
        ]),
      );
      assert.deepEqual(kept.calls, []);
      assert.deepEqual(
        kept.bulkCalls.map((b) => b.map((p) => p.name)),
        [['big', 'small']],
      );

      const client = new ScriptedClient();
      client.large.set('big', ['409 Conflict', undefined]);
      client.largeOk = 2;
      const progress: number[] = [];
      const report = await runDeletion(
        client,
        plan([
          ['big', true],
          ['small', false],
        ]),
        { withSegments: true, onProgress: (d) => progress.push(d) },
      );
      assert.deepEqual(client.calls, ['large c/big']);
      assert.deepEqual(
        client.bulkCalls.map((b) => b.map((p) => p.name)),
        [['small']],
      );
      assert.deepEqual(report.failures, [
        { container: 'c', name: 'big', reason: 'segment 409 Conflict' },
        { container: 'c', name: 'big', reason: 'segment failed' },
      ]);
      assert.equal(report.deleted, 2);
      assert.deepEqual(progress, [1, 2]);
    });

    it('counts a large object already gone, reports one Swift refused, and stops on other errors', async () => {
      const client = new ScriptedClient();
      client.large.set('gone', new OpenStackError('notFound', 'gone', { status: 404 }));
      client.large.set('locked', new OpenStackError('forbidden', 'Cannot delete: access denied', { status: 403 }));
      const report = await runDeletion(
        client,
        plan([
          ['gone', true],
          ['locked', true],
        ]),
        { withSegments: true },
      );
      assert.deepEqual(report, {
        deleted: 1,
        notFound: 1,
        failures: [{ container: 'c', name: 'locked', reason: 'Cannot delete: access denied' }],
        cancelled: false,
      });

      for (const error of [new OpenStackError('auth', 'signed out', { status: 401 }), new OpenStackError('network', 'unreachable'), new Error('bug')]) {
        const failing = new ScriptedClient();
        failing.large.set('x', error);
        await assert.rejects(runDeletion(failing, plan([['x', true]]), { withSegments: true }), (e) => e === error);
      }
    });

    it('empties each container (listed now) before deleting it', async () => {
      const client = new ScriptedClient({ full: [[obj('1', 1), obj('2', 1, 'slo')], [obj('3', 1)]] });
      const progress: Array<[number, number]> = [];
      const signal = new AbortController().signal;
      const report = await runDeletion(
        client,
        { ...plan([], ['full']), counts: { ...plan([], ['full']).counts, totalObjects: 3 } },
        {
          withSegments: true,
          onProgress: (d, t) => progress.push([d, t]),
          signal,
        },
      );
      // One cursor: a container of any size is emptied holding one page at a time; a cancel stops its listing.
      assert.deepEqual(client.listOptions, [{ concurrency: 1, signal }]);
      assert.deepEqual(
        progress,
        [
          [1, 4],
          [2, 4],
          [3, 4],
          [4, 4],
        ],
        'three objects and the container',
      );
      const grown: Array<[number, number]> = [];
      await runDeletion(new ScriptedClient({ full: [[obj('1', 1), obj('2', 1), obj('3', 1)]] }), plan([], ['full']), {
        batchSize: 1,
        onProgress: (d, t) => grown.push([d, t]),
      });
      assert.deepEqual(
        grown,
        [
          [1, 1],
          [2, 2],
          [3, 3],
          [4, 4],
        ],
        'more objects than the HEAD counted: the total grows with them',
      );
      assert.deepEqual(client.calls, ['large full/2']);
      assert.deepEqual(client.bulkCalls, [[{ container: 'full', name: '1' }], [{ container: 'full', name: '3' }], [{ container: 'full' }]]);
      assert.equal(report.deleted, 4);
    });

    it("deletes a folder's objects as it lists them again: one page at a time, the next asked once this one is deleted; objects added since the plan go too", async () => {
      const pages = [
        [obj('f/1', 1), obj('f/2', 1, 'slo'), obj('g', 1)],
        [obj('f/3', 1), obj('f/new since the plan', 1)],
      ];
      const client = new ScriptedClient({ c: pages, full: [[obj('z', 1)]] });
      const signal = new AbortController().signal;
      const progress: Array<[number, number]> = [];
      const report = await runDeletion(
        client,
        {
          targets: [],
          objects: [{ container: 'c', name: 'picked', largeObject: false }],
          folders: [{ container: 'c', prefix: 'f/' }],
          containers: [{ container: 'full', objectCount: 1, bytes: 1 }],
          counts: { objects: 1, folders: 1, containers: 1, totalObjects: 5, bytes: 5, largeObjects: 1 },
        },
        { withSegments: true, signal, onProgress: (d, t) => progress.push([d, t]) },
      );
      assert.deepEqual(client.events, [
        'bulk picked',
        'page c f/',
        'bulk f/1',
        'page c f/',
        'bulk f/3,f/new since the plan',
        'page full ',
        'bulk z',
        'bulk full',
      ]);
      assert.deepEqual(client.calls, ['large c/f/2']);
      assert.deepEqual(client.listOptions, [
        { concurrency: 1, signal },
        { concurrency: 1, signal },
      ]);
      assert.equal(report.deleted, 7);
      assert.deepEqual(progress.at(-1), [7, 7], 'one more object than counted: the total grows with it');
    });

    it('stops between batches when cancelled and says so; rethrows other errors', async () => {
      const controller = new AbortController();
      const client = new ScriptedClient();
      client.abortAfter = { calls: 1, controller };
      const report = await runDeletion(
        client,
        plan([
          ['a', false],
          ['b', false],
          ['big', true],
        ]),
        { batchSize: 1, signal: controller.signal },
      );
      assert.equal(client.bulkCalls.length, 1);
      assert.deepEqual([report.deleted, report.cancelled], [1, true]);

      const aborted = new AbortController();
      aborted.abort();
      const large = new ScriptedClient();
      const early = await runDeletion(large, plan([['big', true]]), { withSegments: true, signal: aborted.signal });
      assert.deepEqual([large.calls, early.cancelled], [[], true]);

      const broken = new ScriptedClient();
      broken.bulkDelete = async () => {
        throw new OpenStackError('server', 'down', { status: 503 });
      };
      await assert.rejects(runDeletion(broken, plan([['a', false]])), (e) => isOpenStackError(e, 'server'));
      broken.bulkDelete = async () => {
        throw new OpenStackError('cancelled', 'stop');
      };
      assert.equal((await runDeletion(broken, plan([['a', false]]))).cancelled, true);
    });
  });

  describe('deleteUnder', () => {
    it('deletes what it lists under the prefix, each page before the next is read, and reports like a run', async () => {
      const client = new ScriptedClient({ c: [[obj('d/1', 1), obj('d/2', 1, 'slo'), obj('e', 1)], [obj('d/3', 1)]] });
      client.refuse.set('c/d/3', '403 Forbidden');
      client.notFoundPerCall = 1;
      const signal = new AbortController().signal;
      const report = await deleteUnder(client, 'c', 'd/', { signal });
      assert.deepEqual(client.events, ['page c d/', 'bulk d/1,d/2', 'page c d/', 'bulk d/3']);
      assert.deepEqual(client.listOptions, [{ concurrency: 1, signal }]);
      assert.deepEqual(client.calls, [], 'a large object goes as its manifest unless asked');
      assert.deepEqual(report, { deleted: 2, notFound: 2, failures: [{ container: 'c', name: 'd/3', reason: '403 Forbidden' }], cancelled: false });
    });

    it('says it was cancelled instead of throwing, and rethrows other errors', async () => {
      const controller = new AbortController();
      const client = new ScriptedClient({ c: [[obj('1', 1)], [obj('2', 1)]] });
      client.abortAfter = { calls: 1, controller };
      const report = await deleteUnder(client, 'c', undefined, { signal: controller.signal });
      assert.equal(report.cancelled, true);
      assert.equal(report.deleted, 1);
      assert.equal(client.bulkCalls.length, 1, 'nothing sent after the cancel');
      const failing = new ScriptedClient({ c: [[obj('x', 1)]] });
      const error = new OpenStackError('network', 'down');
      failing.bulkDelete = async () => {
        throw error;
      };
      await assert.rejects(deleteUnder(failing, 'c', ''), (e) => e === error);
      // A listing that ends as cancelled (its own signal) is a cancel too, with no signal of the caller's.
      const stopped = new ScriptedClient();
      stopped.listAllObjects = async function* () {
        yield* [];
        throw new OpenStackError('cancelled', 'Cancelled: the listing.');
      };
      assert.equal((await deleteUnder(stopped, 'c', 'd/')).cancelled, true);
    });
  });

  describe('retryDeletion', () => {
    it('sends the failed objects first, then the failed containers, and reports like a run', async () => {
      const client = new ScriptedClient();
      const report = await retryDeletion(client, [
        { container: 'empty', reason: '409 Conflict' },
        { container: 'c', name: 'a', reason: '403 Forbidden' },
        { container: 'c', name: 'b', reason: '503' },
      ]);
      assert.deepEqual(client.bulkCalls, [
        [
          { container: 'c', name: 'a' },
          { container: 'c', name: 'b' },
        ],
        [{ container: 'empty' }],
      ]);
      assert.deepEqual(report, { deleted: 3, notFound: 0, failures: [], cancelled: false });
    });

    it('says it was cancelled instead of throwing, and rethrows other errors', async () => {
      const controller = new AbortController();
      controller.abort();
      const client = new ScriptedClient();
      const report = await retryDeletion(client, [{ container: 'c', name: 'a', reason: 'x' }], { signal: controller.signal });
      assert.deepEqual([client.bulkCalls.length, report.cancelled], [0, true]);
      client.bulkDelete = async () => {
        throw new OpenStackError('server', 'down', { status: 503 });
      };
      await assert.rejects(retryDeletion(client, [{ container: 'c', reason: 'x' }]), (e) => isOpenStackError(e, 'server'));
      client.bulkDelete = async () => {
        throw new OpenStackError('cancelled', 'stop');
      };
      assert.equal((await retryDeletion(client, [{ container: 'c', reason: 'x' }])).cancelled, true);
    });
  });
});

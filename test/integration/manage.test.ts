/**
 * Create, delete, copy, move and rename against the real local Swift (behind Keystone):
 *  - a folder of hostile names deleted through bulk delete, everything else untouched;
 *  - a per-path failure (a second user with write access to one container only) reported, then retried alone;
 *  - a non-empty container deleted in several batches, with progress;
 *  - folders copied and moved within and across containers byte-exact with their metadata; a static large
 *    object moved keeps working; a move cancelled midway loses nothing;
 *  - refusals, existing destinations, container names (hostile and invalid), a wrong token, a server down.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { isOpenStackError } from '../../src/openstack/errors';

import { SwiftClient } from '../../src/openstack/swift/client';
import { planDeletion, retryDeletion, runDeletion } from '../../src/openstack/swift/deletion';
import { failedPlan, planCopy, runCopy } from '../../src/openstack/swift/copying';
import { containerNameProblem } from '../../src/openstack/swift/managePlan';
import { metaHeaders } from '../../src/openstack/swift/metadata';
import { swiftUrl } from '../../src/openstack/swift/names';
import { HOSTILE_NAMES, SwiftFixture, authenticate, readAll, swiftSuite } from '../support/swiftFixture';
import { forEachBackend, whereBackend } from '../support/backends';
import { recordedHttpClient } from '../support/recordedHttp';

const bodyOf = (name: string) => Buffer.concat([Buffer.from(`body of ${name}`), Buffer.from([0, 0xff, 0x0d, 0x0a])]);
/** Hostile names that still fit under a folder prefix (Swift: 1,024 characters at most). */
// Under `dir/`, within the name limit: 1,024 characters on Swift, 1,024 UTF-8 bytes on RGW (RGW-DIFFERENCES.md).
const HOSTILE_IN_FOLDER = HOSTILE_NAMES.filter((n) => [...n].length <= 1000 && Buffer.byteLength(n) <= 1000);

forEachBackend('manage: create, delete, copy, move (integration)', function (backend) {
  this.timeout(120_000);
  let f: SwiftFixture;
  const { container, created } = swiftSuite((fixture) => (f = fixture), { backend });

  async function names(c: string, prefix?: string): Promise<string[]> {
    const out: string[] = [];
    for await (const batch of f.swift.listAllObjects(c, { prefix, concurrency: 1 })) out.push(...batch.map((e) => e.name));
    return out;
  }
  async function body(c: string, name: string): Promise<Buffer> {
    return readAll((await f.swift.getObject(c, name)).body);
  }
  async function putAll(c: string, objects: string[], meta = false): Promise<void> {
    const queue = [...objects];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
          const headers = meta ? metaHeaders('object', { owner: `Zoë ☁ ${name.length}` }) : {};
          await f.swift.putObject(c, name, bodyOf(name), { contentType: 'application/x-test; charset=utf-8', headers });
        }
      }),
    );
  }

  it('deletes a folder of hostile names through bulk delete: all gone, nothing else touched', async () => {
    const c = await container('del-hostile');
    const inside = HOSTILE_IN_FOLDER.map((n) => `dir/${n}`);
    const outside = ['dir', 'dir2/x', 'di', 'other', 'dir\u00e9/x'];
    await putAll(c, [...inside, ...outside]);
    const plan = await planDeletion(f.swift, [{ kind: 'folder', container: c, prefix: 'dir/' }]);
    assert.equal(plan.counts.folders, 1);
    assert.equal(plan.counts.totalObjects, inside.length);
    assert.equal(
      plan.counts.bytes,
      inside.reduce((n, name) => n + bodyOf(name).length, 0),
    );
    // The plan holds no name of the folder: it is listed again when the plan runs (pages of 7 here, each deleted
    // before the next is asked), so what was added under it since goes too.
    assert.deepEqual(plan.objects, []);
    const added = `dir/added after the plan 'q' "dq" %41 ?x #y\nZoë ☁`;
    await putAll(c, [added]);
    const progress: Array<[number, number]> = [];
    const paged = new SwiftClient(f.http, { storageUrl: f.storageUrl, tokens: f.tokens, pageLimit: 7 });
    const report = await runDeletion(paged, plan, { onProgress: (d, t) => progress.push([d, t]), batchSize: 10 });
    assert.deepEqual(report.failures, []);
    assert.equal(report.deleted, inside.length + 1);
    assert.equal(report.cancelled, false);
    assert.ok(progress.length >= Math.ceil(inside.length / 7) && progress.at(-1)?.[0] === inside.length + 1, JSON.stringify(progress));
    assert.deepEqual((await names(c)).sort(), [...outside].sort());
    for (const name of outside) assert.ok((await body(c, name)).equals(bodyOf(name)), name);
  });

  it('reports a path the user may not delete, and the retry sends only that one', async () => {
    // A second user (another project) with write access to container A only, deleting in the demo account.
    const a = await container('acl-w');
    const b = await container('acl-r');
    const other = await authenticate(f.identity, f.cloud, f.cloud.demoDefault);
    const who = `${f.cloud.demoDefault.projectId}:${f.cloud.demoDefault.id}`;
    await f.swift.postContainer(a, { 'x-container-read': who, 'x-container-write': who });
    await f.swift.postContainer(b, { 'x-container-read': who });
    await f.swift.putObject(a, 'in a', 'a');
    await f.swift.putObject(b, 'in b', 'b');
    let token = other.id;
    const guest = new SwiftClient(f.http, {
      storageUrl: f.storageUrl,
      tokens: { token: async () => token, renew: async () => (token = (await authenticate(f.identity, f.cloud, f.cloud.demoDefault)).id) },
    });
    const plan = await planDeletion(guest, [
      { kind: 'object', container: a, name: 'in a' },
      { kind: 'object', container: b, name: 'in b' },
    ]);
    assert.equal(plan.counts.totalObjects, 2);
    const report = await runDeletion(guest, plan);
    assert.deepEqual(
      report.failures.map((x) => [x.container, x.name, x.reason]),
      [[b, 'in b', '403 Forbidden']],
    );
    assert.equal(report.deleted, 1);
    assert.deepEqual(await names(a), []);
    assert.deepEqual(await names(b), ['in b']);

    await f.swift.postContainer(b, { 'x-container-write': who });
    const sent: string[] = [];
    const counting = {
      ...guestMethods(guest),
      bulkDelete: (paths: Parameters<SwiftClient['bulkDelete']>[0], signal?: AbortSignal) => (
        sent.push(...paths.map((p) => `${p.container}/${p.name}`)),
        guest.bulkDelete(paths, signal)
      ),
    };
    const retried = await retryDeletion(counting, report.failures);
    assert.deepEqual(sent, [`${b}/in b`], 'only the failed path is sent again');
    assert.deepEqual(retried.failures, []);
    assert.equal(retried.deleted, 1);
    assert.deepEqual(await names(b), []);
  });

  it('deletes a non-empty container: contents in batches with progress, then the container', async () => {
    const c = await container('del-container');
    const objects = Array.from({ length: 23 }, (_, i) => `f${i % 3}/o ${i}`);
    await putAll(c, objects);
    const keep = await container('del-keep');
    await f.swift.putObject(keep, 'stays', 'x');
    const plan = await planDeletion(f.swift, [
      { kind: 'container', container: c },
      { kind: 'folder', container: c, prefix: 'f1/' },
    ]);
    assert.equal(plan.targets.length, 1, 'the folder inside the selected container is dropped');
    assert.equal(plan.counts.containers, 1);
    const progress: number[] = [];
    const report = await runDeletion(f.swift, plan, { batchSize: 5, onProgress: (done) => progress.push(done) });
    assert.deepEqual(report.failures, []);
    assert.equal(report.deleted, objects.length + 1);
    assert.deepEqual(progress, [5, 10, 15, 20, 23, 24]);
    await assert.rejects(f.swift.headContainer(c), (e) => isOpenStackError(e, 'notFound'));
    assert.deepEqual(await names(keep), ['stays']);
  });

  it('copies a folder of hostile names within and across containers, byte-exact, metadata kept', async () => {
    const src = await container('copy-src');
    const dst = await container('copy-dst');
    const inside = HOSTILE_IN_FOLDER.slice(0, 20).map((n) => `a/${n}`);
    await putAll(src, [...inside, 'ab', 'b/x'], true);
    for (const [toContainer, toPrefix] of [
      [src, 'copied/'],
      [dst, 'a/'],
    ] as const) {
      const plan = await planCopy(f.swift, 'copy', [{ kind: 'folder', container: src, prefix: 'a/' }], { container: toContainer, name: toPrefix });
      assert.equal(plan.items.length, inside.length);
      assert.deepEqual(plan.conflicts, []);
      const report = await runCopy(f.swift, plan, { overwrite: false });
      assert.deepEqual(report.failures, []);
      assert.equal(report.copied, inside.length);
      for (const name of inside) {
        const to = toPrefix + name.slice(2);
        assert.ok((await body(toContainer, to)).equals(bodyOf(name)), to);
        const head = await f.swift.headObject(toContainer, to);
        assert.equal(head.meta.owner, `Zoë ☁ ${name.length}`, `metadata of ${JSON.stringify(to)}`);
        assert.equal(head.contentType, 'application/x-test; charset=utf-8');
      }
    }
    assert.equal((await names(src, 'a/')).length, inside.length, 'a copy keeps its sources');
  });

  it('moves (renames) a folder across containers: sources deleted only after verified copies; then back', async () => {
    const src = await container('move-src');
    const dst = await container('move-dst');
    const inside = HOSTILE_IN_FOLDER.slice(10, 30).map((n) => `logs/2024/${n}`);
    await putAll(src, [...inside, 'logs/keep.txt'], true);
    const plan = await planCopy(f.swift, 'move', [{ kind: 'folder', container: src, prefix: 'logs/2024/' }], { container: dst, name: 'archive/y2024' });
    const report = await runCopy(f.swift, plan, { overwrite: false });
    assert.deepEqual(report.failures, []);
    assert.equal(report.copied, inside.length);
    assert.equal(report.deleted, inside.length);
    assert.deepEqual(await names(src), ['logs/keep.txt']);
    for (const name of inside) {
      const to = `archive/y2024/${name.slice('logs/2024/'.length)}`;
      assert.ok((await body(dst, to)).equals(bodyOf(name)), to);
      assert.equal((await f.swift.headObject(dst, to)).meta.owner, `Zoë ☁ ${name.length}`);
    }
    // Rename back in place: a single object, then the folder.
    const renamed = await planCopy(f.swift, 'move', [{ kind: 'object', container: dst, name: `archive/y2024/${HOSTILE_IN_FOLDER[10]}` }], {
      container: dst,
      name: 'single renamed',
    });
    assert.equal((await runCopy(f.swift, renamed, { overwrite: false })).deleted, 1);
    assert.ok((await body(dst, 'single renamed')).equals(bodyOf(`logs/2024/${HOSTILE_IN_FOLDER[10]}`)));
  });

  it('moves a static large object: the moved manifest still serves the whole content; segments it uses are kept', async () => {
    const src = await container('slo-src');
    const dst = await container('slo-dst');
    const segments = [randomBytes(1500), randomBytes(700)];
    await f.swift.putObject(src, 'big/parts/1', segments[0]);
    await f.swift.putObject(src, 'big/parts/2', segments[1]);
    const manifest = JSON.stringify([{ path: `/${src}/big/parts/1` }, { path: `/${src}/big/parts/2` }]);
    const put = await f.http.request({
      method: 'PUT',
      url: swiftUrl(f.storageUrl, src, 'big/file.bin', { 'multipart-manifest': 'put' }),
      headers: { 'x-auth-token': await f.tokens.token(), 'content-type': 'application/octet-stream' },
      body: manifest,
      accept: () => true,
    });
    await put.dump();
    assert.equal(put.status, 201);
    await f.swift.putObject(src, 'big/readme', 'plain');
    const plan = await planCopy(f.swift, 'move', [{ kind: 'folder', container: src, prefix: 'big/' }], { container: dst, name: 'moved/' });
    assert.ok(plan.items.find((i) => i.from.name === 'big/file.bin')?.entry.sloEtag, 'the listing says which object is a manifest');
    const report = await runCopy(f.swift, plan, { overwrite: false });
    assert.deepEqual(report.failures, []);
    assert.equal(report.copied, 4);
    // RGW does not return the manifest: every object moved with it may be a segment, so all are kept (and said so).
    const kept = whereBackend(backend, { swift: ['big/parts/1', 'big/parts/2'], rgw: ['big/parts/1', 'big/parts/2', 'big/readme'] });
    assert.deepEqual(report.keptSegments.sort(), kept);
    assert.equal(report.manifestsUnread, whereBackend(backend, { swift: 0, rgw: 1 }));
    const moved = await f.swift.headObject(dst, 'moved/file.bin');
    assert.equal(moved.staticLargeObject, true, 'the manifest was copied, not a concatenation');
    assert.ok((await body(dst, 'moved/file.bin')).equals(Buffer.concat(segments)));
    assert.deepEqual((await names(src)).sort(), kept);
    // The moved manifest is listed with the size of its content (RGW lists a copied manifest with 0 bytes).
    const listed: Array<[string, number]> = [];
    for await (const page of f.swift.listObjects(dst, { prefix: 'moved/file' }))
      for (const e of page.entries) if (e.kind === 'object') listed.push([e.name, e.bytes]);
    assert.deepEqual(listed, [['moved/file.bin', 2200]]);
  });

  it("deletes a large object's manifest only by default, and its segments too when asked", async () => {
    const c = await container('slo-delete');
    const putManifest = async (name: string, segments: string[]) => {
      for (const s of segments) await f.swift.putObject(c, s, `segment ${s}`);
      const put = await f.http.request({
        method: 'PUT',
        url: swiftUrl(f.storageUrl, c, name, { 'multipart-manifest': 'put' }),
        headers: { 'x-auth-token': await f.tokens.token() },
        body: JSON.stringify(segments.map((s) => ({ path: `/${c}/${s}` }))),
        accept: () => true,
      });
      await put.dump();
      assert.equal(put.status, 201);
    };
    await putManifest('kept segments', ['segs/a/1', 'segs/a/2']);
    await putManifest('gone segments', ['segs/b/1', 'segs/b/2']);
    const first = await planDeletion(f.swift, [{ kind: 'object', container: c, name: 'kept segments' }]);
    assert.equal(first.counts.largeObjects, 1);
    assert.deepEqual((await runDeletion(f.swift, first)).failures, []);
    const second = await planDeletion(f.swift, [{ kind: 'object', container: c, name: 'gone segments' }]);
    assert.deepEqual((await runDeletion(f.swift, second, { withSegments: true })).failures, []);
    assert.deepEqual(await names(c), ['segs/a/1', 'segs/a/2']);
  });

  it('a move cancelled midway leaves every object in at least one place', async () => {
    const src = await container('cancel-src');
    const dst = await container('cancel-dst');
    const objects = Array.from({ length: 30 }, (_, i) => `m/${String(i).padStart(2, '0')} ✓`);
    await putAll(src, objects);
    const plan = await planCopy(f.swift, 'move', [{ kind: 'folder', container: src, prefix: 'm/' }], { container: dst, name: 'm/' });
    const controller = new AbortController();
    const report = await runCopy(f.swift, plan, {
      overwrite: false,
      concurrency: 2,
      signal: controller.signal,
      onProgress: (done) => done === 7 && controller.abort(),
    });
    assert.equal(report.cancelled, true);
    assert.ok(report.copied >= 7 && report.copied < objects.length, `copied ${report.copied}`);
    assert.equal(report.deleted, 0, 'no source is deleted before every copy was tried');
    const left = new Set(await names(src));
    const arrived = new Set(await names(dst));
    for (const name of objects) {
      assert.ok(left.has(name) || arrived.has(name), `${name} lost`);
      if (arrived.has(name)) assert.ok((await body(dst, name)).equals(bodyOf(name)), name);
    }
    // Running the same move again completes it: the copies already made are existing destinations.
    const again = await planCopy(f.swift, 'move', [{ kind: 'folder', container: src, prefix: 'm/' }], { container: dst, name: 'm/' });
    // (A copy in flight when the signal aborted may still have landed: the server finished it.)
    assert.ok(again.conflicts.length >= report.copied && again.conflicts.length <= report.copied + 2, `${again.conflicts.length} conflicts`);
    const finished = await runCopy(f.swift, again, { overwrite: true });
    assert.deepEqual(finished.failures, []);
    assert.deepEqual(await names(src), []);
    assert.deepEqual((await names(dst)).sort(), [...objects].sort());
  });

  it('refuses a folder into itself and overlapping names; finds existing destinations; skips or overwrites them', async () => {
    const c = await container('refuse');
    await putAll(c, ['a/x', 'a/b/x', 'a/b/b/x', 'c/x']);
    await assert.rejects(planCopy(f.swift, 'move', [{ kind: 'folder', container: c, prefix: 'a/' }], { container: c, name: 'a/b/' }), /inside itself/);
    await assert.rejects(
      planCopy(f.swift, 'move', [{ kind: 'folder', container: c, prefix: 'a/b/' }], { container: c, name: 'a/' }),
      /also one of the objects being copied/,
    );
    await assert.rejects(planCopy(f.swift, 'copy', [{ kind: 'object', container: c, name: 'nope' }], { container: c, name: 'x' }), (e) =>
      isOpenStackError(e, 'notFound'),
    );
    const plan = await planCopy(f.swift, 'copy', [{ kind: 'folder', container: c, prefix: 'a/' }], { container: c, name: 'c/' });
    assert.deepEqual(
      plan.conflicts.map((i) => i.to.name),
      ['c/x'],
    );
    const skipped = await runCopy(f.swift, plan, { overwrite: false });
    assert.equal(skipped.skipped, 1);
    assert.ok((await body(c, 'c/x')).equals(bodyOf('c/x')), 'skipped: the existing object is untouched');
    const overwritten = await runCopy(f.swift, plan, { overwrite: true });
    assert.equal(overwritten.copied, 3);
    assert.ok((await body(c, 'c/x')).equals(bodyOf('a/x')));
    assert.equal(failedPlan(plan, overwritten).items.length, 0);
  });

  it('creates containers with hostile names (201, then 202: already exists) and refuses invalid ones', async () => {
    const run = randomBytes(3).toString('hex');
    for (const label of [`quote's "q" ${run}`, `100% what? #${run}`, `new\nline ${run}`, `中文 ☁ ${run}`]) {
      assert.equal(containerNameProblem(label), undefined);
      created.push(label);
      assert.deepEqual(await f.swift.createContainer(label), { created: true }, label);
      assert.deepEqual(await f.swift.createContainer(label), { created: false }, `${label} again`);
    }
    assert.match(containerNameProblem('') ?? '', /empty/);
    assert.match(containerNameProblem('a/b') ?? '', /"\/"/);
    assert.match(containerNameProblem('é'.repeat(129)) ?? '', /at most 256 bytes.*258/);
    assert.equal(containerNameProblem('é'.repeat(128)), undefined);
    // Swift agrees on the limit: 257 characters are refused (it counts characters; we count bytes, the stricter).
    await assert.rejects(f.swift.createContainer('c'.repeat(257)), (e) => isOpenStackError(e, 'badRequest'));
  });

  it('a wrong token and a server down give clear errors, and nothing is deleted', async () => {
    const c = await container('errors');
    await f.swift.putObject(c, 'x', 'x');
    const bad = new SwiftClient(f.http, { storageUrl: f.storageUrl, tokens: { token: async () => 'not-a-token', renew: async () => 'still-not-a-token' } });
    await assert.rejects(
      planDeletion(bad, [{ kind: 'container', container: c }]),
      (e) => isOpenStackError(e, 'auth') && /Cannot read container/.test(e.message),
    );
    const http = recordedHttpClient();
    try {
      const down = new SwiftClient(http, { storageUrl: 'http://127.0.0.1:9/v1/AUTH_x', tokens: { token: async () => 't', renew: async () => 't' } });
      await assert.rejects(planCopy(down, 'copy', [{ kind: 'folder', container: c, prefix: 'a/' }], { container: c, name: 'b/' }), (e) =>
        isOpenStackError(e, 'network'),
      );
    } finally {
      await http.close();
    }
    assert.deepEqual(await names(c), ['x']);
  });
});

/** The methods deletion uses, bound to a client (so one of them can be wrapped). */
function guestMethods(client: SwiftClient) {
  return {
    listAllObjects: client.listAllObjects.bind(client),
    headContainer: client.headContainer.bind(client),
    bulkDelete: client.bulkDelete.bind(client),
    deleteLargeObject: client.deleteLargeObject.bind(client),
  };
}

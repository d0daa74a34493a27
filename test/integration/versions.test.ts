/**
 * Object versions against the real local Swift and Ceph RGW: object versioning (X-Versions-Enabled) switched on and
 * off, versions listed exactly (other names under the same prefix left out, pages followed), old bytes read back,
 * hostile names; and legacy X-Versions-Location archives. RGW 16 has no object versioning: there each of those tests
 * asserts the one-sentence refusal instead (and that nothing was switched on); the legacy archive works on both.
 */
import * as assert from 'node:assert/strict';
import { setVersioning } from '../../src/openstack/swift/access';
import { getObjectVersion, legacyArchivePrefix, listLegacyVersions, listObjectVersions, versioningOf } from '../../src/openstack/swift/versions';
import { swiftUrl } from '../../src/openstack/swift/names';
import { HOSTILE_NAMES, SwiftFixture, readAll, swiftSuite } from '../support/swiftFixture';
import { forEachBackend, whereBackend } from '../support/backends';
import { isOpenStackError } from '../../src/openstack/errors';

forEachBackend('object versions (integration)', function (backend) {
  this.timeout(60_000);
  let f: SwiftFixture;
  // Also after a failed test: every version of every name a test wrote goes before its container (the e2e
  // suite expects the demo account as it found it).
  const { container } = swiftSuite((fixture) => (f = fixture), {
    backend,
    afterTimeoutMs: 180_000,
    beforeDelete: async (c) => {
      await f.swift.postContainer(c, { 'x-remove-versions-location': 'x' }).catch(() => undefined);
      await dropVersioned(c, ['p']).catch(() => undefined); // 'p' is the one name deleted (hence not listed)
    },
  });

  /** Versioned containers are emptied version by version: deleting an object there only adds a marker. */
  async function dropVersioned(c: string, extra: string[] = []): Promise<void> {
    await setVersioning(f.swift, c, false);
    const names = new Set<string>(extra); // deleted objects are no longer listed, their versions are
    for await (const page of f.swift.listObjects(c)) for (const e of page.entries) if (e.kind === 'object') names.add(e.name);
    for (const name of names) {
      for (const v of await listObjectVersions(f.swift, c, name)) {
        const url = swiftUrl(f.storageUrl, c, name, { 'version-id': v.versionId });
        await (await f.swift.transport.send({ verb: 'delete', target: name }, { method: 'DELETE', url })).dump();
      }
    }
  }

  /**
   * Turns object versioning on: true where the server has it (Swift); where it has none (RGW 16) asserts the
   * one-sentence refusal, that the container stays unversioned and that an overwrite keeps no older copy: false.
   */
  async function enableOrRefused(c: string): Promise<boolean> {
    if (whereBackend(backend, { swift: true, rgw: false })) {
      await setVersioning(f.swift, c, true);
      return true;
    }
    await assert.rejects(setVersioning(f.swift, c, true), (e: unknown) => {
      assert.ok(isOpenStackError(e, 'unsupported'));
      assert.equal(
        e.message,
        `Cannot enable versioning on container "${c}": this server does not offer object versioning (its /info lists no object_versioning; Ceph RGW has none, only X-Versions-Location set by other tools).`,
      );
      return true;
    });
    // Even sent past the refusal, RGW answers 204 and keeps nothing (the HEAD after the POST is what catches that).
    await f.swift.postContainer(c, { 'x-versions-enabled': 'true' });
    assert.deepEqual(versioningOf((await f.swift.headContainer(c)).headers), { kind: 'none' });
    await f.swift.putObject(c, 'o', 'one');
    await f.swift.putObject(c, 'o', 'two');
    const names: string[] = [];
    for await (const page of f.swift.listAllObjects(c)) names.push(...page.map((e) => e.name));
    assert.deepEqual(names, ['o'], 'no older copy kept anywhere in the container');
    assert.equal((await readAll((await f.swift.getObject(c, 'o')).body)).toString(), 'two');
    return false;
  }

  it('enables object versioning, lists three versions newest first, reads an old one, suspends', async () => {
    const c = await container('versions');
    assert.deepEqual(versioningOf((await f.swift.headContainer(c)).headers), { kind: 'none' });
    if (!(await enableOrRefused(c))) return;
    assert.deepEqual(versioningOf((await f.swift.headContainer(c)).headers), { kind: 'enabled' });
    assert.equal((await f.swift.headContainer(c)).versioning, 'enabled');

    for (const body of ['one', 'two two', 'three three three']) await f.swift.putObject(c, 'doc.txt', body, { contentType: 'text/plain' });
    // Names sharing the prefix must not be mixed in.
    await f.swift.putObject(c, 'doc.txt.bak', 'other');
    await f.swift.putObject(c, 'doc.txt/child', 'other');

    const versions = await listObjectVersions(f.swift, c, 'doc.txt');
    assert.deepEqual(
      versions.map((v) => [v.bytes, v.isLatest, v.deleteMarker]),
      [
        [17, true, false],
        [7, false, false],
        [3, false, false],
      ],
    );
    assert.ok(versions.every((v) => v.versionId && v.lastModified && v.hash));
    assert.equal(new Set(versions.map((v) => v.versionId)).size, 3);
    const oldest = await getObjectVersion(f.swift, c, 'doc.txt', versions[2].versionId!);
    assert.equal((await readAll(oldest.body)).toString(), 'one');
    assert.equal(oldest.info.bytes, 3);

    await setVersioning(f.swift, c, false);
    assert.deepEqual(versioningOf((await f.swift.headContainer(c)).headers), { kind: 'suspended' });
    assert.equal((await listObjectVersions(f.swift, c, 'doc.txt')).length, 3, 'suspending keeps the versions');
    await dropVersioned(c);
  });

  it('follows pages (marker + version_marker) and shows a delete marker', async () => {
    const c = await container('versions-pages');
    if (!(await enableOrRefused(c))) return;
    for (let i = 0; i < 5; i++) await f.swift.putObject(c, 'p', `v${i}`);
    await f.swift.deleteObject(c, 'p');
    await f.swift.putObject(c, 'p2', 'after p');
    const versions = await listObjectVersions(f.swift, c, 'p', { limit: 2 });
    assert.equal(versions.length, 6);
    assert.deepEqual(
      versions.map((v) => v.deleteMarker),
      [true, false, false, false, false, false],
    );
    const bodies = [];
    for (const v of versions.slice(1)) bodies.push((await readAll((await getObjectVersion(f.swift, c, 'p', v.versionId!)).body)).toString());
    assert.deepEqual(bodies, ['v4', 'v3', 'v2', 'v1', 'v0']);
    await dropVersioned(c, ['p']);
  });

  it('hostile names: each name lists exactly its own two versions and reads the first back byte-exact', async function () {
    this.timeout(180_000); // ~250 requests: a deadline for a busy shared machine, not a measurement
    const c = await container('versions-hostile');
    if (!(await enableOrRefused(c))) return;
    const names = HOSTILE_NAMES.filter((n) => n.length < 200);
    for (const name of names) {
      await f.swift.putObject(c, name, `first ${name}`);
      await f.swift.putObject(c, name, `second ${name}`);
    }
    for (const name of names) {
      const versions = await listObjectVersions(f.swift, c, name);
      assert.equal(versions.length, 2, JSON.stringify(name));
      const first = await getObjectVersion(f.swift, c, name, versions[1].versionId!);
      assert.equal((await readAll(first.body)).toString(), `first ${name}`, JSON.stringify(name));
    }
    await dropVersioned(c);
  });

  it('legacy X-Versions-Location: detected, and the archive lists older copies newest first', async () => {
    const archive = await container('legacy-archive');
    const c = await container('legacy');
    await f.swift.postContainer(c, { 'x-versions-location': archive });
    assert.deepEqual(versioningOf((await f.swift.headContainer(c)).headers), { kind: 'legacy', mode: 'stack', archive });
    await assert.rejects(setVersioning(f.swift, c, true), whereBackend(backend, { swift: /must drop it first/, rgw: /does not offer object versioning/ }));
    const name = 'ünï "q" 100%.txt';
    for (const body of ['a', 'bb', 'ccc']) await f.swift.putObject(c, name, body);
    assert.equal(legacyArchivePrefix(name), `${Buffer.byteLength(name).toString(16).padStart(3, '0')}${name}/`);
    const versions = await listLegacyVersions(f.swift, archive, name);
    assert.deepEqual(
      versions.map((v) => v.bytes),
      [2, 1],
    );
    const { body } = await f.swift.getObject(archive, versions[1].archiveName!);
    assert.equal((await readAll(body)).toString(), 'a');
    await f.swift.postContainer(c, { 'x-remove-versions-location': 'x' });
  });

  it('X-History-Location: Swift archives each overwritten copy; RGW answers 204 and ignores it (no archive, not shown)', async () => {
    const archive = await container('history-archive');
    const c = await container('history');
    await f.swift.postContainer(c, { 'x-history-location': archive });
    assert.deepEqual(
      versioningOf((await f.swift.headContainer(c)).headers),
      whereBackend(backend, { swift: { kind: 'legacy', mode: 'history', archive }, rgw: { kind: 'none' } }),
    );
    for (const body of ['a', 'bb']) await f.swift.putObject(c, 'h', body);
    assert.deepEqual(
      (await listLegacyVersions(f.swift, archive, 'h')).map((v) => v.bytes),
      whereBackend(backend, { swift: [1], rgw: [] }),
    );
    await f.swift.postContainer(c, { 'x-remove-history-location': 'x' });
  });
});

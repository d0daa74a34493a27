/**
 * Saving over an object against the real Swift: the PUT keeps what describes the object (content type,
 * user metadata, disposition, encoding, expiry), a create-only PUT never overwrites, hostile names
 * round-trip, and an expired token is renewed transparently (the body is a buffer: replayable).
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { isOpenStackError } from '../../src/openstack/errors';
import { PRESERVED_HEADERS, preservedHeaders, writeObject } from '../../src/openstack/swift/replace';
import { HOSTILE_NAMES, SwiftFixture, deleteContainers, readAll, swiftFixture, uniqueContainer } from '../support/swiftFixture';
import { forEachBackend } from '../support/backends';

const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

forEachBackend('Swift: metadata-preserving writes (replace.ts)', function (backend) {
  this.timeout(120_000);
  let f: SwiftFixture;
  const container = uniqueContainer('replace');
  const deleteAt = String(Math.floor(Date.now() / 1000) + 30 * 86400);
  const described = {
    'x-object-meta-owner': 'Zoë Ünïcode ☁',
    'x-object-meta-reviewed': '2024-05-01',
    'content-disposition': 'attachment; filename="report.md"',
    'content-encoding': 'identity',
    'content-language': 'fr',
    'cache-control': 'max-age=60',
    'x-delete-at': deleteAt,
  };

  before(async () => {
    f = await swiftFixture(backend);
    await f.swift.createContainer(container);
  });

  after(async () => {
    await deleteContainers(f.swift, [container]);
    await f.http.close();
  });

  it('keeps content type, user metadata, Content-Disposition, -Encoding, -Language, Cache-Control and X-Delete-At; the bytes are new', async () => {
    await f.swift.putObject(container, 'report.md', '# old\n', { contentType: 'text/x-custom; charset=utf-8', headers: described });
    const before = await f.swift.headObject(container, 'report.md');
    // What a plain PUT would lose: the check that this test can fail.
    assert.equal(Object.keys(preservedHeaders(before.headers)).length, 1 + Object.keys(described).length);

    const body = Buffer.from('# new\nZoë ☁\r\n\u0000end', 'utf8');
    const { etag } = await writeObject(f.swift, container, 'report.md', body, { previous: before });
    assert.equal(etag, md5(body));
    const after = await f.swift.headObject(container, 'report.md');
    assert.equal(after.contentType, 'text/x-custom; charset=utf-8');
    assert.deepEqual(after.meta, { owner: 'Zoë Ünïcode ☁', reviewed: '2024-05-01' });
    for (const name of PRESERVED_HEADERS) assert.equal(after.headers[name], before.headers[name], name);
    assert.equal(after.deleteAt?.getTime(), Number(deleteAt) * 1000);
    const { body: stream } = await f.swift.getObject(container, 'report.md');
    assert.deepEqual(await readAll(stream), body);
  });

  it('without `previous`, the same PUT drops the metadata (why saves pass it)', async () => {
    await f.swift.putObject(container, 'plain.md', 'x', { contentType: 'text/x-custom', headers: described });
    await writeObject(f.swift, container, 'plain.md', Buffer.from('y'));
    const after = await f.swift.headObject(container, 'plain.md');
    assert.deepEqual(after.meta, {});
    assert.equal(after.deleteAt, undefined);
    assert.notEqual(after.contentType, 'text/x-custom');
  });

  it('create-only: Swift refuses (412) when the name exists and leaves it untouched; creates it when free', async () => {
    await f.swift.putObject(container, 'taken.txt', 'theirs');
    await assert.rejects(writeObject(f.swift, container, 'taken.txt', Buffer.from('mine'), { createOnly: true }), (e) => isOpenStackError(e, 'precondition'));
    assert.deepEqual(await readAll((await f.swift.getObject(container, 'taken.txt')).body), Buffer.from('theirs'));
    await writeObject(f.swift, container, 'free.txt', Buffer.from('mine'), { createOnly: true });
    assert.deepEqual(await readAll((await f.swift.getObject(container, 'free.txt')).body), Buffer.from('mine'));
  });

  it(`hostile names (${HOSTILE_NAMES.length}): replaced byte-exact under the exact name, metadata kept`, async () => {
    const hostile = uniqueContainer('replace-hostile');
    await f.swift.createContainer(hostile);
    try {
      for (const name of HOSTILE_NAMES) {
        await f.swift.putObject(hostile, name, `old ${name}`, { headers: { 'x-object-meta-name': name.slice(0, 80).replace(/[\u0000-\u001f\u007f]/g, '?') } });
        const before = await f.swift.headObject(hostile, name);
        const body = Buffer.from(`new ${name}`, 'utf8');
        await writeObject(f.swift, hostile, name, body, { previous: before });
        const after = await f.swift.headObject(hostile, name);
        assert.equal(after.meta.name, before.meta.name, JSON.stringify(name));
        assert.deepEqual(await readAll((await f.swift.getObject(hostile, name)).body), body, JSON.stringify(name));
      }
      let listed = 0;
      for await (const page of f.swift.listObjects(hostile)) listed += page.entries.length;
      assert.equal(listed, HOSTILE_NAMES.length, 'no object was written under a mangled name');
    } finally {
      await deleteContainers(f.swift, [hostile]);
    }
  });

  it('a token that expired before the save is renewed once and the write goes through', async () => {
    const before = await f.swift.headObject(container, 'report.md');
    const renewals = f.tokens.renewals;
    const real = f.tokens.token;
    let stale = true;
    f.tokens.token = async () => (stale ? ((stale = false), 'gAAAAA-expired-token') : real());
    try {
      const body = Buffer.from('after renewal');
      await writeObject(f.swift, container, 'report.md', body, { previous: before });
      assert.equal(f.tokens.renewals, renewals + 1);
      assert.deepEqual(await readAll((await f.swift.getObject(container, 'report.md')).body), body);
      assert.equal((await f.swift.headObject(container, 'report.md')).meta.owner, 'Zoë Ünïcode ☁');
    } finally {
      f.tokens.token = real;
    }
  });
});

/**
 * Hostile names against the real Swift: every name must round-trip byte-exactly through PUT, HEAD, GET,
 * listings (with and without delimiter), COPY, POST and DELETE. Also pins what this Swift (2.30, py3)
 * accepts and refuses, so a change of behaviour shows up here.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { isOpenStackError } from '../../src/openstack/errors';
import { metaHeaders } from '../../src/openstack/swift/metadata';
import { HOSTILE_NAMES, SwiftFixture, deleteContainers, readAll, swiftFixture, uniqueContainer } from '../support/swiftFixture';
import { type Backend, forEachBackend, whereBackend } from '../support/backends';

/** Swift lists names in UTF-8 byte order (not JavaScript's UTF-16 order). */
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
/** Room for the suffix under the 1,024-character limit. */
/** The name with " (copy)" within 1,024: characters on Swift, UTF-8 bytes on RGW. */
const copyNameOf = (name: string, backend: Backend) => {
  const chars = [...name];
  let kept = Math.min(chars.length, 1000);
  if (backend === 'rgw') while (Buffer.byteLength(chars.slice(0, kept).join('')) > 1000) kept--;
  return `${chars.slice(0, kept).join('')} (copy)`;
};
const bodyOf = (name: string) => Buffer.concat([Buffer.from(`body of ${name}`), Buffer.from([0, 0xff, 0x0a, 0x0d])]);

forEachBackend('swift names (integration)', function (backend) {
  let f: SwiftFixture;
  let c: string;
  let other: string;

  async function listAll(container: string, delimiter?: string): Promise<string[]> {
    const out: string[] = [];
    for await (const page of f.swift.listObjects(container, { delimiter, limit: 10 })) {
      out.push(...page.entries.map((e) => (e.kind === 'folder' ? `[folder] ${e.prefix}` : e.name)));
    }
    return out;
  }

  async function failure(promise: Promise<unknown>): Promise<{ kind: string; status: number | undefined }> {
    const e = await promise.then(
      () => undefined,
      (err: unknown) => err,
    );
    assert.ok(isOpenStackError(e), `expected Swift to refuse, got ${String(e)}`);
    return { kind: e.kind, status: e.status };
  }

  before(async () => {
    f = await swiftFixture(backend);
    // Hostile container names too: quotes, spaces, unicode, shell syntax.
    c = `${uniqueContainer('names')} "q" 'x' $(id) ☀`;
    other = `${uniqueContainer('names-2')} 中文 %2F?#`;
    await f.swift.createContainer(c);
    await f.swift.createContainer(other);
    for (const name of HOSTILE_NAMES) await f.swift.putObject(c, name, bodyOf(name));
  });
  after(async () => {
    if (f) {
      await deleteContainers(f.swift, [c, other]);
      await f.http.close();
    }
  });

  it('HEAD and GET every name, bodies byte-exact', async () => {
    for (const name of HOSTILE_NAMES) {
      const body = bodyOf(name);
      const head = await f.swift.headObject(c, name);
      assert.equal(head.bytes, body.length, JSON.stringify(name));
      assert.equal(head.etag, createHash('md5').update(body).digest('hex'));
      const got = await f.swift.getObject(c, name);
      assert.ok((await readAll(got.body)).equals(body), JSON.stringify(name));
    }
  });

  it('lists exactly the names that were PUT, in UTF-8 byte order, over several pages', async () => {
    assert.deepEqual(await listAll(c), [...HOSTILE_NAMES].sort(byteOrder));
  });

  it('rolls names up into folders with delimiter "/", as computed independently', async () => {
    const expected = new Set<string>();
    for (const name of HOSTILE_NAMES) {
      const slash = name.indexOf('/');
      expected.add(slash >= 0 ? `[folder] ${name.slice(0, slash + 1)}` : name);
    }
    const sortKey = (s: string) => s.replace(/^\[folder\] /, '');
    assert.deepEqual(
      await listAll(c, '/'),
      [...expected].sort((a, b) => byteOrder(sortKey(a), sortKey(b))),
    );
  });

  it('finds each name with itself as the prefix', async () => {
    for (const name of HOSTILE_NAMES) {
      const page = await f.swift.listObjects(c, { prefix: name, limit: 1 }).next();
      assert.ok(!page.done);
      assert.equal(page.value.entries[0]?.kind === 'object' && page.value.entries[0].name, name, JSON.stringify(name));
    }
  });

  it('keeps NFC and NFD spellings as two different objects', async () => {
    const nfc = 'caf\u00e9';
    const nfd = 'cafe\u0301';
    assert.equal(nfc.normalize('NFD'), nfd);
    await f.swift.putObject(other, nfc, 'composed');
    await f.swift.putObject(other, nfd, 'decomposed');
    assert.deepEqual((await readAll((await f.swift.getObject(other, nfc)).body)).toString(), 'composed');
    assert.deepEqual((await readAll((await f.swift.getObject(other, nfd)).body)).toString(), 'decomposed');
    const listed = await listAll(other);
    assert.ok(listed.includes(nfc) && listed.includes(nfd));
    await f.swift.bulkDelete([nfc, nfd].map((name) => ({ container: other, name })));
  });

  it('COPYs every name within its container and to another container (encoded Destination)', async () => {
    for (const name of HOSTILE_NAMES) {
      const copyName = copyNameOf(name, backend);
      const samePlace = await f.swift.copyObject({ container: c, name }, { container: c, name: copyName });
      assert.equal(samePlace.etag, createHash('md5').update(bodyOf(name)).digest('hex'));
      await f.swift.copyObject({ container: c, name }, { container: other, name });
      for (const [container, target] of [
        [c, copyName],
        [other, name],
      ]) {
        assert.ok((await readAll((await f.swift.getObject(container, target)).body)).equals(bodyOf(name)), JSON.stringify(target));
      }
    }
    assert.deepEqual(await listAll(other), [...HOSTILE_NAMES].sort(byteOrder));
    const copies = (await listAll(c)).filter((n) => n.endsWith(' (copy)'));
    assert.equal(copies.length, HOSTILE_NAMES.length);
  });

  it('POSTs unicode metadata on every name and reads it back', async () => {
    const meta = { city: 'Zürich', mixed: 'עִבְרִית ☀ 😀 \u202e', quote: `"it's" $(x)` };
    for (const name of HOSTILE_NAMES.slice(0, 12)) {
      await f.swift.postObject(c, name, metaHeaders('object', meta));
      assert.deepEqual((await f.swift.headObject(c, name)).meta, meta, JSON.stringify(name));
    }
  });

  it('DELETEs every name', async () => {
    for (const name of HOSTILE_NAMES) {
      await f.swift.deleteObject(other, name);
      await assert.rejects(f.swift.headObject(other, name), (e) => isOpenStackError(e, 'notFound'));
    }
    assert.deepEqual(await listAll(other), []);
  });

  describe('facts about this server', () => {
    it('refuses NUL in object and container names (Swift: 412 "Invalid UTF8 or contains NULL"; RGW: 400)', async () => {
      const refused = whereBackend(backend, { swift: { kind: 'precondition', status: 412 }, rgw: { kind: 'badRequest', status: 400 } });
      assert.deepEqual(await failure(f.swift.putObject(c, 'nul\0x', 'x')), refused);
      assert.deepEqual(await failure(f.swift.createContainer('nul\0c')), refused);
    });

    it('limits object names to 1,024 (Swift: characters; RGW: UTF-8 bytes) and container names to 256 / 255', async () => {
      // 'é' is two bytes: 1,024 of them are 2,048 bytes, accepted by Swift only; RGW takes 512.
      const longest = 'é'.repeat(whereBackend(backend, { swift: 1024, rgw: 512 }));
      await f.swift.putObject(other, longest, 'two bytes each');
      if (backend === 'rgw') assert.deepEqual(await failure(f.swift.putObject(other, 'é'.repeat(513), 'x')), { kind: 'badRequest', status: 400 });
      assert.deepEqual(await failure(f.swift.putObject(other, 'x'.repeat(1025), 'x')), { kind: 'badRequest', status: 400 });
      assert.deepEqual(await failure(f.swift.createContainer('c'.repeat(257))), { kind: 'badRequest', status: 400 });
      await f.swift.deleteObject(other, longest);
    });

    it('refuses a request line over 8 KiB (Swift: 414; RGW: 400): 700 emoji encode to 8,400 characters', async () => {
      const e = await failure(f.swift.putObject(other, '😀'.repeat(700), 'x'));
      assert.deepEqual(e, { kind: 'badRequest', status: whereBackend(backend, { swift: 414, rgw: 400 }) });
    });

    it('accepts control characters, "." and ".." as object names; "." / ".." as container names on Swift only', async () => {
      for (const name of ['\u0001', '\r', '\u007f', '\uffff', '/', '.', '..']) {
        await f.swift.putObject(other, name, 'x');
        await f.swift.deleteObject(other, name);
      }
      for (const name of ['.', '..', `${uniqueContainer('x')}\n☀`]) {
        if (backend === 'rgw' && name.length <= 2) {
          // RGW applies bucket-name rules: refused with one sentence, nothing created.
          assert.deepEqual(await failure(f.swift.createContainer(name)), { kind: 'badRequest', status: 400 });
          continue;
        }
        assert.equal((await f.swift.createContainer(name)).created, true);
        await f.swift.deleteContainer(name);
      }
    });

    it('strips metadata values, lower-cases keys and turns "_" into "-"', async () => {
      await f.swift.putObject(other, 'meta', 'x', { headers: metaHeaders('object', { Spaced: '  padded  ', under_score: 'u' }) });
      assert.deepEqual((await f.swift.headObject(other, 'meta')).meta, { spaced: 'padded', 'under-score': 'u' });
      await f.swift.deleteObject(other, 'meta');
    });
  });
});

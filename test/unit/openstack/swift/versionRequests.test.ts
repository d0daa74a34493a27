// The requests of versions.ts against a loopback Swift: paging a ?versions listing until it passes the name,
// legacy archives newest first, reading one version by its id, and the sentences naming the version.
import * as assert from 'node:assert/strict';

import { OpenStackError } from '../../../../src/openstack/errors';
import { SwiftClient, staticTokenSource } from '../../../../src/openstack/swift/client';
import {
  describeVersioning,
  getObjectVersion,
  headObjectVersion,
  listLegacyVersions,
  listObjectVersions,
  parseVersionListing,
} from '../../../../src/openstack/swift/versions';
import { reply } from '../../../support/loopbackServer';
import { loopbackSwift } from './loopbackSwift';

const version = (name: string, id: string, extra: Record<string, unknown> = {}) => ({
  name,
  version_id: id,
  is_latest: false,
  bytes: 3,
  hash: 'h',
  content_type: 'text/plain',
  last_modified: '2026-12-04T10:00:00.000000',
  ...extra,
});

describe('swift/versions: requests', () => {
  const at = loopbackSwift();
  const swift = () => new SwiftClient(at.http, { storageUrl: `${at.server.origin}/v1/AUTH_t`, tokens: staticTokenSource('tok-versions') });

  it('pages ?versions from the last name and version id until the listing passes the name', async () => {
    const pages = [
      [version('doc', 'v3', { is_latest: true }), version('doc', 'v2')],
      [version('doc', 'v1', { content_type: 'application/x-deleted;swift_versions_deleted=1' }), version('doc2', 'w1')],
    ];
    at.handler = (_req, res) => reply(res, 200, JSON.stringify(pages.shift() ?? []));
    const versions = await listObjectVersions(swift(), 'c', 'doc', { limit: 2 });
    assert.deepEqual(
      versions.map((v) => [v.versionId, v.isLatest, v.deleteMarker]),
      [
        ['v3', true, false],
        ['v2', false, false],
        ['v1', false, true],
      ],
    );
    const urls = at.server.seen.map((r) => r.url);
    assert.equal(urls.length, 2, 'the second page passed the name: no third request');
    assert.match(urls[0], /^\/v1\/AUTH_t\/c\?/);
    assert.match(urls[0], /[?&]versions(&|=|$)/);
    assert.match(urls[0], /prefix=doc(&|$)/);
    assert.match(urls[0], /limit=2(&|$)/);
    assert.doesNotMatch(urls[0], /marker=/);
    assert.match(urls[1], /[?&]marker=doc(&|$)/);
    assert.match(urls[1], /version_marker=v2(&|$)/);
  });

  it('stops on an empty (204) page and says the container is missing on 404', async () => {
    at.handler = (_req, res) => reply(res, 204);
    assert.deepEqual(await listObjectVersions(swift(), 'c', 'doc'), []);
    assert.equal(at.server.seen.length, 1);
    at.handler = (_req, res) => reply(res, 404);
    const e = await listObjectVersions(swift(), 'gone', 'doc').then(
      () => assert.fail('listed'),
      (err: unknown) => err,
    );
    assert.ok(e instanceof OpenStackError);
    assert.equal(e.kind, 'notFound');
    assert.match(e.message, /list the versions of object "?doc"? in container "?gone"?.*the container does not exist/);
  });

  it("lists a legacy archive's copies of exactly that name, newest first, as versions without an id", async () => {
    const listing = [
      { name: '003doc/1000.00000', bytes: 1, hash: 'a', content_type: 't/a', last_modified: '2026-12-01T00:00:00.000000' },
      { subdir: '003doc/x/' },
      { name: '003doc/2000.00000', bytes: 2, hash: 'b', content_type: 't/b', last_modified: '2026-12-02T00:00:00.000000' },
    ];
    // No /info: the short page is confirmed by the next (empty) one.
    at.handler = (req, res) => (req.url === '/info' ? reply(res, 404) : reply(res, 200, JSON.stringify(req.url.includes('marker=') ? [] : listing)));
    const versions = await listLegacyVersions(swift(), 'archive', 'doc');
    assert.deepEqual(
      versions.map((v) => [v.archiveName, v.versionId, v.isLatest, v.bytes, v.hash, v.contentType, v.deleteMarker]),
      [
        ['003doc/2000.00000', undefined, false, 2, 'b', 't/b', false],
        ['003doc/1000.00000', undefined, false, 1, 'a', 't/a', false],
      ],
    );
    assert.equal(versions[0].lastModified?.toISOString(), '2026-12-02T00:00:00.000Z');
    const listed = at.server.seen.find((r) => r.url.startsWith('/v1/AUTH_t/archive?'));
    assert.match(listed!.url, /prefix=003doc%2F(&|$)/);
  });

  it('reads and HEADs one version by its id, naming the version when it is gone', async () => {
    at.handler = (_req, res) => reply(res, 200, 'old', { etag: '"e1"', 'content-type': 'text/plain', 'x-object-meta-k': 'v' });
    const { info, body } = await getObjectVersion(swift(), 'c', 'a b', 'v 1');
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    assert.equal(Buffer.concat(chunks).toString(), 'old');
    assert.equal(info.etag, 'e1');
    assert.deepEqual(info.meta, { k: 'v' });
    const head = await headObjectVersion(swift(), 'c', 'a b', 'v 1');
    assert.equal(head.contentType, 'text/plain');
    assert.deepEqual(
      at.server.seen.map((r) => [r.method, r.url]),
      [
        ['GET', '/v1/AUTH_t/c/a%20b?version-id=v%201'],
        ['HEAD', '/v1/AUTH_t/c/a%20b?version-id=v%201'],
      ],
    );
    at.handler = (_req, res) => reply(res, 404);
    for (const call of [getObjectVersion(swift(), 'c', 'o', 'v9'), headObjectVersion(swift(), 'c', 'o', 'v9')]) {
      const e = await call.then(
        () => assert.fail('found'),
        (err: unknown) => err,
      );
      assert.ok(e instanceof OpenStackError);
      assert.match(e.message, /version v9 of object "?o"? in container "?c"?/);
    }
  });

  it('describes each versioning state in words', () => {
    assert.equal(describeVersioning({ kind: 'enabled' }), 'enabled (object versioning)');
    assert.equal(describeVersioning({ kind: 'suspended' }), 'suspended (older versions are kept, new writes make none)');
    assert.equal(describeVersioning({ kind: 'none' }), 'off');
    assert.match(describeVersioning({ kind: 'legacy', mode: 'stack', archive: 'arch' }), /^legacy X-Versions-Location: older versions in container "?arch"?$/);
  });
});

describe('swift/versions: parsing and requests, the loose ends', () => {
  const at = loopbackSwift();
  const swift = () => new SwiftClient(at.http, { storageUrl: `${at.server.origin}/v1/AUTH_t`, tokens: staticTokenSource('tok-versions-2') });

  it('skips entries without a name, and fills what an entry leaves out or mistypes', () => {
    const { versions, last } = parseVersionListing([null, { bytes: 1 }, { name: 'doc', bytes: '7', hash: 5, content_type: 3 }], 'doc');
    assert.deepEqual(
      versions.map((v) => [v.versionId, v.bytes, v.hash, v.contentType, v.isLatest, v.deleteMarker, v.lastModified]),
      [['null', 0, '', '', false, false, undefined]],
    );
    assert.deepEqual(last, { name: 'doc', versionId: 'null' });
    assert.throws(
      () => parseVersionListing({}, 'doc'),
      (e: unknown) => e instanceof OpenStackError && e.message === 'Swift did not return a JSON list of object versions.',
    );
  });

  it('asks for JSON, and names the verb of a failed version read', async () => {
    at.handler = (_req, res) => reply(res, 200, '[]');
    await listObjectVersions(swift(), 'c', 'doc');
    assert.match(at.server.seen[0].url, /[?&]format=json(&|$)/);
    at.handler = (_req, res) => reply(res, 404);
    const said = async (p: Promise<unknown>) =>
      p.then(
        () => assert.fail('found'),
        (e: unknown) => (e as Error).message,
      );
    assert.match(await said(getObjectVersion(swift(), 'c', 'o', 'v9')), /^Cannot download version v9 of object/);
    assert.match(await said(headObjectVersion(swift(), 'c', 'o', 'v9')), /^Cannot read version v9 of object/);
  });
});

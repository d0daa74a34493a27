/**
 * Metadata edits, public read, quotas and temp URL keys against the real local Swift (2.30 behind Keystone) and Ceph
 * RGW 16: what a POST keeps and drops is measured here, not assumed. Where RGW answers differently the test states
 * each server's answer (`whereBackend`); where it cannot do something, the product's one-sentence limit is asserted.
 */
import * as assert from 'node:assert/strict';
import { isOpenStackError } from '../../src/openstack/errors';
import {
  UNREPORTED_CONTAINER_QUOTAS,
  createTempUrlKey,
  editMetadata,
  quotaSupport,
  setAccountQuota,
  setContainerQuota,
  setPublicRead,
  tempUrlKeys,
} from '../../src/openstack/swift/access';
import { tempUrl } from '../../src/openstack/swift/tempurl';
import { swiftUrl } from '../../src/openstack/swift/names';

import { IdentityClient } from '../../src/openstack/keystone';
import { SwiftClient } from '../../src/openstack/swift/client';
import { HOSTILE_NAMES, SwiftFixture, authenticate, deleteContainers, readAll, swiftSuite, uniqueContainer } from '../support/swiftFixture';
import { forEachBackend, whereBackend } from '../support/backends';
import { recordedHttpClient } from '../support/recordedHttp';

forEachBackend('metadata editing and access (integration)', function (backend) {
  this.timeout(60_000);
  let f: SwiftFixture;
  const { container } = swiftSuite((fixture) => (f = fixture), { backend });

  /**
   * An anonymous listing of container `c` in JSON. RGW answers the container's URL with 301 to the same path ending in
   * `/` (its static-website handling; the query is dropped): that redirect is asserted, and the listing read there.
   */
  async function anonymousListing(c: string): Promise<{ status: number; body: Buffer }> {
    const res = await f.http.request({ method: 'GET', url: swiftUrl(f.storageUrl, c, undefined, { format: 'json' }), accept: () => true });
    if (res.status !== 301) return { status: res.status, body: await readAll(res.body) };
    await res.dump();
    assert.equal(backend, 'rgw', 'only RGW redirects');
    assert.equal(res.headers.location, `${new URL(swiftUrl(f.storageUrl, c)).pathname}/`);
    return anonymous('GET', `${swiftUrl(f.storageUrl, c)}/?format=json`);
  }

  /** A request with no token at all, as anyone on the internet would send it. */
  async function anonymous(method: string, url: string, body?: string): Promise<{ status: number; body: Buffer }> {
    const res = await f.http.request({ method, url, body, accept: () => true });
    return { status: res.status, body: method === 'GET' ? await readAll(res.body) : (await res.dump(), Buffer.alloc(0)) };
  }

  it('a plain POST drops the POST-able headers on Swift (the reason edits resend them); RGW keeps Content-Disposition', async () => {
    const c = await container('post-drops');
    await f.swift.putObject(c, 'o', 'x', { contentType: 'text/x-kept', headers: { 'content-disposition': 'inline', 'x-object-meta-a': '1' } });
    await f.swift.postObject(c, 'o', { 'x-object-meta-b': '2' });
    const info = await f.swift.headObject(c, 'o');
    assert.equal(info.contentType, 'text/x-kept', 'Swift keeps Content-Type');
    assert.equal(info.headers['content-disposition'], whereBackend(backend, { swift: undefined, rgw: 'inline' }), 'Swift drops Content-Disposition');
    assert.deepEqual(info.meta, { b: '2' });
  });

  it('an object edit keeps content type, disposition, encoding, expiry, other metadata and the bytes', async () => {
    const c = await container('obj-edit');
    const deleteAt = String(Math.floor(Date.now() / 1000) + 86_400);
    const sent = {
      'content-disposition': 'attachment; filename="r é.txt"',
      'content-encoding': 'gzip',
      'content-language': 'fr',
      'cache-control': 'no-cache',
      expires: 'Wed, 21 Oct 2035 07:28:00 GMT',
      'x-robots-tag': 'noindex',
      'x-delete-at': deleteAt,
      'x-object-meta-keep': 'kept',
      'x-object-meta-drop': 'gone',
      'x-object-meta-change': 'old',
    };
    await f.swift.putObject(c, 'doc', 'the bytes', { contentType: 'text/x-special', headers: sent });
    await editMetadata(f.swift, { kind: 'object', container: c, name: 'doc' }, { set: { Change: 'new', Added: 'Zoë ☁ 東京 😀' }, remove: ['drop'] });
    const info = await f.swift.headObject(c, 'doc');
    assert.equal(info.contentType, 'text/x-special');
    for (const [name, value] of Object.entries(sent)) if (!name.startsWith('x-object-meta-')) assert.equal(info.headers[name], value, name);
    assert.deepEqual(info.meta, { keep: 'kept', change: 'new', added: 'Zoë ☁ 東京 😀' });
    const { body } = await f.swift.getObject(c, 'doc');
    assert.equal((await readAll(body)).toString(), 'the bytes');
  });

  it('removing every key of an object leaves none; bad keys and values are refused before any request', async () => {
    const c = await container('obj-remove');
    await f.swift.putObject(c, 'o', 'x', { headers: { 'x-object-meta-a': '1', 'x-object-meta-b': '2' } });
    await editMetadata(f.swift, { kind: 'object', container: c, name: 'o' }, { set: {}, remove: ['A', 'b'] });
    assert.deepEqual((await f.swift.headObject(c, 'o')).meta, {});
    for (const [set, why] of [
      [{ clé: 'v' }, /ASCII letters/],
      [{ a_b: 'v' }, /Swift would store it as "a-b"/],
      [{ k: 'line\nbreak' }, /line break/],
      [{ k: ' padded' }, /spaces/],
      [{ k: 'é'.repeat(129) }, /258 bytes in UTF-8; this cluster takes at most 256/],
      [{ ['k'.repeat(129)]: 'v' }, /at most 128/],
    ] as const) {
      await assert.rejects(
        editMetadata(f.swift, { kind: 'object', container: c, name: 'o' }, { set, remove: [] }),
        (e: unknown) => isOpenStackError(e, 'invalidInput') && why.test(e.message),
      );
    }
  });

  it('the token characters Swift allows in keys round-trip (lower-cased)', async () => {
    const c = await container('obj-keys');
    await f.swift.putObject(c, 'o', 'x');
    const key = "X!#$%&'*+.^`|~-9";
    await editMetadata(f.swift, { kind: 'object', container: c, name: 'o' }, { set: { [key]: '100% "quoted" \'single\'' }, remove: [] });
    assert.deepEqual((await f.swift.headObject(c, 'o')).meta, { [key.toLowerCase()]: '100% "quoted" \'single\'' });
  });

  it('edits metadata of objects with hostile names, byte-exact', async function () {
    this.timeout(180_000); // ~200 requests (RGW validates each token with Keystone here): a deadline for a busy shared machine
    const c = await container('obj-hostile');
    const names = HOSTILE_NAMES.filter((n) => n.length < 200);
    for (const name of names) await f.swift.putObject(c, name, name, { contentType: 'text/plain', headers: { 'content-disposition': 'inline' } });
    for (const name of names) await editMetadata(f.swift, { kind: 'object', container: c, name }, { set: { name: 'ünï' }, remove: [] });
    for (const name of names) {
      const info = await f.swift.headObject(c, name);
      assert.deepEqual(info.meta, { name: 'ünï' }, name);
      assert.equal(info.headers['content-disposition'], 'inline', name);
      assert.equal((await readAll((await f.swift.getObject(c, name)).body)).toString(), name);
    }
  });

  it('container and account metadata: add, change, remove, non-ASCII values, other keys untouched', async () => {
    const c = await container('cont-meta');
    await f.swift.postContainer(c, { 'x-container-meta-other': 'stays', 'x-container-meta-old': 'x' });
    await editMetadata(f.swift, { kind: 'container', container: c }, { set: { Owner: 'Zoë ☁' }, remove: ['old'] });
    assert.deepEqual((await f.swift.headContainer(c)).meta, { other: 'stays', owner: 'Zoë ☁' });
    await assert.rejects(
      editMetadata(f.swift, { kind: 'container', container: c }, { set: { 'Quota-Bytes': '1' }, remove: [] }),
      /Set Quota|quotas or temp URL keys/,
    );

    const key = `it-${Date.now().toString(36)}`;
    await editMetadata(f.swift, { kind: 'account' }, { set: { [key]: 'Ünïcode ✓' }, remove: [] });
    const account = await f.swift.headAccount();
    assert.equal(account.meta[key], 'Ünïcode ✓');
    assert.deepEqual(account.tempUrlKeys, [f.cloud.tempUrlKey], 'the account temp URL key is untouched');
    await editMetadata(f.swift, { kind: 'account' }, { set: {}, remove: [key] });
    assert.equal((await f.swift.headAccount()).meta[key], undefined);
  });

  it('public read: anyone can GET and list, then 401 after Make Private; other ACL entries are kept', async () => {
    const c = await container('public');
    await f.swift.putObject(c, 'a b#?.txt', 'public bytes');
    await f.swift.postContainer(c, { 'x-container-read': `.r:example.com,${f.cloud.demo.projectId}:*` });
    const objectUrl = swiftUrl(f.storageUrl, c, 'a b#?.txt');
    assert.equal((await anonymous('GET', objectUrl)).status, 401);

    assert.equal(await setPublicRead(f.swift, c, true), `.r:example.com,${f.cloud.demo.projectId}:*,.r:*,.rlistings`);
    const got = await anonymous('GET', objectUrl);
    assert.equal(got.status, 200);
    assert.equal(got.body.toString(), 'public bytes');
    const listed = await anonymousListing(c);
    assert.equal(listed.status, 200);
    assert.deepEqual(
      (JSON.parse(listed.body.toString()) as Array<{ name: string }>).map((e) => e.name),
      ['a b#?.txt'],
    );
    assert.equal(await setPublicRead(f.swift, c, true), `.r:example.com,${f.cloud.demo.projectId}:*,.r:*,.rlistings`, 'idempotent');

    assert.equal(await setPublicRead(f.swift, c, false), `.r:example.com,${f.cloud.demo.projectId}:*`);
    // Refused again: Swift 401; RGW 401 or 403 (it answered 403 once the container had been public).
    const refused = whereBackend(backend, { swift: [401], rgw: [401, 403] });
    assert.ok(refused.includes((await anonymous('GET', objectUrl)).status));
    assert.ok(refused.includes((await anonymousListing(c)).status));
    assert.equal((await f.swift.headContainer(c)).readAcl, `.r:example.com,${f.cloud.demo.projectId}:*`);

    // RGW answers 204 to X-Remove-Container-Read and keeps the ACL (why setPublicRead sends an empty X-Container-Read).
    await f.swift.postContainer(c, { 'x-remove-container-read': 'x' });
    assert.equal((await f.swift.headContainer(c)).readAcl, whereBackend(backend, { swift: undefined, rgw: `.r:example.com,${f.cloud.demo.projectId}:*` }));
    await f.swift.postContainer(c, { 'x-container-read': '' });
    assert.equal((await f.swift.headContainer(c)).readAcl, undefined);
    await setPublicRead(f.swift, c, true);
    assert.equal(await setPublicRead(f.swift, c, false), '');
    assert.equal((await f.swift.headContainer(c)).readAcl, undefined, 'no empty ACL left behind');
  });

  it('container quota: an upload over it gets 413 with a clear message and is not stored; removing the quota lifts it', async () => {
    const c = await container('quota');
    await setContainerQuota(f.swift, c, { bytes: 10, count: 5 });
    // RGW enforces the quotas but its HEAD leaves them out: the Set Quota prompt says "unknown" there, not "no quota".
    const info = await f.swift.headContainer(c);
    assert.equal(info.quotaBytes, whereBackend(backend, { swift: 10, rgw: undefined }));
    assert.equal(info.quotaCount, whereBackend(backend, { swift: 5, rgw: undefined }));
    assert.equal((await quotaSupport(f.swift)).containerUnreported, whereBackend(backend, { swift: undefined, rgw: UNREPORTED_CONTAINER_QUOTAS }));
    await f.swift.putObject(c, 'small', '12345');
    await assert.rejects(f.swift.putObject(c, 'big', '1234567890ab'), (e: unknown) => {
      assert.ok(isOpenStackError(e));
      assert.equal(e.status, 413);
      assert.equal(
        e.message.replace(/oss-it-quota-[0-9a-f]+/, 'C'),
        `Cannot upload object "big" in container "C": too large, or over a container or account quota (Set Quota… raises a container's) (HTTP 413): ${whereBackend(backend, { swift: 'Upload exceeds quota', rgw: 'QuotaExceeded' })}.`,
      );
      assert.ok(e.requestId);
      return true;
    });
    await assert.rejects(f.swift.headObject(c, 'big'), (e: unknown) => isOpenStackError(e, 'notFound'));
    await setContainerQuota(f.swift, c, { bytes: undefined });
    const after = await f.swift.headContainer(c);
    assert.equal(after.quotaBytes, undefined);
    assert.equal(after.quotaCount, whereBackend(backend, { swift: 5, rgw: undefined }), 'only the byte quota was removed');
    await f.swift.putObject(c, 'big', '1234567890ab');
    await assert.rejects(setContainerQuota(f.swift, c, { bytes: -1 }), /whole number/);
  });

  /** The sentence a refused account quota gets: Swift's operators are reseller admins, RGW's use radosgw-admin. */
  const operatorsOnly = whereBackend(backend, {
    swift: 'Cannot set the account quota: your cloud only lets its operators (reseller admins) set account quotas; ask them to change it (HTTP 403).',
    rgw: 'Cannot set the account quota: this server (Ceph RGW) only takes account quotas from its operators (radosgw-admin), not through the Swift API; ask them to change it (HTTP 403).',
  });

  it('account quota: a project member gets the operators-only sentence; the current value stays readable', async () => {
    await assert.rejects(setAccountQuota(f.swift, 1_000_000), (e: unknown) => {
      assert.ok(isOpenStackError(e, 'forbidden'));
      assert.equal(e.message, operatorsOnly);
      assert.equal(e.status, 403);
      return true;
    });
    assert.equal((await f.swift.headAccount()).quotaBytes, undefined);
  });

  it('account quota: a reseller admin sets it on the demo account, uploads beyond it get 413, the member reads it (RGW: refused, one sentence)', async () => {
    // The cloud's operator role, granted to the admin for this test only (and revoked after).
    const identity = new IdentityClient(f.http);
    const admin = await authenticate(identity, f.cloud, f.cloud.admin);
    const keystone = (method: string, path: string) =>
      f.http.request({ method, url: `${f.cloud.keystone.url}/v3${path}`, headers: { 'x-auth-token': admin.id, accept: 'application/json' } });
    const { roles } = await (await keystone('GET', '/roles?name=ResellerAdmin')).json<{ roles: Array<{ id: string }> }>();
    const grant = `/projects/${f.cloud.admin.projectId}/users/${f.cloud.admin.id}/roles/${roles[0].id}`;
    await (await keystone('PUT', grant)).dump();
    let operator: SwiftClient | undefined;
    try {
      const reseller = await authenticate(identity, f.cloud, f.cloud.admin);
      operator = new SwiftClient(f.http, { storageUrl: f.storageUrl, tokens: { token: async () => reseller.id, renew: async () => reseller.id } });
      const used = (await f.swift.headAccount()).bytes;
      if (backend === 'rgw') {
        // RGW's Swift API refuses account quotas to everyone, its operators included: the sentence, nothing set.
        await assert.rejects(setAccountQuota(operator, used + 10), (e: unknown) => isOpenStackError(e, 'forbidden') && e.message === operatorsOnly);
        assert.equal((await f.swift.headAccount()).quotaBytes, undefined);
        return;
      }
      await setAccountQuota(operator, used + 10);
      assert.equal((await f.swift.headAccount()).quotaBytes, used + 10, 'the member sees the quota');
      const c = await container('acct-quota');
      await assert.rejects(
        f.swift.putObject(c, 'over', 'x'.repeat(100)),
        (e: unknown) => isOpenStackError(e) && e.status === 413 && /over a container or account quota/.test(e.message),
      );
      await setAccountQuota(operator, undefined);
      assert.equal((await f.swift.headAccount()).quotaBytes, undefined);
      await f.swift.putObject(c, 'over', 'x'.repeat(100));
    } finally {
      if (operator) await setAccountQuota(operator, undefined).catch(() => undefined);
      await (await keystone('DELETE', grant)).dump();
    }
  });

  /**
   * RGW stores a container's temp URL key and answers 403 to URLs signed with it: creating one is refused in one
   * sentence, and one set by another tool is not offered for signing (it would make a URL that never works).
   */
  async function containerKeysRefused(swift: SwiftClient, storageUrl: string, c: string, name: string): Promise<void> {
    await assert.rejects(
      createTempUrlKey(swift, { kind: 'container', container: c }),
      (e: unknown) =>
        isOpenStackError(e, 'unsupported') &&
        e.message ===
          `Cannot create a temp URL key on container "${c}": this server (Ceph RGW) refuses URLs signed with a container's key (HTTP 403); create the account's key instead.`,
    );
    assert.deepEqual((await swift.headContainer(c)).tempUrlKeys, [], 'nothing stored');
    const key = 'set-by-another-tool';
    await swift.postContainer(c, { 'x-container-meta-temp-url-key': key });
    assert.deepEqual((await swift.headContainer(c)).tempUrlKeys, [key]);
    assert.deepEqual(await tempUrlKeys(swift, c), { container: [], account: [] }, 'not offered for signing');
    assert.equal((await anonymous('GET', tempUrl({ storageUrl, container: c, object: name, method: 'GET', seconds: 60, key }))).status, 403);
  }

  it('a new container temp URL key signs GET and PUT URLs that work with no token, never logged (RGW: refused, one sentence)', async () => {
    // The Default-domain demo project has no account key: the container key is all there is.
    const http = recordedHttpClient();
    const lines: string[] = [];
    const logged = recordedHttpClient({ log: (entry) => lines.push(JSON.stringify(entry)) });
    try {
      const token = await authenticate(new IdentityClient(http), f.cloud, f.cloud.demoDefault);
      const storageUrl = token.catalog.endpoint('object-store', f.region.name)!.url;
      const swift = new SwiftClient(logged, { storageUrl, tokens: { token: async () => token.id, renew: async () => token.id } });
      const c = uniqueContainer('key');
      await swift.createContainer(c);
      try {
        const name = 'q "x" 100% ?#.txt';
        await swift.putObject(c, name, 'signed bytes');
        assert.deepEqual(await tempUrlKeys(swift, c), { container: [], account: [] });
        if (backend === 'rgw') return await containerKeysRefused(swift, storageUrl, c, name);
        const key = await createTempUrlKey(swift, { kind: 'container', container: c });
        assert.match(key, /^[A-Za-z0-9_-]{43}$/);
        assert.deepEqual(await tempUrlKeys(swift, c), { container: [key], account: [] });
        await assert.rejects(createTempUrlKey(swift, { kind: 'container', container: c }), /already has a temp URL key; it was kept/);

        const sign = (method: string, seconds: number) => tempUrl({ storageUrl, container: c, object: name, method, seconds, key });
        const get = await anonymous('GET', sign('GET', 60));
        assert.equal(get.status, 200);
        assert.equal(get.body.toString(), 'signed bytes');
        assert.equal((await anonymous('PUT', sign('PUT', 60), 'uploaded with no token')).status, 201);
        assert.equal((await anonymous('GET', sign('GET', 60))).body.toString(), 'uploaded with no token');
        assert.equal((await anonymous('PUT', sign('GET', 60), 'x')).status, 401, 'a GET URL does not allow PUT');
        const expiring = sign('GET', 1);
        await new Promise((r) => setTimeout(r, 2100));
        assert.equal((await anonymous('GET', expiring)).status, 401, 'expired');
        assert.ok(!lines.join('\n').includes(key), 'the key never reaches a log line');
      } finally {
        await deleteContainers(swift, [c]);
      }
    } finally {
      await http.close();
      await logged.close();
    }
  });
});

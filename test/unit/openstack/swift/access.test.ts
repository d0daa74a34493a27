// Access and metadata changes (access.ts) against a loopback Swift: what each change reads first, the one POST
// it sends, the temp URL key that is never replaced and never shown, quotas and the operator-only account quota.
import * as assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';

import { OpenStackError } from '../../../../src/openstack/errors';
import {
  createTempUrlKey,
  editMetadata,
  metaLimits,
  newTempUrlKey,
  quotaSupport,
  setAccountQuota,
  setContainerQuota,
  setPublicRead,
  setVersioning,
  tempUrlKeys,
} from '../../../../src/openstack/swift/access';
import { SwiftClient, staticTokenSource } from '../../../../src/openstack/swift/client';
import { reply, type SeenRequest } from '../../../support/loopbackServer';
import { failure, loopbackSwift } from './loopbackSwift';

describe('swift/access', () => {
  const at = loopbackSwift();
  const swift = () => new SwiftClient(at.http, { storageUrl: `${at.server.origin}/v1/AUTH_t`, tokens: staticTokenSource('tok-access') });
  /**
   * HEADs answer `heads[path]`, /info answers `info` (404 when undefined), POSTs answer `post` (204). A POST's read
   * ACL and versioning headers are kept for the next HEAD, as Swift does, unless `keepsNothing` (RGW's 204 that
   * changes nothing).
   */
  const serve = (o: { heads?: Record<string, Record<string, string>>; info?: unknown; post?: (res: ServerResponse) => void; keepsNothing?: boolean }) => {
    const heads = o.heads ?? {};
    at.handler = (req: SeenRequest, res) => {
      if (req.url === '/info') return o.info === undefined ? reply(res, 404) : reply(res, 200, JSON.stringify(o.info));
      if (req.method === 'HEAD') return reply(res, 204, '', heads[req.url] ?? {});
      if (req.method === 'POST' && o.post) return o.post(res);
      if (req.method === 'POST' && !o.keepsNothing) {
        const kept = (heads[req.url] ??= {});
        for (const h of ['x-container-read', 'x-versions-enabled']) {
          const value = req.headers[h];
          if (typeof value === 'string') kept[h] = value;
        }
      }
      reply(res, 204);
    };
  };
  const posts = () => at.server.seen.filter((r) => r.method === 'POST').map((r) => ({ url: r.url, headers: r.headers }));

  it("edits an account's and a container's metadata with only the keys that change", async () => {
    serve({ heads: { '/v1/AUTH_t': { 'x-account-meta-old': '1' }, '/v1/AUTH_t/c': { 'x-container-meta-old': '1' } }, info: { swift: {} } });
    await editMetadata(swift(), { kind: 'account' }, { set: { New: 'v' }, remove: ['old'] });
    await editMetadata(swift(), { kind: 'container', container: 'c' }, { set: { k: 'w' }, remove: ['old'] });
    const [account, container] = posts();
    assert.equal(account.url, '/v1/AUTH_t');
    assert.equal(account.headers['x-account-meta-new'], 'v');
    assert.equal(account.headers['x-remove-account-meta-old'], 'x');
    assert.equal(container.url, '/v1/AUTH_t/c');
    assert.equal(container.headers['x-container-meta-k'], 'w');
    assert.equal(container.headers['x-remove-container-meta-old'], 'x');
  });

  it("edits an object's metadata by sending all of it again, with the headers a POST would drop", async () => {
    serve({ heads: { '/v1/AUTH_t/c/o': { 'x-object-meta-a': '1', 'x-object-meta-b': '2', 'content-disposition': 'inline' } }, info: { swift: {} } });
    await editMetadata(swift(), { kind: 'object', container: 'c', name: 'o' }, { set: { c: '3' }, remove: ['a'] });
    const [post] = posts();
    assert.equal(post.url, '/v1/AUTH_t/c/o');
    assert.equal(post.headers['x-object-meta-b'], '2');
    assert.equal(post.headers['x-object-meta-c'], '3');
    assert.equal(post.headers['x-object-meta-a'], undefined);
    assert.equal(post.headers['content-disposition'], 'inline');
  });

  it("applies the cluster's metadata limits from /info, Swift's defaults when /info is hidden", async () => {
    serve({ info: { swift: { max_meta_value_length: 3 } } });
    assert.equal((await metaLimits(swift())).maxValueLength, 3);
    serve({ heads: { '/v1/AUTH_t/c': {} }, info: { swift: { max_meta_value_length: 3 } } });
    const e = await failure(editMetadata(swift(), { kind: 'container', container: 'c' }, { set: { k: 'long' }, remove: [] }));
    assert.equal(e.kind, 'invalidInput');
    assert.deepEqual(posts(), [], 'nothing sent');
    serve({});
    assert.equal((await metaLimits(swift())).maxValueLength, 256);
    const aborted = AbortSignal.abort();
    assert.equal((await failure(metaLimits(swift(), aborted))).kind, 'cancelled', 'a cancel is not a hidden /info');
  });

  it('makes a container public or private keeping the other read ACL entries, removing the header when none is left', async () => {
    serve({ heads: { '/v1/AUTH_t/c': { 'x-container-read': 'p:u' }, '/v1/AUTH_t/d': { 'x-container-read': '.r:*,.rlistings' } } });
    assert.equal(await setPublicRead(swift(), 'c', true), 'p:u,.r:*,.rlistings');
    assert.equal(await setPublicRead(swift(), 'd', false), '');
    const [pub, priv] = posts();
    assert.equal(pub.headers['x-container-read'], 'p:u,.r:*,.rlistings');
    // An empty X-Container-Read, not X-Remove-Container-Read: RGW answers 204 to the latter and keeps the ACL.
    assert.equal(priv.headers['x-container-read'], '');
    assert.equal(priv.headers['x-remove-container-read'], undefined);
  });

  it('reads the ACL back: a server that answers 204 and keeps the old ACL is not reported as done', async () => {
    serve({ heads: { '/v1/AUTH_t/d': { 'x-container-read': '.r:*,.rlistings' } }, keepsNothing: true });
    const e = await failure(setPublicRead(swift(), 'd', false));
    assert.equal(e.kind, 'badResponse');
    assert.match(e.message, /^Cannot make container "d" private: the server accepted the change but its read ACL is still "\.r:\*,\.rlistings"\.$/);
    // The entries' order does not matter (RGW reorders them).
    serve({ heads: { '/v1/AUTH_t/c': { 'x-container-read': 'p:u' } } });
    at.handler = ((inner) => (req: SeenRequest, res: ServerResponse) => {
      if (req.method === 'HEAD' && at.server.seen.some((r) => r.method === 'POST')) return reply(res, 204, '', { 'x-container-read': '.rlistings,.r:*,p:u' });
      return inner(req, res);
    })(at.handler);
    assert.equal(await setPublicRead(swift(), 'c', true), 'p:u,.r:*,.rlistings');
  });

  it('says which quota middlewares /info lists; none when /info is hidden; a cancel stays a cancel', async () => {
    serve({ info: { container_quotas: {} } });
    assert.deepEqual(await quotaSupport(swift()), { container: true, account: false, containerUnreported: undefined });
    serve({ info: { account_quotas: {} } });
    assert.deepEqual(await quotaSupport(swift()), { container: false, account: true, containerUnreported: undefined });
    serve({});
    assert.deepEqual(await quotaSupport(swift()), { container: false, account: false, containerUnreported: undefined });
    assert.equal((await failure(quotaSupport(swift(), AbortSignal.abort()))).kind, 'cancelled');
  });

  it('sets and removes container quotas, leaving a quota not given alone, refusing one that is not a whole number ≥ 0', async () => {
    serve({});
    await setContainerQuota(swift(), 'c', { bytes: 0, count: undefined });
    await setContainerQuota(swift(), 'c', { count: 5 });
    const [first, second] = posts();
    assert.equal(first.headers['x-container-meta-quota-bytes'], '0');
    assert.equal(first.headers['x-remove-container-meta-quota-count'], 'x');
    assert.equal(second.headers['x-container-meta-quota-count'], '5');
    assert.equal(second.headers['x-container-meta-quota-bytes'], undefined);
    assert.equal(second.headers['x-remove-container-meta-quota-bytes'], undefined);
    for (const bad of [-1, 1.5, 2 ** 53]) {
      const e = await failure(setContainerQuota(swift(), 'c', { bytes: bad }));
      assert.equal(e.message, `A quota must be a whole number of at least 0, not ${bad}.`);
      assert.equal(e.kind, 'invalidInput');
    }
    assert.equal(posts().length, 2);
  });

  it('sets and removes the account quota; a 403 says only operators may, keeping the request id', async () => {
    serve({});
    await setAccountQuota(swift(), 100);
    await setAccountQuota(swift(), undefined);
    const [set, removed] = posts();
    assert.equal(set.headers['x-account-meta-quota-bytes'], '100');
    assert.equal(removed.headers['x-remove-account-meta-quota-bytes'], 'x');
    serve({ post: (res) => reply(res, 403, '', { 'x-openstack-request-id': 'tx-q' }) });
    const e = await failure(setAccountQuota(swift(), 1));
    assert.equal(e.kind, 'forbidden');
    assert.equal(
      e.message,
      'Cannot set the account quota: your cloud only lets its operators (reseller admins) set account quotas; ask them to change it (HTTP 403).',
    );
    assert.deepEqual([e.status, e.requestId, e.service, e.method], [403, 'tx-q', 'object-store', 'POST']);
    assert.equal(e.url, `${at.server.origin}/v1/AUTH_t`);
    assert.ok(e.cause instanceof OpenStackError);
    serve({ post: (res) => reply(res, 500) });
    assert.equal((await failure(setAccountQuota(swift(), 1))).kind, 'server', 'other failures as they are');
    assert.equal((await failure(setAccountQuota(swift(), -3))).kind, 'invalidInput');
  });

  it('creates a temp URL key only where none is set, never shows it, and keeps an existing one', async () => {
    serve({ heads: { '/v1/AUTH_t': {}, '/v1/AUTH_t/c': {} } });
    const client = swift();
    const key = await createTempUrlKey(client, { kind: 'account' });
    assert.match(key, /^[A-Za-z0-9_-]{43}$/, '32 random bytes, base64url');
    assert.equal(at.server.seen.at(-1)?.headers['x-account-meta-temp-url-key'], key);
    assert.equal(at.http.redactor.redact(`said ${key}`).includes(key), false, 'registered as a secret');
    const containerKey = await createTempUrlKey(client, { kind: 'container', container: 'c' });
    const post = at.server.seen.at(-1)!;
    assert.equal(post.url, '/v1/AUTH_t/c');
    assert.equal(post.headers['x-container-meta-temp-url-key'], containerKey);
    assert.notEqual(containerKey, key);

    serve({ heads: { '/v1/AUTH_t': { 'x-account-meta-temp-url-key': 'kept-account-key' }, '/v1/AUTH_t/c': { 'x-container-meta-temp-url-key-2': 'kept-2' } } });
    const before = posts().length;
    const account = await failure(createTempUrlKey(swift(), { kind: 'account' }));
    assert.equal(account.kind, 'conflict');
    assert.equal(account.message, 'The account already has a temp URL key; it was kept, since replacing it would break the URLs signed with it.');
    const container = await failure(createTempUrlKey(swift(), { kind: 'container', container: 'c' }));
    assert.equal(container.message, 'The container already has a temp URL key; it was kept, since replacing it would break the URLs signed with it.');
    assert.equal(posts().length, before, 'nothing replaced');
  });

  it("checks the container's own keys for a container key, not the account's", async () => {
    serve({ heads: { '/v1/AUTH_t': { 'x-account-meta-temp-url-key': 'account-key-kept' }, '/v1/AUTH_t/c': {} } });
    const key = await createTempUrlKey(swift(), { kind: 'container', container: 'c' });
    assert.equal(at.server.seen.at(-1)?.headers['x-container-meta-temp-url-key'], key);
    assert.deepEqual(
      at.server.seen.filter((r) => r.method === 'HEAD').map((r) => r.url),
      ['/v1/AUTH_t/c'],
    );
  });

  it('new keys differ each time', () => {
    assert.notEqual(newTempUrlKey(), newTempUrlKey());
  });

  it("lists the container's temp URL keys first, then the account's", async () => {
    serve({
      heads: {
        '/v1/AUTH_t': { 'x-account-meta-temp-url-key': 'a1', 'x-account-meta-temp-url-key-2': 'a2' },
        '/v1/AUTH_t/c': { 'x-container-meta-temp-url-key-2': 'c2' },
      },
    });
    assert.deepEqual(await tempUrlKeys(swift(), 'c'), { container: ['c2'], account: ['a1', 'a2'] });
  });

  it('refuses to report versioning on where the server has none: /info without object_versioning, or a 204 that kept nothing', async () => {
    serve({ info: { swift: {} } });
    const listed = await failure(setVersioning(swift(), 'c', true));
    assert.equal(listed.kind, 'unsupported');
    assert.match(
      listed.message,
      /^Cannot enable versioning on container "c": this server does not offer object versioning \(its \/info lists no object_versioning;/,
    );
    assert.deepEqual(posts(), [], 'nothing sent');
    serve({ keepsNothing: true });
    const kept = await failure(setVersioning(swift(), 'c', true));
    assert.equal(kept.kind, 'unsupported');
    assert.match(kept.message, /it accepted X-Versions-Enabled but did not turn it on/);
    serve({ info: { swift: {}, object_versioning: {} } });
    await setVersioning(swift(), 'c', true);
  });

  it('turns versioning on and off; a 400 when turning it on names legacy versioning', async () => {
    serve({});
    await setVersioning(swift(), 'c', true);
    await setVersioning(swift(), 'c', false);
    assert.deepEqual(
      posts().map((p) => p.headers['x-versions-enabled']),
      ['true', 'false'],
    );
    serve({ post: (res) => reply(res, 400, 'Versioning is not compatible') });
    const on = await failure(setVersioning(swift(), 'c', true));
    assert.equal(on.kind, 'badRequest');
    assert.equal(on.status, 400);
    assert.match(on.message, /Versioning is not compatible.* \(a container using legacy X-Versions-Location or X-History-Location must drop it first\)$/);
    assert.ok(on.cause instanceof OpenStackError);
    const off = await failure(setVersioning(swift(), 'c', false));
    assert.doesNotMatch(off.message, /legacy/);
    serve({ post: (res) => reply(res, 409) });
    assert.doesNotMatch((await failure(setVersioning(swift(), 'c', true))).message, /legacy/);
  });
});

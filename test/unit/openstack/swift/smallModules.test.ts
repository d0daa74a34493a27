// Small modules of the Swift client pinned where mutation testing found them loose: deleting a static large
// object with its segments (the request and the failed segments of the answer), /info's capabilities and its
// address, and the fixed token that cannot be renewed.
import * as assert from 'node:assert/strict';

import { OpenStackError } from '../../../../src/openstack/errors';
import { SwiftClient, staticTokenSource } from '../../../../src/openstack/swift/client';
import { infoUrl, parseSwiftInfo } from '../../../../src/openstack/swift/info';
import { splitPath } from '../../../../src/openstack/swift/largeObjects';
import { writeObject } from '../../../../src/openstack/swift/replace';
import { reply } from '../../../support/loopbackServer';
import { failure, loopbackSwift } from './loopbackSwift';

describe('swift/largeObjects: deleting a manifest with its segments', () => {
  const at = loopbackSwift();
  const swift = () => new SwiftClient(at.http, { storageUrl: `${at.server.origin}/v1/AUTH_t`, tokens: staticTokenSource('tok-lo') });

  it('sends DELETE ?multipart-manifest=delete asking for JSON, and reports every segment Swift kept as failed', async () => {
    const answer = {
      'Response Status': '200 OK',
      'Response Body': '',
      'Number Deleted': 2,
      'Number Not Found': 1,
      Errors: [['/segs/big%20file/0001', '409 Conflict'], ['/segs/a/b/0002', 503], 'not a pair', [7, '500']],
    };
    at.handler = (_req, res) => reply(res, 200, JSON.stringify(answer), { 'content-type': 'application/json' });
    const result = await swift().deleteLargeObject('c', 'big file');
    const [request] = at.server.seen;
    assert.equal(request.method, 'DELETE');
    assert.equal(request.url, '/v1/AUTH_t/c/big%20file?multipart-manifest=delete');
    assert.equal(request.headers.accept, 'application/json');
    assert.deepEqual(result, {
      items: [
        { container: 'segs', name: 'big file/0001', ok: false, status: '409 Conflict' },
        { container: 'segs', name: 'a/b/0002', ok: false, status: '503' },
      ],
      deleted: 2,
      notFound: 1,
      failed: 2,
    });
  });

  it('reports nothing failed when the answer lists no errors, and refuses an answer that is a refusal', async () => {
    at.handler = (_req, res) => reply(res, 200, JSON.stringify({ 'Response Status': '200 OK', 'Number Deleted': 3 }));
    assert.deepEqual(await swift().deleteLargeObject('c', 'o'), { items: [], deleted: 3, notFound: 0, failed: 0 });
    at.handler = (_req, res) => reply(res, 200, JSON.stringify({ 'Response Status': '400 Bad Request', 'Response Body': 'Not an SLO manifest' }));
    const e = await failure(swift().deleteLargeObject('c', 'o'));
    assert.equal(e.kind, 'badRequest');
    assert.match(e.message, /Not an SLO manifest/);
  });

  it('names the object and its segments when Swift refuses the request itself', async () => {
    at.handler = (_req, res) => reply(res, 404);
    const e = await failure(swift().deleteLargeObject('c', 'o'));
    assert.equal(e.kind, 'notFound');
    assert.match(e.message, /object "?o"? in container "?c"? with its segments/);
  });

  it('splits segment paths, decoding them when encoded', () => {
    assert.deepEqual(splitPath('/c/a%2Fb/0001'), ['c', 'a/b/0001']);
    assert.deepEqual(splitPath('/c'), ['c', undefined]);
    assert.deepEqual(splitPath('/c/100%'), ['c', '100%'], 'not encoded: kept');
  });
});

describe('swift/info: capabilities and the /info address', () => {
  it('reads the version, limits, temp URL, bulk delete and SLO sections', () => {
    const info = parseSwiftInfo({
      swift: {
        version: '2.30.1',
        max_object_name_length: 1000,
        max_container_name_length: 200,
        max_file_size: 5368709122,
        container_listing_limit: 9000,
      },
      tempurl: { methods: ['GET', 'PUT', 3], allowed_digests: ['sha256', 'sha512'] },
      bulk_delete: { max_deletes_per_request: 500, max_failed_deletes: 50 },
      bulk_upload: { max_containers_per_extraction: 10000, max_failed_extractions: 1000 },
      slo: {},
    });
    assert.deepEqual(
      { ...info, raw: undefined },
      {
        version: '2.30.1',
        containerListingLimit: 9000,
        maxObjectNameLength: 1000,
        maxContainerNameLength: 200,
        maxFileSize: 5368709122,
        tempUrl: { methods: ['GET', 'PUT'], allowedDigests: ['sha256', 'sha512'], prefix: true },
        bulkDelete: { maxDeletesPerRequest: 500, maxFailedDeletes: 50 },
        staticLargeObject: true,
        bulkUpload: true,
        server: 'swift',
        raw: undefined,
      },
    );
  });

  it("takes Swift's defaults where /info is silent, malformed or not positive", () => {
    const info = parseSwiftInfo({
      swift: { version: 2, max_object_name_length: -1, max_container_name_length: 'x', max_file_size: '5', container_listing_limit: 0 },
      tempurl: {},
      bulk_delete: { max_deletes_per_request: Infinity, max_failed_deletes: null },
      bulk_upload: 'yes',
      slo: [],
    });
    assert.equal(info.bulkUpload, false, 'bulk_upload is not a section');
    assert.equal(info.version, undefined);
    assert.equal(info.containerListingLimit, 10_000);
    assert.equal(info.maxObjectNameLength, 1024);
    assert.equal(info.maxContainerNameLength, 256);
    assert.equal(info.maxFileSize, undefined);
    assert.deepEqual(info.tempUrl, { methods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'], allowedDigests: ['sha1'], prefix: false });
    assert.deepEqual(info.bulkDelete, { maxDeletesPerRequest: 10_000, maxFailedDeletes: 1000 });
    assert.equal(info.staticLargeObject, false, 'an array is no section');
    assert.equal(info.server, 'swift');
    const bare = parseSwiftInfo({});
    assert.deepEqual([bare.tempUrl, bare.bulkDelete, bare.staticLargeObject, bare.server], [undefined, undefined, false, undefined]);
    assert.equal(parseSwiftInfo({ swift: 'text' }).containerListingLimit, 10_000);
  });

  it("reads RGW's name limit from max_object_name_size", () => {
    const rgw = parseSwiftInfo({ swift: { max_object_name_size: 900 } });
    assert.equal(rgw.maxObjectNameLength, 900);
    assert.equal(rgw.server, 'rgw');
  });

  it('refuses a document that is not a JSON object', () => {
    for (const bad of [null, 'text', [1], 3]) {
      assert.throws(
        () => parseSwiftInfo(bad),
        (e: unknown) => e instanceof OpenStackError && e.kind === 'badResponse' && e.message === 'Swift /info did not return a JSON object.',
      );
    }
  });

  it('finds /info beside /v1/ACCOUNT, under any path prefix, keeping the scheme and port', () => {
    assert.equal(infoUrl('http://127.0.0.1:8080/v1/AUTH_t'), 'http://127.0.0.1:8080/info');
    assert.equal(infoUrl('https://s.example/swift/v1/AUTH_t/'), 'https://s.example/swift/info');
    assert.equal(infoUrl('https://s.example/swift/v1.0/AUTH_t'), 'https://s.example/swift/info');
    assert.equal(infoUrl('https://s.example/swift/v1/AUTH_t//'), 'https://s.example/swift/info');
    assert.equal(infoUrl('HTTPS://s.example'), 'HTTPS://s.example/info');
    assert.equal(infoUrl('https://s.example/object-store'), 'https://s.example/info', 'no /v1/ACCOUNT: the host root');
    assert.equal(infoUrl('https://s.example/v1/AUTH_t?x=1'), 'https://s.example/info');
    assert.throws(
      () => infoUrl('ftp://s.example/v1/AUTH_t'),
      (e: unknown) => e instanceof OpenStackError && e.kind === 'invalidInput',
    );
    assert.throws(() => infoUrl('x https://s.example/v1/AUTH_t'), /Not a valid storage URL: x https/);
  });
});

describe('swift/tokenSource: a fixed token', () => {
  it('hands out its token and refuses to renew it, saying why', async () => {
    const source = staticTokenSource('fixed-token-1');
    assert.equal(await source.token(), 'fixed-token-1');
    const e = await failure(source.renew('fixed-token-1'));
    assert.equal(e.kind, 'auth');
    assert.equal(e.status, 401);
    assert.equal(e.service, 'object-store');
    assert.equal(e.message, 'Swift rejected the token (HTTP 401) and a fixed token cannot be renewed: authenticate again.');
  });
});

describe('swift/replace and swift/largeObjects: the loose ends', () => {
  const at = loopbackSwift();
  const swift = () => new SwiftClient(at.http, { storageUrl: `${at.server.origin}/v1/AUTH_t`, tokens: staticTokenSource('tok-lo-2') });

  it('a create-only write whose HEAD fails otherwise than 404 writes nothing and says why; an existing name is a 412', async () => {
    at.handler = (req, res) => reply(res, req.url.endsWith('/taken') ? 200 : 403);
    const denied = await failure(writeObject(swift(), 'c', 'new', new Uint8Array([1]), { createOnly: true }));
    assert.equal(denied.kind, 'forbidden');
    const taken = await failure(writeObject(swift(), 'c', 'taken', new Uint8Array([1]), { createOnly: true }));
    assert.deepEqual([taken.kind, taken.status, taken.service], ['precondition', 412, 'object-store']);
    assert.deepEqual(
      at.server.seen.map((r) => r.method),
      ['HEAD', 'HEAD'],
      'no PUT',
    );
  });

  it("names the large object's deletion when Swift refuses it", async () => {
    at.handler = (_req, res) => reply(res, 409);
    assert.match((await failure(swift().deleteLargeObject('c', 'o'))).message, /^Cannot delete object "?o"? in container "?c"? with its segments/);
  });
});

// The Swift transport's sentences and retries, pinned where mutation testing found them loose: the phrase per
// status, Swift's own explanation (tags dropped, cut at 200 characters, one final period), bodies that can be
// sent again after a 401, a body cut while it is read, and what an error carries.
import * as assert from 'node:assert/strict';
import type { Socket } from 'node:net';

import { OpenStackError } from '../../../../src/openstack/errors';
import { SwiftClient, TokenSource, staticTokenSource } from '../../../../src/openstack/swift/client';
import { reply } from '../../../support/loopbackServer';
import { failure, loopbackSwift } from './loopbackSwift';

const GOOD = 'gAAAAgood-token-transport';

describe('swift/transport: sentences, retries and error fields', () => {
  const at = loopbackSwift();

  const swift = (tokens: TokenSource = staticTokenSource(GOOD)) => new SwiftClient(at.http, { storageUrl: `${at.server.origin}/v1/AUTH_t`, tokens });
  it('names a status it has no phrase for as rejected below 500 and as a server error from 500', async () => {
    const said = async (status: number) => {
      at.handler = (_req, res) => reply(res, status);
      return (await failure(swift().headObject('c', 'o'))).message;
    };
    assert.match(await said(418), /: request rejected \(HTTP 418\)\.$/);
    assert.match(await said(499), /: request rejected \(HTTP 499\)\.$/);
    assert.match(await said(500), /: server error \(HTTP 500\)\.$/);
    assert.match(await said(507), /: server error \(HTTP 507\)\.$/);
    assert.match(await said(300), /: request rejected \(HTTP 300\)\.$/, 'a redirect is no success');
  });

  it("quotes Swift's explanation without tags, cut at 200 characters, ending in one period", async () => {
    const said = async (body: string) => {
      at.handler = (_req, res) => reply(res, 400, body);
      return (await failure(swift().deleteObject('c', 'o'))).message;
    };
    assert.match(await said('<div>Upload <span>exceeds</span> quota.</div>'), /\(HTTP 400\): Upload\s+exceeds\s+quota\.$/);
    const long = 'x'.repeat(300);
    assert.ok((await said(long)).endsWith(`(HTTP 400): ${'x'.repeat(200)}….`));
    assert.ok((await said('y'.repeat(200))).endsWith(`(HTTP 400): ${'y'.repeat(200)}.`));
    assert.match(await said('  <html> <h1>Request Entity Too Large</h1></html>'), /\(HTTP 400\)\.$/, "Swift's generic page says nothing more");
    assert.match(await said('<p>see</p><html><h1>x</h1>'), /\(HTTP 400\): see\s+x\.$/, 'not a generic page when something comes first');
  });

  it('an error carries the method, the URL, the status and the request id', async () => {
    at.handler = (_req, res) => reply(res, 404, '', { 'x-openstack-request-id': 'tx-abc' });
    const e = await failure(swift().headObject('c', 'o'));
    assert.equal(e.method, 'HEAD');
    assert.equal(e.url, `${at.server.origin}/v1/AUTH_t/c/o`);
    assert.equal(e.status, 404);
    assert.equal(e.service, 'object-store');
  });

  it('resends a body held in memory after a 401, with the renewed token', async () => {
    at.handler = (req, res) => (req.headers['x-auth-token'] === GOOD ? reply(res, 201, '', { etag: '5d41402abc4b2a76b9719d911017c592' }) : reply(res, 401));
    const renewing: TokenSource = { token: async () => 'old-token-transport', renew: async () => GOOD };
    await swift(renewing).putObject('c', 'o', Buffer.from('hello'));
    assert.deepEqual(
      at.server.seen.map((r) => [r.headers['x-auth-token'], r.body.toString()]),
      [
        ['old-token-transport', 'hello'],
        [GOOD, 'hello'],
      ],
    );
  });

  it('resends a text body after a 401 too (bulk delete)', async () => {
    at.handler = (req, res) =>
      req.url === '/info'
        ? reply(res, 200, JSON.stringify({ swift: { version: '2.30' }, bulk_delete: { max_deletes_per_request: 100, max_failed_deletes: 10 } }))
        : req.headers['x-auth-token'] === GOOD
          ? reply(res, 200, JSON.stringify({ 'Number Deleted': 1, 'Number Not Found': 0, 'Response Status': '200 OK', Errors: [] }), {
              'content-type': 'application/json',
            })
          : reply(res, 401);
    const renewing: TokenSource = { token: async () => 'old-token-transport', renew: async () => GOOD };
    const result = await swift(renewing).bulkDelete([{ container: 'c', name: 'o' }]);
    assert.equal(result.deleted, 1);
    const posts = at.server.seen.filter((r) => r.method === 'POST');
    assert.equal(posts.length, 2);
    assert.equal(posts[1].body.toString(), posts[0].body.toString());
    assert.ok(posts[1].body.length > 0);
  });

  it('a body cut while it is read names the operation', async () => {
    at.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('[{"name": "a"');
      setTimeout(() => (res.socket as Socket).destroy(), 10);
    };
    const e = await failure(swift().listObjects('docs').next());
    assert.match(e.message, /^Cannot list container "docs": /);
    assert.ok(e.cause instanceof OpenStackError, 'the HTTP error is kept as the cause');
  });

  it('a cancelled request says only that it was cancelled', async () => {
    at.handler = () => undefined;
    const controller = new AbortController();
    const pending = swift().headObject('c', 'slow', controller.signal);
    setTimeout(() => controller.abort(), 20);
    const e = await failure(pending);
    assert.equal(e.kind, 'cancelled');
    assert.equal(e.message, 'Cancelled: read object "slow" in container "c".');
  });
});

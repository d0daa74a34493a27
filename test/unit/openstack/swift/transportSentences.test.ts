// The Swift transport's sentences, each pinned (whole-tree mutation run of 2026-12-05: the table of phrases and the
// cancelled sentence per verb survived it), the one final period Swift's own explanation keeps, and /info sent
// without a token. Upload bodies hashed as they go out (hashedBody.ts): the MD5 and byte count the ETag check and
// its sentence use, and bodies that can be sent again after a 401 (held in memory) or not (streams).
import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { OpenStackError } from '../../../../src/openstack/errors';
import { SwiftClient, staticTokenSource } from '../../../../src/openstack/swift/client';
import { hashedBody } from '../../../../src/openstack/swift/hashedBody';
import { type SwiftVerb, cancelledSentence, cannotSentence } from '../../../../src/openstack/swift/transport';
import { reply } from '../../../support/loopbackServer';
import { failure, loopbackSwift } from './loopbackSwift';

const VERBS: SwiftVerb[] = ['copy', 'create', 'delete', 'download', 'list', 'list the versions of', 'read', 'update', 'upload'];

describe('swift/transport: every sentence', () => {
  const at = loopbackSwift();
  const swift = () => new SwiftClient(at.http, { storageUrl: `${at.server.origin}/v1/AUTH_t`, tokens: staticTokenSource('tok-sentences') });

  it('one "Cannot …" and one "Cancelled: …" sentence per verb', () => {
    assert.deepEqual(
      VERBS.map((v) => cannotSentence(v, 'object "o"', 'why')),
      VERBS.map((v) => `Cannot ${v} object "o": why`),
    );
    assert.deepEqual(
      VERBS.map((v) => cancelledSentence(v, 'object "o"')),
      VERBS.map((v) => `Cancelled: ${v} object "o".`),
    );
  });

  it('the phrase of each status Swift documents', async () => {
    const phrases: Record<number, string> = {
      400: 'Swift rejected the request',
      401: 'the token was rejected',
      403: 'access denied',
      404: 'not found',
      409: 'conflict',
      411: 'a length is required',
      412: 'precondition failed',
      413: "too large, or over a container or account quota (Set Quota… raises a container's)",
      414: 'the URL is too long (Swift takes 8 KiB at most; each non-ASCII byte of a name takes 3 characters)',
      416: 'the range is outside the object',
      422: 'the data received does not match the ETag sent',
      429: 'too many requests',
    };
    const said: Record<number, string> = {};
    for (const status of Object.keys(phrases).map(Number)) {
      at.handler = (_req, res) => reply(res, status, '<html><h1>generic</h1></html>');
      said[status] = (await failure(swift().postObject('c', 'o', {}))).message;
    }
    // A 401 with a token is renewed (its own sentences, transport.test.ts); a request sent without one (/info) has
    // the phrase.
    at.handler = (_req, res) => reply(res, 401);
    const info = (await failure(swift().info())).message;
    assert.ok(info.endsWith(`: ${phrases[401]} (HTTP 401).`), info);
    delete phrases[401];
    delete said[401];
    const expected = Object.fromEntries(Object.entries(phrases).map(([s, p]) => [s, `Cannot update object "o" in container "c": ${p} (HTTP ${s}).`]));
    assert.deepEqual(said, expected);
  });

  it("drops only a final period of Swift's explanation, not one inside it", async () => {
    at.handler = (_req, res) => reply(res, 409, 'Object a.b is locked. Try later.');
    assert.equal(
      (await failure(swift().deleteObject('c', 'o'))).message,
      'Cannot delete object "o" in container "c": conflict (HTTP 409): Object a.b is locked. Try later.',
    );
  });

  it('asks /info without a token, and names it in a failure', async () => {
    at.handler = (_req, res) => reply(res, 503);
    const e = await failure(swift().info());
    assert.ok(e instanceof OpenStackError);
    assert.equal(at.server.seen.length, 1);
    assert.equal(at.server.seen[0].url, '/info');
    assert.equal('x-auth-token' in at.server.seen[0].headers, false, JSON.stringify(at.server.seen[0].headers));
  });
});

describe('swift/hashedBody: the MD5 and size of what is sent', () => {
  const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
  const text = 'héllo ☁ "q" %41';
  const bytes = Buffer.from(text, 'utf8');

  it('a string or bytes in memory: a Buffer (sent again as it is after a 401), hashed at once', () => {
    for (const source of [text, new Uint8Array(bytes), Buffer.concat([Buffer.from('xx'), bytes]).subarray(2)]) {
      const h = hashedBody(source);
      assert.ok(Buffer.isBuffer(h.body), typeof source);
      assert.deepEqual(h.body, bytes);
      assert.equal(h.md5(), md5(bytes));
      assert.equal(h.bytes(), bytes.byteLength);
      assert.equal(h.md5(), md5(bytes), 'asked twice, same digest');
    }
  });

  it('a stream: passed through as it is read (strings as UTF-8), MD5 and size of everything read', async () => {
    for (const make of [() => Readable.from([text.slice(0, 3), Buffer.from(text.slice(3), 'utf8')]), () => Readable.from([Buffer.from(text, 'utf8')])]) {
      const h = hashedBody(make());
      assert.ok(!Buffer.isBuffer(h.body));
      assert.equal(h.bytes(), 0, 'nothing read yet');
      const out: Buffer[] = [];
      for await (const chunk of h.body as AsyncIterable<Uint8Array>) {
        assert.ok(Buffer.isBuffer(chunk));
        out.push(Buffer.from(chunk));
      }
      assert.deepEqual(Buffer.concat(out), bytes);
      assert.equal(h.bytes(), bytes.byteLength);
      assert.equal(h.md5(), md5(bytes));
    }
  });
});

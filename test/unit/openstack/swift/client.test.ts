import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { OpenStackError, isOpenStackError } from '../../../../src/openstack/errors';
import { SwiftClient, TokenSource, staticTokenSource } from '../../../../src/openstack/swift/client';
import { Handler, reply } from '../../../support/loopbackServer';
import { loopbackSwift } from './loopbackSwift';

const GOOD = 'gAAAAgood-token-value';

/** A TokenSource that counts renewals and hands out `next` tokens in order. */
function countingTokens(first: string, next: string[]): TokenSource & { renewed: string[] } {
  const renewed: string[] = [];
  return {
    renewed,
    token: async () => first,
    renew: async (rejected) => {
      renewed.push(rejected);
      return next.shift() ?? 'no-more-tokens';
    },
  };
}

/** Answers 401 to any token but GOOD; otherwise delegates. */
function authorized(inner: Handler): Handler {
  return (req, res) => (req.headers['x-auth-token'] === GOOD ? inner(req, res) : reply(res, 401, '<html><h1>Unauthorized</h1></html>'));
}

describe('swift/client (against a loopback fake)', () => {
  const at = loopbackSwift();

  const client = (tokens: TokenSource, pageLimit?: number) => new SwiftClient(at.http, { storageUrl: `${at.server.origin}/v1/AUTH_test`, tokens, pageLimit });

  it('renews a rejected token once and retries once', async () => {
    at.handler = authorized((_req, res) => reply(res, 204, '', { 'x-container-object-count': '3' }));
    const tokens = countingTokens('revoked-token-1', [GOOD]);
    const info = await client(tokens).headContainer('c');
    assert.equal(info.objectCount, 3);
    assert.deepEqual(tokens.renewed, ['revoked-token-1']);
    assert.deepEqual(
      at.server.seen.map((r) => r.headers['x-auth-token']),
      ['revoked-token-1', GOOD],
    );
  });

  it('gives up with an auth error after exactly one renewal, without leaking the token', async () => {
    at.handler = authorized((_req, res) => reply(res, 204));
    const tokens = countingTokens('garbage-token-1', ['garbage-token-2', 'garbage-token-3']);
    const error = await client(tokens)
      .deleteObject('c', 'a b')
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(isOpenStackError(error, 'auth'), String(error));
    assert.equal(tokens.renewed.length, 1);
    assert.equal(at.server.seen.length, 2);
    assert.match(error.message, /delete object "a b" in container "c".*even after renewing/);
    assert.equal(error.requestId, 'tx-test');
    assert.ok(!/garbage-token/.test(error.message));
  });

  it('never sends a token Swift refused again, whatever the token source hands back (the revoked-token guard)', async () => {
    at.handler = authorized((_req, res) => reply(res, 204));
    // Renewal hands back the refused token itself; a later call starts with it again (and its renewal too).
    const tokens = countingTokens('revoked-token-1', ['revoked-token-1', 'revoked-token-1']);
    const swift = client(tokens);
    for (const call of [() => swift.headAccount(), () => swift.headContainer('c')]) {
      const error = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(isOpenStackError(error, 'auth'), String(error));
      assert.match(error.message, /already refused \(HTTP 401\), so it was not sent again: sign in again\.$/);
      assert.ok(!error.message.includes('revoked-token-1'));
    }
    assert.deepEqual(
      at.server.seen.map((r) => r.headers['x-auth-token']),
      ['revoked-token-1'],
      'sent once, refused, never again',
    );
    // A token refused after a renewal is not taken back either.
    const second = countingTokens('stale-token-1', ['stale-token-2', 'stale-token-1']);
    const again = client(second);
    await assert.rejects(again.headAccount(), (e) => isOpenStackError(e, 'auth') && /even after renewing/.test(e.message));
    await assert.rejects(again.headAccount(), (e) => isOpenStackError(e, 'auth') && /already refused/.test(e.message));
    assert.equal(at.server.seen.length, 3, 'stale-token-1 and stale-token-2 once each');
  });

  it('a request handed the token another had refused asks for the renewal itself, once (a source not yet renewed)', async () => {
    at.handler = authorized((_req, res) => reply(res, 204));
    // The source's token() still hands out the expired token; each renewal gives the good one.
    const stale = countingTokens('expired-token-1', [GOOD, GOOD]);
    const swift = client(stale);
    await swift.headAccount();
    await swift.headContainer('c');
    assert.deepEqual(stale.renewed, ['expired-token-1', 'expired-token-1'], 'the second call renews before sending');
    assert.deepEqual(
      at.server.seen.map((r) => r.headers['x-auth-token']),
      ['expired-token-1', GOOD, GOOD],
      'the refused token never sent again',
    );
    // Its one renewal refused too: no second renewal, the refusal said.
    const worse = countingTokens('expired-token-2', ['garbage-token-4', 'garbage-token-5', GOOD]);
    const other = client(worse);
    await assert.rejects(other.headAccount(), (e) => isOpenStackError(e, 'auth') && /even after renewing/.test(e.message));
    await assert.rejects(other.headContainer('c'), (e) => isOpenStackError(e, 'auth') && /even after renewing/.test(e.message));
    assert.deepEqual(worse.renewed, ['expired-token-2', 'expired-token-2'], 'one renewal a request');
    assert.deepEqual(
      at.server.seen.slice(3).map((r) => r.headers['x-auth-token']),
      ['expired-token-2', 'garbage-token-4', 'garbage-token-5'],
    );
  });

  it('sends no token to /info (anonymous), and the token to everything else', async () => {
    at.handler = (req, res) => (req.url === '/info' ? reply(res, 200, '{"swift": {"version": "2.30"}}') : authorized((_q, r) => reply(r, 204))(req, res));
    const tokens = countingTokens(GOOD, []);
    const swift = client(tokens);
    await swift.info();
    await swift.headAccount();
    assert.deepEqual(
      at.server.seen.map((r) => [r.url, r.headers['x-auth-token'] ?? 'no token']),
      [
        ['/info', 'no token'],
        ['/v1/AUTH_test', GOOD],
      ],
    );
  });

  it('masks the temp URL keys an account HEAD reveals in every later message', async () => {
    const key = 'Zq9-temp-url-key-of-the-account';
    at.handler = authorized((req, res) =>
      req.url === '/v1/AUTH_test' ? reply(res, 204, '', { 'x-account-meta-temp-url-key': key }) : reply(res, 400, `Bad request while using ${key}`),
    );
    const swift = client(staticTokenSource(GOOD));
    await swift.headAccount();
    const error = await swift.deleteObject('c', 'o').catch((e: unknown) => e);
    assert.ok(isOpenStackError(error, 'badRequest'), String(error));
    assert.match(error.message, /Bad request while using/, 'the body is quoted');
    assert.ok(!error.message.includes(key), error.message);
  });

  it('does not resend a consumed stream after a 401, but renews for the next call', async () => {
    at.handler = authorized((_req, res) => reply(res, 201, '', { etag: 'x' }));
    const tokens = countingTokens('revoked-token-1', [GOOD]);
    const body = Readable.from([Buffer.from('streamed')]);
    await assert.rejects(client(tokens).putObject('c', 'o', body), (e) => isOpenStackError(e, 'auth') && /try again/.test(e.message));
    assert.equal(tokens.renewed.length, 1);
    assert.equal(at.server.seen.length, 1);
  });

  it('passes errors from a token source that cannot renew', async () => {
    at.handler = (_req, res) => reply(res, 401);
    await assert.rejects(client(staticTokenSource('fixed-token-value')).headAccount(), (e) => isOpenStackError(e, 'auth'));
    assert.equal(at.server.seen.length, 1);
  });

  it('streams uploads, comparing the MD5 of what was sent with the ETag', async () => {
    const parts = [Buffer.from('hello '), Buffer.from('world')];
    const md5 = createHash('md5').update(Buffer.concat(parts)).digest('hex');
    at.handler = authorized((req, res) => reply(res, 201, '', { etag: createHash('md5').update(req.body).digest('hex') }));
    const swift = client(staticTokenSource(GOOD));
    assert.deepEqual(await swift.putObject('c', 'o', Readable.from(parts), { contentType: 'text/plain' }), { etag: md5 });
    assert.deepEqual(
      await swift.putObject(
        'c',
        'o',
        (async function* () {
          yield* parts;
        })(),
      ),
      { etag: md5 },
    );
    assert.deepEqual(await swift.putObject('c', 'o', 'hello world'), { etag: md5 });
    assert.equal(at.server.seen[0].headers['content-type'], 'text/plain');
    assert.equal(at.server.seen[0].headers['transfer-encoding'], 'chunked');
    assert.equal(at.server.seen[0].body.toString(), 'hello world');
  });

  it("reports an ETag that does not match the data as 'checksum', naming the object", async () => {
    at.handler = (_req, res) => reply(res, 201, '', { etag: '00000000000000000000000000000000' });
    const error = await client(staticTokenSource(GOOD))
      .putObject('photos', 'a/b.jpg', 'data')
      .catch((e: unknown) => e);
    assert.ok(isOpenStackError(error, 'checksum'), String(error));
    assert.match(error.message, /upload object "a\/b\.jpg" in container "photos".*MD5 8d777f385d3dfec8815d20f7496026dc.*left as Swift stored it/);
  });

  it("explains a 409 on container delete as 'not empty'", async () => {
    at.handler = (_req, res) => reply(res, 409, '<html><h1>Conflict</h1><p>There was a conflict when trying to complete your request.</p></html>');
    const error = await client(staticTokenSource(GOOD))
      .deleteContainer('full one')
      .catch((e: unknown) => e);
    assert.ok(isOpenStackError(error, 'conflict'));
    assert.equal(error.message, 'Cannot delete container "full one": the container is not empty; delete its objects first (HTTP 409).');
  });

  it("includes Swift's own explanation when it is not the generic page", async () => {
    at.handler = (_req, res) => reply(res, 400, 'Object name length of 1025 longer than 1024');
    const error = await client(staticTokenSource(GOOD))
      .deleteObject('c', 'x')
      .catch((e: unknown) => e);
    assert.ok(error instanceof OpenStackError);
    assert.match(error.message, /HTTP 400\): Object name length of 1025 longer than 1024\.$/);
  });

  it('sends UTF-8 metadata and reads it back decoded', async () => {
    let stored = '';
    at.handler = (req, res) => {
      if (req.method === 'POST') stored = req.headers['x-object-meta-city'] as string;
      res.writeHead(204, { 'x-object-meta-city': stored, 'content-length': '0' });
      res.end();
    };
    const swift = client(staticTokenSource(GOOD));
    await swift.postObject('c', 'o', { 'X-Object-Meta-City': 'Zürich ☀ עִבְרִית' });
    assert.deepEqual(Buffer.from(at.server.seen[0].headers['x-object-meta-city'] as string, 'latin1'), Buffer.from('Zürich ☀ עִבְרִית'));
    assert.equal((await swift.headObject('c', 'o')).meta.city, 'Zürich ☀ עִבְרִית');
  });

  it('pages listings with encoded parameters and the /info page size', async () => {
    const names = ['a+1', 'b 2', 'c&3', 'd#4', 'e%5'];
    at.handler = (req, res) => {
      if (req.url === '/info') return reply(res, 200, JSON.stringify({ swift: { container_listing_limit: 2 } }));
      const q = new URLSearchParams(req.url.split('?')[1]);
      if (q.get('prefix') === 'x+y/') return reply(res, 200, '[]'); // no name with an empty segment after the prefix
      const start = q.get('marker') === null ? 0 : names.indexOf(q.get('marker') as string) + 1;
      const page = names.slice(start, start + Number(q.get('limit'))).map((name) => ({ name, bytes: 1, hash: 'h' }));
      reply(res, 200, JSON.stringify(page));
    };
    const swift = client(staticTokenSource(GOOD));
    const seenNames: string[] = [];
    for await (const page of swift.listObjects('my c', { prefix: 'x+y', delimiter: '/' })) {
      seenNames.push(...page.entries.map((e) => (e.kind === 'object' ? e.name : e.prefix)));
    }
    assert.deepEqual(seenNames, names);
    const listings = at.server.seen.filter((r) => r.url !== '/info').map((r) => r.url);
    // First: are there names under "x+y/" (the folder Ceph RGW leaves out of delimited listings)?
    assert.equal(listings[0], '/v1/AUTH_test/my%20c?format=json&limit=1&prefix=x%2By%2F');
    assert.equal(listings[1], '/v1/AUTH_test/my%20c?format=json&limit=2&prefix=x%2By&delimiter=%2F');
    assert.equal(listings[2], '/v1/AUTH_test/my%20c?format=json&limit=2&marker=b%202&prefix=x%2By&delimiter=%2F');
    // A short delimited page is not trusted to be the last (RGW answers short pages while more follow): one more ask.
    assert.equal(listings[4], '/v1/AUTH_test/my%20c?format=json&limit=2&marker=e%255&prefix=x%2By&delimiter=%2F');
    assert.equal(listings.length, 5);
    assert.equal(at.server.seen.filter((r) => r.url === '/info').length, 1);
    for await (const page of swift.listContainers()) assert.ok(page);
    assert.equal(at.server.seen.filter((r) => r.url === '/info').length, 1, '/info is cached');
  });

  it('bulk-deletes objects before containers, in requests of max_deletes_per_request; over-long paths alone', async () => {
    const long = '%'.repeat(500); // 1,500 bytes once encoded: more than one bulk body chunk
    at.handler = (req, res) => {
      if (req.url === '/info') return reply(res, 200, JSON.stringify({ bulk_delete: { max_deletes_per_request: 2 } }));
      if (req.method === 'DELETE') return reply(res, 204);
      const lines = req.body.toString().split('\n');
      const errors = lines.filter((l) => l.includes('busy')).map((l) => [l, '409 Conflict']);
      const answer = {
        'Number Deleted': lines.length - errors.length,
        'Number Not Found': 0,
        'Response Status': errors.length ? '400 Bad Request' : '200 OK',
        'Response Body': '',
        Errors: errors,
      };
      reply(res, 200, `  ${JSON.stringify(answer)}`);
    };
    const paths = [
      { container: 'c', name: 'a b' },
      { container: 'busy' },
      { container: 'c', name: '../x' },
      { container: 'c', name: long },
      { container: 'c', name: 'z' },
    ];
    const result = await client(staticTokenSource(GOOD)).bulkDelete(paths);
    const posts = at.server.seen.filter((r) => r.method === 'POST');
    assert.deepEqual(
      posts.map((r) => r.body.toString()),
      ['/c/a%20b\n/c/%2E%2E/x', '/c/z', '/busy'],
    );
    // The container comes last, after the object deleted on its own too.
    assert.deepEqual(
      at.server.seen.slice(1).map((r) => r.method),
      ['POST', 'POST', 'DELETE', 'POST'],
    );
    assert.equal(posts[0].url, '/v1/AUTH_test?bulk-delete');
    assert.equal(posts[0].headers.accept, 'application/json');
    assert.equal(posts[0].headers['content-type'], 'text/plain');
    assert.deepEqual(
      at.server.seen.filter((r) => r.method === 'DELETE').map((r) => r.url),
      [`/v1/AUTH_test/c/${'%25'.repeat(500)}`],
    );
    assert.deepEqual(
      result.items.map((i) => i.ok),
      [true, false, true, true, true],
    );
    assert.equal(result.items[1].status, '409 Conflict');
    assert.deepEqual([result.deleted, result.notFound, result.failed], [4, 0, 1]);
  });

  it('names the operation when Swift cannot be reached', async () => {
    const closed = new SwiftClient(at.http, { storageUrl: 'http://127.0.0.1:9/v1/AUTH_x', tokens: staticTokenSource(GOOD) });
    await assert.rejects(
      closed.listObjects('docs').next(),
      (e) => isOpenStackError(e, 'network') && /^Cannot list container "docs": Cannot reach object-store/.test(e.message),
    );
  });

  it('sends a known stream length instead of chunking', async () => {
    at.handler = (req, res) => reply(res, 201, '', { etag: createHash('md5').update(req.body).digest('hex') });
    await client(staticTokenSource(GOOD)).putObject('c', 'o', Readable.from([Buffer.from('12345')]), { contentLength: 5 });
    assert.equal(at.server.seen[0].headers['content-length'], '5');
    assert.equal(at.server.seen[0].headers['transfer-encoding'], undefined);
  });

  it("cancels with the caller's signal", async () => {
    at.handler = () => undefined; // never answers
    const controller = new AbortController();
    const pending = client(staticTokenSource(GOOD)).headObject('c', 'slow', controller.signal);
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(pending, (e) => isOpenStackError(e, 'cancelled') && /read object "slow"/.test(e.message));
  });
});

/**
 * Temp URLs and token renewal against the real Swift + Keystone: a signed URL works without a token and
 * stops working when altered or expired; a rejected token is renewed exactly once, never in a loop.
 */
import * as assert from 'node:assert/strict';
import { HttpClient } from '../../src/openstack/http';
import { isOpenStackError } from '../../src/openstack/errors';
import { SwiftClient, TokenSource } from '../../src/openstack/swift/client';
import { TempUrlDigest, tempUrl, tempUrlQuery } from '../../src/openstack/swift/tempurl';
import { swiftUrl } from '../../src/openstack/swift/names';
import { SwiftFixture, authenticate, deleteContainers, swiftFixture, uniqueContainer } from '../support/swiftFixture';
import { forEachBackend, whereBackend } from '../support/backends';
import { strictRegionOf } from '../support/cloud';
import { recordedHttpClient } from '../support/recordedHttp';
import { revokedTokenLag } from '../../src/openstack/revocation';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

forEachBackend('swift temp URLs and token renewal (integration)', function (backend) {
  let f: SwiftFixture;
  let c: string;
  const names = ['plain.txt', 'sp ace/a+b&c=d?#.txt', '..', 'new\nline', '%2F', 'émoji 😀 \u202e', 'q\'uote"$(id)'];

  /** A request with no token at all, as a browser following the link would make. */
  async function anonymous(method: string, url: string, body?: string): Promise<{ status: number; body: string }> {
    const res = await f.http.request({ method, url, body, accept: () => true, retry: false });
    return { status: res.status, body: await res.text() };
  }

  const signed = (object: string, digest: TempUrlDigest, extra: { method?: string; now?: () => number } = {}) =>
    tempUrl({ storageUrl: f.storageUrl, container: c, object, method: 'GET', seconds: 60, key: f.cloud.tempUrlKey, digest, ...extra });

  before(async () => {
    f = await swiftFixture(backend);
    c = `${uniqueContainer('tempurl')} ☀`;
    await f.swift.createContainer(c);
    for (const name of names) await f.swift.putObject(c, name, `content of ${name}`);
  });
  after(async () => {
    if (f) {
      await deleteContainers(f.swift, [c]);
      await f.http.close();
    }
  });

  /** The strongest digest the server accepts: RGW 16 signs with SHA-1 only (its /info lists no allowed_digests). */
  const strong = (): TempUrlDigest => whereBackend(backend, { swift: 'sha256', rgw: 'sha1' });
  /** What a refused temp URL gets: Swift 401, RGW 403. */
  const refused = () => whereBackend(backend, { swift: 401, rgw: 403 });

  for (const digest of ['sha1', 'sha256', 'sha512'] as const) {
    it(`GETs and HEADs hostile names with no token through a ${digest} temp URL (where the server accepts ${digest})`, async () => {
      const allowed = (await f.swift.info()).tempUrl?.allowedDigests;
      if (!allowed?.includes(digest)) {
        // RGW: the client refuses up front, in one sentence naming what the server allows (the server would answer 403).
        assert.equal(backend, 'rgw', 'Swift allows every digest');
        assert.throws(
          () =>
            tempUrl({
              storageUrl: f.storageUrl,
              container: c,
              object: 'plain.txt',
              method: 'GET',
              seconds: 60,
              key: f.cloud.tempUrlKey,
              digest,
              allowedDigests: allowed,
            }),
          (e) => isOpenStackError(e, 'unsupported') && /does not accept .* \(it allows: sha1\)/.test(e.message),
        );
        assert.equal((await anonymous('GET', signed('plain.txt', digest))).status, 403);
        return;
      }
      for (const name of names) {
        const url = signed(name, digest);
        assert.deepEqual(await anonymous('GET', url), { status: 200, body: `content of ${name}` }, JSON.stringify(name));
        assert.equal((await anonymous('HEAD', url)).status, 200);
      }
    });
  }

  it('answers 401 (RGW: 403) to an altered signature, another object, another method; 401 to an expired URL', async () => {
    const url = signed('plain.txt', strong());
    const tampered = url.replace(/temp_url_sig=([0-9a-f])/, (_m, ch: string) => `temp_url_sig=${ch === '0' ? '1' : '0'}`);
    assert.notEqual(tampered, url);
    assert.equal((await anonymous('GET', tampered)).status, refused());
    assert.equal((await anonymous('GET', url.replace('/plain.txt?', '/%2E%2E?'))).status, refused());
    assert.equal((await anonymous('DELETE', url)).status, refused());
    const expired = signed('plain.txt', strong(), { now: () => Date.now() - 120_000 }); // expired a minute ago
    assert.equal((await anonymous('GET', expired)).status, 401, 'expired: 401 on both');
    assert.equal((await f.swift.headObject(c, 'plain.txt')).bytes, 'content of plain.txt'.length, 'still there');
  });

  it('uploads through a PUT temp URL', async () => {
    const name = 'uploaded via temp URL ☀';
    assert.equal((await anonymous('PUT', signed(name, whereBackend(backend, { swift: 'sha512', rgw: 'sha1' }), { method: 'PUT' }), 'hello')).status, 201);
    assert.equal((await f.swift.headObject(c, name)).bytes, 5);
  });

  it('signs a prefix: any object under it, nothing outside', async () => {
    // The digest as the product picks it: from what /info allows.
    const capability = (await f.swift.info()).tempUrl;
    const allowedDigests = capability?.allowedDigests;
    const options = { storageUrl: f.storageUrl, container: c, prefix: 'sp ace/', method: 'GET', seconds: 60, key: f.cloud.tempUrlKey, allowedDigests };
    assert.equal(capability?.prefix, whereBackend(backend, { swift: true, rgw: false }), 'read from /info');
    if (backend === 'rgw') {
      // RGW 16 does not take prefix-signed temp URLs (temp_url_prefix): refused even inside the prefix (a fact), so
      // the product refuses to sign one, in one sentence, from what /info says.
      assert.equal((await anonymous('GET', swiftUrl(f.storageUrl, c, 'sp ace/a+b&c=d?#.txt') + tempUrlQuery(options))).status, 403);
      assert.throws(
        () => tempUrlQuery({ ...options, allowsPrefix: capability?.prefix }),
        (e: Error) =>
          isOpenStackError(e, 'unsupported') &&
          e.message ===
            'This server does not accept temp URLs signed for a prefix (temp_url_prefix): its /info does not announce them (Ceph RGW refuses them); sign a temp URL for each object instead.',
      );
      return;
    }
    const query = tempUrlQuery({ ...options, allowsPrefix: capability?.prefix });
    assert.equal((await anonymous('GET', swiftUrl(f.storageUrl, c, 'sp ace/a+b&c=d?#.txt') + query)).status, 200);
    assert.equal((await anonymous('GET', swiftUrl(f.storageUrl, c, 'plain.txt') + query)).status, refused());
  });

  describe('401 renewal', () => {
    /** A client with its own HTTP client, counting the requests that reach Swift. */
    function countingClient(tokens: TokenSource): { swift: SwiftClient; swiftRequests: () => number; http: HttpClient } {
      let count = 0;
      const http = recordedHttpClient({ log: (entry) => (count += entry.url.startsWith(f.storageUrl) ? 1 : 0) });
      return { swift: new SwiftClient(http, { storageUrl: f.storageUrl, tokens }), swiftRequests: () => count, http };
    }

    it('a token used, then revoked, is refused on the next request (where the server caches no token, as RegionTwo and RegionRGW run)', async () => {
      const used = await authenticate(f.identity, f.cloud);
      // The account of a region that validates every request: with a cache (Swift's token_cache_time, 300 s in
      // RegionOne as real clouds run it; RGW's rgw_keystone_token_cache_size, 10000 by default, 0 here) the server
      // would keep accepting the token for minutes, or until it expires.
      const account = used.catalog.endpoint('object-store', strictRegionOf(f.cloud, backend).name)?.url;
      assert.ok(account);
      const direct = recordedHttpClient();
      const head = async () => {
        const res = await direct.request({ method: 'HEAD', url: account, headers: { 'x-auth-token': used.id }, accept: () => true });
        await res.dump();
        return res.status;
      };
      try {
        // Accepted first (validated), then revoked.
        assert.equal(await head(), 204);
        await f.identity.revoke(used);
        let status = 0;
        for (let i = 0; i < 25 && status !== 401; i++) {
          if (i) await sleep(200);
          status = await head();
        }
        assert.equal(status, 401, 'the server still accepts the revoked token');
        assert.match(revokedTokenLag([backend], used.expiresAt), whereBackend(backend, { swift: /^Swift may accept it/, rgw: /^Ceph RGW may accept it/ }));
      } finally {
        await direct.close();
      }
    });

    it('renews a revoked token once and succeeds', async () => {
      const revoked = await authenticate(f.identity, f.cloud);
      await f.identity.revoke(revoked);
      const renewed: string[] = [];
      const tokens: TokenSource = {
        token: async () => revoked.id,
        renew: async (rejected) => {
          renewed.push(rejected);
          return (await authenticate(f.identity, f.cloud)).id;
        },
      };
      const { swift, swiftRequests, http } = countingClient(tokens);
      try {
        assert.ok((await swift.headContainer(c)).objectCount >= names.length);
        assert.deepEqual(renewed, [revoked.id]);
        assert.equal(swiftRequests(), 2);
      } finally {
        await http.close();
      }
    });

    it('never sends a revoked token again once Swift refused it, even when the token source hands it back (the revoked-token guard)', async () => {
      const revoked = await authenticate(f.identity, f.cloud);
      await f.identity.revoke(revoked);
      const tokens: TokenSource = { token: async () => revoked.id, renew: async () => revoked.id };
      const { swift, swiftRequests, http } = countingClient(tokens);
      try {
        for (const call of [() => swift.headContainer(c), () => swift.headObject(c, 'plain.txt'), () => swift.headAccount()]) {
          const error = await call().catch((e: unknown) => e);
          assert.ok(isOpenStackError(error, 'auth'), String(error));
          assert.match(error.message, /already refused \(HTTP 401\), so it was not sent again: sign in again\.$/);
          assert.ok(!error.message.includes(revoked.id));
        }
        assert.equal(swiftRequests(), 1, 'the revoked token reached Swift once, for the first call only');
      } finally {
        await http.close();
      }
    });

    it("fails with 'auth' after exactly one renewal when every token is garbage, without looping", async () => {
      let renewals = 0;
      const tokens: TokenSource = {
        token: async () => 'garbage-token-000',
        renew: async () => {
          renewals++;
          return `garbage-token-${renewals}`;
        },
      };
      const { swift, swiftRequests, http } = countingClient(tokens);
      try {
        const error = await swift.headObject(c, 'plain.txt').catch((e: unknown) => e);
        assert.ok(isOpenStackError(error, 'auth'), String(error));
        assert.match(error.message, /read object "plain\.txt" in container ".*": the token was rejected \(HTTP 401\) even after renewing it/);
        assert.ok(!error.message.includes('garbage-token'));
        assert.equal(renewals, 1);
        assert.equal(swiftRequests(), 2);
      } finally {
        await http.close();
      }
    });
  });
});

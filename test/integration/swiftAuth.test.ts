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
import { recordedHttpClient } from '../support/recordedHttp';

describe('swift temp URLs and token renewal (integration)', function () {
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
    f = await swiftFixture();
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

  for (const digest of ['sha1', 'sha256', 'sha512'] as const) {
    it(`GETs and HEADs hostile names with no token through a ${digest} temp URL`, async () => {
      for (const name of names) {
        const url = signed(name, digest);
        assert.deepEqual(await anonymous('GET', url), { status: 200, body: `content of ${name}` }, JSON.stringify(name));
        assert.equal((await anonymous('HEAD', url)).status, 200);
      }
    });
  }

  it('answers 401 to an altered signature, another object, another method, and an expired URL', async () => {
    const url = signed('plain.txt', 'sha256');
    const tampered = url.replace(/temp_url_sig=([0-9a-f])/, (_m, ch: string) => `temp_url_sig=${ch === '0' ? '1' : '0'}`);
    assert.notEqual(tampered, url);
    assert.equal((await anonymous('GET', tampered)).status, 401);
    assert.equal((await anonymous('GET', url.replace('/plain.txt?', '/%2E%2E?'))).status, 401);
    assert.equal((await anonymous('DELETE', url)).status, 401);
    const expired = signed('plain.txt', 'sha256', { now: () => Date.now() - 120_000 }); // expired a minute ago
    assert.equal((await anonymous('GET', expired)).status, 401);
    assert.equal((await f.swift.headObject(c, 'plain.txt')).bytes, 'content of plain.txt'.length, 'still there');
  });

  it('uploads through a PUT temp URL', async () => {
    const name = 'uploaded via temp URL ☀';
    assert.equal((await anonymous('PUT', signed(name, 'sha512', { method: 'PUT' }), 'hello')).status, 201);
    assert.equal((await f.swift.headObject(c, name)).bytes, 5);
  });

  it('signs a prefix: any object under it, nothing outside', async () => {
    const options = { storageUrl: f.storageUrl, container: c, prefix: 'sp ace/', method: 'GET', seconds: 60, key: f.cloud.tempUrlKey };
    const query = tempUrlQuery(options);
    assert.equal((await anonymous('GET', swiftUrl(f.storageUrl, c, 'sp ace/a+b&c=d?#.txt') + query)).status, 200);
    assert.equal((await anonymous('GET', swiftUrl(f.storageUrl, c, 'plain.txt') + query)).status, 401);
  });

  describe('401 renewal', () => {
    /** A client with its own HTTP client, counting the requests that reach Swift. */
    function countingClient(tokens: TokenSource): { swift: SwiftClient; swiftRequests: () => number; http: HttpClient } {
      let count = 0;
      const http = recordedHttpClient({ log: (entry) => (count += entry.url.startsWith(f.storageUrl) ? 1 : 0) });
      return { swift: new SwiftClient(http, { storageUrl: f.storageUrl, tokens }), swiftRequests: () => count, http };
    }

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

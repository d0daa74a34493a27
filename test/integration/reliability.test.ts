/**
 * The extension's Session against the real cloud when time and load are against it:
 *  - tokens of the short-lived Keystone (shortTokenSeconds, 20 s) expiring in the middle of long operations:
 *    many requests over 25 s (renewed ahead of expiry), the same with a clock that lags so the token expires
 *    first (Swift's 401 → one renewal), and one slow upload that outlives its token;
 *  - load: 50 concurrent paged listings and 200 concurrent HEADs through one fresh session;
 *  - revocation: Swift refuses the old token within the test's window and the session never sends it again;
 *  - bad input the servers themselves answer: an unknown region, auth URLs that are not Keystone v3.
 */
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Session, tokenKey } from '../../src/auth/session';
import { serializeToken } from '../../src/openstack/keystone/token';
import { isOpenStackError } from '../../src/openstack/errors';
import { RequestLogEntry } from '../../src/openstack/http';
import { IdentityClient } from '../../src/openstack/keystone';
import type { SwiftClient } from '../../src/openstack/swift/client';
import { CloudInfo, loadCloud, regionNames, strictRegionOf } from '../support/cloud';
import { MapSecrets, TestSession, assertNoSecrets, cloudSecrets, names, testSession } from './faultsSupport';
import { countClientSockets } from '../support/clientSockets';
import { Doors, openDoors } from '../support/frontDoor';
import { deleteContainers, readAll, uniqueContainer } from '../support/swiftFixture';
import { recordedHttpClient } from '../support/recordedHttp';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('reliability (integration)', function () {
  this.timeout(120_000);
  let cloud: CloudInfo;
  let doors: Doors;
  let seed: TestSession;
  let swift: SwiftClient;
  const container = uniqueContainer('reliability');
  const OBJECTS = Array.from({ length: 20 }, (_, i) => `item-${String(i).padStart(2, '0')}`);
  const log: RequestLogEntry[] = [];
  const messages: string[] = [];
  const figures = { listings: 0, heads: 0, requests: 0 };

  before(async () => {
    cloud = loadCloud();
    doors = await openDoors(cloud);
    // The seed and the clean-up are not under test: a client that waits as the extension does (a bulk delete of 21
    // paths took longer than the tests' 1.5 s headers timeout on a loaded machine, and the clean-up failed).
    const patient = { headersTimeoutMs: 30_000, bodyTimeoutMs: 30_000, responseTimeoutMs: 60_000 };
    seed = testSession({ authUrl: `${cloud.keystone.url}/v3`, user: cloud.demo, id: 'seed', http: patient });
    swift = await seed.session.swift('RegionOne');
    await swift.createContainer(container);
    for (const name of OBJECTS) await swift.putObject(container, name, `body of ${name}`);
  });

  after(async () => {
    if (swift) await deleteContainers(swift, [container]);
    await seed?.http.close();
    await doors?.close();
  });

  describe('long operations that wait for a short-lived token to expire (Keystone tokens of shortTokenSeconds)', () => {
    it('three long operations outlive their first token: each finishes, with exactly one re-authentication', async function () {
      const lifetime = cloud.keystone.shortTokenSeconds * 1000;
      const span = lifetime + 5_000;
      const shortUrl = `${cloud.keystone.shortLivedUrl}/v3`;

      // A: many requests, the session renews ahead of expiry (a quarter of the lifetime before it).
      const ahead = testSession({ authUrl: shortUrl, user: cloud.demo, log, id: 'ahead' });
      // B: a clock 30 s behind: the session believes the token is still good for 25 s after it expired (past the
      // test's span, however loaded the machine), so Swift's 401 is what makes it renew (once), and the request is
      // repeated with the new token.
      const lagging = recordedHttpClient({ log: (e) => log.push(e) });
      const laggingIdentity = new IdentityClient(lagging);
      const behind = new Session({
        profile: { ...ahead.profile, id: 'behind' },
        http: lagging,
        identity: laggingIdentity,
        secrets: new MapSecrets(),
        readSecret: async () => cloud.demo.password,
        clock: { now: () => Date.now() - 30_000 },
      });
      // C: one upload whose body takes longer than the token lives.
      const slow = testSession({ authUrl: shortUrl, user: cloud.demo, log, id: 'slow-upload' });

      const started = Date.now();
      const firstToken = async (s: Session) => {
        const token = await s.token();
        const life = (token.expiresAt as Date).getTime() - (token.issuedAt as Date).getTime();
        assert.ok(Math.abs(life - lifetime) < 2000, `token lifetime ${life} ms`);
        return token.id;
      };
      const [aheadFirst, behindFirst] = await Promise.all([firstToken(ahead.session), firstToken(behind)]);

      const steadyWork = async (s: Session, label: string) => {
        const client = await s.swift('RegionOne');
        let requests = 0;
        let afterExpiry = 0;
        while (Date.now() - started < span) {
          if (Date.now() - started > lifetime) afterExpiry += 4;
          const i = requests % OBJECTS.length;
          const head = await client.headObject(container, OBJECTS[i]);
          assert.equal(head.bytes, `body of ${OBJECTS[i]}`.length);
          const page = await client.listObjects(container, { limit: 7, marker: OBJECTS[i] }).next();
          assert.ok(!page.done);
          await client.putObject(container, `${label}-${requests}`, `${label} ${requests}`);
          await client.deleteObject(container, `${label}-${requests}`);
          requests += 4;
          figures.requests += 4;
          await sleep(250);
        }
        return { requests, afterExpiry };
      };
      const slowUpload = async () => {
        const client = await slow.session.swift('RegionOne');
        const chunks: Buffer[] = [];
        async function* body(): AsyncGenerator<Buffer> {
          for (let i = 0; Date.now() - started < span; i++) {
            const chunk = randomBytes(16 * 1024);
            chunks.push(chunk);
            yield chunk;
            await sleep(500);
          }
        }
        const { etag } = await client.putObject(container, 'slow upload', body());
        assert.equal(slow.identity.stats.authentications, 1, 'C: the upload started with a valid token and needed no other');
        const sent = Buffer.concat(chunks);
        assert.equal(etag, createHash('md5').update(sent).digest('hex'));
        assert.ok((await readAll((await client.getObject(container, 'slow upload')).body)).equals(sent));
        await client.deleteObject(container, 'slow upload');
      };

      const [aheadWork, behindWork] = await Promise.all([steadyWork(ahead.session, 'ahead'), steadyWork(behind, 'behind'), slowUpload()]);
      assert.ok(Date.now() - started >= lifetime + 2000, 'the operations outlived the first tokens');
      // How many requests fit in the span depends on the machine's load; that some went after the expiry does not.
      assert.ok(aheadWork.afterExpiry > 0 && behindWork.afterExpiry > 0, `requests after the first tokens expired: ${JSON.stringify([aheadWork, behindWork])}`);

      assert.equal(ahead.identity.stats.authentications, 2, 'A: one sign-in, one renewal ahead of expiry');
      assert.notEqual((await ahead.session.token()).id, aheadFirst);
      assert.equal(laggingIdentity.stats.authentications, 2, 'B: one sign-in, one renewal after Swift refused the expired token');
      assert.notEqual((await behind.token()).id, behindFirst);
      const expiredRefusals = log.filter((e) => e.status === 401);
      assert.ok(expiredRefusals.length >= 1 && expiredRefusals.length <= 2, `${expiredRefusals.length} requests refused for an expired token`);
      assert.equal(slow.identity.stats.authentications, 2, 'C: the download after it signed in again, once');
      for (const t of [ahead, slow]) await t.http.close();
      await lagging.close();
    });
  });

  describe('load through one session', () => {
    it('50 concurrent paged listings and 200 concurrent HEADs: all succeed, one authentication, a bounded socket pool', async () => {
      // The extension's own timeouts (the fault suites shorten them): under this load a request may queue.
      const t = testSession({
        authUrl: doors.authUrl,
        user: cloud.demo,
        log,
        id: 'load',
        http: { headersTimeoutMs: 30_000, bodyTimeoutMs: 60_000, responseTimeoutMs: 120_000 },
      });
      const door = doors.swift[0];
      const before = { connections: door.connections.total, requests: door.requests.length };
      // The pool's bound is the client's: counted where the client opens and closes its sockets (clientSockets.ts).
      const sockets = countClientSockets(Number(new URL(door.url).port));
      const signIns = doors.keystone.requests.length;
      const started = Date.now();
      const listings = Array.from({ length: 50 }, async () => {
        const client = await t.session.swift('RegionOne');
        const seen: string[] = [];
        for await (const page of client.listObjects(container, { limit: 6 })) seen.push(...page.entries.map((e) => (e.kind === 'object' ? e.name : e.prefix)));
        assert.deepEqual(seen, OBJECTS);
        figures.listings++;
      });
      const heads = Array.from({ length: 200 }, async (_, i) => {
        const client = await t.session.swift('RegionOne');
        const info = await client.headObject(container, OBJECTS[i % OBJECTS.length]);
        assert.equal(info.bytes, `body of ${OBJECTS[i % OBJECTS.length]}`.length);
        figures.heads++;
      });
      const results = await Promise.allSettled([...listings, ...heads]).finally(() => sockets.stop());
      const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      assert.deepEqual(failed.map((f) => String(f.reason)).slice(0, 3), [], `${failed.length} of 250 failed`);
      const ms = Date.now() - started;
      assert.equal(t.identity.stats.authentications, 1, 'one authentication for all 250 operations');
      assert.equal(doors.keystone.requests.length - signIns, 1, 'one request to Keystone');
      const requests = door.requests.length - before.requests;
      assert.ok(requests >= 50 * 4 + 200, `${requests} requests reached Swift`);
      const opened = door.connections.total - before.connections;
      assert.ok(sockets.total > 0 && sockets.total <= opened, `the client's count saw the connections the door saw: ${sockets.total} of ${opened}`);
      assert.ok(sockets.max <= 16, `at most 16 sockets at once to one Swift (${sockets.max}; the door counted ${door.connections.max})`);
      // undici closes the connection after each HEAD on purpose (a misbehaving server might send a body);
      // every other request reuses the pool's kept-alive sockets.
      assert.ok(opened <= 200 + 32, `sockets are kept alive and reused: ${opened} opened for ${requests} requests`);
      assert.equal(door.seen((r) => r.method !== 'GET' && r.method !== 'HEAD').length, 0);
      console.log(
        `      load: 50 listings + 200 HEADs = ${requests} requests in ${ms} ms over ${opened} sockets (at most ${sockets.max} at once; ${door.connections.max} as the door counts them), 1 authentication`,
      );
      await t.http.close();
      for (let i = 0; i < 50 && door.connections.open > 0; i++) await sleep(20);
      assert.equal(door.connections.open, 0, 'no socket left open after the session closed');
    });
  });

  describe('revocation', () => {
    it('Swift refuses a revoked token within seconds, and the session never sends it again', async () => {
      const t = testSession({ authUrl: doors.authUrl, user: cloud.demo, log, id: 'revoke' });
      const node = await t.tree.container('RegionOne', container);
      assert.deepEqual((await t.tree.loadAll(node)).length, OBJECTS.length);
      const old = await t.session.token();
      await t.session.revoke();
      const revokedAt = doors.swift[0].requests.length;
      // Within the window, Swift itself refuses the old token (checked directly, not through the session), where it
      // caches no validated token (RegionTwo; RegionOne keeps them 300 s, as real clouds do).
      const strict = strictRegionOf(cloud, 'swift');
      const account = (await t.session.swift(strict.name)).storageUrl.replace(doors.swift[cloud.regions.indexOf(strict)].url, strict.swiftUrl);
      const direct = recordedHttpClient();
      let status = 0;
      for (const deadline = Date.now() + 5000; Date.now() < deadline; await sleep(200)) {
        const res = await direct.request({
          method: 'HEAD',
          url: account,
          headers: { 'x-auth-token': old.id },
          accept: () => true,
        });
        await res.dump();
        status = res.status;
        if (status === 401) break;
      }
      await direct.close();
      assert.equal(status, 401, 'Swift still accepts the revoked token');
      // The tree and commands go on with a new token; the old one never reaches Swift again.
      await t.tree.model.refresh(node);
      assert.equal((await t.tree.loadAll(node)).length, OBJECTS.length);
      const client = await t.session.swift('RegionOne');
      await client.headObject(container, OBJECTS[0]);
      // Even a stale copy written back to the secret store by someone else is not picked up again.
      await t.secrets.store(tokenKey(t.profile.id), serializeToken(old));
      await client.headObject(container, OBJECTS[1]);
      const after = doors.swift[0].requests.slice(revokedAt);
      assert.ok(after.length >= 3);
      assert.equal(after.filter((r) => r.token === old.id).length, 0, 'the revoked token was sent again');
      assert.notEqual((await t.session.token()).id, old.id);
      await t.http.close();
    });
  });

  describe('bad input answered by the real servers', () => {
    it('an unknown region: one sentence naming the region and the ones the catalog has; the tree lists the real ones', async () => {
      const t = testSession({ authUrl: `${cloud.keystone.url}/v3`, user: cloud.demo, region: 'Atlantis', id: 'region' });
      await assert.rejects(t.session.swift(), (e: unknown) => {
        assert.ok(isOpenStackError(e, 'notFound'));
        messages.push(e.message);
        assert.equal(
          e.message,
          `Profile "Reliability": no public object-store endpoint in region "Atlantis" (the catalog has ${regionNames(cloud).join(', ')}).`,
        );
        return true;
      });
      assert.deepEqual(names(await t.tree.children(await t.tree.profileNode())), regionNames(cloud));
      await t.http.close();
    });

    it('auth URLs that are not Keystone v3: each a clear error naming the URL, never the password', async () => {
      const ks = cloud.keystone.url;
      const swiftUrl = cloud.regions[0].swiftUrl;
      const cases: Array<[string, string[], RegExp]> = [
        [swiftUrl, ['notFound', 'badResponse'], /does not look like an Identity|serves no Identity versions document/],
        [`${swiftUrl}/v3`, ['badRequest'], /^identity: request rejected \(HTTP 400\) for POST http:\/\/127\.0\.0\.1:\d+\/v3\/auth\/tokens: Bad Request/],
        // The demo user lives in a domain, which v2.0 cannot express: said before any request, naming the domain once.
        [`${ks}/v2.0`, ['unsupported'], /^Identity v2\.0 has no domains, so user "demo" in domain "demo-domain" cannot be used; use Identity v3\.$/],
        [`${ks}/identity/v3`, ['notFound'], /There is no Identity v3 API at http:\/\/127\.0\.0\.1:\d+\/identity\/v3/],
        ['http://127.0.0.1:1/v3', ['network'], /^Cannot reach identity \(POST http:\/\/127\.0\.0\.1:1\/v3\/auth\/tokens\): connection refused/],
        [`http://demo:${encodeURIComponent(cloud.demo.password)}@${ks.slice(7)}/v3`, ['invalidInput'], /must not carry a user name or password/],
        [`${ks.slice(7)}/v3`, ['invalidInput'], /is not a valid http\(s\) URL/],
      ];
      for (const [authUrl, kinds, pattern] of cases) {
        const t = testSession({ authUrl, user: cloud.demo, id: 'bad-url' });
        await assert.rejects(t.session.token(), (e: unknown) => {
          assert.ok(isOpenStackError(e), `${authUrl}: ${String(e)}`);
          assert.ok(kinds.includes(e.kind), `${authUrl}: ${e.kind}: ${e.message}`);
          assert.match(e.message, pattern, authUrl);
          messages.push(e.message);
          return true;
        });
        await t.http.close();
      }
      // A good URL given with a trailing slash, a query and a fragment still works.
      const fine = testSession({ authUrl: `${ks}/v3/?x=1#top`, user: cloud.demo, id: 'good-url' });
      assert.ok((await fine.session.token()).id);
      await fine.http.close();
    });

    it("empty user name or password, and a wrong one: Keystone's refusal, explained, never echoed", async () => {
      const variants = [
        { ...cloud.demo, name: '' },
        { ...cloud.demo, password: '' },
        { ...cloud.demo, password: 'wrong-Zq9-password' },
        { ...cloud.demo, project: 'no such project ☀' },
      ];
      for (const user of variants) {
        const t = testSession({ authUrl: `${cloud.keystone.url}/v3`, user, id: 'bad-user' });
        await assert.rejects(t.session.token(), (e: unknown) => {
          assert.ok(isOpenStackError(e), String(e));
          assert.ok(['auth', 'invalidInput'].includes(e.kind), `${e.kind}: ${e.message}`);
          assert.match(e.message, /No user id or name given|has no stored password|rejected user "demo"/);
          messages.push(e.message);
          assert.ok(!e.message.includes('wrong-Zq9-password'));
          return true;
        });
        await t.http.close();
      }
    });
  });

  describe('afterwards', () => {
    it('leaked no password, secret or token into an error message or a log line', () => {
      const tokens = new Set<string>();
      for (const door of [doors.keystone, ...doors.swift]) for (const r of door.requests) if (r.token) tokens.add(r.token);
      assertNoSecrets(messages.join('\n') + JSON.stringify(log), [...cloudSecrets(cloud), ...tokens, 'wrong-Zq9-password'], 'an error message or log line');
      console.log(
        `      figures: ${figures.listings} concurrent listings, ${figures.heads} concurrent HEADs, ${figures.requests} requests across token expiry, ${messages.length} messages scanned`,
      );
    });
  });
});

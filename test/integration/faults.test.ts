/**
 * The local cloud made to fail on purpose, seen through the extension's own Session and tree model:
 *  - front doors (test/support/frontDoor.ts) in front of the real Keystone and Swift inject faults per
 *    request: a server that never answers, one that trickles its answer byte by byte, garbage JSON, HTML
 *    error pages, 503 with Retry-After, 401 on a token that was fine, connection resets, an upload cut
 *    half-way, a server that lies about what it stored;
 *  - real servers stopped and killed (scripts/cloud/server.sh): Keystone, a Swift proxy, the proxy killed
 *    between the pages of a listing and in the middle of an upload. Each is started again (and waited for)
 *    before the suite ends: other suites share this cloud.
 * For each: the time is bounded, the error names what failed, only idempotent requests are retried, no
 * half-written object is reported as success, and the tree lists again once the fault is gone.
 */
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { RequestLogEntry } from '../../src/openstack/http';
import { isOpenStackError } from '../../src/openstack/errors';
import type { SwiftClient } from '../../src/openstack/swift/client';
import { CloudInfo, loadCloud, regionNames } from '../support/cloud';
import { CloudServers } from '../support/cloudServers';
import { Doors, openDoors, type Fault, type SeenRequest } from '../support/frontDoor';
import { TestSession, assertNoSecrets, cloudSecrets, names, testSession, timedFailure } from './faultsSupport';
import { deleteContainers, readAll, uniqueContainer } from '../support/swiftFixture';

const OBJECTS = Array.from({ length: 12 }, (_, i) => `obj-${String(i).padStart(2, '0')}`);
const LISTED = [...OBJECTS, 'sub/'];

/** Counts what the suite did, for the summary line at the end. */
const figures = { faults: 0, realStops: 0 };

describe('faults (integration)', function () {
  this.timeout(90_000);
  let cloud: CloudInfo;
  let doors: Doors;
  let t: TestSession;
  let swift1: SwiftClient;
  const log: RequestLogEntry[] = [];
  const messages: string[] = [];
  const container = uniqueContainer('faults');

  /** Injects `fault` into requests of `door` that match, `times` times (default: until cleared). */
  function inject(door: 'keystone' | 0 | 1, match: (r: SeenRequest) => boolean, fault: Fault, times = Infinity): () => number {
    const target = door === 'keystone' ? doors.keystone : doors.swift[door];
    let count = 0;
    target.fault = (r) => {
      if (!match(r) || count >= times) return undefined;
      count++;
      figures.faults++;
      return fault;
    };
    return () => count;
  }
  function clearFaults(): void {
    doors.keystone.fault = undefined;
    for (const d of doors.swift) d.fault = undefined;
  }
  const isListing = (r: SeenRequest) => r.method === 'GET' && r.path.includes(`/${encodeURIComponent(container)}?`);
  const attempts = (door: 0 | 1 | 'keystone', match: (r: SeenRequest) => boolean, from: number) =>
    (door === 'keystone' ? doors.keystone : doors.swift[door]).requests.slice(from).filter(match).length;
  const mark = (door: 0 | 1 | 'keystone') => (door === 'keystone' ? doors.keystone : doors.swift[door]).requests.length;

  function remember(error: Error): Error {
    messages.push(error.message);
    return error;
  }

  /** Lists the container's first page in a fresh view of it; returns the error shown, if any, and the time. */
  async function listContainer(): Promise<{ error: (Error & { kind?: string; status?: number }) | undefined; ms: number; shown: string[] }> {
    const node = await t.tree.container('RegionOne', container);
    await t.tree.model.refresh(node);
    const started = Date.now();
    const children = await t.tree.children(node);
    const error = (await t.tree.shownError(node)) as (Error & { kind?: string }) | undefined;
    if (error) remember(error);
    return { error, ms: Date.now() - started, shown: names(children) };
  }

  /** The tree is usable again: the container lists in full, page after page. */
  async function treeRecovers(): Promise<void> {
    clearFaults();
    const node = await t.tree.container('RegionOne', container);
    await t.tree.model.loadMore(node); // what selecting the error node ("Retry") does
    assert.deepEqual(await t.tree.loadAll(node), LISTED);
  }

  before(async () => {
    cloud = loadCloud();
    doors = await openDoors(cloud);
    t = testSession({ authUrl: doors.authUrl, user: cloud.demo, log });
    swift1 = await t.session.swift('RegionOne');
    await swift1.createContainer(container);
    for (const name of [...OBJECTS, 'sub/inner']) await swift1.putObject(container, name, `body of ${name}`);
  });

  after(async () => {
    if (doors) clearFaults();
    if (swift1) await deleteContainers(swift1, [container]);
    await doors?.close();
    await t?.http.close();
  });

  describe('Swift answers badly to a listing (front door)', () => {
    it('never answers: a timeout naming the container, after one attempt (no retry of a timed-out request)', async () => {
      const from = mark(0);
      inject(0, isListing, { kind: 'hang' });
      const { error } = await listContainer();
      assert.equal(error?.kind, 'timeout', error?.message);
      assert.match(
        error!.message,
        new RegExp(`^Cannot list container "${container}": Timed out waiting for object-store \\(GET http://127\\.0\\.0\\.1:\\d+/v1/AUTH_\\w+/${container}\\?`),
      );
      assert.equal(attempts(0, isListing, from), 1);
      await treeRecovers();
    });

    it('trickles its answer one byte every 20 ms: a timeout once the answer takes longer than allowed', async () => {
      inject(0, isListing, { kind: 'trickle', tickMs: 20 });
      const { error } = await listContainer();
      assert.equal(error?.kind, 'timeout', error?.message);
      assert.match(error!.message, /^Cannot list container ".*": Timed out reading the answer of object-store \(GET /);
      await treeRecovers();
    });

    it('answers 200 with garbage instead of JSON: a bad response quoting it, not retried', async () => {
      const from = mark(0);
      inject(0, isListing, {
        kind: 'answer',
        status: 200,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: '{"name": "a", ]]] \u0000\u0001 garbage',
      });
      const { error } = await listContainer();
      assert.equal(error?.kind, 'badResponse', error?.message);
      assert.match(error!.message, /^Cannot list container ".*": object-store: expected JSON from GET .* \(HTTP 200\) but got: \{"name": "a", \]\]\]/);
      assert.equal(attempts(0, isListing, from), 1);
      await treeRecovers();
    });

    it("answers with a load balancer's HTML error page (502): retried, then the page's words in the message", async () => {
      const from = mark(0);
      const page = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';
      inject(0, isListing, { kind: 'answer', status: 502, headers: { 'content-type': 'text/html' }, body: page });
      const { error } = await listContainer();
      assert.equal(error?.kind, 'server', error?.message);
      assert.equal(error?.status, 502);
      assert.match(error!.message, /^Cannot list container ".*": server error \(HTTP 502\): 502 Bad Gateway 502 Bad Gateway nginx\.$/);
      assert.ok(!/[<>]/.test(error!.message), 'no markup in the message');
      assert.equal(attempts(0, isListing, from), 3, 'a GET is retried twice');
      await treeRecovers();
    });

    it('answers 503 with Retry-After twice: the listing waits as asked and succeeds', async () => {
      const from = mark(0);
      inject(0, isListing, { kind: 'answer', status: 503, headers: { 'retry-after': '1' }, body: 'busy' }, 2);
      const { error, ms, shown } = await listContainer();
      assert.equal(error, undefined, error?.message);
      assert.deepEqual(shown, LISTED.slice(0, 5));
      assert.ok(ms >= 1900, `retried after ${ms} ms, sooner than the 2 × 1 s asked`);
      assert.equal(attempts(0, isListing, from), 3);
      await treeRecovers();
    });

    it('answers 503 with Retry-After for good: bounded retries, then the error', async () => {
      const from = mark(0);
      inject(0, isListing, { kind: 'answer', status: 503, headers: { 'retry-after': '3600' }, body: 'Service Unavailable' });
      const { error } = await listContainer();
      assert.equal(error?.kind, 'server', error?.message);
      assert.match(error!.message, /server error \(HTTP 503\): Service Unavailable\.$/);
      assert.equal(attempts(0, isListing, from), 3);
      await treeRecovers();
    });

    it('resets the connection: retried, then "connection reset", bounded', async () => {
      const from = mark(0);
      inject(0, isListing, { kind: 'reset' });
      const { error } = await listContainer();
      assert.equal(error?.kind, 'network', error?.message);
      assert.match(error!.message, /^Cannot list container ".*": Cannot reach object-store \(GET .*\): connection reset by the server/);
      assert.equal(attempts(0, isListing, from), 3);
      await treeRecovers();
    });

    it('answers 401 to a token that was valid a moment ago: one re-authentication, the listing succeeds', async () => {
      const before = t.identity.stats.authentications;
      const rejected = (await t.session.token()).id;
      inject(0, isListing, { kind: 'answer', status: 401, body: 'Unauthorized' }, 1);
      const { error, shown } = await listContainer();
      assert.equal(error, undefined, error?.message);
      assert.deepEqual(shown, LISTED.slice(0, 5));
      assert.equal(t.identity.stats.authentications - before, 1);
      assert.notEqual((await t.session.token()).id, rejected);
      await treeRecovers();
    });
  });

  describe('writes that fail (front door): retried only when idempotent, never a false success', () => {
    const name = (label: string) => `fault-${label}-${randomBytes(3).toString('hex')}`;
    const isWrite = (method: string) => (r: SeenRequest) => r.method === method && r.path.includes(`/${encodeURIComponent(container)}/fault-`);
    async function absent(object: string): Promise<void> {
      await assert.rejects(swift1.headObject(container, object), (e) => isOpenStackError(e, 'notFound'));
    }
    async function* stream(bytes: number, chunk = 64 * 1024): AsyncGenerator<Buffer> {
      for (let sent = 0; sent < bytes; sent += chunk) yield randomBytes(Math.min(chunk, bytes - sent));
    }

    it('POST and COPY that get 503 are sent once and fail, naming the object', async () => {
      for (const method of ['POST', 'COPY'] as const) {
        const from = mark(0);
        inject(0, isWrite(method), { kind: 'answer', status: 503, headers: { 'retry-after': '1' }, body: 'busy' });
        const target = name(method.toLowerCase());
        await swift1.putObject(container, target, 'x');
        const { error } = await timedFailure(() =>
          method === 'POST'
            ? swift1.postObject(container, target, { 'x-object-meta-a': 'b' })
            : swift1.copyObject({ container, name: target }, { container, name: `${target}-copy` }),
        );
        remember(error);
        assert.equal(error.kind, 'server');
        assert.match(error.message, new RegExp(`^Cannot (update|copy) object "${target}" in container "${container}"`));
        assert.equal(attempts(0, isWrite(method), from), 1, `${method} is not idempotent: one attempt`);
        clearFaults();
        await swift1.deleteObject(container, target);
      }
    });

    it('a PUT of bytes in memory is retried after a 503; a streamed PUT is not, and nothing is stored', async () => {
      const data = randomBytes(100_000);
      const buffered = name('put-buffer');
      let from = mark(0);
      inject(0, isWrite('PUT'), { kind: 'answer', status: 503, body: 'busy' }, 1);
      const { etag } = await swift1.putObject(container, buffered, data);
      assert.equal(etag, createHash('md5').update(data).digest('hex'));
      assert.equal(attempts(0, isWrite('PUT'), from), 2);
      assert.ok((await readAll((await swift1.getObject(container, buffered)).body)).equals(data));
      await swift1.deleteObject(container, buffered);

      const streamed = name('put-stream');
      from = mark(0);
      inject(0, isWrite('PUT'), { kind: 'answer', status: 503, body: 'busy' }, 1);
      const { error } = await timedFailure(() => swift1.putObject(container, streamed, stream(300_000)));
      remember(error);
      assert.equal(error.kind, 'server');
      assert.equal(attempts(0, isWrite('PUT'), from), 1);
      clearFaults();
      await absent(streamed);
    });

    it('an upload cut after 200 KB of 1 MB: a network error, one attempt, no object', async () => {
      const object = name('cut');
      const from = mark(0);
      inject(0, isWrite('PUT'), { kind: 'cutUpload', afterBytes: 200_000 });
      const { error } = await timedFailure(() => swift1.putObject(container, object, stream(1_000_000)));
      remember(error);
      assert.equal(error.kind, 'network', error.message);
      assert.match(error.message, new RegExp(`^Cannot upload object "${object}" in container "${container}": Cannot reach object-store \\(PUT `));
      assert.equal(attempts(0, isWrite('PUT'), from), 1);
      clearFaults();
      await absent(object);
      await treeRecovers();
    });

    it('a server that answers 201 for half the data is caught by the MD5 check, never reported as stored', async () => {
      const object = name('liar');
      const data = randomBytes(50_000);
      const halfEtag = createHash('md5').update(data.subarray(0, 25_000)).digest('hex');
      inject(0, isWrite('PUT'), { kind: 'answer', status: 201, headers: { etag: halfEtag } }, 1);
      const { error } = await timedFailure(() => swift1.putObject(container, object, stream(50_000, 10_000)));
      remember(error);
      assert.equal(error.kind, 'checksum');
      assert.match(error.message, new RegExp(`Swift answered ETag ${halfEtag} but the 50000 bytes sent have MD5`));
      clearFaults();
    });

    it('a DELETE whose connection is reset once is retried and done', async () => {
      const object = name('delete');
      await swift1.putObject(container, object, 'x');
      const from = mark(0);
      inject(0, isWrite('DELETE'), { kind: 'reset' }, 1);
      await swift1.deleteObject(container, object);
      assert.equal(attempts(0, isWrite('DELETE'), from), 2);
      await absent(object);
    });
  });

  describe('Keystone answers badly to a sign-in (front door)', () => {
    const isSignIn = (r: SeenRequest) => r.method === 'POST' && r.path.endsWith('/auth/tokens');

    /** Signs out, signs in through the tree with the fault in place; returns the error shown under the profile. */
    async function signInFails(fault: Fault): Promise<{ error: Error & { kind?: string }; ms: number; tries: number }> {
      await t.session.signOut();
      const from = mark('keystone');
      inject('keystone', isSignIn, fault);
      const profile = await t.tree.profileNode();
      await t.tree.model.refresh(profile);
      const started = Date.now();
      const error = (await t.tree.shownError(profile)) as Error & { kind?: string };
      assert.ok(error, 'the profile shows the error');
      remember(error);
      return { error, ms: Date.now() - started, tries: attempts('keystone', isSignIn, from) };
    }

    async function signInRecovers(): Promise<void> {
      clearFaults();
      const before = t.identity.stats.authentications;
      const profile = await t.tree.profileNode();
      await t.tree.model.loadMore(profile);
      assert.deepEqual(names(await t.tree.children(profile)), regionNames(cloud));
      assert.equal(t.identity.stats.authentications - before, 1);
      await treeRecovers();
    }

    it('never answers: a timeout naming the identity request, one attempt (a POST)', async () => {
      const { error, tries } = await signInFails({ kind: 'hang' });
      assert.equal(error.kind, 'timeout');
      assert.match(error.message, /^Timed out waiting for identity \(POST http:\/\/127\.0\.0\.1:\d+\/v3\/auth\/tokens\)$/);
      assert.equal(tries, 1);
      await signInRecovers();
    });

    it('trickles its answer: a timeout, and the next sign-in is not stuck behind it', async () => {
      const { error } = await signInFails({ kind: 'trickle', tickMs: 20 });
      assert.equal(error.kind, 'timeout');
      assert.match(error.message, /^Timed out reading the answer of identity \(POST .*\/v3\/auth\/tokens\)/);
      await signInRecovers();
    });

    it('answers 503 with Retry-After: not retried (a sign-in is a POST), the error says so', async () => {
      const { error, tries } = await signInFails({
        kind: 'answer',
        status: 503,
        headers: { 'retry-after': '1', 'content-type': 'application/json' },
        body: '{"error": {"code": 503, "message": "Keystone is in maintenance"}}',
      });
      assert.equal(error.kind, 'server');
      assert.match(error.message, /^identity: server error \(HTTP 503\) for POST .*\/v3\/auth\/tokens: Keystone is in maintenance$/);
      assert.equal(tries, 1);
      await signInRecovers();
    });

    it("answers with a captive portal's HTML page: not Identity v3, says the message", async () => {
      const { error } = await signInFails({
        kind: 'answer',
        status: 200,
        headers: { 'content-type': 'text/html' },
        body: '<html><body><h1>Sign in to the hotel Wi-Fi</h1></body></html>',
      });
      assert.equal(error.kind, 'badResponse');
      assert.match(error.message, /answered HTTP 200 without an X-Subject-Token header, so it is not Identity v3 \(check the auth URL\)/);
      await signInRecovers();
    });

    it('answers 201 with a token header but garbage for a body: a bad response', async () => {
      const { error } = await signInFails({
        kind: 'answer',
        status: 201,
        headers: { 'x-subject-token': 'gAAAAA' + 'x'.repeat(60), 'content-type': 'application/json' },
        body: '{"token": ',
      });
      assert.equal(error.kind, 'badResponse');
      assert.match(error.message, /^identity: expected JSON from POST .*\/v3\/auth\/tokens \(HTTP 201\) but got: \{"token": $/);
      await signInRecovers();
    });

    it('resets the connection: "connection reset", one attempt', async () => {
      const { error, tries } = await signInFails({ kind: 'reset' });
      assert.equal(error.kind, 'network');
      assert.match(error.message, /^Cannot reach identity \(POST .*\/v3\/auth\/tokens\): connection reset by the server$/);
      assert.equal(tries, 1);
      await signInRecovers();
    });
  });

  describe('real servers stopped and killed (scripts/cloud/server.sh)', () => {
    let servers: CloudServers;
    let direct: TestSession;
    let swift2: SwiftClient;
    const c2 = uniqueContainer('faults-r2');

    before(async () => {
      servers = new CloudServers(cloud);
      direct = testSession({ authUrl: `${cloud.keystone.url}/v3`, user: cloud.demo, log, region: 'RegionTwo', id: 'direct' });
      swift2 = await direct.session.swift('RegionTwo');
      await swift2.createContainer(c2);
      for (const name of OBJECTS) await swift2.putObject(c2, name, `body of ${name}`);
    });

    after(async () => {
      // Never leave the shared cloud degraded, whatever failed above.
      await servers?.restoreAll();
      if (swift2) await deleteContainers(swift2, [c2]);
      await direct?.http.close();
    });

    it('Keystone stopped: sign-in fails at once with "connection refused"; Swift cannot check tokens; all recovers when it is back', async () => {
      const token = await direct.session.token();
      const node = await direct.tree.container('RegionTwo', c2);
      servers.stop('keystone');
      figures.realStops++;
      try {
        // A sign-in: refused at once (a POST is never retried).
        const fresh = testSession({ authUrl: `${cloud.keystone.url}/v3`, user: cloud.demo, log, id: 'fresh' });
        const signIn = await timedFailure(() => fresh.session.token());
        remember(signIn.error);
        assert.equal(signIn.error.kind, 'network');
        assert.match(
          signIn.error.message,
          /^Cannot reach identity \(POST http:\/\/127\.0\.0\.1:\d+\/v3\/auth\/tokens\): connection refused \(is the server running\?\)$/,
        );
        await fresh.http.close();
        // A listing with a token Swift can no longer check: a clear error within bounds, whatever Swift says.
        await direct.tree.model.refresh(node);
        const error = (await direct.tree.shownError(node)) as Error & { kind?: string };
        assert.ok(error, 'the container shows an error');
        remember(error);
        assert.match(error.message, new RegExp(`^Cannot list container "${c2}"|^Cannot reach identity`), error.message);
      } finally {
        await servers.start('keystone');
      }
      // Back: the first requests after Keystone's cold start may outlast this suite's short timeouts on a busy
      // machine; the tree recovers within half a minute (a retry, as the error node offers).
      const deadline = Date.now() + 30_000;
      for (;;) {
        await direct.tree.model.loadMore(node);
        const listed = await direct.tree.loadAll(node).catch((e: unknown) => e as Error);
        if (!(listed instanceof Error)) {
          assert.deepEqual(listed, OBJECTS);
          break;
        }
        if (Date.now() > deadline) throw listed;
        await direct.tree.model.refresh(node);
        await new Promise((r) => setTimeout(r, 1000));
      }
      assert.ok((await direct.session.token()).id, 'a token again');
      assert.ok(token.id);
    });

    it('the Swift proxy killed between two pages of a listing: the first page stays, "Load more" fails clearly, then resumes exactly', async () => {
      const node = await direct.tree.container('RegionTwo', c2);
      await direct.tree.model.refresh(node);
      assert.deepEqual(names(await direct.tree.children(node)), OBJECTS.slice(0, 5));
      servers.stop('r2-proxy', 'kill');
      figures.realStops++;
      try {
        await direct.tree.model.loadMore(node);
        const children = await direct.tree.children(node);
        assert.deepEqual(names(children), OBJECTS.slice(0, 5), 'the first page is still shown');
        const error = (await direct.tree.shownError(node)) as Error & { kind?: string };
        assert.ok(error, 'an error after the first page');
        remember(error);
        assert.equal(error.kind, 'network');
        assert.match(
          error.message,
          new RegExp(
            `^Cannot list container "${c2}": Cannot reach object-store \\(GET http://127\\.0\\.0\\.1:\\d+/v1/AUTH_\\w+/${c2}\\?.*marker=obj-04.*\\): connection refused`,
          ),
        );
        // The client's own pager (not the tree) fails the same way while the proxy is down, at its first page.
        const pages: string[][] = [];
        const paging = await timedFailure(async () => {
          for await (const page of swift2.listObjects(c2, { limit: 5 })) pages.push(page.entries.map((e) => (e.kind === 'object' ? e.name : e.prefix)));
        });
        remember(paging.error);
        assert.equal(paging.error.kind, 'network');
        assert.deepEqual(pages, [], 'the proxy is down from the first page on');
      } finally {
        await servers.start('r2-proxy');
      }
      await direct.tree.model.loadMore(node);
      assert.deepEqual(await direct.tree.loadAll(node), OBJECTS, 'resumed after the first page: no gap, no repeat');
    });

    it('the Swift proxy killed in the middle of an upload: a network error, no retry, no object, the tree lists again', async () => {
      const object = `killed-upload-${randomBytes(3).toString('hex')}`;
      let chunks = 0;
      async function* body(): AsyncGenerator<Buffer> {
        for (let i = 0; i < 64; i++) {
          if (i === 4) {
            servers.stop('r2-proxy', 'kill');
            figures.realStops++;
            await new Promise((r) => setTimeout(r, 200));
          }
          chunks++;
          yield randomBytes(64 * 1024);
        }
      }
      try {
        const { error } = await timedFailure(() => swift2.putObject(c2, object, body()));
        remember(error);
        assert.equal(error.kind, 'network', error.message);
        assert.match(error.message, new RegExp(`^Cannot upload object "${object}" in container "${c2}": Cannot reach object-store \\(PUT `));
        assert.ok(chunks < 64, 'the upload stopped when the proxy died');
      } finally {
        await servers.start('r2-proxy');
      }
      await assert.rejects(swift2.headObject(c2, object), (e) => isOpenStackError(e, 'notFound'));
      const node = await direct.tree.container('RegionTwo', c2);
      await direct.tree.model.refresh(node);
      assert.deepEqual(await direct.tree.loadAll(node), OBJECTS, 'no half-written object in the listing');
    });
  });

  describe('afterwards', () => {
    it('leaked no password, secret or token into an error message or a log line', async () => {
      const tokens = new Set<string>();
      for (const door of [doors.keystone, ...doors.swift]) for (const r of door.requests) if (r.token) tokens.add(r.token);
      assert.ok(tokens.size >= 3, 'tokens were used');
      const text = messages.join('\n') + JSON.stringify(log);
      assertNoSecrets(text, [...cloudSecrets(cloud), ...tokens], 'an error message or log line');
      assert.ok(messages.length >= 20, `${messages.length} error messages checked`);
      if (process.env.OSS_SHOW_MESSAGES) for (const m of messages) console.log(`        ${m}`);
      console.log(
        `      figures: ${figures.faults} faults injected through front doors, ${figures.realStops} real servers stopped or killed, ` +
          `${messages.length} error messages and ${log.length} log lines scanned`,
      );
    });
  });
});

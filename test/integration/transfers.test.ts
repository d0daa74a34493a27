/**
 * Uploads and downloads (src/openstack/swift/transfer/) against the real local Swift, byte-exact:
 *  - a folder tree named with the hostile corpus, uploaded then downloaded back, every byte compared;
 *  - a Static Large Object in 1 MiB segments (python-swiftclient's layout), downloaded and verified per segment;
 *  - a large object downloaded as plain GETs of its segments, several at once (odd names, a cancel, a changed segment);
 *  - resume: an upload cancelled half-way, started again, reuses the segments already there;
 *  - a Dynamic Large Object downloaded and verified from its segment listing;
 *  - a batch that starts on a token Swift already refuses (the short-lived Keystone, a lagging clock): every
 *    streamed request refused mid-way is sent again with the renewed token, the batch completes;
 *  - cancel in the middle: no reported-success object missing or wrong, no `.part` file left;
 *  - object names that would escape the download folder are refused, nothing written outside it;
 *  - existing local files are kept unless overwrite is chosen;
 *  - a wrong token, a server that is down: each file fails with a clear error, nothing reported done or written.
 */
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../../src/auth/session';
import { type RequestLogEntry } from '../../src/openstack/http';
import type { ListingEntry } from '../../src/openstack/swift/listing';
import { IdentityClient } from '../../src/openstack/keystone';
import { collectUploads, downloadObjects, planDownload, uploadFiles, type TransferProgress } from '../../src/openstack/swift/transfer';
import { etagOfSegments } from '../../src/openstack/swift/transfer/manifests';
import { segmentsContainer } from '../../src/openstack/swift/transfer/segments';
import { SwiftClient as Client, staticTokenSource } from '../../src/openstack/swift/client';
import { FAST_HTTP, MapSecrets, testSession } from './faultsSupport';
import { readTree, writeTree } from '../support/localFiles';
import { HOSTILE_NAMES, SwiftFixture, readAll, swiftSuite } from '../support/swiftFixture';
import { forEachBackend, whereBackend } from '../support/backends';
import { recordedHttpClient } from '../support/recordedHttp';

const MIB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

forEachBackend('transfers: upload and download (integration)', function (backend) {
  this.timeout(120_000);
  let f: SwiftFixture;
  let swift: Client;
  let work: string;
  let container: string;
  const suite = swiftSuite(
    (fixture) => {
      f = fixture;
      swift = f.swift;
    },
    { backend },
  );

  before(async () => {
    container = await suite.container('transfers');
    suite.created.push(segmentsContainer(container));
    work = mkdtempSync(join(tmpdir(), 'oss-transfers-'));
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  const dir = (label: string) => {
    const d = join(work, `${label}-${randomBytes(3).toString('hex')}`);
    mkdirSync(d, { recursive: true });
    return d;
  };

  it('uploads a folder of hostile names and downloads it back byte-exact', async () => {
    const source = join(dir('hostile-src'), 'tree ☁ "q" $(x)');
    // Local file names cannot hold "/" or NUL, nor be "." or ".."; the rest of the corpus is used as is.
    const fileNames = HOSTILE_NAMES.filter((n) => !n.includes('/') && n !== '.' && n !== '..' && Buffer.byteLength(n) <= 255);
    assert.ok(fileNames.length >= 25, `${fileNames.length} names`);
    const bodies = new Map<string, Buffer>();
    for (const [i, name] of fileNames.entries()) {
      const rel = i % 3 === 0 ? `sub dir %41 ü/${name}` : name;
      bodies.set(rel, Buffer.concat([Buffer.from(`${i}: ${name}\n`), Buffer.from([0, 0xff, 0x0d, 0x0a]), randomBytes(i * 37)]));
    }
    bodies.set('empty.txt', Buffer.alloc(0));
    writeTree(source, bodies);

    const { items, skipped } = await collectUploads([source], 'in/');
    assert.deepEqual(skipped, []);
    const progress: TransferProgress[] = [];
    const summary = await uploadFiles(swift, items, { container, concurrency: 4, onProgress: (p) => progress.push(p) });
    assert.deepEqual(
      summary.failed.map((x) => `${x.name}: ${(x.error as Error).message}`),
      [],
    );
    assert.equal(summary.uploaded.length, bodies.size);
    const last = progress.at(-1)!;
    assert.deepEqual(last.files, { total: bodies.size, done: bodies.size, failed: 0, skipped: 0 });
    assert.equal(last.bytes.done, last.bytes.total);
    assert.ok(Math.max(...progress.map((p) => p.active.length)) <= 4 * 2, 'files started are bounded');

    for (const [rel, body] of bodies) {
      const name = `in/tree ☁ "q" $(x)/${rel}`;
      const { info, body: stream } = await swift.getObject(container, name);
      assert.ok((await readAll(stream)).equals(body), `bytes of ${JSON.stringify(name)}`);
      if (rel === 'empty.txt') assert.equal(info.contentType, 'text/plain');
    }

    const target = dir('hostile-dst');
    const plan = await planDownload(swift, [{ container, prefix: 'in/', localBase: '' }], target);
    assert.deepEqual(
      plan.refused.map((r) => r.entry.name),
      [],
    );
    const down = await downloadObjects(swift, plan, { overwrite: false, concurrency: 4 });
    assert.deepEqual(
      down.failed.map((x) => `${x.name}: ${(x.error as Error).message}`),
      [],
    );
    assert.ok(down.downloaded.every((d) => d.verified === 'md5'));
    const got = readTree(join(target, 'tree ☁ "q" $(x)'));
    assert.deepEqual([...got.keys()].sort(), [...bodies.keys()].sort());
    for (const [rel, body] of bodies) assert.ok(got.get(rel)!.equals(body), `downloaded bytes of ${JSON.stringify(rel)}`);
  });

  it('uploads a large file as a Static Large Object in 1 MiB segments and downloads it verified per segment (RGW: its parts against its ETag)', async () => {
    const src = dir('slo');
    const body = randomBytes(5 * MIB + 12345);
    writeFileSync(join(src, 'big.bin'), body);
    const { items } = await collectUploads([join(src, 'big.bin')], 'large/');
    const summary = await uploadFiles(swift, items, { container, sloThreshold: MIB, segmentSize: MIB, concurrency: 3 });
    assert.deepEqual(summary.failed, []);
    const [done] = summary.uploaded;
    assert.deepEqual(done.segments, { count: 6, reused: 0, size: MIB });

    const head = await swift.headObject(container, 'large/big.bin');
    assert.equal(head.staticLargeObject, true);
    assert.equal(head.bytes, body.length);
    assert.equal(head.contentType, 'application/octet-stream');
    const listedSize = (await swift.listObjects(container, { prefix: 'large/big.bin' }).next()).value?.entries.map((e: ListingEntry) =>
      e.kind === 'object' ? e.bytes : -1,
    );
    assert.deepEqual(listedSize, [body.length], 'listed with the size of its content');
    const expectedHashes = Array.from({ length: 6 }, (_, i) => md5(body.subarray(i * MIB, (i + 1) * MIB)));
    assert.equal(head.etag, etagOfSegments(expectedHashes), "the manifest's ETag is the MD5 of the segments' MD5s");
    if (backend === 'rgw') {
      // RGW 16: the manifest cannot be read (empty answer); the segment sizes come from where the upload put them, the
      // download is one GET, each part hashed and the ETag they make checked.
      await assert.rejects(swift.sloSegments(container, 'large/big.bin'), (e: Error) => {
        assert.equal(
          e.message,
          `Cannot read the manifest of object "large/big.bin" in container "${container}": this server answers ?multipart-manifest=get with an empty body (Ceph RGW does), so the segments of a large object cannot be listed.`,
        );
        return true;
      });
      const target = dir('slo-dst');
      const down = await downloadObjects(swift, await planDownload(swift, [{ container, object: 'large/big.bin' }], target), { overwrite: false });
      assert.deepEqual(down.failed, []);
      assert.equal(down.downloaded[0].verified, 'segmentsEtag');
      assert.ok(readFileSync(join(target, 'big.bin')).equals(body));
      // Segments elsewhere (another tool's layout): the size only is checked, and the summary says so (transferText).
      await swift.copyObject({ container, name: 'large/big.bin' }, { container, name: 'large/elsewhere.bin' }, { query: { 'multipart-manifest': 'get' } });
      const other = dir('slo-other');
      const copied = await downloadObjects(swift, await planDownload(swift, [{ container, object: 'large/elsewhere.bin' }], other), { overwrite: false });
      assert.deepEqual(copied.failed, []);
      assert.equal(copied.downloaded[0].verified, 'sizeNoManifest');
      assert.ok(readFileSync(join(other, 'elsewhere.bin')).equals(body));
      return;
    }
    const segments = await swift.sloSegments(container, 'large/big.bin');
    assert.equal(segments.length, 6);
    assert.match(segments[0].path, new RegExp(`^/${segmentsContainer(container)}/large/big\\.bin/slo/\\d+\\.\\d{6}/${body.length}/${MIB}/00000000$`));
    assert.deepEqual(
      segments.map((s) => s.hash),
      expectedHashes,
    );

    const target = dir('slo-dst');
    const plan = await planDownload(swift, [{ container, object: 'large/big.bin' }], target);
    const down = await downloadObjects(swift, plan, { overwrite: false });
    assert.deepEqual(down.failed, []);
    assert.equal(down.downloaded[0].verified, 'slo');
    assert.ok(readFileSync(join(target, 'big.bin')).equals(body));
  });

  it('downloads a large object segment by segment (plain GETs, several at once, whatever the names), and refuses a segment that changed', async () => {
    // A name whose segments' paths hold `%41`, quotes and spaces: a manifest keeps them as written, not percent-encoded.
    const name = `large/odd %41 "q" it's.bin`;
    const src = dir('slo-odd');
    const body = randomBytes(4 * MIB + 777);
    writeFileSync(join(src, 'odd.bin'), body);
    const { items } = await collectUploads([join(src, 'odd.bin')], 'x/');
    const up = await uploadFiles(swift, [{ ...items[0], name }], { container, sloThreshold: MIB, segmentSize: MIB, concurrency: 4 });
    assert.deepEqual(up.failed, []);
    const seen: RequestLogEntry[] = [];
    const http = recordedHttpClient({ log: (e) => seen.push(e) });
    try {
      const client = new Client(http, { storageUrl: f.storageUrl, tokens: f.tokens });
      const target = dir('slo-odd-dst');
      const plan = await planDownload(client, [{ container, prefix: 'large/odd', localBase: '' }], target);
      const down = await downloadObjects(client, plan, { overwrite: false, concurrency: 3 });
      assert.deepEqual(down.failed, []);
      assert.equal(down.downloaded[0].verified, whereBackend(backend, { swift: 'slo', rgw: 'segmentsEtag' }));
      assert.ok(readFileSync(down.downloaded[0].item.path).equals(body), 'byte-exact');
      const gets = seen.filter((e) => e.method === 'GET' && e.url.includes('_segments/'));
      const whole = seen.filter(
        (e) => e.method === 'GET' && decodeURIComponent(new URL(e.url).pathname).endsWith(`/${container}/${name}`) && !new URL(e.url).search,
      );
      // RGW does not list the segments: one GET of the whole object.
      assert.equal(gets.length, whereBackend(backend, { swift: 5, rgw: 0 }), 'one GET per segment, straight from the segments container');
      assert.equal(whole.length, whereBackend(backend, { swift: 0, rgw: 1 }), 'through the manifest or not');

      // Cancelled half-way: no file, no .part.
      const halted = dir('slo-odd-halt');
      const halt = new AbortController();
      const plan2 = await planDownload(client, [{ container, object: name }], halted);
      const cut = await downloadObjects(client, plan2, { overwrite: false, signal: halt.signal, onProgress: (p) => p.bytes.done > 1.5 * MIB && halt.abort() });
      assert.equal(cut.cancelled, true);
      assert.deepEqual(readdirSync(halted), [], 'no file, no .part after a cancel');

      // A segment overwritten with other bytes of the same size: the download fails with a checksum error, nothing left.
      const segmentNames: Array<{ name: string; bytes: number }> = [];
      for await (const page of swift.listObjects(segmentsContainer(container), { prefix: `${name}/slo/` }))
        for (const e of page.entries) if (e.kind === 'object') segmentNames.push({ name: e.name, bytes: e.bytes });
      assert.equal(segmentNames.length, 5);
      const second = segmentNames[1];
      await swift.putObject(segmentsContainer(container), second.name, randomBytes(second.bytes));
      const again = dir('slo-odd-bad');
      const bad = await downloadObjects(client, await planDownload(client, [{ container, object: name }], again), { overwrite: false });
      assert.equal(bad.downloaded.length, 0);
      assert.equal(bad.failed.length, 1);
      assert.match(
        String(bad.failed[0].error),
        whereBackend(backend, {
          swift: /Cannot download object .*: segment .* has (MD5|ETag) [0-9a-f]{32}, not the [0-9a-f]{32} its manifest says; the partial file was removed/,
          // RGW serves the new bytes without a word: the parts' MD5s no longer make the object's ETag.
          rgw: /Cannot download object .*: the segments' MD5s make ETag [0-9a-f]{32}, not the object's [0-9a-f]{32} .*; the partial file was removed/,
        }),
      );
      assert.deepEqual(readdirSync(again), [], 'no file, no .part');
    } finally {
      await http.close();
    }
  });

  it('resumes a cancelled large upload: the segments already there are reused, the object is correct', async () => {
    const src = dir('resume');
    const body = randomBytes(8 * MIB);
    writeFileSync(join(src, 'resume.bin'), body);
    const { items } = await collectUploads([join(src, 'resume.bin')], '');
    const options = { container, sloThreshold: MIB, segmentSize: MIB, concurrency: 1 };
    const stop = new AbortController();
    const first = await uploadFiles(swift, items, {
      ...options,
      signal: stop.signal,
      onProgress: (p) => p.bytes.done >= 4 * MIB && stop.abort(),
    });
    assert.equal(first.cancelled, true);
    assert.deepEqual(first.uploaded, [], 'nothing reported uploaded');
    await assert.rejects(swift.headObject(container, 'resume.bin'), (e: { kind?: string }) => e.kind === 'notFound', 'no object without its manifest');
    const present: string[] = [];
    for await (const page of swift.listObjects(segmentsContainer(container), { prefix: 'resume.bin/slo/' })) {
      present.push(...page.entries.map((e) => (e.kind === 'object' ? e.name : '')));
    }
    assert.ok(present.length >= 3 && present.length < 8, `${present.length} segments were uploaded before the cancel`);

    const second = await uploadFiles(swift, items, options);
    assert.deepEqual(second.failed, []);
    assert.equal(second.reusedSegments, present.length, 'every segment already there is reused');
    assert.deepEqual(second.uploaded[0].segments, { count: 8, reused: present.length, size: MIB });
    assert.equal(second.bytesSent, (8 - present.length) * MIB, 'only the missing segments were sent');
    const { body: stream } = await swift.getObject(container, 'resume.bin');
    assert.ok((await readAll(stream)).equals(body));
  });

  it('downloads a Dynamic Large Object verified against its segment listing', async () => {
    const parts = [randomBytes(300_000), randomBytes(1), randomBytes(700_001)];
    const prefix = `dlo segs ☁ %/${randomBytes(2).toString('hex')}/`;
    for (const [i, part] of parts.entries()) await swift.putObject(container, `${prefix}${String(i).padStart(3, '0')}`, part);
    // X-Object-Manifest is <container>/<prefix>, each percent-encoded (Swift decodes it).
    const manifest = `${encodeURIComponent(container)}/${encodeURIComponent(prefix)}`;
    await swift.putObject(container, 'dlo/joined.bin', '', { headers: { 'x-object-manifest': manifest } });
    const head = await swift.headObject(container, 'dlo/joined.bin');
    assert.equal(head.etag, etagOfSegments(parts.map(md5)));

    const target = dir('dlo-dst');
    const plan = await planDownload(swift, [{ container, prefix: 'dlo/', localBase: 'dlo/' }], target);
    const down = await downloadObjects(swift, plan, { overwrite: false });
    assert.deepEqual(down.failed, []);
    assert.equal(down.downloaded[0].verified, 'dlo');
    assert.ok(readFileSync(join(target, 'dlo', 'joined.bin')).equals(Buffer.concat(parts)));
  });

  it('a batch started on a token Swift already refuses (it waits for a short-lived token to expire) completes: streamed requests are sent again with the renewed token', async function () {
    const lifetime = f.cloud.keystone.shortTokenSeconds * 1000;
    this.timeout(lifetime + 90_000);
    const log: RequestLogEntry[] = [];
    const t = testSession({
      authUrl: `${f.cloud.keystone.shortLivedUrl}/v3`,
      user: f.cloud.demo,
      id: 'transfer-expiry',
      http: { headersTimeoutMs: 30_000, bodyTimeoutMs: 30_000, responseTimeoutMs: 60_000 },
    });
    // A clock 30 s behind: the session holds on to its token for 25 s after it expired (its renewal margin is 5 s), so
    // Swift's 401s drive the renewal however slowly the batch starts on a loaded machine (with 10 s behind, a batch
    // starting 4 s after the sleep below met a token renewed ahead of time, and no 401).
    const http = recordedHttpClient({ log: (e) => log.push(e) });
    const identity = new IdentityClient(http);
    const lagging = new Session({
      profile: { ...t.profile, id: 'transfer-expiry-lagging' },
      http,
      identity,
      secrets: new MapSecrets(),
      readSecret: async () => f.cloud.demo.password,
      clock: { now: () => Date.now() - 30_000 },
    });
    const client = await lagging.swift(f.region.name);
    const first = await lagging.token();
    const src = join(dir('expiry'), 'batch');
    mkdirSync(src);
    const bodies = new Map<string, Buffer>();
    for (let i = 0; i < 12; i++) bodies.set(`file-${i}.bin`, randomBytes(200_000 + i));
    bodies.set('large.bin', randomBytes(3 * MIB + 7));
    for (const [name, body] of bodies) writeFileSync(join(src, name), body);
    await sleep((first.expiresAt as Date).getTime() - Date.now() + 1000); // the token has expired now
    try {
      const { items } = await collectUploads([src], 'expiry/');
      const summary = await uploadFiles(client, items, { container, concurrency: 4, sloThreshold: 2 * MIB, segmentSize: MIB });
      assert.deepEqual(
        summary.failed.map((x) => `${x.name}: ${(x.error as Error).message}`),
        [],
      );
      assert.equal(summary.uploaded.length, bodies.size);
      assert.ok(summary.resent >= 1, 'requests refused mid-way were sent again');
      assert.ok(
        log.some((e) => e.status === 401),
        'Swift refused the expired token',
      );
      assert.equal(identity.stats.authentications, 2, 'one sign-in, one renewal for the whole batch');
      for (const [name, body] of bodies) {
        const { body: stream } = await swift.getObject(container, `expiry/batch/${name}`);
        assert.ok((await readAll(stream)).equals(body), name);
      }
    } finally {
      await http.close();
      await t.http.close();
    }
  });

  it('cancel in the middle: every object reported uploaded is whole, the others absent; a cancelled download leaves no .part file', async () => {
    const src = join(dir('cancel'), 'many');
    mkdirSync(src);
    const bodies = new Map<string, Buffer>();
    for (let i = 0; i < 10; i++) bodies.set(`part-${i}.bin`, randomBytes(MIB));
    for (const [name, body] of bodies) writeFileSync(join(src, name), body);
    const { items } = await collectUploads([src], 'cancel/');
    const stop = new AbortController();
    const summary = await uploadFiles(swift, items, {
      container,
      concurrency: 2,
      signal: stop.signal,
      onProgress: (p) => p.bytes.done > 3.5 * MIB && stop.abort(),
    });
    assert.equal(summary.cancelled, true);
    assert.ok(summary.uploaded.length >= 2 && summary.uploaded.length < 10, `${summary.uploaded.length} uploaded`);
    const reported = new Set(summary.uploaded.map((u) => u.item.name));
    let absent = 0;
    for (const [name, body] of bodies) {
      const object = `cancel/many/${name}`;
      if (reported.has(object)) assert.ok((await readAll((await swift.getObject(container, object)).body)).equals(body));
      else {
        // Not reported: absent, or (its last byte was sent just before the cancel) whole; never a part of it.
        const stored = await swift.getObject(container, object).then(
          async (r) => readAll(r.body),
          () => undefined,
        );
        if (stored === undefined) absent++;
        else assert.ok(stored.equals(body), `${object} is stored whole or not at all`);
      }
    }
    assert.ok(absent >= 1, 'files not started are absent');
    // Upload the rest, then cancel a download half-way.
    await uploadFiles(swift, items, { container });
    const target = dir('cancel-dst');
    const plan = await planDownload(swift, [{ container, prefix: 'cancel/many/', localBase: '' }], target);
    const halt = new AbortController();
    const down = await downloadObjects(swift, plan, {
      overwrite: false,
      concurrency: 2,
      signal: halt.signal,
      onProgress: (p) => p.bytes.done > 3.5 * MIB && halt.abort(),
    });
    assert.equal(down.cancelled, true);
    const left = readTree(target);
    assert.deepEqual(
      [...left.keys()].filter((k) => k.endsWith('.part')),
      [],
      'no partial file',
    );
    assert.equal(left.size, down.downloaded.length);
    for (const [name, bytes] of left) assert.ok(bytes.equals(bodies.get(name)!), `${name} is complete`);
  });

  it('a wrong token or a server that is down: each file fails with one clear sentence, nothing reported done, nothing written', async () => {
    const src = join(dir('bad'), 'few');
    mkdirSync(src);
    for (const name of ['a.txt', 'b.txt']) writeFileSync(join(src, name), `body of ${name}`);
    const { items } = await collectUploads([src], 'bad/');
    const http = recordedHttpClient(FAST_HTTP);
    try {
      const wrongToken = new Client(http, { storageUrl: f.storageUrl, tokens: staticTokenSource('not-a-token') });
      const refused = await uploadFiles(wrongToken, items, { container });
      assert.deepEqual(refused.uploaded, []);
      assert.equal(refused.failed.length, 2);
      for (const x of refused.failed) assert.equal((x.error as { kind?: string }).kind, 'auth', (x.error as Error).message);
      // (The summary names each file; the session's message says what to do.)
      assert.deepEqual(
        refused.failed.map((x) => x.name),
        ['bad/few/a.txt', 'bad/few/b.txt'],
      );
      // A file sent before the refusal reads the renewal's sentence; one sent after it is never sent with that token.
      for (const x of refused.failed) {
        assert.match(
          (x.error as Error).message,
          /rejected the token \(HTTP 401\).*authenticate again|already refused \(HTTP 401\), so it was not sent again: sign in again/,
        );
      }

      // A port nothing listens on (a server opened and closed again).
      const closed = await new Promise<number>((resolve) => {
        const server = createServer().listen(0, '127.0.0.1', () => {
          const { port } = server.address() as AddressInfo;
          server.close(() => resolve(port));
        });
      });
      const down = new Client(http, { storageUrl: `http://127.0.0.1:${closed}/v1/AUTH_x`, tokens: staticTokenSource('t') });
      const unreachable = await uploadFiles(down, items, { container });
      assert.deepEqual(unreachable.uploaded, []);
      assert.deepEqual(
        unreachable.failed.map((x) => (x.error as { kind?: string }).kind),
        ['network', 'network'],
      );
      assert.match((unreachable.failed[0].error as Error).message, /connection refused \(is the server running\?\)/);

      const target = dir('bad-dst');
      await assert.rejects(planDownload(down, [{ container, prefix: 'bad/', localBase: '' }], target), (e: { kind?: string }) => e.kind === 'network');
      await uploadFiles(swift, items, { container });
      const plan = await planDownload(swift, [{ container, prefix: 'bad/', localBase: '' }], target);
      const failed = await downloadObjects(down, plan, { overwrite: false });
      assert.deepEqual(failed.downloaded, []);
      assert.equal(failed.failed.length, 2);
      assert.deepEqual(readdirSync(target), [], 'no file, no partial file');
    } finally {
      await http.close();
    }
  });

  it('refuses object names that would escape the download folder; keeps existing files unless told to overwrite', async () => {
    const hostile = ['../escape.txt', 'a/../../escape2.txt', '/abs.txt', 'x//y.txt', './dot.txt', 'dir', 'dir/inner.txt', 'ok.txt', 'new\nline ü.txt'];
    for (const name of hostile) await swift.putObject(container, `trav/${name}`, `body of ${name}`);
    const outer = dir('trav');
    const target = join(outer, 'target');
    mkdirSync(target);
    writeFileSync(join(target, 'ok.txt'), 'mine');
    const plan = await planDownload(swift, [{ container, prefix: 'trav/', localBase: '' }], target);
    assert.deepEqual(
      plan.refused.map((r) => r.entry.name).sort(),
      ['trav/../escape.txt', 'trav/a/../../escape2.txt', 'trav//abs.txt', 'trav/x//y.txt', 'trav/./dot.txt', 'trav/dir'].sort(),
    );
    assert.deepEqual(plan.items.find((i) => i.entry.name === 'trav/ok.txt')?.existing, 'file');
    const down = await downloadObjects(swift, plan, { overwrite: false });
    assert.deepEqual(down.failed, []);
    assert.deepEqual(
      down.kept.map((k) => k.entry.name),
      ['trav/ok.txt'],
    );
    assert.deepEqual(readdirSync(outer), ['target'], 'nothing written beside the target');
    const got = readTree(target);
    assert.deepEqual([...got.keys()].sort(), ['dir/inner.txt', 'new\nline ü.txt', 'ok.txt']);
    assert.equal(got.get('ok.txt')!.toString(), 'mine', 'the existing file was kept');
    assert.equal(got.get('new\nline ü.txt')!.toString(), 'body of new\nline ü.txt');

    const again = await downloadObjects(swift, await planDownload(swift, [{ container, object: 'trav/ok.txt' }], target), { overwrite: true });
    assert.equal(again.downloaded.length, 1);
    assert.equal(readFileSync(join(target, 'ok.txt'), 'utf8'), 'body of ok.txt', 'replaced when overwrite was chosen');
  });
});

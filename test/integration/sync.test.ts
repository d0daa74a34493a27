/**
 * Sync of a local folder with a container's prefix (src/openstack/swift/sync/) against the real local cloud:
 *  - push a tree (with a .swiftignore), then a second push sends nothing after one listing (no HEAD, no GET per file);
 *  - one file changed: only it goes; extras stay unless "delete extras" is on;
 *  - pull into an empty folder, byte-exact, then nothing; hostile names are refused, nothing written outside;
 *  - files uploaded by python-swiftclient's `swift upload` (plain and as SLO segments of 1 MiB) count as identical;
 *  - bad input: a name over the server's limit, a symbolic link loop, a file changing while it is sent, a server
 *    that is down (every file listed as failed, nothing lost, the next sync sends them).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RequestLogEntry } from '../../src/openstack/http';
import { SwiftClient } from '../../src/openstack/swift/client';
import { compareFolder, planTotals, runSync, type SyncDirection, type SyncPair } from '../../src/openstack/swift/sync';
import { segmentsContainer } from '../../src/openstack/swift/transfer/segments';
import { forEachBackend, whereBackend } from '../support/backends';
import { readTree, writeTree } from '../support/localFiles';
import { recordedHttpClient } from '../support/recordedHttp';
import { readAll, swiftSuite, type SwiftFixture } from '../support/swiftFixture';

const MIB = 1024 * 1024;
const BIN = randomBytes(70_000);

forEachBackend('sync: a folder and a container kept in step (integration)', function (backend) {
  this.timeout(120_000);
  let f: SwiftFixture;
  let work: string;
  const suite = swiftSuite((fixture) => (f = fixture), { backend });
  const log: RequestLogEntry[] = [];
  let swift: SwiftClient;

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'oss-sync-'));
    swift = new SwiftClient(recordedHttpClient({ log: (e) => log.push(e) }), { storageUrl: f.storageUrl, tokens: f.tokens });
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  const dir = (label: string) => {
    const d = join(work, `${label}-${randomBytes(3).toString('hex')}`);
    mkdirSync(d, { recursive: true });
    return d;
  };
  const sync = async (pair: SyncPair, direction: SyncDirection, deleteExtras = false, client = swift) => {
    const plan = await compareFolder(swift, pair, { direction });
    return { plan, summary: await runSync(client, plan, { deleteExtras }) };
  };
  const remoteTree = async (container: string, prefix = '') => {
    const out = new Map<string, Buffer>();
    for await (const batch of f.swift.listAllObjects(container, { prefix })) {
      for (const e of batch) out.set(e.name.slice(prefix.length), await readAll((await f.swift.getObject(container, e.name)).body));
    }
    return out;
  };
  const tree = () =>
    new Map<string, Buffer>([
      ['index.html', Buffer.from('<h1>hello</h1>\n')],
      ['css/site.css', Buffer.from('body { color: red }\n')],
      ['data/bin ☁ "q".dat', BIN],
      ['data/empty', Buffer.alloc(0)],
      ['deep/a/b/c/d.txt', Buffer.from('deep\n')],
      ['node_modules/x/index.js', Buffer.from('ignored\n')],
      ['build.log', Buffer.from('ignored too\n')],
      ['.swiftignore', Buffer.from('node_modules/\n*.log\n')],
    ]);
  const expected = () => {
    const t = tree();
    for (const k of ['node_modules/x/index.js', 'build.log', '.swiftignore']) t.delete(k);
    return t;
  };

  it('pushes a tree; a second push sends nothing after one listing; one change sends one file', async () => {
    const container = await suite.container('sync-push');
    const folder = dir('push');
    writeTree(folder, tree());
    const pair = { folder, container, prefix: 'site/' };
    const first = await sync(pair, 'push');
    assert.deepEqual(planTotals(first.plan).new.files, 5);
    assert.equal(first.plan.ignored, 3, 'node_modules/, build.log and .swiftignore itself');
    assert.deepEqual(first.summary.failed, []);
    assert.equal(first.summary.transferred.files, 5);
    assert.deepEqual(await remoteTree(container, 'site/'), expected());

    log.length = 0;
    const again = await sync(pair, 'push');
    assert.deepEqual(again.plan.entries, []);
    assert.equal(again.plan.identical.files, 5);
    assert.equal(again.summary.transferred.files, 0);
    // Only the container's listing (and what plans it: a HEAD, a top-level listing) and /info: nothing per object.
    // RGW lists a copied large-object manifest with 0 bytes, so there the listing HEADs each empty object (one here).
    const objectRequests = log.filter((e) => !new URL(e.url).pathname.endsWith(`/${container}`) && !new URL(e.url).pathname.endsWith('/info'));
    assert.deepEqual(
      objectRequests.map((e) => `${e.method} ${decodeURIComponent(new URL(e.url).pathname.split(`/${container}/`)[1])}`),
      whereBackend(backend, { swift: [], rgw: ['HEAD site/data/empty'] }),
      'no request per object (but the HEAD of an empty object on RGW)',
    );
    // RGW also confirms the listing's short last page with one more (empty) page: it answers short pages mid-listing.
    assert.ok(log.length <= whereBackend(backend, { swift: 4, rgw: 5 }), JSON.stringify(log.map((e) => `${e.method} ${e.url}`)));

    writeFileSync(join(folder, 'css/site.css'), 'body { color: blue }\n');
    writeFileSync(join(folder, 'extra-local.txt'), 'new\n');
    await f.swift.putObject(container, 'site/only-remote.txt', Buffer.from('remote\n'));
    const third = await sync(pair, 'push');
    const totals = planTotals(third.plan);
    assert.deepEqual([totals.new.files, totals.changed.files, totals.extra.files, totals.identical.files], [1, 1, 1, 4]);
    assert.equal(totals.changed.bytes, Buffer.byteLength('body { color: blue }\n'));
    assert.equal(third.summary.transferred.files, 2);
    assert.equal(third.summary.deleted, 0);
    assert.ok((await remoteTree(container, 'site/')).has('only-remote.txt'), 'extras stay without the opt-in');

    const fourth = await sync(pair, 'push', true);
    assert.equal(fourth.summary.deleted, 1);
    const t = expected();
    t.set('css/site.css', Buffer.from('body { color: blue }\n'));
    t.set('extra-local.txt', Buffer.from('new\n'));
    assert.deepEqual(await remoteTree(container, 'site/'), t);
  });

  it('pulls into an empty folder byte-exact, then nothing; local extras stay unless asked', async () => {
    const container = await suite.container('sync-pull');
    const source = dir('pull-src');
    writeTree(source, tree());
    await sync({ folder: source, container, prefix: '' }, 'push');
    const target = dir('pull-dst');
    const pair = { folder: target, container, prefix: '' };
    const first = await sync(pair, 'pull');
    assert.deepEqual(first.summary.failed, []);
    assert.deepEqual(readTree(target), expected());
    const again = await sync(pair, 'pull');
    assert.equal(again.summary.transferred.files, 0);
    assert.deepEqual(again.plan.entries, []);
    assert.equal(again.plan.identical.files, expected().size, 'every file counted as identical');

    writeFileSync(join(target, 'mine.txt'), 'local only\n');
    await f.swift.putObject(container, 'index.html', Buffer.from('<h1>changed</h1>\n'));
    const third = await sync(pair, 'pull');
    assert.equal(third.summary.transferred.files, 1);
    assert.equal(readFileSync(join(target, 'index.html'), 'utf8'), '<h1>changed</h1>\n');
    assert.ok(existsSync(join(target, 'mine.txt')), 'kept without the opt-in');
    const fourth = await sync(pair, 'pull', true);
    assert.equal(fourth.summary.deleted, 1);
    assert.ok(!existsSync(join(target, 'mine.txt')));
  });

  it('refuses object names that would leave the folder; writes nothing outside it', async () => {
    const container = await suite.container('sync-hostile');
    const names = ['../escape.txt', 'a/../../escape2.txt', '/absolute.txt', 'a//b.txt', 'fine.txt'];
    for (const n of names) await f.swift.putObject(container, n, Buffer.from(n));
    const parent = dir('hostile');
    const target = join(parent, 'inside');
    mkdirSync(target);
    const { plan, summary } = await sync({ folder: target, container, prefix: '' }, 'pull');
    assert.deepEqual(plan.refused.map((r) => r.name).sort(), names.filter((n) => n !== 'fine.txt').sort());
    assert.ok(
      summary.notes.every((n) => /^Object ".*" is left out: .+\.$/.test(n)),
      summary.notes.join('\n'),
    );
    assert.deepEqual([...readTree(parent).keys()], ['inside/fine.txt']);
  });

  it('bad input: a name too long, a link loop, a file changing while sent, a server down — each a sentence, nothing lost', async () => {
    const container = await suite.container('sync-bad');
    const folder = dir('bad');
    writeTree(
      folder,
      new Map([
        ['ok.txt', 'ok\n'],
        ['grows.txt', 'x'.repeat(200_000)],
      ]),
    );
    const long = Array.from({ length: 6 }, (_, i) => `${i}${'d'.repeat(199)}`).join('/');
    mkdirSync(join(folder, long.slice(0, long.lastIndexOf('/'))), { recursive: true });
    writeFileSync(join(folder, long), 'too long\n');
    symlinkSync('.', join(folder, 'loop'));
    const pair = { folder, container, prefix: '' };
    const plan = await compareFolder(swift, pair, { direction: 'push' });
    assert.deepEqual(
      plan.refused.map((r) => [r.name, r.reason.replace(/\d+ bytes long/, 'N bytes long')]),
      [
        ['loop', 'a symbolic link (not followed)'],
        [long, `its object name would be N bytes long; the server takes ${whereBackend(backend, { swift: 1024, rgw: 1024 })} at most`],
      ],
    );
    let grown = false;
    const summary = await runSync(swift, plan, {
      deleteExtras: false,
      onProgress: (p) => {
        if (!grown && p.active.some((a) => a.name === 'grows.txt' && a.done > 0)) {
          grown = true;
          appendFileSync(join(folder, 'grows.txt'), 'more');
        }
      },
    });
    assert.deepEqual(summary.failed, []);
    assert.ok(grown);
    assert.ok(summary.notes.includes('Local file "grows.txt" changed while it was being sent; sync again to send its new content.'), summary.notes.join('\n'));
    assert.ok(summary.notes.some((n) => n.startsWith('Local file "0ddd') && n.includes('is left out')));
    const next = await compareFolder(swift, pair, { direction: 'push' });
    assert.deepEqual(
      next.entries.map((e) => [e.relative, e.kind]),
      [['grows.txt', 'changed']],
    );

    // A server that is down: every file is listed as failed with a sentence; the next sync sends them.
    writeFileSync(join(folder, 'later.txt'), 'later\n');
    const down = new SwiftClient(recordedHttpClient({ connectTimeoutMs: 2000 }), { storageUrl: 'http://127.0.0.1:9/v1/AUTH_x', tokens: f.tokens });
    const fresh = await compareFolder(swift, pair, { direction: 'push' });
    const failed = await runSync(down, fresh, { deleteExtras: true });
    assert.deepEqual(failed.failed.map((x) => x.relative).sort(), ['grows.txt', 'later.txt']);
    assert.ok(
      failed.failed.every((x) => /[.!?)]$/.test(x.reason) && x.reason.length > 10),
      JSON.stringify(failed.failed),
    );
    assert.equal(readFileSync(join(folder, 'later.txt'), 'utf8'), 'later\n');
    const retried = await runSync(swift, await compareFolder(swift, pair, { direction: 'push' }), { deleteExtras: false });
    assert.equal(retried.transferred.files, 2);
    assert.deepEqual(retried.failed, []);
  });

  it('a token expiring mid-sync is renewed and the sync completes; a cancel stops it, deletes nothing, and the next sync finishes', async () => {
    const container = await suite.container('sync-expiry');
    const folder = dir('expiry');
    writeTree(folder, new Map(Array.from({ length: 12 }, (_, i) => [`f${String(i).padStart(2, '0')}.txt`, `file ${i}\n`.repeat(i * 100)])));
    let current = await f.tokens.token();
    let renewals = 0;
    const tokens = {
      token: async () => current,
      renew: async () => {
        renewals++;
        current = await f.tokens.renew(current);
        return current;
      },
    };
    const client = new SwiftClient(recordedHttpClient(), { storageUrl: f.storageUrl, tokens });
    const pair = { folder, container, prefix: 'p/' };
    await f.swift.putObject(container, 'p/remote-extra.txt', Buffer.from('x'));
    const plan = await compareFolder(client, pair, { direction: 'push' });
    const stop = new AbortController();
    const cancelled = await runSync(client, plan, {
      deleteExtras: true,
      concurrency: 1,
      signal: stop.signal,
      onProgress: (p) => p.files.done >= 3 && stop.abort(),
    });
    assert.equal(cancelled.cancelled, true);
    assert.equal(cancelled.deleted, 0, 'no delete after a cancel');
    assert.ok(cancelled.transferred.files >= 3 && cancelled.transferred.files < 12, String(cancelled.transferred.files));

    let expired = false;
    const summary = await runSync(client, await compareFolder(client, pair, { direction: 'push' }), {
      deleteExtras: false,
      concurrency: 2,
      onProgress: (p) => {
        // The token stops being accepted in the middle of the batch (as one past its expiry is).
        if (!expired && p.files.done >= 2) {
          expired = true;
          current = 'gAAAAAexpired-token-of-this-test';
        }
      },
    });
    assert.ok(expired && renewals >= 1, `renewals ${renewals}`);
    assert.deepEqual(summary.failed, []);
    assert.equal(summary.transferred.files, 12 - cancelled.transferred.files);
    const remote = await remoteTree(container, 'p/');
    assert.deepEqual(new Map([...remote].filter(([k]) => k !== 'remote-extra.txt')), readTree(folder));
  });

  it("counts files uploaded by python-swiftclient's `swift upload` (plain and SLO segments) as identical", async () => {
    const container = await suite.container('sync-swiftclient');
    suite.created.push(segmentsContainer(container));
    const folder = dir('cli');
    const files = new Map<string, Buffer>([
      ['a.txt', Buffer.from('alpha\n')],
      ['sub/b.bin', randomBytes(123_456)],
    ]);
    // RGW answers ?multipart-manifest=get with an empty body (RGW-DIFFERENCES.md): large objects are compared on Swift.
    if (backend === 'swift') files.set('big.bin', randomBytes(3 * MIB + 17));
    writeTree(folder, files);
    execFileSync(
      'swift',
      ['--os-storage-url', f.storageUrl, '--os-auth-token', await f.tokens.token(), 'upload', '--use-slo', '--segment-size', String(MIB), container, '.'],
      {
        cwd: folder,
        stdio: 'pipe',
      },
    );
    const listed = await remoteTree(container);
    assert.deepEqual([...listed.keys()].sort(), [...files.keys()].sort());
    const plan = await compareFolder(swift, { folder, container, prefix: '' }, { direction: 'push' });
    assert.deepEqual(plan.entries, [], 'nothing to send');
    assert.deepEqual(plan.identical, { files: files.size, bytes: [...files.values()].reduce((n, b) => n + b.length, 0) });
    if (backend === 'swift') assert.ok((await swift.headObject(container, 'big.bin')).staticLargeObject, 'the CLI made a large object');
  });
});

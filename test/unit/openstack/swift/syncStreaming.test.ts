/**
 * Sync's compare holds neither side: the folder's walk and the container's listing are read together in one order
 * (a page at a time), identical paths are only counted, and a pull decides each object's local path as the listing
 * goes by (pullPaths.ts), holding aside only mapped names, and every name where the file system folds case.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SwiftClient, type FullListOptions } from '../../../../src/openstack/swift/client';
import { compareFolder, rulesFrom, type IgnoreRules, type SyncPlan } from '../../../../src/openstack/swift/sync';
import { localSegments } from '../../../../src/openstack/swift/transfer/localNames';
import { staticTokenSource } from '../../../../src/openstack/swift/tokenSource';
import { memorySwiftTest } from './transfer/memorySwift';

const NO_RULES = rulesFrom([]);

describe('sync: the compare streams both sides (loopback Swift)', () => {
  const t = memorySwiftTest('oss-sync-stream-', ['c']);
  const pair = () => ({ folder: t.dir, container: 'c', prefix: 'p/' });
  const local = (rel: string, body: string) => {
    mkdirSync(join(t.dir, ...rel.split('/').slice(0, -1)), { recursive: true });
    writeFileSync(join(t.dir, ...rel.split('/')), body);
  };
  const kinds = (plan: SyncPlan) => plan.entries.map((e) => `${e.relative}:${e.kind}`);
  const listings = () => t.swift.log.filter((l) => l.startsWith('GET /c?')).length;

  it('reads the walk and the listing together, a page at a time, and only counts identical paths', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `f${String(i).padStart(2, '0')}`);
    for (const n of names) {
      local(n, `body ${n}`);
      t.swift.put('c', `p/${n}`, `body ${n}`);
    }
    local('f05', 'other');
    // Each question to the rules says where the walk (first question of a path) or the listing (second) is.
    const judged: Array<{ path: string; listings: number }> = [];
    const rules: IgnoreRules = {
      sources: [],
      ignores: (path) => {
        judged.push({ path, listings: listings() });
        return false;
      },
    };
    const client = new SwiftClient(t.at.http, {
      storageUrl: `${t.at.server.origin}/v1/AUTH_test`,
      tokens: staticTokenSource('tok'),
      pageLimit: 2,
      now: () => 0,
    });
    const plan = await compareFolder(client, pair(), { direction: 'push', rules });
    assert.deepEqual(kinds(plan), ['f05:changed']);
    assert.deepEqual(plan.identical, { files: 19, bytes: 19 * 'body f00'.length });
    // Each path is asked about by the walk, then by the listing, before the walk goes on: the walk is not read ahead.
    assert.deepEqual(
      judged.map((j) => j.path),
      names.flatMap((n) => [n, n]),
    );
    // The listing's later pages are asked for after the first paths were compared: it is not read ahead either.
    assert.ok(judged[0].listings <= 2, `${judged[0].listings} listing requests before the first path`);
    assert.ok(listings() >= 10, `${listings()} listing requests in all`);
  });

  it("holds none of the listing's backward half: its pages go to the temporary file from the first, and come back exact", async () => {
    t.swift.listsBackwards = true;
    for (let i = 0; i < 30; i++) {
      const n = `f${String(i).padStart(2, '0')}`;
      local(n, `body ${n}`);
      t.swift.put('c', `p/${n}`, i === 7 ? 'changed' : `body ${n}`);
    }
    t.swift.put('c', 'p/g-remote', 'r');
    local('a-local', 'l');
    const client = new SwiftClient(t.at.http, {
      storageUrl: `${t.at.server.origin}/v1/AUTH_test`,
      tokens: staticTokenSource('tok'),
      pageLimit: 2,
      now: () => 0,
    });
    // Forward pages after the first come late: the backward cursor reads several pages before the two meet.
    const inner = t.at.handler;
    t.at.handler = (req, res) => {
      if (req.url.includes('marker=') && !req.url.includes('reverse=true')) setTimeout(() => inner(req, res), 15);
      else inner(req, res);
    };
    const asked: FullListOptions[] = [];
    const listAll = client.listAllObjects.bind(client);
    client.listAllObjects = (container, opts = {}) => {
      asked.push(opts);
      return listAll(container, opts);
    };
    const plan = await compareFolder(client, pair(), { direction: 'push', rules: NO_RULES });
    assert.deepEqual(
      asked.map((o) => o.spill),
      [{ heldEntries: 0 }],
    );
    // Read from both ends, the backward pages parsed back from the file: the plan is the same as one cursor's.
    const backward = t.swift.log.filter((l) => l.includes('reverse=true') && l.includes('prefix=')).length;
    assert.ok(backward >= 4, `${backward} backward pages`);
    assert.deepEqual(kinds(plan), ['a-local:new', 'f07:changed', 'g-remote:extra']);
    assert.equal(plan.identical.files, 29);
  });

  it('hashes at most `concurrency` files at once (4 unless said), while the listing waits', async () => {
    for (let i = 0; i < 8; i++) {
      local(`f${i}`, '0123456789');
      // Segments of 4 bytes, not the 5 asked: each file's ETag is found through its manifest, one GET each.
      ['0123', '4567', '89'].forEach((body, j) => t.swift.put('c_segments', `f${i}/${j}`, body));
      t.swift.putSlo(
        'c',
        `p/f${i}`,
        [0, 1, 2].map((j) => `/c_segments/f${i}/${j}`),
      );
    }
    const inner = t.at.handler;
    let inFlight = 0;
    let most = 0;
    t.at.handler = (req, res) => {
      if (!req.url.includes('multipart-manifest=get')) return inner(req, res);
      most = Math.max(most, ++inFlight);
      setTimeout(() => {
        inFlight--;
        inner(req, res);
      }, 30);
    };
    for (const [concurrency, expected] of [
      [undefined, 4],
      [2, 2],
      [0, 1],
    ] as const) {
      most = 0;
      const plan = await compareFolder(t.client, pair(), {
        direction: 'push',
        rules: NO_RULES,
        segmentSize: 5,
        ...(concurrency === undefined ? {} : { concurrency }),
      });
      assert.deepEqual(plan.identical.files, 8);
      assert.equal(most, expected, `concurrency ${concurrency}`);
    }
  });

  it('push: a file whose object name would be too long is refused, and the object of that name is neither changed nor extra', async () => {
    const name = Array.from({ length: 6 }, () => 'n'.repeat(200)).join('/'); // 1,205 bytes, 1,207 with "p/"
    local(name, 'local');
    t.swift.put('c', `p/${name}`, 'remote, longer');
    const plan = await compareFolder(t.client, pair(), { direction: 'push', rules: NO_RULES });
    assert.deepEqual(kinds(plan), []);
    assert.deepEqual(
      plan.refused.map((r) => r.name),
      [name],
    );
  });

  it('pull: an object another needs as a folder is refused once that one comes, its file then an extra', async () => {
    for (const n of ['a', 'a.txt', 'a/b', 'x', 'x/y', 'x/y/z']) t.swift.put('c', `p/${n}`, 'same');
    local('a', 'same'); // identical to object "a" until "a/b" says "a" must be a folder
    const plan = await compareFolder(t.client, pair(), { direction: 'pull', rules: NO_RULES, platform: 'linux' });
    assert.deepEqual(kinds(plan), ['a:extra', 'a.txt:new', 'a/b:new', 'x/y/z:new']);
    assert.deepEqual(plan.identical, { files: 0, bytes: 0 });
    assert.deepEqual(
      plan.refused.map((r) => [r.name, r.reason]),
      [
        ['p/a', 'another object needs a folder of this name'],
        ['p/x', 'another object needs a folder of this name'],
        ['p/x/y', 'another object needs a folder of this name'],
      ],
    );
  });

  it('pull: a mapped name meets its file at the end; one landing on a listed name is refused', async () => {
    const long = `${'x'.repeat(240)}.txt`;
    const mapped = localSegments(long, 'linux');
    assert.ok(mapped.ok && mapped.mapped);
    const shortened = mapped.segments[0];
    t.swift.put('c', `p/d/${long}`, 'same');
    local(`d/${shortened}`, 'same');
    const first = await compareFolder(t.client, pair(), { direction: 'pull', rules: NO_RULES, platform: 'linux' });
    assert.deepEqual([kinds(first), first.identical.files, first.refused], [[], 1, []]);

    // An object whose own name is the shortened one takes that file; the long name is refused.
    t.swift.put('c', `p/d/${shortened}`, 'same');
    const second = await compareFolder(t.client, pair(), { direction: 'pull', rules: NO_RULES, platform: 'linux' });
    assert.deepEqual([kinds(second), second.identical.files], [[], 1]);
    assert.deepEqual(
      second.refused.map((r) => [r.name, r.reason]),
      [[`p/d/${long}`, `it would be written to the same local file as "p/d/${shortened}"`]],
    );

    // An object that needs the shortened name as a folder refuses the long one too.
    t.swift.put('c', `p/d/${shortened}/under`, 'x');
    t.swift.containers.get('c')!.delete(`p/d/${shortened}`);
    const third = await compareFolder(t.client, pair(), { direction: 'pull', rules: NO_RULES, platform: 'linux' });
    assert.deepEqual(kinds(third), [`d/${shortened}:extra`, `d/${shortened}/under:new`]);
    assert.deepEqual(
      third.refused.map((r) => [r.name, r.reason]),
      [[`p/d/${long}`, 'another object needs a folder of this name']],
    );
  });

  it('pull: a listed object counted identical, or changed, and refused at the end gives its path to a mapped name', async () => {
    const long = `${'x'.repeat(240)}.txt`;
    const mapped = localSegments(long, 'linux');
    assert.ok(mapped.ok);
    const shortened = mapped.segments[0];
    // "d/SHORT" is listed and its file is the same: identical, until the mapped "d/LONG/inner" needs it as a folder.
    for (const [body, kind] of [
      ['same', 'identical'],
      ['other', 'changed'],
    ] as const) {
      t.swift.put('c', `p/d/${shortened}`, 'same');
      t.swift.put('c', `p/d/${long}/inner`, 'deep');
      local(`d/${shortened}`, body);
      const plan = await compareFolder(t.client, pair(), { direction: 'pull', rules: NO_RULES, platform: 'linux' });
      assert.deepEqual(kinds(plan), [`d/${shortened}:extra`, `d/${shortened}/inner:new`], kind);
      assert.deepEqual(plan.identical, { files: 0, bytes: 0 }, kind);
      assert.deepEqual(
        plan.refused.map((r) => [r.name, r.reason]),
        [[`p/d/${shortened}`, 'another object needs a folder of this name']],
      );
    }
  });

  it('pull where the file system folds case: names differing only in case are still found, the first kept', async () => {
    t.swift.put('c', 'p/A.txt', 'upper');
    t.swift.put('c', 'p/m', 'middle');
    t.swift.put('c', 'p/a.txt', 'lower');
    local('a.txt', 'lower');
    const plan = await compareFolder(t.client, pair(), { direction: 'pull', rules: NO_RULES, platform: 'darwin' });
    assert.deepEqual(kinds(plan), ['A.txt:new', 'a.txt:extra', 'm:new']);
    assert.deepEqual(
      plan.refused.map((r) => [r.name, r.reason]),
      [['p/a.txt', 'it would be written to the same local file as "p/A.txt"']],
    );
  });
});

/**
 * A push's small files many to a request (src/openstack/swift/transfer/archives.ts, archiveUploads.ts) against the
 * real servers:
 *  - where /info offers extract-archive (Swift), the files go in tar archives and are stored as a PUT of their own
 *    would store them: exact names (quotes, `%`, `?`, `#`, non-ASCII), bytes, X-Object-Meta-Mtime, Content-Type;
 *    a name an archive cannot keep (a line break) goes alone; on Ceph RGW (no bulk_upload) every file is a PUT;
 *  - Swift's answer is checked, not trusted (a front door in front of the real Swift changes it): an answer that
 *    claims files it did not store, one that names a failure, one that refuses the archive: each file not shown
 *    stored with its MD5 and size is sent again on its own, and the push ends with every object byte-exact.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RequestLogEntry } from '../../src/openstack/http';
import { SwiftClient } from '../../src/openstack/swift/client';
import { compareFolder, runSync } from '../../src/openstack/swift/sync';
import { guessContentType } from '../../src/openstack/swift/transfer/contentTypes';
import { mtimeText } from '../../src/openstack/swift/transfer/segments';
import { forEachBackend, whereBackend } from '../support/backends';
import { FrontDoor, type Fault } from '../support/frontDoor';
import { writeTree } from '../support/localFiles';
import { recordedHttpClient } from '../support/recordedHttp';
import { readAll, swiftSuite, type SwiftFixture } from '../support/swiftFixture';

const NEWLINE_NAME = 'line\nbreak.txt';

/** 70 small files with hostile names, one empty, one named with a line break (a push uses archives from 64 small files). */
function smallTree(): Map<string, Buffer> {
  const files = new Map<string, Buffer>([
    ['a "quoted" \'name\'.txt', Buffer.from('quoted\n')],
    ['spaces % ? # and & too.txt', Buffer.from('punctuation\n')],
    ['Zoë ☁/naïve.json', Buffer.from('{"a":1}\n')],
    ['100%25 literal.html', Buffer.from('<p>percent</p>\n')],
    ['日本語/ファイル.md', Buffer.from('# 見出し\n')],
    ['empty.bin', Buffer.alloc(0)],
    [NEWLINE_NAME, Buffer.from('alone\n')],
  ]);
  for (let i = 0; files.size < 70; i++) files.set(`data/f-${String(i).padStart(2, '0')}.bin`, randomBytes(500 + ((i * 997) % 20_000)));
  return files;
}

const isArchivePut = (e: RequestLogEntry) => e.method === 'PUT' && new URL(e.url).search.includes('extract-archive=tar');
const plainPuts = (log: RequestLogEntry[], container: string) =>
  log.filter((e) => e.method === 'PUT' && !isArchivePut(e) && new URL(e.url).pathname.includes(`/${encodeURIComponent(container)}/`));

forEachBackend('sync push: small files many to a request where the server offers it (integration)', function (backend) {
  this.timeout(120_000);
  let f: SwiftFixture;
  let work: string;
  const suite = swiftSuite((fixture) => (f = fixture), { backend });

  before(() => (work = mkdtempSync(join(tmpdir(), 'oss-archives-'))));
  after(() => rmSync(work, { recursive: true, force: true }));

  const folderWith = (files: Map<string, Buffer>) => {
    const folder = join(work, randomBytes(3).toString('hex'));
    mkdirSync(folder);
    writeTree(folder, files);
    return folder;
  };
  const push = async (client: SwiftClient, folder: string, container: string) => {
    const plan = await compareFolder(client, { folder, container, prefix: 'arch/' }, { direction: 'push' });
    return runSync(client, plan, { deleteExtras: false, smallFiles: { below: 1024 * 1024, concurrency: 8 } });
  };
  /** Every file is an object under arch/ with its bytes, its mtime and its content type. */
  const assertStored = async (folder: string, container: string, files: Map<string, Buffer>) => {
    for (const [relative, body] of files) {
      const name = `arch/${relative}`;
      const head = await f.swift.headObject(container, name);
      assert.equal(head.meta.mtime, mtimeText(statSync(join(folder, relative)).mtimeMs), `mtime of ${JSON.stringify(name)}`);
      assert.equal(head.contentType, guessContentType(relative), `content type of ${JSON.stringify(name)}`);
      assert.ok((await readAll((await f.swift.getObject(container, name)).body)).equals(body), `bytes of ${JSON.stringify(name)}`);
    }
  };

  it('stores every file as its own PUT would: exact names, bytes, mtime and content type; a line-break name goes alone', async () => {
    const container = await suite.container('archives');
    const files = smallTree();
    const folder = folderWith(files);
    const log: RequestLogEntry[] = [];
    const client = new SwiftClient(recordedHttpClient({ log: (e) => log.push(e) }), { storageUrl: f.storageUrl, tokens: f.tokens });
    const summary = await push(client, folder, container);
    assert.deepEqual(summary.failed, []);
    assert.equal(summary.transferred.files, files.size);
    const archives = log.filter(isArchivePut).length;
    const plain = plainPuts(log, container).map((e) => decodeURIComponent(new URL(e.url).pathname.split('/arch/')[1]));
    // Swift: 69 files in archives of at most 32, the line-break name alone. RGW offers no extract-archive.
    assert.deepEqual({ archives, plain: plain.length }, whereBackend(backend, { swift: { archives: 3, plain: 1 }, rgw: { archives: 0, plain: files.size } }));
    if (backend === 'swift') assert.deepEqual(plain, [NEWLINE_NAME]);
    await assertStored(folder, container, files);
    const again = await compareFolder(client, { folder, container, prefix: 'arch/' }, { direction: 'push' });
    assert.deepEqual(again.entries, [], 'a second push has nothing to send');
    assert.equal(again.identical.files, files.size);
  });

  if (backend !== 'swift') return;

  /** A push through a front door whose rule changes what Swift answers to archive uploads. */
  const pushThroughDoor = async (container: string, files: Map<string, Buffer>, fault: (body: Buffer) => Fault) => {
    const folder = folderWith(files);
    const door = await FrontDoor.start({ upstream: new URL(f.storageUrl).origin });
    try {
      door.fault = (req) => (req.method === 'PUT' && req.path.includes('extract-archive=tar') ? fault(Buffer.alloc(0)) : undefined);
      const log: RequestLogEntry[] = [];
      const storageUrl = f.storageUrl.replace(new URL(f.storageUrl).origin, door.url);
      const client = new SwiftClient(recordedHttpClient({ log: (e) => log.push(e) }), { storageUrl, tokens: f.tokens });
      const summary = await push(client, folder, container);
      return { folder, summary, log, archives: door.seen((r) => r.path.includes('extract-archive=tar')).length };
    } finally {
      await door.close();
    }
  };
  const json = (answer: object): Fault => ({
    kind: 'answer',
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: ` \n${JSON.stringify(answer)}`,
  });
  const filesOf = (n: number) => new Map(Array.from({ length: n }, (_, i) => [`x/${i}.txt`, Buffer.from(`file ${i} ${randomBytes(4).toString('hex')}\n`)]));

  it('an answer claiming files Swift never stored (one name held older bytes): none is counted until shown, each is sent again alone', async () => {
    const container = await suite.container('archives-lie');
    const files = filesOf(70);
    await f.swift.putObject(container, 'arch/x/3.txt', 'older bytes\n');
    const { folder, summary, log, archives } = await pushThroughDoor(container, files, () =>
      json({ 'Response Status': '201 Created', 'Response Body': '', 'Number Files Created': 32, Errors: [] }),
    );
    assert.equal(archives, 3);
    assert.deepEqual(summary.failed, []);
    assert.equal(summary.transferred.files, 70);
    assert.equal(plainPuts(log, container).length, 70, 'every file sent again on its own');
    await assertStored(folder, container, files);
  });

  it('an answer naming one failure: only that file is sent again; a refused archive: all of its files are', async () => {
    const container = await suite.container('archives-fail');
    const files = filesOf(70);
    const named = await pushThroughDoor(container, files, () => ({
      kind: 'alter',
      body: (real) => {
        const answer = JSON.parse(real.toString('utf8')) as { Errors: unknown[] };
        answer.Errors = [[encodeURIComponent(`${container}/arch/x/4.txt`), '400 Bad Request']];
        return Buffer.from(JSON.stringify(answer));
      },
    }));
    assert.deepEqual(named.summary.failed, []);
    assert.deepEqual(
      plainPuts(named.log, container).map((e) => decodeURIComponent(new URL(e.url).pathname.split('/arch/')[1])),
      ['x/4.txt'],
    );
    await assertStored(named.folder, container, files);

    const other = await suite.container('archives-refused');
    const refused = await pushThroughDoor(other, files, () =>
      json({ 'Response Status': '413 Request Entity Too Large', 'Response Body': 'too big', 'Number Files Created': 0, Errors: [] }),
    );
    assert.deepEqual(refused.summary.failed, []);
    assert.equal(plainPuts(refused.log, other).length, 70);
    await assertStored(refused.folder, other, files);
  });
});

/**
 * Two transfer rules the other transfer tests leave open: a segment whose ETag is not a plain MD5 (Ceph RGW's
 * `md5-N` of a multipart upload, or any other form) is not compared with the manifest's hash, and the files of a
 * folder are uploaded in the order JavaScript compares their names (the order of every list shown), not libuv's.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SwiftClient } from '../../../../../src/openstack/swift/client';
import { downloadObjects, planDownload } from '../../../../../src/openstack/swift/transfer/download';
import { collectUploads } from '../../../../../src/openstack/swift/transfer/localFiles';
import { MemorySwift, memorySwiftTest } from './memorySwift';

describe('transfer: segment ETags that are not MD5s, upload order', () => {
  const t = memorySwiftTest('oss-transfer-order-');
  let swift: MemorySwift;
  let client: SwiftClient;
  let dir: string;

  beforeEach(() => ({ swift, client, dir } = t));

  it('downloads an SLO whose segments answer with ETags that are not plain MD5s, by their bytes', async () => {
    const parts = ['first part ', 'second part'];
    parts.forEach((p, i) => swift.put('s', `big/${i}`, p));
    swift.putSlo('c', 'big', ['/s/big/0', '/s/big/1']);
    // A multipart ETag ("<md5>-2") and one with something before the hex: neither is an MD5 to compare.
    swift.tamper = (c, name, o) => (c !== 's' ? undefined : name === 'big/0' ? { etag: `${'0'.repeat(32)}-2` } : { etag: `x${o.etag}` });
    const summary = await downloadObjects(client, await planDownload(client, [{ container: 'c', object: 'big' }], dir), { overwrite: false, concurrency: 2 });
    assert.deepEqual(summary.failed, []);
    assert.equal(readFileSync(join(dir, 'big'), 'utf8'), parts.join(''));
    assert.ok(swift.log.includes('GET /s/big/0') && swift.log.includes('GET /s/big/1'), swift.log.join('\n'));
    // The bytes are still checked against the manifest's MD5: a corrupt segment under such an ETag fails.
    swift.tamper = (c, name) => (c === 's' && name === 'big/1' ? { body: Buffer.from('SECOND PART'), etag: `${'0'.repeat(32)}-2` } : undefined);
    const again = await downloadObjects(client, await planDownload(client, [{ container: 'c', object: 'big' }], join(dir, 'again')), { overwrite: false });
    assert.equal(again.failed.length, 1);
    assert.deepEqual(again.downloaded, []);
  });

  it("uploads a folder's files in JavaScript's name order, not the file system's byte order", async () => {
    mkdirSync(join(dir, 'tree'));
    // UTF-8 byte order puts U+FF01 (EF BC 81) before U+1F600 (F0 9F 98 80); UTF-16 order the other way round.
    for (const n of ['\uff01.txt', '\u{1f600}.txt', 'b.txt', 'B.txt']) writeFileSync(join(dir, 'tree', n), n);
    const { items } = await collectUploads([join(dir, 'tree')], 'up/');
    assert.deepEqual(
      items.map((i) => i.name),
      ['up/tree/B.txt', 'up/tree/b.txt', 'up/tree/\u{1f600}.txt', 'up/tree/\uff01.txt'],
    );
  });
});

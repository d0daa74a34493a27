/**
 * Small files' own limiter (uploadFiles' `smallFiles`): a loopback server holds every PUT until as many as the
 * limit allows are in flight, then answers them together, so the peak it sees is the number in flight. A limiter
 * too narrow never reaches the count (the test times out); one too wide goes past it.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SwiftClient, staticTokenSource } from '../../../../../src/openstack/swift/client';
import { smallFilesFor, uploadFiles } from '../../../../../src/openstack/swift/transfer';
import { reply } from '../../../../support/loopbackServer';
import { loopbackSwift } from '../loopbackSwift';

describe('uploadFiles: small files have a limiter of their own', () => {
  const at = loopbackSwift();
  let work: string;
  before(() => (work = mkdtempSync(join(tmpdir(), 'oss-small-files-'))));
  after(() => rmSync(work, { recursive: true, force: true }));

  /** Files of the given sizes; a server that answers PUTs in groups of `group` (the rest at the end). */
  const run = async (sizes: number[], group: (pending: number) => number, options: Parameters<typeof uploadFiles>[2]) => {
    const held: Array<{ res: ServerResponse; etag: string; bytes: number }> = [];
    const seen: number[][] = [];
    let left = sizes.length;
    at.handler = (req, res) => {
      held.push({ res, etag: createHash('md5').update(req.body).digest('hex'), bytes: req.body.length });
      if (held.length < group(left)) return;
      seen.push(held.map((h) => h.bytes));
      left -= held.length;
      for (const h of held.splice(0)) reply(h.res, 201, '', { etag: h.etag });
    };
    const items = sizes.map((size, i) => {
      const localPath = join(work, `f${i}`);
      writeFileSync(localPath, Buffer.alloc(size, i));
      return { localPath, name: `f${i}`, size, mtimeMs: 0 };
    });
    const client = new SwiftClient(at.http, { storageUrl: `${at.server.origin}/v1/AUTH_t`, tokens: staticTokenSource('tok-123456') });
    const summary = await uploadFiles(client, items, options);
    assert.deepEqual(summary.failed, []);
    assert.equal(summary.uploaded.length, sizes.length);
    return seen;
  };

  it('runs up to smallFiles.concurrency small PUTs at once, beside the main limit', async () => {
    const seen = await run(Array(12).fill(100), (left) => Math.min(6, left), {
      container: 'c',
      concurrency: 2,
      smallFiles: { below: 1024, concurrency: 6 },
    });
    assert.deepEqual(
      seen.map((g) => g.length),
      [6, 6],
    );
  });

  it('keeps files from `below` up on the main limiter: the two limits add up, neither is shared', async () => {
    // 7 at once only when the big file holds the main limiter's one slot and the six small ones their own six.
    const seen = await run([2048, 2048, ...Array(6).fill(100)], (left) => Math.min(7, left), {
      container: 'c',
      concurrency: 1,
      smallFiles: { below: 1024, concurrency: 6 },
    });
    assert.deepEqual(
      seen.map((g) => g.sort((x, y) => y - x)),
      [[2048, 100, 100, 100, 100, 100, 100], [2048]],
    );
  });

  it('the default small-file width follows the setting: 4 times it, at most 16, never below it', () => {
    assert.deepEqual(
      [1, 2, 4, 8, 32].map((c) => smallFilesFor(c)),
      [4, 8, 16, 16, 32].map((w) => ({ below: 1024 * 1024, concurrency: w })),
    );
  });

  it('without smallFiles, small files share the main limit', async () => {
    const seen = await run(Array(4).fill(100), (left) => Math.min(2, left), { container: 'c', concurrency: 2 });
    assert.deepEqual(
      seen.map((g) => g.length),
      [2, 2],
    );
  });
});

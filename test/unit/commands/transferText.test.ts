/** The words of transfers: progress line, upload and download summaries (what moved, reused, failed and why). */
import * as assert from 'node:assert/strict';
import { OpenStackError } from '../../../src/openstack/errors';
import { downloadSummaryText, percentOf, progressLine, uploadSummaryText } from '../../../src/commands/transferText';
import type { DownloadPlan, DownloadSummary, UploadSummary } from '../../../src/openstack/swift/transfer';

const item = (name: string, size: number) => ({ localPath: `/tmp/${name}`, name, size, mtimeMs: 0 });

describe('transfer: messages', () => {
  it('progress: finished files of the total, bytes, the current file; percent of bytes', () => {
    const p = {
      files: { total: 12, done: 2, failed: 1, skipped: 0 },
      bytes: { total: 2048, done: 1024 },
      active: [{ name: 'a/b/photo "1".jpg', done: 1, total: 2 }],
    };
    assert.equal(progressLine(p), '3 of 12 files · 1.00 KiB of 2.00 KiB · "photo \\"1\\".jpg"');
    assert.equal(percentOf(p), 50);
    assert.equal(percentOf({ files: { total: 2, done: 1, failed: 0, skipped: 0 }, bytes: { total: 0, done: 0 }, active: [] }), 50);
  });
  it('upload summary: counts, reused segments, failures with their reason and request id', () => {
    const ok: UploadSummary = {
      uploaded: [
        { item: item('a.txt', 10), etag: 'x' },
        { item: item('big.iso', 2048), etag: 'y', segments: { count: 4, reused: 3, size: 512 } },
      ],
      failed: [],
      reusedSegments: 3,
      resent: 0,
      bytesSent: 10,
      cancelled: false,
    };
    assert.deepEqual(uploadSummaryText(ok, 'container "docs"', 0), {
      level: 'info',
      message: 'Uploaded 2 files (2.01 KiB) to container "docs"; 1 large file in segments, 3 segments reused from an earlier upload.',
    });
    const error = new OpenStackError('forbidden', 'Cannot upload object "b" in container "docs": access denied (HTTP 403).', { requestId: 'tx123' });
    const bad = uploadSummaryText({ ...ok, uploaded: [], failed: [{ name: 'b', error }] }, 'container "docs"', 1);
    assert.equal(bad.level, 'error');
    assert.match(
      bad.message,
      /^Uploaded 0 files \(0 B\) to container "docs"; 1 link or special file skipped\. 1 file failed: "b": Cannot upload object "b" .*HTTP 403.*\[request id tx123\]/,
    );
    const cancelled = uploadSummaryText({ ...ok, cancelled: true }, 'container "docs"', 0);
    assert.equal(cancelled.level, 'warning');
    assert.match(cancelled.message, /^Upload cancelled: uploaded 2 files .* \(finished segments are reused\)\.$/);
  });
  it('download summary: verification, kept files, names refused with the reason, partial files removed on cancel', () => {
    const entry = (name: string) => ({ name, relative: name, container: 'c', bytes: 5 });
    const plan: DownloadPlan = {
      target: '/tmp/t',
      items: [
        { entry: entry('a'), path: '/tmp/t/a' },
        { entry: entry('s'), path: '/tmp/t/s' },
      ],
      refused: [{ entry: entry('../x'), reason: 'the name has a "." or ".." path segment' }],
      folderMarkers: 0,
    };
    const s: DownloadSummary = {
      downloaded: [
        { item: plan.items[0], verified: 'md5' },
        { item: plan.items[1], verified: 'slo' },
      ],
      kept: [],
      failed: [],
      cancelled: true,
    };
    const text = downloadSummaryText(s, plan);
    assert.equal(text.level, 'warning');
    assert.equal(
      text.message,
      'Download cancelled: saved 2 files (10 B) to /tmp/t, each checked against its ETag; 1 large object checked segment by segment. 1 object not saved because of its name: "../x" (the name has a "." or ".." path segment). Partial files were removed.',
    );
    // A server that does not return manifests (RGW): the large object is said to be checked by its size only.
    const rgw = downloadSummaryText({ ...s, downloaded: [{ item: plan.items[1], verified: 'sizeNoManifest' }], cancelled: false }, { ...plan, refused: [] });
    assert.equal(
      rgw.message,
      'Downloaded 1 file (5 B) to /tmp/t, each checked against its ETag; 1 large object checked by size only, because this server does not return large-object manifests.',
    );
  });
});

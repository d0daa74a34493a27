/**
 * A cancel reaches the request in flight, whichever it is: each test leaves one request of a download or an upload
 * unanswered (the server never replies), cancels when it arrives, and expects the transfer to end cancelled with no
 * file left. A request sent without the transfer's signal would wait forever, and the test would time out.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isOpenStackError } from '../../../../../src/openstack/errors';
import type { SwiftClient } from '../../../../../src/openstack/swift/client';
import { downloadObjects, planDownload, type DownloadSummary } from '../../../../../src/openstack/swift/transfer/download';
import type { UploadItem } from '../../../../../src/openstack/swift/transfer/localFiles';
import { uploadFiles } from '../../../../../src/openstack/swift/transfer/uploadFiles';
import type { SeenRequest } from '../../../../support/loopbackServer';
import { MemorySwift, memorySwiftTest } from './memorySwift';

/** `METHOD /container[/object]` of a request, decoded, with its query string; as MemorySwift logs it. */
function keyOf(req: SeenRequest): string {
  const url = new URL(req.url, 'http://x');
  return `${req.method} ${decodeURIComponent(url.pathname.replace(/^\/v1\/AUTH_test/, ''))}${url.search}`;
}

describe('transfer: a cancel reaches the request in flight (loopback Swift)', () => {
  const t = memorySwiftTest('oss-cancel-', ['c']);
  let swift: MemorySwift;
  let client: SwiftClient;
  let dir: string;
  let controller: AbortController;
  /** The requests left unanswered. */
  let held: string[];
  /** Answers the held requests (the shared /info request is abandoned, not cancelled: it must end for the client to close). */
  let release: () => void;

  beforeEach(() => {
    ({ swift, client, dir } = t);
    controller = new AbortController();
    held = [];
    release = () => undefined;
  });

  /** The first request whose key `matches` is never answered; the transfer is cancelled when it arrives. */
  function holdAndCancel(matches: (key: string) => boolean) {
    t.at.handler = (req, res) => {
      const key = keyOf(req);
      if (!held.length && matches(key)) {
        held.push(key);
        release = () => swift.handler(req, res);
        controller.abort();
        return;
      }
      swift.handler(req, res);
    };
  }

  function assertCancelledDownload(summary: DownloadSummary) {
    assert.equal(held.length, 1, 'the request was held');
    assert.deepEqual([summary.cancelled, summary.downloaded, summary.failed, summary.kept], [true, [], [], []]);
    assert.deepEqual(readdirSync(dir), [], 'no file, partial or whole');
  }

  /** Segments s/name/i holding `parts`, and the SLO c/name over them. */
  function slo(name: string, parts: string[]) {
    parts.forEach((p, i) => swift.put('s', `${name}/${i}`, p));
    swift.putSlo(
      'c',
      name,
      parts.map((_, i) => `/s/${name}/${i}`),
    );
  }

  it('planning: the HEAD of an object and the listing of a prefix', async () => {
    swift.put('c', 'o', 'body');
    holdAndCancel((k) => k === 'HEAD /c/o');
    await assert.rejects(planDownload(client, [{ container: 'c', object: 'o' }], dir, controller.signal), (e: unknown) => isOpenStackError(e, 'cancelled'));
    controller = new AbortController();
    held = [];
    holdAndCancel((k) => k.startsWith('GET /c?'));
    await assert.rejects(planDownload(client, [{ container: 'c', prefix: '', localBase: '' }], dir, controller.signal), (e: unknown) =>
      isOpenStackError(e, 'cancelled'),
    );
  });

  it('downloading a whole object: its GET', async () => {
    swift.put('c', 'o', 'body');
    const plan = await planDownload(client, [{ container: 'c', object: 'o' }], dir);
    holdAndCancel((k) => k === 'GET /c/o');
    assertCancelledDownload(await downloadObjects(client, plan, { overwrite: false, signal: controller.signal }));
  });

  it('downloading an SLO: the GET of its manifest, and the GET of a segment', async () => {
    slo('big', ['first ', 'second ', 'third']);
    const plan = await planDownload(client, [{ container: 'c', object: 'big' }], dir);
    holdAndCancel((k) => k === 'GET /c/big?multipart-manifest=get');
    assertCancelledDownload(await downloadObjects(client, plan, { overwrite: false, signal: controller.signal }));
    controller = new AbortController();
    held = [];
    holdAndCancel((k) => k === 'GET /s/big/1');
    assertCancelledDownload(await downloadObjects(client, plan, { overwrite: false, concurrency: 1, signal: controller.signal }));
  });

  it('downloading an SLO from a server without manifests: the listing of where its segments are', async () => {
    swift.manifestsUnreadable = true;
    swift.put('c_segments', 'big/slo/1700000000.000000/6/3/00000000', 'abc');
    swift.put('c_segments', 'big/slo/1700000000.000000/6/3/00000001', 'def');
    swift.putSlo('c', 'big', ['/c_segments/big/slo/1700000000.000000/6/3/00000000', '/c_segments/big/slo/1700000000.000000/6/3/00000001']);
    const plan = await planDownload(client, [{ container: 'c', object: 'big' }], dir);
    holdAndCancel((k) => k.startsWith('GET /c_segments?'));
    assertCancelledDownload(await downloadObjects(client, plan, { overwrite: false, signal: controller.signal }));
  });

  function file(name: string, body: string): UploadItem {
    const localPath = join(dir, name);
    writeFileSync(localPath, body);
    return { localPath, name, size: body.length, mtimeMs: 1_700_000_000_250 };
  }

  for (const [what, matches] of [
    ['a plain PUT', (k: string) => k === 'PUT /c/small'],
    ['the cluster’s /info, read for a large file', (k: string) => k === 'GET /info'],
    ['the creation of the segments container', (k: string) => k === 'PUT /c_segments'],
    ['the listing of segments already there', (k: string) => k.startsWith('GET /c_segments?')],
    ['the PUT of a segment', (k: string) => k === 'PUT /c_segments/large/slo/1700000000.250000/12/4/00000001'],
    ['the PUT of the manifest', (k: string) => k === 'PUT /c/large?multipart-manifest=put'],
  ] as const) {
    it(`uploading: ${what}`, async () => {
      const items = what === 'a plain PUT' ? [file('small', 'small')] : [file('large', 'abcdefghijkl')];
      holdAndCancel(matches);
      const summary = await uploadFiles(client, items, { container: 'c', sloThreshold: 10, segmentSize: 4, concurrency: 1, signal: controller.signal });
      const objects = [...swift.containers.get('c')!.keys()];
      release();
      assert.equal(held.length, 1, 'the request was held');
      assert.deepEqual([summary.cancelled, summary.uploaded, summary.failed], [true, [], []]);
      assert.deepEqual(objects, [], 'no object appeared');
    });
  }
});

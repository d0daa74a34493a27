// SwiftClient pinned where mutation testing found it loose: the sentence of every call's failure (its verb and
// target, the statuses it explains), the container listing's start below a prefix (Ceph RGW), empty (204)
// listings, Ceph RGW's listing of large-object manifests and of their copies (sizes from a HEAD), the reverse
// check remembered once known, the upload's checksum sentence, and a container HEAD's temp URL keys masked.
import * as assert from 'node:assert/strict';
import { isOpenStackError } from '../../../../src/openstack/errors';
import { SwiftClient, markerBelow, staticTokenSource } from '../../../../src/openstack/swift/client';
import type { ListingEntry, ObjectEntry } from '../../../../src/openstack/swift/listing';
import { reply } from '../../../support/loopbackServer';
import { failure, loopbackSwift } from './loopbackSwift';

const EMPTY_MD5 = 'd41d8cd98f00b204e9800998ecf8427e';

async function all<T>(pages: AsyncIterable<{ entries: T[] }>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...page.entries);
  return out;
}

describe('swift/client: requests and sentences', () => {
  const at = loopbackSwift();
  const swift = (pageLimit?: number) =>
    new SwiftClient(at.http, { storageUrl: `${at.server.origin}/v1/AUTH_t`, tokens: staticTokenSource('tok-requests'), pageLimit });
  const requests = () => at.server.seen.map((r) => `${r.method} ${decodeURIComponent(r.url)}`);
  const json = (res: Parameters<typeof reply>[0], body: unknown, headers: Record<string, string> = {}) =>
    reply(res, 200, JSON.stringify(body), { 'content-type': 'application/json', ...headers });

  it('names the operation and its target in every failure, with the explanation of the statuses Swift documents', async () => {
    at.handler = (req, res) => reply(res, req.url.includes('/busy') ? 409 : 404, '<html><h1>Not Found</h1></html>');
    const c = swift(10);
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => c.headAccount(), 'Cannot read the account: not found (HTTP 404).'],
      [() => c.postAccount({ 'x-account-meta-a': '1' }), 'Cannot update the account: not found (HTTP 404).'],
      [() => all(c.listContainers()), 'Cannot list the containers of the account: not found (HTTP 404).'],
      [() => c.headContainer('c'), 'Cannot read container "c": the container does not exist (HTTP 404).'],
      [() => c.createContainer('c'), 'Cannot create container "c": not found (HTTP 404).'],
      [() => c.postContainer('c', {}), 'Cannot update container "c": the container does not exist (HTTP 404).'],
      [() => c.deleteContainer('c'), 'Cannot delete container "c": the container does not exist (HTTP 404).'],
      [() => c.deleteContainer('busy'), 'Cannot delete container "busy": the container is not empty; delete its objects first (HTTP 409).'],
      [() => all(c.listObjects('c')), 'Cannot list container "c": the container does not exist (HTTP 404).'],
      [() => all(c.listObjects('c', { delimiter: '/' })), 'Cannot list container "c": the container does not exist (HTTP 404).'],
      [() => c.honoursReverse('c'), 'Cannot list container "c": the container does not exist (HTTP 404).'],
      [() => c.headObject('c', 'o'), 'Cannot read object "o" in container "c": not found (HTTP 404).'],
      [() => c.getObject('c', 'o'), 'Cannot download object "o" in container "c": not found (HTTP 404).'],
      [() => c.putObject('c', 'o', 'abc'), 'Cannot upload object "o" in container "c": the container does not exist (HTTP 404).'],
      [() => c.postObject('c', 'o', {}), 'Cannot update object "o" in container "c": not found (HTTP 404).'],
      [() => c.deleteObject('c', 'o'), 'Cannot delete object "o" in container "c": not found (HTTP 404).'],
      [() => c.info(), 'Cannot read the cluster capabilities (/info): not found (HTTP 404).'],
    ];
    for (const [call, message] of cases) assert.equal((await failure(call())).message, message);
    const full = await failure(
      (async () => {
        for await (const _ of c.listAllObjects('c', { count: 0 })) void _;
      })(),
    );
    assert.equal(full.message, 'Cannot list container "c": the container does not exist (HTTP 404).');
  });

  it('says a cancel while waiting for /info in one sentence', async () => {
    const controller = new AbortController();
    controller.abort();
    at.handler = (_req, res) => json(res, { swift: { container_listing_limit: 5 } });
    const e = await failure(swift().info(controller.signal));
    assert.ok(isOpenStackError(e, 'cancelled'));
    assert.equal(e.message, 'Cancelled: read the cluster capabilities (/info).');
  });

  describe('the container listing', () => {
    /** The marker (decoded) of each container listing request. */
    const markers = () => at.server.seen.map((r) => new URL(r.url, 'http://x').searchParams.get('marker'));

    it('starts just below a prefix (Ceph RGW counts the limit before the prefix), or at a marker past it', async () => {
      at.handler = (_req, res) => json(res, []);
      const c = swift(10);
      await all(c.listContainers({ prefix: 'q' }));
      await all(c.listContainers({ prefix: 'q', marker: 'qa' }));
      await all(c.listContainers({ prefix: 'q', marker: 'a' }));
      await all(c.listContainers({ prefix: 'q', marker: 'p\u{10FFFF}' }));
      await all(c.listContainers({ marker: 'm' }));
      await all(c.listContainers({ prefix: 'q', reverse: true }));
      await all(c.listContainers({ prefix: 'q', reverse: true, marker: 'r' }));
      await all(c.listContainers());
      assert.deepEqual(markers(), [markerBelow('q'), 'qa', markerBelow('q'), markerBelow('q'), 'm', null, 'r', null]);
      assert.equal(markerBelow('q'), 'p\u{10FFFF}');
    });

    it('sends the query it is given, and reads an empty (204) answer as no containers', async () => {
      at.handler = (_req, res) => reply(res, 204);
      const c = swift(3);
      const pages = [];
      for await (const page of c.listContainers({ prefix: 'p', endMarker: 'z', reverse: true })) pages.push(page);
      assert.deepEqual(pages, [{ entries: [], nextMarker: undefined }]);
      assert.deepEqual(requests(), ['GET /v1/AUTH_t?format=json&limit=3&end_marker=z&prefix=p&reverse=true']);
    });

    it('pages the containers in the order given, after the last name of each full page', async () => {
      const names = ['a', 'b', 'c', 'd', 'e'];
      at.handler = (req, res) => {
        const q = new URL(req.url, 'http://x').searchParams;
        const after = q.get('marker');
        json(
          res,
          names
            .filter((n) => !after || n > after)
            .slice(0, Number(q.get('limit')))
            .map((name) => ({ name, count: 1, bytes: 2 })),
        );
      };
      const listed = await all(swift(2).listContainers());
      assert.deepEqual(
        listed.map((c) => c.name),
        names,
      );
      assert.deepEqual(markers(), [null, 'b', 'd']);
    });
  });

  describe('object listings', () => {
    it('reads an empty (204) answer as no objects, with and without a delimiter, and for the reverse check', async () => {
      at.handler = (req, res) => (req.url === '/info' ? json(res, { swift: { max_object_name_length: 1024 } }) : reply(res, 204));
      const c = swift(5);
      assert.deepEqual(await all(c.listObjects('c')), []);
      assert.deepEqual(await all(c.listObjects('c', { delimiter: '/' })), []);
      assert.equal(await c.honoursReverse('c'), false);
      const batches = [];
      for await (const batch of c.listAllObjects('c', { count: 0 })) batches.push(batch);
      assert.deepEqual(batches.flat(), []);
    });

    it('sends the bounds, prefix, delimiter and order of a page', async () => {
      at.handler = (req, res) => (req.url === '/info' ? json(res, { swift: { max_object_name_length: 1024 } }) : json(res, []));
      const c = swift(4);
      await all(c.listObjects('c', { prefix: 'a/', marker: 'a/b', endMarker: 'a/y', delimiter: '/' }));
      await all(c.listObjects('c', { prefix: '', endMarker: '', delimiter: '' }));
      assert.deepEqual(
        requests().filter((r) => r.startsWith('GET /v1')),
        ['GET /v1/AUTH_t/c?format=json&limit=4&marker=a/b&end_marker=a/y&prefix=a/&delimiter=/', 'GET /v1/AUTH_t/c?format=json&limit=4'],
      );
    });

    it('remembers that the server lists backwards once two names have shown it, not before', async () => {
      let names = ['a'];
      at.handler = (_req, res) =>
        json(
          res,
          [...names].reverse().map((name) => ({ name })),
        );
      const c = swift(5);
      assert.equal(await c.honoursReverse('c'), false, 'one name shows nothing');
      names = ['a', 'b'];
      assert.equal(await c.honoursReverse('c'), true);
      assert.equal(await c.honoursReverse('other'), true, 'remembered');
      assert.equal(at.server.seen.length, 2);
      assert.deepEqual(requests(), ['GET /v1/AUTH_t/c?format=json&limit=2&reverse=true', 'GET /v1/AUTH_t/c?format=json&limit=2&reverse=true']);

      at.server.seen.length = 0;
      at.handler = (_req, res) => json(res, [{ name: 'a' }, { name: 'b' }]);
      const forwards = swift(5);
      assert.equal(await forwards.honoursReverse('c'), false, 'ascending: reverse=true ignored');
      assert.equal(await forwards.honoursReverse('c'), false);
      assert.equal(at.server.seen.length, 1, 'remembered too');
    });

    describe("Ceph RGW's large-object manifests and their copies", () => {
      /** A cluster (RGW or Swift by its /info) listing `entries`, with `heads` answering the HEADs of objects. */
      function cluster(server: 'rgw' | 'swift', entries: object[], heads: Record<string, number | Record<string, string>>) {
        const info = server === 'rgw' ? { max_object_name_size: 1024 } : { max_object_name_length: 1024 };
        at.handler = (req, res) => {
          if (req.url === '/info') return json(res, { swift: info });
          if (req.method === 'HEAD') {
            const name = decodeURIComponent(req.url.split('/').slice(4).join('/'));
            const head = heads[name];
            if (typeof head === 'number') return reply(res, head);
            res.writeHead(200, head ?? {});
            return void res.end();
          }
          const q = new URL(req.url, 'http://x').searchParams;
          if (q.get('reverse') === 'true' || q.get('marker')) return json(res, []);
          return json(res, entries);
        };
      }
      const listed = (name: string, bytes: number, more: object = {}) => ({ name, bytes, hash: EMPTY_MD5, content_type: 'x', ...more });
      const sizes = (entries: ListingEntry[]) =>
        Object.fromEntries(entries.map((e) => [(e as ObjectEntry).name, [(e as ObjectEntry).bytes, (e as ObjectEntry).sloEtag]]));
      const heads = () =>
        at.server.seen
          .filter((r) => r.method === 'HEAD')
          .map((r) => decodeURIComponent(r.url.split('/').slice(4).join('/')))
          .sort();

      it('asks a HEAD for the size and ETag of a manifest listed with the MD5 of nothing, and of an empty copy on RGW', async () => {
        cluster(
          'rgw',
          [
            listed('big', 169),
            listed('copy', 0),
            listed('dlo', 7),
            listed('folder/', 0),
            listed('plain', 5, { hash: 'abc' }),
            listed('swiftslo', 9, { slo_etag: '"s"' }),
          ],
          {
            big: { 'content-length': '5000', 'x-static-large-object': 'True', etag: '"e1"' },
            copy: { 'content-length': '300', 'x-static-large-object': 'True', etag: '"e2"' },
            dlo: { 'content-length': '70', etag: '"e3"' },
          },
        );
        const c = swift(10);
        assert.deepEqual(sizes(await all(c.listObjects('c'))), {
          big: [5000, 'e1'],
          copy: [300, 'e2'],
          'folder/': [0, undefined],
          plain: [5, undefined],
          swiftslo: [9, 's'],
          dlo: [70, undefined],
        });
        assert.deepEqual(heads(), ['big', 'copy', 'dlo']);
        at.server.seen.length = 0;
        const batches: ObjectEntry[] = [];
        for await (const batch of c.listAllObjects('c', { count: 6 })) batches.push(...batch);
        assert.deepEqual(sizes(batches), {
          big: [5000, 'e1'],
          copy: [300, 'e2'],
          'folder/': [0, undefined],
          plain: [5, undefined],
          swiftslo: [9, 's'],
          dlo: [70, undefined],
        });
        assert.deepEqual(heads(), ['big', 'copy', 'dlo'], 'the full listing too');
      });

      it('a listing of names (listAllNames) asks no HEAD, on RGW or Swift, from both ends or with one cursor: no page is parsed in full', async () => {
        const entries = [listed('big', 169), listed('copy', 0), listed('dlo', 7), listed('plain', 5, { hash: 'abc' })];
        for (const server of ['rgw', 'swift'] as const) {
          cluster(server, entries, { big: 404, copy: 404, dlo: 404 });
          for (const opts of [{ count: 4 }, { concurrency: 1 }, {}]) {
            at.server.seen.length = 0;
            const names: string[] = [];
            for await (const batch of swift(10).listAllNames('c', opts)) names.push(...batch);
            assert.deepEqual(names, ['big', 'copy', 'dlo', 'plain'], `${server} ${JSON.stringify(opts)}`);
            // (Without a count, Swift's listing asks the container's: a HEAD of the container, named '' here.)
            assert.deepEqual(
              heads().filter((name) => name),
              [],
              `${server} ${JSON.stringify(opts)}`,
            );
          }
          // The same listing in full asks for the sizes the listing may have wrong (a HEAD each, answered 404 here).
          at.server.seen.length = 0;
          for await (const batch of swift(10).listAllObjects('c', { count: 4 })) void batch;
          assert.deepEqual(heads(), server === 'rgw' ? ['big', 'copy', 'dlo'] : ['big', 'dlo'], server);
        }
      });

      it('asks for an empty copy on RGW without a folder marker in the page, and lists as is when /info fails', async () => {
        cluster('rgw', [listed('copy', 0)], { copy: { 'content-length': '300', 'x-static-large-object': 'True', etag: '"e2"' } });
        assert.deepEqual(sizes(await all(swift(10).listObjects('c'))), { copy: [300, 'e2'] });
        const inner = at.handler;
        at.handler = (req, res) => (req.url === '/info' ? reply(res, 503) : inner(req, res));
        assert.deepEqual(sizes(await all(swift(10).listObjects('c'))), { copy: [0, undefined] });
      });

      it('on Swift, an empty object is what it says: no HEAD', async () => {
        cluster('swift', [listed('empty', 0), listed('odd', 3)], { odd: { 'content-length': '3' } });
        assert.deepEqual(sizes(await all(swift(10).listObjects('c'))), { empty: [0, undefined], odd: [3, undefined] });
        assert.deepEqual(heads(), ['odd']);
      });

      it('keeps an entry deleted since the listing as listed, and fails on any other HEAD error', async () => {
        cluster('rgw', [listed('gone', 169), listed('kept', 1, { hash: 'x' })], { gone: 404 });
        assert.deepEqual(sizes(await all(swift(10).listObjects('c'))), { gone: [169, undefined], kept: [1, undefined] });
        cluster('rgw', [listed('broken', 169)], { broken: 500 });
        const e = await failure(all(swift(10).listObjects('c')));
        assert.ok(isOpenStackError(e, 'server'));
        assert.match(e.message, /^Cannot read object "broken" in container "c"/);
      });
    });
  });

  describe('uploads', () => {
    it("says what Swift answered and what was sent when the ETag is not the data's MD5", async () => {
      at.handler = (_req, res) => reply(res, 201);
      const e = await failure(swift().putObject('c', 'o', 'abc'));
      assert.ok(isOpenStackError(e, 'checksum'));
      assert.equal(
        e.message,
        'Cannot upload object "o" in container "c": Swift answered ETag (none) but the 3 bytes sent have MD5 900150983cd24fb0d6963f7d28e17f72; ' +
          'the object was left as Swift stored it: upload it again, or delete it.',
      );
      at.handler = (_req, res) => reply(res, 201, '', { etag: '"0123"' });
      assert.match((await failure(swift().putObject('c', 'o', 'abc'))).message, /Swift answered ETag 0123 but the 3 bytes/);
    });

    it('takes the ETag in capitals, and skips the check for a DLO manifest whatever the header’s case', async () => {
      at.handler = (_req, res) => reply(res, 201, '', { etag: '900150983CD24FB0D6963F7D28E17F72' });
      assert.deepEqual(await swift().putObject('c', 'o', 'abc'), { etag: '900150983CD24FB0D6963F7D28E17F72' });
      at.handler = (_req, res) => reply(res, 201, '', { etag: '"segments-etag"' });
      assert.deepEqual(await swift().putObject('c', 'm', '', { headers: { 'X-Object-Manifest': 'c/segments/' } }), { etag: 'segments-etag' });
      const e = await failure(swift().putObject('c', 'm', '', { headers: { 'x-object-meta-manifest': 'c/segments/' } }));
      assert.ok(isOpenStackError(e, 'checksum'), 'another header is checked as usual');
    });
  });

  it('masks the temp URL keys a container HEAD reveals in every later message', async () => {
    const key = 'container-temp-url-key-2-Xy7';
    at.handler = (req, res) =>
      req.method === 'HEAD' ? reply(res, 204, '', { 'x-container-meta-temp-url-key-2': key }) : reply(res, 400, `Bad request while using ${key}`);
    const c = swift();
    assert.deepEqual((await c.headContainer('c')).tempUrlKeys, [key]);
    const e = await failure(c.deleteObject('c', 'o'));
    assert.match(e.message, /Bad request while using/);
    assert.ok(!e.message.includes(key), e.message);
  });

  it('drops the trailing slashes of the storage URL', async () => {
    at.handler = (_req, res) => reply(res, 204);
    const c = new SwiftClient(at.http, { storageUrl: `${at.server.origin}/v1/AUTH_t///`, tokens: staticTokenSource('tok-requests') });
    assert.equal(c.storageUrl, `${at.server.origin}/v1/AUTH_t`);
    await c.headAccount();
    assert.deepEqual(requests(), ['HEAD /v1/AUTH_t']);
  });
  describe('delimited and full listings', () => {
    /** A small server (ASCII names): Swift, or Ceph RGW leaving out the folder of names with an empty segment. */
    function lister(names: string[], server: 'rgw' | 'swift' | 'unknown') {
      const sorted = [...names].sort();
      at.handler = (req, res) => {
        if (req.url === '/info') {
          if (server === 'unknown') return reply(res, 404);
          return json(res, { swift: server === 'rgw' ? { max_object_name_size: 1024 } : { max_object_name_length: 1024 } });
        }
        const q = new URL(req.url, 'http://x').searchParams;
        const [prefix, delimiter, marker, end] = ['prefix', 'delimiter', 'marker', 'end_marker'].map((k) => q.get(k) ?? '');
        const reverse = server !== 'rgw' && q.get('reverse') === 'true';
        const [low, high] = reverse ? [end, marker] : [marker, end];
        const out: Array<{ name: string } | { subdir: string }> = [];
        for (const n of reverse ? [...sorted].reverse() : sorted) {
          if (out.length >= Number(q.get('limit'))) break;
          if (!n.startsWith(prefix) || (low && n <= low) || (high && n >= high)) continue;
          const cut = delimiter ? n.indexOf(delimiter, prefix.length) : -1;
          if (cut === prefix.length && server === 'rgw') continue;
          if (cut < 0) out.push({ name: n });
          else if (!out.some((e) => 'subdir' in e && e.subdir === n.slice(0, cut + 1))) out.push({ subdir: n.slice(0, cut + 1) });
        }
        json(res, out);
      };
    }
    const markersOf = (entries: ListingEntry[]) => entries.map((e) => (e.kind === 'object' ? e.name : e.prefix));
    const probes = () => requests().filter((r) => r.includes('limit=1&'));

    it('puts the folder Ceph RGW leaves out where it belongs, in the page whose names reach past it', async () => {
      lister(['!a', '#b', '%c', '/lead', 'z'], 'rgw');
      const pages = [];
      for await (const page of swift(2).listObjects('c', { delimiter: '/' })) pages.push(markersOf(page.entries));
      assert.deepEqual(pages.flat(), ['!a', '#b', '%c', '/', 'z']);
      assert.deepEqual(probes(), ['GET /v1/AUTH_t/c?format=json&limit=1&prefix=/']);
      lister(['!a', '/lead'], 'rgw');
      assert.deepEqual(markersOf(await all(swift(5).listObjects('c', { delimiter: '/' }))), ['!a', '/'], 'after the last page');
    });

    it('asks for no folder past the range, nor on Swift, which lists every folder and fills its pages', async () => {
      lister(['!a', '/lead', 'p/x', 'z'], 'rgw');
      await all(swift(5).listObjects('c', { delimiter: '/', marker: '0' }));
      await all(swift(5).listObjects('c', { delimiter: '/', marker: '/' }));
      await all(swift(5).listObjects('c', { delimiter: '/', endMarker: '.' }));
      await all(swift(5).listObjects('c', { delimiter: '/', endMarker: '/' }));
      assert.deepEqual(probes(), []);
      await all(swift(5).listObjects('c', { delimiter: '/', prefix: 'p', endMarker: 'q' }));
      await all(swift(5).listObjects('c', { delimiter: '/', marker: '!a' }));
      assert.deepEqual(probes(), ['GET /v1/AUTH_t/c?format=json&limit=1&prefix=p/', 'GET /v1/AUTH_t/c?format=json&limit=1&prefix=/']);
      at.server.seen.length = 0;
      lister(['a', 'b'], 'swift');
      assert.deepEqual(markersOf(await all(swift(5).listObjects('c', { delimiter: '/' }))), ['a', 'b']);
      assert.deepEqual(
        requests().filter((r) => r.startsWith('GET /v1')),
        ['GET /v1/AUTH_t/c?format=json&limit=5&delimiter=/'],
        'a short page ends a Swift listing: no probe, no page after it',
      );
    });

    it('does not list a folder twice when the server lists it itself', async () => {
      lister(['!a', '/lead', 'z'], 'unknown');
      assert.deepEqual(markersOf(await all(swift(10).listObjects('c', { delimiter: '/' }))), ['!a', '/', 'z']);
      assert.equal(probes().length, 1);
    });

    it('checks a reverse listing on a forward-only server within its bounds only, and names the service', async () => {
      lister(['a', 'b', 'c', 'd', 'e'], 'rgw');
      const one = await all(swift(5).listObjects('c', { reverse: true, marker: 'c', endMarker: 'a' }));
      assert.ok(one.length <= 1, 'one name between the bounds: the same either way');
      const e = await failure(all(swift(5).listObjects('c', { reverse: true, marker: 'e', endMarker: 'a' })));
      assert.equal(e.kind, 'unsupported');
      assert.equal(e.service, 'object-store');
    });

    it('reads a full listing of exactly one page with one cursor, and forwards only when the reverse check fails', async () => {
      const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
      lister(names.slice(0, 3), 'swift');
      const batches: ObjectEntry[] = [];
      for await (const batch of swift(3).listAllObjects('c', { count: 3 })) batches.push(...batch);
      assert.deepEqual(
        batches.map((e) => e.name),
        ['a', 'b', 'c'],
      );
      assert.ok(!requests().some((r) => r.includes('reverse=true')));
      at.server.seen.length = 0;
      lister(names, 'rgw');
      const inner = at.handler;
      at.handler = (req, res) => (req.url.includes('limit=2&reverse=true') ? reply(res, 503) : inner(req, res));
      const listed: ObjectEntry[] = [];
      for await (const batch of swift(2).listAllObjects('c', { count: 7 })) listed.push(...batch);
      assert.deepEqual(
        listed.map((e) => e.name),
        names,
      );
      // /info says RGW: forward cursors over split ranges (splitListing.ts), no reverse check at all.
      assert.deepEqual(
        requests().filter((r) => r.includes('reverse=true')),
        [],
      );
    });

    it('after a cancelled read of the page size, a later listing still asks /info for it', async () => {
      lister(['a'], 'swift');
      const c = swift();
      assert.equal((await failure(all(c.listContainers({ signal: AbortSignal.abort() })))).kind, 'cancelled');
      at.handler = (req, res) => (req.url === '/info' ? json(res, { swift: { container_listing_limit: 7 } }) : json(res, []));
      await all(c.listObjects('c'));
      assert.ok(requests().includes('GET /v1/AUTH_t/c?format=json&limit=7'), requests().join('\n'));
    });
  });

  it('markerBelow drops a final NUL after several characters, and steps over the surrogates', () => {
    assert.equal(markerBelow('xy\0'), 'xy');
    assert.equal(markerBelow('a\ud801'), 'a\ud7ff\u{10FFFF}');
    assert.equal(markerBelow('\ud7ff'), '\ud7fe\u{10FFFF}');
  });
});

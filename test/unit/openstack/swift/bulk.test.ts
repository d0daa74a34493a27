import * as assert from 'node:assert/strict';
import { OpenStackError, isOpenStackError } from '../../../../src/openstack/errors';
import {
  type BulkDeleteHost,
  type BulkDeletePath,
  bulkDeleteLine,
  deleteInBulk,
  fitsBulkBody,
  parseBulkDeleteAnswer,
} from '../../../../src/openstack/swift/bulk';
import type { SwiftInfo } from '../../../../src/openstack/swift/info';
import type { SwiftRequest, SwiftTransport } from '../../../../src/openstack/swift/transport';

const PATHS: BulkDeletePath[] = [{ container: 'c', name: 'a b' }, { container: 'c', name: 'x/ä' }, { container: 'empty' }];

function answer(fields: Record<string, unknown>): string {
  return ` \n ${JSON.stringify(fields)}`;
}

/**
 * A host whose single deletes succeed unless `fail` names the path; records what was deleted alone and what was
 * looked at. A HEAD finds the paths of `present` (an error there is thrown instead), and nothing else.
 */
function fakeHost(
  info: Partial<SwiftInfo> | Error,
  fail: Record<string, unknown> = {},
  present: Record<string, true | Error> = {},
): BulkDeleteHost & { alone: string[]; looked: string[] } {
  const alone: string[] = [];
  const looked: string[] = [];
  const remove = async (path: string) => {
    alone.push(path);
    if (path in fail) throw fail[path];
  };
  const head = async (path: string) => {
    looked.push(path);
    const there = present[path];
    if (there instanceof Error) throw there;
    if (!there) throw new OpenStackError('notFound', `no ${path}`, { status: 404 });
    return {};
  };
  return {
    storageUrl: 'https://swift/v1/AUTH_a',
    alone,
    looked,
    headObject: (container, name) => head(`/${container}/${name}`),
    headContainer: (name) => head(`/${name}`),
    info: async () => {
      if (info instanceof Error) throw info;
      return { maxObjectNameLength: 1024, maxContainerNameLength: 256, ...info } as SwiftInfo;
    },
    deleteObject: (container, name) => remove(`/${container}/${name}`),
    deleteContainer: (name) => remove(`/${name}`),
  };
}

/** A transport that answers every bulk POST with `reply(lines)` (JSON, or text as it is); records the bodies. */
function fakeTransport(reply: (lines: string[]) => Record<string, unknown> | string): SwiftTransport & { bodies: string[]; requests: SwiftRequest[] } {
  const bodies: string[] = [];
  const requests: SwiftRequest[] = [];
  return {
    bodies,
    requests,
    send: async (_op: unknown, req: SwiftRequest) => {
      requests.push(req);
      bodies.push(String(req.body));
      const replied = reply(String(req.body).split('\n'));
      const text = typeof replied === 'string' ? replied : answer(replied);
      return { status: 200, headers: {}, text: async () => text };
    },
  } as unknown as SwiftTransport & { bodies: string[]; requests: SwiftRequest[] };
}

describe('swift/bulk', () => {
  it('writes one encoded line per path', () => {
    assert.equal(bulkDeleteLine({ container: 'c', name: 'a b/../ä' }), '/c/a%20b/%2E%2E/%C3%A4');
    assert.equal(bulkDeleteLine({ container: 'my c' }), '/my%20c');
  });

  it("takes a line into a bulk body only when it fits one chunk of Swift's reader", () => {
    // Chunk: 1024 + 256 + 2 bytes; the line and its newline must fit.
    assert.equal(fitsBulkBody('x'.repeat(1281)), true);
    assert.equal(fitsBulkBody('x'.repeat(1282)), false);
    assert.equal(fitsBulkBody('x'.repeat(11), 5, 5), true);
    assert.equal(fitsBulkBody('x'.repeat(12), 5, 5), false);
  });

  describe('parseBulkDeleteAnswer', () => {
    it('counts what went, and names each failure by its decoded path, as Swift or Ceph RGW writes it', () => {
      // RGW: no leading slash, and a container with a trailing one.
      for (const [x, empty] of [
        ['/c/x/%C3%A4', '/empty'],
        ['c/x/%C3%A4', 'empty/'],
      ]) {
        const result = parseBulkDeleteAnswer(
          answer({
            'Number Deleted': 1,
            'Number Not Found': 0,
            'Response Status': '400 Bad Request',
            'Response Body': '',
            Errors: [[x, '409 Conflict'], [empty, '409 Conflict'], 'junk', [7, 'no']],
          }),
          PATHS,
        );
        assert.deepEqual(result.items, [
          { container: 'c', name: 'a b', ok: true },
          { container: 'c', name: 'x/ä', ok: false, status: '409 Conflict' },
          { container: 'empty', ok: false, status: '409 Conflict' },
        ]);
        assert.deepEqual([result.deleted, result.notFound, result.failed], [1, 0, 2]);
      }
    });

    it('reads a success without counts or errors as accounting for no path: none reported gone', () => {
      const result = parseBulkDeleteAnswer(answer({ 'Response Status': '200 OK' }), PATHS);
      assert.deepEqual(result.items, []);
      assert.deepEqual([result.deleted, result.notFound, result.failed], [0, 0, 0]);
    });

    it('keeps a failure path that is not valid percent-encoding as it is', () => {
      const paths = [{ container: 'c', name: '100%' }];
      const result = parseBulkDeleteAnswer(answer({ 'Response Status': '400 Bad Request', Errors: [['/c/100%', '403 Forbidden']] }), paths);
      assert.deepEqual(result.items, [{ container: 'c', name: '100%', ok: false, status: '403 Forbidden' }]);
    });

    it('throws when Swift refused the whole request, with its status as the kind', () => {
      assert.throws(
        () => parseBulkDeleteAnswer(answer({ 'Response Status': '413 Request Entity Too Large', 'Response Body': 'Max delete failures exceeded' }), PATHS),
        (e) =>
          isOpenStackError(e, 'badRequest') &&
          e.status === 413 &&
          e.service === 'object-store' &&
          e.message === 'Swift refused the bulk delete of 3 path(s): 413 Request Entity Too Large: Max delete failures exceeded',
      );
      assert.throws(
        () => parseBulkDeleteAnswer(answer({ 'Response Status': '401 Unauthorized' }), PATHS),
        (e) => isOpenStackError(e, 'auth') && e.message === 'Swift refused the bulk delete of 3 path(s): 401 Unauthorized',
      );
    });

    it('throws on a refusal with per-path errors when Swift also explains it in the body', () => {
      assert.throws(
        () =>
          parseBulkDeleteAnswer(
            answer({ 'Response Status': '400 Bad Request', 'Response Body': 'Invalid File Name', Errors: [['/empty', '400 Bad Request']] }),
            PATHS,
          ),
        (e) => isOpenStackError(e, 'badRequest') && e.status === 400,
      );
    });

    it('throws a badResponse for an answer without a status, or with one that is not a number', () => {
      for (const text of [answer({}), answer({ 'Response Status': 'weird' })]) {
        assert.throws(
          () => parseBulkDeleteAnswer(text, PATHS),
          (e) => isOpenStackError(e, 'badResponse') && e.status === undefined,
        );
      }
    });

    it('reads only a 2xx status as success: a 502 or 420 is a refusal, and malformed errors name no path', () => {
      for (const [status, kind] of [
        ['502 Bad Gateway', 'server'],
        ['420 Enhance Your Calm', 'badRequest'],
      ] as const) {
        assert.throws(
          () => parseBulkDeleteAnswer(answer({ 'Response Status': status, Errors: ['junk', [7, 'no']] }), PATHS),
          (e) => isOpenStackError(e, kind),
          status,
        );
      }
    });

    it('quotes at most 120 characters of an answer that is not JSON, and the empty status it lacks', () => {
      assert.throws(
        () => parseBulkDeleteAnswer(`<${'x'.repeat(200)}`, PATHS),
        (e) => isOpenStackError(e, 'badResponse') && e.message === `Swift bulk delete answered something that is not JSON: <${'x'.repeat(119)}`,
      );
      assert.throws(
        () => parseBulkDeleteAnswer(answer({}), PATHS),
        (e) => isOpenStackError(e) && e.message === 'Swift refused the bulk delete of 3 path(s): ',
      );
    });

    it('throws a badResponse for an answer that is not JSON, quoting it on one line', () => {
      assert.throws(
        () => parseBulkDeleteAnswer('  <html>\n\tproxy\u0007 error</html>  ', PATHS),
        (e) => isOpenStackError(e, 'badResponse') && e.message === 'Swift bulk delete answered something that is not JSON: <html> proxy\ufffd error</html>',
      );
    });
  });

  describe('deleteInBulk', () => {
    it('deletes one by one, without a request, when the cluster publishes no bulk delete', async () => {
      const host = fakeHost({ bulkDelete: undefined });
      const transport = fakeTransport(() => ({}));
      const result = await deleteInBulk(host, transport, PATHS);
      assert.deepEqual(host.alone, ['/c/a b', '/c/x/ä', '/empty']);
      assert.equal(transport.bodies.length, 0);
      assert.deepEqual([result.deleted, result.notFound, result.failed], [3, 0, 0]);
    });

    it('deletes one by one when /info cannot be read, but stops when the caller cancelled', async () => {
      const host = fakeHost(new OpenStackError('notFound', 'no /info'));
      const result = await deleteInBulk(
        host,
        fakeTransport(() => ({})),
        PATHS,
      );
      assert.equal(host.alone.length, 3);
      assert.equal(
        result.items.every((i) => i.ok),
        true,
      );
      const cancelled = fakeHost(new OpenStackError('cancelled', 'stop'));
      await assert.rejects(
        deleteInBulk(
          cancelled,
          fakeTransport(() => ({})),
          PATHS,
        ),
        (e) => isOpenStackError(e, 'cancelled'),
      );
      assert.equal(cancelled.alone.length, 0);
    });

    it('sends requests of at most max_deletes_per_request paths, objects first, and adds up the counts', async () => {
      const host = fakeHost({ bulkDelete: { maxDeletesPerRequest: 2, maxFailedDeletes: 1000 } });
      const transport = fakeTransport((lines) => ({ 'Response Status': '200 OK', 'Number Deleted': lines.length - 1, 'Number Not Found': 1 }));
      const paths = [{ container: 'gone' }, ...PATHS, { container: 'c', name: 'z' }];
      const result = await deleteInBulk(host, transport, paths);
      assert.deepEqual(transport.bodies, ['/c/a%20b\n/c/x/%C3%A4', '/c/z', '/gone\n/empty']);
      assert.equal(transport.requests[0].method, 'POST');
      assert.equal(transport.requests[0].url, 'https://swift/v1/AUTH_a?bulk-delete');
      assert.deepEqual(
        result.items.map((i) => i.container + (i.name ?? '')),
        ['gone', 'ca b', 'cx/ä', 'empty', 'cz'],
      );
      assert.deepEqual([result.deleted, result.notFound, result.failed], [2, 3, 0]);
      assert.equal(host.alone.length, 0);
      assert.deepEqual(host.looked, [], 'answers that account for every path are taken as they are');
    });

    it("deletes alone the paths too long for a bulk body, by the cluster's name limits", async () => {
      const host = fakeHost({ maxObjectNameLength: 10, maxContainerNameLength: 5, bulkDelete: { maxDeletesPerRequest: 10, maxFailedDeletes: 10 } });
      const transport = fakeTransport((lines) => ({ 'Response Status': '200 OK', 'Number Deleted': lines.length }));
      const result = await deleteInBulk(host, transport, [
        { container: 'c', name: 'short' },
        { container: 'c', name: 'much-too-long-name' },
      ]);
      assert.deepEqual(transport.bodies, ['/c/short']);
      assert.deepEqual(host.alone, ['/c/much-too-long-name']);
      assert.deepEqual([result.deleted, result.notFound, result.failed], [2, 0, 0]);
    });

    it('counts a single delete of a missing path as not found, and reports a refused one with its status', async () => {
      const host = fakeHost(
        { bulkDelete: undefined },
        {
          '/c/a b': new OpenStackError('notFound', 'gone', { status: 404 }),
          '/empty': new OpenStackError('conflict', 'not empty', { status: 409 }),
        },
      );
      const result = await deleteInBulk(
        host,
        fakeTransport(() => ({})),
        PATHS,
      );
      assert.deepEqual(result.items, [
        { container: 'c', name: 'a b', ok: true },
        { container: 'c', name: 'x/ä', ok: true },
        { container: 'empty', ok: false, status: '409' },
      ]);
      assert.deepEqual([result.deleted, result.notFound, result.failed], [1, 1, 1]);
    });

    it('stops on a single-delete error that says nothing about the path: no status, signed out, not ours', async () => {
      for (const error of [new OpenStackError('network', 'unreachable'), new OpenStackError('auth', 'signed out', { status: 401 }), new Error('bug')]) {
        const host = fakeHost({ bulkDelete: undefined }, { '/c/a b': error });
        await assert.rejects(
          deleteInBulk(
            host,
            fakeTransport(() => ({})),
            PATHS,
          ),
          (e) => e === error,
        );
        assert.deepEqual(host.alone, ['/c/a b']);
      }
    });

    describe('answers that do not say what became of every path: each is looked at, never reported deleted while there', () => {
      const bulk = { bulkDelete: { maxDeletesPerRequest: 10, maxFailedDeletes: 10 } };
      const STILL = "still there: Swift's answer to the bulk delete did not account for it";

      it('a 2xx answer counting fewer paths than were asked (a partial answer)', async () => {
        const host = fakeHost(bulk, {}, { '/c/x/ä': true });
        const result = await deleteInBulk(
          host,
          fakeTransport((lines) => ({ 'Response Status': '200 OK', 'Number Deleted': lines.length - 1 })),
          PATHS,
        );
        assert.deepEqual(host.looked, ['/c/a b', '/c/x/ä', '/empty']);
        assert.deepEqual(result.items, [
          { container: 'c', name: 'a b', ok: true },
          { container: 'c', name: 'x/ä', ok: false, status: STILL },
          { container: 'empty', ok: true },
        ]);
        assert.deepEqual([result.deleted, result.notFound, result.failed], [2, 0, 1]);
      });

      it('an answer naming a failure whose counts do not add up: that failure is kept with its status, the others are looked at', async () => {
        const host = fakeHost(bulk, {}, { '/c/x/ä': true });
        const result = await deleteInBulk(
          host,
          // Three deleted and one failure, of three paths.
          fakeTransport(() => ({ 'Response Status': '400 Bad Request', 'Number Deleted': 3, Errors: [['/c/x/%C3%A4', '409 Conflict']] })),
          PATHS,
        );
        assert.deepEqual(host.looked, ['/c/a b', '/empty']);
        assert.deepEqual(result.items, [
          { container: 'c', name: 'a b', ok: true },
          { container: 'c', name: 'x/ä', ok: false, status: '409 Conflict' },
          { container: 'empty', ok: true },
        ]);
        assert.deepEqual([result.deleted, result.notFound, result.failed], [2, 0, 1]);
      });

      it('a server that reads only part of a request (as RGW past 1,024 paths): the chunk goes again in requests of that size', async () => {
        const host = fakeHost(bulk, {}, { '/c/a b': true, '/c/x/ä': true });
        // Honest about what it read, but it reads only the first path of each request.
        const transport = fakeTransport(([first]) =>
          first === '/c/x/%C3%A4'
            ? { 'Response Status': '400 Bad Request', Errors: [[first, '403 Forbidden']] }
            : { 'Response Status': '200 OK', 'Number Deleted': 1 },
        );
        const result = await deleteInBulk(host, transport, PATHS);
        assert.deepEqual(transport.bodies, ['/c/a%20b\n/c/x/%C3%A4', '/c/a%20b', '/c/x/%C3%A4', '/empty']);
        assert.deepEqual(host.looked, [], 'every path accounted for by an answer');
        assert.deepEqual(
          result.items.map((i) => [i.ok, i.status]),
          [
            [true, undefined],
            [false, '403 Forbidden'],
            [true, undefined],
          ],
        );
        assert.deepEqual([result.deleted, result.notFound, result.failed], [2, 0, 1]);
      });

      for (const [label, reply, reason] of [
        [
          'a refusal of the whole request (non-2xx, no errors)',
          { 'Response Status': '502 Bad Gateway' },
          /^still there: Swift refused the bulk delete of [12] path\(s\): 502 Bad Gateway$/,
        ],
        [
          'an answer cut short (not JSON)',
          ' \n {"Number Deleted": 1, "Err',
          /^still there: Swift bulk delete answered something that is not JSON: \{"Number Deleted": 1, "Err$/,
        ],
      ] as const) {
        it(`${label}: what is still there fails with the reason, what is gone counts as deleted`, async () => {
          const host = fakeHost(bulk, {}, { '/c/a b': true, '/empty': true });
          const result = await deleteInBulk(
            host,
            fakeTransport(() => reply),
            PATHS,
          );
          assert.deepEqual(
            result.items.map((i) => [i.container, i.name, i.ok]),
            [
              ['c', 'a b', false],
              ['c', 'x/ä', true],
              ['empty', undefined, false],
            ],
          );
          for (const i of [0, 2]) assert.match(result.items[i].status ?? '', reason);
          assert.equal('status' in result.items[1], false);
          assert.deepEqual([result.deleted, result.notFound, result.failed], [1, 0, 2]);
        });
      }

      it('a path that cannot be looked at is a failure saying both; a cancel or sign-out while looking stops', async () => {
        const host = fakeHost(bulk, {}, { '/c/a b': new OpenStackError('server', 'HEAD failed: 503', { status: 503 }) });
        const result = await deleteInBulk(
          host,
          fakeTransport(() => ({ 'Response Status': '503 Service Unavailable' })),
          PATHS,
        );
        assert.equal(result.items[0].ok, false);
        assert.match(result.items[0].status ?? '', /^still there: Swift refused .* \(and looking at it failed: HEAD failed: 503\)$/);
        assert.deepEqual([result.deleted, result.failed], [2, 1]);
        for (const error of [
          new OpenStackError('auth', 'signed out', { status: 401 }),
          new OpenStackError('cancelled', 'stop'),
          new OpenStackError('network', 'unreachable'),
        ]) {
          const stopping = fakeHost(bulk, {}, { '/c/a b': error });
          await assert.rejects(
            deleteInBulk(
              stopping,
              fakeTransport(() => ({ 'Response Status': '503 Service Unavailable' })),
              PATHS,
            ),
            (e) => e === error,
          );
        }
      });

      it('an answer that accounts for every path, failures included, is taken as it is', async () => {
        const host = fakeHost(bulk, {}, { '/c/x/ä': true });
        const result = await deleteInBulk(
          host,
          fakeTransport((lines) =>
            lines.length === 2
              ? { 'Response Status': '400 Bad Request', 'Number Deleted': 1, Errors: [['/c/x/%C3%A4', '409 Conflict']] }
              : { 'Response Status': '200 OK', 'Number Deleted': 1 },
          ),
          PATHS,
        );
        assert.deepEqual(host.looked, []);
        assert.deepEqual([result.deleted, result.notFound, result.failed], [2, 0, 1]);
      });

      it('an answer counting more paths than were sent: looked at, and the counts still add up to what was asked', async () => {
        const host = fakeHost(bulk, {}, { '/c/a b': true });
        const result = await deleteInBulk(
          host,
          fakeTransport((lines) => ({ 'Response Status': '200 OK', 'Number Not Found': lines.length + 2 })),
          PATHS,
        );
        assert.deepEqual([result.deleted, result.notFound, result.failed], [0, 2, 1]);
        assert.equal(result.deleted + result.notFound + result.failed, PATHS.length);
      });

      it('a cancelled bulk request stops the delete even when the caller has no signal', async () => {
        const host = fakeHost(bulk);
        const cancelled = new OpenStackError('cancelled', 'Cancelled: delete.');
        const transport = {
          send: async () => {
            throw cancelled;
          },
        } as unknown as SwiftTransport;
        await assert.rejects(deleteInBulk(host, transport, PATHS), (e) => e === cancelled);
        assert.deepEqual(host.looked, []);
      });

      it('a bulk request refused as signed out, or cancelled, is not looked at: the error stops the delete', async () => {
        const host = fakeHost(bulk);
        await assert.rejects(
          deleteInBulk(
            host,
            fakeTransport(() => ({ 'Response Status': '401 Unauthorized' })),
            PATHS,
          ),
          (e) => isOpenStackError(e, 'auth'),
        );
        assert.deepEqual(host.looked, []);
      });
    });

    it('the one-by-one fallback: 404 is not found, 409 and 5xx are failures with their status, counts add up', async () => {
      const host = fakeHost(
        { bulkDelete: undefined },
        {
          '/c/a b': new OpenStackError('notFound', 'gone', { status: 404 }),
          '/c/x/ä': new OpenStackError('server', 'busy', { status: 503 }),
          '/empty': new OpenStackError('conflict', 'not empty', { status: 409 }),
        },
      );
      const result = await deleteInBulk(
        host,
        fakeTransport(() => ({})),
        PATHS,
      );
      assert.deepEqual(
        result.items.map((i) => [i.ok, i.status]),
        [
          [true, undefined],
          [false, '503'],
          [false, '409'],
        ],
      );
      assert.deepEqual([result.deleted, result.notFound, result.failed], [0, 1, 2]);
    });
  });
});

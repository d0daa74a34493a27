/** What a download must hash to (expectedOf), and the streaming check's edge cases. */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { OpenStackError, isOpenStackError } from '../../../../../src/openstack/errors';
import type { SwiftClient } from '../../../../../src/openstack/swift/client';
import type { ObjectInfo } from '../../../../../src/openstack/swift/metadata';
import type { ListedSegment } from '../../../../../src/openstack/swift/transfer/manifests';
import { etagOfSegments } from '../../../../../src/openstack/swift/transfer/manifests';
import { DownloadHasher, type Expected, downloadMismatch, expectedOf, readVerified } from '../../../../../src/openstack/swift/transfer/verify';

const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');
const EMPTY_MD5 = md5('');

function info(extra: Partial<ObjectInfo>): ObjectInfo {
  return {
    bytes: 10,
    contentType: 'x',
    etag: 'ABCDEF',
    lastModified: undefined,
    timestamp: undefined,
    meta: {},
    staticLargeObject: false,
    dynamicLargeObject: undefined,
    deleteAt: undefined,
    headers: {},
    ...extra,
  };
}

/** A client with one SLO manifest and listings of segment containers (by container, then prefix). */
function fakeClient(manifest: ListedSegment[], listings: Record<string, unknown[][]> = {}) {
  const asked: string[] = [];
  const client = {
    async sloSegments(container: string, name: string) {
      asked.push(`manifest ${container}/${name}`);
      return manifest;
    },
    async *listObjects(container: string, opts: { prefix?: string }) {
      asked.push(`list ${container} ${JSON.stringify(opts.prefix)}`);
      for (const entries of listings[container] ?? []) yield { entries };
    },
  };
  return { client: client as unknown as SwiftClient, asked };
}

describe('transfer: what a download must hash to', () => {
  it('expects the ETag, lower case, as the MD5 of a plain object, without another request', async () => {
    const { client, asked } = fakeClient([]);
    assert.deepEqual(await expectedOf(client, 'c', 'o', info({})), { kind: 'md5', bytes: 10, etag: 'abcdef' });
    assert.deepEqual(asked, []);
  });

  it('expects the segments an SLO manifest lists', async () => {
    const { client, asked } = fakeClient([
      { path: '/s/1', hash: 'h1', bytes: 4 },
      { path: '/s/2', hash: 'h2', bytes: 6 },
    ]);
    assert.deepEqual(await expectedOf(client, 'c', 'o', info({ staticLargeObject: true, dynamicLargeObject: 's/p' })), {
      kind: 'slo',
      bytes: 10,
      etag: 'abcdef',
      segments: [
        { bytes: 4, hash: 'h1' },
        { bytes: 6, hash: 'h2' },
      ],
    });
    assert.deepEqual(asked, ['manifest c/o']);
  });

  it('checks only the size of an SLO with ranges or nested SLOs', async () => {
    for (const odd of [{ range: '0-1' }, { subSlo: true }]) {
      const { client } = fakeClient([
        { path: '/s/1', hash: 'h1', bytes: 4 },
        { path: '/s/2', hash: 'h2', bytes: 6, ...odd },
      ]);
      assert.deepEqual(await expectedOf(client, 'c', 'o', info({ staticLargeObject: true })), { kind: 'size', bytes: 10, etag: 'abcdef' });
    }
  });

  it('expects the objects under a DLO prefix, in listing order, hashes lower case, folders skipped', async () => {
    const { client, asked } = fakeClient([], {
      'my segs': [
        [
          { kind: 'object', name: 'p/1', bytes: 3, hash: 'AA' },
          { kind: 'folder', name: 'p/sub/' },
        ],
        [{ kind: 'object', name: 'p/2', bytes: 7, hash: 'Bb' }],
      ],
    });
    assert.deepEqual(await expectedOf(client, 'c', 'o', info({ dynamicLargeObject: 'my%20segs/p%2F' })), {
      kind: 'dlo',
      bytes: 10,
      etag: 'abcdef',
      segments: [
        { bytes: 3, hash: 'aa' },
        { bytes: 7, hash: 'bb' },
      ],
    });
    assert.deepEqual(asked, ['list my segs "p/"']);
    const bare = fakeClient([], { segs: [] });
    assert.deepEqual(await expectedOf(bare.client, 'c', 'o', info({ dynamicLargeObject: 'segs' })), { kind: 'dlo', bytes: 10, etag: 'abcdef', segments: [] });
    assert.deepEqual(bare.asked, ['list segs ""']);
    const rooted = fakeClient([], {});
    await expectedOf(rooted.client, 'c', 'o', info({ dynamicLargeObject: '/p' }));
    assert.deepEqual(rooted.asked, ['list  "p"'], 'a manifest "/p" names an empty container, not a container "/p"');
  });

  it('says what did not match, where, and that the partial file is gone', () => {
    const e = downloadMismatch('my c', 'a\nb', 'it differs');
    assert.ok(isOpenStackError(e, 'checksum'));
    assert.equal(e.message, 'Cannot download object "a\\nb" in container "my c": it differs; the partial file was removed, download it again.');
  });

  describe('DownloadHasher', () => {
    const check = (expected: Expected, chunks: Array<Buffer | string>) => {
      const h = new DownloadHasher(expected);
      for (const c of chunks) h.update(Buffer.from(c));
      return h.check('c', 'o');
    };
    const fails = (expected: Expected, chunks: Array<Buffer | string>, message: string) =>
      assert.throws(
        () => check(expected, chunks),
        (e) => isOpenStackError(e, 'checksum') && e.message.includes(message),
      );

    it('names the sizes and the MD5s that differ', () => {
      fails({ kind: 'md5', bytes: 4, etag: md5('abc') }, ['abc'], 'received 3 bytes, Swift announced 4');
      fails({ kind: 'md5', bytes: 3, etag: md5('abd') }, ['abc'], `the MD5 of the bytes received (${md5('abc')}) is not the ETag ${md5('abd')}`);
      fails({ kind: 'size', bytes: 4, etag: 'x' }, ['abc'], 'received 3 bytes');
      assert.equal(check({ kind: 'size', bytes: 3, etag: 'whatever' }, ['a', 'bc']), 'size');
    });

    it('counts bytes across chunks and checks an empty object', () => {
      const h = new DownloadHasher({ kind: 'md5', bytes: 5, etag: md5('hello') });
      h.update(Buffer.from('he'));
      h.update(Buffer.from('llo'));
      assert.equal(h.bytes, 5);
      assert.equal(h.check('c', 'o'), 'md5');
      assert.equal(check({ kind: 'md5', bytes: 0, etag: EMPTY_MD5 }, []), 'md5');
    });

    it('closes zero-byte segments at the start, the middle and the end', () => {
      const segments = [
        { bytes: 0, hash: EMPTY_MD5 },
        { bytes: 2, hash: md5('ab') },
        { bytes: 0, hash: EMPTY_MD5 },
        { bytes: 1, hash: md5('c') },
        { bytes: 0, hash: EMPTY_MD5 },
      ];
      const expected: Expected = { kind: 'slo', bytes: 3, etag: etagOfSegments(segments.map((s) => s.hash)), segments };
      assert.equal(check(expected, ['abc']), 'slo');
      assert.equal(check(expected, ['a', 'b', 'c']), 'slo');
      assert.equal(check({ ...expected, segments: [{ bytes: 0, hash: EMPTY_MD5 }], bytes: 0, etag: etagOfSegments([EMPTY_MD5]) }, []), 'slo');
    });

    it('ignores bytes past the last segment for the segment check (the size check catches them)', () => {
      const segments = [{ bytes: 2, hash: md5('ab') }];
      const h = new DownloadHasher({ kind: 'slo', bytes: 2, etag: etagOfSegments([md5('ab')]), segments });
      h.update(Buffer.from('abcd'));
      assert.equal(h.bytes, 4);
      assert.throws(() => h.check('c', 'o'), /received 4 bytes, Swift announced 2/);
    });

    it('finds the first segment that differs, and a segment that never ended', () => {
      const segments = [
        { bytes: 2, hash: md5('ab') },
        { bytes: 2, hash: md5('cd') },
      ];
      const etag = etagOfSegments(segments.map((s) => s.hash));
      fails({ kind: 'dlo', bytes: 4, etag, segments }, ['abce'], 'segment 2 of 2 does not have the MD5 its manifest lists');
      fails({ kind: 'dlo', bytes: 4, etag, segments }, ['xbcd'], 'segment 1 of 2');
      // The announced size is met but the last segment is longer than listed: it never ends.
      const short = [
        { bytes: 2, hash: md5('ab') },
        { bytes: 3, hash: md5('cde') },
      ];
      fails({ kind: 'slo', bytes: 4, etag: etagOfSegments(short.map((s) => s.hash)), segments: short }, ['abcd'], 'received 4 bytes, its segments make 5');
      // Bytes after the last segment, announced by the same answer (a proxy that appends): every segment's MD5 holds.
      for (const kind of ['slo', 'dlo'] as const) fails({ kind, bytes: 5, etag, segments }, ['abcdX'], 'received 5 bytes, its segments make 4');
      fails({ kind: 'slo', bytes: 4, etag: md5('other'), segments }, ['abcd'], `the segments' MD5s make ETag ${etag}, not the object's ${md5('other')}`);
    });
  });

  describe("readVerified (the editor's open)", () => {
    async function* chunks(...parts: Array<string | Error>): AsyncGenerator<Uint8Array> {
      for (const p of parts) {
        if (p instanceof Error) throw p;
        yield Buffer.from(p);
      }
    }
    it('returns the bytes when they hash as expected', async () => {
      const read = await readVerified(chunks('ab', 'cd'), { kind: 'md5', bytes: 4, etag: md5('abcd') }, 'c', 'o');
      assert.equal(read.bytes.toString(), 'abcd');
      assert.equal(read.verification, 'md5');
    });
    it('fails with a sentence naming what differs, and says nothing was opened', async () => {
      await assert.rejects(
        readVerified(chunks('abce'), { kind: 'md5', bytes: 4, etag: md5('abcd') }, 'c', 'o'),
        (e) =>
          isOpenStackError(e, 'checksum') &&
          e.message ===
            `The bytes did not arrive intact: the MD5 of the bytes received (${md5('abce')}) is not the ETag ${md5('abcd')}. Nothing was opened; try again.`,
      );
    });
    it('turns a cut connection into a network error saying how much arrived', async () => {
      await assert.rejects(
        readVerified(chunks('ab', new Error('other side closed')), { kind: 'md5', bytes: 4, etag: md5('abcd') }, 'c', 'o'),
        (e) => isOpenStackError(e, 'network') && e.message === 'The connection was cut after 2 of the 4 bytes. Nothing was opened; try again.',
      );
      const own = new OpenStackError('cancelled', 'stop');
      await assert.rejects(readVerified(chunks(own), { kind: 'md5', bytes: 4, etag: md5('abcd') }, 'c', 'o'), (e) => e === own);
    });
  });
});

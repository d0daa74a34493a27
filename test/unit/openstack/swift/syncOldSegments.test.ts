/**
 * The old segments of replaced large objects (sync/oldSegments.ts), against the in-memory loopback Swift: which are
 * read (SLO manifests, DLO prefixes; never a whole container), which are deleted (only those the new version does not
 * use), and what is said when that cannot be done. Deleting the wrong segments breaks another object: each rule here
 * keeps one from being deleted.
 */
import * as assert from 'node:assert/strict';
import type { SwiftClient } from '../../../../src/openstack/swift/client';
import type { ObjectEntry } from '../../../../src/openstack/swift/listing';
import { deleteStaleSegments, readOldSegments, type OldSegments } from '../../../../src/openstack/swift/sync/oldSegments';
import { MemorySwift, md5, memorySwiftTest } from './transfer/memorySwift';

const EMPTY = md5('');

describe('sync: old segments of replaced large objects (loopback Swift)', () => {
  const t = memorySwiftTest('oss-sync-segments-', ['c']);
  let swift: MemorySwift;
  let client: SwiftClient;

  beforeEach(() => ({ swift, client } = t));

  const entry = (name: string, fields: Partial<ObjectEntry> = {}): ObjectEntry => ({
    kind: 'object',
    name,
    bytes: 0,
    hash: EMPTY,
    lastModified: undefined,
    contentType: '',
    ...fields,
  });
  const read = async (...entries: ObjectEntry[]) => {
    const old = await readOldSegments(client, 'c', entries);
    return { byObject: Object.fromEntries([...old.byObject].map(([k, v]) => [k, v.map((s) => `${s.container}/${s.name}`)])), notes: old.notes };
  };
  const requests = () => swift.log.filter((l) => !l.startsWith('GET /c?'));

  it("reads an SLO's segments from its manifest and a DLO's from its prefix, percent-decoded", async () => {
    ['a', 'b'].forEach((s, i) => swift.put('c_segments', `slo/${i}`, s));
    swift.putSlo('c', 'slo', ['/c_segments/slo/0', '/c_segments/slo/1']);
    ['a', 'b'].forEach((s, i) => swift.put('my segs', `dlo x/${i}`, s));
    swift.put('my segs', 'dlo xy', 'another object’s: not under the prefix "dlo x/"');
    swift.put('c', 'dlo', '', { 'x-object-manifest': 'my%20segs/dlo%20x/' });
    swift.put('c', 'upper', '', { 'x-object-manifest': 'my%20segs/dlo%20x/' });
    const got = await read(entry('slo', { bytes: 2, hash: md5('x'), sloEtag: 'e' }), entry('dlo'), entry('upper', { hash: EMPTY.toUpperCase() }));
    assert.deepEqual(got, {
      byObject: {
        slo: ['c_segments/slo/0', 'c_segments/slo/1'],
        dlo: ['my segs/dlo x/0', 'my segs/dlo x/1'],
        upper: ['my segs/dlo x/0', 'my segs/dlo x/1'],
      },
      notes: [],
    });
  });

  it('costs no request for a plain object, and finds nothing for an empty one that is no manifest', async () => {
    swift.put('c', 'empty', '');
    const got = await read(entry('plain', { bytes: 5, hash: md5('plain') }), entry('zero-bytes-other-hash', { hash: md5('x') }), entry('empty'));
    assert.deepEqual(got, { byObject: {}, notes: [] });
    assert.deepEqual(requests(), ['HEAD /c/empty']);
  });

  it('never takes a whole container, or a manifest it cannot read, for segments', async () => {
    swift.put('segs', 'anything', 'x');
    swift.put('c', 'no-slash', '', { 'x-object-manifest': 'segs' });
    swift.put('c', 'no-container', '', { 'x-object-manifest': '/segs' });
    swift.put('c', 'no-prefix', '', { 'x-object-manifest': 'segs/' });
    swift.put('c', 'bad-escape', '', { 'x-object-manifest': 'segs/%E0%A4%A' });
    swift.put('segs', '%E0%A4%A/1', 'named with the escape as it is');
    const got = await read(entry('no-slash'), entry('no-container'), entry('no-prefix'), entry('bad-escape'));
    assert.deepEqual(got, { byObject: { 'bad-escape': ['segs/%E0%A4%A/1'] }, notes: [] });
    // A manifest entry without an object name is not a segment.
    swift.container('c').set('odd', { body: Buffer.alloc(0), etag: md5('odd'), headers: {}, manifest: [{ path: '/segs', etag: md5('x'), bytes: 1 }] });
    assert.deepEqual(await read(entry('odd', { sloEtag: 'e', bytes: 1 })), { byObject: {}, notes: [] });
  });

  it('an object gone since the listing has nothing to clean; one whose segments cannot be read is a note', async () => {
    swift.put('c', 'broken', '', { 'x-object-manifest': 'segs/b/' });
    swift.fail.set('HEAD /c/broken', 500);
    const got = await read(entry('gone'), entry('broken'));
    assert.deepEqual(got.byObject, {});
    assert.equal(got.notes.length, 1);
    assert.match(got.notes[0], /^The old segments of "broken" could not be read \(.*500.*\); they were left in place\.$/);
  });

  it('a cancel is not a note: it stops the reading', async () => {
    swift.put('c', 'dlo', '', { 'x-object-manifest': 'segs/d/' });
    await assert.rejects(readOldSegments(client, 'c', [entry('dlo')], AbortSignal.abort()), (e: unknown) => (e as { kind?: string }).kind === 'cancelled');
    // Cancelled while the HEAD is in flight.
    const controller = new AbortController();
    t.at.handler = (req, res) => {
      if (req.method === 'HEAD') controller.abort();
      swift.handler(req, res);
    };
    await assert.rejects(readOldSegments(client, 'c', [entry('dlo')], controller.signal), (e: unknown) => (e as { kind?: string }).kind === 'cancelled');
  });

  describe('a server that does not return manifests (RGW 16: ?multipart-manifest=get answers an empty body)', () => {
    beforeEach(() => (swift.manifestsUnreadable = true));
    /** Puts one upload of `object` as segments.ts names it, and returns the segment names in the segments container. */
    const upload = (object: string, mtime: string, parts: string[], segmentSize = 2) => {
      const size = parts.join('').length;
      return parts.map((p, i) => {
        const name = `${object}/slo/${mtime}/${size}/${segmentSize}/${String(i).padStart(8, '0')}`;
        swift.put('c_segments', name, p);
        return name;
      });
    };
    const slo = (name: string, segments: string[]) => {
      const stored = swift.putSlo(
        'c',
        name,
        segments.map((s) => `/c_segments/${s}`),
      );
      return entry(name, { bytes: swift.content(stored).length, sloEtag: stored.etag });
    };

    it('takes the one whole upload under <name>/slo/ whose segments make the size and ETag, nothing else', async () => {
      const old = upload('big', '1.000000', ['ab', 'cd', 'e']);
      upload('big', '2.000000', ['ab', 'cd']); // a broken-off upload of the same size: no last segment
      swift.put('c_segments', 'big/slo/2.000000/5/2/00000002', 'X'); // …its last segment, other content
      upload('big', '3.000000', ['ab', 'cd', 'f']); // whole, same size, other content: another ETag
      upload('big', '4.000000', ['abc', 'de'], 3); // the same bytes in other segments: another ETag
      upload('big/slo/1.000000/5/2/00000000', '1.000000', ['ab', 'cd', 'e']); // another object's, same content
      // The same segments with an index missing (0, 1, 3): their MD5s make the ETag, but the upload is not whole.
      ['ab', 'cd', 'e'].forEach((p, i) => swift.put('c_segments', `big/slo/6.000000/5/2/0000000${i === 2 ? 3 : i}`, p));
      swift.put('c_segments', 'big/slo/1.000000/5/2/00000003', 'z'); // past the last index: not this upload's
      swift.put('c_segments', 'big/1.000000/5/2/00000000', 'ab'); // swift upload's DLO layout: not an SLO's
      const got = await read(slo('big', old));
      assert.deepEqual(got.byObject, {}, 'an index past the last: that upload is not whole, nothing is taken');
      assert.equal(got.notes.length, 1);
      swift.container('c_segments').delete('big/slo/1.000000/5/2/00000003');
      assert.deepEqual(await read(slo('big', old)), { byObject: { big: old.map((n) => `c_segments/${n}`) }, notes: [] });
    });

    it('a DLO that RGW lists with its real size (after a HEAD) is still read', async () => {
      ['a', 'b'].forEach((s, i) => swift.put('segs', `d/${i}`, s));
      swift.put('c', 'dlo', '', { 'x-object-manifest': 'segs/d/' });
      assert.deepEqual(await read(entry('dlo', { bytes: 2 })), { byObject: { dlo: ['segs/d/0', 'segs/d/1'] }, notes: [] });
    });

    it('none or several uploads making the ETag, or no segments container: a note, nothing taken', async () => {
      const first = upload('twice', '1.000000', ['ab', 'c']);
      upload('twice', '5.000000', ['ab', 'c']); // touched and uploaded again, segments left behind
      upload('other', '1.000000', ['xy']); // left behind by an older upload
      swift.put('elsewhere', 'part', 'xz'); // another tool's layout
      const stored = swift.putSlo('c', 'other', ['/elsewhere/part']);
      const other = entry('other', { bytes: 2, sloEtag: stored.etag });
      const got = await read(slo('twice', first), other);
      assert.deepEqual(got.byObject, {});
      assert.deepEqual(got.notes, [
        'The old segments of "twice" could not be read (this server does not return large-object manifests, and 2 uploads under "c_segments"/"twice/slo/" make its ETag); they were left in place.',
        'The old segments of "other" could not be read (this server does not return large-object manifests, and no upload under "c_segments"/"other/slo/" makes its ETag); they were left in place.',
      ]);
      swift.containers.delete('c_segments');
      swift.putSlo('c', 'gone-segments', ['/elsewhere/part']);
      const none = await read(entry('gone-segments', { bytes: 2, sloEtag: stored.etag }));
      assert.deepEqual(none.byObject, {});
      assert.match(none.notes[0], /no upload under "c_segments"\/"gone-segments\/slo\/" makes its ETag/);
    });
  });

  it('deletes only the old segments the new version does not use, of the objects replaced', async () => {
    for (const n of ['a/0', 'a/1', 'a/2', 'b/0']) swift.put('segs', n, n);
    const old: OldSegments = {
      byObject: new Map([
        ['a', ['a/0', 'a/1', 'a/2'].map((name) => ({ container: 'segs', name }))],
        ['b', [{ container: 'segs', name: 'b/0' }]],
      ]),
      notes: [],
    };
    const report = await deleteStaleSegments(client, old, new Map([['a', [{ container: 'segs', name: 'a/1' }]]]));
    assert.deepEqual(report, { deleted: 2, notes: [] });
    assert.deepEqual([...swift.containers.get('segs')!.keys()].sort(), ['a/1', 'b/0']);
    // Nothing stale: no request at all.
    swift.log.length = 0;
    assert.deepEqual(
      await deleteStaleSegments(
        client,
        old,
        new Map([
          ['b', [{ container: 'segs', name: 'b/0' }]],
          ['new', []],
        ]),
      ),
      { deleted: 0, notes: [] },
    );
    assert.deepEqual(swift.log, []);
  });

  it('names at most three segments it could not delete, and counts them all', async () => {
    const names = ['0', '1', '2', '3', '4'];
    for (const n of names) swift.put('segs', n, n);
    for (const n of names.slice(0, 4)) swift.fail.set(`DELETE /segs/${n}`, 409);
    const old: OldSegments = { byObject: new Map([['o', names.map((name) => ({ container: 'segs', name }))]]), notes: [] };
    const report = await deleteStaleSegments(client, old, new Map([['o', []]]));
    assert.deepEqual(report, {
      deleted: 1,
      notes: ['4 old segments could not be deleted ("segs"/"0": 409; "segs"/"1": 409; "segs"/"2": 409).'],
    });
  });
});

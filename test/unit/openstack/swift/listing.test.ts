import * as assert from 'node:assert/strict';
import { isOpenStackError } from '../../../../src/openstack/errors';
import {
  ListingEntry,
  Page,
  markerOf,
  paginate,
  parseContainerListing,
  parseObjectListing,
  parseSwiftTimestamp,
} from '../../../../src/openstack/swift/listing';

async function collect<T>(pages: AsyncIterable<Page<T>>): Promise<Array<Page<T>>> {
  const out: Array<Page<T>> = [];
  for await (const page of pages) out.push(page);
  return out;
}

const object = (name: string): ListingEntry => ({ kind: 'object', name, bytes: 0, hash: '', lastModified: undefined, contentType: '' });

/** A server-side listing: names after the marker, at most `limit`, like Swift (byte order given by the array). */
function fakeListing(names: string[], requests: Array<string | undefined> = []) {
  return async (marker: string | undefined, limit: number) => {
    requests.push(marker);
    const start = marker === undefined ? 0 : names.indexOf(marker) + 1;
    return names.slice(start, start + limit).map(object);
  };
}

describe('swift/listing', () => {
  it('parses objects and subdir entries in server order', () => {
    const entries = parseObjectListing([
      { subdir: 'photos/' },
      {
        name: 'a b.txt',
        hash: 'd41d8cd98f00b204e9800998ecf8427e',
        bytes: 12,
        content_type: 'text/plain',
        last_modified: '2024-05-01T10:20:30.123456',
      },
      { name: 'link', hash: 'x', bytes: 0, content_type: 'application/symlink', last_modified: '2024-05-01T10:20:30', symlink_path: '/v1/a/c/o' },
    ]);
    assert.deepEqual(entries[0], { kind: 'folder', prefix: 'photos/' });
    assert.deepEqual(entries[1], {
      kind: 'object',
      name: 'a b.txt',
      bytes: 12,
      hash: 'd41d8cd98f00b204e9800998ecf8427e',
      contentType: 'text/plain',
      lastModified: new Date(Date.UTC(2024, 4, 1, 10, 20, 30, 123)),
    });
    assert.equal(entries[2].kind === 'object' && entries[2].symlinkPath, '/v1/a/c/o');
    assert.equal(markerOf(entries[0]), 'photos/');
    assert.equal(markerOf(entries[1]), 'a b.txt');
  });

  it('parses container entries', () => {
    assert.deepEqual(parseContainerListing([{ name: 'c', count: 3, bytes: 10, last_modified: '2024-01-02T03:04:05.000000' }]), [
      { name: 'c', objectCount: 3, bytes: 10, lastModified: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)) },
    ]);
  });

  it('rejects listings that are not what Swift sends', () => {
    assert.throws(
      () => parseObjectListing({}),
      (e) => isOpenStackError(e, 'badResponse'),
    );
    assert.throws(
      () => parseObjectListing([{ bytes: 1 }]),
      (e) => isOpenStackError(e, 'badResponse'),
    );
    assert.throws(
      () => parseContainerListing([null]),
      (e) => isOpenStackError(e, 'badResponse'),
    );
  });

  it('reads Swift timestamps as UTC', () => {
    assert.equal(parseSwiftTimestamp('2024-05-01T10:20:30.999999')?.toISOString(), '2024-05-01T10:20:30.999Z');
    assert.equal(parseSwiftTimestamp('nonsense'), undefined);
    assert.equal(parseSwiftTimestamp(undefined), undefined);
  });

  describe('paginate', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

    it('continues after the last name of each full page and stops on a short page', async () => {
      const requests: Array<string | undefined> = [];
      const pages = await collect(paginate(fakeListing(names, requests), 3));
      assert.deepEqual(
        pages.map((p) => p.entries.map(markerOf)),
        [['a', 'b', 'c'], ['d', 'e', 'f'], ['g']],
      );
      assert.deepEqual(
        pages.map((p) => p.nextMarker),
        ['c', 'f', undefined],
      );
      assert.deepEqual(requests, [undefined, 'c', 'f']);
    });

    it('does not yield the empty answer after a page that was exactly full', async () => {
      const requests: Array<string | undefined> = [];
      const pages = await collect(paginate(fakeListing(names.slice(0, 6), requests), 3));
      assert.deepEqual(
        pages.map((p) => p.entries.length),
        [3, 3],
      );
      assert.deepEqual(requests, [undefined, 'c', 'f']);
    });

    it('yields one empty page for an empty listing', async () => {
      assert.deepEqual(await collect(paginate(fakeListing([]), 3)), [{ entries: [], nextMarker: undefined }]);
    });

    it('starts after a given marker (the tree\'s "Load more")', async () => {
      const pages = await collect(paginate(fakeListing(names), 4, 'b'));
      assert.deepEqual(
        pages.map((p) => p.entries.map(markerOf)),
        [['c', 'd', 'e', 'f'], ['g']],
      );
    });

    it('uses a folder prefix as the next marker', async () => {
      const folders: ListingEntry[] = [object('a'), { kind: 'folder', prefix: 'b/' }];
      const pages = paginate(async (marker) => (marker === undefined ? folders : []), 2);
      const first = await pages.next();
      assert.equal(!first.done && first.value.nextMarker, 'b/');
    });

    it('refuses a server that does not advance, or sends more than asked', async () => {
      await assert.rejects(collect(paginate(async () => [object('x')], 1, 'x')), (e) => isOpenStackError(e, 'badResponse'));
      await assert.rejects(collect(paginate(async () => [object('x'), object('y')], 1)), (e) => isOpenStackError(e, 'badResponse'));
      await assert.rejects(collect(paginate(fakeListing(names), 0)), (e) => isOpenStackError(e, 'invalidInput'));
    });
  });
});

// Listing parsing and paging pinned where mutation testing found them loose: Swift's timestamps (the fast
// fixed-form reader must accept exactly what the general parser accepts, and give the same instant), the sentence
// of each malformed listing, sizes and fields of odd entries, the pager of delimited listings that do not trust a
// short page (Ceph RGW), and the order of names with surrogates.
import * as assert from 'node:assert/strict';
import { isOpenStackError } from '../../../../src/openstack/errors';
import {
  ListingEntry,
  Page,
  compareNames,
  markerOf,
  paginate,
  parseContainerListing,
  parseObjectListing,
  parseSwiftTimestamp,
} from '../../../../src/openstack/swift/listing';

const object = (name: string): ListingEntry => ({ kind: 'object', name, bytes: 0, hash: '', lastModified: undefined, contentType: '' });
const iso = (text: unknown) => parseSwiftTimestamp(text)?.toISOString();

async function collect<T>(pages: AsyncIterable<Page<T>>): Promise<Array<Page<T>>> {
  const out: Array<Page<T>> = [];
  for await (const page of pages) out.push(page);
  return out;
}

/** The sentence a synchronous call throws as an OpenStackError of `kind`. */
function sentence(call: () => unknown, kind: string): string {
  try {
    call();
  } catch (e) {
    assert.ok(isOpenStackError(e), String(e));
    assert.equal(e.kind, kind);
    return e.message;
  }
  return assert.fail('did not throw');
}

describe('swift/listing: edges', () => {
  describe('timestamps', () => {
    it('reads every form Swift and other servers write: fractions of any length, a zone or none, no fraction', () => {
      assert.equal(iso('2024-05-01T10:20:30.123456'), '2024-05-01T10:20:30.123Z');
      assert.equal(iso('2024-05-01T10:20:30.12'), '2024-05-01T10:20:30.120Z', 'a short fraction (not the 26-character form)');
      assert.equal(iso('2024-05-01T10:20:30.5'), '2024-05-01T10:20:30.500Z');
      assert.equal(iso('2024-05-01T10:20:30.1234567'), '2024-05-01T10:20:30.123Z');
      assert.equal(iso('2024-05-01T10:20:30'), '2024-05-01T10:20:30.000Z', 'no fraction, no zone: UTC');
      assert.equal(iso('2024-05-01T10:20:30Z'), '2024-05-01T10:20:30.000Z');
      assert.equal(iso('2024-05-01T10:20:30.250+02:00'), '2024-05-01T08:20:30.250Z');
      assert.equal(iso('2024-05-01T10:20:30-0130'), '2024-05-01T11:50:30.000Z');
      assert.equal(iso(' 2024-05-01T10:20:30.123456\n'), '2024-05-01T10:20:30.123Z', 'surrounding blanks');
    });

    it('reads a timestamp without a zone as UTC whatever the local time zone', () => {
      const zone = process.env.TZ;
      process.env.TZ = 'America/New_York';
      try {
        assert.equal(iso('2024-05-01T10:20:30'), '2024-05-01T10:20:30.000Z');
        assert.equal(iso('2024-05-01T10:20:30.5'), '2024-05-01T10:20:30.500Z');
        assert.equal(iso('2024-05-01T10:20:30.123456'), '2024-05-01T10:20:30.123Z');
      } finally {
        if (zone === undefined) delete process.env.TZ;
        else process.env.TZ = zone;
      }
    });

    it('gives years below 100 as they are, not as 19xx', () => {
      assert.equal(parseSwiftTimestamp('0099-12-31T23:59:59.999999')?.getUTCFullYear(), 99);
      assert.equal(iso('0001-01-01T00:00:00.000000'), '0001-01-01T00:00:00.000Z');
      assert.equal(iso('0100-01-01T00:00:00.000000'), '0100-01-01T00:00:00.000Z');
    });

    it('refuses a 26-character text with a field out of range or not a digit, or a wrong separator', () => {
      const good = '2024-05-01T10:20:30.123456';
      assert.equal(iso(good), '2024-05-01T10:20:30.123Z');
      const bad = [
        '2024-00-01T10:20:30.123456', // month 0
        '2024-13-01T10:20:30.123456', // month 13
        '2024-05-00T10:20:30.123456', // day 0
        '2024-05-32T10:20:30.123456', // day 32
        '2024-05-01T25:20:30.123456', // hour 25
        '2024-05-01T10:60:30.123456', // minute 60
        '2024-05-01T10:20:60.123456', // second 60
      ];
      // Each field in turn: a character below '0' ('/'), one above '9' (':' and 'a').
      const fields = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22, 23, 24, 25];
      for (const at of fields) for (const c of ['/', ':', 'a']) bad.push(`${good.slice(0, at)}${c}${good.slice(at + 1)}`);
      // Each separator in turn.
      for (const at of [4, 7, 10, 13, 16, 19]) bad.push(`${good.slice(0, at)}_${good.slice(at + 1)}`);
      for (const text of bad) {
        assert.equal(text.length, 26);
        assert.equal(parseSwiftTimestamp(text), undefined, text);
      }
    });

    it('refuses what is not a timestamp at all, with no exception', () => {
      for (const text of [123, null, {}, '', 'x2024-05-01T10:20:30', '2024-05-01T10:20:30x', '2024-05-01', '24-05-01T10:20:30', '2024-05-01T10:20:30.']) {
        assert.equal(parseSwiftTimestamp(text), undefined, JSON.stringify(text));
      }
      assert.equal(parseSwiftTimestamp('2024-13-45T10:20:30'), undefined, 'matches the pattern but is no date');
      assert.equal(parseSwiftTimestamp('2024-05-01T10:20:30+2'), undefined, 'half a zone');
    });
  });

  describe('malformed listings: one sentence each', () => {
    it('names what is wrong with an object listing', () => {
      assert.equal(
        sentence(() => parseObjectListing({}), 'badResponse'),
        'Swift returned an unexpected object listing: expected a JSON array',
      );
      assert.equal(
        sentence(() => parseObjectListing([{ name: 'a' }, null]), 'badResponse'),
        'Swift returned an unexpected object listing: entry 1 is not an object',
      );
      assert.equal(
        sentence(() => parseObjectListing(['a']), 'badResponse'),
        'Swift returned an unexpected object listing: entry 0 is not an object',
      );
      assert.equal(
        sentence(() => parseObjectListing([{ name: 'a' }, { subdir: 3 }]), 'badResponse'),
        'Swift returned an unexpected object listing: entry 1 has neither name nor subdir',
      );
    });

    it('names what is wrong with a container listing', () => {
      assert.equal(
        sentence(() => parseContainerListing('[]'), 'badResponse'),
        'Swift returned an unexpected container listing: expected a JSON array',
      );
      assert.equal(
        sentence(() => parseContainerListing([{ name: 'a' }, 7]), 'badResponse'),
        'Swift returned an unexpected container listing: entry 1 is not an object',
      );
      assert.equal(
        sentence(() => parseContainerListing([{ name: 'a' }, { count: 1 }]), 'badResponse'),
        'Swift returned an unexpected container listing: entry 1 has no name',
      );
    });
  });

  describe('entries', () => {
    it('reads sizes and counts given as numbers or decimal strings, anything else as 0', () => {
      const sizes = parseObjectListing([
        { name: 'a', bytes: 5 },
        { name: 'b', bytes: '7' },
        { name: 'c', bytes: true },
        { name: 'd', bytes: 'many' },
        { name: 'e', bytes: Infinity },
        { name: 'f' },
      ]).map((e) => (e.kind === 'object' ? e.bytes : -1));
      assert.deepEqual(sizes, [5, 7, 0, 0, 0, 0]);
      assert.deepEqual(
        parseContainerListing([
          { name: 'a', count: '12', bytes: 3 },
          { name: 'b', count: true, bytes: '4' },
        ]).map((c) => [c.objectCount, c.bytes]),
        [
          [12, 3],
          [0, 4],
        ],
      );
    });

    it('leaves out what is not a string: hash, content type, symlink path and SLO ETag', () => {
      const [odd] = parseObjectListing([{ name: 'o', hash: 5, content_type: null, symlink_path: 1, slo_etag: {} }]);
      assert.deepEqual(odd, { kind: 'object', name: 'o', bytes: 0, hash: '', contentType: '', lastModified: undefined });
      const [slo] = parseObjectListing([{ name: 'big', hash: 'h', content_type: 'text/plain', slo_etag: '"0123abc"' }]);
      assert.equal(slo.kind === 'object' && slo.sloEtag, '0123abc', 'quotes removed');
      assert.equal(slo.kind === 'object' && slo.contentType, 'text/plain');
      assert.equal(slo.kind === 'object' && slo.hash, 'h');
    });

    it('takes an entry with a subdir as a folder even when it has a name, and one without as an object', () => {
      const entries = parseObjectListing([
        { subdir: 'a/', name: 'x' },
        { subdir: null, name: 'b' },
      ]);
      assert.deepEqual(entries.map(markerOf), ['a/', 'b']);
      assert.deepEqual(
        entries.map((e) => e.kind),
        ['folder', 'object'],
      );
      assert.equal(markerOf({ name: 'c', objectCount: 0, bytes: 0, lastModified: undefined }), 'c', "a container's name");
    });
  });

  describe('paginate', () => {
    it('names the page size it refuses, and pages one name at a time', async () => {
      for (const limit of [0, -1, 1.5, NaN]) {
        const e = await collect(paginate(async () => [], limit)).then(
          () => assert.fail('accepted'),
          (error: unknown) => error,
        );
        assert.ok(isOpenStackError(e, 'invalidInput'));
        assert.equal(e.message, `A listing page size must be a positive integer, not ${limit}.`);
      }
      const names = ['a', 'b', 'c'];
      const pages = await collect(
        paginate(
          async (marker) =>
            names
              .filter((n) => marker === undefined || n > marker)
              .slice(0, 1)
              .map(object),
          1,
        ),
      );
      assert.deepEqual(
        pages.map((p) => p.entries.map(markerOf)),
        [['a'], ['b'], ['c']],
      );
    });

    it('says what the server did wrong: too many entries, or a page that does not advance', async () => {
      const tooMany = await collect(paginate(async () => [object('x'), object('y'), object('z')], 2)).catch((e: Error) => e);
      assert.ok(isOpenStackError(tooMany, 'badResponse'));
      assert.equal(tooMany.message, 'Swift returned an unexpected paged listing: asked for 2 entries, got 3');
      const stuck = await collect(paginate(async () => [object('a'), object('b')], 2)).catch((e: Error) => e);
      assert.ok(isOpenStackError(stuck, 'badResponse'));
      assert.equal(stuck.message, 'Swift returned an unexpected paged listing: the page after "b" did not advance');
      const stuckFolder = await collect(paginate(async () => [object('q'), { kind: 'folder', prefix: 'r/' }], 2, 'r/')).catch((e: Error) => e);
      assert.equal((stuckFolder as Error).message, 'Swift returned an unexpected paged listing: the page after "r/" did not advance');
    });

    describe('a delimited listing that does not trust short pages (Ceph RGW)', () => {
      /** A server answering at most `most` entries a page, whatever the limit (as RGW does for delimited pages). */
      function shortPages(names: string[], most: number, requests: Array<string | undefined>) {
        return async (marker: string | undefined, limit: number) => {
          requests.push(marker);
          return names
            .filter((n) => marker === undefined || n > marker)
            .slice(0, Math.min(most, limit))
            .map(object);
        };
      }

      it('reads on after a short page, and ends only on an empty answer, which is not yielded', async () => {
        const requests: Array<string | undefined> = [];
        const pages = await collect(paginate(shortPages(['a', 'b', 'c', 'd', 'e'], 2, requests), 3, undefined, { shortPagesEnd: false }));
        assert.deepEqual(
          pages.map((p) => p.entries.map(markerOf)),
          [['a', 'b'], ['c', 'd'], ['e']],
        );
        assert.deepEqual(
          pages.map((p) => p.nextMarker),
          ['b', 'd', undefined],
        );
        assert.deepEqual(requests, [undefined, 'b', 'd', 'e'], 'each page asked once');
      });

      it('continues after a full page as usual, and a short listing costs one request more', async () => {
        const requests: Array<string | undefined> = [];
        const pages = await collect(paginate(shortPages(['a', 'b', 'c', 'd'], 3, requests), 3, undefined, { shortPagesEnd: false }));
        assert.deepEqual(
          pages.map((p) => [p.entries.map(markerOf), p.nextMarker]),
          [
            [['a', 'b', 'c'], 'c'],
            [['d'], undefined],
          ],
        );
        assert.deepEqual(requests, [undefined, 'c', 'd']);
      });

      it('an empty listing is one empty page and one request', async () => {
        const requests: Array<string | undefined> = [];
        assert.deepEqual(await collect(paginate(shortPages([], 2, requests), 3, undefined, { shortPagesEnd: false })), [
          { entries: [], nextMarker: undefined },
        ]);
        assert.deepEqual(requests, [undefined]);
      });

      it('checks the page read ahead too', async () => {
        const answers = [[object('a')], [object('a')]];
        const e = await collect(paginate(async () => answers.shift() ?? [], 3, undefined, { shortPagesEnd: false })).catch((error: Error) => error);
        assert.equal((e as Error).message, 'Swift returned an unexpected paged listing: the page after "a" did not advance');
      });
    });

    it('by default a short page ends the listing: no request after it', async () => {
      const requests: Array<string | undefined> = [];
      const pages = await collect(paginate(async (marker) => (requests.push(marker), marker === undefined ? [object('a')] : [object('b')]), 3));
      assert.deepEqual(
        pages.map((p) => p.entries.map(markerOf)),
        [['a']],
      );
      assert.deepEqual(requests, [undefined]);
    });
  });

  describe('compareNames where surrogates meet the top of the BMP', () => {
    it('orders U+D7FF, U+E000-U+FFFF and astral characters as UTF-8 does, and equal names as equal', () => {
      const byteOrder = (a: string, b: string) => Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
      const names = ['\ud7ff😀', '\ue000😀', '\uffff😀', '😀', '😀a', '😀😀', '😀\ud7ff', '😀\ue000', 'a😀', '𝄞', '\ufffd'];
      for (const a of names) {
        for (const b of names) assert.equal(Math.sign(compareNames(a, b)), byteOrder(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      }
      assert.equal(compareNames('😀x', '😀x'), 0);
      assert.ok(compareNames('😀', '😀😀') < 0 && compareNames('😀😀', '😀') > 0, 'a prefix first');
    });
  });
});

// parseListingNames: a listing page read for its names, only the wanted objects parsed; any text not in Swift's form
// is parsed whole, so what it returns is what parseListingText returns for every wanted entry, and the same names.
import * as assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isOpenStackError } from '../../../../src/openstack/errors';
import { parseListingText, type ListingEntry, type ObjectEntry } from '../../../../src/openstack/swift/listing';
import { isNameOnly, nameOnly, parseListingNames } from '../../../../src/openstack/swift/listingNames';
import { pythonDumps } from './scriptedListing';

const object = (name: string, extra: Record<string, unknown> = {}) => ({
  bytes: 3,
  hash: 'acbd18db4cc2f85cedef654fccc4a4d8',
  name,
  content_type: 'text/plain',
  last_modified: '2026-12-04T10:00:00.000000',
  ...extra,
});

const odd = ['a"b', 'c\\', 'line\nbreak', '{"name": "x"}', 'Zoë ☁', '😀 100% #?', 'tab\tand "quotes" \\" end', 'plain'];

/** Checks the result against parseListingText: the same names in order, wanted entries equal, others name only. */
function agrees(text: string, wanted: (name: string) => boolean, expectNameOnly: boolean): ListingEntry[] {
  const whole = parseListingText(text);
  const read = parseListingNames(text, wanted);
  assert.equal(read.length, whole.length);
  read.forEach((entry, i) => {
    const full = whole[i];
    if (full.kind === 'folder' || entry.kind === 'folder') return assert.deepEqual(entry, full);
    assert.equal(entry.name, full.name);
    if (wanted(full.name) || !expectNameOnly) {
      assert.equal(isNameOnly(entry), false, `${full.name} parsed in full`);
      assert.deepEqual({ ...entry }, full);
    } else {
      assert.equal(isNameOnly(entry), true, `${full.name} read for its name only`);
    }
  });
  return read;
}

describe('parseListingNames: a page read for its names, the wanted objects parsed', () => {
  const many = Array.from({ length: 40 }, (_, i) => object(`n-${String(i).padStart(2, '0')}`));

  it("reads Swift's form: names right, escapes read, only the wanted objects parsed (their sizes, dates, SLO ETag, symlink)", () => {
    const objects = [
      ...many,
      ...odd.map((n) => object(n)),
      object('slo', { slo_etag: '"0123456789abcdef0123456789abcdef"', bytes: 10 }),
      object('link', { symlink_path: '/v1/AUTH_a/c/target' }),
    ];
    const wanted = new Set(['n-07', 'c\\', '{"name": "x"}', 'Zoë ☁', 'slo', 'link']);
    for (const ascii of [true, false]) {
      const read = agrees(pythonDumps(objects, ascii), (n) => wanted.has(n), true) as ObjectEntry[];
      assert.deepEqual(
        read.filter((e) => !isNameOnly(e)).map((e) => e.name),
        ['n-07', 'c\\', '{"name": "x"}', 'Zoë ☁', 'slo', 'link'],
      );
      const slo = read.find((e) => e.name === 'slo') as ObjectEntry;
      assert.equal(slo.sloEtag, '0123456789abcdef0123456789abcdef');
      assert.equal(slo.bytes, 10);
      assert.equal((read.find((e) => e.name === 'link') as ObjectEntry).symlinkPath, '/v1/AUTH_a/c/target');
      assert.deepEqual(
        read.map((e) => e.name),
        objects.map((o) => o.name),
      );
    }
  });

  it('reads the compact form too (JSON.stringify: no spaces), and a name holding `"name": "`', () => {
    const objects = [...many, { name: 'x", "name": "y', bytes: 1, hash: 'h', last_modified: '2026-12-04T10:00:00.000000', content_type: 't' }];
    const read = agrees(JSON.stringify(objects), (n) => n === 'n-03', true);
    assert.equal(read[40].kind === 'object' && read[40].name, 'x", "name": "y');
  });

  it('reads a page whose objects have keys ending in "name" (filename, surname): only `"name"` is a name key', () => {
    const objects = many.map((o, i) => (i % 2 ? { filename: `f-${i}`, ...o } : { ...o, surname: 'name' }));
    const read = agrees(pythonDumps(objects), (n) => n === 'n-05', true);
    assert.equal(read.filter((e) => e.kind === 'object' && isNameOnly(e)).length, 39);
  });

  it('reads a page with white space around it and between its objects (newlines, tabs, carriage returns)', () => {
    const text = ` \n${pythonDumps(many).replace(/\}, \{/g, (_, i: number) => ['},\n{', '}\t,\r\n {', '} ,{'][i % 3])}\r\n `;
    assert.ok(text.includes('},\n{') && text.includes('}\t,\r\n {'));
    agrees(text, (n) => n === 'n-09', true);
  });

  it('parses a page whole when more than an eighth of its names are wanted (one JSON.parse is cheaper then)', () => {
    const text = pythonDumps(many);
    const five = new Set(['n-00', 'n-01', 'n-02', 'n-03', 'n-04']);
    agrees(text, (n) => five.has(n), true); // 5 of 40: read for names
    const six = new Set([...five, 'n-05']);
    const read = agrees(text, (n) => six.has(n), false); // 6 of 40: parsed whole
    assert.ok(read.every((e) => e.kind === 'object' && !isNameOnly(e)));
  });

  it('parses whole, with its error, any text not in that form', () => {
    const good = pythonDumps(many.slice(0, 3));
    const cases: Array<[string, string]> = [
      ['not JSON', 'no listing here'],
      ['truncated', good.slice(0, -5)],
      ['an empty array', '[]'],
      ['a folder entry', `[{"subdir": "a/"}, ${good.slice(1)}`],
      ['an object without a name', `[{}, ${good.slice(1)}`],
      ['an object with its name not a string', `[{"name": 5, "bytes": 1}, ${good.slice(1)}`],
      ['a number between the objects', good.replace('}, {', '}, 5, {')],
      ['two commas between the objects', good.replace('}, {', '},, {')],
      ['a word and a comma between the objects', good.replace('}, {', '}, true {')],
      ['no opening bracket', good.slice(1)],
      ['something else than the closing bracket', `${good.slice(0, -1)}x`],
      ['something after the last object', `${good.slice(0, -1)} x]`],
      ['two names in the last object', good.replace(/"name": "n-02"/, '"name": "n-02", "name": "n-2"')],
      ['two names in one object, none in the next', good.replace('"name": "n-01"', '"nom": "n-01"').replace('"name": "n-00"', '"name": "n-00", "name": "n-0"')],
      ['something before the first object', `[5, ${good.slice(1)}`],
      ['a bad escape in a name', good.replace('"name": "n-00"', '"name": "n-\\x00"')],
      ['an unterminated name', '[{"name": "abc'],
      ['a name left open, a brace and a space before the end', '[{"name": "ab} ]'],
      ['a name left open after an escaped quote', '[{"name": "a\\"}]'],
      ['two names in one object', good.replace('"name": "n-00"', '"name": "n-00", "name": "n-0"')],
      // `{"` at a string's end looks like an object's start: the counts differ, the page is parsed whole (and right).
      ['a name ending with {', pythonDumps([object('a{'), ...many.slice(0, 2)])],
    ];
    // A wanted object whose own text is not JSON: the page is parsed whole too.
    const flawed = pythonDumps(many).replace('"bytes": 3', '"bytes": 3,');
    assert.throws(
      () => parseListingNames(flawed, (n) => n === 'n-00'),
      (e: unknown) => isOpenStackError(e, 'badResponse') && /not JSON/.test((e as Error).message),
    );
    assert.equal((parseListingNames(flawed, () => false)[0] as ObjectEntry).name, 'n-00', 'not wanted: its flaw not looked at');
    // A wanted object that is a folder entry as well (subdir and name): parsed whole, a folder as parseListingText says.
    const both = pythonDumps([{ subdir: 'a/', name: 'x' }, ...many]);
    const read = parseListingNames(both, (n) => n === 'x');
    assert.deepEqual(read[0], { kind: 'folder', prefix: 'a/' });
    assert.ok(!read.some((e) => e.kind === 'object' && isNameOnly(e)), 'parsed whole');
    for (const [what, text] of cases) {
      let whole: ListingEntry[] | Error;
      try {
        whole = parseListingText(text);
      } catch (e) {
        whole = e as Error;
      }
      if (whole instanceof Error) {
        assert.ok(isOpenStackError(whole, 'badResponse'), what);
        assert.throws(
          () => parseListingNames(text, () => false),
          (e: unknown) => isOpenStackError(e, 'badResponse') && (e as Error).message === whole.message,
          what,
        );
      } else {
        const read = parseListingNames(text, () => false);
        assert.deepEqual(
          read.map((e) => ({ ...e })),
          whole.map((e) => ({ ...e })),
          what,
        );
        assert.ok(!read.some((e) => e.kind === 'object' && isNameOnly(e)), `${what}: parsed whole`);
      }
    }
  });

  it('a name-only entry is an object entry with its name and nothing else; a parsed entry is not one', () => {
    const stub = nameOnly('a/b');
    assert.deepEqual({ ...stub }, { kind: 'object', name: 'a/b', bytes: 0, hash: '', lastModified: undefined, contentType: '' });
    assert.equal(isNameOnly(stub), true);
    assert.equal(isNameOnly(parseListingText(pythonDumps([object('a/b')]))[0] as ObjectEntry), false);
    assert.equal(isNameOnly({ ...stub }), false, 'a copy is a plain object');
  });

  it("keeps none of the page's text alive through the names it read (a name of 13 characters or more would be a view into it)", () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const padding = 'x'.repeat(4_000);
    const count = 2_000;
    let textLength = 0;
    // The page is made, read and dropped inside: only the names come out.
    const namesOfPage = (): string[] => {
      const text = pythonDumps(Array.from({ length: count }, (_, i) => object(`kept/name-${String(i).padStart(6, '0')}`, { content_type: padding })));
      textLength = text.length;
      return parseListingNames(text, () => false).map((e) => (e as ObjectEntry).name);
    };
    gc();
    const before = process.memoryUsage().heapUsed;
    const names = namesOfPage();
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    assert.equal(names.length, count);
    assert.equal(names[count - 1], `kept/name-${String(count - 1).padStart(6, '0')}`);
    assert.ok(textLength > 8_000_000);
    // The names are ~2,000 × 60 bytes; the page ~8 MB.
    assert.ok(grown < textLength / 8, `the heap kept ${grown} bytes for ${count} names of a page of ${textLength} characters`);
  });
});

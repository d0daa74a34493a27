import * as assert from 'node:assert/strict';
import { posix } from 'node:path';
import { StorageLocation, folderPrefix, fromUriParts, sameAccount, toUriParts } from '../../../src/location';
import { HOSTILE_FRAGMENTS, randomName, seededRandom } from '../openstack/swift/randomNames';

/** Object names a path layer would love to "fix": every one must come back exactly. */
const HOSTILE_OBJECTS = [
  'plain.txt',
  'with space.md',
  'it\'s "quoted".txt',
  '100%.txt',
  '%41%2F.txt',
  'what?.txt',
  'hash#tag.txt',
  'new\nline.txt',
  'tab\there',
  'ünïcødé 日本 😀.json',
  'e\u0301 vs é',
  'a//b',
  '//leading',
  'trailing/',
  'dir/',
  '../up.txt',
  'a/../b',
  './here',
  '.',
  '..',
  'a/./b',
  '\\back\\slash',
  '?',
  '#',
  '%',
  ' ',
  'a+b&c=d;e',
  '\u202eevil.txt',
  'x'.repeat(1024),
];

/**
 * How VS Code turns a URI's path into text and back (Uri.toString / Uri.parse): every character but the
 * unreserved ones and `/` percent-encoded as UTF-8, decoded on the way back.
 */
const throughUriText = (path: string) => decodeURIComponent(path.split('/').map(encodeURIComponent).join('/'));

function roundTrip(location: StorageLocation): void {
  const parts = toUriParts(location);
  assert.deepEqual(fromUriParts(parts), location, JSON.stringify(location));
  assert.deepEqual(fromUriParts({ path: throughUriText(parts.path), query: decodeURIComponent(encodeURIComponent(parts.query)) }), location);
}

describe('location: object URIs (swift:, swift-readonly:)', () => {
  it('round-trips hostile object names byte-exact, also through the URI text form', () => {
    for (const name of HOSTILE_OBJECTS) roundTrip({ profileId: 'p1', region: 'RegionOne', container: 'docs', object: name });
  });

  it('round-trips 3,000 seeded random names, containers and profile ids (property)', () => {
    const rand = seededRandom(20261129);
    for (let i = 0; i < 3000; i++) {
      const container = randomName(rand, 20).replace(/\//g, '_') || 'c';
      const name = randomName(rand);
      const profileId = randomName(rand, 10);
      const region = rand() < 0.2 ? '' : randomName(rand, 10);
      roundTrip({ profileId, region, container, object: name });
      roundTrip({ profileId, region, container });
    }
    for (const fragment of HOSTILE_FRAGMENTS)
      roundTrip({ profileId: fragment, region: fragment, container: fragment.replace(/\//g, '_') || 'c', object: fragment });
  });

  it("survives the editor's path normalisation: names it would change travel in the query, the rest in the path", () => {
    for (const name of [...HOSTILE_OBJECTS, '/', '//', 'tail//', 'tail/x/', 'a/b/']) {
      const location = { profileId: 'p', region: 'R', container: 'docs', object: name };
      const parts = toUriParts(location);
      // What VS Code does to a path before it reaches the file system (uriIdentityService → posix.normalize).
      const normalised = { ...parts, path: posix.normalize(parts.path) };
      assert.deepEqual(fromUriParts(normalised), location, JSON.stringify(name));
      const kept = posix.normalize(`/docs/${name}`) === `/docs/${name}` && !/[\p{Cc}\p{Cf}]/u.test(name);
      if (kept) assert.equal(parts.path, `/docs/${name}`, 'a name the editor keeps is the path');
    }
    assert.equal(toUriParts({ profileId: 'p', region: 'R', container: 'c', object: 'tail//' }).path, '/c/tail/∕');
    assert.equal(toUriParts({ profileId: 'p', region: 'R', container: 'c', object: '//' }).path, '/c/∅/∕');
    assert.equal(toUriParts({ profileId: 'p', region: 'R', container: 'c', object: 'tail/' }).path, '/c/tail/');
    // The look-alike changes only what normalisation would: the base name (the tab title) and its extension stay.
    assert.equal(toUriParts({ profileId: 'p', region: 'R', container: 'c', object: 'a//b.txt' }).path, '/c/a/∅/b.txt');
    assert.equal(toUriParts({ profileId: 'p', region: 'R', container: 'c', object: 'x/../y.txt' }).path, '/c/x/․․/y.txt');
    // A URI derived from such a one (another path, the same query) is read by its path, not as that object.
    const odd = toUriParts({ profileId: 'p', region: 'R', container: 'c', object: 'a//b' });
    assert.equal(fromUriParts({ path: '/c/a/∅/renamed.txt', query: odd.query })?.object, 'a/∅/renamed.txt');
    // Hidden characters: the tab title (the path's base name) and the breadcrumbs show them escaped.
    assert.equal(toUriParts({ profileId: 'p', region: 'R', container: 'c', object: 'dir/new\nline.txt' }).path, '/c/dir/new⏎line.txt');
    assert.equal(toUriParts({ profileId: 'p', region: 'R', container: 'c', object: 'evil\u202Etxt.exe' }).path, '/c/evil⟨U+202E⟩txt.exe');
    // In a container's name too: the breadcrumbs of its objects show it escaped; the path maps back to the real name.
    const hidden = { profileId: 'p', region: 'R', container: 'evil\u202Egpj.exe', object: 'a/b.txt' };
    const parts = toUriParts(hidden);
    assert.equal(parts.path, '/evil⟨U+202E⟩gpj.exe/a/b.txt');
    assert.deepEqual(fromUriParts(parts), hidden);
    assert.equal(toUriParts({ profileId: 'p', region: 'R', container: 'two\nlines' }).path, '/two⏎lines');
    // A child made by joinPath keeps the query: it is in the same container.
    assert.deepEqual(fromUriParts({ path: '/evil⟨U+202E⟩gpj.exe/a/c.txt', query: parts.query }), { ...hidden, object: 'a/c.txt' });
    // Another container in the path (a move's target) is read from the path.
    assert.equal(fromUriParts({ path: '/other/a/c.txt', query: parts.query })?.container, 'other');
    // A container literally named like the look-alike is shown apart from it.
    assert.equal(toUriParts({ profileId: 'p', region: 'R', container: 'evil⟨U+202E⟩gpj.exe' }).path, '/evil⟨U+27E8⟩U+202E⟩gpj.exe');
  });

  it('puts the object name last in the path: the tab title is its base name, the editor sees its extension', () => {
    const { path, query } = toUriParts({ profileId: 'p', region: 'R', container: 'docs', object: 'notes/2024/todo.md' });
    assert.equal(path, '/docs/notes/2024/todo.md');
    assert.match(query, /^[\x21-\x7e]+$/, 'the query is printable ASCII');
    assert.doesNotMatch(query, /[%#?&+/\s]/, 'and has nothing a URI layer would rewrite');
  });

  it('addresses the account, a container, and a container given as "/c/"', () => {
    const query = toUriParts({ profileId: 'p', region: '' }).query;
    assert.equal(toUriParts({ profileId: 'p', region: '' }).path, '/');
    assert.deepEqual(fromUriParts({ path: '/', query }), { profileId: 'p', region: '' });
    assert.deepEqual(fromUriParts({ path: '/c', query }), { profileId: 'p', region: '', container: 'c' });
    assert.deepEqual(fromUriParts({ path: '/c/', query }), { profileId: 'p', region: '', container: 'c' });
  });

  it('rejects addresses it did not write and locations that cannot exist', () => {
    const query = toUriParts({ profileId: 'p', region: 'R' }).query;
    assert.equal(fromUriParts({ path: '/c/o', query: '' }), undefined, 'no descriptor');
    assert.equal(fromUriParts({ path: '/c/o', query: '{"p":1,"r":"R"}' }), undefined, 'profile id not a string');
    assert.equal(fromUriParts({ path: 'c/o', query }), undefined, 'relative path');
    assert.equal(fromUriParts({ path: '//o', query }), undefined, 'empty container');
    assert.throws(() => toUriParts({ profileId: 'p', region: 'R', object: 'o' }), /needs a container/);
    assert.throws(() => toUriParts({ profileId: 'p', region: 'R', container: 'a/b' }), /Not a container/);
    assert.throws(() => toUriParts({ profileId: 'p', region: 'R', container: 'c', object: '' }), /empty/);
  });

  it('gives folder prefixes and tells same-account locations apart', () => {
    assert.equal(folderPrefix({ profileId: 'p', region: 'R', container: 'c' }), '');
    assert.equal(folderPrefix({ profileId: 'p', region: 'R', container: 'c', object: 'a/b' }), 'a/b/');
    assert.ok(sameAccount({ profileId: 'p', region: 'R', container: 'a' }, { profileId: 'p', region: 'R', container: 'b' }));
    assert.ok(!sameAccount({ profileId: 'p', region: 'R' }, { profileId: 'p', region: 'S' }));
    assert.ok(!sameAccount({ profileId: 'p', region: 'R' }, { profileId: 'q', region: 'R' }));
  });
});

import * as assert from 'node:assert/strict';
import { fromPathName, fromPathNames, fromUriParts, toPathName, toPathNames, toUriParts } from '../../../src/location';
import { escapeHidden } from '../../../src/openstack/swift/names';
import { HOSTILE_FRAGMENTS, randomName, seededRandom } from '../openstack/swift/randomNames';

const HIDDEN = /(?![\u200c\u200d])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

describe('location: names in swift: paths (what the Explorer shows)', () => {
  it('shows hidden characters escaped as the tree does, and leaves other names as they are', () => {
    assert.equal(toPathName('evil\u202etxt.exe'), 'evil⟨U+202E⟩txt.exe');
    assert.equal(toPathName('two\nlines.txt'), 'two⏎lines.txt');
    assert.equal(toPathName('nul\0bell\x07\r\t\x7f'), 'nul␀bell␇␍⇥␡');
    for (const plain of ['plain.txt', 'ünïcødé 日本 😀.json', '100%?#.txt', 'a\u200db', '⟩', 'U+202E']) assert.equal(toPathName(plain), plain);
    for (const name of ['evil\u202etxt.exe', 'two\nlines.txt', '\u2028\u200b\ufeff']) assert.equal(toPathName(name), escapeHidden(name));
  });

  it('keeps a name that looks like an escaped one apart from the name it looks like (collision-safe)', () => {
    const pairs = [
      ['two\nlines.txt', 'two⏎lines.txt'],
      ['evil\u202etxt.exe', 'evil⟨U+202E⟩txt.exe'],
      ['\0', '␀'],
      ['\t', '⇥'],
      ['\x7f', '␡'],
    ];
    for (const [hidden, lookAlike] of pairs) {
      assert.notEqual(toPathName(hidden), toPathName(lookAlike), JSON.stringify([hidden, lookAlike]));
      assert.equal(fromPathName(toPathName(lookAlike)), lookAlike);
      assert.equal(fromPathName(toPathName(hidden)), hidden);
    }
    assert.equal(toPathName('two⏎lines.txt'), 'two⟨U+23CE⟩lines.txt');
    assert.equal(toPathName('evil⟨U+202E⟩txt.exe'), 'evil⟨U+27E8⟩U+202E⟩txt.exe');
    // Even the escape of an escape is its own name.
    assert.equal(fromPathName(toPathName('⟨U+27E8⟩')), '⟨U+27E8⟩');
  });

  it('round-trips every seeded random name and hostile fragment, one-to-one (property)', () => {
    const rand = seededRandom(20261205);
    const seen = new Map<string, string>();
    const names = [...HOSTILE_FRAGMENTS, '⟨', '⟨U+', '⟨U+0041⟩', '␊', '␉', '\uD800', 'a\uDC00b'];
    for (let i = 0; i < 5000; i++) names.push(randomName(rand, 30));
    // Names made of the escape characters themselves, the hardest case for a collision.
    const alphabet = ['\n', '⏎', '⟨', 'U', '+', '2', '3', 'C', 'E', '⟩', '\u202e', '␀', '\0'];
    for (let i = 0; i < 3000; i++)
      names.push(Array.from({ length: 1 + Math.floor(rand() * 8) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(''));
    for (const name of names) {
      const shown = toPathNames(name);
      assert.equal(fromPathNames(shown), name, JSON.stringify(name));
      assert.doesNotMatch(shown, HIDDEN, JSON.stringify(name));
      const other = seen.get(shown);
      assert.ok(other === undefined || other === name, `${JSON.stringify(name)} and ${JSON.stringify(other)} show the same`);
      seen.set(shown, name);
    }
  });

  it('reads a hand-typed segment that is no escape as the text it is', () => {
    assert.equal(fromPathName('⟨hello'), '⟨hello');
    assert.equal(fromPathName('⟨U+0041⟩'), '⟨U+0041⟩', 'A is never escaped: this is text');
    assert.equal(fromPathName('␊'), '␊', 'a line break is written ⏎, not ␊');
    assert.equal(fromPathName('⟨U+110000⟩'), '⟨U+110000⟩', 'no such code point');
    assert.equal(fromPathName('⟨U+10FFFF⟩'), '⟨U+10FFFF⟩', 'a code point that is never escaped');
    assert.equal(fromPathName('a⏎b'), 'a\nb');
  });

  it("a readDirectory name joined to its folder's URI addresses that very object", () => {
    const folder = { profileId: 'p', region: 'R', container: 'evil\u202egpj', prefix: 'dir\n/' };
    const parent = toUriParts(folder);
    assert.equal(parent.path, '/evil⟨U+202E⟩gpj/dir⏎');
    assert.doesNotMatch(parent.query, /"c"|"o"/, 'the path alone says which container and folder');
    for (const name of ['two\nlines.txt', 'two⏎lines.txt', 'evil\u202etxt.exe', 'evil⟨U+202E⟩txt.exe']) {
      // What the editor does: joinPath(parent, readDirectory name), the query kept.
      const child: { path: string; query: string } = { path: `${parent.path}/${toPathName(name)}`, query: parent.query };
      assert.deepEqual(fromUriParts(child), { profileId: 'p', region: 'R', container: 'evil\u202egpj', object: `dir\n/${name}` });
      // The same URI the tree opens the object with: one document, whichever way it was opened.
      assert.deepEqual(child, toUriParts({ profileId: 'p', region: 'R', container: 'evil\u202egpj', object: `dir\n/${name}` }));
    }
  });

  it('still reads URIs written before (hidden names carried in `c` and `o`)', () => {
    const q = (d: object) => JSON.stringify(d).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const old = { path: '/evil⟨U+202E⟩gpj/two⏎lines.txt', query: q({ p: 'p', r: 'R', c: 'evil\u202egpj', o: 'two\nlines.txt' }) };
    assert.deepEqual(fromUriParts(old), { profileId: 'p', region: 'R', container: 'evil\u202egpj', object: 'two\nlines.txt' });
    // A container literally named like the look-alike is another container.
    assert.equal(fromUriParts({ path: '/evil⟨U+27E8⟩U+202E⟩gpj', query: q({ p: 'p', r: 'R' }) })?.container, 'evil⟨U+202E⟩gpj');
  });
});

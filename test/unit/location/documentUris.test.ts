import * as assert from 'node:assert/strict';
import { StorageLocation, decodeDescriptor, documentQuery, encodeDescriptor, label, locationOfDocumentQuery, readablePath } from '../../../src/location';

const NASTY = ['with space', 'ünïcødé/日本', 'hash#tag', 'what?', '100%', '%41%2F', 'new\nline', 'a+b&c=d', '../..', 'emoji 😀', '"quoted"\\'];

/** What a URI layer might do to a query: encode it, decode it, or both (as vscode.Uri toString/parse do). */
const MANGLERS: Array<[string, (q: string) => string]> = [
  ['as is', (q) => q],
  ['encoded then decoded', (q) => decodeURIComponent(encodeURIComponent(q))],
  ['decoded once', (q) => decodeURIComponent(q)],
  ['through URL', (q) => decodeURIComponent(new URL(`x-scheme:/p?${q}`).search.slice(1))],
];

describe('location: document URIs', () => {
  it('round-trips any names through the query, even after a URI layer encoded or decoded it', () => {
    for (const name of NASTY) {
      const target: StorageLocation = { profileId: `p ${name}`, region: `R${name}`, container: name, object: `dir/${name}/${name}` };
      const query = documentQuery(target);
      assert.match(query, /^[\x21-\x7e]+$/, 'printable ASCII only');
      assert.doesNotMatch(query, /[%#?&+/\s]/);
      for (const [how, mangle] of MANGLERS) assert.deepEqual(locationOfDocumentQuery(mangle(query)), target, `${how}: ${JSON.stringify(name)}`);
    }
  });

  it('gives one target one query, so reopening finds the same document', () => {
    const a = documentQuery({ profileId: 'p', region: 'R', container: 'c', object: 'o' });
    const b = documentQuery({ object: 'o', container: 'c', region: 'R', profileId: 'p' });
    assert.equal(a, b);
    assert.notEqual(documentQuery({ profileId: 'p', region: 'R', container: 'c' }), documentQuery({ profileId: 'p', region: 'R', container: 'c', object: '' }));
  });

  it('keeps account, container and object targets apart', () => {
    assert.deepEqual(locationOfDocumentQuery(documentQuery({ profileId: 'p', region: '' })), { profileId: 'p', region: '' });
    assert.deepEqual(locationOfDocumentQuery(documentQuery({ profileId: 'p', region: 'R', container: 'c' })), { profileId: 'p', region: 'R', container: 'c' });
  });

  it('rejects queries that are not descriptors', () => {
    for (const bad of ['', 'x=1', '[]', '"s"', 'null', '{"p":1,"r":"R"}', '{"p":"p"}', '{"p":"p","r":"R","o":"orphan"}', '{"p":"p","r":"R","c":5}']) {
      assert.equal(locationOfDocumentQuery(bad), undefined, bad);
    }
    assert.equal(decodeDescriptor('{oops'), undefined);
    assert.deepEqual(decodeDescriptor(encodeDescriptor({ reveal: 'n#1' })), { reveal: 'n#1' });
  });

  it('makes a readable path ending in the object name, with the suffix appended', () => {
    assert.equal(readablePath({ profile: 'demo', region: 'RegionOne', container: 'docs', object: 'a/b/report.json' }), '/demo/RegionOne/docs/a/b/report.json');
    assert.equal(readablePath({ profile: 'demo', region: 'R', container: 'docs', object: 'x.png' }, ' (metadata).md'), '/demo/R/docs/x.png (metadata).md');
    assert.equal(readablePath({ profile: 'demo', region: '' }, ' (metadata).md'), '/demo/default region (metadata).md');
  });

  it('never produces empty, dot or control segments in the path', () => {
    const path = readablePath({ profile: 'a/b', region: 'R', container: 'c', object: '/x//../.\ny/' });
    assert.equal(readablePath({ profile: 'p', region: 'R', container: '.', object: '.' }), '/p/R/․/․');
    assert.equal(path, '/a∕b/R/c/∅/x/∅/․․/.⏎y∕');
    // Bidi controls are spelled out as the tree shows them: a breadcrumb cannot reorder the name.
    assert.equal(readablePath({ profile: 'p', region: 'R', container: 'c', object: 'evil\u202Etxt.exe' }), '/p/R/c/evil⟨U+202E⟩txt.exe');
    for (const segment of path.split('/').slice(1)) {
      assert.ok(segment !== '' && segment !== '.' && segment !== '..', JSON.stringify(segment));
    }
    assert.doesNotMatch(path, /[\u0000-\u001f]/);
    assert.equal(label('a/b'), 'a∕b');
    assert.equal(readablePath({ profile: 'p', region: 'R', container: 'c', object: 'dir/' }), '/p/R/c/dir∕');
  });
});

/**
 * The location type at its edges: what a URI, a document query or a command argument may hold that is not one of
 * ours (read as nothing, never as another object), folders and versions in URIs, and the account-level nodes that
 * list nothing. A location read wrongly addresses the wrong object: each case here is one that would.
 */
import * as assert from 'node:assert/strict';
import {
  decodeDescriptor,
  folderPrefix,
  fromUriParts,
  isObjectLocation,
  listingOf,
  locationOf,
  locationOfDocumentQuery,
  profileIdOf,
  readablePath,
  toUriParts,
  type StorageLocation,
} from '../../../src/location';

const account: StorageLocation = { profileId: 'prof', region: '' };
const q = (d: Record<string, unknown>) => JSON.stringify(d);

describe('location: edges', () => {
  it('refuses to write a URI for an empty container name, or a version of anything but an object', () => {
    assert.throws(() => toUriParts({ ...account, container: '' }), /^Error: Not a container name: ""$/);
    assert.throws(() => toUriParts({ ...account, container: 'c', version: '1' }), /^Error: Only an object has versions\.$/);
  });

  it('a folder is addressed by its prefix without the last "/"; a folder named "/" by its container', () => {
    assert.deepEqual(toUriParts({ ...account, container: 'c', prefix: 'logs/2024/' }), { path: '/c/logs/2024', query: q({ p: 'prof', r: '' }) });
    assert.equal(toUriParts({ ...account, container: 'c', prefix: '/' }).path, '/c');
    assert.equal(toUriParts({ ...account, container: 'c', prefix: 'a/' }).path, '/c/a');
  });

  it("an object's query holds its version only when it has one, and its name only when the path cannot", () => {
    assert.equal(toUriParts({ ...account, container: 'c', object: 'a.txt' }).query, q({ p: 'prof', r: '' }));
    const versioned = toUriParts({ ...account, container: 'c', object: 'a.txt', version: '1700000000.00001' });
    assert.equal(versioned.query, q({ p: 'prof', r: '', v: '1700000000.00001' }));
    assert.deepEqual(fromUriParts(versioned), { ...account, container: 'c', object: 'a.txt', version: '1700000000.00001' });
  });

  it('reads nothing from URI parts that toUriParts did not write', () => {
    const none = [
      { path: '/c/o', query: q({ p: 'prof' }) }, // no region
      { path: 'c/o', query: q({ p: 'prof', r: '' }) }, // a relative path
      { path: 'cc/o', query: q({ p: 'prof', r: '' }) },
      { path: '//o', query: q({ p: 'prof', r: '' }) }, // an empty container
    ];
    for (const parts of none) assert.equal(fromUriParts(parts), undefined, JSON.stringify(parts));
  });

  it('a name in the query counts only with the path written for it; a version only for an object', () => {
    // "/c/" with an empty name in the query: the container, never an object named "".
    assert.deepEqual(fromUriParts({ path: '/c/', query: q({ p: 'prof', r: '', o: '' }) }), { ...account, container: 'c' });
    // "∅" is the look-alike of an empty segment: with an empty name in the query it is still the object "∅".
    assert.deepEqual(fromUriParts({ path: '/c/∅', query: q({ p: 'prof', r: '', o: '' }) }), { ...account, container: 'c', object: '∅' });
    // "/c" (no slash after the container) with a name that looks like it: still the container.
    assert.deepEqual(fromUriParts({ path: '/c', query: q({ p: 'prof', r: '', o: 'c' }) }), { ...account, container: 'c' });
    assert.deepEqual(fromUriParts({ path: '/c', query: q({ p: 'prof', r: '', v: '1' }) }), { ...account, container: 'c' });
  });

  it('a descriptor is a JSON object: arrays, numbers, strings and null are not', () => {
    for (const text of ['[{"p":"x","r":""}]', '3', '"s"', 'null', 'not json']) assert.equal(decodeDescriptor(text), undefined, text);
    assert.deepEqual(decodeDescriptor('{"p":"x"}'), { p: 'x' });
  });

  it("a document query's object name must be a string", () => {
    assert.equal(locationOfDocumentQuery(q({ p: 'prof', r: '', c: 'c', o: 5 })), undefined);
    assert.deepEqual(locationOfDocumentQuery(q({ p: 'prof', r: '', c: 'c', o: 'x' })), { ...account, container: 'c', object: 'x' });
  });

  it('a readable path shows a backslash as a look-alike', () => {
    assert.equal(readablePath({ profile: 'p', region: 'r', container: 'c', object: 'a\\b.txt' }), '/p/r/c/a⧵b.txt');
  });

  it('an object location needs a container; a folder lists under its prefix', () => {
    assert.equal(isObjectLocation({ ...account, object: 'o' }), false);
    assert.equal(isObjectLocation(undefined), false);
    assert.equal(isObjectLocation({ ...account, container: 'c', object: 'o' }), true);
    assert.equal(folderPrefix({ ...account, container: 'c', prefix: 'logs/' }), 'logs/');
    assert.equal(folderPrefix({ ...account, container: 'c', object: 'logs' }), 'logs/');
  });

  it('command arguments that are not ours are read as nothing, never as a location', () => {
    const ours = q({ p: 'prof', r: '' });
    const notOurs: unknown[] = [
      { location: null },
      { location: { profileId: 5, region: '' } },
      { location: Object.assign(() => 0, { profileId: 'prof', region: '' }) },
      { scheme: 'file', path: '/c/o', query: ours },
      { scheme: 'swift', path: undefined, query: ours },
      { scheme: 'swift', path: '/c/o', query: [ours] },
    ];
    for (const arg of notOurs) assert.equal(locationOf(arg), undefined, String((arg as { scheme?: string }).scheme ?? JSON.stringify(arg)));
    assert.deepEqual(locationOf({ scheme: 'swift-readonly', path: '/c/o', query: ours }), { ...account, container: 'c', object: 'o' });
  });

  it('a profile id given as { profileId } (the status bar) is read; an empty one is not', () => {
    assert.equal(profileIdOf({ profileId: 'prof' }), 'prof');
    assert.equal(profileIdOf({ profileId: '' }), undefined);
    assert.equal(profileIdOf(''), undefined);
  });

  it('only containers and folders list; nothing, an account or an object do not', () => {
    assert.equal(listingOf(undefined), undefined);
    assert.equal(listingOf({ location: account }), undefined);
    assert.equal(listingOf({ location: { ...account, container: 'c', object: 'o' } }), undefined);
    assert.deepEqual(listingOf({ location: { ...account, container: 'c', prefix: 'd/' }, filter: 'x' }), {
      location: { ...account, container: 'c', prefix: 'd/' },
      prefix: 'd/x',
      folder: true,
    });
  });
});

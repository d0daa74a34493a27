/**
 * A pull's local paths decided as the listing streams by (sync/pullPaths.ts): the same refusals as planLocalPaths,
 * holding only what must be held. Slots are fed in listing order, as the compare does.
 */
import * as assert from 'node:assert/strict';
import { PullPaths, type PullSlot } from '../../../../src/openstack/swift/sync/pullPaths';
import { localSegments } from '../../../../src/openstack/swift/transfer/localNames';

const NEEDS_FOLDER = 'another object needs a folder of this name';

/** Feeds `names` (relative to the prefix "p/") in order; returns what was placed, retracted and finished. */
function run(names: string[], platform = 'linux') {
  const retracted: string[] = [];
  const paths = new PullPaths<PullSlot>(platform, (slot, reason) => {
    assert.equal(reason, NEEDS_FOLDER);
    slot.refused = true;
    retracted.push(slot.relative);
  });
  const placed = names.map((relative) => {
    const place = paths.place({ name: `p/${relative}`, relative });
    return [relative, place === undefined ? 'aside' : 'segments' in place ? place.segments.join('/') : `refused: ${place.reason}`];
  });
  const held = paths.held;
  const finished = paths.finish().map((f) => [f.slot.relative, f.segments ? f.segments.join('/') : `refused: ${f.reason}`]);
  return { placed, retracted, finished, held };
}

describe('sync: pull paths decided as the listing streams', () => {
  it('plain names on Linux stream through, none held; a name is refused only once a deeper one needs it as a folder', () => {
    const r = run(['a', 'a.txt', 'a/b', 'a/b/c', 'b', 'b.txt', 'b0/x', 'c!', 'c/d', 'undefined', 'undefined/x']);
    assert.deepEqual(r.placed, [
      ['a', 'a'],
      ['a.txt', 'a.txt'],
      ['a/b', 'a/b'],
      ['a/b/c', 'a/b/c'],
      ['b', 'b'],
      ['b.txt', 'b.txt'],
      ['b0/x', 'b0/x'],
      ['c!', 'c!'],
      ['c/d', 'c/d'],
      ['undefined', 'undefined'],
      ['undefined/x', 'undefined/x'],
    ]);
    // "a" when "a/b" comes (once: not again for "a/b/c"), "a/b" when "a/b/c" does; "b" stays ("b.txt" and "b0/x"
    // start with it, not with "b/"); "c" was never a name.
    assert.deepEqual(r.retracted, ['a', 'a/b', 'undefined']);
    assert.deepEqual([r.held, r.finished], [0, []]);
  });

  it('an object named "undefined" is a name like any other (the first of the listing too)', () => {
    const r = run(['undefined', 'undefined/x']);
    assert.deepEqual(r.retracted, ['undefined']);
  });

  it('refuses names no file can have, as localNames does, holding nothing', () => {
    const r = run(['../evil', 'ok']);
    assert.deepEqual(r.placed, [
      ['../evil', 'refused: the name has a "." or ".." path segment'],
      ['ok', 'ok'],
    ]);
    assert.equal(r.held, 0);
  });

  for (const platform of ['win32', 'darwin']) {
    it(`${platform}: every name is held, and names differing only in case are refused at the end`, () => {
      const r = run(['A.txt', 'm', 'a.txt', 'x', 'x/y'], platform);
      assert.deepEqual(
        r.placed.map(([, p]) => p),
        ['aside', 'aside', 'aside', 'aside', 'aside'],
      );
      assert.equal(r.held, 5);
      assert.deepEqual(r.retracted, ['x']);
      assert.deepEqual(r.finished, [
        ['a.txt', 'refused: it would be written to the same local file as "p/A.txt"'],
        ['A.txt', 'A.txt'],
        ['m', 'm'],
        ['x/y', 'x/y'],
      ]);
    });
  }

  describe('Linux: mapped names (a part longer than 200 bytes) against streamed look-alikes', () => {
    const long = `${'x'.repeat(240)}.txt`;
    const mapped = localSegments(long, 'linux');
    assert.ok(mapped.ok && mapped.mapped);
    const short = mapped.segments[0];

    it('a mapped name alone is held and given its shortened path', () => {
      const r = run([`d/${long}`, 'plain']);
      assert.deepEqual(r.placed, [
        [`d/${long}`, 'aside'],
        ['plain', 'plain'],
      ]);
      assert.equal(r.held, 1);
      assert.deepEqual(r.finished, [[`d/${long}`, `d/${short}`]]);
    });

    it('a listed name equal to its path keeps the file; the mapped one is refused', () => {
      const r = run([`d/${long}`, `d/${short}`].sort());
      assert.equal(r.held, 2, 'the mapped name and its look-alike');
      assert.deepEqual(r.finished, [[`d/${long}`, `refused: it would be written to the same local file as "p/d/${short}"`]]);
    });

    it('a listed file where the mapped name needs a folder is refused, the mapped name kept', () => {
      const r = run([`d/${long}/inner`, `d/${short}`].sort());
      assert.deepEqual(r.retracted, [`d/${short}`]);
      assert.deepEqual(r.finished, [[`d/${long}/inner`, `d/${short}/inner`]]);
    });

    it('a mapped file where a listed name needs a folder is refused', () => {
      const r = run([`d/${long}`, `d/${short}/inner/deeper`].sort());
      assert.deepEqual(r.retracted, []);
      assert.deepEqual(r.finished, [[`d/${long}`, `refused: ${NEEDS_FOLDER}`]]);
    });

    it('a look-alike already refused is not refused again when a mapped name needs its path as a folder', () => {
      const r = run([`d/${long}/inner`, `d/${short}`, `d/${short}/x`].sort());
      assert.deepEqual(r.retracted, [`d/${short}`]);
      assert.deepEqual(r.finished, [[`d/${long}/inner`, `d/${short}/inner`]]);
    });

    it('a look-alike refused meanwhile claims nothing', () => {
      // "d/SHORT" is refused by the stack ("d/SHORT/x" needs it as a folder): the mapped name takes the path.
      const r = run([`d/${long}`, `d/${short}`, `d/${short}/x`].sort());
      assert.deepEqual(r.retracted, [`d/${short}`]);
      assert.deepEqual(r.finished, [[`d/${long}`, `refused: ${NEEDS_FOLDER}`]]);
    });
  });
});

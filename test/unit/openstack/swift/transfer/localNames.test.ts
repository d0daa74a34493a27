/** The edges of object names → local paths: exact reasons, Windows mapping, shortening, collisions per platform. */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { MAX_SEGMENT_BYTES, localSegments, planLocalPaths } from '../../../../../src/openstack/swift/transfer/localNames';

const hash8 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex').slice(0, 8);

describe('transfer: local names, edges', () => {
  it('gives the reason for each refusal', () => {
    const reason = (name: string) => {
      const got = localSegments(name, 'linux');
      return got.ok ? 'accepted' : got.reason;
    };
    assert.equal(reason(''), 'the name is empty');
    assert.equal(reason('a\u0000'), 'the name contains a NUL character');
    assert.equal(reason('a\uDC00'), 'the name is not valid Unicode');
    assert.equal(reason('a//b'), 'the name has an empty path segment (a leading, doubled or trailing "/")');
    assert.equal(reason('a/./b'), 'the name has a "." or ".." path segment');
    assert.equal(reason('😀/a'), 'accepted');
  });

  it('maps nothing on POSIX, and says nothing when nothing was mapped', () => {
    assert.deepEqual(localSegments('a:b/c?*|<>"\\d/con/x. ', 'linux'), { ok: true, segments: ['a:b', 'c?*|<>"\\d', 'con', 'x. '] });
    assert.deepEqual(localSegments('plain/name.txt', 'win32'), { ok: true, segments: ['plain', 'name.txt'] });
    assert.deepEqual(localSegments('CON.txt', 'darwin'), { ok: true, segments: ['CON.txt'] });
  });

  it('replaces every character Windows forbids, one for one, and trailing dots and spaces', () => {
    for (const ch of ['<', '>', ':', '"', '\\', '|', '?', '*', '\u0001', '\u001f']) {
      const got = localSegments(`a${ch}b`, 'win32');
      assert.deepEqual(got, { ok: true, segments: ['a_b'], mapped: 'characters Windows file names cannot hold became "_"' }, JSON.stringify(ch));
    }
    assert.deepEqual(localSegments('a b.c', 'win32'), { ok: true, segments: ['a b.c'] });
    assert.deepEqual(localSegments('x. .', 'win32'), { ok: true, segments: ['x___'], mapped: 'characters Windows file names cannot hold became "_"' });
    assert.deepEqual(localSegments('x.y', 'win32'), { ok: true, segments: ['x.y'] });
  });

  it('prefixes Windows device names, with or without an extension, in any case', () => {
    for (const device of ['CON', 'prn', 'Aux', 'nul', 'COM1', 'com9', 'COM¹', 'lpt0', 'LPT³', 'con.txt', 'nul.tar.gz']) {
      assert.deepEqual(
        localSegments(`d/${device}`, 'win32'),
        { ok: true, segments: ['d', `_${device}`], mapped: 'a Windows device name got a "_" in front' },
        device,
      );
    }
    for (const name of ['CONSOLE', 'xcon', 'com', 'com10', 'lpt', 'nulx.txt', 'con_.txt']) {
      assert.deepEqual(localSegments(name, 'win32'), { ok: true, segments: [name] }, name);
    }
    assert.deepEqual(localSegments('CON.t?t', 'win32'), {
      ok: true,
      segments: ['_CON.t_t'],
      mapped: 'characters Windows file names cannot hold became "_"; a Windows device name got a "_" in front',
    });
  });

  it('shortens only parts over the limit, to whole characters, a hash and an extension of at most 16 bytes', () => {
    const limit = 'x'.repeat(MAX_SEGMENT_BYTES);
    assert.deepEqual(localSegments(limit, 'linux'), { ok: true, segments: [limit] });
    const over = `${'x'.repeat(MAX_SEGMENT_BYTES - 3)}.txt`;
    const got = localSegments(`d/${over}`, 'linux');
    assert.deepEqual(got, {
      ok: true,
      segments: ['d', `${'x'.repeat(MAX_SEGMENT_BYTES - 13)}~${hash8(over)}.txt`],
      mapped: `a part longer than ${MAX_SEGMENT_BYTES} bytes was shortened`,
    });
    assert.equal(Buffer.byteLength(got.ok ? got.segments[1] : ''), MAX_SEGMENT_BYTES);

    const longExt = `${'y'.repeat(MAX_SEGMENT_BYTES)}.${'e'.repeat(16)}`;
    const noExt = localSegments(longExt, 'linux');
    assert.ok(noExt.ok);
    assert.equal(noExt.segments[0], `${'y'.repeat(MAX_SEGMENT_BYTES - 9)}~${hash8(longExt)}`);
    const ext16 = `${'y'.repeat(MAX_SEGMENT_BYTES)}.${'e'.repeat(15)}`;
    const kept = localSegments(ext16, 'linux');
    assert.ok(kept.ok && kept.segments[0].endsWith(`~${hash8(ext16)}.${'e'.repeat(15)}`) && Buffer.byteLength(kept.segments[0]) === MAX_SEGMENT_BYTES);

    const dotFirst = `.${'z'.repeat(MAX_SEGMENT_BYTES)}`;
    const hidden = localSegments(dotFirst, 'linux');
    assert.ok(hidden.ok && hidden.segments[0] === `${dotFirst.slice(0, MAX_SEGMENT_BYTES - 9)}~${hash8(dotFirst)}`);

    const wide = '€'.repeat(100); // 300 bytes; 3 per character
    const cut = localSegments(wide, 'linux');
    assert.ok(cut.ok && cut.segments[0] === `${'€'.repeat(63)}~${hash8(wide)}`);
  });

  it('folds case when checking collisions only on Windows and macOS', () => {
    const entries = [
      { name: 'A', relative: 'A' },
      { name: 'a', relative: 'a' },
      { name: 'DIR', relative: 'DIR' },
      { name: 'dir/x', relative: 'dir/x' },
    ];
    assert.deepEqual(planLocalPaths(entries, 'linux').refused, []);
    for (const platform of ['darwin', 'win32']) {
      const { planned, refused } = planLocalPaths(entries, platform);
      assert.deepEqual(
        planned.map((p) => p.entry.name),
        ['A', 'dir/x'],
        platform,
      );
      assert.deepEqual(
        refused,
        [
          { entry: entries[1], reason: 'it would be written to the same local file as "A"' },
          { entry: entries[2], reason: 'another object needs a folder of this name' },
        ],
        platform,
      );
    }
  });

  it('folds to lower case, as the file systems do: "ß" and "SS" are two files', () => {
    const entries = [
      { name: 'ß', relative: 'ß' },
      { name: 'SS', relative: 'SS' },
    ];
    assert.deepEqual(planLocalPaths(entries, 'win32').refused, []);
  });

  it('plans refused names last, keeps what was mapped, and needs every folder of a deep name', () => {
    const entries = [
      { name: 'bad', relative: 'a//b' },
      { name: 'deep', relative: 'p/q/r' },
      { name: 'mid', relative: 'p/q' },
      { name: 'map', relative: 'm?' },
    ];
    const { planned, refused } = planLocalPaths(entries, 'win32');
    assert.deepEqual(planned, [
      { entry: entries[1], segments: ['p', 'q', 'r'] },
      { entry: entries[3], segments: ['m_'], mapped: 'characters Windows file names cannot hold became "_"' },
    ]);
    assert.deepEqual(
      refused.map((r) => r.entry.name),
      ['bad', 'mid'],
    );
    assert.equal(refused[0].reason, 'the name has an empty path segment (a leading, doubled or trailing "/")');
  });
});

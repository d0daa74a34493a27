import * as assert from 'node:assert/strict';
import { formatCount, formatDate, formatDateLong, hostOf, needsQuoting, quotedName, stableId, visibleName } from '../../../src/ui/format';
import { HOSTILE_FRAGMENTS, randomName, seededRandom } from '../openstack/swift/randomNames';

describe('ui/format: counts, dates, names, ids', () => {
  it('formats counts with grouping (plurals are whole translated sentences, see l10nWording.test.ts)', () => {
    assert.equal(formatCount(1234567), '1,234,567');
    assert.equal(formatCount(12000), '12,000');
  });

  it('formats dates in local time, short for descriptions and exact for tooltips', () => {
    const date = new Date(2024, 0, 5, 7, 8, 9);
    assert.equal(formatDate(date), '2024-01-05 07:08');
    assert.equal(formatDateLong(date), `2024-01-05 07:08:09 (${date.toISOString()})`);
    assert.equal(formatDate(undefined), '');
    assert.equal(formatDate(new Date(Number.NaN)), '');
    assert.equal(formatDateLong(undefined), 'unknown');
  });

  it('shows control, invisible and reordering characters visibly in labels', () => {
    assert.equal(visibleName('a\nb'), 'a⏎b');
    assert.equal(visibleName('a\r\nb\tc'), 'a␍⏎b⇥c');
    assert.equal(visibleName('nul\0 esc\x1b del\x7f'), 'nul␀ esc␛ del␡');
    assert.equal(visibleName('evil\u202Etxt.exe'), 'evil⟨U+202E⟩txt.exe');
    assert.equal(visibleName('zero\u200Bwidth\uFEFF'), 'zero⟨U+200B⟩width⟨U+FEFF⟩');
    assert.equal(visibleName('line\u2028sep'), 'line⟨U+2028⟩sep');
    assert.equal(visibleName('c1\u0085'), 'c1⟨U+0085⟩');
    assert.equal(visibleName('lone\uD800'), 'lone⟨U+D800⟩');
    assert.equal(visibleName('  padded  '), '␣␣padded␣␣');
    assert.equal(visibleName(''), '⟨empty⟩');
  });

  it('leaves ordinary text alone, including scripts and emoji that need joiners', () => {
    for (const name of ['report 2024.pdf', 'é', 'e\u0301', '中文/文件', '😀', '👨‍👩‍👧', 'می‌خواهم', 'it\'s "quoted" $(x)']) {
      assert.equal(visibleName(name), name);
    }
  });

  it('never lets a label contain a line break or a bidi control', () => {
    const rand = seededRandom(7);
    for (let i = 0; i < 500; i++) {
      const label = visibleName(randomName(rand));
      assert.doesNotMatch(label, /[\n\r\u2028\u2029\u202A-\u202E\u2066-\u2069\u200E\u200F\0]/u);
    }
  });

  it('quotes names unambiguously for tooltips', () => {
    assert.equal(quotedName('a\nb'), '"a\\nb"');
    assert.equal(quotedName('x\u202Ey'), '"x\\u202ey"');
    assert.equal(quotedName('nb\u00A0sp'), '"nb\\u00a0sp"');
    assert.equal(quotedName('tag\u{E0041}'), '"tag\\u{e0041}"');
    assert.equal(quotedName('lone\uDC00'), '"lone\\udc00"');
    assert.equal(needsQuoting('plain name.txt'), false);
    assert.equal(needsQuoting('a\nb'), true);
    assert.equal(needsQuoting('zwj\u200Dhere'), true, 'the label keeps the joiner, so the tooltip spells it out');
    assert.equal(needsQuoting(''), true);
    const rand = seededRandom(11);
    const seen = new Map<string, string>();
    for (let i = 0; i < 500; i++) {
      const name = randomName(rand);
      const quoted = quotedName(name);
      assert.ok(!seen.has(quoted) || seen.get(quoted) === name, `${quoted} stands for two names`);
      seen.set(quoted, name);
    }
  });

  it('builds ids that no two different part lists share', () => {
    assert.notEqual(stableId('object', 'p', 'r', 'a/b', 'c'), stableId('object', 'p', 'r', 'a', 'b/c'));
    assert.notEqual(stableId('object', 'p', 'r', 'c', '%2F'), stableId('object', 'p', 'r', 'c', '/'));
    assert.notEqual(stableId('folder', 'p', '', 'c'), stableId('folder', 'p', 'c', ''));
    assert.notEqual(stableId('error', stableId('container', 'p', 'r', 'c')), stableId('error', 'container', 'p', 'r', 'c'));
    const fragments = [...HOSTILE_FRAGMENTS, '', 'a', '%25', '%'];
    const ids = new Map<string, string>();
    for (const a of fragments) {
      for (const b of fragments) {
        const id = stableId('object', 'p', 'r', a, b);
        const key = JSON.stringify([a, b]);
        assert.ok(!ids.has(id) || ids.get(id) === key, `${id} is the id of both ${ids.get(id)} and ${key}`);
        ids.set(id, key);
      }
    }
  });

  it('shows the host of an auth URL, or the text when it is not one', () => {
    assert.equal(hostOf('https://keystone.example.com:5000/v3'), 'keystone.example.com:5000');
    assert.equal(hostOf('not a url'), 'not a url');
  });
});

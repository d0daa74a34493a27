import * as assert from 'node:assert/strict';
import { code, facts, table, text, visibleControls } from '../../../src/documents/markdown';

describe('documents/markdown', () => {
  it('escapes inline markup and HTML in text, leaving dates and URLs readable', () => {
    assert.equal(text('a|b*c_d`e<script>[x]'), 'a\\|b\\*c\\_d\\`e\\<script\\>\\[x\\]');
    assert.equal(text('2030-01-01 http://k:5000/v3'), '2030-01-01 http://k:5000/v3');
    assert.equal(text('back\\slash'), 'back\\\\slash');
  });

  it('keeps one value on one line: control characters become visible escapes', () => {
    assert.equal(visibleControls('a\nb\r\tc\u0000\u2028'), 'a\\nb\\r\\tc\\u0000\\u2028');
    // Bidi controls, zero-width spaces and BOMs read in a heading or a title as nothing, or reorder it.
    assert.equal(visibleControls('evil\u202Etxt.exe\u200B\uFEFF\u2067'), 'evil\\u202etxt.exe\\u200b\\ufeff\\u2067');
    assert.equal(visibleControls('نیم\u200Cفاصله'), 'نیم\u200Cفاصله', 'a zero-width non-joiner is part of the script');
    assert.equal(text('line1\nline2'), 'line1\\\\nline2', 'the escape itself is escaped, so Markdown shows it');
    assert.doesNotMatch(code('x\ny'), /\n/);
  });

  it('fences code spans with more backticks than the value holds, and escapes pipes for tables', () => {
    assert.equal(code('plain'), '`plain`');
    assert.equal(code('a`b'), '``a`b``');
    assert.equal(code('``x'), '``` ``x ```');
    assert.equal(code('a|b'), '`a\\|b`');
    assert.equal(code(''), '`` ``');
  });

  it('pads table columns so the raw text lines up', () => {
    const out = table(
      ['Key', 'Value'],
      [
        ['a', '1'],
        ['long key', '22'],
      ],
    );
    assert.equal(out, ['| Key      | Value |', '| -------- | ----- |', '| a        | 1     |', '| long key | 22    |'].join('\n'));
    const lines = facts([['Size', '1 B']]).split('\n');
    assert.equal(lines.length, 3);
    assert.equal(new Set(lines.map((l) => l.length)).size, 1);
  });
});

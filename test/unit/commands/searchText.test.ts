/** The search box's texts: progress with and without a known total, the cap, modes, hostile result labels. */
import * as assert from 'node:assert/strict';
import { hitDescription, hitLabel, progressText, searchPlaceholder, searchTitle } from '../../../src/commands/searchText';

const progress = (scanned: number, matches: number, total: number | undefined, done = false) => ({ scanned, matches, pages: 1, total, done });

describe('search box texts', () => {
  it('shows the names scanned, of how many, the percentage and the matches', () => {
    assert.equal(progressText(progress(34_000, 12, 100_000), 12), 'scanned 34,000 of 100,000 (34 %) · 12 matches');
    assert.equal(progressText(progress(34_000, 1, undefined), 1), 'scanned 34,000 · 1 match');
    assert.equal(progressText(progress(100_000, 0, 100_000, true), 0), 'scanned 100,000 · 0 matches · done');
    assert.equal(progressText(progress(99_999, 5, 100_000), 5), 'scanned 99,999 of 100,000 (99 %) · 5 matches', 'never rounds up to 100 % early');
    assert.equal(progressText(progress(120, 5, 100), 5), 'scanned 120 of 100 (100 %) · 5 matches', 'a stale count never shows more than 100 %');
  });

  it('says how many of the matches are shown past the cap', () => {
    assert.equal(progressText(progress(50_000, 5_432, 100_000), 1000), 'scanned 50,000 of 100,000 (50 %) · 1,000 of 5,432 matches shown');
  });

  it('titles say what is searched and how; placeholders explain the mode', () => {
    const state = { query: 'log', mode: 'substring' as const, caseSensitive: false, progress: progress(10, 2, 20), shown: 2, error: undefined };
    assert.equal(searchTitle('container "docs"', state), 'Search container "docs" by substring · scanned 10 of 20 (50 %) · 2 matches');
    assert.equal(searchTitle('container "docs"', { ...state, query: '' }), 'Search container "docs" by substring');
    assert.equal(searchTitle('c', { ...state, mode: 'prefix' }).startsWith('Search c by prefix ·'), true);
    assert.equal(searchTitle('c', { ...state, caseSensitive: true }).startsWith('Search c by substring, match case ·'), true);
    assert.equal(searchTitle('c', { ...state, error: 'boom' }), 'Search c by substring · failed');
    assert.match(searchPlaceholder('prefix'), /start of a name/);
    assert.match(searchPlaceholder('substring'), /part of a name/);
  });

  it('labels results relative to the folder searched, on one line', () => {
    assert.equal(hitLabel('logs/2024/a.txt', 'logs/'), '2024/a.txt');
    assert.equal(hitLabel('new\nline', ''), 'new⏎line');
    assert.equal(hitLabel(' x ', ''), '␣x␣');
    assert.equal(hitDescription({ kind: 'object', name: 'a', bytes: 1536, hash: '', lastModified: undefined, contentType: '' }), '1.50 KiB');
  });
});

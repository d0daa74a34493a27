// ui/format at its exact boundaries: 1 KiB, the largest unit, one minute, the moment of expiry, a 16-character
// token id (the shortest shown by prefix; shorter ones are masked whole), timestamps with stray text.
import * as assert from 'node:assert/strict';
import {
  compactTimeLeft,
  dateFromSwiftTimestamp,
  formatCount,
  humanSize,
  isoDate,
  maskTokenId,
  sizeWithBytes,
  spanText,
  timeLeftText,
} from '../../../src/ui/format';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);
const at = (ms: number) => new Date(NOW + ms);

describe('ui/format: boundaries', () => {
  it('1,024 bytes are 1.00 KiB, said with the exact count; 2^70 bytes stay in EiB', () => {
    assert.equal(humanSize(1024), '1.00 KiB');
    assert.equal(sizeWithBytes(1024), '1.00 KiB (1,024 bytes)');
    assert.equal(sizeWithBytes(1023), '1,023 bytes');
    assert.equal(humanSize(2 ** 60), '1.00 EiB');
    assert.equal(humanSize(2 ** 70), '1024 EiB', 'no unit past EiB, and no "1.00" of a unit that does not exist');
  });

  it('one minute is a minute, not "less than a minute"; just expired and a minute ago differ', () => {
    assert.equal(spanText(MIN), '1 min');
    assert.equal(spanText(MIN - 1), 'less than a minute');
    assert.equal(timeLeftText(at(-MIN), NOW), 'expired 1 min ago');
    assert.equal(timeLeftText(at(-MIN + 1), NOW), 'expired just now');
  });

  it('the status bar: expired at the very moment, "1m" at one minute, whole days without "0h"', () => {
    assert.equal(compactTimeLeft(at(0), NOW), 'expired');
    assert.equal(compactTimeLeft(at(1), NOW), '<1m');
    assert.equal(compactTimeLeft(at(MIN), NOW), '1m');
    assert.equal(compactTimeLeft(at(2 * DAY), NOW), '2d');
    assert.equal(compactTimeLeft(at(2 * DAY + 59 * MIN), NOW), '2d', 'minutes are not shown next to days');
  });

  it('an ISO date for a valid date only', () => {
    assert.equal(isoDate(new Date(NOW)), '2030-01-01T12:00:00.000Z');
    assert.equal(isoDate(new Date(NaN)), '—');
    assert.equal(isoDate(undefined), '—');
  });

  it('an X-Timestamp is the whole text: nothing before or after the number but spaces', () => {
    assert.deepEqual(dateFromSwiftTimestamp(' 1714558830.5 '), new Date(1714558830500));
    assert.equal(dateFromSwiftTimestamp('x1714558830'), undefined);
    assert.equal(dateFromSwiftTimestamp('1714558830x'), undefined);
    assert.equal(dateFromSwiftTimestamp('1714558830_0a x'), undefined);
    assert.equal(dateFromSwiftTimestamp(undefined), undefined);
  });

  it('a token id of 16 characters shows its first four; 15 are masked whole', () => {
    assert.equal(maskTokenId('abcdefghijklmnop'), 'abcd…');
    assert.equal(maskTokenId('abcdefghijklmno'), '••••');
  });

  it('a count that is not a number is "?"', () => {
    assert.equal(formatCount(Number.POSITIVE_INFINITY), '?');
    assert.equal(formatCount(1234.4), '1,234');
  });
});

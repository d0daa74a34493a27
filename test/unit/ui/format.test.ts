import * as assert from 'node:assert/strict';
import {
  compactTimeLeft,
  dateFromSwiftTimestamp,
  exactBytes,
  humanSize,
  isoDate,
  maskTokenId,
  sizeWithBytes,
  spanText,
  timeLeftText,
} from '../../../src/ui/format';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);
const at = (ms: number) => new Date(NOW + ms);

describe('ui/format: sizes, durations, tokens', () => {
  describe('humanSize', () => {
    it('says bytes below one KiB and three significant digits above', () => {
      assert.equal(humanSize(0), '0 B');
      assert.equal(humanSize(1), '1 B');
      assert.equal(humanSize(1023), '1023 B');
      assert.equal(humanSize(1024), '1.00 KiB');
      assert.equal(humanSize(1500), '1.46 KiB');
      assert.equal(humanSize(12.3 * 1024 * 1024), '12.3 MiB');
      assert.equal(humanSize(512 * 1024 ** 3), '512 GiB');
      assert.equal(humanSize(5 * 1024 ** 4), '5.00 TiB');
    });

    it('never prints exponent notation or 1024 of a unit at the boundaries', () => {
      assert.equal(humanSize(1023.9 * 1024), '1.00 MiB');
      assert.equal(humanSize(1000 * 1024), '1000 KiB');
      assert.equal(humanSize(1024 ** 2 - 1), '1.00 MiB');
      for (let exp = 10; exp < 60; exp++) assert.doesNotMatch(humanSize(2 ** exp - 1), /e\+|1024/);
    });

    it('says "unknown size" for nonsense instead of NaN', () => {
      assert.equal(humanSize(Number.NaN), 'unknown size');
      assert.equal(humanSize(-1), 'unknown size');
    });
  });

  it('groups exact byte counts and uses the singular for one', () => {
    assert.equal(exactBytes(0), '0 bytes');
    assert.equal(exactBytes(1), '1 byte');
    assert.equal(exactBytes(999), '999 bytes');
    assert.equal(exactBytes(1_234_567), '1,234,567 bytes');
    assert.equal(sizeWithBytes(42), '42 bytes');
    assert.equal(sizeWithBytes(1_234_567), '1.18 MiB (1,234,567 bytes)');
  });

  it('writes spans with the two largest units', () => {
    assert.equal(spanText(30_000), 'less than a minute');
    assert.equal(spanText(54 * MIN + 59_000), '54 min');
    assert.equal(spanText(2 * HOUR + 5 * MIN), '2 h 5 min');
    assert.equal(spanText(2 * HOUR), '2 h');
    assert.equal(spanText(DAY), '1 day');
    assert.equal(spanText(3 * DAY + 4 * HOUR + 7 * MIN), '3 days 4 h');
    assert.equal(spanText(-3 * MIN), '3 min');
  });

  it('says how long a token has left, or how long ago it expired', () => {
    assert.equal(timeLeftText(at(54 * MIN + 10_000), NOW), '54 min left');
    assert.equal(timeLeftText(at(20_000), NOW), 'less than a minute left');
    assert.equal(timeLeftText(at(-20_000), NOW), 'expired just now');
    assert.equal(timeLeftText(at(0), NOW), 'expired just now');
    assert.equal(timeLeftText(at(-3 * MIN), NOW), 'expired 3 min ago');
    assert.equal(timeLeftText(undefined, NOW), 'no expiry');
  });

  it('fits the time left into a status bar item', () => {
    assert.equal(compactTimeLeft(at(54 * MIN + 30_000), NOW), '54m');
    assert.equal(compactTimeLeft(at(HOUR + 5 * MIN), NOW), '1h 5m');
    assert.equal(compactTimeLeft(at(2 * HOUR), NOW), '2h');
    assert.equal(compactTimeLeft(at(3 * DAY + 4 * HOUR), NOW), '3d 4h');
    assert.equal(compactTimeLeft(at(30_000), NOW), '<1m');
    assert.equal(compactTimeLeft(at(-1), NOW), 'expired');
    assert.equal(compactTimeLeft(undefined, NOW), '∞');
  });

  it('reads X-Timestamp as seconds since the epoch, offset suffix included', () => {
    assert.equal(dateFromSwiftTimestamp('1714558830.12345')?.toISOString(), '2024-05-01T10:20:30.123Z');
    assert.equal(dateFromSwiftTimestamp('1714558830.12345_0000000000000001')?.toISOString(), '2024-05-01T10:20:30.123Z');
    assert.equal(dateFromSwiftTimestamp('1714558830')?.toISOString(), '2024-05-01T10:20:30.000Z');
    assert.equal(dateFromSwiftTimestamp('yesterday'), undefined);
    assert.equal(dateFromSwiftTimestamp(undefined), undefined);
    assert.equal(isoDate(undefined), '—');
    assert.equal(isoDate(new Date(Number.NaN)), '—');
  });

  it('masks token ids to a short prefix, and short ids entirely', () => {
    const fernet = 'gAAAAABmExampleTokenThatIsLongEnoughToBeReal1234567890';
    assert.equal(maskTokenId(fernet), 'gAAA…');
    assert.ok(!maskTokenId(fernet).includes(fernet.slice(4, 10)));
    assert.equal(maskTokenId('AUTH_tk1234'), '••••');
    assert.equal(maskTokenId(''), '••••');
  });
});

import * as assert from 'node:assert/strict';
import {
  MAX_TEMP_URL_MS,
  objectCurlOperations,
  tempUrlExpiries,
  liveTokenNotice,
  noTempUrlKeyMessage,
  parseCustomExpiry,
  tempUrlNotice,
} from '../../../src/commands/clipboardOptions';

const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);
const MIN = 60_000;
const expiry = (input: string) => {
  const r = parseCustomExpiry(input, NOW);
  return 'expiresAt' in r ? r.expiresAt.getTime() - NOW : r.error;
};

describe('commands/clipboardOptions', () => {
  it('offers 15 min, 1 h, 1 day, 7 days and custom, in that order', () => {
    assert.deepEqual(
      tempUrlExpiries().map((o) => o.label),
      ['15 minutes', '1 hour', '1 day', '7 days', 'Custom…'],
    );
    assert.deepEqual(
      tempUrlExpiries().map((o) => o.ms),
      [15 * MIN, 60 * MIN, 24 * 60 * MIN, 7 * 24 * 60 * MIN, undefined],
    );
  });

  it('reads custom durations in any unit, combined, with spaces and any case', () => {
    assert.equal(expiry('90m'), 90 * MIN);
    assert.equal(expiry('90min'), 90 * MIN);
    assert.equal(expiry('2h'), 120 * MIN);
    assert.equal(expiry('1h30m'), 90 * MIN);
    assert.equal(expiry(' 1H 30M '), 90 * MIN);
    assert.equal(expiry('3d'), 3 * 24 * 60 * MIN);
    assert.equal(expiry('1w'), 7 * 24 * 60 * MIN);
    assert.equal(expiry('120s'), 2 * MIN);
  });

  it('reads ISO dates and date-times', () => {
    assert.equal(expiry('2030-01-02T12:00:00Z'), 24 * 60 * MIN);
    assert.equal(expiry('2030-01-01T13:00Z'), 60 * MIN);
  });

  it('explains what is wrong with bad input, in a sentence', () => {
    assert.match(String(expiry('')), /^Enter a duration/);
    assert.match(String(expiry('soon')), /is neither a duration/);
    assert.match(String(expiry('5ms')), /is neither a duration/);
    assert.match(String(expiry('2h and 5')), /is neither a duration/);
    assert.match(String(expiry('2030-13-45')), /is not a date/);
    assert.match(String(expiry('30s')), /at least a minute/);
    assert.match(String(expiry('2029-12-31T00:00Z')), /at least a minute/);
    assert.match(String(expiry('3000d')), /at most 366 days/);
    assert.equal(typeof expiry(`${MAX_TEMP_URL_MS / MIN}m`), 'number');
  });

  it('offers the four object curl operations', () => {
    assert.deepEqual(
      objectCurlOperations().map((o) => [o.operation, o.label]),
      [
        ['head', 'HEAD'],
        ['download', 'GET to file'],
        ['upload', 'PUT upload'],
        ['delete', 'DELETE'],
      ],
    );
  });

  it('warns that the clipboard holds a live token, and until when', () => {
    const notice = liveTokenNotice('a curl command', new Date(NOW + 54 * MIN), NOW);
    assert.match(notice, /holds a live token, valid until 2030-01-01T12:54:00.000Z \(54 min left\)/);
    assert.match(liveTokenNotice('x', undefined, NOW), /no expiry given/);
  });

  it('says who can use a temp URL and until when; and says plainly when there is no key', () => {
    const get = tempUrlNotice('GET', '"a.txt"', new Date(NOW + 60 * MIN), NOW);
    assert.match(get, /anyone with the link can download it until 2030-01-01T13:00:00.000Z \(1 h left\), no token needed/);
    assert.match(tempUrlNotice('PUT', '"a.txt"', new Date(NOW + 60 * MIN), NOW), /can upload to it/);
    assert.match(noTempUrlKeyMessage('demo', 'RegionOne'), /Neither the container nor the account of profile "demo" in region RegionOne has a temp URL key/);
    assert.match(tempUrlNotice('DELETE', '"a.txt"', new Date(NOW + 60 * MIN), NOW), /can delete it until/);
    assert.match(tempUrlNotice('HEAD', '"a.txt"', new Date(NOW + 60 * MIN), NOW), /can read the headers of it/);
  });
});

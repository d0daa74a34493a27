import * as assert from 'node:assert/strict';
import { logMessage, userMessage, worthRetrying } from '../../../src/ui/errorMessages';
import { OpenStackError, errorFromStatus } from '../../../src/openstack/errors';

describe('error messages for people', () => {
  it('says what failed and what to do; the request id goes to the log line, not the toast', () => {
    const e = errorFromStatus({ service: 'object-store', method: 'GET', url: 'http://s/v1/AUTH_x/c', status: 401, requestId: 'tx123' });
    const message = userMessage(e, 'Listing container "c"');
    assert.match(message, /^Listing container "c" failed: object-store: authentication failed/);
    assert.doesNotMatch(message, /request id|tx123/);
    assert.match(message, /Check the profile's credentials, or sign in again\.$/);
    assert.equal(logMessage(e, 'Listing container "c"'), `${message} [request id tx123]`);
    assert.equal(logMessage(new Error('boom')), 'boom');
  });

  it('offers Retry only for failures that may pass by themselves', () => {
    for (const kind of ['network', 'timeout', 'server', 'auth'] as const) assert.ok(worthRetrying(new OpenStackError(kind, 'x')), kind);
    for (const kind of ['forbidden', 'notFound', 'conflict', 'invalidInput', 'unsupported'] as const)
      assert.ok(!worthRetrying(new OpenStackError(kind, 'x')), kind);
    assert.ok(!worthRetrying(new Error('plain')));
  });

  it('gives each kind its own advice, once', () => {
    assert.match(userMessage(new OpenStackError('network', 'Cannot reach identity: connection refused')), /Check the URL/);
    assert.match(userMessage(new OpenStackError('timeout', 'Timed out')), /try again/);
    assert.match(userMessage(new OpenStackError('forbidden', 'No')), /role/);
    const already = new OpenStackError('auth', "Bad token. Check the profile's credentials, or sign in again.");
    assert.equal(userMessage(already).split('Check the profile').length, 2);
    assert.equal(userMessage(new OpenStackError('conflict', 'Container not empty.')), 'Container not empty.');
  });

  it('shows plain errors by their message, never a stack trace', () => {
    const message = userMessage(new Error('boom'), 'Doing it');
    assert.equal(message, 'Doing it failed: boom');
    assert.equal(userMessage('text'), 'text');
  });
});

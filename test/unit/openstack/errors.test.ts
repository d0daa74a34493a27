// The client's typed errors: which kind each status becomes, the sentence built for an answer, and the
// one-line description with the request id.
import * as assert from 'node:assert/strict';

import { OpenStackError, describeError, errorFromStatus, isOpenStackError, kindForStatus } from '../../../src/openstack/errors';

describe('openstack/errors', () => {
  it('maps each status to its kind (429 and 5xx are server errors, other 4xx and 3xx rejected requests)', () => {
    const kinds: [number, string][] = [
      [401, 'auth'],
      [403, 'forbidden'],
      [404, 'notFound'],
      [409, 'conflict'],
      [412, 'precondition'],
      [422, 'precondition'],
      [429, 'server'],
      [500, 'server'],
      [503, 'server'],
      [499, 'badRequest'],
      [400, 'badRequest'],
      [413, 'badRequest'],
      [428, 'badRequest'],
      [302, 'badRequest'],
    ];
    for (const [status, kind] of kinds) assert.equal(kindForStatus(status), kind, String(status));
  });

  it('builds one sentence: service, phrase, status, the request, then the trimmed detail', () => {
    const e = errorFromStatus(
      { service: 'identity', method: 'POST', url: 'http://127.0.0.1/v3/auth/tokens', status: 401, requestId: 'req-1' },
      '  bad password \n',
    );
    assert.equal(
      e.message,
      'identity: authentication failed or the token is no longer valid (HTTP 401) for POST http://127.0.0.1/v3/auth/tokens: bad password',
    );
    assert.equal(e.kind, 'auth');
    assert.deepEqual([e.status, e.requestId, e.service, e.method, e.url], [401, 'req-1', 'identity', 'POST', 'http://127.0.0.1/v3/auth/tokens']);
    assert.equal(e.name, 'OpenStackError');
    assert.equal(errorFromStatus({ status: 404 }).message, 'OpenStack: not found (HTTP 404)');
    assert.equal(errorFromStatus({ status: 409, url: 'http://h/c' }, '   ').message, 'OpenStack: conflict (HTTP 409) for http://h/c');
    assert.equal(errorFromStatus({ status: 403, method: 'GET' }).message, 'OpenStack: access denied (HTTP 403) for GET');
    const phrases: [number, string][] = [
      [412, 'precondition failed'],
      [400, 'request rejected'],
      [502, 'server error'],
    ];
    for (const [status, phrase] of phrases) assert.equal(errorFromStatus({ status }).message, `OpenStack: ${phrase} (HTTP ${status})`);
  });

  it('tells its errors apart by kind', () => {
    const e = new OpenStackError('checksum', 'x');
    assert.equal(isOpenStackError(e), true);
    assert.equal(isOpenStackError(e, 'checksum'), true);
    assert.equal(isOpenStackError(e, 'network'), false);
    assert.equal(isOpenStackError(new Error('x')), false);
    assert.deepEqual([e.status, e.requestId, e.service, e.method, e.url], [undefined, undefined, undefined, undefined, undefined]);
    const cause = new Error('root');
    assert.equal(new OpenStackError('network', 'y', {}, { cause }).cause, cause);
  });

  it('describes an error in one line, with the request id when there is one', () => {
    assert.equal(describeError(new OpenStackError('server', 'Swift failed', { requestId: 'tx1' })), 'Swift failed [request id tx1]');
    assert.equal(describeError(new OpenStackError('server', 'Swift failed')), 'Swift failed');
    assert.equal(describeError(new TypeError('plain')), 'plain');
    assert.equal(describeError('text'), 'text');
    assert.equal(describeError(undefined), 'undefined');
  });
});

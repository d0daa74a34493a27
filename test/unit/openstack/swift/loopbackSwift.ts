/**
 * The set-up of the Swift client's loopback tests: per test, a fresh loopback server (answering 204 until the
 * test sets `handler`) and a recorded HTTP client without retries; both closed after the test.
 */
import * as assert from 'node:assert/strict';
import { OpenStackError } from '../../../../src/openstack/errors';
import { HttpClient } from '../../../../src/openstack/http';
import { FakeServer, Handler, reply, startFakeServer } from '../../../support/loopbackServer';
import { recordedHttpClient } from '../../../support/recordedHttp';

export interface LoopbackSwift {
  server: FakeServer;
  http: HttpClient;
  /** What the server answers; a test replaces it. */
  handler: Handler;
}

export function loopbackSwift(): LoopbackSwift {
  const at = {} as LoopbackSwift;
  beforeEach(async () => {
    at.handler = (_req, res) => reply(res, 204);
    at.server = await startFakeServer((req, res) => at.handler(req, res));
    at.http = recordedHttpClient({ retry: { maxRetries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 } });
  });
  afterEach(async () => {
    await at.http.close();
    await at.server.close();
  });
  return at;
}

/** The OpenStackError a promise rejects with; a success or any other error fails the test. */
export async function failure(promise: Promise<unknown>): Promise<OpenStackError> {
  const e = await promise.then(
    () => assert.fail('succeeded'),
    (error: unknown) => error,
  );
  assert.ok(e instanceof OpenStackError, String(e));
  return e;
}

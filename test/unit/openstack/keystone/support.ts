/**
 * Helpers of the Keystone unit tests: the api-ref samples in ./fixtures, and a throwaway HTTP server on
 * 127.0.0.1 that records what it was sent and answers with whatever the test says.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { dirname, join } from 'node:path';
import * as assert from 'node:assert/strict';
import { isOpenStackError } from '../../../../src/openstack/errors';
import { startFakeServer } from '../../../support/loopbackServer';

const FIXTURES = join('test', 'unit', 'openstack', 'keystone', 'fixtures');

/** The fixtures folder, found from this file's location (src or transpiled out/) or from the working directory. */
function fixturesDir(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, FIXTURES))) return join(dir, FIXTURES);
  }
  return join(process.cwd(), FIXTURES);
}

export function fixtureText(name: string): string {
  return readFileSync(join(fixturesDir(), name), 'utf8');
}

export function fixture<T = unknown>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

/** Header lines of an api-ref "…-HTTP.txt" sample, lower-cased names. */
export function fixtureHeaders(name: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of fixtureText(name).split(/\r?\n/).slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | object;
}

export interface FakeServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a server whose every answer comes from `handler`; objects are sent as JSON. */
export async function fakeServer(handler: (req: RecordedRequest, url: string) => Reply): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  let base = '';
  const server = await startFakeServer((seen, res) => {
    const recorded = { method: seen.method, url: seen.url, headers: seen.headers, body: seen.body.toString('utf8') };
    requests.push(recorded);
    let answer: Reply;
    try {
      answer = handler(recorded, base);
    } catch (e) {
      answer = { status: 500, body: `test handler failed: ${(e as Error).message}` };
    }
    const isJson = typeof answer.body === 'object';
    const text = answer.body === undefined ? '' : isJson ? JSON.stringify(answer.body) : String(answer.body);
    res.writeHead(answer.status, { 'content-type': isJson ? 'application/json' : 'text/html', ...answer.headers });
    res.end(seen.method === 'HEAD' ? undefined : text);
  });
  base = server.origin;
  return { url: base, requests, close: () => server.close() };
}

/** Asserts that `fn` throws an OpenStackError of `kind` whose message matches `pattern`. */
export function assertKind(fn: () => unknown, kind: string, pattern?: RegExp): void {
  assert.throws(fn, (e: unknown) => checkKind(e, kind, pattern));
}

export async function assertRejectsKind(promise: Promise<unknown>, kind: string, pattern?: RegExp): Promise<Error> {
  let caught: unknown;
  await assert.rejects(promise, (e: unknown) => {
    caught = e;
    return checkKind(e, kind, pattern);
  });
  return caught as Error;
}

function checkKind(e: unknown, kind: string, pattern?: RegExp): true {
  assert.ok(isOpenStackError(e), `expected an OpenStackError, got ${String(e)}`);
  assert.equal(e.kind, kind, e.message);
  if (pattern) assert.match(e.message, pattern);
  return true;
}

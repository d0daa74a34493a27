/**
 * Helpers of the Keystone unit tests: the api-ref samples in ./fixtures, and a throwaway HTTP server on
 * 127.0.0.1 that records what it was sent and answers with whatever the test says.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import * as assert from 'node:assert/strict';
import { isOpenStackError } from '../../../src/openstack/errors';

const FIXTURES = join('test', 'unit', 'keystone', 'fixtures');

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
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      let reply: Reply;
      try {
        reply = handler(recorded, base);
      } catch (e) {
        reply = { status: 500, body: `test handler failed: ${(e as Error).message}` };
      }
      const isJson = typeof reply.body === 'object';
      const text = reply.body === undefined ? '' : isJson ? JSON.stringify(reply.body) : String(reply.body);
      res.writeHead(reply.status, { 'content-type': isJson ? 'application/json' : 'text/html', ...reply.headers });
      res.end(req.method === 'HEAD' ? undefined : text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
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

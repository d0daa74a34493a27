/**
 * Hostile servers at the HttpClient level (loopback sockets written by hand): an answer that trickles in
 * byte by byte, a status line that never ends, garbage and HTML where JSON belongs, a reset after the
 * request, an empty reply. Each must end within a bound the client sets, with a typed error naming the
 * request; nothing may hang for as long as the server likes.
 */
import * as assert from 'node:assert/strict';
import { AddressInfo, Server, Socket, createServer } from 'node:net';
import { OpenStackError } from '../../../src/openstack/errors';
import { recordedHttpClient } from '../../support/recordedHttp';

/** A raw TCP server: the handler gets the socket and the first bytes of the request. */
async function rawServer(handler: (socket: Socket, head: string) => void): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let hits = 0;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', (data) => {
      hits++;
      handler(socket, data.toString('latin1'));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Writes `text` one byte every `tickMs` until done or the socket closes. */
function trickle(socket: Socket, text: string, tickMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (i >= text.length || socket.destroyed) return clearInterval(timer);
    socket.write(text[i++]);
  }, tickMs);
  socket.on('close', () => clearInterval(timer));
}

const JSON_HEAD = (length: number) => `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n\r\n`;
const noRetry = { maxRetries: 0, minTimeoutMs: 10, maxTimeoutMs: 10 };

async function failure(promise: Promise<unknown>): Promise<{ error: OpenStackError }> {
  const error = await promise.then(
    () => assert.fail('expected the request to fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof OpenStackError, `expected an OpenStackError, got ${String(error)}`);
  return { error };
}

describe('HttpClient against hostile servers', function () {
  this.timeout(20_000);

  it('bounds an answer that trickles in byte by byte (each byte well within the idle timeout)', async () => {
    // Valid JSON padded with a million spaces: at 20 bytes/s half a day, never 1 s of silence. Only the client's
    // deadline can end it; without one the test hangs until mocha's timeout fails it (no wall-clock assertion).
    const body = JSON.stringify([{ name: 'x'.repeat(200) }]) + ' '.repeat(1_000_000);
    const s = await rawServer((socket) => {
      socket.write(JSON_HEAD(body.length));
      trickle(socket, body, 50);
    });
    try {
      const http = recordedHttpClient({ headersTimeoutMs: 1000, bodyTimeoutMs: 1000, responseTimeoutMs: 600, retry: noRetry });
      const response = await http.request({ method: 'GET', url: `${s.url}/v1/AUTH_x?format=json`, service: 'object-store' });
      const { error } = await failure(response.json());
      assert.equal(error.kind, 'timeout');
      assert.match(error.message, /object-store \(GET http:\/\/127\.0\.0\.1:\d+\/v1\/AUTH_x\?format=json\)/);
    } finally {
      await s.close();
    }
  });

  it('bounds the same trickle when the body is only read for an error message, or discarded', async () => {
    // Half a day at 20 bytes/s: only the client's bound ends the read (or mocha's timeout fails the test).
    const body = '<html><body>' + 'slow '.repeat(200_000) + '</body></html>';
    const s = await rawServer((socket, head) => {
      const status = head.startsWith('DELETE') ? '204 No Content' : '500 Internal Server Error';
      socket.write(`HTTP/1.1 ${status}\r\ncontent-type: text/html\r\ncontent-length: ${body.length}\r\n\r\n`);
      trickle(socket, body, 50);
    });
    try {
      const http = recordedHttpClient({ headersTimeoutMs: 1000, bodyTimeoutMs: 1000, responseTimeoutMs: 600, retry: noRetry });
      const { error } = await failure(http.request({ method: 'POST', url: `${s.url}/v3/auth/tokens`, body: '{}', service: 'identity' }));
      assert.equal(error.kind, 'server');
      assert.equal(error.status, 500);
      const deleted = await http.request({ method: 'DELETE', url: `${s.url}/x`, retry: false, accept: () => true });
      await deleted.dump();
    } finally {
      await s.close();
    }
  });

  it('bounds a status line and headers that trickle in', async () => {
    const s = await rawServer((socket) => trickle(socket, `${JSON_HEAD(2)}[]`, 100));
    try {
      const http = recordedHttpClient({ headersTimeoutMs: 400, retry: noRetry });
      // Without the bound the answer completes after 7 s and the request succeeds: failure() fails the test.
      const { error } = await failure(http.request({ method: 'GET', url: `${s.url}/v3`, service: 'identity' }));
      assert.equal(error.kind, 'timeout');
      assert.match(error.message, /identity \(GET http:\/\/127\.0\.0\.1:\d+\/v3\)/);
    } finally {
      await s.close();
    }
  });

  it('calls garbage and an HTML page where JSON belongs a bad response, quoting a short excerpt', async () => {
    const answers = ['\u0000\u00ff{{{ not json', '<!DOCTYPE html><html><head><title>Portal</title></head><body>Sign in to the Wi-Fi</body></html>'];
    for (const text of answers) {
      const s = await rawServer((socket) => socket.end(`${JSON_HEAD(Buffer.byteLength(text, 'latin1'))}${text}`, 'latin1'));
      try {
        const response = await recordedHttpClient({ retry: noRetry }).request({ method: 'GET', url: `${s.url}/v1/AUTH_x`, service: 'object-store' });
        const { error } = await failure(response.json());
        assert.equal(error.kind, 'badResponse');
        assert.match(error.message, /^object-store: expected JSON from GET http:\/\/127\.0\.0\.1:\d+\/v1\/AUTH_x \(HTTP 200\) but got: /);
        assert.ok(error.message.length < 400);
      } finally {
        await s.close();
      }
    }
  });

  it('keeps terminal escapes and other control characters of a hostile answer out of error messages', async () => {
    const nasty = '\u001b[2J\u001b[31mFAKE: password accepted\u0007\u0000\u009b31m';
    const s = await rawServer((socket, head) => {
      const status = head.startsWith('GET /json') ? '200 OK' : '500 Internal Server Error';
      socket.end(`HTTP/1.1 ${status}\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(nasty)}\r\n\r\n${nasty}`);
    });
    try {
      const http = recordedHttpClient({ retry: noRetry });
      const json = await failure((await http.request({ method: 'GET', url: `${s.url}/json` })).json());
      const status = await failure(http.request({ method: 'GET', url: `${s.url}/status` }));
      for (const { error } of [json, status]) {
        assert.doesNotMatch(error.message, /[\u0000-\u001f\u007f-\u009f]/, JSON.stringify(error.message));
        assert.match(error.message, /FAKE: password accepted/);
      }
    } finally {
      await s.close();
    }
  });

  it('retries a GET whose connection is reset or closed without an answer, never a POST', async () => {
    for (const cut of ['reset', 'empty'] as const) {
      const s = await rawServer((socket) => (cut === 'reset' ? socket.resetAndDestroy() : socket.end()));
      try {
        const http = recordedHttpClient({ retry: { maxRetries: 2, minTimeoutMs: 10, maxTimeoutMs: 50 } });
        const get = await failure(http.request({ method: 'GET', url: `${s.url}/v1/AUTH_x`, service: 'object-store' }));
        assert.equal(get.error.kind, 'network', get.error.message);
        assert.match(get.error.message, /^Cannot reach object-store \(GET http:\/\/127\.0\.0\.1:\d+\/v1\/AUTH_x\): /);
        assert.equal(s.hits(), 3, `${cut}: one attempt and two retries`);
        const post = await failure(http.request({ method: 'POST', url: `${s.url}/v3/auth/tokens`, body: '{}', service: 'identity' }));
        assert.equal(post.error.kind, 'network');
        assert.equal(s.hits(), 4, `${cut}: a POST is sent once`);
      } finally {
        await s.close();
      }
    }
  });

  it('has finite defaults for every wait', () => {
    const http = recordedHttpClient() as unknown as Record<string, number>;
    for (const field of ['headersTimeout', 'bodyTimeout', 'responseTimeout']) {
      assert.ok(Number.isFinite(http[field]) && http[field] > 0 && http[field] <= 300_000, `${field} = ${http[field]}`);
    }
  });
});

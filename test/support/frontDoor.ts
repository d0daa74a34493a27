/**
 * A loopback HTTP(S) "front door" for fault and TLS tests: it forwards each request to one real server of
 * the local cloud (Keystone or a Swift proxy), or injects a fault chosen per request by the test. JSON
 * answers can be rewritten (origin → origin), so that Keystone's catalog sends a Session to other front
 * doors instead of the real Swift proxies: the client under test never knows. It records every request
 * (with the token it carried) and counts connections (open now, most at once, total).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { CloudInfo } from './cloud';

export type Fault =
  /** A canned answer instead of the real one (503 + Retry-After, HTML error page, garbage JSON, 401…). */
  | { kind: 'answer'; status: number; headers?: Record<string, string>; body?: string | Buffer }
  /** Reads the request and never answers. */
  | { kind: 'hang' }
  /** Forwards the request once `until` settles: an answer as slow as the test wants, ended when it says. */
  | { kind: 'hold'; until: Promise<unknown> }
  /** Resets the connection (RST) once the request head has arrived. */
  | { kind: 'reset' }
  /** Forwards the request; sends the real answer's head, then its body one byte per `tickMs`. */
  | { kind: 'trickle'; tickMs: number }
  /** Forwards the request body until `afterBytes` of it went through, then resets both connections. */
  | { kind: 'cutUpload'; afterBytes: number }
  /**
   * Forwards the request and changes the real answer before it is sent: a corrupting middlebox or a lying
   * server. `body` rewrites the bytes (Content-Length follows them, unless `cutAfterBody`: then the real
   * Content-Length is sent with the rewritten bytes and the connection is cut), `headers` the head.
   */
  | { kind: 'alter'; body?: (body: Buffer) => Buffer; headers?: (headers: http.OutgoingHttpHeaders) => void; cutAfterBody?: boolean };

export interface SeenRequest {
  method: string;
  /** The request target as sent (percent-encoded). */
  path: string;
  /** X-Auth-Token, when the request carried one. */
  token?: string;
  /** The fault injected, if any. */
  fault?: Fault['kind'];
}

export interface FrontDoorOptions {
  /** http://127.0.0.1:PORT of the real server. */
  upstream: string;
  /** Serve HTTPS with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
  /** Loopback address to listen on (default 127.0.0.1; the proxy suites use 127.0.0.2). */
  host?: string;
  /** Replacements applied to JSON answers, e.g. [real Swift origin, front door origin]; read per answer. */
  rewrite?: () => Array<[string, string]>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'te', 'trailer']);

function copyHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
  return out;
}

export class FrontDoor {
  readonly url: string;
  readonly requests: SeenRequest[] = [];
  readonly connections = { open: 0, max: 0, total: 0 };
  /** Decides the fault for each request; undefined (or a rule answering undefined) forwards it unchanged. */
  fault: ((req: SeenRequest) => Fault | undefined) | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  private readonly upstream: URL;

  private constructor(
    private readonly server: http.Server,
    private readonly options: FrontDoorOptions,
  ) {
    const { port } = server.address() as AddressInfo;
    this.url = `${options.tls ? 'https' : 'http'}://${options.host ?? '127.0.0.1'}:${port}`;
    this.upstream = new URL(options.upstream);
  }

  static async start(options: FrontDoorOptions): Promise<FrontDoor> {
    // eslint-disable-next-line prefer-const -- the handler refers to it before the server it needs is listening
    let door: FrontDoor | undefined;
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => door!.handle(req, res);
    const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
    server.keepAliveTimeout = 10_000;
    await new Promise<void>((resolve) => server.listen(0, options.host ?? '127.0.0.1', resolve));
    door = new FrontDoor(server, options);
    server.on('connection', (socket: Socket) => door!.track(socket));
    server.on('tlsClientError', () => undefined); // a client refusing our certificate is an expected outcome
    return door;
  }

  /** Requests seen so far that match. */
  seen(filter: (r: SeenRequest) => boolean = () => true): SeenRequest[] {
    return this.requests.filter(filter);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.agent.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    this.connections.open++;
    this.connections.total++;
    this.connections.max = Math.max(this.connections.max, this.connections.open);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.connections.open--;
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const token = req.headers['x-auth-token'];
    const seen: SeenRequest = { method: req.method ?? '', path: req.url ?? '', ...(typeof token === 'string' ? { token } : {}) };
    this.requests.push(seen);
    const fault = this.fault?.(seen);
    if (fault) seen.fault = fault.kind;
    switch (fault?.kind) {
      case 'answer': {
        req.resume();
        const body = fault.body ?? '';
        res.writeHead(fault.status, { 'content-length': String(Buffer.byteLength(body)), ...fault.headers });
        res.end(body);
        return;
      }
      case 'hang':
        req.resume();
        return;
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      case 'hold': {
        const go = () => this.forward(req, res, undefined);
        void fault.until.then(go, go);
        return;
      }
      default:
        this.forward(req, res, fault);
    }
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse, fault: Fault | undefined): void {
    const upstreamReq = http.request(
      {
        host: this.upstream.hostname,
        port: this.upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...copyHeaders(req.headers), host: this.upstream.host },
        agent: this.agent,
      },
      (up) => this.answer(req, res, up, fault),
    );
    // The real server went away (stopped, killed): the client sees its connection cut, as it would directly.
    upstreamReq.on('error', () => req.socket.destroy());
    res.on('close', () => {
      if (!res.writableFinished) upstreamReq.destroy();
    });
    if (fault?.kind === 'cutUpload') {
      let sent = 0;
      req.on('data', (chunk: Buffer) => {
        if (sent >= fault.afterBytes) return;
        const part = chunk.subarray(0, fault.afterBytes - sent);
        sent += part.length;
        upstreamReq.write(part);
        if (sent >= fault.afterBytes) {
          // Both sides see a dead connection; the upstream server gets an incomplete body.
          setTimeout(() => {
            upstreamReq.destroy();
            req.socket.resetAndDestroy();
          }, 50);
        }
      });
      return;
    }
    req.pipe(upstreamReq);
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse, up: http.IncomingMessage, fault: Fault | undefined): void {
    const headers = copyHeaders(up.headers);
    const rules = this.options.rewrite?.() ?? [];
    const isJson = /json/i.test(String(up.headers['content-type'] ?? ''));
    if (fault?.kind === 'alter') return this.alter(req, res, up, fault);
    if ((rules.length && isJson) || fault?.kind === 'trickle') {
      const chunks: Buffer[] = [];
      up.on('data', (c: Buffer) => chunks.push(c));
      up.on('error', () => req.socket.destroy());
      up.on('end', () => {
        let body = Buffer.concat(chunks);
        if (rules.length && isJson) {
          let text = body.toString('utf8');
          for (const [from, to] of rules) text = text.split(from).join(to);
          body = Buffer.from(text, 'utf8');
        }
        if (req.method !== 'HEAD') headers['content-length'] = String(body.length);
        res.writeHead(up.statusCode ?? 502, headers);
        if (fault?.kind !== 'trickle' || body.length === 0) return void res.end(body);
        let i = 0;
        const timer = setInterval(() => {
          if (res.destroyed) return clearInterval(timer);
          if (i >= body.length) {
            clearInterval(timer);
            return void res.end();
          }
          res.write(body.subarray(i, ++i));
        }, fault.tickMs);
      });
      return;
    }
    res.writeHead(up.statusCode ?? 502, headers);
    up.pipe(res);
    up.on('error', () => req.socket.destroy());
  }

  private alter(req: http.IncomingMessage, res: http.ServerResponse, up: http.IncomingMessage, fault: Extract<Fault, { kind: 'alter' }>): void {
    const chunks: Buffer[] = [];
    up.on('data', (c: Buffer) => chunks.push(c));
    up.on('error', () => req.socket.destroy());
    up.on('end', () => {
      const real = Buffer.concat(chunks);
      const body = fault.body ? fault.body(real) : real;
      const headers = copyHeaders(up.headers);
      if (req.method !== 'HEAD') headers['content-length'] = String(fault.cutAfterBody ? real.length : body.length);
      fault.headers?.(headers);
      res.writeHead(up.statusCode ?? 502, headers);
      if (!fault.cutAfterBody) return void res.end(body);
      res.write(body, () => setTimeout(() => req.socket.destroy(), 20));
    });
  }
}

/** Front doors in front of Keystone and every region's object store; Keystone's catalog points at the store doors. */
export interface Doors {
  keystone: FrontDoor;
  swift: FrontDoor[];
  /** Keystone's URL through its door, with /v3. */
  authUrl: string;
  close(): Promise<void>;
}

export async function openDoors(cloud: CloudInfo, tls?: { key: string; cert: string }, host?: string): Promise<Doors> {
  const swift = await Promise.all(cloud.regions.map((r) => FrontDoor.start({ upstream: r.swiftUrl, host, ...(tls ? { tls } : {}) })));
  const keystone = await FrontDoor.start({
    upstream: cloud.keystone.url,
    host,
    ...(tls ? { tls } : {}),
    rewrite: () => [[`${cloud.keystone.url}/`, `${keystone.url}/`], ...cloud.regions.map((r, i): [string, string] => [`${r.swiftUrl}/`, `${swift[i].url}/`])],
  });
  return {
    keystone,
    swift,
    authUrl: `${keystone.url}/v3`,
    close: async () => {
      await keystone.close();
      for (const door of swift) await door.close();
    },
  };
}

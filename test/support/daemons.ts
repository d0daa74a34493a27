/**
 * Real network daemons from Debian for the proxy and TLS suites, each started in the foreground by the test on
 * a loopback address with a free port, stopped by its own PID: tinyproxy (a forward proxy with Basic
 * authentication and a log of every request) and haproxy (a TLS terminator, one listener per upstream, some
 * requiring a client certificate).
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function commandAvailable(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** Ports freePort has handed out in this process: the daemons given them may not have bound them yet. */
const handedOut = new Set<number>();

/**
 * A port free on `host` now (the daemon binds it a moment later), and never one handed out before in this process:
 * the system may give a port just closed again, and haproxy binds with SO_REUSEPORT, so two listeners given the same
 * port would share it and answer each other's connections.
 */
export async function freePort(host: string): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, host, resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no port on ${host} that was not handed out before`);
}

async function waitForPort(host: string, port: number, child: ChildProcess, output: () => string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`the daemon exited (${child.exitCode}): ${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, host, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on ${host}:${port}: ${output()}`);
}

class Daemon {
  private output = '';
  protected constructor(
    readonly dir: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
  }

  protected static launch(command: string, args: string[]): ChildProcess {
    return spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  }

  protected async ready(host: string, port: number): Promise<void> {
    await waitForPort(host, port, this.child, () => this.output);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.pid) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (this.child.exitCode === null) this.child.kill('SIGKILL');
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** tinyproxy on `host`, with Basic authentication when given a user and password; `log()` is its own log file. */
export class Tinyproxy extends Daemon {
  private constructor(
    dir: string,
    child: ChildProcess,
    readonly host: string,
    readonly port: number,
  ) {
    super(dir, child);
  }

  /** http://host:port, no credentials. */
  get url(): string {
    return `http://${this.host}:${this.port}`;
  }

  static async start(options: { host: string; user?: string; password?: string }): Promise<Tinyproxy> {
    const dir = mkdtempSync(join(tmpdir(), 'oss-tinyproxy-'));
    const port = await freePort(options.host);
    const config = [
      `Port ${port}`,
      `Listen ${options.host}`,
      'Timeout 30',
      `LogFile "${join(dir, 'tinyproxy.log')}"`,
      'LogLevel Info',
      'MaxClients 64',
      'Allow 127.0.0.0/8',
      'DisableViaHeader Yes',
      ...(options.user ? [`BasicAuth ${options.user} ${options.password}`] : []),
    ];
    writeFileSync(join(dir, 'tinyproxy.conf'), `${config.join('\n')}\n`);
    const proxy = new Tinyproxy(dir, Daemon.launch('tinyproxy', ['-d', '-c', join(dir, 'tinyproxy.conf')]), options.host, port);
    await proxy.ready(options.host, port);
    return proxy;
  }

  /** The proxy's log: one `Request (file descriptor N): METHOD target HTTP/1.1` line per request it was sent. */
  log(): string {
    try {
      return readFileSync(join(this.dir, 'tinyproxy.log'), 'utf8');
    } catch {
      return '';
    }
  }

  /** The request lines of the log (method and target), in order. */
  requests(): string[] {
    return [...this.log().matchAll(/Request \(file descriptor \d+\): (\S+ \S+) HTTP/g)].map((m) => m[1]);
  }
}

export interface HaproxyListener {
  /** The loopback address and port it listens on (TLS). */
  host: string;
  port: number;
  /** http://127.0.0.1:PORT it forwards to. */
  upstream: string;
  /** PEM files: the server's certificate followed by its key. */
  certKeyFile: string;
  /** Require a client certificate signed by this CA (PEM file). */
  clientCaFile?: string;
}

/** haproxy terminating TLS for each listener, forwarding plain HTTP to its upstream. */
export class Haproxy extends Daemon {
  static async start(listeners: Array<Omit<HaproxyListener, 'port'> & { port?: number }>): Promise<{ haproxy: Haproxy; listeners: HaproxyListener[] }> {
    const dir = mkdtempSync(join(tmpdir(), 'oss-haproxy-'));
    const placed: HaproxyListener[] = [];
    for (const l of listeners) placed.push({ ...l, port: l.port ?? (await freePort(l.host)) });
    const lines = [
      'global',
      '  maxconn 256',
      'defaults',
      '  mode http',
      '  timeout connect 5s',
      '  timeout client 60s',
      '  timeout server 60s',
      '  option http-server-close',
    ];
    placed.forEach((l, i) => {
      const upstream = new URL(l.upstream);
      const verify = l.clientCaFile ? ` ca-file ${l.clientCaFile} verify required` : '';
      lines.push(`frontend f${i}`, `  bind ${l.host}:${l.port} ssl crt ${l.certKeyFile}${verify}`, `  default_backend b${i}`);
      lines.push(`backend b${i}`, `  server s${i} ${upstream.hostname}:${upstream.port}`);
    });
    writeFileSync(join(dir, 'haproxy.cfg'), `${lines.join('\n')}\n`);
    const haproxy = new Haproxy(dir, Daemon.launch('haproxy', ['-db', '-f', join(dir, 'haproxy.cfg')]));
    for (const l of placed) await haproxy.ready(l.host, l.port);
    return { haproxy, listeners: placed };
  }
}

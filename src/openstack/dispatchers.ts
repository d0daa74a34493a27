/**
 * The undici dispatchers behind one HttpClient: a keep-alive Agent, or undici's EnvHttpProxyAgent when a proxy
 * applies, and undici's RetryAgent over it for idempotent requests.
 */
import type { Dispatcher } from 'undici';
import { NetworkConfig, ProxyConfig, TlsOptions, proxyUri, shownProxy, tlsOptions } from './network';
import type { Redactor } from './redact';
import { proxyAgentKeys, undici } from './undiciParts';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  minTimeoutMs: number;
  /** Also the cap on a server's Retry-After. */
  maxTimeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, minTimeoutMs: 250, maxTimeoutMs: 8000 };

/** What the dispatchers are made from (part of HttpClientOptions). */
export interface DispatcherOptions {
  /** PEM bundle file trusted in addition to Node's roots (shorthand for network.tls.caFiles). */
  caFile?: string;
  /** Skips TLS verification. Only on an explicit user opt-in; callers log a warning. */
  insecure?: boolean;
  /**
   * Proxy and certificates; a function is called once, at the first request (it may read secret storage).
   * Without it: direct, Node's roots.
   */
  network?: NetworkConfig | (() => Promise<NetworkConfig>);
  connectTimeoutMs?: number;
  /** Sockets per origin. */
  connections?: number;
  retry?: RetryPolicy;
}

/** The dispatchers of one client, made at its first request. */
export interface Dispatchers {
  agent: Dispatcher;
  retrying: Dispatcher;
  /** The proxy each origin goes through ('' when direct), as undici's NO_PROXY matching decided. */
  routes: Map<string, string>;
  proxy?: ProxyConfig;
  /**
   * The last TLS alert each origin's server sent (a client certificate refused or missing): undici reports
   * the connection closed, not the alert that explains why.
   */
  tlsAlerts: Map<string, string>;
  /** The config they were made from (secrets included: never logged). */
  network: NetworkConfig;
}

/** The client's agents, for the options given: direct, or through undici's proxy agents. */
export async function makeDispatchers(options: DispatcherOptions, redactor: Redactor): Promise<Dispatchers> {
  const network = typeof options.network === 'function' ? await options.network() : (options.network ?? {});
  const tls = tlsOptions({
    ...network.tls,
    caFiles: [...(options.caFile ? [options.caFile] : []), ...(network.tls?.caFiles ?? [])],
    insecure: options.insecure === true || network.tls?.insecure === true,
  });
  const urlPasswords = [network.proxy?.httpProxy, network.proxy?.httpsProxy].map((u) => (u ? passwordIn(u) : undefined));
  for (const secret of [tls.passphrase, network.proxy?.password, network.proxy?.authorization, ...urlPasswords]) if (secret) redactor.addSecret(secret);
  const common = {
    connections: options.connections ?? 16,
    keepAliveTimeout: 30_000,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
  };
  const routes = new Map<string, string>();
  const tlsAlerts = new Map<string, string>();
  const connect = alertNoting(tls, common.connectTimeout, tlsAlerts);
  const agent = network.proxy ? proxyAgent(network.proxy, tls, common, routes, connect) : new (undici().Agent)({ ...common, connect });
  const retry = options.retry ?? DEFAULT_RETRY;
  const retrying = new (undici().RetryAgent)(agent, {
    maxRetries: retry.maxRetries,
    minTimeout: retry.minTimeoutMs,
    maxTimeout: retry.maxTimeoutMs,
    timeoutFactor: 2,
    retryAfter: true,
    // Give the last answer to the caller instead of undici's generic RequestRetryError.
    throwOnError: false,
    methods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'],
    statusCodes: [429, 500, 502, 503, 504],
    errorCodes: ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT'],
  });
  return {
    agent,
    retrying,
    routes,
    tlsAlerts,
    proxy: network.proxy,
    network: {
      ...network,
      tls: {
        ...network.tls,
        caFiles: [...(options.caFile ? [options.caFile] : []), ...(network.tls?.caFiles ?? [])],
        insecure: options.insecure === true || network.tls?.insecure === true,
      },
    },
  };
}

/**
 * undici's EnvHttpProxyAgent, given every value explicitly (nothing read from process.env behind the
 * caller's back): it picks the proxy or the direct agent per origin (NO_PROXY), tunnels https with CONNECT
 * and sends http in absolute form (as curl does; proxies often allow CONNECT to port 443 only). Which of
 * its agents an origin went to is noted for the log line.
 */
function proxyAgent(
  proxy: ProxyConfig,
  tls: TlsOptions,
  common: { connections: number; keepAliveTimeout: number; connectTimeout: number },
  routes: Map<string, string>,
  connect: Connector,
): Dispatcher {
  const agent = new (undici().EnvHttpProxyAgent)({
    ...common,
    httpProxy: proxyUri(proxy.httpProxy, proxy.password),
    httpsProxy: proxyUri(proxy.httpsProxy, proxy.password),
    noProxy: proxy.noProxy,
    token: proxy.authorization || undefined,
    proxyTunnel: false,
    connect,
    requestTls: { ...tls, timeout: common.connectTimeout },
    proxyTls: { ca: tls.ca, rejectUnauthorized: proxy.strictSSL !== false, timeout: common.connectTimeout },
  } as ConstructorParameters<ReturnType<typeof undici>['EnvHttpProxyAgent']>[0]);
  const keys = proxyAgentKeys();
  const held = agent as unknown as Record<symbol, Dispatcher>;
  const direct = held[keys.direct];
  const note = (sub: Dispatcher, route: string) => {
    if (sub === direct && route) return;
    const dispatch = sub.dispatch.bind(sub);
    sub.dispatch = (opts, handler) => {
      routes.set(originOf(opts.origin), route);
      return dispatch(opts, handler);
    };
  };
  note(direct, '');
  note(held[keys.http], shownProxy(proxy.httpProxy));
  if (held[keys.https] !== held[keys.http]) note(held[keys.https], shownProxy(proxy.httpsProxy));
  return agent;
}

export function originOf(origin: unknown): string {
  try {
    return new URL(String(origin)).origin;
  } catch {
    return String(origin);
  }
}

/** The password a proxy URL carries (the editor's http.proxy may), so that no message repeats it. */
function passwordIn(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

type Connector = ReturnType<ReturnType<typeof undici>['buildConnector']>;

/** undici's own connector, noting the TLS alert a server sends before it closes (tls.connect's 'error'). */
function alertNoting(tls: TlsOptions, timeout: number, alerts: Map<string, string>): Connector {
  const connector = undici().buildConnector({ ...tls, timeout });
  return (opts, callback) =>
    connector(opts, (error, socket) => {
      if (socket) {
        const origin = originOf(`${opts.protocol}//${opts.hostname}${opts.port ? `:${opts.port}` : ''}`);
        socket.on('error', (e: Error & { code?: string }) => {
          if (e.code && /_ALERT_/.test(e.code)) alerts.set(origin, e.code);
        });
      }
      if (error) callback(error, null);
      else callback(null, socket!);
    });
}

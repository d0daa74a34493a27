/**
 * All HTTP goes through here: one undici Agent (a keep-alive pool per origin), timeouts, an AbortSignal on
 * every call, undici's own RetryAgent for idempotent requests, TLS options, an optional proxy, a
 * User-Agent, a log line per request (redacted), and typed errors.
 */
import * as l10n from '@vscode/l10n';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { ErrorContext, OpenStackError, errorFromStatus } from './errors';
import { networkFailure, proxyRefusal, type ProxyRoute } from './networkErrors';
import { DispatcherOptions, Dispatchers, makeDispatchers, originOf } from './dispatchers';
import { type NetworkConfig, proxyUri } from './network';

export { DEFAULT_RETRY, type RetryPolicy } from './dispatchers';
import { Redactor, hideUrlCredentials } from './redact';
import { undici } from './undiciParts';

export const USER_AGENT = 'openstack-object-storage-vscode/0.1';

export interface HttpClientOptions extends DispatcherOptions {
  userAgent?: string;
  /** Time to wait for the response headers. */
  headersTimeoutMs?: number;
  /** Longest silence allowed while receiving a body. */
  bodyTimeoutMs?: number;
  /**
   * Longest time to read a whole answer that is read at once (text(), json(), an error's explanation, a
   * discarded body), however steadily it trickles in; streamed bodies (downloads) are bounded by
   * bodyTimeoutMs only.
   */
  responseTimeoutMs?: number;
  redactor?: Redactor;
  log?: (entry: RequestLogEntry) => void;
}

export interface RequestLogEntry {
  method: string;
  /** Redacted. */
  url: string;
  status?: number;
  ms: number;
  requestId?: string;
  /** Redacted message when the request failed without a status. */
  error?: string;
  /** The proxy the request went through (no credentials); absent when it went direct. */
  proxy?: string;
}

export type RequestBody = string | Uint8Array | Readable | AsyncIterable<Uint8Array> | null;

export interface HttpRequest {
  method: string;
  /** Absolute URL whose path is already percent-encoded (see swift/names.ts); it is sent as is. */
  url: string;
  headers?: Record<string, string>;
  body?: RequestBody;
  signal?: AbortSignal;
  /** Named in error messages, e.g. "identity", "object-store". */
  service?: string;
  /** Statuses that are answers rather than errors. Default: 2xx. */
  accept?: (status: number) => boolean;
  /** Default: true for GET/HEAD/OPTIONS and for PUT/DELETE without a streamed body. */
  retry?: boolean;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  requestId: string | undefined;
  body: Dispatcher.ResponseData['body'];
  text(): Promise<string>;
  json<T = unknown>(): Promise<T>;
  /** Discards the body so the socket can be reused. */
  dump(): Promise<void>;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);
const IDEMPOTENT_WITH_BODY = new Set(['PUT', 'DELETE']);

export function requestIdOf(headers: Record<string, string>): string | undefined {
  return headers['x-openstack-request-id'] ?? headers['x-trans-id'] ?? headers['x-compute-request-id'];
}

/** Splits an absolute URL without normalising its path (new URL() would rewrite `..` and some escapes). */
export function splitUrl(url: string): { origin: string; path: string } {
  const m = /^(https?:\/\/[^/?#\s]+)([/?][^\s]*)?$/i.exec(url);
  if (!m) throw new OpenStackError('invalidInput', l10n.t('Not a valid http(s) URL: {0}', safeUrlForMessage(url)));
  const origin = m[1];
  // Validate host/port with the WHATWG parser; the path stays as given.
  try {
    new URL(origin);
  } catch {
    throw new OpenStackError('invalidInput', l10n.t('Not a valid http(s) URL: {0}', safeUrlForMessage(url)));
  }
  const rest = m[2] ?? '/';
  return { origin, path: rest.startsWith('/') ? rest : `/${rest}` };
}

function safeUrlForMessage(url: string): string {
  return new Redactor().redact(hideUrlCredentials(url.length > 200 ? `${url.slice(0, 200)}…` : url));
}

/**
 * Server text made safe to quote in a one-line message: whitespace runs become one space, and control
 * characters (a hostile server's terminal escapes, NULs, bells) become U+FFFD, so that nothing a server sends
 * can restyle, clear or rewrite a terminal or log viewer that shows the message.
 */
export function printable(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '\ufffd');
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** How a message names a request: "identity (POST https://…/v3/auth/tokens)". */
function targetOf(context: ErrorContext): string {
  return `${context.service ?? 'OpenStack'} (${context.method ?? ''} ${context.url ?? ''})`;
}

function isStream(body: RequestBody | undefined): boolean {
  return !!body && typeof body !== 'string' && !(body instanceof Uint8Array);
}

export class HttpClient {
  readonly redactor: Redactor;
  private readonly options: HttpClientOptions;
  private dispatchers: Promise<Dispatchers> | undefined;
  private readonly userAgent: string;
  private readonly headersTimeout: number;
  private readonly bodyTimeout: number;
  private readonly responseTimeout: number;
  private readonly log: ((entry: RequestLogEntry) => void) | undefined;

  constructor(options: HttpClientOptions = {}) {
    this.options = options;
    this.redactor = options.redactor ?? new Redactor();
    this.userAgent = options.userAgent ?? USER_AGENT;
    this.headersTimeout = options.headersTimeoutMs ?? 30_000;
    this.bodyTimeout = options.bodyTimeoutMs ?? 60_000;
    this.responseTimeout = options.responseTimeoutMs ?? 120_000;
    this.log = options.log;
  }

  /** The dispatchers, made once; a failure (an unreadable file) is not kept, so a fixed file works next time. */
  private ready(): Promise<Dispatchers> {
    this.dispatchers ??= makeDispatchers(this.options, this.redactor).catch((e: unknown) => {
      this.dispatchers = undefined;
      throw e;
    });
    return this.dispatchers;
  }

  /** Sends a request; resolves with the response when its status is accepted, else throws an OpenStackError. */
  async request(req: HttpRequest): Promise<HttpResponse> {
    const method = req.method.toUpperCase();
    const { origin, path } = splitUrl(req.url);
    const redactedUrl = this.redactor.redact(hideUrlCredentials(req.url));
    const context: ErrorContext = { service: req.service, method, url: redactedUrl };
    const retry = req.retry ?? (IDEMPOTENT.has(method) || (IDEMPOTENT_WITH_BODY.has(method) && !isStream(req.body)));
    const headers: Record<string, string> = { 'user-agent': this.userAgent, ...req.headers };
    const started = Date.now();
    let dispatchers: Dispatchers | undefined;
    let raw: Dispatcher.ResponseData;
    try {
      dispatchers = await this.ready();
      const dispatcher = retry ? dispatchers.retrying : dispatchers.agent;
      raw = await dispatcher.request({
        origin,
        path,
        method: method as Dispatcher.HttpMethod,
        headers,
        body: (req.body ?? null) as Dispatcher.DispatchOptions['body'],
        signal: req.signal,
        headersTimeout: this.headersTimeout,
        bodyTimeout: this.bodyTimeout,
      });
    } catch (e) {
      const proxy = dispatchers?.routes.get(originOf(origin)) || undefined;
      // The server's TLS alert (a client certificate refused) explains a connection undici saw closed.
      const alert = dispatchers?.tlsAlerts.get(originOf(origin));
      const closed = /^(UND_ERR_SOCKET|ECONNRESET)$/.test((e as { code?: string })?.code ?? '');
      if (alert && closed) dispatchers!.tlsAlerts.delete(originOf(origin));
      const cause = alert && closed ? Object.assign(new Error(alert), { code: alert, cause: e }) : e;
      const error = this.mapError(cause, context, req.signal, proxy && dispatchers?.proxy ? { shown: proxy, source: dispatchers.proxy.source } : undefined);
      this.log?.({ method, url: redactedUrl, ms: Date.now() - started, error: error.message, ...(proxy ? { proxy } : {}) });
      throw error;
    }
    const responseHeaders = flattenHeaders(raw.headers as Record<string, string | string[] | undefined>);
    const requestId = requestIdOf(responseHeaders);
    const proxy = dispatchers.routes.get(originOf(origin)) || undefined;
    this.log?.({ method, url: redactedUrl, status: raw.statusCode, ms: Date.now() - started, requestId, ...(proxy ? { proxy } : {}) });
    const response = this.wrap(raw, responseHeaders, requestId, { ...context, status: raw.statusCode, requestId }, req.signal);
    if (raw.statusCode === 407 && proxy && dispatchers.proxy) {
      await response.dump();
      throw proxyRefusal(407, context, targetOf(context), { shown: proxy, source: dispatchers.proxy.source });
    }
    const accept = req.accept ?? ((s: number) => s >= 200 && s < 300);
    if (!accept(raw.statusCode)) {
      const detail = await errorDetail(response, this.redactor);
      throw errorFromStatus({ ...context, status: raw.statusCode, requestId }, detail);
    }
    return response;
  }

  /**
   * The network config in use and the proxy `url` goes through (its URL without the password; undefined when
   * direct, as undici's NO_PROXY matching decided for a request already sent there, else by the scheme alone).
   */
  async networkFor(url: string): Promise<{ network: NetworkConfig; proxy?: string }> {
    const { network, routes } = await this.ready();
    const origin = originOf(url);
    const proxied = routes.get(origin);
    const proxy = network.proxy && (url.startsWith('https:') ? network.proxy.httpsProxy : network.proxy.httpProxy);
    if (proxied === '' || !proxy) return { network };
    return { network, proxy: proxyUri(proxy, undefined) };
  }

  async close(): Promise<void> {
    const made = this.dispatchers;
    this.dispatchers = undefined;
    await (await made?.catch(() => undefined))?.agent.close();
  }

  /** Turns undici/Node errors into typed ones whose message names the request but holds no secret. */
  mapError(e: unknown, context: ErrorContext, signal?: AbortSignal, proxy?: ProxyRoute): OpenStackError {
    if (e instanceof OpenStackError) return e;
    const target = targetOf(context);
    const err = e as NodeJS.ErrnoException & { code?: string };
    // Before the cancel check: undici reports a proxy's refusal of a tunnel as an aborted request.
    const network = signal?.aborted ? undefined : networkFailure(e, context, target, proxy);
    if (network) return network;
    if (signal?.aborted || err?.name === 'AbortError' || err?.code === 'UND_ERR_ABORTED') {
      return new OpenStackError('cancelled', l10n.t('Cancelled: {0}', target), context, { cause: e });
    }
    const { errors: undiciErrors } = undici();
    if (
      e instanceof undiciErrors.HeadersTimeoutError ||
      e instanceof undiciErrors.BodyTimeoutError ||
      e instanceof undiciErrors.ConnectTimeoutError ||
      err?.code === 'ETIMEDOUT'
    ) {
      return new OpenStackError('timeout', l10n.t('Timed out waiting for {0}', target), context, { cause: e });
    }
    const code = err?.code ?? (err?.cause as NodeJS.ErrnoException | undefined)?.code;
    const reason =
      code === 'ECONNREFUSED'
        ? l10n.t('connection refused (is the server running?)')
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? l10n.t('host name not found')
          : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET'
            ? l10n.t('connection reset by the server')
            : this.redactor.redact(err?.message ?? String(e));
    return new OpenStackError('network', l10n.t('Cannot reach {0}: {1}', target, reason), context, { cause: e });
  }

  private wrap(
    raw: Dispatcher.ResponseData,
    headers: Record<string, string>,
    requestId: string | undefined,
    context: ErrorContext,
    signal?: AbortSignal,
  ): HttpResponse {
    const mapBodyError = (e: unknown) => this.mapError(e, context, signal);
    // undici's bodyTimeout only bounds silence: a server sending a byte a second could hold a listing, or the
    // sign-in every caller of a session waits for, forever. An answer read whole gets a deadline of its own.
    const readText = async (): Promise<string> => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        raw.body.destroy();
      }, this.responseTimeout);
      try {
        // Decoded once, when it has all arrived (undici's text(): UTF-8, a byte-order mark at the start dropped). A
        // streaming decoder took 2.5 times as long on a listing page of 950 KB, and left a text joined chunk by chunk
        // that the listing's reader then had to flatten: a sixth of a 1,000,000-name listing's CPU (DEVELOPING.md).
        return await raw.body.text();
      } catch (e) {
        if (timedOut) {
          const target = targetOf(context);
          const limit = `${this.responseTimeout / 1000} s`;
          throw new OpenStackError('timeout', l10n.t('Timed out reading the answer of {0}: it took longer than {1}', target, limit), context, { cause: e });
        }
        throw mapBodyError(e);
      } finally {
        clearTimeout(timer);
      }
    };
    return {
      status: raw.statusCode,
      headers,
      requestId,
      body: raw.body,
      text: readText,
      json: async <T>() => {
        const text = await readText();
        try {
          return JSON.parse(text) as T;
        } catch {
          const excerpt = this.redactor.redact(printable(text.slice(0, 120)));
          throw new OpenStackError(
            'badResponse',
            l10n.t(
              '{0}: expected JSON from {1} {2} (HTTP {3}) but got: {4}',
              context.service ?? 'OpenStack',
              String(context.method),
              String(context.url),
              String(context.status),
              excerpt || l10n.t('(empty body)'),
            ),
            context,
          );
        }
      },
      dump: async () => {
        const timer = setTimeout(() => raw.body.destroy(), this.responseTimeout);
        try {
          await raw.body.dump();
        } catch {
          // Nothing to salvage from a body we are discarding.
        } finally {
          clearTimeout(timer);
        }
      },
    };
  }
}

/**
 * A short, one-line, redacted excerpt of an error body: Keystone's `error.message`, or the text of a plain
 * or HTML body (Swift's way of explaining itself).
 */
export async function errorDetail(response: HttpResponse, redactor: Redactor): Promise<string | undefined> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return undefined;
  }
  let detail = text;
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof parsed?.error?.message === 'string') detail = parsed.error.message;
  } catch {
    detail = text.replace(/<[^>]*>/g, ' ');
  }
  detail = printable(detail).trim().replace(/\.$/, '');
  if (detail.length > 200) detail = `${detail.slice(0, 200)}…`;
  return detail ? redactor.redact(detail) : undefined;
}

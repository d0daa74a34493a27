/**
 * All HTTP goes through here: one undici Agent (a keep-alive pool per origin), timeouts, an AbortSignal on
 * every call, undici's own RetryAgent for idempotent requests, TLS options, an optional proxy, a
 * User-Agent, a log line per request (redacted), and typed errors.
 */
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { ErrorContext, OpenStackError, errorFromStatus } from './errors';
import { Redactor, hideUrlCredentials } from './redact';
import { undici } from './undiciParts';

export const USER_AGENT = 'openstack-object-storage-vscode/0.1';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  minTimeoutMs: number;
  /** Also the cap on a server's Retry-After. */
  maxTimeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, minTimeoutMs: 250, maxTimeoutMs: 8000 };

export interface HttpClientOptions {
  userAgent?: string;
  /** PEM bundle file trusted in addition to (replacing, per Node) the default CAs. */
  caFile?: string;
  /** Skips TLS verification. Only on an explicit user opt-in; callers log a warning. */
  insecure?: boolean;
  /** PEM client certificate (and its key, unless the certificate file holds it) for TLS client authentication. */
  certFile?: string;
  keyFile?: string;
  /** http(s)://host:port of a forward proxy. */
  proxyUrl?: string;
  connectTimeoutMs?: number;
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
  /** Sockets per origin. */
  connections?: number;
  retry?: RetryPolicy;
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
  if (!m) throw new OpenStackError('invalidInput', `Not a valid http(s) URL: ${safeUrlForMessage(url)}`);
  const origin = m[1];
  // Validate host/port with the WHATWG parser; the path stays as given.
  try {
    new URL(origin);
  } catch {
    throw new OpenStackError('invalidInput', `Not a valid http(s) URL: ${safeUrlForMessage(url)}`);
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

function isStream(body: RequestBody | undefined): boolean {
  return !!body && typeof body !== 'string' && !(body instanceof Uint8Array);
}

export class HttpClient {
  readonly redactor: Redactor;
  private readonly agent: Dispatcher;
  private readonly retrying: Dispatcher;
  private readonly userAgent: string;
  private readonly headersTimeout: number;
  private readonly bodyTimeout: number;
  private readonly responseTimeout: number;
  private readonly log: ((entry: RequestLogEntry) => void) | undefined;

  constructor(options: HttpClientOptions = {}) {
    this.redactor = options.redactor ?? new Redactor();
    this.userAgent = options.userAgent ?? USER_AGENT;
    this.headersTimeout = options.headersTimeoutMs ?? 30_000;
    this.bodyTimeout = options.bodyTimeoutMs ?? 60_000;
    this.responseTimeout = options.responseTimeoutMs ?? 120_000;
    this.log = options.log;
    let ca: string | undefined;
    if (options.caFile) {
      try {
        ca = readFileSync(options.caFile, 'utf8');
      } catch (e) {
        throw new OpenStackError('invalidInput', `Cannot read the CA file ${options.caFile}: ${(e as Error).message}`);
      }
    }
    const pem = (file: string | undefined, what: string) => {
      if (!file) return undefined;
      try {
        return readFileSync(file, 'utf8');
      } catch (e) {
        throw new OpenStackError('invalidInput', `Cannot read the ${what} ${file}: ${(e as Error).message}`);
      }
    };
    const cert = pem(options.certFile, 'client certificate file');
    const key = pem(options.keyFile, 'client key file') ?? (cert?.includes('PRIVATE KEY') ? cert : undefined);
    // Only an explicit `true` turns verification off (a settings file can hold the string "false").
    const tls = { ca, rejectUnauthorized: options.insecure !== true, ...(cert ? { cert, key } : {}) };
    const common = {
      connections: options.connections ?? 16,
      keepAliveTimeout: 30_000,
      connectTimeout: options.connectTimeoutMs ?? 10_000,
    };
    this.agent = options.proxyUrl
      ? new (undici().ProxyAgent)({ uri: options.proxyUrl, requestTls: tls, proxyTls: tls, ...common, connect: { timeout: common.connectTimeout } })
      : new (undici().Agent)({ ...common, connect: { ...tls, timeout: common.connectTimeout } });
    const retry = options.retry ?? DEFAULT_RETRY;
    this.retrying = new (undici().RetryAgent)(this.agent, {
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
  }

  /** Sends a request; resolves with the response when its status is accepted, else throws an OpenStackError. */
  async request(req: HttpRequest): Promise<HttpResponse> {
    const method = req.method.toUpperCase();
    const { origin, path } = splitUrl(req.url);
    const redactedUrl = this.redactor.redact(hideUrlCredentials(req.url));
    const context: ErrorContext = { service: req.service, method, url: redactedUrl };
    const retry = req.retry ?? (IDEMPOTENT.has(method) || (IDEMPOTENT_WITH_BODY.has(method) && !isStream(req.body)));
    const dispatcher = retry ? this.retrying : this.agent;
    const headers: Record<string, string> = { 'user-agent': this.userAgent, ...req.headers };
    const started = Date.now();
    let raw: Dispatcher.ResponseData;
    try {
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
      const error = this.mapError(e, context, req.signal);
      this.log?.({ method, url: redactedUrl, ms: Date.now() - started, error: error.message });
      throw error;
    }
    const responseHeaders = flattenHeaders(raw.headers as Record<string, string | string[] | undefined>);
    const requestId = requestIdOf(responseHeaders);
    this.log?.({ method, url: redactedUrl, status: raw.statusCode, ms: Date.now() - started, requestId });
    const response = this.wrap(raw, responseHeaders, requestId, { ...context, status: raw.statusCode, requestId }, req.signal);
    const accept = req.accept ?? ((s: number) => s >= 200 && s < 300);
    if (!accept(raw.statusCode)) {
      const detail = await errorDetail(response, this.redactor);
      throw errorFromStatus({ ...context, status: raw.statusCode, requestId }, detail);
    }
    return response;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /** Turns undici/Node errors into typed ones whose message names the request but holds no secret. */
  mapError(e: unknown, context: ErrorContext, signal?: AbortSignal): OpenStackError {
    if (e instanceof OpenStackError) return e;
    const target = `${context.service ?? 'OpenStack'} (${context.method ?? ''} ${context.url ?? ''})`.replace(' ()', '');
    const err = e as NodeJS.ErrnoException & { code?: string };
    if (signal?.aborted || err?.name === 'AbortError' || err?.code === 'UND_ERR_ABORTED') {
      return new OpenStackError('cancelled', `Cancelled: ${target}`, context, { cause: e });
    }
    const { errors: undiciErrors } = undici();
    if (
      e instanceof undiciErrors.HeadersTimeoutError ||
      e instanceof undiciErrors.BodyTimeoutError ||
      e instanceof undiciErrors.ConnectTimeoutError ||
      err?.code === 'ETIMEDOUT'
    ) {
      return new OpenStackError('timeout', `Timed out waiting for ${target}`, context, { cause: e });
    }
    const code = err?.code ?? (err?.cause as NodeJS.ErrnoException | undefined)?.code;
    if (code && /^(DEPTH_ZERO|SELF_SIGNED|UNABLE_TO|CERT_|ERR_TLS|ERR_SSL|HOSTNAME_MISMATCH)/.test(code)) {
      return new OpenStackError(
        'network',
        `TLS certificate of ${target} is not trusted (${code}). Set a CA file for this profile, or enable "insecure" if you accept the risk.`,
        context,
        { cause: e },
      );
    }
    const reason =
      code === 'ECONNREFUSED'
        ? 'connection refused (is the server running?)'
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? 'host name not found'
          : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET'
            ? 'connection reset by the server'
            : this.redactor.redact(err?.message ?? String(e));
    return new OpenStackError('network', `Cannot reach ${target}: ${reason}`, context, { cause: e });
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
        return await raw.body.text();
      } catch (e) {
        if (timedOut) {
          const target = `${context.service ?? 'OpenStack'} (${context.method ?? ''} ${context.url ?? ''})`;
          const limit = `${this.responseTimeout / 1000} s`;
          throw new OpenStackError('timeout', `Timed out reading the answer of ${target}: it took longer than ${limit}`, context, { cause: e });
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
            `${context.service ?? 'OpenStack'}: expected JSON from ${context.method} ${context.url} (HTTP ${context.status}) but got: ${excerpt || '(empty body)'}`,
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

/**
 * The single path of every authenticated Swift request: adds the token, renews it once on 401 and retries
 * once, converts header values to UTF-8 bytes, and turns failures into errors that say which operation on
 * which container/object failed (redacted, with Swift's request id).
 */
import * as l10n from '@vscode/l10n';
import { printable, type HttpClient, type HttpRequest, type HttpResponse, type RequestBody } from '../http';
import { OpenStackError, kindForStatus } from '../errors';
import { toWireHeaders } from './metadata';
import type { TokenSource } from './tokenSource';

export const SERVICE = 'object-store';

/** What a request does to its target; each has its own translated sentences (cannotSentence, cancelledSentence). */
export type SwiftVerb = 'copy' | 'create' | 'delete' | 'download' | 'list' | 'list the versions of' | 'read' | 'update' | 'upload';

/** "Cannot read object "a" in container "c": not found (HTTP 404).": one translated sentence per verb. */
export function cannotSentence(verb: SwiftVerb, target: string, what: string): string {
  switch (verb) {
    case 'copy':
      return l10n.t('Cannot copy {0}: {1}', target, what);
    case 'create':
      return l10n.t('Cannot create {0}: {1}', target, what);
    case 'delete':
      return l10n.t('Cannot delete {0}: {1}', target, what);
    case 'download':
      return l10n.t('Cannot download {0}: {1}', target, what);
    case 'list':
      return l10n.t('Cannot list {0}: {1}', target, what);
    case 'list the versions of':
      return l10n.t('Cannot list the versions of {0}: {1}', target, what);
    case 'read':
      return l10n.t('Cannot read {0}: {1}', target, what);
    case 'update':
      return l10n.t('Cannot update {0}: {1}', target, what);
    case 'upload':
      return l10n.t('Cannot upload {0}: {1}', target, what);
  }
}

/** "Cancelled: read container "c".". */
export function cancelledSentence(verb: SwiftVerb, target: string): string {
  switch (verb) {
    case 'copy':
      return l10n.t('Cancelled: copy {0}.', target);
    case 'create':
      return l10n.t('Cancelled: create {0}.', target);
    case 'delete':
      return l10n.t('Cancelled: delete {0}.', target);
    case 'download':
      return l10n.t('Cancelled: download {0}.', target);
    case 'list':
      return l10n.t('Cancelled: list {0}.', target);
    case 'list the versions of':
      return l10n.t('Cancelled: list the versions of {0}.', target);
    case 'read':
      return l10n.t('Cancelled: read {0}.', target);
    case 'update':
      return l10n.t('Cancelled: update {0}.', target);
    case 'upload':
      return l10n.t('Cancelled: upload {0}.', target);
  }
}

/** What a request does, for error messages: "Cannot <verb> <target>: …". */
export interface Operation {
  verb: SwiftVerb;
  /** e.g. `object "a.txt" in container "docs"` (see names.displayName). */
  target: string;
  /** Explanations for statuses this operation gives a specific meaning, e.g. 409 on container delete. */
  explain?: Partial<Record<number, string>>;
}

export interface SwiftRequest {
  method: string;
  /** Built by names.swiftUrl. */
  url: string;
  headers?: Record<string, string>;
  body?: RequestBody;
  signal?: AbortSignal;
  /** Send no token (GET /info). */
  anonymous?: boolean;
}

const PHRASES: Record<number, () => string> = {
  400: () => l10n.t('Swift rejected the request'),
  401: () => l10n.t('the token was rejected'),
  403: () => l10n.t('access denied'),
  404: () => l10n.t('not found'),
  409: () => l10n.t('conflict'),
  411: () => l10n.t('a length is required'),
  412: () => l10n.t('precondition failed'),
  413: () => l10n.t("too large, or over a container or account quota (Set Quota… raises a container's)"),
  414: () => l10n.t('the URL is too long (Swift takes 8 KiB at most; each non-ASCII byte of a name takes 3 characters)'),
  416: () => l10n.t('the range is outside the object'),
  422: () => l10n.t('the data received does not match the ETag sent'),
  429: () => l10n.t('too many requests'),
};

function phrase(status: number): string {
  return PHRASES[status]?.() ?? (status >= 500 ? l10n.t('server error') : l10n.t('request rejected'));
}

function replayable(body: RequestBody | undefined): boolean {
  return body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;
}

export class SwiftTransport {
  /**
   * Tokens Swift answered 401 to: never sent again, whatever the token source hands back (a source that
   * returns the refused token, or an older one, would otherwise have it sent and refused over and over).
   */
  private readonly refused = new Set<string>();

  constructor(
    private readonly http: HttpClient,
    private readonly tokens: TokenSource,
  ) {}

  async send(op: Operation, req: SwiftRequest): Promise<HttpResponse> {
    if (req.anonymous) return this.check(op, req, await this.attempt(op, req, undefined));
    let token = await this.tokens.token(req.signal);
    this.http.redactor.addSecret(token);
    // A request that asked for its token while another's 401 was being handled can be handed the token just refused:
    // it asks for the renewal itself (its one renewal, as after a 401) instead of failing.
    const renewedFirst = this.refused.has(token);
    if (renewedFirst) token = await this.renewed(op, req, token);
    let response = await this.attempt(op, req, token);
    if (response.status === 401 && !renewedFirst) {
      await response.dump();
      this.refused.add(token);
      token = await this.renewed(op, req, token);
      if (!replayable(req.body)) {
        // The body was a stream and has been consumed; the caller must send it again.
        throw this.error(op, 'auth', l10n.t('the token was rejected (HTTP 401) while the data was being sent; a new token is ready, try again'), response, req);
      }
      response = await this.attempt(op, req, token);
    }
    if (response.status === 401) {
      this.refused.add(token);
      await response.dump();
      const why = this.tokens.explainRejection?.(req.method, req.url);
      throw this.error(op, 'auth', why ?? l10n.t('the token was rejected (HTTP 401) even after renewing it: sign in again'), response, req);
    }
    return this.check(op, req, response);
  }

  /** Secrets read from Swift (temp URL keys) are masked in every later log line and message. */
  registerSecrets(values: string[]): void {
    for (const value of values) this.http.redactor.addSecret(value);
  }

  /** A renewal of `rejected` from the token source, unless it hands back a token Swift refused already. */
  private async renewed(op: Operation, req: SwiftRequest, rejected: string): Promise<string> {
    const token = await this.tokens.renew(rejected, req.signal);
    this.http.redactor.addSecret(token);
    if (this.refused.has(token)) {
      throw this.error(
        op,
        'auth',
        l10n.t('the token offered is one Swift already refused (HTTP 401), so it was not sent again: sign in again'),
        undefined,
        req,
      );
    }
    return token;
  }

  private async attempt(op: Operation, req: SwiftRequest, token: string | undefined): Promise<HttpResponse> {
    const headers = toWireHeaders(req.headers ?? {});
    if (token !== undefined) headers['x-auth-token'] = token;
    const request: HttpRequest = {
      method: req.method,
      url: req.url,
      headers,
      body: req.body,
      signal: req.signal,
      service: SERVICE,
      accept: () => true,
    };
    let response: HttpResponse;
    try {
      response = await this.http.request(request);
    } catch (e) {
      throw this.inOperation(op, e);
    }
    // A body read whole can fail too (cut, too slow, not JSON): that error names the operation as well.
    const named =
      <T>(read: () => Promise<T>) =>
      async (): Promise<T> => {
        try {
          return await read();
        } catch (e) {
          throw this.inOperation(op, e);
        }
      };
    return { ...response, text: named(response.text), json: <T>() => named(() => response.json<T>())() };
  }

  /** `Cannot <verb> <target>: <what the HTTP layer said>`, of the same kind. */
  private inOperation(op: Operation, e: unknown): unknown {
    if (!(e instanceof OpenStackError)) return e;
    const message = e.kind === 'cancelled' ? cancelledSentence(op.verb, op.target) : cannotSentence(op.verb, op.target, e.message);
    return new OpenStackError(e.kind, this.http.redactor.redact(message), e, { cause: e });
  }

  /** Passes 2xx answers; anything else becomes an error naming the operation. */
  private async check(op: Operation, req: SwiftRequest, response: HttpResponse): Promise<HttpResponse> {
    if (response.status >= 200 && response.status < 300) return response;
    const detail = await this.detail(response);
    const explanation = op.explain?.[response.status] ?? phrase(response.status);
    const status = l10n.t('{0} (HTTP {1})', explanation, response.status);
    throw this.error(op, kindForStatus(response.status), detail ? `${status}: ${detail}` : status, response, req);
  }

  /** An error naming the operation; carries status, request id and the redacted request. */
  error(op: Operation, kind: OpenStackError['kind'], what: string, response?: HttpResponse, req?: SwiftRequest): OpenStackError {
    const redact = (text: string) => this.http.redactor.redact(text);
    // Swift's own explanations end with a period ("Upload exceeds quota."): one is enough.
    return new OpenStackError(kind, redact(`${cannotSentence(op.verb, op.target, what.replace(/\.$/, ''))}.`), {
      service: SERVICE,
      method: req?.method,
      url: req && redact(req.url),
      status: response?.status,
      requestId: response?.requestId,
    });
  }

  /** Swift's explanation when it is more than its generic HTML error page. */
  private async detail(response: HttpResponse): Promise<string | undefined> {
    let text: string;
    try {
      text = await response.text();
    } catch {
      return undefined;
    }
    if (!text.trim() || /^\s*<html>\s*<h1>/i.test(text)) return undefined;
    const flat = printable(text.replace(/<[^>]*>/g, ' ')).trim();
    return this.http.redactor.redact(flat.length > 200 ? `${flat.slice(0, 200)}…` : flat);
  }
}

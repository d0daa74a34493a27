/**
 * Typed errors of the OpenStack client. Each carries what a person needs to act on it (status, request id,
 * which service and which request) and never a secret: messages are built from redacted parts only.
 */
import * as l10n from '@vscode/l10n';

export type OpenStackErrorKind =
  | 'auth' // 401: wrong credentials, expired or revoked token
  | 'forbidden' // 403
  | 'notFound' // 404
  | 'conflict' // 409, e.g. deleting a container that is not empty
  | 'precondition' // 412 / 422: ETag mismatch, bad input accepted at HTTP level
  | 'badRequest' // other 4xx
  | 'server' // 5xx and 429 once retries are spent
  | 'network' // connection refused / reset / DNS
  | 'timeout' // connect, headers or body timeout
  | 'badResponse' // the server answered something we cannot understand
  | 'checksum' // the data arrived but its MD5 does not match
  | 'unsupported' // the auth version or cluster cannot do this
  | 'invalidInput' // the caller's input is malformed (URL, name, profile)
  | 'cancelled'; // the caller aborted

export interface ErrorContext {
  /** e.g. "identity" or "object-store". */
  service?: string;
  method?: string;
  /** Redacted URL of the request. */
  url?: string;
  status?: number;
  requestId?: string;
}

export class OpenStackError extends Error {
  readonly kind: OpenStackErrorKind;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly service: string | undefined;
  readonly method: string | undefined;
  readonly url: string | undefined;

  constructor(kind: OpenStackErrorKind, message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OpenStackError';
    this.kind = kind;
    this.status = context.status;
    this.requestId = context.requestId;
    this.service = context.service;
    this.method = context.method;
    this.url = context.url;
  }
}

export function isOpenStackError(e: unknown, kind?: OpenStackErrorKind): e is OpenStackError {
  return e instanceof OpenStackError && (kind === undefined || e.kind === kind);
}

/** Maps an HTTP status to the error kind the client throws for it. */
export function kindForStatus(status: number): OpenStackErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status === 409) return 'conflict';
  if (status === 412 || status === 422) return 'precondition';
  if (status === 429 || status >= 500) return 'server';
  return 'badRequest';
}

/** Read when an error is built, so the phrase is in the display language (@vscode/l10n: this layer has no `vscode`). */
const STATUS_PHRASES: Record<OpenStackErrorKind, () => string> = {
  auth: () => l10n.t('authentication failed or the token is no longer valid'),
  forbidden: () => l10n.t('access denied'),
  notFound: () => l10n.t('not found'),
  conflict: () => l10n.t('conflict'),
  precondition: () => l10n.t('precondition failed'),
  badRequest: () => l10n.t('request rejected'),
  server: () => l10n.t('server error'),
  network: () => l10n.t('network error'),
  timeout: () => l10n.t('timed out'),
  badResponse: () => l10n.t('unexpected answer'),
  checksum: () => l10n.t('checksum mismatch'),
  unsupported: () => l10n.t('not supported'),
  invalidInput: () => l10n.t('invalid input'),
  cancelled: () => l10n.t('cancelled'),
};

/**
 * Builds the error for a non-success HTTP answer. `detail` is a short, already redacted excerpt of the body
 * (OpenStack services explain themselves there, e.g. Keystone's `error.message`).
 */
export function errorFromStatus(context: ErrorContext & { status: number }, detail?: string): OpenStackError {
  const kind = kindForStatus(context.status);
  const what = [context.method, context.url].filter(Boolean).join(' ');
  const service = context.service ?? 'OpenStack';
  let message = what
    ? l10n.t('{0}: {1} (HTTP {2}) for {3}', service, STATUS_PHRASES[kind](), context.status, what)
    : l10n.t('{0}: {1} (HTTP {2})', service, STATUS_PHRASES[kind](), context.status);
  if (detail && detail.trim()) message += `: ${detail.trim()}`;
  return new OpenStackError(kind, message, context);
}

/** A one-line description including the request id, for logs and notifications. */
export function describeError(e: unknown): string {
  if (e instanceof OpenStackError) {
    return e.requestId ? l10n.t('{0} [request id {1}]', e.message, e.requestId) : e.message;
  }
  if (e instanceof Error) return e.message;
  return String(e);
}

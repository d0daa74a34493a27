/**
 * How an error reads in a notification or a tree item: one sentence saying what failed and what to do,
 * with the request id; never a stack trace, never a secret (the client's messages are already redacted).
 * Pure, so the wording is unit-tested.
 */
import * as l10n from '@vscode/l10n';
import { OpenStackError, describeError } from '../openstack/errors';

/** Thrown when the user dismissed a prompt: the command ends silently. */
export class UserCancelled extends Error {
  constructor() {
    super('Cancelled by the user');
    this.name = 'UserCancelled';
  }
}

const HINTS: Partial<Record<OpenStackError['kind'], () => string>> = {
  auth: () => l10n.t("Check the profile's credentials, or sign in again."),
  forbidden: () => l10n.t('Your role on this project does not allow it.'),
  network: () => l10n.t('Check the URL and that the service is reachable.'),
  timeout: () => l10n.t('The service is slow or unreachable; try again.'),
};

/**
 * The sentence a notification or a tree row shows: what failed, and what to do. The request id is left out (it
 * is for the log and the detail views: logMessage, tooltips), so the toast stays one readable sentence.
 */
export function userMessage(e: unknown, doing?: string): string {
  let message = e instanceof OpenStackError ? e.message : describeError(e);
  if (e instanceof OpenStackError) {
    const hint = HINTS[e.kind]?.();
    if (hint && !message.includes(hint)) message += ` ${hint}`;
  }
  return doing ? l10n.t('{0} failed: {1}', doing, message) : message;
}

/** The same sentence with the request id, for the log (and a file system error's detail). */
export function logMessage(e: unknown, doing?: string): string {
  const id = requestIdOf(e);
  return id ? l10n.t('{0} [request id {1}]', userMessage(e, doing), id) : userMessage(e, doing);
}

export function requestIdOf(e: unknown): string | undefined {
  return e instanceof OpenStackError ? e.requestId : undefined;
}

/** Failures that may well go away by themselves: worth a Retry button. */
const PASSING: ReadonlySet<OpenStackError['kind']> = new Set(['network', 'timeout', 'server', 'auth', 'badResponse', 'checksum']);

/** Whether running the same command again could succeed without the user changing anything. */
export function worthRetrying(e: unknown): boolean {
  return e instanceof OpenStackError && PASSING.has(e.kind);
}

/**
 * How an error reads in a notification or a tree item: one sentence saying what failed and what to do,
 * with the request id; never a stack trace, never a secret (the client's messages are already redacted).
 * Pure, so the wording is unit-tested.
 */
import { OpenStackError, describeError } from '../openstack/errors';

/** Thrown when the user dismissed a prompt: the command ends silently. */
export class UserCancelled extends Error {
  constructor() {
    super('Cancelled by the user');
    this.name = 'UserCancelled';
  }
}

const HINTS: Partial<Record<OpenStackError['kind'], string>> = {
  auth: "Check the profile's credentials, or sign in again.",
  forbidden: 'Your role on this project does not allow it.',
  network: 'Check the URL and that the service is reachable.',
  timeout: 'The service is slow or unreachable; try again.',
};

export function userMessage(e: unknown, doing?: string): string {
  const prefix = doing ? `${doing} failed: ` : '';
  let message = describeError(e);
  if (e instanceof OpenStackError) {
    const hint = HINTS[e.kind];
    if (hint && !message.includes(hint)) message += ` ${hint}`;
  }
  return prefix + message;
}

/**
 * Every command runs through here: errors become one clear sentence with the request id, a user's cancel is
 * silence, and long work shows cancellable progress whose CancellationToken becomes an AbortSignal.
 */
import * as vscode from 'vscode';
import { OpenStackError, describeError } from '../openstack/errors';
import type { Log } from '../log';

/** Thrown (or returned from a prompt helper) when the user dismissed a prompt: ends the command silently. */
export class UserCancelled extends Error {
  constructor() {
    super('Cancelled by the user');
    this.name = 'UserCancelled';
  }
}

export function isCancellation(e: unknown): boolean {
  return e instanceof UserCancelled || e instanceof vscode.CancellationError || (e instanceof OpenStackError && e.kind === 'cancelled');
}

/** One sentence for a notification: what failed and what to do, with the request id; never a stack trace. */
export function userMessage(e: unknown, doing?: string): string {
  const prefix = doing ? `${doing} failed: ` : '';
  let message = describeError(e);
  if (e instanceof OpenStackError) {
    const hint: Partial<Record<OpenStackError['kind'], string>> = {
      auth: 'Check the profile\'s credentials, or sign in again.',
      forbidden: 'Your role on this project does not allow it.',
      network: 'Check the URL and that the service is reachable.',
      timeout: 'The service is slow or unreachable; try again.',
    };
    const extra = hint[e.kind];
    if (extra && !message.includes(extra)) message += ` ${extra}`;
  }
  return prefix + message;
}

export type CommandHandler = (...args: any[]) => unknown;

export function registerCommand(
  context: vscode.ExtensionContext,
  log: Log,
  id: string,
  handler: CommandHandler,
  doing?: string,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (e) {
        if (isCancellation(e)) return undefined;
        const message = userMessage(e, doing);
        log.error(`${id}: ${message}`);
        void vscode.window.showErrorMessage(message);
        return undefined;
      }
    }),
  );
}

/** Runs work with a cancellable notification progress; the token becomes the AbortSignal of every call. */
export function withProgress<T>(title: string, work: (signal: AbortSignal, progress: vscode.Progress<{ message?: string; increment?: number }>) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      return work(controller.signal, progress).finally(() => subscription.dispose());
    },
  );
}

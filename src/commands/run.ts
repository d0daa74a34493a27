/**
 * Every command runs through here: errors become one clear sentence with the request id, a user's cancel is
 * silence, and long work shows cancellable progress whose CancellationToken becomes an AbortSignal.
 */
import * as vscode from 'vscode';
import { OpenStackError } from '../openstack/errors';
import type { Log } from '../log';
import { UserCancelled, userMessage } from './errorMessages';

export { UserCancelled, userMessage } from './errorMessages';

export function isCancellation(e: unknown): boolean {
  return e instanceof UserCancelled || e instanceof vscode.CancellationError || (e instanceof OpenStackError && e.kind === 'cancelled');
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

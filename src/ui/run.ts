/**
 * Every command runs through here: errors become one clear sentence with the request id, a user's cancel is
 * silence, and long work shows cancellable progress whose CancellationToken becomes an AbortSignal.
 */
import * as vscode from 'vscode';
import { OpenStackError } from '../openstack/errors';
import type { Log } from '../log';
import { CommandId, VIEW_ID, commandId } from './commandIds';
import { UserCancelled, logMessage, userMessage, worthRetrying } from './errorMessages';

export { UserCancelled, logMessage, userMessage } from './errorMessages';

/** Button labels, in the display language: a choice is compared with the same function's value, never a literal. */
export const SHOW_LOG = (): string => vscode.l10n.t('Show Log');
export const RETRY = (): string => vscode.l10n.t('Retry');

/**
 * An error message: one sentence, with "Show Log" (where the request id and the requests are) and, when the
 * failure may pass by itself, "Retry" (the same command with the same arguments).
 */
export async function showFailure(log: Log, message: string, retry?: () => Thenable<unknown>): Promise<void> {
  const buttons = retry ? [RETRY(), SHOW_LOG()] : [SHOW_LOG()];
  const choice = await vscode.window.showErrorMessage(message, ...buttons);
  if (choice === SHOW_LOG()) log.show();
  else if (choice === RETRY() && retry) await retry();
}

export function isCancellation(e: unknown): boolean {
  return e instanceof UserCancelled || e instanceof vscode.CancellationError || (e instanceof OpenStackError && e.kind === 'cancelled');
}

/**
 * One row of the command table: the command, what it does with the arguments VS Code passes (a tree node and
 * the multi-selection from a menu, a URI from an editor tab, nothing from the palette: read them with
 * src/location's `locationOf`), and what it is doing, for its error message ("Copying the URL: …").
 */
export interface CommandEntry {
  id: CommandId;
  run: (...args: any[]) => unknown;
  doing: string;
}

/** Registers the command table: every command the same way. */
export function registerCommands(context: vscode.ExtensionContext, log: Log, entries: readonly CommandEntry[]): void {
  for (const { id, run, doing } of entries) {
    const fullId = commandId(id);
    context.subscriptions.push(
      vscode.commands.registerCommand(fullId, async (...args: unknown[]) => {
        try {
          return await run(...args);
        } catch (e) {
          if (isCancellation(e)) return undefined;
          log.error(`${fullId}: ${logMessage(e, doing)}`);
          void showFailure(log, userMessage(e, doing), worthRetrying(e) ? () => vscode.commands.executeCommand(fullId, ...args) : undefined);
          return undefined;
        }
      }),
    );
  }
}

/**
 * Runs a short read (connecting, signing in, reading metadata or a listing of containers) with the progress bar
 * of the tree view, not a notification: notifications are for transfers, deletes and other long work. The
 * bar has no cancel button; the calls' own timeouts bound the wait.
 */
export function withViewProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: { viewId: VIEW_ID }, title }, () => work(new AbortController().signal));
}

/** Runs long work with a cancellable notification progress; the token becomes the AbortSignal of every call. */
export function withProgress<T>(
  title: string,
  work: (signal: AbortSignal, progress: vscode.Progress<{ message?: string; increment?: number }>) => Promise<T>,
): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    return work(controller.signal, progress).finally(() => subscription.dispose());
  });
}

/**
 * Every command runs through here: errors become one clear sentence with the request id, a user's cancel is
 * silence, and long work shows cancellable progress whose CancellationToken becomes an AbortSignal.
 */
import * as vscode from 'vscode';
import { OpenStackError } from '../openstack/errors';
import type { Log } from '../log';
import { CommandId, commandId } from './commandIds';
import { UserCancelled, userMessage } from './errorMessages';

export { UserCancelled, userMessage } from './errorMessages';

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
          const message = userMessage(e, doing);
          log.error(`${fullId}: ${message}`);
          void vscode.window.showErrorMessage(message);
          return undefined;
        }
      }),
    );
  }
}

/** Runs work with a cancellable notification progress; the token becomes the AbortSignal of every call. */
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

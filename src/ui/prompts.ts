/**
 * Every question the extension asks goes through a Prompter, so the in-editor test suite can answer them
 * (and fail on any prompt it did not expect) instead of hanging on an input box.
 */
import * as vscode from 'vscode';
import { UserCancelled } from './run';

export interface Prompter {
  input(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined>;
  pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<readonly T[] | undefined>;
  /** A modal question; resolves to the chosen action or undefined. */
  confirm(message: string, detail: string, ...actions: string[]): Thenable<string | undefined>;
  openFile(options: vscode.OpenDialogOptions): Thenable<vscode.Uri[] | undefined>;
}

export const windowPrompter: Prompter = {
  input: (options) => vscode.window.showInputBox({ ignoreFocusOut: true, ...options }),
  pick: (items, options) => vscode.window.showQuickPick(items, { ignoreFocusOut: true, ...options }),
  pickMany: (items, options) => vscode.window.showQuickPick(items, { ignoreFocusOut: true, ...options, canPickMany: true }),
  confirm: (message, detail, ...actions) => vscode.window.showWarningMessage(message, { modal: true, detail }, ...actions),
  openFile: (options) => vscode.window.showOpenDialog(options),
};

/** Holds the prompter in use; tests swap it through the extension's API. */
export class Prompts {
  current: Prompter = windowPrompter;

  async input(options: vscode.InputBoxOptions): Promise<string> {
    return required(await this.current.input(options));
  }

  async pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T> {
    return required(await this.current.pick(items, options));
  }

  async pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<readonly T[]> {
    const picked = required(await this.current.pickMany(items, options));
    if (picked.length === 0) throw new UserCancelled();
    return picked;
  }

  /** True only when the user chose `action`. */
  async confirm(message: string, detail: string, action: string): Promise<boolean> {
    return (await this.current.confirm(message, detail, action)) === action;
  }

  /** A modal question with several actions: the one chosen, or undefined when dismissed (Cancel). */
  async ask(message: string, detail: string, ...actions: string[]): Promise<string | undefined> {
    const answer = await this.current.confirm(message, detail, ...actions);
    return answer !== undefined && actions.includes(answer) ? answer : undefined;
  }

  /** Several files or folders (at least one). */
  async openFiles(options: vscode.OpenDialogOptions): Promise<vscode.Uri[]> {
    const picked = required(await this.current.openFile({ ...options, canSelectMany: true }));
    if (!picked.length) throw new UserCancelled();
    return picked;
  }

  /** A modal question with several answers: the one chosen; dismissing it cancels. */
  async choose<A extends string>(message: string, detail: string, ...actions: A[]): Promise<A> {
    return required((await this.ask(message, detail, ...actions)) as A | undefined);
  }

  async openFile(options: vscode.OpenDialogOptions): Promise<vscode.Uri> {
    const picked = required(await this.current.openFile({ canSelectMany: false, ...options }));
    if (!picked[0]) throw new UserCancelled();
    return picked[0];
  }
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new UserCancelled();
  return value;
}

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
  /** One step of a multi-step input: Back (when offered) answers BACK. A prompter without it answers as `input`. */
  inputStep?(options: vscode.InputBoxOptions & StepOptions): Thenable<string | typeof BACK | undefined>;
  /** One step of a multi-step pick: Back (when offered) answers BACK. A prompter without it answers as `pick`. */
  pickStep?<T extends vscode.QuickPickItem>(
    items: readonly T[],
    options: vscode.QuickPickOptions & StepOptions & { active?: T },
  ): Thenable<T | typeof BACK | undefined>;
}

/** Where a step stands in a multi-step input, and whether it offers Back. */
export interface StepOptions {
  step: number;
  totalSteps: number;
  canGoBack: boolean;
}

/** The answer of a step whose Back button was pressed. */
export const BACK = Symbol('back');

export const windowPrompter: Prompter = {
  input: (options) => vscode.window.showInputBox({ ignoreFocusOut: true, ...options }),
  pick: (items, options) => vscode.window.showQuickPick(items, { ignoreFocusOut: true, ...options }),
  pickMany: (items, options) => vscode.window.showQuickPick(items, { ignoreFocusOut: true, ...options, canPickMany: true }),
  confirm: (message, detail, ...actions) => vscode.window.showWarningMessage(message, { modal: true, detail }, ...actions),
  openFile: (options) => vscode.window.showOpenDialog(options),
  inputStep: showInputStep,
  pickStep: showPickStep,
};

/** An input box with a step count, a Back button after the first step, and its validation shown as the user types. */
function showInputStep(options: vscode.InputBoxOptions & StepOptions): Promise<string | typeof BACK | undefined> {
  const box = vscode.window.createInputBox();
  Object.assign(box, {
    title: options.title,
    step: options.step,
    totalSteps: options.totalSteps,
    prompt: options.prompt,
    placeholder: options.placeHolder,
    value: options.value ?? '',
    password: options.password ?? false,
    ignoreFocusOut: true,
    buttons: options.canGoBack ? [vscode.QuickInputButtons.Back] : [],
  });
  const problem = async (value: string) => (await options.validateInput?.(value)) ?? undefined;
  return settle<string>(box, (finish) => [
    box.onDidChangeValue(async (value) => {
      const message = await problem(value);
      if (box.value === value) box.validationMessage = message;
    }),
    box.onDidAccept(async () => {
      const value = box.value;
      const message = await problem(value);
      if (message) box.validationMessage = message;
      else finish(value);
    }),
  ]);
}

function showPickStep<T extends vscode.QuickPickItem>(
  items: readonly T[],
  options: vscode.QuickPickOptions & StepOptions & { active?: T },
): Promise<T | typeof BACK | undefined> {
  const pick = vscode.window.createQuickPick<T>();
  Object.assign(pick, {
    title: options.title,
    step: options.step,
    totalSteps: options.totalSteps,
    placeholder: options.placeHolder,
    items,
    ignoreFocusOut: true,
    buttons: options.canGoBack ? [vscode.QuickInputButtons.Back] : [],
  });
  if (options.active) pick.activeItems = [options.active];
  return settle<T>(pick, (finish) => [
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
      if (chosen) finish(chosen);
    }),
  ]);
}

/** Shows `input` until it is answered, Back is pressed or it is hidden (Escape: undefined), then disposes it. */
function settle<T>(
  input: vscode.QuickInput & { onDidTriggerButton: vscode.Event<vscode.QuickInputButton> },
  listen: (finish: (answer: T | typeof BACK | undefined) => void) => vscode.Disposable[],
): Promise<T | typeof BACK | undefined> {
  return new Promise((resolve) => {
    let done = false;
    const listeners: vscode.Disposable[] = [];
    const finish = (answer: T | typeof BACK | undefined) => {
      if (done) return;
      done = true;
      resolve(answer);
      for (const l of listeners) l.dispose();
      input.dispose();
    };
    listeners.push(
      ...listen(finish),
      input.onDidTriggerButton((button) => {
        if (button === vscode.QuickInputButtons.Back) finish(BACK);
      }),
      input.onDidHide(() => finish(undefined)),
    );
    input.show();
  });
}

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

  /** A typed step of a multi-step input: the answer, or BACK. */
  async inputStep(options: vscode.InputBoxOptions & StepOptions): Promise<string | typeof BACK> {
    const prompter = this.current;
    return required(await (prompter.inputStep ? prompter.inputStep(options) : prompter.input(options)));
  }

  /** A pick step of a multi-step input: the item chosen, or BACK. */
  async pickStep<T extends vscode.QuickPickItem>(
    items: readonly T[],
    options: vscode.QuickPickOptions & StepOptions & { active?: T },
  ): Promise<T | typeof BACK> {
    const prompter = this.current;
    return required(await (prompter.pickStep ? prompter.pickStep(items, options) : prompter.pick(items, options)));
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

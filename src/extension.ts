/** activate(): construct, register, return. No logic here; every piece is built from its own module. */
import * as vscode from 'vscode';
import { ProfileStore } from './auth/profileStore';
import { secretUseText } from './auth/secretBinding';
import { WorkspaceSettingsNotice } from './auth/workspaceSettingsNotice';
import { ProfileCommands } from './commands/profiles';
import { Prompts } from './commands/prompts';
import { SearchCommands, registerSearchCommands } from './commands/search';
import { TransferCommands } from './commands/transfers';
import { Log } from './log';
import { ManageCommands } from './commands/manage';
import { Redactor } from './openstack/redact';
import { registerDocumentsAndCommands } from './inspection';
import { StorageTree, createStorageTreeView, profileNodeOf } from './views';

/** What the extension hands to its own in-editor test suite (and nothing else relies on). */
export interface ExtensionApi {
  store: ProfileStore;
  prompts: Prompts;
  tree: StorageTree;
  redactor: Redactor;
  log: Log;
  search: SearchCommands;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const redactor = new Redactor();
  const channel = vscode.window.createOutputChannel('OpenStack Storage', { log: true });
  const log = new Log(channel, redactor);
  const prompts = new Prompts();
  const confirmSecretUse = (question: Parameters<typeof secretUseText>[0]) => {
    const { message, detail, action } = secretUseText(question);
    return prompts.confirm(message, detail, action);
  };
  const store = new ProfileStore(context.secrets, redactor, log, process.env, confirmSecretUse);
  const workspaceSettings = new WorkspaceSettingsNotice(context.workspaceState, log);
  void workspaceSettings.check();
  context.subscriptions.push(channel, store, workspaceSettings);

  const updateContextKeys = () => void vscode.commands.executeCommand('setContext', 'openstackStorage.hasProfiles', store.list().length > 0);
  updateContextKeys();
  context.subscriptions.push(store.onDidChange(updateContextKeys));

  new ProfileCommands(store, prompts, log).register(context);
  const { tree, view } = createStorageTreeView(context, store, log, prompts);
  const { statusBar } = registerDocumentsAndCommands(context, store, prompts, log);
  const search = registerSearchCommands(context, store, prompts, tree, view, log);
  new ManageCommands(store, prompts, tree, log).register(context);
  new TransferCommands(store, prompts, tree, log).register(context);
  context.subscriptions.push(
    view.onDidChangeSelection((e) => e.selection[0] && statusBar.setActiveProfile(profileNodeOf(e.selection[0]).profileId)),
  );
  return { store, prompts, tree, redactor, log, search };
}

export function deactivate(): void {}

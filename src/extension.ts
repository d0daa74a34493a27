/** activate(): construct, register, return. No logic here; every piece is built from its own module. */
import { askOneTimeCodeWith } from './ui/oneTimeCode';
import * as vscode from 'vscode';
import * as l10n from '@vscode/l10n';
import { ProfileStore } from './auth/profileStore';
import { type SecretUseQuestion, secretUseText } from './auth/secretBinding';
import { WorkspaceSettingsNotice } from './auth/workspaceSettingsNotice';
import { AccessCommands } from './commands/access';
import { ClipboardCommands } from './commands/clipboard';
import { ManageCommands } from './commands/manage';
import { NetworkCommands } from './commands/network';
import { ObjectCommands } from './commands/objects';
import { ProfileCommands } from './commands/profiles';
import { SearchCommands } from './commands/search';
import { TokenCommands } from './commands/tokens';
import { DeliveryCommands } from './commands/delivery';
import { SyncCommands } from './commands/sync';
import { TransferCommands } from './commands/transfers';
import { TerminalCommands } from './commands/terminal';
import { BrowserOpener, PlaceCommands } from './commands/places';
import { ExplorerUploadCommands } from './commands/explorerUpload';
import { MetadataDocuments } from './documents/metadataDocument';
import { TokenDocuments } from './documents/tokenDocument';
import { Log } from './log';
import { registerObjectFiles } from './objectFileSystems';
import { Redactor } from './openstack/redact';
import { TokenStatusBar } from './statusBar';
import { Prompts } from './ui/prompts';
import { registerCommands } from './ui/run';
import { StorageTree, createStorageTreeView, profileNodeOf, treeCommands } from './views';

/** What the extension hands to its own in-editor test suite (and nothing else relies on). */
export interface ExtensionApi {
  store: ProfileStore;
  prompts: Prompts;
  tree: StorageTree;
  redactor: Redactor;
  log: Log;
  search: SearchCommands;
  browser: BrowserOpener;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  // Code that cannot import vscode (src/openstack/, the pure wording modules) translates through @vscode/l10n:
  // it gets the editor's bundle for the display language (undefined in English, whose strings are the keys).
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const redactor = new Redactor();
  const channel = vscode.window.createOutputChannel('OpenStack Storage', { log: true });
  const log = new Log(channel, redactor);
  const prompts = new Prompts();
  const confirmSecretUse = (question: SecretUseQuestion) => {
    const { message, detail, action } = secretUseText(question);
    return prompts.confirm(message, detail, action);
  };
  const store = new ProfileStore(context.secrets, redactor, log, process.env, confirmSecretUse, askOneTimeCodeWith(prompts));
  const workspaceSettings = new WorkspaceSettingsNotice(context.workspaceState, log);
  void workspaceSettings.check();
  context.subscriptions.push(channel, store, workspaceSettings);

  const updateContextKeys = () => void vscode.commands.executeCommand('setContext', 'openstackStorage.hasProfiles', store.list().length > 0);
  updateContextKeys();
  context.subscriptions.push(store.onDidChange(updateContextKeys));

  // The views and documents, then every command from one table.
  const { tree, view } = createStorageTreeView(context, store, log);
  const statusBar = new TokenStatusBar(store, context.globalState);
  const tokenDocuments = new TokenDocuments(store);
  const metadata = new MetadataDocuments(store);
  // A listing does not carry X-Delete-At: an object's tooltip shows the expiry once a HEAD read it.
  context.subscriptions.push(metadata.onDidReadObject(({ location, deleteAt }) => tree.noteExpiry(location, deleteAt)));
  const files = registerObjectFiles(context, store, prompts, log);
  const search = new SearchCommands(store, prompts, tree, view);
  context.subscriptions.push(statusBar, tokenDocuments, metadata, search);
  const used = (profileId: string) => statusBar.setActiveProfile(profileId);
  const transfers = new TransferCommands(store, prompts, tree, log);
  const browser = new BrowserOpener();
  registerCommands(context, log, [
    ...new ProfileCommands(store, prompts, log).commands(),
    ...new NetworkCommands(store, prompts).commands(),
    ...treeCommands(prompts, tree, view),
    ...new TokenCommands(store, prompts, tokenDocuments, used, log).commands(),
    ...new ObjectCommands(metadata, files, used).commands(),
    ...new ClipboardCommands(store, prompts, used, context.globalState).commands(),
    ...new AccessCommands(store, prompts, metadata, files).commands(),
    ...search.commands(),
    ...new ManageCommands(store, prompts, tree, log).commands(),
    ...transfers.commands(),
    ...new TerminalCommands(store, prompts, used).commands(),
    ...new PlaceCommands(store, prompts, tree, view, files, browser, used).commands(),
    ...new ExplorerUploadCommands(store, prompts, transfers).commands(),
    ...new SyncCommands(store, prompts, tree, context.workspaceState, log).commands(),
    ...new DeliveryCommands(store, prompts, tree).commands(),
  ]);
  context.subscriptions.push(view.onDidChangeSelection((e) => e.selection[0] && statusBar.setActiveProfile(profileNodeOf(e.selection[0]).profileId)));
  return { store, prompts, tree, redactor, log, search, browser };
}

export function deactivate(): void {}

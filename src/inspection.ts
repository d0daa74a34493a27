/**
 * Wires the inspection features: the read-only documents (token details, metadata), the object file systems, their
 * commands (tokens, objects, clipboard) and the token status bar item. extension.ts calls this once.
 */
import type * as vscode from 'vscode';
import type { ProfileStore } from './auth/profileStore';
import type { Log } from './log';
import type { Prompts } from './commands/prompts';
import { AccessCommands } from './commands/access';
import { ClipboardCommands } from './commands/clipboard';
import { ObjectCommands } from './commands/objects';
import { TokenCommands } from './commands/tokens';
import { MetadataDocuments } from './documents/metadataDocument';
import { TokenDocuments } from './documents/tokenDocument';
import { registerObjectFiles } from './files';
import { TokenStatusBar } from './statusBar';

export interface Inspection {
  /** Call with the profile the user selects in the tree, so the status bar follows it. */
  statusBar: TokenStatusBar;
}

export function registerDocumentsAndCommands(context: vscode.ExtensionContext, store: ProfileStore, prompts: Prompts, log: Log): Inspection {
  const statusBar = new TokenStatusBar(store, context.globalState);
  const tokens = new TokenDocuments(store);
  const metadata = new MetadataDocuments(store);
  const files = registerObjectFiles(context, store, prompts, log);
  context.subscriptions.push(statusBar, tokens, metadata);
  const used = (profileId: string) => statusBar.setActiveProfile(profileId);
  new TokenCommands(store, prompts, tokens, used, log).register(context);
  new ObjectCommands(prompts, metadata, files, used, log).register(context);
  new ClipboardCommands(store, prompts, used, log).register(context);
  new AccessCommands(store, prompts, metadata, files, log).register(context);
  return { statusBar };
}

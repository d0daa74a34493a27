/** Registers the `swift:` (editable) and `swift-readonly:` file systems; both share one ObjectFiles. */
import * as vscode from 'vscode';
import type { ProfileStore } from '../auth/profileStore';
import type { Prompts } from '../ui/prompts';
import type { Log } from '../log';
import { ObjectFiles } from './objectFiles';
import { ObjectFileSystem } from './objectFileSystem';
import { EDIT_SCHEME, READONLY_SCHEME } from '../location';

export { ObjectFiles } from './objectFiles';
export { EDIT_SCHEME, READONLY_SCHEME } from '../location';

export function registerObjectFiles(context: vscode.ExtensionContext, store: ProfileStore, prompts: Prompts, log: Log): ObjectFiles {
  const files = new ObjectFiles(store, prompts, log);
  context.subscriptions.push(
    files,
    vscode.workspace.registerFileSystemProvider(EDIT_SCHEME, new ObjectFileSystem(files, false, EDIT_SCHEME), { isCaseSensitive: true }),
    vscode.workspace.registerFileSystemProvider(READONLY_SCHEME, new ObjectFileSystem(files, true, READONLY_SCHEME), {
      isCaseSensitive: true,
      isReadonly: true,
    }),
  );
  return files;
}

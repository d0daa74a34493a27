/**
 * Tells the user, once per workspace, that the workspace's own values of the user-only settings are
 * ignored. The values never take effect (profileStore.ts reads the user's settings only); this is only
 * so that a repository that tries is not silently half-obeyed in the user's mind.
 */
import * as vscode from 'vscode';
import type { Log } from '../log';
import { USER_ONLY_SETTINGS, userOnlySettingsIn, workspaceLayersSetting } from './userSettings';

/** Workspace state: the settings already told about in this workspace. */
const SHOWN_KEY = 'openstackStorage.ignoredWorkspaceSettingsShown';

/** The user-only settings that this window's workspace sets (in any of its folders or its workspace file). */
export async function ignoredWorkspaceSettings(): Promise<string[]> {
  const found = new Set<string>();
  const folders = vscode.workspace.workspaceFolders ?? [];
  for (const key of USER_ONLY_SETTINGS) {
    const scopes = [undefined, ...folders.map((f) => f.uri)];
    if (scopes.some((scope) => workspaceLayersSetting(vscode.workspace.getConfiguration(undefined, scope).inspect(key)).length > 0)) found.add(key);
  }
  // The editor drops application-scoped values of workspace files before the API sees them: read the files.
  const files = folders.map((f) => ({ uri: vscode.Uri.joinPath(f.uri, '.vscode', 'settings.json'), inWorkspaceFile: false }));
  const workspaceFile = vscode.workspace.workspaceFile;
  if (workspaceFile && workspaceFile.scheme !== 'untitled') files.push({ uri: workspaceFile, inWorkspaceFile: true });
  for (const file of files) {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file.uri));
    } catch {
      continue; // no such file
    }
    for (const key of userOnlySettingsIn(text, file.inWorkspaceFile)) found.add(key);
  }
  return [...found].sort();
}

export class WorkspaceSettingsNotice implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** Checks run one after another, so two events in a row show one message. */
  private checking: Promise<void> = Promise.resolve();

  constructor(
    private readonly state: vscode.Memento,
    private readonly log: Log,
  ) {
    const recheck = () => void this.check();
    const watcher = vscode.workspace.createFileSystemWatcher('**/.vscode/settings.json');
    this.disposables.push(
      watcher,
      watcher.onDidCreate(recheck),
      watcher.onDidChange(recheck),
      vscode.workspace.onDidChangeWorkspaceFolders(recheck),
      vscode.workspace.onDidChangeConfiguration((e) => USER_ONLY_SETTINGS.some((key) => e.affectsConfiguration(key)) && recheck()),
    );
  }

  /** Logs every ignored setting; shows a message for those this workspace has not been told about. */
  check(): Promise<void> {
    this.checking = this.checking.then(() => this.checkNow()).catch((e: unknown) => this.log.warn(`Checking the workspace's settings: ${String(e)}`));
    return this.checking;
  }

  private async checkNow(): Promise<void> {
    const keys = await ignoredWorkspaceSettings();
    if (!keys.length) return;
    const list = keys.join(', ');
    this.log.warn(`This workspace's settings set ${list}: ignored (read from the user's own settings only).`);
    const shown = this.state.get<string[]>(SHOWN_KEY, []);
    if (keys.every((key) => shown.includes(key))) return;
    await this.state.update(SHOWN_KEY, [...new Set([...shown, ...keys])].sort());
    const open = vscode.l10n.t('Open Workspace Settings');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t(
        "This workspace's settings set {0}. OpenStack Storage ignores them: where your passwords and tokens are sent, and how certificates are checked, come only from your own user settings.",
        list,
      ),
      open,
    );
    if (choice === open) await vscode.commands.executeCommand('workbench.action.openWorkspaceSettingsFile');
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

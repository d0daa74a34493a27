/**
 * When a virtual document is really gone from the user's view: its last tab closed. Used instead of
 * onDidCloseTextDocument, which also fires when a document's language changes (the editor closes and
 * reopens it) and only some time after its tab closed.
 */
import * as vscode from 'vscode';

/** Calls `closed` with each URI of `scheme` whose last tab (in any group) was just closed. */
export function onLastTabClosed(scheme: string, closed: (uri: vscode.Uri) => void): vscode.Disposable {
  return vscode.window.tabGroups.onDidChangeTabs((e) => {
    for (const tab of e.closed) {
      if (!(tab.input instanceof vscode.TabInputText) || tab.input.uri.scheme !== scheme) continue;
      const uri = tab.input.uri;
      if (!isInAnyTab(uri)) closed(uri);
    }
  });
}

function isInAnyTab(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === key));
}

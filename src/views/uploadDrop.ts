/**
 * Files and folders dropped on a container or folder of the storage tree (from the Explorer or the OS) are
 * uploaded there: the drop's `text/uri-list` (or, for OS files the editor exposes without a path, their bytes,
 * staged in a temp folder) becomes local paths handed to the upload command (commands/transfers.ts).
 * Rows of the tree dragged onto a container or folder are copied there on the server (commands/copyMove.ts);
 * dragged out, objects carry their `swift:` URIs, which the Explorer copies (a download through the object file
 * system) and the editor opens.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { commandId } from '../ui/commandIds';
import { EDIT_SCHEME, toUriParts } from '../location';
import { isObjectListingNode, type StorageNode } from './nodes';

/** `file:` (and remote-file) URIs of a text/uri-list, comments and blank lines left out. */
export function pathsOfUriList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => vscode.Uri.parse(line, true))
    .filter((uri) => uri.scheme === 'file' || uri.scheme === 'vscode-remote')
    .map((uri) => uri.fsPath);
}

/** The MIME type VS Code gives rows dragged within the view (its id in lower case). */
export const TREE_ROWS_MIME = 'application/vnd.code.tree.openstackstorage.explorer';

/** The `swift:` URIs of the objects among dragged rows (folders and containers have no file to copy). */
export function draggedObjectUris(nodes: readonly StorageNode[]): vscode.Uri[] {
  return nodes.filter((n) => n.kind === 'object').map((n) => vscode.Uri.from({ scheme: EDIT_SCHEME, ...toUriParts(n.location) }));
}

export class UploadDropController implements vscode.TreeDragAndDropController<StorageNode> {
  readonly dropMimeTypes = [TREE_ROWS_MIME, 'text/uri-list', 'files'];
  readonly dragMimeTypes = ['text/uri-list'];

  handleDrag(source: readonly StorageNode[], data: vscode.DataTransfer): void {
    const uris = draggedObjectUris(source);
    if (uris.length) data.set('text/uri-list', new vscode.DataTransferItem(uris.map((u) => u.toString()).join('\r\n')));
  }

  async handleDrop(target: StorageNode | undefined, data: vscode.DataTransfer, token: vscode.CancellationToken): Promise<void> {
    if (!target || !isObjectListingNode(target)) return;
    const rows = data.get(TREE_ROWS_MIME)?.value as StorageNode[] | undefined;
    if (Array.isArray(rows)) {
      const items = rows.filter((n) => (n.kind === 'object' || n.kind === 'folder') && n !== target);
      if (items.length && !token.isCancellationRequested) await vscode.commands.executeCommand(commandId('copyDropped'), items, target);
      return;
    }
    const list = data.get('text/uri-list');
    const paths = list ? pathsOfUriList(await list.asString()) : [];
    let staged: string | undefined;
    if (!paths.length) {
      // OS files in a browser have no path on the extension host's machine: their bytes are staged first.
      for (const [, item] of data) {
        const file = item.asFile();
        if (!file || token.isCancellationRequested) continue;
        if (file.uri?.scheme === 'file') paths.push(file.uri.fsPath);
        else {
          staged ??= await mkdtemp(join(tmpdir(), 'openstack-drop-'));
          const path = join(staged, basename(file.name) || 'dropped');
          await writeFile(path, await file.data());
          paths.push(path);
        }
      }
    }
    try {
      if (paths.length && !token.isCancellationRequested) await vscode.commands.executeCommand(commandId('uploadPaths'), target, paths);
    } finally {
      if (staged) await rm(staged, { recursive: true, force: true });
    }
  }
}

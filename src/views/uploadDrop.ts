/**
 * Files and folders dropped on a container or folder of the storage tree (from the Explorer or the OS) are
 * uploaded there: the drop's `text/uri-list` (or, for OS files the editor exposes without a path, their bytes,
 * staged in a temp folder) becomes local paths handed to the upload command (commands/transfers.ts).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { commandId } from '../ui/commandIds';
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

export class UploadDropController implements vscode.TreeDragAndDropController<StorageNode> {
  readonly dropMimeTypes = ['text/uri-list', 'files'];
  readonly dragMimeTypes: string[] = [];

  async handleDrop(target: StorageNode | undefined, data: vscode.DataTransfer, token: vscode.CancellationToken): Promise<void> {
    if (!target || !isObjectListingNode(target)) return;
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

/**
 * The explorer view and its own commands: refresh, load more, retry, filter by prefix, clear filter. Every
 * command goes through run.ts's registerCommand (one message per failure, a cancel is silence).
 */
import * as vscode from 'vscode';
import type { ProfileStore } from '../auth/profileStore';
import type { Prompts } from '../commands/prompts';
import { registerCommand } from '../commands/run';
import type { Log } from '../log';
import { visibleName } from './format';
import { DEFAULT_PAGE_SIZE } from './model';
import { ObjectListingNode, StorageNode, isObjectListingNode, isStorageNode } from './nodes';
import { StorageTree } from './storageTree';
import { UploadDropController } from './uploadDrop';

export const VIEW_ID = 'openstackStorage.explorer';

/** Creates the explorer's tree, its view and its commands; everything is disposed with the extension. */
export function createStorageTreeView(
  context: vscode.ExtensionContext,
  store: ProfileStore,
  log: Log,
  prompts: Prompts,
): { tree: StorageTree; view: vscode.TreeView<StorageNode> } {
  const tree = new StorageTree(store, log, {
    pageSize: () => vscode.workspace.getConfiguration('openstackStorage').get<number>('listing.pageSize', DEFAULT_PAGE_SIZE),
  });
  const view = vscode.window.createTreeView(VIEW_ID, {
    treeDataProvider: tree,
    showCollapseAll: true,
    canSelectMany: true,
    dragAndDropController: new UploadDropController(),
  });
  context.subscriptions.push(tree, view);
  registerTreeCommands(context, log, prompts, tree, view);
  return { tree, view };
}

export function registerTreeCommands(
  context: vscode.ExtensionContext,
  log: Log,
  prompts: Prompts,
  tree: StorageTree,
  treeView: vscode.TreeView<StorageNode>,
): void {
  // From the view title: no argument, refresh everything. From an item: that item (or the selection).
  registerCommand(context, log, 'openstackStorage.refresh', async (node?: unknown, selected?: unknown) => {
    const nodes = Array.isArray(selected) && selected.length ? selected.filter(isStorageNode) : isStorageNode(node) ? [node] : [];
    if (!nodes.length) return tree.refresh();
    await Promise.all(nodes.map((n) => tree.refresh(n)));
  }, 'Refresh');

  registerCommand(context, log, 'openstackStorage.loadMore', async (node?: unknown) => {
    if (isStorageNode(node)) await tree.loadMore(node);
  }, 'Loading more');

  registerCommand(context, log, 'openstackStorage.retry', async (node?: unknown) => {
    if (isStorageNode(node)) await tree.retry(node);
  }, 'Retry');

  registerCommand(context, log, 'openstackStorage.filterByPrefix', async (arg?: unknown) => {
    const node = objectListingTarget(arg, treeView);
    if (!node) return;
    const what = node.kind === 'container' ? `container ${visibleName(node.container)}` : `folder ${visibleName(node.prefix)}`;
    const filter = await prompts.current.input({
      title: `Filter ${what} by Prefix`,
      prompt:
        node.kind === 'folder'
          ? 'Show the names in this folder that start with this text (after the folder\'s own prefix). Empty shows all.'
          : 'Show the names that start with this text. Empty shows all.',
      placeHolder: 'e.g. 2024-05',
      value: node.filter ?? '',
    });
    if (filter === undefined) return; // dismissed
    tree.setFilter(node, filter);
    await expand(treeView, node);
  }, 'Filter by prefix');

  registerCommand(context, log, 'openstackStorage.clearFilter', (arg?: unknown) => {
    const node = objectListingTarget(arg, treeView);
    if (node) tree.setFilter(node, undefined);
  }, 'Clear filter');
}

/** The container or folder a command is for: its argument, else the view's selection. */
function objectListingTarget(arg: unknown, treeView: vscode.TreeView<StorageNode>): ObjectListingNode | undefined {
  const node = isStorageNode(arg) ? arg : treeView.selection[0];
  return node && isObjectListingNode(node) ? node : undefined;
}

/** Expands a node so a new filter's result shows at once. */
async function expand(treeView: vscode.TreeView<StorageNode>, node: StorageNode): Promise<void> {
  try {
    await treeView.reveal(node, { expand: true, select: false, focus: false });
  } catch {
    // The node is no longer in the tree (a parent was refreshed meanwhile): nothing to expand.
  }
}

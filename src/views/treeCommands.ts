/**
 * The explorer view and its own commands (refresh, load more, retry, filter by prefix, clear filter), given
 * to the command table like every feature's.
 */
import * as vscode from 'vscode';
import type { ProfileStore } from '../auth/profileStore';
import type { Prompts } from '../ui/prompts';
import type { CommandEntry } from '../ui/run';
import type { Log } from '../log';
import { visibleName } from '../ui/format';
import { DEFAULT_PAGE_SIZE } from './model';
import { ObjectListingNode, StorageNode, isObjectListingNode, isStorageNode } from './nodes';
import { StorageTree } from './storageTree';
import { UploadDropController } from './uploadDrop';

export { VIEW_ID } from '../ui/commandIds';
import { VIEW_ID } from '../ui/commandIds';

/** Creates the explorer's tree and its view; both are disposed with the extension. */
export function createStorageTreeView(
  context: vscode.ExtensionContext,
  store: ProfileStore,
  log: Log,
): { tree: StorageTree; view: vscode.TreeView<StorageNode> } {
  const tree = new StorageTree(store, log, {
    pageSize: () => vscode.workspace.getConfiguration('openstackStorage').get<number>('listing.pageSize', DEFAULT_PAGE_SIZE),
  });
  const view = vscode.window.createTreeView(VIEW_ID, {
    treeDataProvider: tree.forEditor(),
    showCollapseAll: true,
    canSelectMany: true,
    dragAndDropController: new UploadDropController(),
  });
  context.subscriptions.push(tree, view);
  return { tree, view };
}

/** The tree's own commands, as rows of the command table. */
export function treeCommands(prompts: Prompts, tree: StorageTree, treeView: vscode.TreeView<StorageNode>): CommandEntry[] {
  // From the view title: no argument, refresh everything. From an item: that item (or the selection).
  const refresh = async (node?: unknown, selected?: unknown) => {
    const nodes = Array.isArray(selected) && selected.length ? selected.filter(isStorageNode) : isStorageNode(node) ? [node] : [];
    if (!nodes.length) return tree.refresh();
    await Promise.all(nodes.map((n) => tree.refresh(n)));
  };
  const filterByPrefix = async (arg?: unknown) => {
    const node = objectListingTarget(arg, treeView);
    if (!node) return;
    const filter = await prompts.current.input({
      title:
        node.kind === 'container'
          ? vscode.l10n.t('Filter container {0} by Prefix', visibleName(node.container))
          : vscode.l10n.t('Filter folder {0} by Prefix', visibleName(node.prefix)),
      prompt:
        node.kind === 'folder'
          ? vscode.l10n.t("Show the names in this folder that start with this text (after the folder's own prefix). Empty shows all.")
          : vscode.l10n.t('Show the names that start with this text. Empty shows all.'),
      placeHolder: vscode.l10n.t('e.g. 2024-05'),
      value: node.filter ?? '',
    });
    if (filter === undefined) return; // dismissed
    tree.setFilter(node, filter);
    await expand(treeView, node);
  };
  return [
    { id: 'refresh', run: refresh, doing: vscode.l10n.t('Refresh') },
    { id: 'loadMore', run: async (node?: unknown) => isStorageNode(node) && (await tree.loadMore(node)), doing: vscode.l10n.t('Loading more') },
    { id: 'retry', run: async (node?: unknown) => isStorageNode(node) && (await tree.retry(node)), doing: vscode.l10n.t('Retry') },
    { id: 'filterByPrefix', run: filterByPrefix, doing: vscode.l10n.t('Filter by prefix') },
    {
      id: 'clearFilter',
      run: (arg?: unknown) => {
        const node = objectListingTarget(arg, treeView);
        if (node) tree.setFilter(node, undefined);
      },
      doing: vscode.l10n.t('Clear filter'),
    },
  ];
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

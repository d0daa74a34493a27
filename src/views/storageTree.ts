/**
 * The explorer's TreeDataProvider: a thin adapter from the pure model (model.ts) and its item views
 * (presentation.ts) to VS Code. It fires change events for exactly the node that changed, so refreshing or
 * paging one container never reloads the rest of the tree.
 */
import * as vscode from 'vscode';
import type { ProfileStore } from '../auth/profileStore';
import { logMessage, userMessage } from '../ui/run';
import type { Log } from '../log';
import { locateObject } from './locate';
import type { ObjectLocation } from '../location';
import { ChildrenRequests } from './childrenRequests';
import { StorageTreeModel } from './model';
import { ListingNode, ObjectListingNode, ObjectNode, StorageNode, isListingNode } from './nodes';
import { ItemView, itemView, listingDescription } from './presentation';

export interface StorageTreeOptions {
  /** Entries per listing page (the `openstackStorage.listing.pageSize` setting). */
  pageSize: () => number;
}

export class StorageTree implements vscode.TreeDataProvider<StorageNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<StorageNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly model: StorageTreeModel;
  private readonly disposables: vscode.Disposable[];
  /** Expiries learned by this window (HEAD of Show Metadata, Set Expiry…), by object; null: none. */
  private readonly expiries = new Map<string, Date | null>();
  /** getChildren calls in flight, so that an answer VS Code would register under a node it forgot is dropped. */
  private readonly requests: ChildrenRequests<StorageNode>;

  constructor(store: ProfileStore, log: Log, options: StorageTreeOptions) {
    this.model = new StorageTreeModel(store, {
      pageSize: options.pageSize,
      // Failures show as error items in the tree; the log keeps one line each instead of a notification.
      onLoadError: (node, error) => log.warn(`Listing ${listingDescription(node)} failed: ${logMessage(error)}`),
    });
    this.requests = new ChildrenRequests((node) =>
      log.debug(`Tree: the editor redrew ${node && isListingNode(node) ? listingDescription(node) : 'the tree'} while listing it; that answer is dropped`),
    );
    this.disposables = [
      this.changed,
      store.onDidChange(() => void this.refresh()),
      store.onDidChangeToken(({ profileId, token }) => {
        for (const node of this.model.tokenChanged(profileId, token)) this.changed.fire(node);
      }),
    ];
  }

  getTreeItem(node: StorageNode): vscode.TreeItem {
    if (node.kind === 'object' && node.deleteAt === undefined) node.deleteAt = this.expiries.get(objectKey(node.location));
    return toTreeItem(
      node,
      itemView(node, (error) => userMessage(error)),
    );
  }

  getChildren(node?: StorageNode): Promise<StorageNode[]> {
    return this.model.children(node);
  }

  getParent(node: StorageNode): StorageNode | undefined {
    return this.model.parent(node);
  }

  /**
   * The provider the view is given: this tree, with the editor's own requests for children tracked so that a
   * late answer VS Code would register under a node it forgot is dropped (childrenRequests.ts). Calls from
   * commands and tests go to the tree itself and never count as the editor forgetting a node.
   */
  forEditor(): vscode.TreeDataProvider<StorageNode> {
    return {
      onDidChangeTreeData: this.onDidChangeTreeData,
      getTreeItem: (node) => {
        this.requests.forgetting(node); // asked when VS Code redraws the node, right after it forgot what is under it
        return this.getTreeItem(node);
      },
      getChildren: (node) => this.requests.answer(node, () => this.getChildren(node)),
      getParent: (node) => this.getParent(node),
    };
  }

  /**
   * Lists a node again from its first page (an object or message: the listing it belongs to) and redraws
   * just that node. Without a node, everything is read again, profiles included.
   */
  async refresh(node?: StorageNode): Promise<void> {
    if (!node) {
      this.model.refreshAll();
      this.changed.fire(undefined);
      return;
    }
    const target = isListingNode(node) ? node : node.parent;
    await this.model.refresh(target);
    this.changed.fire(target);
  }

  /** Lists a profile again (e.g. after signing out or editing it); nothing when the tree does not show it. */
  async refreshProfile(profileId: string): Promise<void> {
    const node = this.model.profileNode(profileId);
    if (node) await this.refresh(node);
  }

  /** Lists again the loaded nodes `match` selects (outermost only: refreshing a node re-lists what is under it). */
  async refreshWhere(match: (node: ListingNode) => boolean): Promise<void> {
    const hits = this.model.loadedListingNodes().filter(match);
    const outermost = hits.filter((n) => !hits.some((o) => o !== n && isAncestor(o, n)));
    await Promise.all(outermost.map((n) => this.refresh(n)));
  }

  /** Appends the next page of the listing a "Load more…" item (or a listing node) belongs to. */
  async loadMore(node: StorageNode): Promise<void> {
    const owner = isListingNode(node) ? node : node.kind === 'loadMore' ? node.parent : undefined;
    if (!owner) return;
    const loading = this.model.loadMore(owner);
    this.changed.fire(owner); // shows "Loading more…" in place of "Load more…" meanwhile
    await loading;
    this.changed.fire(owner);
  }

  /** Retries what an error item reports: the first page again, or the page after those already shown. */
  async retry(node: StorageNode): Promise<void> {
    if (node.kind !== 'error') return this.refresh(node);
    const owner = node.parent;
    return owner.listing.items.length ? this.loadMore(owner) : this.refresh(owner);
  }

  /** Shows only names starting with `filter` (relative to the node); undefined or '' shows all again. */
  setFilter(node: ObjectListingNode, filter: string | undefined): void {
    this.model.setFilter(node, filter);
    this.changed.fire(node);
  }

  /** The node showing an object, loading pages or narrowing listings on the way (see locate.ts), for reveal. */
  async locateObject(target: ObjectLocation): Promise<ObjectNode> {
    const { node, changed } = await locateObject(this.model, target);
    for (const listing of changed) this.changed.fire(listing);
    return node;
  }

  /**
   * Records an object's expiry (X-Delete-At; null: none) learned from a HEAD or a change this extension made, and
   * redraws the rows showing that object, whose tooltip then says it.
   */
  noteExpiry(target: ObjectLocation, deleteAt: Date | null): void {
    const key = objectKey(target);
    this.expiries.set(key, deleteAt);
    for (const listing of this.model.loadedListingNodes())
      for (const node of listing.listing.items)
        if (node.kind === 'object' && objectKey(node.location) === key) {
          node.deleteAt = deleteAt;
          this.changed.fire(node);
        }
  }

  dispose(): void {
    this.model.refreshAll(); // cancels listings in flight
    for (const d of this.disposables) d.dispose();
  }
}

function objectKey(o: ObjectLocation): string {
  return JSON.stringify([o.profileId, o.region, o.container, o.object]);
}

function isAncestor(ancestor: StorageNode, node: StorageNode): boolean {
  for (let p = node.parent; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

function toTreeItem(node: StorageNode, view: ItemView): vscode.TreeItem {
  const item = new vscode.TreeItem(view.label, view.collapsible ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = view.id;
  item.description = view.description;
  item.tooltip = view.tooltip;
  item.contextValue = view.contextValue;
  item.iconPath = new vscode.ThemeIcon(view.icon, view.iconColor ? new vscode.ThemeColor(view.iconColor) : undefined);
  if (view.command) item.command = { command: view.command.id, title: view.command.title, arguments: [node] };
  return item;
}

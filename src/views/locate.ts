/**
 * Finds (or makes) the tree node of an object, so that `TreeView.reveal` can show it: the profile, its region, the
 * container, each pseudo-folder down to the object. At each level the node is looked for in what is loaded, then in
 * a few more pages (listings are in name order, so loading stops once past the name); when it is further away, the
 * level is narrowed with the tree's own prefix filter (the user sees it, and Clear Filter undoes it). Pure: no
 * `vscode` import; the tree (storageTree.ts) redraws the nodes reported as changed.
 */
import * as l10n from '@vscode/l10n';
import { compareNames } from '../openstack/swift/listing';
import { visibleName } from '../ui/format';
import { ContainerNode, FolderNode, ListingNode, ObjectListingNode, ObjectNode, ProfileNode, RegionNode, StorageNode } from './nodes';
import type { ObjectLocation } from '../location';

/** What locating needs of the tree model (StorageTreeModel has it). */
export interface LocateModel {
  children(node?: StorageNode): Promise<StorageNode[]>;
  loadMore(node: ListingNode): Promise<void>;
  setFilter(node: ObjectListingNode, filter: string | undefined): void;
}

/** Pages loaded at one level, after the first, before narrowing it with a filter. */
export const PAGES_BEFORE_FILTER = 3;
/** Container listings cannot be filtered: they are paged through, up to this many pages. */
const MAX_CONTAINER_PAGES = 200;

/**
 * The node showing the object: always an ObjectNode (a name ending with `/` is the first row inside the folder of
 * that name). `changed` is told of every listing node whose children changed, once each, in tree order.
 */
export async function locateObject(model: LocateModel, target: ObjectLocation): Promise<{ node: ObjectNode; changed: ListingNode[] }> {
  const changed: ListingNode[] = [];
  const touch = (node: ListingNode) => {
    if (!changed.includes(node)) changed.push(node);
  };
  const roots = await model.children();
  const profile = roots.find((n): n is ProfileNode => n.kind === 'profile' && n.profileId === target.profileId);
  if (!profile) throw new Error(l10n.t('The profile of this object is no longer in the OpenStack Storage view.'));
  const top = await childrenOrThrow(model, profile);
  let regionNode: ProfileNode | RegionNode = profile;
  if (top.some((n) => n.kind === 'region')) {
    const region = top.find((n): n is RegionNode => n.kind === 'region' && n.region === target.region);
    if (!region) throw new Error(l10n.t("Region {0} is not in the profile's service catalog any more.", target.region));
    regionNode = region;
  }
  const isContainer = (n: StorageNode): n is ContainerNode => n.kind === 'container' && n.container === target.container;
  const container = await findChild(model, regionNode, isContainer, target.container, MAX_CONTAINER_PAGES, touch);
  if (!container) throw new Error(l10n.t('Container {0} is not in the view: refresh it and search again.', visibleName(target.container)));

  let node: ObjectListingNode = container;
  for (;;) {
    const rest: string = target.object.slice(node.prefix.length);
    // `logs/` is the first object row inside the folder `logs/` (the folder only stands for the names under it).
    const slash: number = rest === '' ? -1 : rest.indexOf('/');
    const folderPrefix: string | undefined = slash >= 0 ? node.prefix + rest.slice(0, slash + 1) : undefined;
    const key: string = folderPrefix ?? target.object;
    const match = (n: StorageNode): n is ObjectNode | FolderNode =>
      folderPrefix !== undefined ? n.kind === 'folder' && n.prefix === folderPrefix : n.kind === 'object' && n.name === target.object;
    if (node.filter !== undefined && !rest.startsWith(node.filter)) narrow(model, node, undefined, touch); // the filter hides it
    let found: ObjectNode | FolderNode | undefined = await findChild(model, node, match, key, PAGES_BEFORE_FILTER, touch);
    if (!found) {
      // Further away than a few pages: the level shows only names starting like the object's (or its folder's).
      narrow(model, node, slash >= 0 ? rest.slice(0, slash) : rest, touch);
      found = await findChild(model, node, match, key, PAGES_BEFORE_FILTER, touch);
    }
    if (!found) {
      // Thousands of names start like the folder's: the object itself, listed right under this level.
      narrow(model, node, rest, touch);
      const direct = (n: StorageNode): n is ObjectNode => n.kind === 'object' && n.name === target.object;
      const object = await findChild(model, node, direct, target.object, 0, touch);
      if (!object) throw new Error(l10n.t('Object {0} is not in container {1} (any more).', visibleName(target.object), visibleName(target.container)));
      return { node: object, changed };
    }
    if (found.kind === 'object') return { node: found, changed };
    node = found;
  }
}

function narrow(model: LocateModel, node: ObjectListingNode, filter: string | undefined, touch: (n: ListingNode) => void): void {
  model.setFilter(node, filter);
  touch(node);
}

async function childrenOrThrow(model: LocateModel, node: ListingNode): Promise<StorageNode[]> {
  const children = await model.children(node);
  const error = node.listing.error;
  if (error && !node.listing.items.length) throw error.error;
  return children;
}

/** The name a loaded child sorts by (its listing marker). */
function sortKey(node: StorageNode): string | undefined {
  switch (node.kind) {
    case 'container':
      return node.container;
    case 'folder':
      return node.prefix;
    case 'object':
      return node.name;
    default:
      return undefined;
  }
}

/** A child of `node` matching, from what is loaded and up to `morePages` further pages; stops once past `key`. */
async function findChild<T extends StorageNode>(
  model: LocateModel,
  node: ListingNode,
  match: (n: StorageNode) => n is T,
  key: string,
  morePages: number,
  touch: (n: ListingNode) => void,
): Promise<T | undefined> {
  for (let loaded = 0; ; loaded++) {
    const children = await childrenOrThrow(model, node);
    const found = children.find(match);
    if (found) return found;
    if (node.listing.error) throw node.listing.error.error;
    const keys = node.listing.items.map(sortKey).filter((k): k is string => k !== undefined);
    const last = keys[keys.length - 1];
    if (!node.listing.hasMore || loaded >= morePages || (last !== undefined && compareNames(last, key) >= 0)) return undefined;
    await model.loadMore(node);
    touch(node);
  }
}

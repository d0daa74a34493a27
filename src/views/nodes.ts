/**
 * One class per kind of tree node. Commands receive these as arguments, so each carries its `location` (the
 * one location type, src/location) and, as public readonly fields, what the tree shows of it (the listing
 * entry). Nodes that list (profile, region, container, folder) also own their `listing`: the pages loaded so
 * far and where the next one starts. Pure: no `vscode` import (the tree turns nodes into TreeItems).
 */
import type { Profile, ProfileSource } from '../auth/profile';
import type { ContainerEntry, FolderEntry, ObjectEntry } from '../openstack/swift/listing';
import type { ContainerLocation, ObjectLocation, StorageLocation } from '../location';
import { stableId } from '../ui/format';
import { PagedList, type Page } from './paging';

/** Fetches one page of a node's children; implemented by the tree model. */
export interface ChildLister {
  page(node: ListingNode, marker: string | undefined, signal: AbortSignal): Promise<Page<StorageNode>>;
}

export type StorageNode = ProfileNode | RegionNode | ContainerNode | FolderNode | ObjectNode | LoadMoreNode | ErrorNode | EmptyNode;
/** Nodes whose children are a paged listing. */
export type ListingNode = ProfileNode | RegionNode | ContainerNode | FolderNode;
/** Nodes listing objects, which can be narrowed by a name prefix. */
export type ObjectListingNode = ContainerNode | FolderNode;

function listingOf(node: ListingNode, lister: ChildLister): PagedList<StorageNode> {
  return new PagedList((marker, signal) => lister.page(node, marker, signal));
}

export class ProfileNode {
  readonly kind = 'profile';
  readonly id: string;
  readonly profileId: string;
  readonly parent = undefined;
  readonly listing: PagedList<StorageNode>;
  /** The region whose containers are listed directly here, when the catalog has only one; else undefined. */
  singleRegion: string | undefined;

  constructor(
    readonly profile: Profile,
    readonly source: ProfileSource,
    /** Why the saved settings cannot be used (empty when they can). */
    readonly problems: readonly string[],
    /** Whether the profile's secret is stored; undefined when that could not be read. Re-read on refresh. */
    public hasSecret: boolean | undefined,
    lister: ChildLister,
  ) {
    this.profileId = profile.id;
    this.id = stableId('profile', profile.id);
    this.listing = listingOf(this, lister);
  }

  /** The profile's account: in its single region when the catalog has one, else its preferred region ('' = default). */
  get location(): StorageLocation {
    return { profileId: this.profileId, region: this.singleRegion ?? this.profile.region ?? '' };
  }
}

export class RegionNode {
  readonly kind = 'region';
  readonly id: string;
  readonly profileId: string;
  readonly listing: PagedList<StorageNode>;

  constructor(
    readonly parent: ProfileNode,
    readonly region: string,
    /** The object-store endpoint the profile's interface uses in this region (from the catalog). */
    readonly endpointUrl: string | undefined,
    /** This is the profile's preferred region. */
    readonly preferred: boolean,
    lister: ChildLister,
  ) {
    this.profileId = parent.profileId;
    this.id = stableId('region', this.profileId, region);
    this.listing = listingOf(this, lister);
  }

  get location(): StorageLocation {
    return { profileId: this.profileId, region: this.region };
  }
}

export class ContainerNode {
  readonly kind = 'container';
  readonly id: string;
  readonly profileId: string;
  readonly container: string;
  /** Names listed under a container start with nothing in particular (a folder's start with its prefix). */
  readonly prefix = '';
  readonly listing: PagedList<StorageNode>;
  /** Shows only names starting with this (after `prefix`); undefined when not filtered. */
  filter: string | undefined;
  /** What a command last learnt of its access settings (a listing says nothing of them); undefined: unknown. */
  access: { publicRead: boolean; versioning?: string } | undefined;

  constructor(
    readonly parent: ProfileNode | RegionNode,
    readonly region: string,
    readonly entry: ContainerEntry,
    lister: ChildLister,
  ) {
    this.profileId = parent.profileId;
    this.container = entry.name;
    this.id = stableId('container', this.profileId, region, entry.name);
    this.listing = listingOf(this, lister);
  }

  get location(): ContainerLocation {
    return { profileId: this.profileId, region: this.region, container: this.container };
  }
}

export class FolderNode {
  readonly kind = 'folder';
  readonly id: string;
  readonly profileId: string;
  readonly region: string;
  readonly container: string;
  /** The pseudo-folder's full prefix, ending with `/` (e.g. `logs/2024/`). */
  readonly prefix: string;
  readonly listing: PagedList<StorageNode>;
  /** Shows only names starting with this (after `prefix`); undefined when not filtered. */
  filter: string | undefined;

  constructor(
    readonly parent: ObjectListingNode,
    readonly entry: FolderEntry,
    lister: ChildLister,
  ) {
    this.profileId = parent.profileId;
    this.region = parent.region;
    this.container = parent.container;
    this.prefix = entry.prefix;
    this.id = stableId('folder', this.profileId, this.region, this.container, entry.prefix);
    this.listing = listingOf(this, lister);
  }

  get location(): ContainerLocation {
    return { profileId: this.profileId, region: this.region, container: this.container, prefix: this.prefix };
  }
}

export class ObjectNode {
  readonly kind = 'object';
  readonly id: string;
  readonly profileId: string;
  readonly region: string;
  readonly container: string;
  /** The object's full name, exactly as Swift has it (the label may show it escaped). */
  readonly name: string;
  /**
   * When Swift will delete it (X-Delete-At), once known: a listing does not carry it, so it is set from a HEAD this
   * extension made (Show Metadata) or from Set Expiry…; null when known to have none, undefined when not known.
   */
  deleteAt: Date | null | undefined;

  constructor(
    readonly parent: ObjectListingNode,
    readonly entry: ObjectEntry,
  ) {
    this.profileId = parent.profileId;
    this.region = parent.region;
    this.container = parent.container;
    this.name = entry.name;
    this.id = stableId('object', this.profileId, this.region, this.container, entry.name);
  }

  get location(): ObjectLocation {
    return { profileId: this.profileId, region: this.region, container: this.container, object: this.name };
  }
}

/** "Load more…" after a listing's last shown page. */
export class LoadMoreNode {
  readonly kind = 'loadMore';
  readonly id: string;
  constructor(readonly parent: ListingNode) {
    this.id = stableId('loadMore', parent.id);
  }
}

/** Why a listing could not be loaded, in place of (or after) its children; selecting it retries. */
export class ErrorNode {
  readonly kind = 'error';
  readonly id: string;
  constructor(
    readonly parent: ListingNode,
    readonly error: unknown,
  ) {
    this.id = stableId('error', parent.id);
  }
}

/** "Empty container", "No containers", "No objects match 'abc'". */
export class EmptyNode {
  readonly kind = 'empty';
  readonly id: string;
  constructor(
    readonly parent: ListingNode,
    readonly message: string,
  ) {
    this.id = stableId('empty', parent.id);
  }
}

export function isListingNode(node: StorageNode): node is ListingNode {
  return node.kind === 'profile' || node.kind === 'region' || node.kind === 'container' || node.kind === 'folder';
}

export function isObjectListingNode(node: StorageNode): node is ObjectListingNode {
  return node.kind === 'container' || node.kind === 'folder';
}

/** The prefix names are listed with: the folder's own prefix followed by the filter. */
export function listingPrefix(node: ObjectListingNode): string {
  return node.prefix + (node.filter ?? '');
}

/** The profile a node belongs to. */
export function profileNodeOf(node: StorageNode): ProfileNode {
  let current: StorageNode = node;
  while (current.parent) current = current.parent;
  return current as ProfileNode;
}

/** Whether a command argument is a node of this tree (menus pass the node; the palette passes nothing). */
export function isStorageNode(value: unknown): value is StorageNode {
  return [ProfileNode, RegionNode, ContainerNode, FolderNode, ObjectNode, LoadMoreNode, ErrorNode, EmptyNode].some((kind) => value instanceof kind);
}

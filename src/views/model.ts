/**
 * The tree's behaviour without the editor: which children a node has, how pages load, what filters and
 * refreshes reset, what a token change recovers. The `vscode` adapter (storageTree.ts) only renders and
 * fires change events. Pure: no `vscode` import, so unit tests drive it with an in-memory Swift.
 */
import * as l10n from '@vscode/l10n';
import { storageInterface, storageRegions, storageUrlFor } from '../auth/storageEndpoint';
import type { ProfileEntry } from '../auth/profileStore';
import type { Token } from '../openstack/keystone/token';
import type { ContainerPage, ObjectPage } from '../openstack/swift/listing';
import type { ListOptions, ObjectListOptions } from '../openstack/swift/client';
import { quotedName, visibleName } from '../ui/format';
import type { Page } from './paging';
import {
  ContainerNode,
  EmptyNode,
  ErrorNode,
  FolderNode,
  ListingNode,
  LoadMoreNode,
  ObjectListingNode,
  ObjectNode,
  ProfileNode,
  RegionNode,
  StorageNode,
  isListingNode,
  listingPrefix,
} from './nodes';

/** The part of the Swift client the tree lists with. */
export interface ListingClient {
  listContainers(opts?: ListOptions): AsyncIterable<ContainerPage>;
  listObjects(container: string, opts?: ObjectListOptions): AsyncIterable<ObjectPage>;
}

/** The part of a Session the tree needs. */
export interface TreeSession {
  token(signal?: AbortSignal): Promise<Token>;
  swift(region?: string, signal?: AbortSignal): Promise<ListingClient>;
}

/** The part of the ProfileStore the tree needs. */
export interface TreeBackend {
  list(): ProfileEntry[];
  hasSecret(profileId: string): Promise<boolean>;
  /** Throws when the profile cannot be used as saved; the tree shows that under the profile. */
  session(profileId: string): TreeSession;
}

export interface TreeModelOptions {
  /** Entries per page (the `openstackStorage.listing.pageSize` setting), read at each request. */
  pageSize(): number;
  /** Told of each failed load (not of cancellations), e.g. to log it once. */
  onLoadError?(node: ListingNode, error: unknown): void;
}

export const DEFAULT_PAGE_SIZE = 500;
/** Swift answers at most this many names a request by default (container_listing_limit). */
export const MAX_PAGE_SIZE = 10_000;
export const DELIMITER = '/';

export function clampPageSize(value: number): number {
  if (!Number.isFinite(value)) return DEFAULT_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(value)));
}

/** What an empty listing says. */
export function emptyMessage(node: ListingNode): string {
  if (node.kind === 'profile' || node.kind === 'region') return l10n.t('No containers');
  if (node.filter !== undefined) return l10n.t("No objects match '{0}'", visibleName(node.filter));
  return node.kind === 'container' ? l10n.t('Empty container') : l10n.t('Empty folder');
}

/** The first page of a listing, without asking for the next one. */
async function firstPage<T>(pages: AsyncIterable<{ entries: T[]; nextMarker: string | undefined }>) {
  for await (const page of pages) return page; // leaving the loop closes the iterator: no further request
  return { entries: [] as T[], nextMarker: undefined };
}

export class StorageTreeModel {
  private profiles: Promise<ProfileNode[]> | undefined;
  private loadedProfiles: ProfileNode[] = [];
  /** Bumped by refreshAll, so a profile read still in flight cannot bring back what was forgotten. */
  private generation = 0;

  constructor(
    private readonly backend: TreeBackend,
    private readonly options: TreeModelOptions,
  ) {}

  /** Children of a node (the profiles for the root). Loads the first page the first time; a failure to list is an ErrorNode child. */
  async children(node?: StorageNode): Promise<StorageNode[]> {
    if (!node) return this.roots();
    if (!isListingNode(node)) return [];
    if (!node.listing.started) await node.listing.load();
    if (!node.listing.started) return []; // cancelled: show nothing rather than a stale or false message
    return [...node.listing.items, ...this.trailer(node)];
  }

  parent(node: StorageNode): StorageNode | undefined {
    return node.parent;
  }

  /** Loads the next page of a node's listing (or retries the one that failed). Never rejects. */
  loadMore(node: ListingNode): Promise<void> {
    return node.listing.load();
  }

  /** Forgets what a node has loaded, so it lists again from the first page; re-reads a profile's secret state. */
  async refresh(node: ListingNode): Promise<void> {
    resetDeep(node);
    if (node.kind === 'profile') {
      node.singleRegion = undefined;
      node.hasSecret = await this.hasSecret(node.profileId);
    }
  }

  /** Forgets everything: the next `children()` of the root reads the profiles again. */
  refreshAll(): void {
    for (const profile of this.loadedProfiles) resetDeep(profile);
    this.loadedProfiles = [];
    this.profiles = undefined;
    this.generation++;
  }

  /** Narrows a container or folder to names starting with `filter` (relative to it); undefined clears it. */
  setFilter(node: ObjectListingNode, filter: string | undefined): void {
    node.filter = filter === '' ? undefined : filter;
    resetDeep(node);
  }

  /**
   * A profile's token changed. A new token is a chance to recover: listings of that profile that failed
   * (e.g. with an auth error) are reset so they load again. A lost token changes nothing shown (listings
   * in flight keep going, the session re-authenticates). Returns the nodes whose listings were reset: only
   * those need re-rendering. Re-rendering a node that did not change is not free: a token usually arrives
   * while the editor is fetching the profile's children (the first expansion signs in), and VS Code, told of
   * a change to a node in the middle of that fetch, forgets it and asks again (the first answer is dropped:
   * childrenRequests.ts).
   */
  tokenChanged(profileId: string, token: Token | undefined): ListingNode[] {
    const node = this.profileNode(profileId);
    const reset: ListingNode[] = [];
    if (node && token) resetFailed(node, reset);
    return reset;
  }

  /** Every listing node loaded so far (profiles and what their listings hold), to find those a change touched. */
  loadedListingNodes(): ListingNode[] {
    const out: ListingNode[] = [];
    const walk = (node: ListingNode) => {
      out.push(node);
      for (const child of node.listing.items) if (isListingNode(child)) walk(child);
    };
    this.loadedProfiles.forEach(walk);
    return out;
  }

  /** The node of a profile, if the tree shows it. */
  profileNode(profileId: string): ProfileNode | undefined {
    return this.loadedProfiles.find((p) => p.profileId === profileId);
  }

  /** One page of a node's children: the tree's ChildLister. */
  async page(node: ListingNode, marker: string | undefined, signal: AbortSignal): Promise<Page<StorageNode>> {
    try {
      return await this.pageOnce(node, marker, signal);
    } catch (e) {
      if (!signal.aborted) this.options.onLoadError?.(node, e);
      throw e;
    }
  }

  private pageOnce(node: ListingNode, marker: string | undefined, signal: AbortSignal): Promise<Page<StorageNode>> {
    switch (node.kind) {
      case 'profile':
        return this.profilePage(node, marker, signal);
      case 'region':
        return this.containerPage(node, node.region, marker, signal);
      default:
        return this.objectPage(node, marker, signal);
    }
  }

  private roots(): Promise<ProfileNode[]> {
    this.profiles ??= this.readProfiles().catch((e: unknown) => {
      this.profiles = undefined; // read again next time rather than keep the failure
      throw e;
    });
    return this.profiles;
  }

  private async readProfiles(): Promise<ProfileNode[]> {
    const generation = this.generation;
    const entries = this.backend.list();
    const secrets = await Promise.all(entries.map((e) => this.hasSecret(e.profile.id)));
    const nodes = entries.map((e, i) => new ProfileNode(e.profile, e.source, e.problems, secrets[i], this));
    if (generation === this.generation) this.loadedProfiles = nodes;
    return nodes;
  }

  private async hasSecret(profileId: string): Promise<boolean | undefined> {
    try {
      return await this.backend.hasSecret(profileId);
    } catch {
      return undefined; // the secret store could not tell: show no state rather than a false one
    }
  }

  /** What follows the loaded children: an error, "Load more…", or the empty message. */
  private trailer(node: ListingNode): StorageNode[] {
    const listing = node.listing;
    if (listing.error && !listing.loading) return [new ErrorNode(node, listing.error.error)];
    if (listing.hasMore || listing.loading) return [new LoadMoreNode(node)];
    if (listing.items.length === 0) return [new EmptyNode(node, emptyMessage(node))];
    return [];
  }

  /**
   * A profile's first page is its regions, or, when the catalog has one object-store region for the
   * profile's interface, that region's first page of containers; later pages are containers.
   */
  private async profilePage(node: ProfileNode, marker: string | undefined, signal: AbortSignal): Promise<Page<StorageNode>> {
    if (marker === undefined || node.singleRegion === undefined) {
      node.singleRegion = undefined;
      const session = this.backend.session(node.profileId);
      const token = await session.token(signal);
      const regions = storageRegions(node.profile, token);
      if (regions.length === 0) {
        const iface = storageInterface(node.profile, node.profile.region);
        const listed = node.profile.regions?.length ? l10n.t(' in its regions {0}', node.profile.regions.join(', ')) : '';
        throw new Error(l10n.t('Profile {0}: the service catalog has no {1} object-store (Swift) endpoint{2}.', quotedName(node.profile.name), iface, listed));
      }
      if (regions.length > 1) {
        const items = regions.map((r) => new RegionNode(node, r, storageUrlFor(node.profile, token, r)?.url, r === node.profile.region, this));
        return { items, nextMarker: undefined };
      }
      node.singleRegion = regions[0];
    }
    return this.containerPage(node, node.singleRegion, marker, signal);
  }

  private async containerPage(node: ProfileNode | RegionNode, region: string, marker: string | undefined, signal: AbortSignal): Promise<Page<StorageNode>> {
    const swift = await this.backend.session(node.profileId).swift(region, signal);
    const page = await firstPage(swift.listContainers({ marker, limit: this.pageSize(), signal }));
    return { items: page.entries.map((e) => new ContainerNode(node, region, e, this)), nextMarker: page.nextMarker };
  }

  private async objectPage(node: ObjectListingNode, marker: string | undefined, signal: AbortSignal): Promise<Page<StorageNode>> {
    const swift = await this.backend.session(node.profileId).swift(node.region, signal);
    const prefix = listingPrefix(node);
    const pages = swift.listObjects(node.container, { prefix: prefix || undefined, delimiter: DELIMITER, marker, limit: this.pageSize(), signal });
    const page = await firstPage(pages);
    const items: StorageNode[] = [];
    for (const entry of page.entries) {
      // An object named like the folder (`logs/`: a marker, or real data under a name ending in `/`) is listed
      // first inside it, as an object row: every name Swift lists is reachable, and "Empty folder" is never
      // shown over an object. At the level above, the delimiter listing gives only the folder (subdir) entry.
      if (entry.kind === 'folder') items.push(new FolderNode(node, entry, this));
      else items.push(new ObjectNode(node, entry));
    }
    return { items, nextMarker: page.nextMarker };
  }

  private pageSize(): number {
    return clampPageSize(this.options.pageSize());
  }
}

/** Resets a node's listing and those loaded under it, cancelling their loads in flight. */
function resetDeep(node: ListingNode): void {
  for (const child of node.listing.items) if (isListingNode(child)) resetDeep(child);
  node.listing.reset();
}

/** Resets every loaded listing under (and including) `node` whose last load failed; adds them to `reset`. */
function resetFailed(node: ListingNode, reset: ListingNode[]): void {
  if (node.listing.error && !node.listing.loading) {
    node.listing.reset();
    reset.push(node);
    return;
  }
  for (const child of node.listing.items) if (isListingNode(child)) resetFailed(child, reset);
}

/**
 * Search Container…: on a container or folder of the tree, or from the palette (profile, region and container are
 * asked for). Opens the search box (searchBox.ts); a result is revealed in the tree (its folders expanded, its
 * listing paged or narrowed until the node exists, see views/locate.ts) and opened read-only.
 */
import * as vscode from 'vscode';
import type { ProfileStore } from '../auth/profileStore';
import { displayName, quotedName } from '../openstack/swift/names';
import type { ObjectEntry } from '../openstack/swift/listing';
import type { StorageTree } from '../views/storageTree';
import type { StorageNode } from '../views/nodes';
import { visibleName } from '../ui/format';
import { storageInterface, storageRegions } from '../auth/storageEndpoint';
import { pickProfileId } from '../ui/pickProfile';
import type { Prompts } from '../ui/prompts';
import { type CommandEntry, withViewProgress } from '../ui/run';
import { SearchBox, SearchScope } from './searchBox';
import { listingOf } from '../location';
import { commandId } from '../ui/commandIds';

/** Containers offered when the palette asks which one (an account with more is searched from the tree). */
const MAX_CONTAINERS_OFFERED = 10_000;

export class SearchCommands {
  /** The box now open (for the in-editor tests, which type into it and pick results through it). */
  active: SearchBox | undefined;

  constructor(
    private readonly store: ProfileStore,
    private readonly prompts: Prompts,
    private readonly tree: StorageTree,
    readonly view: vscode.TreeView<StorageNode>,
  ) {}

  commands(): CommandEntry[] {
    return [{ id: 'searchContainer', run: (arg?: unknown) => this.search(arg), doing: vscode.l10n.t('Searching') }];
  }

  dispose(): void {
    this.active?.dispose();
  }

  /** Opens the search box; resolves once it is shown (the search itself runs while the user types). */
  async search(arg?: unknown): Promise<SearchBox> {
    const scope = await this.scopeOf(arg ?? this.view.selection[0]);
    this.active?.dispose();
    const session = this.store.session(scope.profileId);
    const box = new SearchBox(scope, (signal) => session.swift(scope.region || undefined, signal), {
      reveal: (s, entry, focus) => this.reveal(s, entry, focus),
      open: (s, entry) => this.open(s, entry),
    });
    this.active = box;
    box.quickPick.onDidHide(() => {
      if (this.active === box) this.active = undefined;
    });
    box.show();
    return box;
  }

  /** Puts the object's node in the tree (loading or narrowing listings on the way), then reveals and selects it. */
  async reveal(scope: SearchScope, entry: ObjectEntry, focus: boolean): Promise<void> {
    const node = await this.tree.locateObject({ profileId: scope.profileId, region: scope.region, container: scope.container, object: entry.name });
    await this.view.reveal(node, { select: true, focus });
  }

  async open(scope: SearchScope, entry: ObjectEntry): Promise<void> {
    const node = this.view.selection[0];
    // The node reveal selected: the open command takes tree nodes (and says so when it is a folder).
    if (node?.kind === 'object' && node.name === entry.name && node.container === scope.container) {
      await vscode.commands.executeCommand(commandId('openObject'), node);
      return;
    }
    const located = await this.tree.locateObject({ profileId: scope.profileId, region: scope.region, container: scope.container, object: entry.name });
    await vscode.commands.executeCommand(commandId('openObject'), located);
  }

  /** The container (or folder) a node stands for; from the palette, asked for. */
  private async scopeOf(arg: unknown): Promise<SearchScope> {
    const location = listingOf(arg)?.location;
    if (location) {
      const within = location.prefix ?? '';
      const label = within
        ? vscode.l10n.t('folder {0} of container {1}', displayName(within), displayName(location.container))
        : vscode.l10n.t('container {0}', displayName(location.container));
      return { profileId: location.profileId, region: location.region, container: location.container, within, label };
    }
    const profileId = await pickProfileId(this.store, this.prompts, undefined, vscode.l10n.t('Search Container: which profile?'));
    const session = this.store.session(profileId);
    const profile = this.store.get(profileId)?.profile;
    const { region, containers } = await withViewProgress(vscode.l10n.t('Listing the containers…'), async (signal) => {
      const token = await session.token(signal);
      const iface = storageInterface(session.profile, session.profile.region);
      const regions = storageRegions(session.profile, token);
      if (!regions.length)
        throw new Error(
          vscode.l10n.t('The service catalog of profile {0} has no {1} object-store (Swift) endpoint.', quotedName(profile?.name ?? profileId), iface),
        );
      const chosen = regions.length === 1 ? regions[0] : undefined;
      return { region: chosen ?? regions, containers: chosen ? await this.containerNames(session, chosen, signal) : undefined };
    });
    let regionName: string;
    let names: string[];
    if (typeof region === 'string') {
      regionName = region;
      names = containers ?? [];
    } else {
      const picked = await this.prompts.pick(
        region.map((r) => ({ label: r })),
        { title: vscode.l10n.t('Search Container: which region?'), placeHolder: vscode.l10n.t('Region') },
      );
      regionName = picked.label;
      names = await withViewProgress(vscode.l10n.t('Listing the containers…'), (signal) => this.containerNames(session, regionName, signal));
    }
    if (!names.length) throw new Error(vscode.l10n.t('Region {0} of this profile has no container to search.', regionName));
    const picked = await this.prompts.pick(
      names.map((name) => ({ label: visibleName(name), name })),
      {
        title: vscode.l10n.t('Search Container: which container?'),
        placeHolder: vscode.l10n.t('Container'),
      },
    );
    return { profileId, region: regionName, container: picked.name, within: '', label: vscode.l10n.t('container {0}', displayName(picked.name)) };
  }

  private async containerNames(session: ReturnType<ProfileStore['session']>, region: string, signal: AbortSignal): Promise<string[]> {
    const swift = await session.swift(region, signal);
    const names: string[] = [];
    for await (const page of swift.listContainers({ signal })) {
      for (const c of page.entries) names.push(c.name);
      if (names.length >= MAX_CONTAINERS_OFFERED) break;
    }
    return names;
  }
}

/** Registers Search Container…; returns the commands object (the extension's API hands it to the in-editor tests). */

/**
 * Where users look for actions: Copy Name / Copy Path, Open in Browser, Create Folder, Open as Workspace
 * Folder (the `swift:` file system in the Explorer), and Reveal in Tree for an open object tab. Each takes a
 * tree node or an object tab's URI (src/location's readers); wording and names in placesText.ts.
 */
import * as vscode from 'vscode';
import type { ProfileStore } from '../auth/profileStore';
import { isPublicRead } from '../openstack/swift/acl';
import { tempUrlKeys } from '../openstack/swift/access';
import { displayName, swiftUrl, visibleName } from '../openstack/swift/names';
import { tempUrl } from '../openstack/swift/tempurl';
import type { ObjectFiles } from '../objectFileSystems/objectFiles';
import { EDIT_SCHEME, describeLocation, listingOf, locationOf, objectLocationOf } from '../location';
import { isStorageNode, type StorageNode } from '../views/nodes';
import type { StorageTree } from '../views/storageTree';
import type { Prompts } from '../ui/prompts';
import { withProgress, type CommandEntry } from '../ui/run';
import { BROWSER_TEMP_URL_MS, FOLDER_MARKER_CONTENT_TYPE, baseNameOf, folderMarkerName, folderNameProblem, pathOf } from './placesText';
import type { ProfileUsed } from './tokens';

/** Opens a URL outside the editor; tests swap it (the editor's own asks the user in a dialog first). */
export class BrowserOpener {
  /**
   * The URL goes as the string it is: the extension host's openExternal passes a string on verbatim, while a
   * Uri is written out again by its toString(), which percent-encodes a query's `=` and `&` (a temp URL's
   * signature would then not reach Swift: 401).
   */
  current: (url: string) => Thenable<boolean> = (url) => vscode.env.openExternal(url as unknown as vscode.Uri);
}

export class PlaceCommands {
  constructor(
    private readonly store: ProfileStore,
    private readonly prompts: Prompts,
    private readonly tree: StorageTree,
    private readonly view: vscode.TreeView<StorageNode>,
    private readonly files: ObjectFiles,
    private readonly browser: BrowserOpener,
    private readonly used: ProfileUsed,
  ) {}

  commands(): CommandEntry[] {
    return [
      { id: 'copyName', run: (arg?: unknown) => this.copy(arg, 'name'), doing: vscode.l10n.t('Copying the name') },
      { id: 'copyPath', run: (arg?: unknown) => this.copy(arg, 'path'), doing: vscode.l10n.t('Copying the path') },
      { id: 'openInBrowser', run: (arg?: unknown) => this.openInBrowser(arg), doing: vscode.l10n.t('Opening in the browser') },
      { id: 'createFolder', run: (arg?: unknown) => this.createFolder(arg), doing: vscode.l10n.t('Creating the folder') },
      { id: 'openAsWorkspaceFolder', run: (arg?: unknown) => this.openAsWorkspaceFolder(arg), doing: vscode.l10n.t('Opening as a workspace folder') },
      { id: 'revealInTree', run: (arg?: unknown) => this.revealInTree(arg), doing: vscode.l10n.t('Revealing the object in the OpenStack Storage view') },
    ];
  }

  async copy(arg: unknown, what: 'name' | 'path'): Promise<string> {
    const location = locationOf(arg ?? activeObjectUri());
    const text = location && (what === 'name' ? baseNameOf(location) : pathOf(location));
    if (!location || text === undefined)
      throw new Error(
        what === 'name'
          ? vscode.l10n.t('Copy Name works on a container, folder or object.')
          : vscode.l10n.t('Copy Path works on a container, folder or object.'),
      );
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(
      what === 'name'
        ? vscode.l10n.t('$(check) Copied the name of {0}', describeLocation(location))
        : vscode.l10n.t('$(check) Copied the path of {0}', describeLocation(location)),
      5_000,
    );
    return text;
  }

  /**
   * A public container's object (or listing) opens at its plain URL; a private object, after a question, at a
   * GET temp URL valid for ten minutes. Resolves to the URL opened, undefined when the user said no.
   */
  async openInBrowser(arg: unknown): Promise<string | undefined> {
    const location = locationOf(arg ?? activeObjectUri());
    if (!location || location.container === undefined || location.prefix !== undefined) {
      throw new Error(vscode.l10n.t('Open in Browser works on a container or object.'));
    }
    const { container, object } = location;
    this.used(location.profileId);
    const session = this.store.session(location.profileId);
    const { client, info } = await withProgress(vscode.l10n.t('Reading the access of container {0}…', displayName(container)), async (signal) => {
      const client = await session.swift(location.region || undefined, signal);
      return { client, info: await client.headContainer(container, signal) };
    });
    let url = swiftUrl(client.storageUrl, container, object);
    if (!isPublicRead(info.readAcl)) {
      if (object === undefined) {
        throw new Error(
          vscode.l10n.t('Container {0} is not public, so a browser cannot list it: Make Public… first, or open one of its objects.', displayName(container)),
        );
      }
      const ok = await this.prompts.confirm(
        vscode.l10n.t('Container {0} is not public. Open the object through a temp URL valid for 10 minutes?', displayName(container)),
        vscode.l10n.t('The browser gets a link that works with no token: anyone you share it with can read the object until it expires.'),
        vscode.l10n.t('Open Temp URL'),
      );
      if (!ok) return undefined;
      const keys = await withProgress(vscode.l10n.t('Reading the temp URL keys…'), (signal) => tempUrlKeys(client, container, signal));
      const key = keys.container[0] ?? keys.account[0];
      if (!key)
        throw new Error(vscode.l10n.t('Neither container {0} nor the account has a temp URL key: Copy Temp URL… can create one.', displayName(container)));
      const swiftInfo = await client.info().catch(() => undefined);
      url = tempUrl({
        storageUrl: client.storageUrl,
        container,
        object,
        method: 'GET',
        expiresAt: new Date(Date.now() + BROWSER_TEMP_URL_MS),
        key,
        allowedDigests: swiftInfo?.tempUrl?.allowedDigests,
        allowedMethods: swiftInfo?.tempUrl?.methods,
      });
    }
    await this.browser.current(url);
    return url;
  }

  /**
   * Creates a pseudo-folder as Horizon's "Create Pseudo-folder" and rclone do: a zero-byte object named with the
   * folder's prefix and a trailing "/", Content-Type application/directory. Swift has no folders; without the
   * marker an empty folder would vanish on the next refresh. Resolves to the marker's name.
   */
  async createFolder(arg: unknown): Promise<string> {
    const listing = listingOf(arg);
    if (!listing) throw new Error(vscode.l10n.t('Create Folder works on a container or folder in the OpenStack Storage view.'));
    const { location } = listing;
    const prefix = location.prefix ?? '';
    const name = await this.prompts.input({
      title: vscode.l10n.t('Create a Folder in {0}', describeLocation(location)),
      prompt: vscode.l10n.t('The folder name; "a/b" makes folder b inside a new folder a.'),
      validateInput: (value) => folderNameProblem(value, prefix),
    });
    const problem = folderNameProblem(name, prefix);
    if (problem) throw new Error(problem);
    const marker = folderMarkerName(prefix, name);
    this.used(location.profileId);
    await withProgress(vscode.l10n.t('Creating folder {0}…', displayName(marker)), async (signal) => {
      const client = await this.store.session(location.profileId).swift(location.region || undefined, signal);
      for await (const page of client.listObjects(location.container, { prefix: marker, limit: 1, signal })) {
        if (page.entries.length)
          throw new Error(vscode.l10n.t('Folder {0} already exists in container {1}.', displayName(marker), displayName(location.container)));
        break;
      }
      await client.putObject(location.container, marker, new Uint8Array(0), { contentType: FOLDER_MARKER_CONTENT_TYPE, contentLength: 0, signal });
    });
    if (isStorageNode(arg)) await this.tree.refresh(arg);
    return marker;
  }

  /** Adds the container or folder to the workspace as a `swift:` folder: the Explorer lists, opens and saves through it. */
  async openAsWorkspaceFolder(arg: unknown): Promise<vscode.Uri> {
    const listing = listingOf(arg);
    if (!listing) throw new Error(vscode.l10n.t('Open as Workspace Folder works on a container or folder in the OpenStack Storage view.'));
    const { location } = listing;
    const uri = this.files.uriFor(listing.folder ? location : { ...location, prefix: undefined }, EDIT_SCHEME);
    const existing = vscode.workspace.workspaceFolders?.find((f) => f.uri.toString() === uri.toString());
    if (existing) {
      await vscode.commands.executeCommand('workbench.view.explorer');
      return uri;
    }
    const profile = visibleName(this.store.get(location.profileId)?.profile.name ?? location.profileId);
    const name = `${baseNameOf(location) ?? ''} (${profile}${location.region ? `, ${location.region}` : ''})`;
    const at = vscode.workspace.workspaceFolders?.length ?? 0;
    if (!vscode.workspace.updateWorkspaceFolders(at, 0, { uri, name })) {
      throw new Error(vscode.l10n.t('The editor did not add {0} to the workspace.', describeLocation(location)));
    }
    await vscode.commands.executeCommand('workbench.view.explorer');
    return uri;
  }

  /** Shows an open object's row in the tree (its folders expanded, listings paged or narrowed on the way). */
  async revealInTree(arg: unknown): Promise<StorageNode> {
    const location = objectLocationOf(arg ?? activeObjectUri());
    if (!location) throw new Error(vscode.l10n.t('Reveal in Tree works on an open OpenStack object.'));
    const target = { ...location, version: undefined };
    const node = await withProgress(vscode.l10n.t('Finding {0} in the tree…', describeLocation(target)), () => this.tree.locateObject(target));
    await vscode.commands.executeCommand(`workbench.view.extension.openstackStorage`);
    await this.view.reveal(node, { select: true, focus: true });
    return node;
  }
}

/** The URI of the active tab when it shows an object (text or binary), for commands run from the palette. */
function activeObjectUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input as { uri?: vscode.Uri } | undefined;
  return vscode.window.activeTextEditor?.document.uri ?? input?.uri;
}

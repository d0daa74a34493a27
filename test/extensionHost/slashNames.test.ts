/**
 * Names ending in `/` in a real editor against the real servers (Swift, and Ceph RGW where the cloud has it):
 * `tail/`, `tail//`, `tail/x/` and `//` are objects with content, beside pseudo-folders of the same names. Each is
 * an object row of the tree (the first row inside its folder, never "Empty folder"), opens read-only with its
 * bytes, shows its metadata, and Search's reveal selects that row.
 * Self-contained: its own profile and containers, removed at the end.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { SearchBox } from '../../src/commands/searchBox';
import type { SwiftClient } from '../../src/openstack/swift/client';
import type { ContainerNode, FolderNode, ObjectListingNode, ObjectNode, StorageNode } from '../../src/views/nodes';
import { windowPrompter } from '../../src/ui/prompts';
import { regionNames } from '../support/cloud';
import { ScriptedPrompter, cloud, demoProfile, extensionApi, findChild, openDocument } from './support';

const PROFILE_ID = 'it-slash-names';
const CONTAINER = `it-slash-${randomBytes(3).toString('hex')}`;
/** Each object's body names it, so an opened document shows which object was read. */
const NAMES = ['tail/', 'tail//', 'tail/x/', 'tail/x/inner.txt', '//', 'plain.txt'];
const bodyOf = (name: string) => `body of ${JSON.stringify(name)}\n`;
/** The Swift regions and RGW's: the same behaviour is expected of both. */
const REGIONS = regionNames(cloud()).filter((r) => r === 'RegionOne' || r === 'RegionRGW');

describe('names ending in "/" (in-host, real servers)', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let prompter: ScriptedPrompter;
  const clients = new Map<string, SwiftClient>();

  const containerNode = async (region: string): Promise<ContainerNode> => {
    const profile = await findChild(api, undefined, (n): n is StorageNode => n.kind === 'profile' && n.profileId === PROFILE_ID);
    const regionNode = await findChild(api, profile, (n): n is StorageNode => n.kind === 'region' && n.region === region);
    return findChild(api, regionNode, (n): n is ContainerNode => n.kind === 'container' && n.container === CONTAINER);
  };

  before(async () => {
    api = await extensionApi();
    prompter = new ScriptedPrompter();
    api.prompts.current = prompter;
    const c = cloud();
    await api.store.save({ ...demoProfile(c), id: PROFILE_ID, name: 'In-host slash names' }, c.demo.password);
    for (const region of REGIONS) {
      const swift = await api.store.session(PROFILE_ID).swift(region);
      clients.set(region, swift);
      await swift.createContainer(CONTAINER);
      for (const name of NAMES) await swift.putObject(CONTAINER, name, bodyOf(name), { contentType: 'text/plain' });
    }
  });

  afterEach(() => prompter.verify());

  after(async () => {
    for (const swift of clients.values()) {
      await swift.bulkDelete([...NAMES.map((name) => ({ container: CONTAINER, name })), { container: CONTAINER }]).catch(() => undefined);
    }
    await api.store.remove(PROFILE_ID);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    api.prompts.current = windowPrompter;
  });

  for (const region of REGIONS) {
    it(`[${region}] every object is an object row of the tree, none hidden behind "Empty folder"`, async () => {
      const container = await containerNode(region);
      await api.tree.refresh(container);
      const objects: string[] = [];
      const empties: string[] = [];
      const walk = async (node: ObjectListingNode): Promise<void> => {
        for (const child of await api.tree.getChildren(node)) {
          if (child.kind === 'object') objects.push(child.name);
          if (child.kind === 'empty') empties.push(node.prefix);
          if (child.kind === 'folder') await walk(child);
        }
      };
      await walk(container);
      assert.deepEqual(empties, [], 'no folder says it is empty');
      assert.deepEqual([...objects].sort(), [...NAMES].sort());
      // The folder `tail/` lists its own object first, labelled with its name, slash included.
      const tail = await findChild(api, container, (n): n is FolderNode => n.kind === 'folder' && n.prefix === 'tail/');
      const [first] = await api.tree.getChildren(tail);
      assert.ok(first.kind === 'object' && first.name === 'tail/', `first row: ${first.id}`);
      const item = await api.tree.getTreeItem(first);
      assert.equal(item.label, 'tail/');
      assert.match(String(item.description), /object named like this folder/);
    });

    it(`[${region}] a name ending in "/" opens with its bytes and shows its metadata`, async () => {
      const container = await containerNode(region);
      const slash = await findChild(api, container, (n): n is FolderNode => n.kind === 'folder' && n.prefix === '/');
      const doubleSlash = await findChild(api, slash, (n): n is FolderNode => n.kind === 'folder' && n.prefix === '//');
      const tail = await findChild(api, container, (n): n is FolderNode => n.kind === 'folder' && n.prefix === 'tail/');
      const tailTail = await findChild(api, tail, (n): n is FolderNode => n.kind === 'folder' && n.prefix === 'tail//');
      const x = await findChild(api, tail, (n): n is FolderNode => n.kind === 'folder' && n.prefix === 'tail/x/');
      for (const [folder, name] of [
        [doubleSlash, '//'],
        [tail, 'tail/'],
        [tailTail, 'tail//'],
        [x, 'tail/x/'],
      ] as const) {
        const node = await findChild(api, folder, (n): n is ObjectNode => n.kind === 'object' && n.name === name);
        await vscode.commands.executeCommand('openstackStorage.openObject', node);
        const doc = await openDocument('swift-readonly', bodyOf(name));
        assert.equal(doc.getText(), bodyOf(name), name);
        await vscode.commands.executeCommand('openstackStorage.showMetadata', node);
        const meta = await openDocument('openstack-meta', `Object \`${name}\``);
        assert.ok(meta.getText().startsWith(`# Object \`${name}\` in container \`${CONTAINER}\``), meta.getText().slice(0, 120));
      }
    });

    it(`[${region}] Search's reveal selects the object row of a name ending in "/"`, async () => {
      const container = await containerNode(region);
      await api.tree.refresh(container);
      const box = await vscode.commands.executeCommand<SearchBox>('openstackStorage.searchContainer', container);
      assert.ok(box);
      try {
        box.setQuery('tail//', true);
        await box.idle;
        const hit = box.quickPick.items.find((i) => i.entry?.name === 'tail//');
        assert.ok(hit, `items: ${box.quickPick.items.map((i) => i.label).join(', ')}`);
        await box.revealOnly(hit);
        const selected = api.search.view.selection[0];
        assert.ok(selected?.kind === 'object' && selected.name === 'tail//', `selected: ${selected?.id}`);
        const parent = api.tree.getParent(selected);
        assert.ok(parent?.kind === 'folder' && parent.prefix === 'tail//', 'inside the folder of the same name');
      } finally {
        box.quickPick.hide();
      }
    });
  }
});

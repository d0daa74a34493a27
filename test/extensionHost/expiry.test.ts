/**
 * An object's expiry in the tree's tooltip, inside a real editor against the local cloud: a listing does not carry
 * X-Delete-At, so the row says nothing until the extension learns it — from Set Expiry… (Delete At…, Clear Expiry)
 * on the row, or from the HEAD of Show Metadata on an object whose expiry was set elsewhere.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { windowPrompter } from '../../src/ui/prompts';
import type { SwiftClient } from '../../src/openstack/swift/client';
import type { ContainerNode, ObjectNode, ProfileNode, RegionNode, StorageNode } from '../../src/views/nodes';
import { deleteContainers } from '../support/swiftFixture';
import { PROFILE_ID, ScriptedPrompter, cloud, demoProfile, extensionApi, findChild } from './support';

const CONTAINER = `it-expiry-${Date.now().toString(36)}`;

describe('object expiry in the tree tooltip (in-host)', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let swift: SwiftClient;
  let prompter: ScriptedPrompter;

  const isProfile = (n: StorageNode): n is ProfileNode => n.kind === 'profile' && n.profileId === PROFILE_ID;
  const isRegion = (n: StorageNode): n is RegionNode => n.kind === 'region' && n.region === 'RegionOne';
  const isContainer = (n: StorageNode): n is ContainerNode => n.kind === 'container' && n.container === CONTAINER;
  const isObject =
    (name: string) =>
    (n: StorageNode): n is ObjectNode =>
      n.kind === 'object' && n.name === name;
  const tooltip = (node: StorageNode) => String(api.tree.getTreeItem(node).tooltip ?? '');

  before(async () => {
    api = await extensionApi();
    const c = cloud();
    if (!api.store.get(PROFILE_ID)) await api.store.save(demoProfile(c), c.demo.password);
    prompter = new ScriptedPrompter();
    api.prompts.current = prompter;
    swift = await api.store.session(PROFILE_ID).swift('RegionOne');
    await swift.createContainer(CONTAINER);
    await swift.putObject(CONTAINER, 'a.txt', Buffer.from('a'));
    await swift.putObject(CONTAINER, 'b.txt', Buffer.from('b'), { headers: { 'x-delete-at': '1924992000' } });
  });

  afterEach(() => prompter.verify());

  after(async () => {
    api.prompts.current = windowPrompter;
    await deleteContainers(swift, [CONTAINER]);
  });

  const objectNode = async (name: string) => {
    const region = await findChild(api, await findChild(api, undefined, isProfile), isRegion);
    await api.tree.refresh(region);
    return findChild(api, await findChild(api, region, isContainer), isObject(name));
  };

  it('Set Expiry… (Delete At…) shows the moment in the row tooltip; Clear Expiry says never', async () => {
    const node = await objectNode('a.txt');
    assert.doesNotMatch(tooltip(node), /Expires/, 'unknown from the listing: nothing claimed');
    prompter.expectPick('Expiry of object', 'Delete At…').expectInput('Delete at', '2031-01-01T00:00:00Z');
    await vscode.commands.executeCommand('openstackStorage.setExpiry', node, [node]);
    assert.equal((await swift.headObject(CONTAINER, 'a.txt')).deleteAt?.toISOString(), '2031-01-01T00:00:00.000Z');
    assert.match(tooltip(node), /Expires: .*\(2031-01-01T00:00:00\.000Z\)/);
    prompter.expectPick('Expiry of object', 'Clear Expiry');
    await vscode.commands.executeCommand('openstackStorage.setExpiry', node, [node]);
    assert.match(tooltip(node), /Expires: never/);
  });

  it('Show Metadata of an object whose expiry was set elsewhere puts it in the row tooltip', async () => {
    const node = await objectNode('b.txt');
    assert.doesNotMatch(tooltip(node), /Expires/);
    await vscode.commands.executeCommand('openstackStorage.showMetadata', node);
    const text = vscode.window.activeTextEditor?.document.getText() ?? '';
    assert.match(text, /\*\*Deleted at\*\* +\| `2031-01-01T00:00:00\.000Z`/, 'the metadata document shows it');
    assert.match(tooltip(node), /Expires: .*\(2031-01-01T00:00:00\.000Z\)/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});

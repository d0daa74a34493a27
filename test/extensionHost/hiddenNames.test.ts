/**
 * Hidden characters in names, in the real editor: an object whose name holds U+202E (which would show "evil.exe"
 * as "evilexe.txt"-like reordered text) and a line break, inside a container whose own name holds U+202E, opened
 * from the tree. The tab title and the path the breadcrumbs are made of show every hidden character escaped
 * (⟨U+202E⟩, ⏎), never raw; the document has the object's bytes; the tree row's label is escaped the same way.
 * Self-contained: its own profile and container, removed at the end.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { SwiftClient } from '../../src/openstack/swift/client';
import type { ContainerNode, ObjectNode, StorageNode } from '../../src/views/nodes';
import { windowPrompter } from '../../src/ui/prompts';
import { ScriptedPrompter, cloud, demoProfile, extensionApi, findChild, openDocument } from './support';

const PROFILE_ID = 'it-hidden-names';
const CONTAINER = `it-hidden-\u202e${randomBytes(3).toString('hex')}`;
const NAMES = ['evil\u202etxt.exe', 'two\nlines.txt'];
const HIDDEN = /[\u202a-\u202e\u2066-\u2069\n\r]/;

describe('hidden characters in names (in-host, real Swift)', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let swift: SwiftClient;

  before(async () => {
    api = await extensionApi();
    api.prompts.current = new ScriptedPrompter();
    const c = cloud();
    await api.store.save({ ...demoProfile(c), id: PROFILE_ID, name: 'In-host hidden names' }, c.demo.password);
    swift = await api.store.session(PROFILE_ID).swift('RegionOne');
    await swift.createContainer(CONTAINER);
    for (const name of NAMES) await swift.putObject(CONTAINER, name, `body of ${JSON.stringify(name)}\n`, { contentType: 'text/plain' });
  });

  after(async () => {
    await swift?.bulkDelete([...NAMES.map((name) => ({ container: CONTAINER, name })), { container: CONTAINER }]).catch(() => undefined);
    await api.store.remove(PROFILE_ID);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    api.prompts.current = windowPrompter;
  });

  it('tab titles, breadcrumb paths and tree labels show U+202E and line breaks escaped; the bytes are the object', async () => {
    const profile = await findChild(api, undefined, (n): n is StorageNode => n.kind === 'profile' && n.profileId === PROFILE_ID);
    const region = await findChild(api, profile, (n): n is StorageNode => n.kind === 'region' && n.region === 'RegionOne');
    const container = await findChild(api, region, (n): n is ContainerNode => n.kind === 'container' && n.container === CONTAINER);
    const containerItem = await api.tree.getTreeItem(container);
    assert.doesNotMatch(String(containerItem.label), HIDDEN, 'the container row');
    for (const [name, title] of [
      [NAMES[0], 'evil⟨U+202E⟩txt.exe'],
      [NAMES[1], 'two⏎lines.txt'],
    ]) {
      const node = await findChild(api, container, (n): n is ObjectNode => n.kind === 'object' && n.name === name);
      const item = await api.tree.getTreeItem(node);
      assert.doesNotMatch(String(typeof item.label === 'object' ? item.label.label : item.label), HIDDEN, `the row of ${JSON.stringify(name)}`);
      await vscode.commands.executeCommand('openstackStorage.openObject', node);
      const doc = await openDocument('swift-readonly', `body of ${JSON.stringify(name)}`);
      assert.equal(vscode.window.tabGroups.activeTabGroup.activeTab?.label, title);
      // The breadcrumbs are the path's segments: container and name, each escaped.
      assert.doesNotMatch(doc.uri.path, HIDDEN, doc.uri.path);
      assert.ok(doc.uri.path.startsWith(`/it-hidden-⟨U+202E⟩`), doc.uri.path);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });
});

/**
 * Hidden characters in names, in the real editor, on Swift and on Ceph RGW: an object whose name holds U+202E
 * (which would show "evil.exe" as "evilexe.txt"-like reordered text) and a line break, inside a container whose
 * own name holds U+202E, opened from the tree. The tab title and the path the breadcrumbs are made of show every
 * hidden character escaped (⟨U+202E⟩, ⏎), never raw; the document has the object's bytes; the tree row's label is
 * escaped the same way. Through the `swift:` file system (what the Explorer shows of a workspace folder), the
 * listing gives the escaped names, an object literally named like an escaped one stays a file of its own, and
 * each name read, written and deleted through the editor's file API reaches exactly its object.
 * Self-contained: its own profile and containers, removed at the end.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { SwiftClient } from '../../src/openstack/swift/client';
import type { ContainerNode, ObjectNode, StorageNode } from '../../src/views/nodes';
import { EDIT_SCHEME, toUriParts } from '../../src/location';
import { windowPrompter } from '../../src/ui/prompts';
import { ScriptedPrompter, cloud, demoProfile, editorRegions, extensionApi, findChild, openDocument, screenshot } from './support';

const PROFILE_ID = 'it-hidden-names';
const CONTAINER = `it-hidden-\u202e${randomBytes(3).toString('hex')}`;
/** Two hidden-character names, the look-alike of one of them as a real name, and a folder with a hidden character. */
const NAMES = ['evil\u202etxt.exe', 'two\nlines.txt', 'two⏎lines.txt', 'dir\u202e/inner.txt'];
const HIDDEN = /[\u202a-\u202e\u2066-\u2069\n\r]/;
const bodyOf = (name: string) => `body of ${JSON.stringify(name)}\n`;

describe('hidden characters in names (in-host, real Swift and RGW)', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  const clients = new Map<string, SwiftClient>();

  before(async () => {
    api = await extensionApi();
    api.prompts.current = new ScriptedPrompter();
    const c = cloud();
    await api.store.save({ ...demoProfile(c), id: PROFILE_ID, name: 'In-host hidden names' }, c.demo.password);
    for (const { region } of editorRegions()) {
      const swift = await api.store.session(PROFILE_ID).swift(region);
      clients.set(region, swift);
      await swift.createContainer(CONTAINER);
      for (const name of NAMES) await swift.putObject(CONTAINER, name, bodyOf(name), { contentType: 'text/plain' });
    }
  });

  after(async () => {
    for (const swift of clients.values()) {
      const names = NAMES.concat('new\nfile.txt');
      await swift.bulkDelete([...names.map((name) => ({ container: CONTAINER, name })), { container: CONTAINER }]).catch(() => undefined);
    }
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
      const doc = await openDocument('swift-readonly', bodyOf(name));
      assert.equal(vscode.window.tabGroups.activeTabGroup.activeTab?.label, title);
      // The breadcrumbs are the path's segments: container and name, each escaped.
      assert.doesNotMatch(doc.uri.path, HIDDEN, doc.uri.path);
      assert.ok(doc.uri.path.startsWith(`/it-hidden-⟨U+202E⟩`), doc.uri.path);
      // For a person: the tree row, the tab title and the breadcrumbs of the line-break name, all escaped.
      if (name === NAMES[1]) {
        await vscode.commands.executeCommand('openstackStorage.revealInTree');
        await screenshot('in-host-hidden-names-tree-tab-breadcrumbs');
      }
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  for (const { region } of editorRegions()) {
    it(`the swift: file system lists names escaped, one file each, and reads, writes and deletes the exact objects [${region}]`, async () => {
      const swift = clients.get(region)!;
      const at = (object?: string) => vscode.Uri.from({ scheme: EDIT_SCHEME, ...toUriParts({ profileId: PROFILE_ID, region, container: CONTAINER, object }) });
      // The container as a workspace folder: what the Explorer lists is readDirectory, and each row's URI is joinPath.
      const folder = at();
      const listed = await vscode.workspace.fs.readDirectory(folder);
      assert.deepEqual(listed.map(([n]) => n).sort(), ['dir⟨U+202E⟩', 'evil⟨U+202E⟩txt.exe', 'two⏎lines.txt', 'two⟨U+23CE⟩lines.txt'].sort());
      for (const [shown] of listed) assert.doesNotMatch(shown, HIDDEN, shown);
      assert.deepEqual(await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(folder, 'dir⟨U+202E⟩')), [['inner.txt', vscode.FileType.File]]);
      // Each listed name reads its own object, byte-exact: the line-break name and its look-alike are two files.
      const read = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      assert.equal(await read(vscode.Uri.joinPath(folder, 'two⏎lines.txt')), bodyOf('two\nlines.txt'));
      assert.equal(await read(vscode.Uri.joinPath(folder, 'two⟨U+23CE⟩lines.txt')), bodyOf('two⏎lines.txt'));
      assert.equal(await read(vscode.Uri.joinPath(folder, 'evil⟨U+202E⟩txt.exe')), bodyOf('evil\u202etxt.exe'));
      assert.equal(await read(vscode.Uri.joinPath(folder, 'dir⟨U+202E⟩', 'inner.txt')), bodyOf('dir\u202e/inner.txt'));
      // A write through the escaped name changes that object only; the look-alike keeps its bytes.
      const bytes = new Uint8Array([0, 0xff, 0x0a, 0xe2, 0x80, 0xae, 0x41]);
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'two⏎lines.txt'), bytes);
      assert.deepEqual(new Uint8Array(await (await swift.getObject(CONTAINER, 'two\nlines.txt')).body.toArray().then((c) => Buffer.concat(c))), bytes);
      assert.equal(await read(vscode.Uri.joinPath(folder, 'two⟨U+23CE⟩lines.txt')), bodyOf('two⏎lines.txt'));
      // A new file named in the Explorer with the escape gets the hidden character; deleting it removes exactly it.
      const created = vscode.Uri.joinPath(folder, 'new⏎file.txt');
      await vscode.workspace.fs.writeFile(created, new TextEncoder().encode('new\n'));
      assert.equal((await swift.headObject(CONTAINER, 'new\nfile.txt')).bytes, 4);
      await vscode.workspace.fs.delete(created);
      await assert.rejects(swift.headObject(CONTAINER, 'new\nfile.txt'), (e: { kind?: string }) => e.kind === 'notFound');
      assert.equal((await swift.headObject(CONTAINER, 'two⏎lines.txt')).bytes, Buffer.byteLength(bodyOf('two⏎lines.txt')));
      // The tree opens the same URI the Explorer gives: one document, whichever way it was opened.
      assert.equal(vscode.Uri.joinPath(folder, 'two⏎lines.txt').toString(), at('two\nlines.txt').toString());
    });
  }
});

/**
 * Search Container… inside a real editor, against the local cloud: the command opens the search box on a container
 * node; typing (through the box's own query handler) streams results with the progress in the title; accepting a
 * result reveals it in the tree (folders expanded, the node selected, even on a later page than those loaded) and
 * opens it; the prefix mode; the palette path (profile, region, container asked through the prompter).
 * Self-contained: its own profile and container, both removed at the end; the page size setting restored.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { SearchBox } from '../../src/commands/searchBox';
import type { SwiftClient } from '../../src/openstack/swift/client';
import type { ContainerNode, ObjectNode, StorageNode } from '../../src/views/nodes';
import { windowPrompter } from '../../src/ui/prompts';
import { ScriptedPrompter, cloud, demoProfile, editorRegions, extensionApi, findChild, openDocument } from './support';

const PROFILE_ID = 'it-search';
const CONTAINER = `it-search-${Date.now().toString(36)}`;
const TARGET = 'deep/er/target ü "q" #?%.txt';
const LAST = 'zz last\nline.txt';
const NAMES = [...Array.from({ length: 10 }, (_, i) => `a-${String(i).padStart(2, '0')}.txt`), TARGET, LAST];

for (const { region: REGION } of editorRegions())
  describe(`search container (in-host) [${REGION}]`, function () {
    this.timeout(60_000);
    let api: ExtensionApi;
    let prompter: ScriptedPrompter;
    let swift: SwiftClient;
    let box: SearchBox | undefined;

    const isContainer = (n: StorageNode): n is ContainerNode => n.kind === 'container' && n.container === CONTAINER;
    const containerNode = async () => {
      const profile = await findChild(api, undefined, (n): n is StorageNode => n.kind === 'profile' && n.profileId === PROFILE_ID);
      const region = await findChild(api, profile, (n): n is StorageNode => n.kind === 'region' && n.region === REGION);
      return findChild(api, region, isContainer);
    };
    const selected = () => api.search.view.selection[0];

    before(async () => {
      api = await extensionApi();
      prompter = new ScriptedPrompter();
      api.prompts.current = prompter;
      // Three names a page: the last object is on the fourth page, not loaded when the search reveals it.
      await vscode.workspace.getConfiguration().update('openstackStorage.listing.pageSize', 3, vscode.ConfigurationTarget.Global);
      const c = cloud();
      await api.store.save({ ...demoProfile(c), id: PROFILE_ID, name: 'In-host search' }, c.demo.password);
      swift = await api.store.session(PROFILE_ID).swift(REGION);
      await swift.createContainer(CONTAINER);
      for (const name of NAMES) await swift.putObject(CONTAINER, name, `body of ${name}\n`, { contentType: 'text/plain' });
    });

    afterEach(() => {
      box?.quickPick.hide();
      box = undefined;
      prompter.verify();
    });

    after(async () => {
      await swift?.bulkDelete([...NAMES.map((name) => ({ container: CONTAINER, name })), { container: CONTAINER }]);
      await api.store.remove(PROFILE_ID);
      await vscode.workspace.getConfiguration().update('openstackStorage.listing.pageSize', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      api.prompts.current = windowPrompter;
    });

    it('searches a container by substring (any case, NFD query), shows the progress, reveals the hit in the tree and opens it', async () => {
      const container = await containerNode();
      box = await vscode.commands.executeCommand<SearchBox>('openstackStorage.searchContainer', container);
      assert.ok(box, 'the command returns the box it opened');
      assert.equal(api.search.active, box);
      box.setQuery('TARGET U\u0308', true);
      await box.idle;
      assert.deepEqual(
        box.quickPick.items.map((i) => i.entry?.name),
        [TARGET],
      );
      assert.match(box.quickPick.title ?? '', new RegExp(`^Search container "${CONTAINER}" by substring · scanned ${NAMES.length} · 1 match · done$`));
      assert.equal(box.quickPick.busy, false);

      await box.accept(box.quickPick.items[0]);
      const node = selected();
      assert.ok(node?.kind === 'object' && node.name === TARGET, `selected: ${node?.id}`);
      // Its folders are in the tree: reveal walked deep/ and deep/er/ from the container.
      const parents: string[] = [];
      for (let n: StorageNode | undefined = api.tree.getParent(node); n; n = api.tree.getParent(n)) parents.push(n.kind === 'folder' ? n.prefix : n.kind);
      assert.deepEqual(parents, ['deep/er/', 'deep/', 'container', 'region', 'profile']);
      const doc = await openDocument('swift-readonly', `body of ${TARGET}`);
      assert.equal(doc.getText(), `body of ${TARGET}\n`);
    });

    it('reveals a result beyond the loaded pages; a new query cancels the one before; prefix mode lists on the server', async () => {
      const container = await containerNode();
      await api.tree.refresh(container);
      box = await vscode.commands.executeCommand<SearchBox>('openstackStorage.searchContainer', container);
      assert.ok(box);
      box.setQuery('a-', true);
      box.setQuery('LINE', true); // replaces the search in flight
      await box.idle;
      assert.deepEqual(
        box.quickPick.items.map((i) => i.entry?.name),
        [LAST],
      );
      assert.equal(box.quickPick.items[0].label, 'zz last⏎line.txt', 'shown on one line');
      await box.revealOnly(box.quickPick.items[0]);
      const node = selected() as ObjectNode | undefined;
      assert.ok(node?.kind === 'object' && node.name === LAST);
      assert.ok((await api.tree.getChildren(container)).includes(node), "the node is among its container's children");

      box.toggleMode();
      box.setQuery('a-0', true);
      await box.idle;
      assert.equal(box.mode, 'prefix');
      assert.deepEqual(
        box.quickPick.items.map((i) => i.entry?.name),
        NAMES.filter((n) => n.startsWith('a-0')),
      );
      assert.match(box.quickPick.title ?? '', / by prefix · scanned 10 · 10 matches · done$/);
    });

    it('from the palette: asks for profile, region and container, then searches it', async () => {
      if (api.store.list().length > 1) prompter.expectPick('Search Container: which profile?', 'In-host search');
      prompter.expectPick('Search Container: which region?', REGION);
      prompter.expectPick('Search Container: which container?', CONTAINER);
      // Nothing selected that is a container: the command asks.
      box = await vscode.commands.executeCommand<SearchBox>('openstackStorage.searchContainer');
      assert.ok(box);
      assert.equal(box.scope.container, CONTAINER);
      box.setQuery('.TXT', true);
      await box.idle;
      assert.equal(box.quickPick.items.length, NAMES.length);
    });
  });

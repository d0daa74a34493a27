/**
 * The extension against the local cloud, inside a real editor: profile with a stored secret, the tree
 * (both regions, containers, folders, a second page), one authentication for many actions, read-only token
 * and metadata documents, a copied curl command run by bash, and revocation.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { SwiftClient } from '../../src/openstack/swift/client';
import type { ContainerNode, FolderNode, ObjectNode, ProfileNode, RegionNode, StorageNode } from '../../src/views/nodes';
import { HttpClient } from '../../src/openstack/http';
import { windowPrompter } from '../../src/ui/prompts';
import { type CloudInfo, regionNames, strictRegionOf } from '../support/cloud';
import { PROFILE_ID, ScriptedPrompter, cloud, demoProfile, editorRegions, extensionApi, findChild, openDocument } from './support';

const CONTAINER = `it-tree-${Date.now().toString(36)}`;
const NAMES = ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'dir/x.txt', 'dir/y.txt', 'e.txt'];
const HOSTILE = 'it\'s a "quoted" $(echo no) ünï ☁.txt';
const PAGE_SIZE = 3;

describe('extension with the local cloud', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let c: CloudInfo;
  /** The container's client per editor region (Swift's RegionOne, RGW's RegionRGW): browse, metadata and curl run on both. */
  const clients = new Map<string, SwiftClient>();
  let prompter: ScriptedPrompter;

  const session = () => api.store.session(PROFILE_ID);
  const authentications = () => session().identity.stats.authentications;
  const isProfile = (n: StorageNode): n is ProfileNode => n.kind === 'profile' && n.profileId === PROFILE_ID;
  const isRegion =
    (name: string) =>
    (n: StorageNode): n is RegionNode =>
      n.kind === 'region' && n.region === name;
  const isContainer = (n: StorageNode): n is ContainerNode => n.kind === 'container' && n.container === CONTAINER;
  const isObject =
    (name: string) =>
    (n: StorageNode): n is ObjectNode =>
      n.kind === 'object' && n.name === name;
  const containerNode = async (region = 'RegionOne') => {
    const profile = await findChild(api, undefined, isProfile);
    return findChild(api, await findChild(api, profile, isRegion(region)), isContainer);
  };

  before(async () => {
    api = await extensionApi();
    c = cloud();
    prompter = new ScriptedPrompter();
    api.prompts.current = prompter;
    await vscode.workspace.getConfiguration().update('openstackStorage.listing.pageSize', PAGE_SIZE, vscode.ConfigurationTarget.Global);
    await api.store.save(demoProfile(c), c.demo.password);
  });

  afterEach(() => prompter.verify());

  after(async () => {
    // The profile and its token stay for the after-reload suite; the data goes.
    for (const client of clients.values()) {
      await client.bulkDelete([...[...NAMES, HOSTILE].map((name) => ({ container: CONTAINER, name })), { container: CONTAINER }]);
    }
    await vscode.workspace.getConfiguration().update('openstackStorage.listing.pageSize', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    api.prompts.current = windowPrompter;
  });

  it('authenticates a profile whose secret is in SecretStorage', async () => {
    const token = await session().token();
    assert.equal(token.user?.name, c.demo.name);
    assert.equal(token.project?.name, c.demo.project);
    assert.equal(token.project?.domain?.name, c.demo.projectDomain);
    assert.equal(authentications(), 1);
    for (const { region } of editorRegions()) {
      const client = await session().swift(region);
      clients.set(region, client);
      await client.createContainer(CONTAINER);
      for (const name of NAMES) await client.putObject(CONTAINER, name, `body of ${name}\n`, { contentType: 'text/plain' });
      await client.putObject(CONTAINER, HOSTILE, 'hostile body\n', { contentType: 'text/plain', headers: { 'X-Object-Meta-Owner': 'Zoë ☁ Ünïcode' } });
    }
  });

  it('lists every region, containers, pseudo-folders and a second page (Swift and RGW)', async () => {
    await api.tree.refresh();
    const profile = await findChild(api, undefined, isProfile);
    const regions = (await api.tree.getChildren(profile)).filter((n): n is RegionNode => n.kind === 'region').map((r) => r.region);
    assert.deepEqual(regions.sort(), regionNames(c).sort());
    for (const { region } of editorRegions()) await browse(region);
  });

  /** Pages of 3 with "Load more", a pseudo-folder, getParent: the same rows from either server. */
  async function browse(region: string): Promise<void> {
    const container = await containerNode(region);
    const first = await api.tree.getChildren(container);
    assert.deepEqual(labels(first), ['a.txt', 'b.txt', 'c.txt', 'loadMore']);
    await api.tree.loadMore(container);
    const second = await api.tree.getChildren(container);
    assert.deepEqual(labels(second), ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'dir/', 'e.txt', 'loadMore']);
    await api.tree.loadMore(container);
    const all = labels(await api.tree.getChildren(container));
    assert.deepEqual(all, ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'dir/', 'e.txt', HOSTILE]);
    const folder = (await api.tree.getChildren(container)).find((n): n is FolderNode => n.kind === 'folder');
    assert.ok(folder);
    assert.deepEqual(labels(await api.tree.getChildren(folder)), ['dir/x.txt', 'dir/y.txt']);
    assert.equal(api.tree.getParent(folder), container, 'getParent makes reveal work');
  }

  it('costs exactly one authentication for many expansions and metadata opens in a token lifetime', async () => {
    await session().signOut();
    const before = authentications();
    for (let i = 0; i < 5; i++) {
      const container = await containerNode();
      await api.tree.refresh(container);
      await api.tree.getChildren(container);
      const object = await findChild(api, container, isObject('a.txt'));
      await vscode.commands.executeCommand('openstackStorage.showMetadata', object);
    }
    assert.equal(authentications() - before, 1);
  });

  it('shows token details in a read-only document, the token id masked', async () => {
    const profile = await findChild(api, undefined, isProfile);
    const token = await session().token();
    await vscode.commands.executeCommand('openstackStorage.showTokenDetails', profile);
    const doc = await openDocument('openstack-token', c.demo.name);
    const text = doc.getText();
    for (const fact of [c.demo.project, c.demo.projectDomain, 'member', 'password', 'RegionOne', 'RegionTwo', token.auditIds[0]]) {
      assert.ok(text.includes(fact), `token details lack ${fact}`);
    }
    assert.ok(token.expiresAt && text.includes(token.expiresAt.toISOString().slice(0, 16)), 'expiry shown');
    assert.ok(!text.includes(token.id), 'the token id must be masked');
    await assertReadOnly(doc);
  });

  for (const { region } of editorRegions()) {
    it(`[${region}] shows object metadata (decoded user metadata, content facts) read-only`, async () => {
      const container = await containerNode(region);
      const object = await findChild(api, container, isObject(HOSTILE));
      await vscode.commands.executeCommand('openstackStorage.showMetadata', object);
      // The hostile object's document of this region (a.txt's, opened by an earlier test, is open too).
      const doc = await openDocument('openstack-meta', `Zoë ☁ Ünïcode`, `region ${region}`);
      const text = doc.getText();
      assert.match(text, /text\/plain/);
      assert.match(text, /13 bytes/);
      assert.ok(text.includes(object.entry.hash), 'ETag shown');
      await assertReadOnly(doc);
    });

    it(`[${region}] copies a curl command that bash runs against the server, whatever the name`, async () => {
      const container = await containerNode(region);
      const object = await findChild(api, container, isObject(HOSTILE));
      const command = await vscode.commands.executeCommand<string>('openstackStorage.copyCurlCommand', object, 'download');
      assert.ok(command.includes('OS_AUTH_TOKEN'));
      const dir = mkdtempSync(join(tmpdir(), 'it-curl-'));
      try {
        execFileSync('bash', ['-c', command], { cwd: dir, stdio: 'pipe' });
        assert.equal(readFileSync(join(dir, HOSTILE), 'utf8'), 'hostile body\n');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('revokes: Swift rejects the old token, it is never sent again, the next action signs in anew', async () => {
    const old = await session().token();
    // Asked where Swift caches no validated token (RegionTwo; RegionOne keeps them 300 s, as real clouds do).
    const strictAccount = (await session().swift(strictRegionOf(c, 'swift').name)).storageUrl;
    const profile = await findChild(api, undefined, isProfile);
    prompter.expectConfirm('Revoke the token', 'Revoke');
    await vscode.commands.executeCommand('openstackStorage.revokeToken', profile);
    assert.equal(await session().currentToken(), undefined);
    const http = new HttpClient();
    const answer = await http.request({ method: 'HEAD', url: strictAccount, headers: { 'x-auth-token': old.id }, accept: () => true });
    assert.equal(answer.status, 401, 'Swift must reject the revoked token');
    const before = authentications();
    const container = await containerNode();
    await api.tree.refresh(container);
    assert.ok((await api.tree.getChildren(container)).length > 0);
    const renewed = await session().token();
    assert.notEqual(renewed.id, old.id);
    assert.equal(authentications() - before, 1);
  });
});

function labels(nodes: StorageNode[]): string[] {
  return nodes.map((n) => (n.kind === 'object' ? n.name : n.kind === 'folder' ? n.prefix : n.kind));
}

/**
 * Virtual documents live on a read-only file system: the editor locks them (the e2e suite types into one),
 * and whatever reaches the in-memory model through the API can never be saved.
 */
async function assertReadOnly(doc: vscode.TextDocument): Promise<void> {
  assert.equal(vscode.workspace.fs.isWritableFileSystem(doc.uri.scheme), false);
  const typed = 'typed by a test\n';
  const edit = new vscode.WorkspaceEdit();
  edit.insert(doc.uri, new vscode.Position(0, 0), typed);
  if (await vscode.workspace.applyEdit(edit)) {
    assert.equal(await doc.save(), false, 'an edited virtual document was saved');
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  // (The token document re-renders its "as of" time on each read: compare what matters.)
  assert.ok(
    !Buffer.from(await vscode.workspace.fs.readFile(doc.uri))
      .toString('utf8')
      .includes(typed),
  );
  assert.ok(!doc.getText().includes(typed));
}

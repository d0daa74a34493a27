/**
 * Sync Folder with Container… and Sync Again through the commands inside a real editor, against the local cloud,
 * prompts answered by the ScriptedPrompter: a push from a container node, a second run that sends nothing, one file
 * edited and only it sent, a dry run written to a document, and "Delete Extras" confirmed before anything goes.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { windowPrompter } from '../../src/ui/prompts';
import type { SwiftClient } from '../../src/openstack/swift/client';
import type { SyncPlan, SyncSummary } from '../../src/openstack/swift/sync';
import type { ContainerNode, ProfileNode, RegionNode, StorageNode } from '../../src/views/nodes';
import { deleteContainers, readAll } from '../support/swiftFixture';
import { writeTree } from '../support/localFiles';
import { PROFILE_ID, ScriptedPrompter, cloud, demoProfile, extensionApi, findChild } from './support';

const CONTAINER = `it-sync-${Date.now().toString(36)}`;
type Result = { plan: SyncPlan; summary?: SyncSummary };

describe('sync through the commands (in-host)', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let swift: SwiftClient;
  let prompter: ScriptedPrompter;
  let work: string;

  const isProfile = (n: StorageNode): n is ProfileNode => n.kind === 'profile' && n.profileId === PROFILE_ID;
  const isRegion = (n: StorageNode): n is RegionNode => n.kind === 'region' && n.region === 'RegionOne';
  const isContainer = (n: StorageNode): n is ContainerNode => n.kind === 'container' && n.container === CONTAINER;

  before(async () => {
    api = await extensionApi();
    const c = cloud();
    if (!api.store.get(PROFILE_ID)) await api.store.save(demoProfile(c), c.demo.password);
    prompter = new ScriptedPrompter();
    api.prompts.current = prompter;
    swift = await api.store.session(PROFILE_ID).swift('RegionOne');
    await swift.createContainer(CONTAINER);
    work = mkdtempSync(join(tmpdir(), 'it-sync-'));
    writeTree(
      work,
      new Map([
        ['index.html', '<h1>site</h1>\n'],
        ['css/site.css', 'body {}\n'],
        ['.swiftignore', 'secret.env\n'],
        ['secret.env', 'not sent\n'],
      ]),
    );
  });

  afterEach(() => prompter.verify());

  after(async () => {
    api.prompts.current = windowPrompter;
    await deleteContainers(swift, [CONTAINER]);
    rmSync(work, { recursive: true, force: true });
  });

  it('pushes a folder from a container node; Sync Again sends nothing; an edited file goes alone', async () => {
    const region = await findChild(api, await findChild(api, undefined, isProfile), isRegion);
    await api.tree.refresh(region);
    const container = await findChild(api, region, isContainer);
    prompter
      .expectOpenFile('Sync which local folder?', [vscode.Uri.file(work)])
      .expectPick('which way?', '$(cloud-upload) Push')
      .expectPick('comparison', '$(sync) Sync');
    const first = await vscode.commands.executeCommand<Result>('openstackStorage.syncFolder', container);
    assert.ok(first?.summary, 'the command ran the sync');
    assert.deepEqual(first.summary.failed, []);
    assert.equal(first.summary.transferred.files, 2);

    prompter.expectPick('comparison', '$(sync) Sync');
    const again = await vscode.commands.executeCommand<Result>('openstackStorage.syncAgain');
    assert.equal(again?.summary, undefined, 'nothing to do: no transfer');
    assert.deepEqual(again?.plan.entries, [], 'nothing listed to do');
    assert.equal(again?.plan.identical.files, 2, 'both files counted as identical');

    writeFileSync(join(work, 'index.html'), '<h1>site, edited</h1>\n');
    // Browse lists what has work to do and counts the identical paths in one row.
    const rows: string[] = [];
    prompter
      .expectPick('comparison', '$(list-flat) Browse the Comparison')
      .expectPickWhere('browse', (item) => {
        rows.push(`${item.label} | ${item.description}`);
        return false;
      })
      .expectPick('comparison', '$(sync) Sync');
    const third = await vscode.commands.executeCommand<Result>('openstackStorage.syncAgain');
    assert.equal(third?.summary?.transferred.files, 1);
    assert.deepEqual(rows, ['$(diff-modified) index.html | changed, 22 bytes', '$(check) 1 identical | not listed; nothing to do']);
    assert.equal((await readAll((await swift.getObject(CONTAINER, 'index.html')).body)).toString(), '<h1>site, edited</h1>\n');
  });

  it('Sync Folder with Container… on a container synced before opens the file dialog on that folder', async () => {
    const region = await findChild(api, await findChild(api, undefined, isProfile), isRegion);
    const container = await findChild(api, region, isContainer);
    prompter.expectOpenFile('Sync which local folder?', undefined);
    const seen = prompter.openDialogs.length;
    await vscode.commands.executeCommand<Result>('openstackStorage.syncFolder', container);
    assert.equal(prompter.openDialogs.length, seen + 1);
    assert.equal(prompter.openDialogs[seen].defaultUri?.fsPath, vscode.Uri.file(work).fsPath);
  });

  it('a dry run writes the plan to a document; extras are deleted only once confirmed', async () => {
    await swift.putObject(CONTAINER, 'stale.txt', Buffer.from('stale'));
    prompter.expectPick('comparison', '$(output) Dry Run');
    await vscode.commands.executeCommand<Result>('openstackStorage.syncAgain');
    const text = vscode.window.activeTextEditor?.document.getText() ?? '';
    assert.ok(text.startsWith('# Sync plan (dry run): push'), text);
    assert.ok(text.includes('- `stale.txt` 5 bytes'), text);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

    prompter.expectPick('comparison', '$(trash) Sync and Delete Extras…').expectConfirm('Delete 1 object', undefined).expectPick('comparison', '$(sync) Sync');
    const kept = await vscode.commands.executeCommand<Result>('openstackStorage.syncAgain');
    assert.equal(kept?.summary, undefined, 'declined: nothing to transfer, nothing deleted');
    assert.equal((await swift.headObject(CONTAINER, 'stale.txt')).bytes, 5);

    prompter.expectPick('comparison', '$(trash) Sync and Delete Extras…').expectConfirm('Delete 1 object', 'Delete Extras');
    const deleted = await vscode.commands.executeCommand<Result>('openstackStorage.syncAgain');
    assert.equal(deleted?.summary?.deleted, 1);
    await assert.rejects(swift.headObject(CONTAINER, 'stale.txt'), /not found|does not exist|404/i);
  });
});

/**
 * Upload and download through the extension's commands inside a real editor, against the local cloud, the
 * dialogs answered through the Prompts stub: Upload Folder… on a container (one file large enough to go as
 * segments), files dropped on a folder through the tree's drag-and-drop controller, Download… of a folder and
 * an object selected together, and the overwrite question on a second download. Self-contained: makes its
 * own container and local folders; creates the test profile only when no earlier suite did (and leaves it for the after-reload suite).
 * Runs on Swift (RegionOne) and Ceph RGW (RegionRGW): one test body, the large object's verification per server.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { windowPrompter } from '../../src/ui/prompts';
import type { SwiftClient } from '../../src/openstack/swift/client';
import type { DownloadPlan, DownloadSummary, UploadSummary } from '../../src/openstack/swift/transfer';
import { UploadDropController } from '../../src/views/uploadDrop';
import type { ContainerNode, ProfileNode, RegionNode, StorageNode } from '../../src/views/nodes';
import { deleteContainers, readAll } from '../support/swiftFixture';
import { readTree, writeTree } from '../support/localFiles';
import { PROFILE_ID, ScriptedPrompter, cloud, demoProfile, editorRegions, extensionApi, findChild, isFolder, isObject } from './support';

const CONTAINER = `it-transfers-${Date.now().toString(36)}`;
const MIB = 1024 * 1024;
const SETTINGS = { largeObjectThresholdMB: 1, segmentSizeMB: 1, concurrency: 3 };

for (const { region: REGION, backend } of editorRegions())
  describe(`transfers through the commands (in-host) [${REGION}]`, function () {
    this.timeout(60_000);
    let api: ExtensionApi;
    let swift: SwiftClient;
    let prompter: ScriptedPrompter;
    let work: string;
    const local = new Map<string, Buffer>([
      ['photos/a "quoted" ü.txt', Buffer.from('first file\n')],
      ['photos/sub dir/100% #1?.bin', randomBytes(1000)],
      ['photos/big.bin', randomBytes(MIB + MIB / 2)],
    ]);

    const isProfile = (n: StorageNode): n is ProfileNode => n.kind === 'profile' && n.profileId === PROFILE_ID;
    const isRegion = (n: StorageNode): n is RegionNode => n.kind === 'region' && n.region === REGION;
    const isContainer = (n: StorageNode): n is ContainerNode => n.kind === 'container' && n.container === CONTAINER;
    const containerNode = async () => {
      const region = await findChild(api, await findChild(api, undefined, isProfile), isRegion);
      await api.tree.refresh(region);
      return findChild(api, region, isContainer);
    };

    before(async () => {
      api = await extensionApi();
      const c = cloud();
      // The profile stays, like storage.test.ts's: the after-reload suite finds and removes it.
      if (!api.store.get(PROFILE_ID)) await api.store.save(demoProfile(c), c.demo.password);
      prompter = new ScriptedPrompter();
      api.prompts.current = prompter;
      const config = vscode.workspace.getConfiguration('openstackStorage.transfers');
      for (const [key, value] of Object.entries(SETTINGS)) await config.update(key, value, vscode.ConfigurationTarget.Global);
      swift = await api.store.session(PROFILE_ID).swift(REGION);
      await swift.createContainer(CONTAINER);
      work = mkdtempSync(join(tmpdir(), 'it-transfers-'));
      writeTree(join(work, 'src'), local);
    });

    afterEach(() => prompter.verify());

    after(async () => {
      api.prompts.current = windowPrompter;
      const config = vscode.workspace.getConfiguration('openstackStorage.transfers');
      for (const key of Object.keys(SETTINGS)) await config.update(key, undefined, vscode.ConfigurationTarget.Global);
      await deleteContainers(swift, [CONTAINER, `${CONTAINER}_segments`]);
      rmSync(work, { recursive: true, force: true });
    });

    it('Upload Folder… on a container uploads the tree (the large file in segments) and the tree shows it', async () => {
      const container = await containerNode();
      prompter.expectOpenFile('Upload a Folder', [vscode.Uri.file(join(work, 'src', 'photos'))]);
      const summary = await vscode.commands.executeCommand<UploadSummary>('openstackStorage.uploadFolder', container);
      assert.ok(summary, 'the command returned its summary (it did not fail)');
      assert.deepEqual(summary.failed, []);
      assert.equal(summary.uploaded.length, 3);
      assert.deepEqual(summary.uploaded.find((u) => u.item.name === 'photos/big.bin')?.segments, { count: 2, reused: 0, size: MIB });
      for (const [rel, body] of local) {
        const { body: stream } = await swift.getObject(CONTAINER, rel);
        assert.ok((await readAll(stream)).equals(body), rel);
      }
      assert.equal((await swift.headObject(CONTAINER, 'photos/big.bin')).staticLargeObject, true);
      // The container was refreshed by the command: the folder is there.
      await findChild(api, await containerNode(), isFolder('photos/'));
    });

    it('files dropped on a folder (text/uri-list, as the Explorer sends them) are uploaded into it', async () => {
      const folder = await findChild(api, await containerNode(), isFolder('photos/'));
      const dropped = join(work, 'dropped ☁ #1.txt');
      writeFileSync(dropped, 'dropped from the explorer\n');
      const data = new vscode.DataTransfer();
      data.set('text/uri-list', new vscode.DataTransferItem(`${vscode.Uri.file(dropped).toString()}\r\n`));
      await new UploadDropController().handleDrop(folder, data, new vscode.CancellationTokenSource().token);
      const { body } = await swift.getObject(CONTAINER, 'photos/dropped ☁ #1.txt');
      assert.equal((await readAll(body)).toString(), 'dropped from the explorer\n');
      await findChild(api, folder, isObject('photos/dropped ☁ #1.txt'));
    });

    it('Download… of a folder and an object selected together writes both, verified; a second time asks before overwriting', async () => {
      const container = await containerNode();
      const folder = await findChild(api, container, isFolder('photos/'));
      const sub = await findChild(api, folder, isFolder('photos/sub dir/'));
      const big = await findChild(api, folder, isObject('photos/big.bin'));
      const target = join(work, 'downloads');
      mkdirSync(target);
      prompter.expectOpenFile('Download 2 items', [vscode.Uri.file(target)]);
      const first = await vscode.commands.executeCommand<{ plan: DownloadPlan; summary: DownloadSummary }>('openstackStorage.download', sub, [sub, big]);
      assert.ok(first, 'the command returned its summary');
      assert.deepEqual(first.summary.failed, []);
      // RGW returns no manifest: the large object is checked against the ETag its segments make (RGW-DIFFERENCES #9).
      assert.deepEqual(first.summary.downloaded.map((d) => d.verified).sort(), ['md5', backend === 'rgw' ? 'segmentsEtag' : 'slo']);
      const got = readTree(target);
      assert.deepEqual([...got.keys()].sort(), ['big.bin', 'sub dir/100% #1?.bin']);
      assert.ok(got.get('big.bin')!.equals(local.get('photos/big.bin')!));
      assert.ok(got.get('sub dir/100% #1?.bin')!.equals(local.get('photos/sub dir/100% #1?.bin')!));

      writeFileSync(join(target, 'big.bin'), 'edited locally');
      prompter.expectOpenFile('Download object "photos/big.bin"', [vscode.Uri.file(target)]).expectConfirm('already exists', 'Skip Existing');
      const second = await vscode.commands.executeCommand<{ plan: DownloadPlan; summary: DownloadSummary }>('openstackStorage.download', big);
      assert.equal(second.summary.kept.length, 1);
      assert.equal(readFileSync(join(target, 'big.bin'), 'utf8'), 'edited locally', 'kept');

      prompter.expectOpenFile('Download object "photos/big.bin"', [vscode.Uri.file(target)]).expectConfirm('already exists', undefined);
      const cancelled = await vscode.commands.executeCommand('openstackStorage.download', big);
      assert.equal(cancelled, undefined, 'dismissing the question cancels silently');
      assert.equal(readFileSync(join(target, 'big.bin'), 'utf8'), 'edited locally');
      assert.deepEqual(
        readdirSync(target).filter((n) => n.endsWith('.part')),
        [],
      );
    });
  });

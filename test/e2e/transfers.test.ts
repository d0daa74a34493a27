/**
 * Upload and download through the UI, in code-server against the local cloud: "Upload Folder…" from a
 * container's context menu, the folder chosen in code-server's own file dialog (typed path + its OK button),
 * the progress notification, the summary, the new pseudo-folder in the tree; then "Download…" on that folder
 * into a local folder, and the bytes on disk compared. Self-contained: its own container and local files; the
 * "Local demo" profile is added through the wizard when no earlier scenario did.
 * (Drag and drop from the Explorer is covered in-host, through the tree's TreeDragAndDropController: playwright
 * cannot hand code-server a drag whose DataTransfer carries the Explorer's resource URIs.)
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { editor } from '../editor/session';
import { deleteContainers, readAll } from '../support/swiftFixture';
import { readTree, writeTree } from '../support/localFiles';
import { createFixture, demoAuthUrl, type Fixture } from './fixture';
import { chooseInFileDialog } from './fileDialog';
import { StorageUi } from './ui';

const PROFILE = 'Local demo';
const MIB = 1024 * 1024;
/** A folder already in the download folder: the (folders-only) file dialog lists it once it has opened that folder. */
const MARKER = 'already-here';

describe('transfers through the UI (e2e)', function () {
  let fx: Fixture;
  let ui: StorageUi;
  let work: string;
  const container = `e2e-upload-${randomBytes(2).toString('hex')}`;
  const files = new Map<string, Buffer>([
    ['photos/holiday "2024" ü.txt', Buffer.from('a text file with a unicode, quoted name\n')],
    ['photos/raw/100% #1.bin', randomBytes(8 * MIB)],
    ['photos/raw/second.bin', randomBytes(8 * MIB)],
    ['photos/notes.md', Buffer.from('# Notes\n')],
  ]);
  const shot = (name: string) => editor().screenshot(name);

  before(async function () {
    this.timeout(180_000);
    ui = new StorageUi(editor());
    fx = await createFixture();
    await fx.swift.RegionOne.createContainer(container);
    work = mkdtempSync(join(tmpdir(), 'oss-e2e-transfers-'));
    writeTree(join(work, 'src'), files);
    mkdirSync(join(work, 'downloads'));
    mkdirSync(join(work, 'downloads', MARKER));
    await ui.startFresh();
    await ui.ensureProfile(PROFILE, demoAuthUrl(fx.cloud), fx.cloud.demo);
  });

  after(async function () {
    this.timeout(60_000);
    if (fx) {
      await deleteContainers(fx.swift.RegionOne, [container]);
      await fx.close();
    }
    if (work) rmSync(work, { recursive: true, force: true });
    await editor().workbench.clearNotifications();
  });

  it('Upload Folder… (context menu, code-server file dialog) uploads the tree with progress; the folder appears', async function () {
    this.timeout(120_000);
    await ui.expand(PROFILE);
    await ui.expand('RegionOne');
    await ui.waitForRow(container);
    await ui.contextMenu(container, 'Upload Folder…');
    await chooseInFileDialog(ui, join(work, 'src', 'photos'), 'Upload', 'raw');
    const progress = ui.toast(/^Uploading to container/);
    try {
      await progress.waitFor({ state: 'visible', timeout: 10_000 });
      await shot('t1-upload-progress');
    } catch {
      // 16 MiB over loopback can finish before the toast is drawn: the summary below still proves the upload.
    }
    const summary = await ui.waitForToast(/^Uploaded 4 files/, 60_000);
    assert.match(summary, new RegExp(`^Uploaded 4 files \\(16\\.0 MiB\\) to container "${container}"\\.$`));
    await ui.expand(container);
    await ui.waitForChildren(container, ['photos']);
    await ui.expand('photos');
    await ui.waitForChildren('photos', ['holiday "2024" ü.txt', 'notes.md', 'raw']);
    await shot('t1-uploaded-folder-in-tree');
    for (const [rel, body] of files) {
      const { body: stream } = await fx.swift.RegionOne.getObject(container, rel);
      assert.ok((await readAll(stream)).equals(body), `the object ${rel} holds the file's bytes`);
    }
  });

  it('Download… on the pseudo-folder writes its files to the chosen folder, byte-exact', async function () {
    this.timeout(120_000);
    await editor().workbench.clearNotifications();
    await ui.contextMenu('photos', 'Download…');
    await chooseInFileDialog(ui, join(work, 'downloads'), 'Download Here', MARKER);
    const summary = await ui.waitForToast(/^Downloaded 4 files/, 60_000);
    assert.match(summary, /each checked against its ETag\.$/);
    await shot('t2-downloaded-folder');
    const got = readTree(join(work, 'downloads'));
    assert.deepEqual([...got.keys()].sort(), [...files.keys()].sort());
    for (const [rel, body] of files) assert.ok(got.get(rel)!.equals(body), `${rel} on disk`);
  });
});

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
    // The settings file says whether an earlier scenario added the profile (the welcome view can flash while
    // the tree loads, so it is no evidence).
    const profiles = (ui.userSettings()['openstackStorage.profiles'] ?? []) as Array<{ name?: string }>;
    if (!profiles.some((p) => p.name === PROFILE)) {
      await ui.addProfile(PROFILE, demoAuthUrl(fx.cloud), fx.cloud.demo);
      await editor().workbench.clearNotifications();
    }
    await ui.waitForRow(PROFILE);
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

/**
 * code-server's open dialog is VS Code's "simple file dialog" (a quick input over the remote file system):
 * the path is typed into its box, then its OK button (labelled with the dialog's openLabel) accepts it once
 * the list shows `entry`, a subfolder of that folder (folder dialogs list folders only).
 */
async function chooseInFileDialog(ui: StorageUi, folder: string, okLabel: string, entry: string): Promise<void> {
  const widget = ui.quickInput;
  const input = widget.locator('.quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  // One input event for the whole path (typed character by character, the dialog can be left listing a parent
  // it navigated to on the way). Accepting before it has navigated into the typed folder would accept the folder
  // it showed before: wait until it lists a subfolder known to be in the typed one; if it did not navigate, take
  // the final "/" back and type it again (the dialog navigates when the value ends with a separator).
  const listed = widget
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: ui.page.locator('.label-name', { hasText: new RegExp(`^\\s*${entry.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }) })
    .first();
  // The dialog puts its starting folder into the box once it has read it; typing before that gets merged
  // with it ("…/workspace//tmp/…"): wait for that first value, and type again whenever the box holds
  // something else than the path typed.
  const wanted = `${folder}/`;
  await input.evaluate(
    (el) =>
      new Promise<void>((done) => {
        const check = () => ((el as unknown as { value: string }).value.endsWith('/') ? done() : setTimeout(check, 50));
        check();
      }),
  );
  await input.fill(wanted);
  for (let attempt = 1; ; attempt++) {
    try {
      await listed.waitFor({ state: 'visible', timeout: 5_000 });
      break;
    } catch (e) {
      if (attempt === 4) throw e;
      if ((await input.inputValue()) !== wanted) {
        await input.fill(wanted);
        continue;
      }
      await input.press('End');
      await input.press('Backspace');
      await input.press('/');
    }
  }
  await editor().screenshot(`t0-file-dialog-${okLabel.toLowerCase().replace(/\s+/g, '-')}`);
  // On a loaded machine the dialog may still be reading the typed folder when the button is clicked, and then
  // ignores the click: clicked again (bounded) until it closes.
  const ok = widget.locator('.quick-input-action a.monaco-button, .quick-input-ok a.monaco-button, a.monaco-button', { hasText: okLabel }).first();
  for (let attempt = 1; ; attempt++) {
    await ok.click({ timeout: 5_000 }).catch(() => undefined);
    try {
      await widget.waitFor({ state: 'hidden', timeout: 10_000 });
      return;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

/**
 * Open as Workspace Folder: a container's context menu adds it to the workspace through the `swift:` file
 * system; the window becomes a multi-root workspace (the editor reloads it), the Explorer shows the container
 * beside the folder that was open, lists its objects and opens one. Own profile and container; the original
 * folder is opened again and the profile removed at the end, so later scenarios find the window as before.
 *
 * An editor race, not the extension's (seen in 1 of 6 runs of this scenario in a row, and in 2 of 3 full runs):
 * code-server keeps user data, hence the new untitled workspace file, on the remote, so the reloaded window
 * starts from VS Code's configuration cache (empty for a new workspace) and then reads the file. Sometimes the
 * window reads it (its cache then holds both folders) but never applies the folders: the Explorer stays on
 * "You have not yet added a folder to the workspace", nothing asks for `swift:` (the extension is not even
 * activated), and a reload shows both folders at once. The test reloads the window in exactly that state,
 * as a user would, and says so in the log.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { editor } from '../editor/session';
import type { HttpClient } from '../../src/openstack/http';
import type { SwiftClient } from '../../src/openstack/swift/client';
import { loadCloud, type CloudInfo } from '../support/cloud';
import { deleteContainers } from '../support/swiftFixture';
import { demoAuthUrl, signIn } from './fixture';
import { StorageUi, VIEW_CONTAINER, waitUntil } from './ui';

const PROFILE = 'Workspace e2e';
const TEXT = 'opened through the swift: file system\n';
/** A name with a right-to-left override and a line break: the Explorer shows it escaped, as the tree does. */
const HIDDEN_NAME = 'two\nlines\u202etxt.md';
const HIDDEN_TEXT = 'the object with the hidden characters\n';

describe('Open as Workspace Folder (e2e)', function () {
  let ui: StorageUi;
  let cloud: CloudInfo;
  let http: HttpClient | undefined;
  let swift: SwiftClient;
  let container: string;
  let profileAdded = false;
  let workspaceEntered = false;
  const shot = (name: string) => editor().screenshot(name);

  before(async function () {
    this.timeout(120_000);
    cloud = loadCloud();
    const signedIn = await signIn(cloud, cloud.demo);
    http = signedIn.http;
    swift = signedIn.swift('RegionOne');
    container = `wsf-e2e-${randomBytes(2).toString('hex')}`;
    await swift.createContainer(container);
    await swift.putObject(container, 'hello.txt', TEXT, { contentType: 'text/plain' });
    await swift.putObject(container, 'docs/guide.md', '# Guide\n', { contentType: 'text/markdown' });
    await swift.putObject(container, HIDDEN_NAME, HIDDEN_TEXT, { contentType: 'text/plain' });
    ui = new StorageUi(editor());
    await ui.startFresh({ closeEditors: true });
  });

  after(async function () {
    this.timeout(120_000);
    try {
      if (workspaceEntered) {
        await editor().openFolder(editor().workspaceDir);
        await editor().workbench.openViewContainer(VIEW_CONTAINER);
      }
      if (profileAdded) {
        await editor()
          .workbench.clearNotifications()
          .catch(() => undefined);
        await ui.removeProfile(PROFILE).catch(() => undefined);
      }
    } finally {
      if (swift) await deleteContainers(swift, [container]).catch(() => undefined);
      await http?.close();
    }
  });

  it('1. the container becomes a workspace folder in the Explorer, which lists its objects and opens one', async function () {
    this.timeout(240_000);
    await ui.addProfile(PROFILE, demoAuthUrl(cloud), cloud.demo);
    profileAdded = true;
    await editor().workbench.clearNotifications();
    await ui.expand(PROFILE);
    await ui.expand('RegionOne');
    const page = editor().page;
    const before = page.url();
    await ui.contextMenu(container, 'Open as Workspace Folder', () => shot('workspace-1-context-menu'));
    // A second folder turns the window into a (new, untitled) multi-root workspace: the page is opened again.
    workspaceEntered = true;
    await waitUntil(
      'the window to open the new workspace',
      async () => page.url(),
      (url) => url !== before && /[?&]workspace=/.test(url),
      {
        timeoutMs: 60_000,
      },
    );
    await editor().workbench.waitForReady();

    // What the extension asked for: the workspace file (named in the address) has the container as a swift: folder.
    const workspaceFile = decodeURIComponent(/[?&]workspace=([^&]+)/.exec(page.url())![1]);
    const stored = JSON.parse(readFileSync(workspaceFile, 'utf8')) as { folders: Array<{ name?: string; uri?: string }> };
    const folder = stored.folders.find((f) => f.uri?.startsWith('swift:'));
    assert.equal(folder?.name, `${container} (${PROFILE}, RegionOne)`, JSON.stringify(stored));
    assert.ok(folder?.uri?.startsWith(`swift:/${container}?`), JSON.stringify(stored));

    // The command shows the Explorer; the reloaded window restores it.
    const explorer = page.locator('.explorer-folders-view');
    const root = explorer.locator('.monaco-list-row', { hasText: `${container} (${PROFILE}, RegionOne)` }).first();
    const noFolders = page.getByText('You have not yet added a folder to the workspace');
    let reloaded = false;
    await waitUntil(
      'the container as a folder of the Explorer',
      async () => {
        if (await root.isVisible()) return true;
        // The editor race of the header: the window has read the file (its cache has the container) and shows no folder.
        if (!reloaded && (await noFolders.isVisible()) && cachedWorkspaceHolds(editor().userDataDir, container)) {
          console.log('[e2e] the multi-root window read its workspace file but shows no folder (editor race): reloading it');
          await shot('workspace-1b-editor-race-before-reload');
          reloaded = true;
          await editor().reload();
        }
        return false;
      },
      (shown) => shown,
      { timeoutMs: 120_000 },
    );
    const roots = await explorer.locator('.monaco-list-row[aria-level="1"]').allInnerTexts();
    assert.ok(
      roots.some((r) => r.includes(basename(editor().workspaceDir))),
      `the folder open before is still there: ${JSON.stringify(roots)}`,
    );
    // Expanded until its objects show: right after the reload, a click can land while the Explorer is still
    // restoring (the row is drawn again and the click lost), or the folder can be read before the extension has
    // registered swift: (an empty folder, kept until it is collapsed and expanded again).
    const file = explorer.locator('.monaco-list-row[aria-level="2"]', { hasText: 'hello.txt' });
    let clickedAt = 0;
    await waitUntil(
      'the container folder to list its objects in the Explorer',
      async () => {
        if (await file.isVisible()) return true;
        const expanded = (await root.getAttribute('aria-expanded')) === 'true';
        // Collapsed: expand it. Expanded for 3 s without its objects: collapse it, to be expanded and read again.
        if (!expanded || Date.now() - clickedAt > 3000) {
          await root.click();
          clickedAt = Date.now();
        }
        return false;
      },
      (shown) => shown,
      { timeoutMs: 60_000 },
    );
    await explorer.locator('.monaco-list-row[aria-level="2"]', { hasText: 'docs' }).waitFor({ state: 'visible' });
    await file.click();
    await ui.waitForTab('hello.txt');
    await waitUntil(
      'the object text in the editor',
      () => ui.activeDocumentText(),
      (t) => t === TEXT,
    );
    // The text exists only in Swift: the Explorer read it through the swift: file system.
    await shot('workspace-2-explorer-object-open');

    // A name with hidden characters: its Explorer row, tab title and breadcrumbs show them escaped, and it opens.
    const hidden = explorer.locator('.monaco-list-row[aria-level="2"]', { hasText: 'two⏎lines⟨U+202E⟩txt.md' });
    await hidden.waitFor({ state: 'visible' });
    const rowsText = (await explorer.locator('.monaco-list-row').allInnerTexts()).join('\n');
    assert.doesNotMatch(rowsText, /\u202e/, 'no raw U+202E in the Explorer');
    await hidden.click();
    await ui.waitForTab('two⏎lines⟨U+202E⟩txt.md');
    await waitUntil(
      'the text of the object with hidden characters',
      () => ui.activeDocumentText(),
      (t) => t === HIDDEN_TEXT,
    );
    await shot('workspace-3-explorer-hidden-characters-escaped');
  });
});

/** Whether VS Code's configuration cache (User/caches/CachedConfigurations/workspaces) has a workspace with `container`. */
function cachedWorkspaceHolds(userDataDir: string, container: string): boolean {
  const dir = join(userDataDir, 'User', 'caches', 'CachedConfigurations', 'workspaces');
  if (!existsSync(dir)) return false;
  return readdirSync(dir).some((id) => {
    const file = join(dir, id, 'workspace.json');
    return existsSync(file) && readFileSync(file, 'utf8').includes(`swift:/${container}?`);
  });
}

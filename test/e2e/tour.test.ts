/**
 * The main flow in a dark theme, for the README's animated image (scripts/readme/animate.sh turns the `tour-…`
 * screenshots into media/readme/main-flow.gif): a profile added through the wizard, the tree, an object opened
 * from it, the object tab's menu with the new actions, and Open Signed-in Terminal on the container, where
 * `swift list` (python-swiftclient, from the terminal's environment alone) lists the container.
 * Self-contained: its own profile and container, removed at the end; the theme is set back.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { editor } from '../editor/session';
import type { HttpClient } from '../../src/openstack/http';
import type { SwiftClient } from '../../src/openstack/swift/client';
import { loadCloud, type CloudInfo } from '../support/cloud';
import { deleteContainers } from '../support/swiftFixture';
import { demoAuthUrl, signIn } from './fixture';
import { StorageUi, skipAfterFirstFailure, waitUntil } from './ui';

const PROFILE = 'My cloud';
const OBJECTS: Record<string, string> = {
  'README.md': '# Team files\n\nShared through OpenStack Swift.\n',
  'photos/beach.jpg': 'not really a photo',
  'reports/2024-q1.csv': 'month,visits\njan,1200\nfeb,1350\nmar,1410\n',
  'reports/2024-q2.csv': 'month,visits\napr,1500\n',
};

describe('the main flow in a dark theme, for the README (e2e)', function () {
  let ui: StorageUi;
  let cloud: CloudInfo;
  let http: HttpClient;
  let swift: SwiftClient;
  let container: string;
  let profileAdded = false;
  let scratch: string;
  skipAfterFirstFailure();
  const shot = (name: string) => editor().screenshot(name);

  /** Preferences: Color Theme, then the theme: the palette turns into the theme picker (runCommand would wait for it to close). */
  const setTheme = async (theme: string) => {
    const page = editor().page;
    const widget = await editor().workbench.openCommandPalette();
    await widget.locator('.quick-input-box input').fill('>Preferences: Color Theme');
    await widget
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: /^Preferences: Color Theme$/ }) })
      .first()
      .click();
    const item = widget
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${theme}$`) }) })
      .first();
    await item.waitFor({ state: 'visible', timeout: 15_000 });
    await item.click();
    await widget.waitFor({ state: 'hidden', timeout: 10_000 });
  };

  before(async function () {
    this.timeout(120_000);
    cloud = loadCloud();
    const signedIn = await signIn(cloud, cloud.demo);
    http = signedIn.http;
    swift = signedIn.swift('RegionOne');
    container = `team-files-${randomBytes(2).toString('hex')}`;
    await swift.createContainer(container);
    for (const [name, body] of Object.entries(OBJECTS)) await swift.putObject(container, name, body, { contentType: 'text/plain' });
    scratch = mkdtempSync(join(tmpdir(), 'e2e-tour-'));
    ui = new StorageUi(editor());
    await ui.startFresh({ closeEditors: true });
    await setTheme('Dark Modern');
  });

  after(async function () {
    this.timeout(60_000);
    try {
      await editor().page.keyboard.press('Escape');
      await editor()
        .workbench.runCommand('Terminal: Kill All Terminals')
        .catch(() => undefined);
      await editor()
        .workbench.runCommand('View: Close All Editors')
        .catch(() => undefined);
      if (profileAdded) {
        await editor()
          .workbench.clearNotifications()
          .catch(() => undefined);
        await ui.removeProfile(PROFILE).catch(() => undefined);
      }
      await setTheme('Light Modern').catch(() => undefined);
    } finally {
      if (swift) await deleteContainers(swift, [container]).catch(() => undefined);
      await http?.close();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('1. adds a profile and browses to a container', async function () {
    this.timeout(120_000);
    await ui.addProfile(PROFILE, demoAuthUrl(cloud), cloud.demo);
    profileAdded = true;
    await editor().workbench.clearNotifications();
    await ui.expand(PROFILE);
    await ui.expand('RegionOne');
    await ui.expand(container);
    await ui.waitForChildren(container, ['README.md', 'photos', 'reports']); // Swift's order: bytes, capitals first
    await ui.expand('reports');
    await ui.waitForChildren('reports', ['2024-q1.csv', '2024-q2.csv']);
    await shot('tour-1-tree');
  });

  it('2. opens an object from the tree; its tab menu has the OpenStack actions', async function () {
    this.timeout(60_000);
    await (await ui.waitForRow('2024-q1.csv')).click();
    await ui.waitForTab('2024-q1.csv');
    await shot('tour-2-object');
    const tab = await ui.waitForTab('2024-q1.csv');
    await tab.click({ button: 'right' });
    const menu = editor().page.locator('.context-view .monaco-menu');
    await menu.waitFor({ state: 'visible', timeout: 10_000 });
    for (const entry of ['Reveal in OpenStack Storage View', 'Show Metadata', 'Copy URL', 'Copy Temp URL…', 'Open in Browser']) {
      await menu.locator(`.action-label[aria-label="${entry}"]`).waitFor({ state: 'visible', timeout: 5_000 });
    }
    await shot('tour-3-tab-menu');
    await editor().page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden', timeout: 10_000 });
    // Copy Path and Copy Name from the tree (the tab's own menu has the editor's Copy Path): what swift and people use.
    const path = await ui.copied(() => ui.contextMenu('2024-q1.csv', ['Copy', 'Copy Path']));
    assert.equal(path, `${container}/reports/2024-q1.csv`);
    assert.equal(await ui.copied(() => ui.contextMenu('2024-q2.csv', ['Copy', 'Copy Name'])), '2024-q2.csv');
  });

  it('3. Open Signed-in Terminal on the container: the first line says when the token expires, and swift list lists the container', async function () {
    this.timeout(90_000);
    await ui.contextMenu(container, 'Open Signed-in Terminal');
    const terminal = editor().page.locator('.terminal-wrapper.active .xterm');
    await terminal.waitFor({ state: 'visible', timeout: 20_000 });
    await terminal.click();
    const out = join(scratch, 'list.txt');
    // tee: the listing shows in the terminal (for the picture) and in a file the test reads.
    await editor().page.keyboard.type(`swift list ${container} | tee ${out}`);
    await editor().page.keyboard.press('Enter');
    const listed = await waitUntil(
      'swift list in the signed-in terminal',
      async () => (existsSync(out) ? readFileSync(out, 'utf8') : ''),
      (text) => text.split('\n').length > Object.keys(OBJECTS).length,
      { timeoutMs: 40_000 },
    );
    assert.deepEqual(listed.trim().split('\n'), Object.keys(OBJECTS).sort());
    const banner = editor().page.locator('.terminal-wrapper.active .xterm-rows, .terminal-wrapper.active .xterm-accessibility-tree');
    await waitUntil(
      'the listing on the terminal screen',
      async () => (await banner.allInnerTexts()).join('\n'),
      (text) => text.includes('reports/2024-q2.csv') || text === '',
      { timeoutMs: 10_000 },
    ).catch(() => undefined); // a canvas renderer has no text in the page: the file above is the proof
    await shot('tour-4-terminal');
  });
});

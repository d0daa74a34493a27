/**
 * Sync and deploy through the UI, in code-server against the local cloud: "Sync Folder with Container…" from a
 * container's context menu, the local folder chosen in code-server's file dialog, Push; the comparison (a quick
 * pick titled with the counts) is shown before anything moves; after the sync the container holds the folder's
 * files. One file is edited and the folder pushed again: the comparison says 1 changed, and only that object is
 * written. Then "Open Website" on the (public, index page set) container opens the browser on its address, which
 * shows the index page. Self-contained: its own container and local files; the "Local demo" profile is added
 * through the wizard when no earlier scenario did. The second push's dialog opens on the folder synced before
 * (the command passes it as the dialog's start), and the dialog helper types only once the dialog has listed its
 * start and clicks OK only while its box holds the typed path.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { setWebsite, websiteUrl } from '../../src/openstack/swift/delivery';
import { editor } from '../editor/session';
import { writeTree } from '../support/localFiles';
import { deleteContainers, readAll } from '../support/swiftFixture';
import { chooseInFileDialog } from './fileDialog';
import { createFixture, demoAuthUrl, type Fixture } from './fixture';
import { StorageUi, skipAfterFirstFailure, waitUntil } from './ui';

const PROFILE = 'Local demo';
const INDEX = '<!doctype html><title>Synced site</title><h1 id="greeting">Hello from a synced folder</h1>\n';

describe('sync and website through the UI (e2e)', function () {
  skipAfterFirstFailure();
  let fx: Fixture;
  let ui: StorageUi;
  let work: string;
  const container = `e2e-sync-${randomBytes(2).toString('hex')}`;
  const files = new Map<string, Buffer>([
    ['index.html', Buffer.from(INDEX)],
    ['about.html', Buffer.from('<h1>About</h1>\n')],
    ['css/site.css', Buffer.from('h1 { color: teal; }\n')],
    ['data/numbers.csv', Buffer.from('a,b\n1,2\n')],
    ['data/blob.bin', randomBytes(64 * 1024)],
    ['notes ü "1".md', Buffer.from('# Notes\n')],
  ]);
  const shot = (name: string) => editor().screenshot(name);
  const site = () => join(work, 'site');

  /** The container's objects: name → [bytes, last modified]. */
  const listing = async () => {
    const out = new Map<string, { bytes: number; modified: string }>();
    for await (const batch of fx.swift.RegionOne.listAllObjects(container, { concurrency: 1 }))
      for (const e of batch) out.set(e.name, { bytes: e.bytes, modified: e.lastModified?.toISOString() ?? '' });
    return out;
  };
  const objectBody = async (name: string) => readAll((await fx.swift.RegionOne.getObject(container, name)).body);

  /** Sync Folder with Container… → the folder → Push; returns the comparison's title, with the pick still open. */
  const startPush = async (): Promise<string> => {
    await editor().workbench.clearNotifications();
    await ui.contextMenu(container, 'Sync Folder with Container…');
    await chooseInFileDialog(ui, site(), 'Sync This Folder', 'css');
    // The next pick names the folder the dialog gave the command: the one typed, never the dialog's start.
    await ui.pick(`Sync ${site()} with container`, 'Push');
    const title = ui.quickInput.locator('.quick-input-title', { hasText: /→ container .*: .* new/ });
    await title.waitFor({ state: 'visible', timeout: 30_000 });
    return (await title.textContent())!.trim();
  };

  before(async function () {
    this.timeout(180_000);
    ui = new StorageUi(editor());
    fx = await createFixture();
    await fx.swift.RegionOne.createContainer(container);
    work = mkdtempSync(join(tmpdir(), 'oss-e2e-sync-'));
    writeTree(site(), files);
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

  it('Sync Folder with Container… shows the comparison first, then pushes the folder', async function () {
    this.timeout(150_000);
    await ui.expand(PROFILE);
    await ui.expand('RegionOne');
    await ui.waitForRow(container);
    const title = await startPush();
    assert.match(
      title,
      new RegExp(`^${escape(site())} → container "${container}": 6 new \\(.*\\), 0 changed \\(0 bytes\\), 0 extra \\(0 bytes\\), 0 identical$`),
    );
    await shot('sync-1-comparison-first-push');
    assert.deepEqual([...(await listing()).keys()], [], 'nothing moved before Sync was picked');
    await ui.pick('6 new', 'Sync');
    const summary = await ui.waitForToast(/^Sync .* → container /, 60_000);
    const bytes = [...files.values()].reduce((a, b) => a + b.length, 0);
    assert.match(summary, new RegExp(`: 6 files sent \\(${bytes} bytes\\), 0 deleted\\.$`));
    const got = await listing();
    assert.deepEqual([...got.keys()].sort(), [...files.keys()].sort());
    for (const [rel, body] of files) assert.ok((await objectBody(rel)).equals(body), `the object ${rel} holds the file's bytes`);
  });

  it('after one file is edited, a second push compares 1 changed and sends only it', async function () {
    this.timeout(150_000);
    const before = await listing();
    const edited = Buffer.from('<h1>About us (edited)</h1>\n');
    writeFileSync(join(site(), 'about.html'), edited);
    const title = await startPush();
    assert.match(title, /: 0 new \(0 bytes\), 1 changed \(27 bytes\), 0 extra \(0 bytes\), 5 identical$/);
    await shot('sync-2-comparison-one-changed');
    await ui.pick('1 changed', 'Sync');
    assert.match(await ui.waitForToast(/^Sync .* → container /, 60_000), /: 1 file sent \(27 bytes\), 0 deleted\.$/);
    assert.ok((await objectBody('about.html')).equals(edited), 'the edited file is in Swift');
    const after = await listing();
    assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort());
    for (const [name, entry] of after) if (name !== 'about.html') assert.equal(entry.modified, before.get(name)!.modified, `${name} was not written again`);
    assert.notEqual(after.get('about.html')!.modified, before.get('about.html')!.modified);
  });

  it('Open Website on the public container opens the browser on its index page', async function () {
    this.timeout(120_000);
    await fx.swift.RegionOne.postContainer(container, { 'x-container-read': '.r:*,.rlistings' });
    await setWebsite(fx.swift.RegionOne, container, { index: 'index.html' });
    await editor().workbench.clearNotifications();
    const opened = editor().context.waitForEvent('page', { timeout: 30_000 });
    await ui.contextMenu(container, 'Open Website');
    // VS Code asks before opening a site that is not trusted (loopback addresses usually are): answered if asked.
    const popup: Page = await Promise.race([
      opened,
      (async () => {
        await ui.confirmDialog(/open the external website/i, 'Open').catch(() => new Promise<never>(() => undefined));
        return opened;
      })(),
    ]);
    await popup.waitForLoadState('load', { timeout: 30_000 }).catch(() => undefined);
    // code-server sends a loopback address through its own port proxy (`/proxy/PORT/`, the path not kept): the page
    // opened must be that of Swift's port; the website's address itself is then loaded in a page of its own.
    const site = new URL(websiteUrl(fx.swift.RegionOne.storageUrl, container));
    assert.match(popup.url(), new RegExp(`^(${escape(site.href)}|http://127\\.0\\.0\\.1:\\d+/proxy/${site.port}/)`));
    const dir = dirname(await shot('sync-3-open-website'));
    await popup.close();
    const page = await editor().context.newPage();
    try {
      await page.goto(site.href, { waitUntil: 'load', timeout: 30_000 });
      await waitUntil(
        'the website to show its index page',
        () =>
          page
            .locator('#greeting')
            .textContent({ timeout: 5_000 })
            .catch(() => ''),
        (t) => t === 'Hello from a synced folder',
        { timeoutMs: 20_000 },
      );
      await page.screenshot({ path: join(dir, 'sync-4-website-index-page.png') });
    } finally {
      await page.close();
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Metadata and access through the UI (clicks, menus, the QuickPick, modal dialogs, the clipboard), against
 * the local cloud: Edit Metadata… on an object, seen in its metadata document; Make Public… through its
 * warning, then fetched anonymously from Node; Copy Temp URL… creating the missing key, the URL fetched with
 * no token. Self-contained: it adds its own profile through the wizard (the Default-domain demo user, whose
 * account has no temp URL key), makes its own container, and removes both at the end, so the editor is left
 * as it found it (storage.test.ts expects a fresh one).
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { editor } from '../editor/session';
import type { HttpClient } from '../../src/openstack/http';
import type { SwiftClient } from '../../src/openstack/swift/client';
import { swiftUrl } from '../../src/openstack/swift/names';
import { loadCloud, regionNames, type CloudInfo } from '../support/cloud';
import { deleteContainers } from '../support/swiftFixture';
import { demoAuthUrl, signIn } from './fixture';
import { StorageUi, skipAfterFirstFailure, waitUntil } from './ui';

const PROFILE = 'Access e2e';
const OBJECT = 'notes – Zoë ☁.txt';
const BODY = 'shared through the e2e suite ☁\n';

describe('metadata and access through the UI (e2e)', function () {
  let ui: StorageUi;
  let cloud: CloudInfo;
  let http: HttpClient;
  let swift: SwiftClient;
  let container: string;
  let profileAdded = false;
  skipAfterFirstFailure();
  const shot = (name: string) => editor().screenshot(name);
  const anonymous = async (url: string) => {
    const res = await http.request({ method: 'GET', url, accept: () => true });
    return { status: res.status, text: await res.text() };
  };

  before(async function () {
    this.timeout(120_000);
    cloud = loadCloud();
    const signedIn = await signIn(cloud, cloud.demoDefault);
    http = signedIn.http;
    swift = signedIn.swift('RegionOne');
    if ((await swift.headAccount()).tempUrlKeys.length) throw new Error('the Default-domain demo account has a temp URL key: this suite needs one without');
    container = `e2e-access-${randomBytes(2).toString('hex')}`;
    await swift.createContainer(container);
    await swift.putObject(container, OBJECT, BODY, { contentType: 'text/plain', headers: { 'x-object-meta-owner': 'ops' } });

    ui = new StorageUi(editor());
    await ui.startFresh({ closeEditors: true });
  });

  after(async function () {
    this.timeout(60_000);
    try {
      if (profileAdded) {
        await editor()
          .workbench.clearNotifications()
          .catch(() => undefined);
        await ui.removeProfile(PROFILE);
      }
      await editor().page.keyboard.press('Escape');
      await editor()
        .workbench.runCommand('View: Close All Editors')
        .catch(() => undefined);
    } finally {
      if (swift) await deleteContainers(swift, [container]).catch(() => undefined);
      await http?.close();
    }
  });

  it('1. adds a profile for a user whose account has no temp URL key, and finds the container', async function () {
    this.timeout(90_000);
    await ui.addProfile(PROFILE, demoAuthUrl(cloud), cloud.demoDefault);
    profileAdded = true;
    await editor().workbench.clearNotifications();
    await ui.expand(PROFILE);
    await ui.waitForChildren(PROFILE, regionNames(loadCloud()));
    await ui.expand('RegionOne');
    await ui.waitForRow(container);
    await ui.expand(container);
    await ui.waitForChildren(container, [OBJECT]);
  });

  it('2. Edit Metadata… adds a unicode key through the QuickPick; the metadata document shows it', async () => {
    await ui.contextMenu(OBJECT, 'Edit Metadata…');
    await ui.pick('Edit Metadata', 'Add Key…');
    await ui.answer('Edit Metadata: new key', /^Key/, 'Reviewed-By');
    await ui.answer('Edit Metadata: value of "reviewed-by"', /^Any text/, 'Zoë Ünïcode ✓');
    await ui.pick('Edit Metadata', 'Apply Changes', () => shot('access-1-edit-metadata-quickpick'));
    await ui.waitForTab(`${OBJECT} (metadata).md`);
    const text = await waitUntil(
      'the document to show the new key',
      () => ui.activeDocumentText(),
      (t) => t.includes('reviewed-by'),
    );
    assert.match(text, /\| `owner`\s*\| `ops`\s*\|/);
    assert.match(text, /\| `reviewed-by`\s*\| `Zoë Ünïcode ✓`\s*\|/);
    await shot('access-2-metadata-after-edit');
    const info = await swift.headObject(container, OBJECT);
    assert.deepEqual(info.meta, { owner: 'ops', 'reviewed-by': 'Zoë Ünïcode ✓' });
    assert.equal(info.contentType, 'text/plain');
  });

  it('3. Make Public… warns in a modal dialog; afterwards anyone can read the object with no token', async () => {
    const url = swiftUrl(swift.storageUrl, container, OBJECT);
    assert.equal((await anonymous(url)).status, 401);
    // Nothing is known of its access yet: both offers are in the Access submenu.
    assert.deepEqual(
      (await ui.contextMenuEntries(container, 'Access')).filter((e) => /^Make (Public|Private)/.test(e)),
      ['Make Public…', 'Make Private'],
    );
    await ui.contextMenu(container, ['Access', 'Make Public…']);
    await editor().page.locator('.monaco-dialog-box').waitFor({ state: 'visible', timeout: 10_000 });
    await shot('access-3-make-public-warning');
    const said = await ui.confirmDialog(/Anyone on the internet will be able to read every object in it and list its names/, 'Make Public');
    assert.match(said, new RegExp(`Make container "${container}" public\\?`));
    await ui.waitForToast(/is public: anyone can read and list it/);
    assert.deepEqual(await anonymous(url), { status: 200, text: BODY });
    await waitUntil(
      'the container row to say public',
      () => ui.rows(),
      (rows) => / · public$/.test(rows.find((r) => r.label === container)?.description ?? ''),
    );
    await shot('access-4-container-public-in-tree');
    // Known public now: the submenu offers only Make Private.
    const access = await ui.contextMenuEntries(container, 'Access', () => shot('access-4-access-submenu-public'));
    assert.ok(access.includes('Make Private') && !access.includes('Make Public…'), access.join(' | '));
    await ui.contextMenu(container, ['Access', 'Make Private']);
    await ui.waitForToast(/is private again/);
    assert.equal((await anonymous(url)).status, 401);
  });

  it('4. Copy Temp URL… creates the missing key after a confirmation; the copied URL works with no token', async () => {
    await editor().workbench.clearNotifications();
    const url = await ui.copied(async () => {
      await ui.contextMenu(OBJECT, ['Copy', 'Copy Temp URL…']);
      await ui.pick('No temp URL key is set', 'Create a Container Key');
      await editor().page.locator('.monaco-dialog-box').waitFor({ state: 'visible', timeout: 10_000 });
      await shot('access-5-create-temp-url-key');
      await ui.confirmDialog(/A random 256-bit key is stored in its metadata/, 'Create Key');
      await ui.pick('Temp URL for which method?', 'GET');
      await ui.pick('The temp URL stays valid for', '1 hour');
      await ui.waitForToast(/^Copied a GET temp URL for object/);
    });
    await shot('access-6-temp-url-copied');
    assert.match(url, /\?temp_url_sig=[0-9a-f]{64}&temp_url_expires=\d+$/);
    assert.deepEqual(await anonymous(url), { status: 200, text: BODY });
    const key = (await swift.headContainer(container)).tempUrlKeys[0];
    assert.ok(key, 'the container has its new key');
    assert.ok(!(await editor().page.locator('body').innerText()).includes(key), 'the key is not on screen');
  });
});

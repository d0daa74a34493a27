/**
 * The Ceph RGW region (RegionRGW) through the UI, with screenshots: the region beside the Swift ones in the tree, a
 * container of RGW with a pseudo-folder and a large object (its size from the HEAD, not the manifest's), and the
 * metadata document of an object named with spaces and unicode. The heavy RGW work (transfers, 2,100-object delete,
 * edit/save with the conflict check, search, curl) runs in the in-host suites on both regions (editorRegions()).
 * Self-contained: adds a profile through the wizard when the editor has none (removed at the end), its own container.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { editor } from '../editor/session';
import { regionOf } from '../support/cloud';
import { SwiftFixture, deleteContainers, swiftFixture } from '../support/swiftFixture';
import { demoAuthUrl } from './fixture';
import { StorageUi } from './ui';

const OBJECT = 'notes/Zoë ☁ report 2024.txt';
const BODY = 'Served by Ceph RGW ☁\n';
const MIB = 1024 * 1024;

describe('Ceph RGW region through the UI (e2e)', function () {
  let f: SwiftFixture;
  let ui: StorageUi;
  let container: string;
  let profile: string;
  let addedProfile = false;
  const shot = (name: string) => editor().screenshot(name);

  before(async function () {
    this.timeout(180_000);
    ui = new StorageUi(editor());
    f = await swiftFixture('rgw');
    container = `e2e-rgw-${randomBytes(2).toString('hex')}`;
    await f.swift.createContainer(container);
    await f.swift.putObject(container, OBJECT, BODY, { contentType: 'text/plain', headers: { 'X-Object-Meta-Owner': 'Zoë ☁' } });
    await f.swift.putObject(container, 'readme.txt', 'top level\n', { contentType: 'text/plain' });
    // A static large object of two 1 MiB segments: RGW lists its manifest's size; the tree must show 2 MiB.
    const segments = `${container}_segments`;
    await f.swift.createContainer(segments);
    const manifest = [];
    for (const i of [0, 1]) {
      const body = Buffer.alloc(MIB, i + 1);
      const put = await f.swift.putObject(segments, `big/${i}`, body);
      manifest.push({ path: `/${segments}/big/${i}`, etag: put.etag, size_bytes: MIB });
    }
    const put = await f.http.request({
      method: 'PUT',
      url: `${f.storageUrl}/${container}/big.bin?multipart-manifest=put`,
      headers: { 'x-auth-token': await f.tokens.token() },
      body: JSON.stringify(manifest),
    });
    await put.dump();
    await ui.startFresh({ closeEditors: true });
    ({ profile, added: addedProfile } = await ui.profileOrWizard('RGW demo', demoAuthUrl(f.cloud), f.cloud.demo));
  });

  after(async function () {
    this.timeout(120_000);
    await editor()
      .workbench.runCommand('View: Close All Editors')
      .catch(() => undefined);
    if (addedProfile) await ui.removeProfile(profile);
    if (f) {
      await deleteContainers(f.swift, [container, `${container}_segments`]);
      await f.http.close();
    }
  });

  it('1. RegionRGW shows beside the Swift regions; its container lists a folder, objects and the large object at its real size', async function () {
    this.timeout(120_000);
    const rgw = regionOf(f.cloud, 'rgw').name;
    await ui.expand(profile);
    await ui.waitForRow('RegionOne');
    await ui.expand(rgw);
    await ui.expand(container);
    const rows = await ui.waitForChildren(container, ['big.bin', 'notes', 'readme.txt']);
    assert.match(rows[0].description, /^2\.00 MiB · /, "the large object at its real size (RGW lists the manifest's)");
    await ui.expand('notes');
    await ui.waitForChildren('notes', [OBJECT.slice('notes/'.length)]);
    await shot('rgw-1-tree');
  });

  it('2. Show Metadata on an RGW object opens the read-only document with its user metadata and size', async function () {
    this.timeout(120_000);
    const label = OBJECT.slice('notes/'.length);
    await ui.inlineAction(label, 'Show Metadata');
    await ui.waitForTab(`${label} (metadata).md`);
    const text = await ui.activeDocumentText();
    assert.ok(text.startsWith(`# Object \`${OBJECT}\` in container \`${container}\``), text.slice(0, 200));
    assert.match(text, /\| `owner`\s*\| `Zoë ☁`\s*\|/);
    assert.match(text, new RegExp(`\\*\\*Size\\*\\*\\s*\\| ${Buffer.byteLength(BODY)} bytes`));
    assert.match(text, /region RegionRGW/);
    await shot('rgw-2-metadata-document');
  });
});

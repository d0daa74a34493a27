/**
 * The tree redrawn while a folder's listing is still in flight: the folder is expanded, its listing is held at a
 * front door in front of Swift (test/support/frontDoor.ts), and "Load more…" redraws the container meanwhile. The
 * editor then asks for the folder's children again before the first answer came. In VS Code 1.100 the late first
 * answer was registered under the folder node the redraw had replaced, and every later answer for that folder
 * failed with "Element with id … is already registered" (seen once in a CI run of storage.test's step 2, where
 * "Load more…" followed Clear Filter while `notes` listed again). See src/views/childrenRequests.ts.
 * Reuses the running editor (no reload); its own profile, container and front doors, removed at the end.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { editor } from '../editor/session';
import { loadCloud, regionOf, type CloudInfo } from '../support/cloud';
import { openDoors, type Doors, type FrontDoor } from '../support/frontDoor';
import { deleteContainers } from '../support/swiftFixture';
import { signIn, type SignedIn } from './fixture';
import { StorageUi, VIEW_CONTAINER, waitUntil } from './ui';

const PROFILE = 'Redraw e2e';
const PAGE_SIZE = 3;
const PAGE_SETTING = 'openstackStorage.listing.pageSize';
/** Pages large enough that the region lists every container at once (other suites leave theirs). */
const WHOLE_PAGES = 1000;
const FOLDER = 'a-folder'; // listed first (Swift lists in byte order), so on the first page
const FOLDER_OBJECTS = ['a.txt']; // and one added before the Refresh: fewer than a page, so no "Load more…"
const FILES = ['e-1.txt', 'e-2.txt', 'e-3.txt', 'e-4.txt'];
/** How long the folder's listing stays held after the second page came: the editor's redraws take milliseconds. */
const REDRAWS_SETTLE_MS = 3_000;

describe('The tree redrawn while a folder lists (e2e)', function () {
  let ui: StorageUi;
  let cloud: CloudInfo;
  let doors: Doors | undefined;
  /** The door in front of the region's Swift, which holds the folder's listing. */
  let swiftDoor: FrontDoor;
  let signedIn: SignedIn | undefined;
  let profileAdded = false;
  let pageSizeBefore: unknown;
  const container = `e2e-redraw-${randomBytes(2).toString('hex')}`;
  const shot = (name: string) => editor().screenshot(name);

  before(async function () {
    this.timeout(120_000);
    cloud = loadCloud();
    const region = regionOf(cloud, 'swift');
    // Keystone behind a door whose catalog sends each region's requests to a door of its own, which can hold them.
    doors = await openDoors(cloud);
    swiftDoor = doors.swift[cloud.regions.indexOf(region)];
    signedIn = await signIn(cloud);
    const swift = signedIn.swift(region.name);
    await swift.createContainer(container);
    for (const name of [...FOLDER_OBJECTS.map((o) => `${FOLDER}/${o}`), ...FILES]) await swift.putObject(container, name, `body of ${name}\n`);

    ui = new StorageUi(editor());
    await editor().workbench.openViewContainer(VIEW_CONTAINER);
    await editor().workbench.clearNotifications();
    pageSizeBefore = ui.userSettings()[PAGE_SETTING];
    await ui.setNumberSetting(PAGE_SETTING, /Page Size/, WHOLE_PAGES);
    await ui.addProfile(PROFILE, doors.authUrl, cloud.demo);
    profileAdded = true;
    await editor().workbench.clearNotifications();
  });

  after(async function () {
    this.timeout(60_000);
    try {
      if (profileAdded) await ui.removeProfile(PROFILE).catch(() => undefined);
      if (typeof pageSizeBefore === 'number') await ui.setNumberSetting(PAGE_SETTING, /Page Size/, pageSizeBefore).catch(() => undefined);
      if (signedIn) await deleteContainers(signedIn.swift(regionOf(cloud, 'swift').name), [container]);
    } finally {
      await signedIn?.http.close();
      await doors?.close();
    }
  });

  it('a folder still listing when "Load more…" redraws its container: its children show, no error; Refresh lists both again', async () => {
    const region = regionOf(cloud, 'swift').name;
    const firstPage = [FOLDER, ...FILES.slice(0, PAGE_SIZE - 1)];
    await ui.viewTitleAction('Collapse All'); // other scenarios' profiles show the same region names
    await ui.expand(PROFILE);
    await ui.expand(region);
    await ui.waitForRow(container);
    await ui.setNumberSetting(PAGE_SETTING, /Page Size/, PAGE_SIZE); // read at each request: the container's pages
    await ui.expand(container);
    await ui.waitForChildren(container, [...firstPage, 'Load more…']);

    const recorded = await ui.recordProgress();
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const isFolderListing = (path: string) => path.includes(`/${container}?`) && path.includes(`prefix=${FOLDER}%2F`);
    swiftDoor.fault = (r) => (r.method === 'GET' && isFolderListing(r.path) ? { kind: 'hold', until: released } : undefined);
    try {
      // The twistie, not ui.expand: the row shows expanded only once its children came, and they are held.
      await (await ui.waitForRow(FOLDER)).locator('.monaco-tl-twistie').click();
      await waitUntil(
        "the folder's listing to reach the front door",
        async () => swiftDoor.seen((r) => r.fault === 'hold').length,
        (n) => n >= 1,
      );
      await (await ui.waitForRow('Load more…')).click();
      const secondPage = (r: { method: string; path: string }) => r.method === 'GET' && r.path.includes(`marker=${FILES[PAGE_SIZE - 2]}`);
      await waitUntil(
        'the second page to be asked for',
        async () => swiftDoor.seen(secondPage).length,
        (n) => n >= 1,
      );
      // Nothing outside the editor shows when it has asked for the folder's children again (the answers wait on
      // the same listing): the redraws, of "Loading more…" and of the page, take milliseconds.
      await new Promise((r) => setTimeout(r, REDRAWS_SETTLE_MS));
    } finally {
      release();
      swiftDoor.fault = undefined;
    }
    await ui.waitForChildren(container, [FOLDER, ...FILES]);
    await ui.waitForChildren(FOLDER, FOLDER_OBJECTS);
    await shot('redraw-1-folder-listed-after-load-more');

    // Refresh lists the container again from its first page, and the folder (still expanded) with it: an object
    // added meanwhile shows only if the folder's new answer was taken (before the fix, every later answer failed).
    const added = 'b.txt';
    await signedIn!.swift(region).putObject(container, `${FOLDER}/${added}`, 'added before the refresh\n');
    await ui.contextMenu(container, 'Refresh');
    await ui.waitForChildren(container, [...firstPage, 'Load more…']);
    await ui.waitForChildren(FOLDER, [...FOLDER_OBJECTS, added]);
    const { notifications } = await recorded();
    assert.deepEqual(notifications, [], 'no notification');
    await shot('redraw-2-refreshed');
  });
});

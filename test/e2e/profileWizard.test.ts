/**
 * The add-profile wizard as one multi-step input: a malformed auth URL is explained while it is typed (and
 * Enter does not go on), Back returns to the step before with its answer kept, and the optional Advanced part
 * (auth version, region, interface, CA file with its own check, certificate checks with their warning) ends in
 * a profile with those settings. Then, with that profile, Copy To… lists the containers with the view's
 * progress bar and no "Connecting…" notification. Own profile and container, removed at the end.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { editor } from '../editor/session';
import type { HttpClient } from '../../src/openstack/http';
import type { SwiftClient } from '../../src/openstack/swift/client';
import { loadCloud, type CloudInfo } from '../support/cloud';
import { deleteContainers } from '../support/swiftFixture';
import { demoAuthUrl, signIn } from './fixture';
import { StorageUi, WIZARD_TITLE, skipAfterFirstFailure } from './ui';

const PROFILE = 'Wizard e2e';
const T = WIZARD_TITLE;

describe('the profile wizard: Back, validation while typing, Advanced; short reads in the view (e2e)', function () {
  let ui: StorageUi;
  let cloud: CloudInfo;
  let http: HttpClient | undefined;
  let swift: SwiftClient;
  let container: string;
  let profileAdded = false;
  skipAfterFirstFailure();
  const shot = (name: string) => editor().screenshot(name);

  before(async function () {
    this.timeout(120_000);
    cloud = loadCloud();
    const signedIn = await signIn(cloud, cloud.demo);
    http = signedIn.http;
    swift = signedIn.swift('RegionTwo');
    container = `wizard-e2e-${randomBytes(2).toString('hex')}`;
    await swift.createContainer(container);
    await swift.putObject(container, 'note.txt', 'a note\n', { contentType: 'text/plain' });
    ui = new StorageUi(editor());
    await ui.startFresh({ closeEditors: true });
  });

  after(async function () {
    this.timeout(60_000);
    try {
      await editor().page.keyboard.press('Escape');
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

  it('1. a malformed auth URL is explained while typing and Enter does not go on; Back keeps the answers', async function () {
    this.timeout(90_000);
    await ui.viewTitleAction('Add Profile…');
    await ui.answer(`${T} (1/8)`, /^A name for this account/, PROFILE);
    // No Back on the first step; from the second on, there is.
    await ui.typeAnswer(`${T} (2/8)`, /^Auth URL/, 'keystone.example.com:5000/v3');
    // The message follows the text as it is typed; for the whole text it is this one.
    const refusal = await ui.waitForInputMessage(/^The auth URL must start with http:\/\/ or https:\/\//);
    await shot('wizard-1-validation-while-typing');
    await ui.page.keyboard.press('Enter');
    // Still the same step: the refused answer did not go through.
    assert.equal(await ui.quickInputValue(`${T} (2/8)`), 'keystone.example.com:5000/v3');
    assert.equal(await ui.waitForInputMessage(/must start with http/), refusal);

    // The message shows the refusal, not the prompt, until the text is fixed.
    await ui.answer(`${T} (2/8)`, /auth URL/i, demoAuthUrl(cloud));
    await ui.pick(`${T} (3/8)`, 'Password');
    await ui.answer(`${T} (4/8)`, /^User name/, cloud.demo.name);
    await ui.typeAnswer(`${T} (5/8)`, /^User domain name/, cloud.demo.domain);
    await ui.quickInputBack();
    // Back on step 5: step 4 again, with the user name typed there.
    assert.equal(await ui.quickInputValue(`${T} (4/8)`), cloud.demo.name);
    await shot('wizard-2-back-keeps-the-answer');
    await ui.quickInputBack();
    await ui.quickInputValue(`${T} (3/8)`); // the pick of the auth type, before going further back
    await ui.quickInputBack();
    assert.equal(await ui.quickInputValue(`${T} (2/8)`), demoAuthUrl(cloud), 'two steps further back: the auth URL as answered');
    await ui.quickInputBack();
    assert.equal(await ui.quickInputValue(`${T} (1/8)`), PROFILE);
    assert.equal(await ui.quickInput.locator('.quick-input-left-action-bar .action-label').count(), 0, 'no Back on the first step');
    // Forward again through the kept answers.
    await ui.answer(`${T} (1/8)`, /^A name for this account/, PROFILE);
    await ui.answer(`${T} (2/8)`, /^Auth URL/, demoAuthUrl(cloud));
    await ui.pick(`${T} (3/8)`, 'Password');
    await ui.answer(`${T} (4/8)`, /^User name/, cloud.demo.name);
    await ui.answer(`${T} (5/8)`, /^User domain name/, cloud.demo.domain);
    await ui.answer(`${T} (6/8)`, /^Project name/, cloud.demo.project);
    await ui.answer(`${T} (7/9)`, /^Project domain name/, cloud.demo.projectDomain);
    await ui.answer(`${T} (8/9)`, /^Password/, cloud.demo.password);
  });

  it('2. the Advanced step: auth version, region, interface, a CA file checked as typed, the insecure warning', async function () {
    this.timeout(90_000);
    await ui.pick(`${T} (9/9)`, 'Advanced…', () => shot('wizard-3-sign-in-or-advanced'));
    await ui.pick(`${T} (10/14)`, 'Keystone v3');
    await ui.answer(`${T} (11/14)`, /^Preferred region/, 'RegionTwo');
    await ui.pick(`${T} (12/14)`, 'Public');
    await ui.typeAnswer(`${T} (13/14)`, /^CA bundle/, 'certs/ca.pem');
    await ui.waitForInputMessage(/^Enter an absolute path/);
    await shot('wizard-4-ca-file-must-be-absolute');
    await ui.answer(`${T} (13/14)`, /.*/, '');
    const warning = ui.quickInput.locator('.quick-input-list .monaco-list-row', { hasText: 'Do not verify certificates (insecure)' });
    await warning.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await warning.innerText(), /password and token could be read on the way/);
    await shot('wizard-5-insecure-with-its-warning');
    await ui.pick(`${T} (14/14)`, 'Verify certificates');

    const saved = await ui.waitForToast(/Profile "Wizard e2e" saved/);
    profileAdded = true;
    assert.equal(saved, 'Profile "Wizard e2e" saved: signed in as demo on project demo.');
    const profile = (ui.userSettings()['openstackStorage.profiles'] as Array<Record<string, unknown>>).find((p) => p.name === PROFILE);
    assert.deepEqual(
      { ...profile, id: undefined },
      {
        id: undefined,
        name: PROFILE,
        authUrl: demoAuthUrl(cloud),
        authVersion: 'v3',
        authType: 'password',
        username: cloud.demo.name,
        userDomain: cloud.demo.domain,
        project: cloud.demo.project,
        projectDomain: cloud.demo.projectDomain,
        region: 'RegionTwo',
      },
      'the Advanced answers are in the settings; the defaults (public, certificates checked) are left out; no password',
    );
    await editor().workbench.clearNotifications();
  });

  it("3. Copy To… lists the containers with the view's progress bar, not a Connecting… notification", async function () {
    this.timeout(90_000);
    await ui.expand(PROFILE);
    await ui.expand('RegionTwo');
    await ui.expand(container);
    await ui.waitForRow('note.txt');
    const recorded = await ui.recordProgress();
    await ui.contextMenu('note.txt', 'Copy To…');
    const item = ui.quickInput.locator('.quick-input-list .monaco-list-row', { hasText: container });
    await item.first().waitFor({ state: 'visible', timeout: 20_000 });
    const { notifications, viewProgress } = await recorded();
    await shot('wizard-6-copy-to-containers-listed');
    assert.ok(viewProgress, "the view's progress bar ran while connecting and listing");
    assert.deepEqual(
      notifications.filter((n) => /Connecting|Listing|Signing in/.test(n)),
      [],
      `no notification for the short reads: ${JSON.stringify(notifications)}`,
    );
    await ui.page.keyboard.press('Escape');
    await ui.quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
  });
});

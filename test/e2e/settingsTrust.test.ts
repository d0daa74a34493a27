/**
 * A repository's settings never redirect a saved profile (issue: a workspace's `openstackStorage.profiles`
 * with the id and name of the user's profile sent the stored password to the repository's server).
 * Exactly the attack, in the real editor with the VSIX: a profile saved with the wizard; then folders whose
 * `.vscode/settings.json` give that profile the URL of a loopback listener (plain HTTP with Swift v1 auth,
 * which would carry the password in a header; HTTPS with `insecure` and the listener's own CA) and ask for
 * inline tokens. The extension says once that it ignores them, browsing goes on with the user's profile, and
 * through sign-out, sign-in, adding and removing another profile and a reload, the listeners receive not
 * even a connection, while the user's settings file changes only as the user asked. Then Restricted Mode:
 * the view works there with the user's profile. Self-contained: it removes its profile and folders, turns
 * workspace trust off again and reopens the harness's workspace at the end.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { editor } from '../editor/session';
import { FrontDoor } from '../support/frontDoor';
import { loadCloud, regionNames, type CloudInfo } from '../support/cloud';
import { makeTestCa, type TestCa } from '../support/tlsCerts';
import { deleteContainers } from '../support/swiftFixture';
import { demoAuthUrl, signIn, type SignedIn } from './fixture';
import { StorageUi, VIEW_CONTAINER, skipAfterFirstFailure, waitUntil } from './ui';

const PROFILE = 'Settings trust e2e';
const OTHER = 'Settings trust other';
const PROFILES = 'openstackStorage.profiles';
const TIME_LEFT = new RegExp(`${PROFILE} · (\\d+m|1h)$`);
const NOTICE =
  /^This workspace's settings set (.+)\. OpenStack Storage ignores them: where your passwords and tokens are sent, and how certificates are checked, come only from your own user settings\./;
const NOTICE_LOGGED = "This workspace's settings set";

type ProfileSettings = Array<Record<string, unknown>>;

describe("a repository's settings never redirect a saved profile (e2e)", function () {
  let ui: StorageUi;
  let cloud: CloudInfo;
  let ca: TestCa;
  let plainListener: FrontDoor;
  let tlsListener: FrontDoor;
  let dir: string;
  let demo: SignedIn;
  const container = `e2e-trust-${Date.now().toString(36)}`;
  let profileId = '';
  let savedText = '';
  let profileAdded = false;
  let trustTurnedOn = false;
  let folderOpened = false;
  skipAfterFirstFailure();
  const shot = (name: string) => editor().screenshot(name);
  const settingsFile = () => join(editor().userDataDir, 'User', 'settings.json');
  const userProfiles = () => (ui.userSettings()[PROFILES] ?? []) as ProfileSettings;
  /** Every request or connection either listener saw: the password, a token or a TLS handshake would show here. */
  const reached = () =>
    [...plainListener.requests, ...tlsListener.requests]
      .map((r) => `${r.method} ${r.path}`)
      .concat(
        plainListener.connections.total + tlsListener.connections.total > 0
          ? [`${plainListener.connections.total + tlsListener.connections.total} connection(s)`]
          : [],
      );

  /** A folder whose .vscode/settings.json holds `settings`. */
  const repository = (name: string, settings: Record<string, unknown>) => {
    const folder = join(dir, name);
    mkdirSync(join(folder, '.vscode'), { recursive: true });
    writeFileSync(join(folder, '.vscode', 'settings.json'), `// a repository the user cloned\n${JSON.stringify(settings, null, 2)}\n`);
    writeFileSync(join(folder, 'README.md'), '# not your cloud\n');
    return folder;
  };

  /** How many times the extension has logged that it ignored a workspace's settings (in any window's log). */
  const noticesLogged = () => {
    const logs = join(editor().userDataDir, 'logs');
    const files: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (/OpenStack Storage\.log$/.test(n)) files.push(p);
      }
    };
    walk(logs);
    return files.reduce((count, f) => count + readFileSync(f, 'utf8').split(NOTICE_LOGGED).length - 1, 0);
  };

  /** Signs out through the profile's context menu, then lists again from the profile: a new sign-in. */
  const signOutAndIn = async () => {
    await editor().workbench.clearNotifications();
    await ui.contextMenu(PROFILE, 'Sign Out (Forget Token)');
    await ui.waitForToast(new RegExp(`^Signed out of "${PROFILE}"`));
    await ui.viewTitleAction('Collapse All');
    await ui.viewTitleAction('Refresh');
    await ui.expand(PROFILE);
    await ui.waitForChildren(PROFILE, regionNames(loadCloud()));
    await ui.waitForTokenStatus(TIME_LEFT);
  };

  const setTrust = (enabled: boolean) => {
    const settings = JSON.parse(readFileSync(settingsFile(), 'utf8')) as Record<string, unknown>;
    writeFileSync(settingsFile(), JSON.stringify({ ...settings, 'security.workspace.trust.enabled': enabled }, null, 2));
  };

  before(async function () {
    this.timeout(120_000);
    cloud = loadCloud();
    ca = makeTestCa();
    demo = await signIn(cloud);
    await demo.swift('RegionOne').createContainer(container);
    dir = mkdtempSync(join(tmpdir(), 'oss-e2e-trust-'));
    const refuse = () => ({ kind: 'answer' as const, status: 401, body: '{}' });
    plainListener = await FrontDoor.start({ upstream: 'http://127.0.0.1:9' });
    tlsListener = await FrontDoor.start({ upstream: 'http://127.0.0.1:9', tls: ca.server });
    plainListener.fault = refuse;
    tlsListener.fault = refuse;
    ui = new StorageUi(editor());
    await ui.startFresh({ closeEditors: true });
  });

  after(async function () {
    this.timeout(120_000);
    try {
      if (trustTurnedOn) setTrust(false);
      if (folderOpened) {
        await editor().openFolder(editor().workspaceDir);
        await editor().workbench.openViewContainer(VIEW_CONTAINER);
      }
      if (profileAdded) {
        await editor()
          .workbench.clearNotifications()
          .catch(() => undefined);
        await ui.removeProfile(PROFILE);
      }
    } finally {
      await plainListener?.close();
      await tlsListener?.close();
      ca?.remove();
      if (demo) {
        await deleteContainers(demo.swift('RegionOne'), [container]).catch(() => undefined);
        await demo.http.close();
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });

  it('1. the user saves a profile with the wizard; its id is not a guessable slug of its name', async function () {
    this.timeout(90_000);
    await ui.addProfile(PROFILE, demoAuthUrl(cloud), cloud.demo);
    profileAdded = true;
    const saved = userProfiles().find((p) => p.name === PROFILE);
    assert.ok(saved, 'the profile is in the user settings');
    profileId = String(saved.id);
    assert.match(profileId, /^settings-trust-e2e-[0-9a-f]{12}$/);
    savedText = readFileSync(settingsFile(), 'utf8');
  });

  it('2. a folder that points the profile at a listener (v1, inline tokens): one message; browsing uses the saved profile', async function () {
    this.timeout(120_000);
    const folder = repository('redirect', {
      [PROFILES]: [
        {
          id: profileId,
          name: PROFILE,
          authUrl: `${plainListener.url}/auth/v1.0`,
          authVersion: 'v1',
          authType: 'v1',
          username: `${cloud.demo.project}:${cloud.demo.name}`,
        },
      ],
      'openstackStorage.curl.tokenStyle': 'inline',
    });
    await editor().openFolder(folder);
    folderOpened = true;
    await editor().workbench.openViewContainer(VIEW_CONTAINER);
    await ui.widenSideBar(500);
    const notice = await ui.waitForToast(NOTICE);
    assert.equal(NOTICE.exec(notice)?.[1], 'openstackStorage.curl.tokenStyle, openstackStorage.profiles');
    await shot('trust-1-workspace-settings-ignored');
    await ui.expand(PROFILE);
    await ui.waitForChildren(PROFILE, regionNames(loadCloud()));
    await ui.waitForTokenStatus(TIME_LEFT);
    assert.deepEqual(reached(), []);
  });

  it('3. sign-out and sign-in, adding and removing another profile, a reload: the listener gets nothing, the user settings change only as asked', async function () {
    this.timeout(180_000);
    await signOutAndIn();
    assert.deepEqual(reached(), []);

    const before = userProfiles();
    await ui.addProfile(OTHER, demoAuthUrl(cloud), cloud.demoDefault);
    const withOther = userProfiles();
    assert.deepEqual(withOther.slice(0, before.length), before, 'the saved profiles are kept as they were');
    assert.deepEqual(
      withOther.slice(before.length).map((p) => p.name),
      [OTHER],
      'only the new profile is added',
    );
    await ui.removeProfile(OTHER);
    const text = readFileSync(settingsFile(), 'utf8');
    assert.deepEqual(JSON.parse(text), JSON.parse(savedText), 'the user settings are as they were before the repository was opened');
    assert.ok(!text.includes(String(new URL(plainListener.url).port)), "nothing of the workspace's settings was written to the user's");

    const logged = noticesLogged();
    await editor().workbench.clearNotifications();
    await editor().reload();
    await editor().workbench.openViewContainer(VIEW_CONTAINER);
    await waitUntil(
      'the extension to check the workspace again after the reload',
      async () => noticesLogged(),
      (n) => n > logged,
    );
    await ui.expand(PROFILE);
    await ui.waitForChildren(PROFILE, regionNames(loadCloud()));
    assert.equal(await ui.toast(NOTICE).count(), 0, 'the message is shown once per workspace, not at every start');
    assert.deepEqual(reached(), []);
    await shot('trust-2-after-reload-no-second-message');
  });

  it('4. a folder that turns certificate checks off for the profile (insecure, its own CA, an HTTPS listener): ignored, nothing sent', async function () {
    this.timeout(120_000);
    const folder = repository('weaken-tls', {
      [PROFILES]: [
        { id: profileId, name: PROFILE, authUrl: `${tlsListener.url}/v3`, authType: 'password', username: cloud.demo.name, insecure: true, caFile: ca.caFile },
      ],
    });
    await editor().openFolder(folder);
    await editor().workbench.openViewContainer(VIEW_CONTAINER);
    assert.equal(NOTICE.exec(await ui.waitForToast(NOTICE))?.[1], 'openstackStorage.profiles');
    await ui.expand(PROFILE);
    await ui.waitForChildren(PROFILE, regionNames(loadCloud()));
    await signOutAndIn();
    assert.deepEqual(reached(), []);
    assert.deepEqual(JSON.parse(readFileSync(settingsFile(), 'utf8')), JSON.parse(savedText));
  });

  it('5. Restricted Mode: the view is there and browsing works with the saved profile; the workspace values stay ignored', async function () {
    this.timeout(180_000);
    setTrust(true);
    trustTurnedOn = true;
    await editor().openFolder(join(dir, 'redirect'));
    await ui.confirmDialog(/trust the authors of the files in this folder/i, "No, I don't trust the authors");
    await editor().workbench.openViewContainer(VIEW_CONTAINER);
    await editor().page.locator('.part.statusbar', { hasText: 'Restricted Mode' }).waitFor({ state: 'visible', timeout: 20_000 });
    await ui.expand(PROFILE);
    await ui.waitForChildren(PROFILE, regionNames(loadCloud()));
    await ui.expand('RegionOne');
    await ui.waitForRow(container);
    await shot('trust-3-restricted-mode-browsing');
    assert.deepEqual(reached(), []);
  });
});

/**
 * The extension driven like a person would: clicks, typing, menus, in code-server shown in chromium,
 * against the local cloud (real Keystone + two Swift regions). The scenarios run in order and build on each
 * other (the profile added in 1 is used by the rest), so the ones after a failure are skipped.
 * Data comes from the Node side (fixture.ts) and is deleted at the end; each scenario leaves screenshots
 * in test-results/screenshots/.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { editor } from '../editor/session';
import { humanSize } from '../../src/ui/format';
import { DOCS_OBJECTS, DOCS_TOP_LEVEL, PAGE_SIZE, UNICODE_BODY, UNICODE_METADATA, UNICODE_OBJECT, createFixture, demoAuthUrl, type Fixture } from './fixture';
import { StorageUi, VIEW, VIEW_CONTAINER, skipAfterFirstFailure, waitUntil } from './ui';
import { loadCloud, regionNames } from '../support/cloud';

const PROFILE = 'Local demo';
/** Runs of 100+ token characters holding letters and digits (a Fernet token id is ~180 of them; a Markdown table rule is only dashes). */
const tokenLike = (text: string) => (text.match(/[A-Za-z0-9_-]{100,}/g) ?? []).filter((run) => /[A-Za-z]/.test(run) && /\d/.test(run));
/** The status bar item with a token: the profile and the time left, e.g. "Local demo · 59m" (or "1h"). */
const TIME_LEFT = /Local demo · (\d+m|1h)$/;

describe('OpenStack Storage through the UI (e2e)', function () {
  let fx: Fixture;
  let ui: StorageUi;
  skipAfterFirstFailure();
  const shot = (name: string) => editor().screenshot(name);
  const docsBytes = Object.values(DOCS_OBJECTS).reduce((n, body) => n + Buffer.byteLength(body), 0);

  before(async function () {
    this.timeout(120_000);
    ui = new StorageUi(editor());
    fx = await createFixture();
    await ui.startFresh();
    // Small pages, so the docs container (6 entries at its top level) needs "Load more…".
    await ui.setNumberSetting('openstackStorage.listing.pageSize', /Page Size/, PAGE_SIZE);
  });

  after(async function () {
    this.timeout(60_000);
    await fx?.close();
  });

  it('1. a fresh editor shows the welcome content; the wizard adds a Keystone v3 profile; both regions show', async () => {
    const { workbench } = editor();
    const welcome = workbench.view(VIEW).locator('.welcome-view-content');
    await welcome.waitFor({ state: 'visible' });
    assert.match(await welcome.innerText(), /No OpenStack profile yet/);
    const buttons = (await welcome.locator('a.monaco-button').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(buttons, ['Add Profile', 'Import from clouds.yaml', 'Import OpenRC File']);
    await shot('1-welcome-no-profile');

    await welcome.locator('a.monaco-button', { hasText: 'Add Profile' }).click();
    await ui.fillProfileWizard(PROFILE, demoAuthUrl(fx.cloud), fx.cloud.demo, { beforePassword: () => shot('1-wizard-password-step') });

    const saved = await ui.waitForToast(/Profile "Local demo" saved/);
    assert.equal(saved, 'Profile "Local demo" saved: signed in as demo on project demo.');
    // The wizard's sign-in token is the profile's token from the start: the status bar shows its time left.
    await ui.waitForTokenStatus(TIME_LEFT);
    const profiles = ui.userSettings()['openstackStorage.profiles'] as Array<Record<string, unknown>>;
    assert.equal(profiles.length, 1);
    assert.deepEqual(
      { ...profiles[0], id: undefined },
      {
        id: undefined,
        name: PROFILE,
        authUrl: demoAuthUrl(fx.cloud),
        authVersion: 'auto',
        authType: 'password',
        username: fx.cloud.demo.name,
        userDomain: fx.cloud.demo.domain,
        project: fx.cloud.demo.project,
        projectDomain: fx.cloud.demo.projectDomain,
      },
      'the settings hold the profile, and no password',
    );

    await ui.expand(PROFILE);
    await ui.waitForChildren(PROFILE, regionNames(loadCloud()));
    await workbench.clearNotifications();
    await shot('1-profile-with-both-regions');
  });

  it('2. regions list containers with counts; "Load more…" appends the next page; a pseudo-folder opens; a prefix filter narrows', async () => {
    await ui.expand('RegionOne');
    const [docs] = await ui.waitForChildren('RegionOne', [fx.docs]);
    assert.equal(docs.description, `${Object.keys(DOCS_OBJECTS).length} objects · ${humanSize(docsBytes)}`);
    await ui.expand('RegionTwo');
    const [archive] = await ui.waitForChildren('RegionTwo', [fx.archive]);
    assert.match(archive.description, /^1 object · \d+ B$/);

    await ui.expand(fx.docs);
    const first = await ui.waitForChildren(fx.docs, [...DOCS_TOP_LEVEL.slice(0, PAGE_SIZE), 'Load more…']);
    assert.equal(first[PAGE_SIZE].description, `${PAGE_SIZE} shown`);
    await shot('2-first-page-and-load-more');

    await (await ui.waitForRow('Load more…')).click();
    await ui.waitForChildren(fx.docs, DOCS_TOP_LEVEL);
    await ui.expand('notes');
    await ui.waitForChildren('notes', ['2024-05-01.md', '2024-06-01.md', 'todo.txt']);
    await shot('2-tree-regions-containers-folder');

    // The filter from the container's inline action: only names starting with "log-" remain.
    await ui.inlineAction(fx.docs, 'Filter by Prefix…');
    await ui.answer(`Filter container ${fx.docs} by Prefix`, /^Show the names that start with this text/, 'log-', () => shot('2-prefix-filter-input'));
    await ui.waitForChildren(fx.docs, ['log-01.txt', 'log-02.txt', 'log-03.txt']);
    await waitUntil(
      'the container to say it is filtered',
      () => ui.childrenOf('RegionOne'),
      (rows) => /filter: log-\*$/.test(rows[0]?.description ?? ''),
    );
    await shot('2-prefix-filter-log');

    // Cleared from the context menu: the first page again.
    await ui.contextMenu(fx.docs, 'Clear Filter');
    await ui.waitForChildren(fx.docs, [...DOCS_TOP_LEVEL.slice(0, PAGE_SIZE), 'Load more…']);
    await (await ui.waitForRow('Load more…')).click();
    await ui.waitForChildren(fx.docs, DOCS_TOP_LEVEL);
  });

  it('3. Show Metadata opens a read-only document with the user metadata of an object named with spaces and unicode', async () => {
    const recorded = await ui.recordProgress();
    await ui.inlineAction(UNICODE_OBJECT, 'Show Metadata');
    await ui.waitForTab(`${UNICODE_OBJECT} (metadata).md`);
    // A short read: its progress runs in the view's progress bar, not in a notification.
    const { notifications, viewProgress } = await recorded();
    assert.deepEqual(notifications, [], 'no notification for reading metadata');
    // A read this short may end before the bar is drawn: reported, not required.
    console.log(`    view progress bar seen: ${viewProgress}`);
    const text = await ui.activeDocumentText();
    assert.ok(text.startsWith(`# Object \`${UNICODE_OBJECT}\` in container \`${fx.docs}\``), text.slice(0, 200));
    assert.match(text, /## User metadata \(`X-Object-Meta-\*`\)/);
    for (const [key, value] of Object.entries(UNICODE_METADATA)) {
      assert.match(text, new RegExp(`\\| \`${key.toLowerCase()}\`\\s*\\| \`${value}\`\\s*\\|`), `metadata ${key}`);
    }
    assert.match(text, new RegExp(`\\*\\*Size\\*\\*\\s*\\| ${UNICODE_BODY.length} bytes`));
    await shot('3-metadata-document');

    // Typing is refused: the editor says so, and the document stays as it was.
    await ui.activeEditor.locator('.view-lines').click();
    await editor().page.keyboard.type('typed into a read-only document');
    const refusal = editor().page.locator('.monaco-editor-overlaymessage', { hasText: /read-only/i });
    await refusal.waitFor({ state: 'visible', timeout: 10_000 });
    await ui.waitOpaque(refusal);
    await shot('3-metadata-read-only');
    assert.equal(await ui.activeDocumentText(), text);
    assert.equal(await editor().page.locator('.part.editor .tab.dirty').count(), 0, 'no tab is dirty');
  });

  it('4. Show Token Details shows expiry and roles, and the token id only masked', async () => {
    await ui.inlineAction(PROFILE, 'Show Token Details');
    await ui.waitForTab(`${PROFILE} token.md`);
    const text = await ui.activeDocumentText();
    assert.ok(text.startsWith(`# Token of profile ${PROFILE}`), text.slice(0, 100));
    assert.match(text, /\| \*\*Token id\*\*\s*\| `[A-Za-z0-9_-]{4}…` \(masked: run "OpenStack Storage: Reveal Token Id in Token Details…"/);
    assert.match(text, /\| \*\*Expires\*\*\s*\| `\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z` \((\d+ min|1 h) left\)/);
    assert.match(text, /\| \*\*Roles\*\*\s*\| [^\n]*\bmember\b/);
    assert.match(text, new RegExp(`\\| \\*\\*User\\*\\*\\s*\\| ${fx.cloud.demo.name} \\(id \`${fx.cloud.demo.id}\`\\) in domain ${fx.cloud.demo.domain}`));
    assert.match(text, /### Region RegionOne[\s\S]*### Region RegionTwo/);
    assert.equal(tokenLike(text).length, 0, 'no token id in the document');
    assert.equal(tokenLike(await editor().page.locator('.part.editor').innerText()).length, 0, 'no token id on screen');
    // The document's tables are wide: shown with the side bar hidden, they do not wrap.
    await ui.withSideBarHidden(() => shot('4-token-details-masked'));
  });

  it('5. Copy curl Command (GET to file) copies a command that bash runs to download the exact bytes', async () => {
    // The object's context menu: open first, the Copy ▸ and Access-free groups, Delete… last.
    const entries = await ui.contextMenuEntries(UNICODE_OBJECT, undefined, () => shot('5-context-menu-object'));
    const named = entries.filter((e) => e !== '—');
    assert.equal(named[0], 'Open Object (Read-Only)', entries.join(' | '));
    assert.equal(named.at(-1), 'Delete…', 'the destructive action comes last');
    assert.ok(named.includes('Copy'), 'Copy is a submenu');
    assert.ok(!named.includes('Copy curl Command…'), 'its entries are inside it');
    const clipboard = await ui.copied(async () => {
      await ui.contextMenu(UNICODE_OBJECT, ['Copy', 'Copy curl Command…'], () => shot('5-context-menu-copy-submenu'));
      await ui.pick('Copy which curl command?', 'GET to file', () => shot('5-curl-command-choice'));
      await ui.waitForToast(/^Copied a curl GET to file command for object "report 2024 – Zoë ☁\.txt"/);
    });
    await shot('5-curl-command-copied');
    // An information message (not a warning), with "Don't Show Again": once chosen, the next copy is quiet.
    const notice = ui.toast(/^Copied a curl GET to file command/).first();
    assert.equal(await notice.locator('.codicon-warning').count(), 0, 'not a warning');
    assert.equal(await notice.locator('.codicon-info').count(), 1, 'an information message');
    await notice.locator('a.monaco-button', { hasText: "Don't Show Again" }).click();
    await notice.waitFor({ state: 'hidden', timeout: 10_000 });
    const again = await ui.copied(async () => {
      await ui.contextMenu(UNICODE_OBJECT, ['Copy', 'Copy curl Command…']);
      await ui.pick('Copy which curl command?', 'HEAD');
    });
    assert.match(again, /--head/, 'the HEAD command was copied');
    // Absence: the notice would follow the clipboard write at once; give the workbench a moment to show it.
    await editor().page.waitForTimeout(2_000);
    await shot('5-curl-command-copied-quietly');
    assert.deepEqual(
      (await editor().workbench.notifications()).filter((t) => /Copied a curl/.test(t)),
      [],
      'no notice after "Don\'t Show Again"',
    );
    const lines = clipboard.trimEnd().split('\n');
    assert.equal(lines.length, 2, 'an export line and a curl line');
    assert.ok(/^export OS_AUTH_TOKEN=[A-Za-z0-9_-]{100,}$/.test(lines[0]), 'the token goes to OS_AUTH_TOKEN');
    assert.ok(lines[1].startsWith('curl --globoff -sS --fail -H "X-Auth-Token: ${OS_AUTH_TOKEN}" -o '), `curl line: ${lines[1]}`);

    const dir = mkdtempSync(join(tmpdir(), 'oss-e2e-curl-'));
    try {
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8' };
      execFileSync('bash', ['-c', clipboard], { cwd: dir, env, timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] });
      assert.deepEqual(readdirSync(dir), [UNICODE_OBJECT]);
      assert.ok(readFileSync(join(dir, UNICODE_OBJECT)).equals(UNICODE_BODY), "the downloaded bytes are the object's");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('5b. an object deleted behind the tree: one sentence with "Show Log" (no request id); the log has the request id', async () => {
    const vanishing = 'vanishing.txt';
    await fx.swift.RegionTwo.putObject(fx.archive, vanishing, 'here for a moment\n', { contentType: 'text/plain' });
    await ui.expand(fx.archive);
    await ui.waitForRow(vanishing);
    await fx.swift.RegionTwo.deleteObject(fx.archive, vanishing);
    await ui.inlineAction(vanishing, 'Show Metadata');
    const message = await ui.waitForToast(/vanishing\.txt/);
    assert.doesNotMatch(message, /request id|\btx[0-9a-f]{8}/, 'no request id in the toast');
    assert.equal(message.split(/(?<=\.) /).length <= 2, true, `one sentence (and its advice): ${message}`);
    const toast = ui.toast(/vanishing\.txt/).first();
    assert.equal(await toast.locator('.codicon-error').count(), 1, 'an error');
    const buttons = (await toast.locator('a.monaco-button').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(buttons, ['Show Log'], 'a gone object is not worth a Retry');
    await shot('5b-error-one-sentence-show-log');
    await toast.locator('a.monaco-button', { hasText: 'Show Log' }).click();
    const output = editor().page.locator('.part.panel .monaco-editor .view-lines');
    await waitUntil(
      'the log to show the failure with its request id',
      () => output.innerText(),
      (t) => /vanishing\.txt/.test(t) && /request[\s\S]{0,4}id[\s\S]{0,4}tx[0-9a-f]/.test(t), // the output view wraps long lines
    );
    await shot('5b-error-log-with-request-id');
    await editor().page.keyboard.press('Escape');
  });

  it('6. Revoke Token (context menu, confirmed): the status bar signs out; the next expansion signs in again', async () => {
    const { workbench } = editor();
    await workbench.clearNotifications();
    await ui.contextMenu(PROFILE, 'Revoke Token…');
    await ui.confirmDialog(/Revoke the token of profile "Local demo"\?/, 'Revoke');
    // The result repeats the confirmation's caveat: storage may accept the old token while it caches it.
    await ui.waitForToast(
      /^Revoked the token of profile "Local demo": the identity service no longer accepts it\. The object storage may accept it until it expires at \d{4}-\d\d-\d\d \d\d:\d\d UTC: Swift caches validated tokens for about 5 minutes by default, Ceph RGW until they expire unless its operator turned that off\.$/,
    );
    await ui.waitForTokenStatus(/Local demo · signed out/);
    // The open token document follows, and the tree keeps what it showed (nothing is lost or broken).
    await waitUntil(
      'the token document to say the token is gone',
      () => ui.activeDocumentText(),
      (t) => /holds no token/.test(t),
    );
    await ui.waitForChildren(PROFILE, regionNames(loadCloud()));
    await ui.waitForChildren(fx.docs, DOCS_TOP_LEVEL);
    assert.deepEqual(
      (await workbench.notifications()).filter((m) => !/^Revoked the token/.test(m)),
      [],
      'no other notification',
    );
    assert.deepEqual(await ui.errorToasts(), [], 'no error');
    await shot('6-token-revoked-signed-out');

    // Collapse everything and list again from the profile: its expansion needs a token, so it signs in.
    await ui.viewTitleAction('Collapse All');
    await ui.viewTitleAction('Refresh');
    await waitUntil(
      'the tree to list the profile again, collapsed',
      () => ui.rows(),
      (rows) => rows.length === 1 && rows[0].label === PROFILE,
    );
    await ui.expand(PROFILE);
    await ui.waitForChildren(PROFILE, regionNames(loadCloud()));
    await ui.waitForTokenStatus(TIME_LEFT);
    await ui.expand('RegionOne');
    await ui.waitForChildren('RegionOne', [fx.docs]);
    await shot('6-signed-in-again-after-expansion');
  });

  /** What the editor showed, after the reload, for the token document that was open before it. */
  let restoredTokenDocument: 'text' | 'error' | 'not restored' | undefined;

  it('7. after a window reload the profile and its token are still there: the tree expands with no prompt', async () => {
    const { workbench, page } = editor();
    const expiry = await ui.tokenExpiry();
    assert.ok(expiry, 'the status bar states when the token expires');
    await workbench.clearNotifications();
    await editor().reload();
    await workbench.openViewContainer(VIEW_CONTAINER);
    await ui.waitForRow(PROFILE);
    await ui.waitForTokenStatus(TIME_LEFT);
    assert.equal(await ui.tokenExpiry(), expiry, 'the same token, read back from the secret storage');
    await ui.expand(PROFILE);
    await ui.waitForChildren(PROFILE, regionNames(loadCloud()));
    await ui.expand('RegionOne');
    await ui.waitForChildren('RegionOne', [fx.docs]);
    assert.equal(await ui.quickInput.isVisible(), false, 'no input box (no password prompt)');
    assert.deepEqual(await ui.errorToasts(), [], 'no error');
    assert.deepEqual(await workbench.notifications(), [], 'no notification');
    assert.equal(await ui.tokenExpiry(), expiry, 'no new sign-in');
    await shot('7-after-reload-same-token');

    // The documents open before the reload come back as tabs (checked in 7b); then they are closed.
    // (Looked at without a click: activating the tab again would open it anew, now that the extension runs.)
    const tokenTab = page.locator('.part.editor .tab.active', { has: page.locator('.label-name', { hasText: `${PROFILE} token.md` }) });
    restoredTokenDocument = await waitUntil(
      'the token document to come back as a tab showing its text or an error',
      async () =>
        !(await tokenTab.isVisible())
          ? undefined
          : (await ui.activeEditor.locator('.view-lines', { hasText: 'Token of profile' }).isVisible())
            ? 'text'
            : (await page.locator('.part.editor', { hasText: 'could not be opened' }).isVisible())
              ? 'error'
              : undefined,
      (state) => state !== undefined,
    ).catch(() => 'not restored' as const);
    await workbench.runCommand('View: Close All Editors');
    await page.locator('.part.editor .tab').first().waitFor({ state: 'detached' });
  });

  it('7b. a token document open before the reload is readable after it', () => {
    // VS Code restores such a tab before the extension is activated unless the manifest activates it on
    // the document's scheme ("onFileSystem:openstack-token" etc. in activationEvents).
    assert.equal(restoredTokenDocument, 'text');
  });

  it('8. a wrong password in the wizard: a clear error, and nothing saved', async () => {
    await ui.viewTitleAction('Add Profile…');
    await ui.fillProfileWizard('Wrong password', demoAuthUrl(fx.cloud), fx.cloud.demo, { password: 'not-the-password' });

    const message = await ui.waitForToast(/Nothing was saved\./);
    assert.match(message, /^Signing in as profile "Wrong password" failed/);
    assert.match(message, /401|password|authenticat/i);
    const toast = ui.toast(/Nothing was saved\./);
    const buttons = (await toast.locator('.notification-list-item-buttons-container a.monaco-button').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(buttons, ['Go Back and Fix', 'Discard']);
    await ui.toast(/^Signing in to /).waitFor({ state: 'hidden' });
    await shot('8-wrong-password-error');
    await toast.locator('a.monaco-button', { hasText: 'Discard' }).click();
    await toast.waitFor({ state: 'hidden' });

    assert.equal(await ui.quickInput.isVisible(), false, 'the wizard ended');
    const roots = (await ui.rows()).filter((r) => r.level === 1).map((r) => r.label);
    assert.deepEqual(roots, [PROFILE]);
    const profiles = ui.userSettings()['openstackStorage.profiles'] as Array<{ name: string }>;
    assert.deepEqual(
      profiles.map((p) => p.name),
      [PROFILE],
      'the user settings hold no new profile',
    );
    await shot('8-nothing-saved');
  });
});

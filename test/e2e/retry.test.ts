/**
 * The "Retry" button of an error notification, clicked: one profile signs in through a front door in front of
 * Keystone (test/support/frontDoor.ts), so the test can make the identity service refuse (503) while the rest of
 * the cloud is untouched. A read fails (the sign-in it needs is refused); Retry while the server still refuses
 * runs the command again and fails with the same sentence; Retry once it answers opens the document.
 * Reuses the running editor (no reload); its own profile, removed at the end.
 * (A real mouse drag from the tree onto the Explorer was tried here too: see DEVELOPING.md, "Drag and drop".)
 */
import * as assert from 'node:assert/strict';
import { editor } from '../editor/session';
import { loadCloud, type CloudInfo } from '../support/cloud';
import { FrontDoor } from '../support/frontDoor';
import { StorageUi, VIEW_CONTAINER, waitUntil } from './ui';

const PROFILE = 'Retry e2e';

describe('Retry on an error notification (e2e)', function () {
  let ui: StorageUi;
  let cloud: CloudInfo;
  let keystone: FrontDoor;
  let refusing = false;
  const refused = () => keystone.seen((r) => r.fault === 'answer').length;
  let profileAdded = false;
  const shot = (name: string) => editor().screenshot(name);

  before(async function () {
    this.timeout(120_000);
    cloud = loadCloud();
    // Keystone behind a front door that answers 503 itself while `refusing`; Swift is reached directly.
    keystone = await FrontDoor.start({ upstream: cloud.keystone.url });
    keystone.fault = () => (refusing ? { kind: 'answer', status: 503, body: 'refused by the test\n' } : undefined);
    ui = new StorageUi(editor());
    await editor().workbench.openViewContainer(VIEW_CONTAINER);
    await editor().workbench.clearNotifications();
    await ui.addProfile(PROFILE, `${keystone.url}/v3`, cloud.demo);
    profileAdded = true;
    await editor().workbench.clearNotifications();
  });

  after(async function () {
    this.timeout(60_000);
    try {
      if (profileAdded) {
        await editor()
          .workbench.clearNotifications()
          .catch(() => undefined);
        await ui.removeProfile(PROFILE).catch(() => undefined);
      }
    } finally {
      await keystone?.close();
    }
  });

  it('1. a read whose sign-in is refused: "Retry" fails again while the server refuses, and succeeds once it answers', async () => {
    // Signed out, the next read must sign in: through the front door, which now refuses.
    await ui.contextMenu(PROFILE, 'Sign Out (Forget Token)');
    await ui.waitForToast(/Signed out of "Retry e2e"/);
    await editor().workbench.clearNotifications();
    refusing = true;
    await ui.contextMenu(PROFILE, 'Show Metadata');
    const failure = /^Showing the metadata failed: /;
    const first = await ui.waitForToast(failure);
    const toast = ui.toast(failure).first();
    const buttons = (await toast.locator('a.monaco-button').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(buttons, ['Retry', 'Show Log'], `a refusing server is worth a Retry: ${first}`);
    const refusedBefore = refused();
    assert.ok(refusedBefore > 0, 'the sign-in went through the front door');
    await shot('retry-1-error-with-retry-button');

    // Retry while it still refuses: the command runs again (another refused request) and fails the same way.
    await toast.locator('a.monaco-button', { hasText: 'Retry' }).click();
    await waitUntil(
      'the retried sign-in to reach the server',
      async () => refused(),
      (n) => n > refusedBefore,
    );
    const again = await ui.waitForToast(failure);
    assert.equal(again, first, 'the same one sentence');

    // Retry once the server answers: the metadata document opens.
    refusing = false;
    await ui.toast(failure).first().locator('a.monaco-button', { hasText: 'Retry' }).click();
    await ui.waitForTab('default region (metadata).md');
    await waitUntil(
      'the account metadata in the editor',
      () => editor().page.locator('.part.editor .view-lines').first().innerText(),
      (t) => /#\s+Account\s+in\s+region/.test(t),
    );
    await waitUntil(
      'the error notification to be gone',
      async () => ui.toast(failure).count(),
      (n) => n === 0,
    );
    await shot('retry-2-retried-read-succeeded');
    await editor().workbench.runCommand('View: Close All Editors');
  });
});

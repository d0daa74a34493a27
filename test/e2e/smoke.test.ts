/**
 * UI smoke: the workbench renders in the browser, and the harness's UI helpers work end to end on the
 * test-driver's demo contributions (palette command → notification → tree rows in the Explorer).
 */
import * as assert from 'node:assert/strict';
import { repoRoot } from '../editor/paths';
import { localizedManifest } from '../support/manifest';
import { editor } from '../editor/session';

describe('workbench smoke (e2e)', () => {
  it('renders the workbench', async () => {
    const { workbench, page } = editor();
    await workbench.waitForReady();
    assert.ok(await page.locator('.part.activitybar').isVisible());
    await workbench.openViewContainer('Explorer');
    await workbench.screenshot('workbench-loaded');
  });

  it('runs a palette command, reads its notification and the tree rows it shows', async () => {
    const { workbench } = editor();
    await workbench.runCommand('OSS Test Driver: Show Demo View');
    const message = await workbench.waitForNotification('demo view shown');
    assert.match(message, /OSS test driver: demo view shown/);
    const alpha = await workbench.waitForTreeRow('alpha-container', { view: 'Test Driver Demo' });
    await alpha.click(); // expands it
    await workbench.waitForTreeRow('readme.txt', { view: 'Test Driver Demo' });
    const rows = await workbench.treeRows('Test Driver Demo');
    assert.deepEqual(rows, ['alpha-container', 'photos/', 'readme.txt', 'beta-container', 'gamma-container']);
    await workbench.screenshot('driver-demo-view');
    await workbench.runCommand('OSS Test Driver: Hide Demo View');
    await workbench.clearNotifications();
  });

  it("shows the extension's own view container", async function () {
    const manifest = localizedManifest<{ contributes?: { viewsContainers?: { activitybar?: Array<{ title: string }> } } }>(repoRoot());
    const container = manifest.contributes?.viewsContainers?.activitybar?.[0];
    assert.ok(container, 'package.json contributes an activity bar view container');
    const { workbench } = editor();
    await workbench.openViewContainer(container!.title);
    await editor()
      .page.locator('.part.sidebar .composite.title', { hasText: new RegExp(container!.title, 'i') })
      .waitFor();
    await workbench.screenshot('extension-view-container');
    await workbench.openViewContainer('Explorer');
  });
});

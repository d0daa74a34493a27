/** In-host smoke: the packaged extension is installed in the editor, activates, and the command API answers. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'openstack-storage-tools.openstack-object-storage';

describe('extension host smoke', () => {
  it('has the extension under test installed', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed in this editor`);
    assert.equal(ext.packageJSON.publisher, 'openstack-storage-tools');
  });

  it('activates the extension', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('lists commands, and every command the extension contributes is registered', async () => {
    const all = await vscode.commands.getCommands(true);
    assert.ok(all.length > 100, `only ${all.length} commands`);
    const contributed: { command: string }[] = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes?.commands ?? [];
    const missing = contributed.map((c) => c.command).filter((id) => !all.includes(id));
    assert.deepEqual(missing, [], 'contributed but not registered after activation');
  });
});

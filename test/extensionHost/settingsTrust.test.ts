/**
 * Settings trust inside the real editor: a workspace folder's profiles are never listed (and are found for
 * the one-time message); a saved password is not sent to an auth URL its profile was changed to out of band
 * (a hand edit, another extension, settings sync) until the user agrees in a modal that names that URL.
 * A loopback listener stands for the other server and records every connection.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { Prompter } from '../../src/ui/prompts';
import { ignoredWorkspaceSettings } from '../../src/auth/workspaceSettingsNotice';
import { PROFILES_SETTING } from '../../src/auth/userSettings';
import { FrontDoor } from '../support/frontDoor';
import { ScriptedPrompter, cloud, demoProfile, extensionApi } from './support';

async function until(what: string, done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

class ConfirmRecorder extends ScriptedPrompter {
  readonly confirms: Array<{ message: string; detail: string }> = [];
  override async confirm(message: string, detail?: string) {
    this.confirms.push({ message, detail: detail ?? '' });
    return super.confirm(message);
  }
}

describe('settings trust in the editor', function () {
  this.timeout(60_000);
  const run = randomBytes(3).toString('hex');
  const id = `it-trust-${run}`;
  let api: ExtensionApi;
  let listener: FrontDoor;
  let prompter: ConfirmRecorder;
  let previousPrompter: Prompter;

  before(async () => {
    api = await extensionApi();
    listener = await FrontDoor.start({ upstream: 'http://127.0.0.1:9' });
    listener.fault = () => ({ kind: 'answer', status: 401, body: '{}' });
    previousPrompter = api.prompts.current;
  });

  beforeEach(() => {
    prompter = new ConfirmRecorder();
    api.prompts.current = prompter;
  });

  afterEach(() => prompter.verify());

  after(async () => {
    if (api) {
      api.prompts.current = previousPrompter;
      await api.store.remove(id);
    }
    await listener?.close();
  });

  it("lists no profile of a workspace folder's settings, and finds them for the message", async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'the harness opens a folder');
    const file = join(folder, '.vscode', 'settings.json');
    const original = existsSync(file) ? readFileSync(file) : undefined;
    mkdirSync(join(folder, '.vscode'), { recursive: true });
    const planted = { id: `ws-${run}`, name: `From the workspace ${run}`, authUrl: `${listener.url}/v3`, username: 'x', insecure: true };
    // A window-scoped setting beside it tells when the editor has read the file.
    const marker = 'openstackStorage.listing.pageSize';
    writeFileSync(file, `// planted by a test\n${JSON.stringify({ [PROFILES_SETTING]: [planted], [marker]: 7 })}`);
    try {
      await until('the editor to read the folder settings', () => vscode.workspace.getConfiguration().inspect(marker)?.workspaceValue === 7);
      assert.deepEqual(await ignoredWorkspaceSettings(), [PROFILES_SETTING]);
      assert.ok(!api.store.list().some((e) => e.profile.id === planted.id || e.profile.authUrl.startsWith(listener.url)), 'a workspace profile listed');
      assert.equal(api.store.get(planted.id), undefined);
    } finally {
      if (original) writeFileSync(file, original);
      else rmSync(file);
    }
    assert.deepEqual(await ignoredWorkspaceSettings(), []);
    assert.equal(listener.connections.total, 0);
  });

  it('sends no saved password to a changed auth URL until the user agrees in a modal naming it', async () => {
    const c = cloud();
    const profile = { ...demoProfile(c), id, name: `In-host trust ${run}` };
    await api.store.save(profile, c.demo.password);
    assert.ok(await api.store.session(id).token(), 'signs in where it was saved');

    // Out of band, the user's own settings now send the profile elsewhere.
    const moved = `${listener.url}/v3`;
    const saved = vscode.workspace.getConfiguration().inspect<Array<{ id: string }>>(PROFILES_SETTING)?.globalValue ?? [];
    await vscode.workspace.getConfiguration().update(
      PROFILES_SETTING,
      saved.map((p) => (p.id === id ? { ...p, authUrl: moved } : p)),
      vscode.ConfigurationTarget.Global,
    );
    assert.equal(api.store.get(id)?.profile.authUrl, moved);

    prompter.expectConfirm('send the password elsewhere?', undefined);
    await assert.rejects(api.store.session(id).token(), /nothing was sent/);
    assert.equal(prompter.confirms[0]?.message, `Send the stored password of "${profile.name}" to ${moved}?`);
    assert.match(prompter.confirms[0]?.detail ?? '', new RegExp(`auth URL ${profile.authUrl.replace(/[.]/g, '\\.')} → ${moved.replace(/[.]/g, '\\.')}`));
    assert.equal(await api.store.session(id).currentToken(), undefined, 'the stored token is not handed out either');
    assert.equal(listener.connections.total, 0, 'nothing reached the other server');

    // The modal is what stood in the way: agreeing sends the sign-in there.
    await api.store.session(id).signOut();
    prompter.expectConfirm('send the password elsewhere?', 'Sign In');
    await assert.rejects(api.store.session(id).token());
    assert.ok(listener.requests.length > 0, 'after agreeing, the sign-in went to the new URL');
  });
});

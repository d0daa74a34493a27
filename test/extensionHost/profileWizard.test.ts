/**
 * The profile wizard in the extension host, answered by the scripted prompter: Edit Profile walks the same
 * steps with the saved answers, an empty secret keeps the stored one (no sign-in, nothing asked twice), and
 * the Advanced step changes the auth version, region and interface. (The UI of the steps, Back and validation
 * while typing are in test/e2e/profileWizard.test.ts.)
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { windowPrompter } from '../../src/ui/prompts';
import { ScriptedPrompter, cloud, extensionApi } from './support';

const ID = `wizard-edit-${Date.now().toString(36)}`;

describe('profile wizard (in-host): Edit Profile', () => {
  let api: ExtensionApi;

  before(async () => {
    api = await extensionApi();
    const c = cloud();
    await api.store.save(
      {
        id: ID,
        name: `Wizard edit ${ID}`,
        authUrl: `${c.keystone.url}/v3`,
        authVersion: 'auto',
        authType: 'password',
        username: c.demo.name,
        userDomain: c.demo.domain,
        project: c.demo.project,
        projectDomain: c.demo.projectDomain,
      },
      c.demo.password,
    );
  });

  after(async () => {
    api.prompts.current = windowPrompter;
    await api.store.remove(ID);
  });

  it('keeps every answer and the stored secret; Advanced sets the version, region and interface', async () => {
    const c = cloud();
    const prompter = new ScriptedPrompter()
      .expectInput('name', `Wizard edited ${ID}`)
      .expectInput('auth URL', `${c.keystone.url}/v3`)
      .expectPick('auth type', 'Password')
      .expectInput('user name', c.demo.name)
      .expectInput('user domain', c.demo.domain)
      .expectInput('project', c.demo.project)
      .expectInput('project domain', c.demo.projectDomain)
      .expectInput('secret: empty keeps the stored one', '')
      .expectPick('sign in or advanced', 'Advanced…')
      .expectPick('auth version', 'Keystone v3')
      .expectInput('region', 'RegionTwo')
      .expectPick('interface', 'Internal')
      .expectInput('CA file', '')
      .expectPick('certificates', 'Verify certificates');
    api.prompts.current = prompter;
    await vscode.commands.executeCommand('openstackStorage.editProfile', { profileId: ID });
    prompter.verify();
    const saved = api.store.get(ID)?.profile;
    assert.deepEqual(
      { ...saved },
      {
        id: ID,
        name: `Wizard edited ${ID}`,
        authUrl: `${c.keystone.url}/v3`,
        authVersion: 'v3',
        authType: 'password',
        username: c.demo.name,
        userDomain: c.demo.domain,
        project: c.demo.project,
        projectDomain: c.demo.projectDomain,
        region: 'RegionTwo',
        interface: 'internal',
      },
    );
    assert.equal(await api.store.hasSecret(ID), true, 'the stored password is kept');
  });
});

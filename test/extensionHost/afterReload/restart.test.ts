/**
 * Runs after the window reloaded (a new extension host): the profile from the main suite is still there
 * and its token comes back from SecretStorage, without a new authentication or a password prompt.
 */
import * as assert from 'node:assert/strict';
import type { ExtensionApi } from '../../../src/extension';
import { windowPrompter } from '../../../src/ui/prompts';
import type { ProfileNode, StorageNode } from '../../../src/views/nodes';
import { regionNames } from '../../support/cloud';
import { PROFILE_ID, ScriptedPrompter, cloud, extensionApi, findChild } from '../support';

describe('after a restart of the extension host', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let prompter: ScriptedPrompter;

  before(async () => {
    api = await extensionApi();
    prompter = new ScriptedPrompter();
    api.prompts.current = prompter;
  });

  after(async () => {
    await api.store.remove(PROFILE_ID);
    // The editor stays open for the UI suite, whose prompts a person (playwright) answers.
    api.prompts.current = windowPrompter;
  });

  it('keeps the profile and its token: the tree lists without signing in again', async () => {
    const profile = await findChild(api, undefined, (n: StorageNode): n is ProfileNode => n.kind === 'profile' && n.profileId === PROFILE_ID);
    const regions = (await api.tree.getChildren(profile)).filter((n) => n.kind === 'region');
    assert.equal(regions.length, regionNames(cloud()).length, 'every region of the catalog');
    assert.ok((await api.tree.getChildren(regions[0])).length > 0);
    assert.equal(api.store.session(PROFILE_ID).identity.stats.authentications, 0);
    prompter.verify();
  });

  it('removing the profile deletes its secret and its token', async () => {
    await api.store.remove(PROFILE_ID);
    assert.equal(api.store.get(PROFILE_ID), undefined);
    assert.equal(await api.store.hasSecret(PROFILE_ID), false);
  });
});

/**
 * The Environment profile: an editor started with OS_* variables (a sourced OpenRC file) offers that cloud
 * at once; its secret comes from the environment and is never written to settings.
 */
import * as assert from 'node:assert/strict';
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { ProfileStore } from '../../src/auth/profileStore';
import { ENVIRONMENT_PROFILE_ID } from '../../src/auth/profile';
import { Redactor } from '../../src/openstack/redact';
import { MemorySecrets, cloud, extensionApi } from './support';

describe('environment profile', function () {
  this.timeout(60_000);

  it('signs in with OS_* variables and keeps their secret out of settings', async () => {
    const api = await extensionApi();
    const c = cloud();
    const env = {
      OS_AUTH_URL: `${c.keystone.url}/v3`,
      OS_IDENTITY_API_VERSION: '3',
      OS_USERNAME: c.demoDefault.name,
      OS_PASSWORD: c.demoDefault.password,
      OS_PROJECT_NAME: c.demoDefault.project,
      OS_USER_DOMAIN_NAME: c.demoDefault.domain,
      OS_PROJECT_DOMAIN_NAME: c.demoDefault.projectDomain,
      OS_REGION_NAME: 'RegionTwo',
    };
    const secrets = new MemorySecrets();
    const store = new ProfileStore(secrets, new Redactor(), api.log, env);
    try {
      const entry = store.get(ENVIRONMENT_PROFILE_ID);
      assert.ok(entry, 'no Environment profile');
      assert.equal(entry.source, 'environment');
      assert.deepEqual(entry.problems, []);
      assert.equal(entry.profile.region, 'RegionTwo');
      const token = await store.session(ENVIRONMENT_PROFILE_ID).token();
      assert.equal(token.project?.id, c.demoDefault.projectId);
      const swift = await store.session(ENVIRONMENT_PROFILE_ID).swift();
      assert.ok(swift.storageUrl.startsWith(c.regions[1].swiftUrl), 'the preferred region is used');
      await assert.rejects(store.save(entry.profile, 'x'), /cannot be saved/);
      const settings = JSON.stringify(vscode.workspace.getConfiguration().inspect('openstackStorage.profiles'));
      assert.ok(!settings.includes(c.demoDefault.password));
      assert.ok(![...secrets.data.values()].some((v) => v === c.demoDefault.password), 'the password was copied into secret storage');
    } finally {
      store.dispose();
    }
  });

  it("reads OS_CLOUD's clouds.yaml from the working directory only in a trusted workspace", async () => {
    const api = await extensionApi();
    const files = new Map([
      [`${process.cwd()}/clouds.yaml`, 'clouds:\n  prod:\n    auth:\n      auth_url: https://evil.example/v3\n      username: alice\n'],
      [`${homedir()}/.config/openstack/clouds.yaml`, 'clouds:\n  prod:\n    auth:\n      auth_url: https://keystone.example/v3\n      username: alice\n'],
    ]);
    const urlWhen = (trusted: boolean) => {
      const store = new ProfileStore(
        new MemorySecrets(),
        new Redactor(),
        api.log,
        { OS_CLOUD: 'prod', OS_PASSWORD: 'pw' },
        undefined,
        undefined,
        (p) => files.get(p),
        () => trusted,
      );
      try {
        return store.get(ENVIRONMENT_PROFILE_ID)?.profile.authUrl;
      } finally {
        store.dispose();
      }
    };
    assert.equal(urlWhen(false), 'https://keystone.example/v3', "Restricted Mode: the user's own clouds.yaml");
    assert.equal(urlWhen(true), 'https://evil.example/v3', 'trusted: the working directory first, as openstacksdk reads it');
  });
});

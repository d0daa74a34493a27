/**
 * Profiles from what OpenStack users already have, in the real editor against the local cloud:
 *  - a clouds.yaml whose cloud names a vendor profile (from clouds-public.yaml, as openstacksdk reads it) and
 *    several regions is imported through the command; the tree shows those regions in that order; a cloud
 *    with an unsupported auth_type is skipped and the summary says why;
 *  - a user with multi-factor rules (password + TOTP) signs in through the tree: Keystone's receipt makes
 *    the extension ask for the one-time code, which the test computes from the credential's secret.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { Prompter } from '../../src/ui/prompts';
import type { Profile } from '../../src/auth/profile';
import type { StorageNode } from '../../src/views/nodes';
import { tokenStatus } from '../../src/documents/renderStatus';
import { mfaUser, type CloudInfo } from '../support/cloud';
import { totp } from '../support/totp';
import { QueuePrompter, cloud, extensionApi } from './support';

const SETTING = 'openstackStorage.profiles';

describe('imports and multi-factor sign-in in the editor', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let c: CloudInfo;
  let dir: string;
  let prompter: QueuePrompter;
  let previousPrompter: Prompter;
  const logged: string[] = [];
  const restore: Array<() => void> = [];
  const run = randomBytes(3).toString('hex');
  const savedIds = () => (vscode.workspace.getConfiguration().get<Array<{ id: string }>>(SETTING) ?? []).map((p) => p.id);
  const env = ['OS_CLIENT_CONFIG_FILE', 'OS_CLIENT_SECURE_FILE', 'XDG_CONFIG_HOME'] as const;
  const envBefore = Object.fromEntries(env.map((k) => [k, process.env[k]]));

  before(async () => {
    api = await extensionApi();
    c = cloud();
    dir = mkdtempSync(join(tmpdir(), 'oss-host-imports-'));
    previousPrompter = api.prompts.current;
    prompter = new QueuePrompter();
    api.prompts.current = prompter;
    const info = api.log.info.bind(api.log);
    api.log.info = (message: string) => {
      logged.push(message);
      info(message);
    };
    restore.push(() => (api.log.info = info));
  });

  afterEach(() => {
    assert.deepEqual(prompter.unexpected, [], 'prompts the test did not expect');
    assert.deepEqual(prompter.pending(), [], 'announced prompts that never came');
  });

  after(async () => {
    for (const undo of restore.reverse()) undo();
    if (api) api.prompts.current = previousPrompter;
    for (const k of env) {
      if (envBefore[k] === undefined) delete process.env[k];
      else process.env[k] = envBefore[k];
    }
    for (const id of savedIds().filter((id) => id.includes(run))) await api.store.remove(id);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('imports a cloud with a vendor profile and two regions; the tree shows them in its order; the summary names what was skipped', async () => {
    const vendor = `local-${run}`;
    const name = `vendor-${run}`;
    const refused = `oidc-${run}`;
    mkdirSync(join(dir, 'openstack'));
    // openstacksdk reads clouds-public.yaml from its config directories ($XDG_CONFIG_HOME/openstack among them).
    writeFileSync(
      join(dir, 'openstack', 'clouds-public.yaml'),
      `public-clouds:\n  ${vendor}:\n    auth:\n      auth_url: ${c.keystone.url}/v3\n      user_domain_name: ${c.demo.domain}\n` +
        `      project_domain_name: ${c.demo.projectDomain}\n    identity_api_version: 3\n    regions: [RegionOne, RegionTwo]\n`,
    );
    const file = join(dir, 'clouds.yaml');
    writeFileSync(
      file,
      `clouds:\n  ${name}:\n    profile: ${vendor}\n    auth:\n      username: ${c.demo.name}\n      project_name: ${c.demo.project}\n` +
        `    regions:\n      - RegionTwo\n      - name: RegionOne\n        values: {interface: internal}\n` +
        `  ${refused}:\n    auth_type: v3oidcpassword\n    auth:\n      auth_url: ${c.keystone.url}/v3\n      username: x\n`,
    );
    writeFileSync(join(dir, 'secure.yaml'), `clouds:\n  ${name}:\n    auth:\n      password: ${JSON.stringify(c.demo.password)}\n`);
    process.env.OS_CLIENT_CONFIG_FILE = file;
    process.env.XDG_CONFIG_HOME = dir;
    delete process.env.OS_CLIENT_SECURE_FILE;
    const before = savedIds();
    let offered: string[] = [];
    prompter
      .on('pick', (items: Array<vscode.QuickPickItem & { path?: string }>) => items.find((i) => i.path === file))
      .on('pickMany', (items: vscode.QuickPickItem[]) => {
        offered = items.map((i) => `${i.label} | ${i.detail}`);
        return [...items];
      });
    const from = logged.length;
    await vscode.commands.executeCommand('openstackStorage.importCloudsYaml');

    assert.deepEqual(offered, [`${name} | ${c.demo.name} · RegionTwo, RegionOne`], 'only the usable cloud is offered, with its regions');
    const added = savedIds().filter((id) => !before.includes(id));
    assert.equal(added.length, 1, `saved: ${added.join(', ')}`);
    const profile = api.store.get(added[0])!.profile;
    assert.equal(profile.authUrl, `${c.keystone.url}/v3`, "the vendor profile's auth URL");
    assert.equal(profile.userDomain, c.demo.domain);
    assert.deepEqual(profile.regions, ['RegionTwo', 'RegionOne']);
    assert.deepEqual(profile.regionSettings, { RegionOne: { interface: 'internal' } });
    const summary = logged.slice(from).join('\n');
    assert.match(summary, new RegExp(`Imported from .*clouds\\.yaml: "${name}"\\.`));
    assert.match(
      summary,
      new RegExp(`Skipped: Cloud "${refused}" in .* uses auth_type v3oidcpassword \\(OpenID Connect sign-in\\), which this extension does not support`),
    );

    // The tree: the profile's regions, in the file's order, each with the endpoint of its interface.
    const node = (await api.tree.getChildren()).find((n) => n.kind === 'profile' && n.profileId === added[0]);
    assert.ok(node, 'the imported profile is in the tree');
    const regions = (await api.tree.getChildren(node)).filter((n): n is Extract<StorageNode, { kind: 'region' }> => n.kind === 'region');
    assert.deepEqual(
      regions.map((r) => r.region),
      ['RegionTwo', 'RegionOne'],
    );
    const session = api.store.session(added[0]);
    assert.equal((await session.swift('RegionOne')).storageUrl, `${c.regions[0].swiftUrl}/v1/AUTH_${c.demo.projectId}`);
    const token = await session.token();
    const internal = token.catalog.endpoint('object-store', 'RegionOne', 'internal');
    assert.equal(regions[1].endpointUrl, internal?.url, "RegionOne's values: the internal endpoint");
  });

  it('signs in with password and one-time code through the tree: the receipt makes it ask, and the status says renewal needs a code', async () => {
    const mfa = mfaUser(c);
    const id = `mfa-${run}`;
    const profile: Profile = {
      id,
      name: `MFA ${run}`,
      authUrl: `${c.keystone.url}/v3`,
      authVersion: 'v3',
      authType: 'password',
      username: mfa.name,
      userDomain: mfa.domain,
      project: mfa.project,
      projectDomain: mfa.projectDomain,
      region: 'RegionOne',
    };
    await api.store.save(profile, mfa.password);
    let asked = '';
    prompter.on('input', (o: vscode.InputBoxOptions) => {
      asked = `${o.title} | ${o.prompt}`;
      assert.equal(o.validateInput?.('12ab'), 'A one-time code is 6 to 8 digits.');
      return totp(mfa.totpSecret);
    });
    const node = (await api.tree.getChildren()).find((n) => n.kind === 'profile' && n.profileId === id);
    assert.ok(node, 'the MFA profile is in the tree');
    const children = await api.tree.getChildren(node);
    assert.ok(!children.some((n) => n.kind === 'error'), `signed in: ${children.map((n) => n.kind).join(', ')}`);
    assert.equal(asked, `Sign in to "MFA ${run}" | One-time code (TOTP) for mfa. Keystone accepted the password and asks for the second factor.`);
    const token = await api.store.session(id).currentToken();
    assert.ok(token, 'a token is held');
    assert.deepEqual([...token.methods].sort(), ['password', 'totp']);
    const status = tokenStatus(profile.name, token, Date.now());
    assert.match(status.tooltip, /renewing this token asks for a new code, it cannot be renewed silently/);
    const dueSoon = token.expiresAt!.getTime() - 60_000;
    assert.equal(tokenStatus(profile.name, token, dueSoon).text, `$(warning) MFA ${run} · 1m · code needed to renew`);
  });
});

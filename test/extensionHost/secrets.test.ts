/**
 * Bad input and secrets inside the real editor, through the extension's own commands:
 *  - imports from hostile or broken clouds.yaml / OpenRC files end in one clear message and save nothing
 *    half-way (a good cloud of the same file is saved whole: settings, secret, token);
 *  - the add-profile wizard refuses auth URLs with credentials or garbage in them, without echoing them;
 *  - "insecure" turns verification off only when exactly true, and then the log says so;
 *  - the token document shows the token id only when revealed;
 *  - nothing the extension logged or showed during all this holds a password, secret or token.
 * (The whole run's files, logs included, are scanned again by test/e2e/secrets.test.ts.)
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { Prompter } from '../../src/ui/prompts';
import { ProfileStore } from '../../src/auth/profileStore';
import { ENVIRONMENT_PROFILE_ID, type Profile } from '../../src/auth/profile';
import { Log } from '../../src/log';
import { Redactor } from '../../src/openstack/redact';
import type { CloudInfo } from '../support/cloud';
import { describeLeaks, findLeaks } from '../support/leakGuard';
import { MemorySecrets, QueuePrompter, cloud, extensionApi, openDocument } from './support';

const SETTING = 'openstackStorage.profiles';
const SECRET_IN_URL = 'Zq9-s3cr3t-in-url';

describe('bad input and secrets in the editor', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let c: CloudInfo;
  let dir: string;
  let prompter: QueuePrompter;
  let previousPrompter: Prompter;
  const logged: string[] = [];
  const tokens = new Set<string>();
  const restore: Array<() => void> = [];
  const run = randomBytes(3).toString('hex');

  const savedIds = () => (vscode.workspace.getConfiguration().get<Array<{ id: string }>>(SETTING) ?? []).map((p) => p.id);
  const settingsText = () => JSON.stringify(vscode.workspace.getConfiguration().inspect(SETTING));

  before(async () => {
    api = await extensionApi();
    c = cloud();
    dir = mkdtempSync(join(tmpdir(), 'oss-host-secrets-'));
    previousPrompter = api.prompts.current;
    prompter = new QueuePrompter();
    api.prompts.current = prompter;
    // What reaches the log channel (after the extension's redactor), and every token the store hands out.
    for (const level of ['info', 'warn', 'error'] as const) {
      const original = api.log[level].bind(api.log);
      api.log[level] = (message: string) => {
        logged.push(message);
        original(message);
      };
      restore.push(() => (api.log[level] = original));
    }
    const request = api.log.request.bind(api.log);
    api.log.request = (entry) => {
      logged.push(JSON.stringify(entry));
      request(entry);
    };
    restore.push(() => (api.log.request = request));
    const watch = api.store.onDidChangeToken((e) => e.token && tokens.add(e.token.id));
    restore.push(() => watch.dispose());
  });

  afterEach(() => {
    assert.deepEqual(prompter.unexpected, [], 'prompts the test did not expect');
    assert.deepEqual(prompter.pending(), [], 'announced prompts that never came');
  });

  after(async () => {
    for (const undo of restore.reverse()) undo();
    if (api) api.prompts.current = previousPrompter;
    delete process.env.OS_CLIENT_CONFIG_FILE;
    for (const id of savedIds().filter((id) => id.includes(run))) await api.store.remove(id);
    if (dir) rmSync(dir, { recursive: true, force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('clouds.yaml: the good cloud is saved whole, the one with credentials in its URL not at all', async () => {
    const file = join(dir, 'clouds.yaml');
    const good = `good-${run}`;
    const leaky = `leaky-${run}`;
    writeFileSync(
      file,
      `clouds:\n  ${good}:\n    auth:\n      auth_url: ${c.keystone.url}/v3\n      username: ${c.demo.name}\n      user_domain_name: ${c.demo.domain}\n` +
        `      project_name: ${c.demo.project}\n      project_domain_name: ${c.demo.projectDomain}\n    identity_api_version: 3\n` +
        `  ${leaky}:\n    auth:\n      auth_url: "http://demo:${SECRET_IN_URL}@${c.keystone.url.slice(7)}/v3"\n      username: demo\n      password: ${SECRET_IN_URL}\n`,
    );
    writeFileSync(join(dir, 'secure.yaml'), `clouds:\n  ${good}:\n    auth:\n      password: ${JSON.stringify(c.demo.password)}\n`);
    process.env.OS_CLIENT_CONFIG_FILE = file;
    const before = savedIds();
    const errorsBefore = logged.length;
    prompter
      .on('pick', (items: Array<vscode.QuickPickItem & { path?: string }>) => items.find((i) => i.path === file))
      .on('pickMany', (items: Array<vscode.QuickPickItem>) => [...items]);
    await vscode.commands.executeCommand('openstackStorage.importCloudsYaml');

    const added = savedIds().filter((id) => !before.includes(id));
    assert.equal(added.length, 1, `saved: ${added.join(', ')}`);
    const entry = api.store.get(added[0]);
    assert.equal(entry?.profile.name, good);
    assert.equal(await api.store.hasSecret(added[0]), true, "the good cloud's password is in secret storage");
    assert.ok(await api.store.session(added[0]).currentToken(), 'and its proof-of-login token');
    assert.equal(
      api.store.list().some((e) => e.profile.name === leaky),
      false,
    );
    assert.equal(await api.store.hasSecret(leaky), false, 'nothing stored for the refused cloud');
    const said = logged.slice(errorsBefore).join('\n');
    assert.match(said, new RegExp(`Skipped: Cloud "${leaky}" in .* cannot be used: The auth URL must not contain a user name or password`));
    assert.ok(!settingsText().includes(c.demo.password) && !settingsText().includes(SECRET_IN_URL), 'a secret in settings');
  });

  it('hostile and broken OpenRC / clouds.yaml files: one clear message each, nothing saved', async () => {
    const cases: Array<{ file: string; text: string; command: string; said: RegExp }> = [];
    const doubling = ['export OS_AUTH_URL=http://127.0.0.1:1/v3', 'export OS_USERNAME=x', 'export A=0123456789abcdef'];
    for (let i = 0; i < 40; i++) doubling.push('export A=$A$A$A$A');
    doubling.push('export OS_PASSWORD=$A');
    cases.push({ file: 'doubling-openrc.sh', text: doubling.join('\n'), command: 'importOpenRc', said: /"A" in the OpenRC file is longer than 64 KiB/ });
    cases.push({
      file: 'slow-openrc.sh',
      text: `export OS_AUTH_URL=http://127.0.0.1:1/v3\nexport OS_USERNAME=a${' '.repeat(1_000_000)}b\n`,
      command: 'importOpenRc',
      said: /(?:)/,
    });
    cases.push({
      file: 'not-openrc.sh',
      text: '#!/bin/sh\nrm -rf "$HOME"\n',
      command: 'importOpenRc',
      said: /No OS_AUTH_URL found: this does not look like an OpenRC file/,
    });
    cases.push({
      file: 'huge-openrc.sh',
      text: `export OS_AUTH_URL=http://k/v3\n#${'x'.repeat(1024 * 1024)}`,
      command: 'importOpenRc',
      said: /larger than 1 MiB/,
    });
    cases.push({ file: 'clouds.yaml', text: `clouds: ${'['.repeat(2000)}${']'.repeat(2000)}`, command: 'importCloudsYaml', said: /is not valid YAML/ });
    cases.push({
      file: 'clouds.yaml',
      // A repeated key: the last one, as PyYAML reads it (here a cloud without a user: one clear sentence).
      text: 'clouds:\n  x:\n    auth: {auth_url: http://a, username: u}\n  x:\n    auth: {auth_url: http://b}\n',
      command: 'importCloudsYaml',
      said: /Nothing was imported from .*Cloud "x" in .* cannot be used: A password profile needs a user name or user id/,
    });
    const before = savedIds();
    for (const [i, k] of cases.entries()) {
      const sub = join(dir, `case-${i}`);
      rmSync(sub, { recursive: true, force: true });
      mkdirSync(sub);
      const file = join(sub, k.file);
      writeFileSync(file, k.text);
      const from = logged.length;
      if (k.command === 'importOpenRc') {
        prompter.on('openFile', () => [vscode.Uri.file(file)]);
        // A file that parses but holds no password asks for it; the person declines.
        if (k.file === 'slow-openrc.sh') prompter.on('input', () => undefined);
      } else {
        process.env.OS_CLIENT_CONFIG_FILE = file;
        prompter.on('pick', (items: Array<vscode.QuickPickItem & { path?: string }>) => items.find((it) => it.path === file));
      }
      // A parser that backtracks on these files takes minutes: the test's own timeout is the bound, not a clock here.
      await vscode.commands.executeCommand(`openstackStorage.${k.command}`);
      const said = logged.slice(from).join('\n');
      assert.match(said, k.said, `${k.file}: ${said}`);
    }
    assert.deepEqual(savedIds(), before, 'nothing was saved');
  }).timeout(120_000);

  it('the wizard refuses auth URLs with credentials or garbage, without echoing them, and saves nothing', async () => {
    const refusals: string[] = [];
    const before = savedIds();
    prompter
      .on('input', async (o: vscode.InputBoxOptions) => {
        assert.equal(await o.validateInput?.(''), 'Enter a name.');
        return `Wizard ${run}`;
      })
      .on('input', async (o: vscode.InputBoxOptions) => {
        for (const url of [`https://bob:${SECRET_IN_URL}@k/v3`, `https://bob:a/${SECRET_IN_URL}@k/v3`, 'ftp://k/v3', 'keystone:5000', '', 'http://[::1']) {
          refusals.push(String(await o.validateInput?.(url)));
        }
        return undefined; // the user gives up
      });
    await vscode.commands.executeCommand('openstackStorage.addProfile');
    assert.equal(refusals.length, 6);
    for (const r of refusals) assert.ok(r !== 'undefined' && r.length > 10, `accepted or unexplained: ${r}`);
    assert.match(refusals[0], /must not contain a user name or password/);
    assert.ok(!refusals.join('\n').includes(SECRET_IN_URL), refusals.join('\n'));
    assert.deepEqual(savedIds(), before);
  });

  it('"insecure" is off unless exactly true; when on, the log says so', async () => {
    const warnings: string[] = [];
    const channel = { info: () => undefined, warn: (m: string) => warnings.push(m), error: () => undefined } as unknown as vscode.LogOutputChannel;
    const env = { OS_AUTH_URL: `${c.keystone.url}/v3`, OS_USERNAME: c.demo.name, OS_PASSWORD: c.demo.password, OS_USER_DOMAIN_NAME: c.demo.domain };
    for (const [insecure, warned] of [
      [undefined, false],
      ['0', false],
      ['true', true],
    ] as const) {
      warnings.length = 0;
      const store = new ProfileStore(new MemorySecrets(), new Redactor(), new Log(channel, new Redactor()), insecure ? { ...env, OS_INSECURE: insecure } : env);
      try {
        store.session(ENVIRONMENT_PROFILE_ID);
        assert.equal(
          warnings.some((w) => /TLS certificate verification is OFF/.test(w)),
          warned,
          `OS_INSECURE=${insecure}: ${warnings.join(' ')}`,
        );
      } finally {
        store.dispose();
      }
    }
    // A settings entry with the string "false" is a problem to fix, not an opt-in.
    const id = `tls-string-${run}`;
    const raw = { id, name: `TLS string ${run}`, authUrl: 'https://127.0.0.1:1/v3', username: 'x', insecure: 'false' };
    const all = vscode.workspace.getConfiguration().get<Partial<Profile>[]>(SETTING) ?? [];
    await vscode.workspace.getConfiguration().update(SETTING, [...all, raw], vscode.ConfigurationTarget.Global);
    try {
      assert.match(api.store.get(id)?.problems.join(' ') ?? '', /"insecure" must be true or false, not "false"/);
      assert.throws(() => api.store.session(id), /"insecure" must be true or false/);
    } finally {
      await api.store.remove(id);
    }
  });

  it('the token document shows the token id only when revealed', async () => {
    const imported = api.store.list().find((e) => e.profile.name === `good-${run}`);
    assert.ok(imported, 'the profile imported above');
    const token = await api.store.session(imported.profile.id).token();
    tokens.add(token.id);
    await vscode.commands.executeCommand('openstackStorage.showTokenDetails', { profileId: imported.profile.id });
    const masked = await openDocument('openstack-token', run);
    assert.ok(!masked.getText().includes(token.id), 'the token id in the masked document');
    prompter.on('confirm', () => 'Reveal Token Id');
    await vscode.commands.executeCommand('openstackStorage.revealTokenId', { profileId: imported.profile.id });
    const revealed = await openDocument('openstack-token', token.id);
    assert.ok(revealed.uri.toString() !== masked.uri.toString());
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("the extension's log file (what reached it, after redaction) holds no password, secret or token, in any form", async () => {
    const text = logged.join('\n');
    assert.ok(logged.length > 5, 'the log was captured');
    // The channel writes its file on its own schedule: a marker line says when everything before it is there.
    const marker = `leak check ${run} ${Date.now()}`;
    api.log.info(marker);
    const file = await logFileWith(marker);
    const secrets = new Map<string, string>([
      ['the demo password', c.demo.password],
      ['the Default-domain demo password', c.demoDefault.password],
      ['the admin password', c.admin.password],
      ['the application credential secret', c.appCredential.secret],
      ['the temp URL key', c.tempUrlKey],
      ['the secret in a URL', SECRET_IN_URL],
      ...[...tokens].map((t, i): [string, string] => [`token ${i + 1}`, t]),
    ]);
    const content = readFileSync(file);
    assert.ok(content.includes(' → '), 'the file holds request lines');
    assert.equal(describeLeaks(findLeaks(content, secrets, 'the log file')), '');
    assert.equal(describeLeaks(findLeaks(text, secrets, 'what was handed to the log')), '');
    assert.ok(!settingsText().includes(c.demo.password));
  });
});

/** The extension's "OpenStack Storage" log file under this window's logs, once it holds `marker`. */
async function logFileWith(marker: string): Promise<string> {
  // The driver's log folder (…/exthost/<driver id>, set by test/editor/driver) is a sibling of the extension's.
  const windowLogs = dirname(dirname(process.env.OSS_DRIVER_LOG_DIR ?? ''));
  for (let i = 0; i < 100; i++) {
    const files = readdirSync(windowLogs, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('OpenStack Storage.log'));
    const found = files.map((f) => join(windowLogs, f)).find((f) => readFileSync(f, 'utf8').includes(marker));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no "OpenStack Storage.log" holding the marker under ${windowLogs}`);
}

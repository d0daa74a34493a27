/**
 * VS Code's http.proxy, in the editor: set in the user's settings, it sends the extension's requests through a
 * real tinyproxy (Basic authentication, credentials in the setting's URL) to the local cloud reached at
 * 127.0.0.2; the proxy's own log shows them and the extension's log line says "via proxy". http.noProxy then
 * sends them direct. Changing the setting takes effect without a reload.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { ENVIRONMENT_PROFILE_ID } from '../../src/auth/profile';
import { ProfileStore } from '../../src/auth/profileStore';
import { Log } from '../../src/log';
import { Redactor } from '../../src/openstack/redact';
import { Tinyproxy } from '../support/daemons';
import { FrontDoor } from '../support/frontDoor';
import { MemorySecrets, cloud } from './support';

const HOST = '127.0.0.2';

/** A LogOutputChannel that keeps its lines: the extension's own Log writes into it. */
function recordingChannel(lines: string[]): vscode.LogOutputChannel {
  const keep = (message: string) => void lines.push(message);
  return { info: keep, warn: keep, error: keep, debug: keep, trace: keep, append: keep, appendLine: keep } as unknown as vscode.LogOutputChannel;
}

describe('http.proxy in the editor (a real tinyproxy)', function () {
  this.timeout(60_000);
  const password = `pw-${randomBytes(6).toString('hex')}`;
  let proxy: Tinyproxy;
  let keystone: FrontDoor;
  let swift: FrontDoor[];

  before(async () => {
    const c = cloud();
    proxy = await Tinyproxy.start({ host: HOST, user: 'alice', password });
    swift = await Promise.all(c.regions.map((r) => FrontDoor.start({ upstream: r.swiftUrl, host: HOST })));
    keystone = await FrontDoor.start({
      upstream: c.keystone.url,
      host: HOST,
      rewrite: () => [[`${c.keystone.url}/`, `${keystone.url}/`], ...c.regions.map((r, i): [string, string] => [`${r.swiftUrl}/`, `${swift[i].url}/`])],
    });
  });

  after(async () => {
    const http = vscode.workspace.getConfiguration('http');
    await http.update('proxy', undefined, vscode.ConfigurationTarget.Global);
    await http.update('noProxy', undefined, vscode.ConfigurationTarget.Global);
    await keystone?.close();
    for (const door of swift ?? []) await door.close();
    await proxy?.stop();
  });

  it('goes through http.proxy (log line "via proxy", the proxy log shows the requests), and direct for http.noProxy', async () => {
    const c = cloud();
    const env = {
      OS_AUTH_URL: `${keystone.url}/v3`,
      OS_USERNAME: c.demoDefault.name,
      OS_PASSWORD: c.demoDefault.password,
      OS_PROJECT_NAME: c.demoDefault.project,
      OS_USER_DOMAIN_NAME: c.demoDefault.domain,
      OS_PROJECT_DOMAIN_NAME: c.demoDefault.projectDomain,
    };
    const lines: string[] = [];
    const redactor = new Redactor();
    const store = new ProfileStore(new MemorySecrets(), redactor, new Log(recordingChannel(lines), redactor), env);
    const http = vscode.workspace.getConfiguration('http');
    try {
      await http.update('proxy', `http://alice:${password}@${HOST}:${proxy.port}`, vscode.ConfigurationTarget.Global);
      const client = await store.session(ENVIRONMENT_PROFILE_ID).swift();
      await client.headAccount();
      const seen = proxy.requests();
      assert.ok(seen.includes(`POST ${keystone.url}/v3/auth/tokens`), `the proxy saw the sign-in: ${seen.join(' | ')}`);
      assert.ok(
        seen.some((r) => r.startsWith(`HEAD ${swift[0].url}/v1/AUTH_`)),
        'the proxy saw the Swift request',
      );
      const via = `via proxy http://${HOST}:${proxy.port} → `;
      assert.ok(
        lines.some((l) => l.startsWith(`POST ${keystone.url}/v3/auth/tokens ${via}201`)),
        lines.join('\n'),
      );
      assert.ok(
        lines.some((l) => l.startsWith(`HEAD ${swift[0].url}/v1/AUTH_`) && l.includes(via)),
        lines.join('\n'),
      );

      // http.noProxy: a new session goes direct, the proxy sees nothing more.
      await http.update('noProxy', [HOST], vscode.ConfigurationTarget.Global);
      const before = proxy.requests().length;
      await store.session(ENVIRONMENT_PROFILE_ID).signOut();
      const direct = await store.session(ENVIRONMENT_PROFILE_ID).swift();
      await direct.headAccount();
      assert.equal(proxy.requests().length, before, 'nothing went through the proxy');
      assert.ok(
        lines.some((l) => l.startsWith(`POST ${keystone.url}/v3/auth/tokens direct → 201`)),
        lines.join('\n'),
      );
      assert.ok(!lines.join('\n').includes(password), 'the proxy password is in a log line');
    } finally {
      store.dispose();
    }
  });
});

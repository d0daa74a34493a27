/**
 * After the editor suites have run (the in-host suites, the after-reload phase and every other e2e file:
 * this suite moves itself behind them), scans everything they left on disk for the run's secrets:
 *  - the editor's user data: settings.json, state databases, and every log (code-server's, the extension
 *    host's, and the extension's own "OpenStack Storage" log channel file: what reached it after redaction),
 *  - Chromium's profile, where code-server's web workbench keeps its state (the extension's global and
 *    workspace state among it) and SecretStorage (sealed with a key the server holds, so never plain there),
 *  - the workspace folder (.vscode/settings.json),
 *  - the test results: every notification, dialog and input-box message the workbench showed
 *    (notifications.log, written as they appeared), code-server.log and browser-console.log (crash output
 *    lands there), the in-host reports.
 * Looked for (test/support/leakGuard.ts): every password and secret of cloud.json, as is, JSON-escaped,
 * percent-encoded, base64 and UTF-16, and anything shaped like a Keystone or TempAuth token, so the ids of every
 * token any suite used are covered without collecting them. Only compressed files and images are left out.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defaultResultsDir } from '../editor/paths';
import { editor } from '../editor/session';
import { loadCloud } from '../support/cloud';
import { describeLeaks, findLeaks, type Leak } from '../support/leakGuard';

/** Formats with nothing of ours inside, or compressed (a match would be chance). */
const SKIPPED = /\.(png|jpe?g|vsix|zip|gz|woff2?|ttf)$/i;

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      continue; // removed while we looked (a log rotating)
    }
    if (stat.isDirectory()) out.push(...filesUnder(path));
    else if (stat.isFile() && !SKIPPED.test(name) && stat.size < 64 * 1024 * 1024) out.push(path);
  }
  return out;
}

describe('secrets left on disk by the editor suites (e2e, last)', function () {
  // Mocha runs suites in the order files were loaded: each e2e file loaded after this one is moved ahead.
  // eslint-disable-next-line @typescript-eslint/no-this-alias -- the suite moves itself inside a later event
  const self = this;
  const root = this.parent;
  root?.on('post-require', () => {
    root.suites.splice(root.suites.indexOf(self), 1);
    root.suites.push(self);
  });

  it('no password, secret or token, in any form, in settings, logs, notifications, editor state, the browser profile or crash output', () => {
    const cloud = loadCloud();
    const ed = editor();
    const secrets = new Map([
      ['the admin password', cloud.admin.password],
      ['the demo password', cloud.demo.password],
      ['the Default-domain demo password', cloud.demoDefault.password],
      ['the application credential secret', cloud.appCredential.secret],
      ['the temp URL key', cloud.tempUrlKey],
      ['the TempAuth key', cloud.tempauth.key],
    ]);
    const places = [ed.userDataDir, ed.browserProfileDir, ed.workspaceDir, process.env.OSS_TEST_RESULTS_DIR || defaultResultsDir()];
    const files = [...new Set(places.flatMap(filesUnder))];
    const found: Leak[] = [];
    let bytes = 0;
    for (const file of files) {
      let content: Buffer;
      try {
        content = readFileSync(file);
      } catch {
        continue;
      }
      bytes += content.length;
      found.push(...findLeaks(content, secrets, file));
    }
    assert.equal(describeLeaks(found), '', 'secrets on disk');

    // The scan did see what it must: the settings, and the extension's log channel with requests in it.
    const settings = join(ed.userDataDir, 'User', 'settings.json');
    assert.ok(files.includes(settings), 'User/settings.json scanned');
    const channel = files.filter((f) => /OpenStack Storage\.log$/.test(f));
    assert.ok(channel.length > 0, `the extension's log channel file is among the ${files.length} files scanned`);
    assert.ok(
      channel.some((f) => / → \d{3} \(\d+ ms\)/.test(readFileSync(f, 'utf8'))),
      'it holds request lines',
    );
    assert.ok(
      files.some((f) => f.endsWith('code-server.log')),
      'code-server.log scanned',
    );
    const notices = files.find((f) => f.endsWith('notifications.log'));
    assert.ok(notices && /Revoked the token of profile/.test(readFileSync(notices, 'utf8')), 'the notifications shown are scanned');
    assert.ok(
      files.some((f) => f.startsWith(ed.browserProfileDir) && /IndexedDB|Local Storage/.test(f)),
      "the browser profile's storage (the workbench's and the extension's state) is scanned",
    );
    console.log(
      `      scanned ${files.length} files (${(bytes / 1024 / 1024).toFixed(1)} MiB) under ${places.map((p) => relative(process.cwd(), p) || '.').join(', ')}`,
    );
  });
});

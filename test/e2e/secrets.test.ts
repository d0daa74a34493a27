/**
 * After the editor suites have run (the in-host suites, the after-reload phase and every other e2e file:
 * this suite moves itself behind them), scans everything they left on disk for the cloud's secrets:
 *  - the editor's user data: settings.json, state databases, and every log (code-server's, the extension
 *    host's, and the extension's own "OpenStack Storage" log channel file),
 *  - the workspace folder (.vscode/settings.json),
 *  - the test results: code-server.log and browser-console.log (crash output lands there), the in-host
 *    reports.
 * Looked for: every password and secret of cloud.json (the demo users', the admin's, the application
 * credential's, the temp-URL key) and anything shaped like a Keystone Fernet token (`gAAAAA…`), so the ids
 * of every token any suite used are covered without collecting them. SecretStorage itself lives in the
 * browser's profile, which is where secrets belong and is not scanned.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defaultResultsDir } from '../editor/paths';
import { editor } from '../editor/session';
import { loadCloud } from '../support/cloud';

const FERNET = /gAAAAA[A-Za-z0-9_-]{60,}/;
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

  it('no password, secret or token id in settings, logs, state or crash output', () => {
    const cloud = loadCloud();
    const ed = editor();
    // tempauth's key ("testing") is an English word: it would match log text that is no secret at all.
    const secrets: Array<[string, string]> = [
      ['the admin password', cloud.admin.password],
      ['the demo password', cloud.demo.password],
      ['the Default-domain demo password', cloud.demoDefault.password],
      ['the application credential secret', cloud.appCredential.secret],
      ['the temp URL key', cloud.tempUrlKey],
    ];
    const places = [ed.userDataDir, ed.workspaceDir, process.env.OSS_TEST_RESULTS_DIR || defaultResultsDir()];
    const files = [...new Set(places.flatMap(filesUnder))];
    const found: string[] = [];
    let bytes = 0;
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(file).toString('latin1'); // byte for byte: binary files are searched too
      } catch {
        continue;
      }
      bytes += text.length;
      for (const [what, secret] of secrets) if (secret && text.includes(secret)) found.push(`${what} in ${file}`);
      const token = FERNET.exec(text);
      if (token) found.push(`a token (${token[0].slice(0, 12)}…) in ${file}`);
    }
    assert.deepEqual(found, [], 'secrets on disk');

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
    console.log(
      `      scanned ${files.length} files (${(bytes / 1024 / 1024).toFixed(1)} MiB) under ${places.map((p) => relative(process.cwd(), p) || '.').join(', ')}`,
    );
  });
});

/**
 * The editor probes every `swift:` workspace folder for .vscode/settings.json, tasks.json, launch.json, mcp.json…
 * Each missing file is a quiet FileNotFound: no warning in the extension's log (a debug line at most), while a
 * real failure (a refused sign-in here) still logs a warning and reaches the editor as NoPermissions. The file
 * system is the product's own class over a real session, with the extension's Log writing into a recording channel.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { ENVIRONMENT_PROFILE_ID } from '../../src/auth/profile';
import { ProfileStore } from '../../src/auth/profileStore';
import { Log } from '../../src/log';
import { Redactor } from '../../src/openstack/redact';
import { ObjectFiles } from '../../src/objectFileSystems/objectFiles';
import { ObjectFileSystem } from '../../src/objectFileSystems/objectFileSystem';
import { EDIT_SCHEME } from '../../src/location';
import { MemorySecrets, cloud, extensionApi } from './support';

const CONTAINER = `it-probes-${randomBytes(3).toString('hex')}`;
const PROBED = ['.vscode/settings.json', '.vscode/tasks.json', '.vscode/launch.json', '.vscode/mcp.json', '.vscode', 'src/.vscode/settings.json'];

function recording(lines: Array<[string, string]>): vscode.LogOutputChannel {
  const at = (level: string) => (message: string) => void lines.push([level, message]);
  return { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug'), trace: at('trace') } as unknown as vscode.LogOutputChannel;
}

describe('swift: workspace folder probes (in-host, real Swift)', function () {
  this.timeout(60_000);
  const c = cloud();
  const env = (password: string) => ({
    OS_AUTH_URL: `${c.keystone.url}/v3`,
    OS_USERNAME: c.demo.name,
    OS_PASSWORD: password,
    OS_PROJECT_NAME: c.demo.project,
    OS_USER_DOMAIN_NAME: c.demo.domain,
    OS_PROJECT_DOMAIN_NAME: c.demo.projectDomain,
  });

  function fileSystem(password: string): { fs: ObjectFileSystem; store: ProfileStore; files: ObjectFiles; lines: Array<[string, string]> } {
    const lines: Array<[string, string]> = [];
    const redactor = new Redactor();
    const log = new Log(recording(lines), redactor);
    const store = new ProfileStore(new MemorySecrets(), redactor, log, env(password));
    const files = new ObjectFiles(store, prompts, log);
    return { fs: new ObjectFileSystem(files, false, EDIT_SCHEME), store, files, lines };
  }
  let prompts: ConstructorParameters<typeof ObjectFiles>[1];

  before(async () => {
    prompts = (await extensionApi()).prompts;
    const { store } = fileSystem(c.demo.password);
    const swift = await store.session(ENVIRONMENT_PROFILE_ID).swift('RegionOne');
    await swift.createContainer(CONTAINER);
    await swift.putObject(CONTAINER, 'src/main.txt', 'hello\n', { contentType: 'text/plain' });
  });

  after(async () => {
    const { store } = fileSystem(c.demo.password);
    const swift = await store.session(ENVIRONMENT_PROFILE_ID).swift('RegionOne');
    await swift.bulkDelete([{ container: CONTAINER, name: 'src/main.txt' }, { container: CONTAINER }]).catch(() => undefined);
  });

  it('a missing .vscode/settings.json, tasks.json, launch.json, mcp.json is FileNotFound with no warning; a refused sign-in still warns', async () => {
    const { fs, files, lines } = fileSystem(c.demo.password);
    for (const name of PROBED) {
      const uri = files.uriFor({ profileId: ENVIRONMENT_PROFILE_ID, region: 'RegionOne', container: CONTAINER, object: name });
      await assert.rejects(fs.stat(uri), (e: unknown) => e instanceof vscode.FileSystemError && e.code === 'FileNotFound', `stat ${name}`);
      if (name.endsWith('.json')) {
        await assert.rejects(fs.readFile(uri), (e: unknown) => e instanceof vscode.FileSystemError && e.code === 'FileNotFound', `read ${name}`);
      }
    }
    const loud = lines.filter(([level]) => level === 'warn' || level === 'error');
    assert.deepEqual(loud, [], 'no warning for a missing file');
    assert.ok(
      lines.some(([level, line]) => level === 'debug' && /^HEAD .*\/\.vscode\/settings\.json .*→ 404/.test(line)),
      `the probe is still there at debug level: ${lines.map((l) => l.join(' ')).join('\n')}`,
    );
    // The folder itself and an existing object are found as before.
    const folder = files.uriFor({ profileId: ENVIRONMENT_PROFILE_ID, region: 'RegionOne', container: CONTAINER, object: 'src' });
    assert.equal((await fs.stat(folder)).type, vscode.FileType.Directory);

    const refused = fileSystem(`wrong-${randomBytes(4).toString('hex')}`);
    const uri = refused.files.uriFor({ profileId: ENVIRONMENT_PROFILE_ID, region: 'RegionOne', container: CONTAINER, object: '.vscode/settings.json' });
    await assert.rejects(refused.fs.stat(uri), (e: unknown) => e instanceof vscode.FileSystemError && e.code === 'NoPermissions');
    assert.ok(
      refused.lines.some(([level, line]) => level === 'warn' && / → 401 /.test(line)),
      `the refused sign-in is a warning: ${refused.lines.map((l) => l.join(' ')).join('\n')}`,
    );
  });
});

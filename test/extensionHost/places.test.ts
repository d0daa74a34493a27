/**
 * Where users look for actions, inside a real editor against the local cloud: Open Signed-in Terminal (a real
 * integrated terminal running the real `swift` CLI and curl with the environment it got), the commands of an open
 * object tab (Reveal in Tree, Show Metadata, Copy URL, Copy Path), Copy Name, Open in Browser (temp URL for a
 * private object, plain URL for a public one), Create Folder, Upload to OpenStack… from the Explorer, and drag and
 * drop (rows onto another container: a server-side copy; objects dragged out: their swift: URIs, copied to a file).
 * Self-contained: its own profile and container, removed at the end.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { SwiftClient } from '../../src/openstack/swift/client';
import type { ContainerNode, ObjectNode, ProfileNode, RegionNode, StorageNode } from '../../src/views/nodes';
import { swiftUrl } from '../../src/openstack/swift/names';
import { windowPrompter } from '../../src/ui/prompts';
import { READONLY_SCHEME, toUriParts } from '../../src/location';
import { recordedHttpClient } from '../support/recordedHttp';
import { TREE_ROWS_MIME, UploadDropController } from '../../src/views/uploadDrop';
import { ScriptedPrompter, cloud, demoProfile, extensionApi, findChild, openDocument } from './support';

const PROFILE_ID = 'it-places';
const PROFILE_NAME = 'In-host places';
const run = Date.now().toString(36);
const CONTAINER = `it-places-${run} ☁`;
const TARGET = `it-places-target-${run}`;
const OBJECT = `docs/q "x" ünï ${run}.txt`;
const BODY = 'the bytes of the places test\n';

async function waitFor<T>(what: string, probe: () => T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('where users look for actions (in-host)', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let swift: SwiftClient;
  let prompter: ScriptedPrompter;
  let scratch: string;
  const http = recordedHttpClient();
  const errors: string[] = [];
  const opened: string[] = [];
  let restore: (() => void) | undefined;

  const isProfile = (n: StorageNode): n is ProfileNode => n.kind === 'profile' && n.profileId === PROFILE_ID;
  const isRegion = (n: StorageNode): n is RegionNode => n.kind === 'region' && n.region === 'RegionOne';
  const isContainer = (n: StorageNode): n is ContainerNode => n.kind === 'container' && n.container === CONTAINER;
  const containerNode = async () => findChild(api, await findChild(api, await findChild(api, undefined, isProfile), isRegion), isContainer);
  const objectTabUri = () =>
    vscode.Uri.from({ scheme: READONLY_SCHEME, ...toUriParts({ profileId: PROFILE_ID, region: 'RegionOne', container: CONTAINER, object: OBJECT }) });
  const anonymous = async (url: string) => {
    const res = await http.request({ method: 'GET', url, accept: () => true });
    return { status: res.status, text: await res.text() };
  };

  before(async () => {
    api = await extensionApi();
    const c = cloud();
    await api.store.save({ ...demoProfile(c), id: PROFILE_ID, name: PROFILE_NAME }, c.demo.password);
    // A second profile, so the profile question is always asked (the other suites' profiles come and go).
    await api.store.save({
      id: `${PROFILE_ID}-other`,
      name: `${PROFILE_NAME} (other)`,
      authUrl: `${c.keystone.url}/v3`,
      authVersion: 'auto',
      authType: 'password',
      username: 'nobody',
    });
    swift = await api.store.session(PROFILE_ID).swift('RegionOne');
    await swift.createContainer(CONTAINER);
    await swift.createContainer(TARGET);
    await swift.putObject(CONTAINER, OBJECT, BODY, { contentType: 'text/plain' });
    await swift.putObject(CONTAINER, 'top.txt', 'top\n', { contentType: 'text/plain' });
    scratch = mkdtempSync(join(tmpdir(), 'it-places-'));
    const original = { error: api.log.error.bind(api.log), browser: api.browser.current };
    api.log.error = (message: string) => {
      errors.push(message);
      original.error(message);
    };
    api.browser.current = async (url) => {
      opened.push(url);
      return true;
    };
    restore = () => {
      api.log.error = original.error;
      api.browser.current = original.browser;
    };
    await api.tree.refresh();
  });

  beforeEach(() => {
    prompter = new ScriptedPrompter();
    api.prompts.current = prompter;
    errors.length = 0;
    opened.length = 0;
  });
  afterEach(() => prompter.verify());

  after(async () => {
    restore?.();
    api.prompts.current = windowPrompter;
    for (const t of vscode.window.terminals) if (t.name.startsWith('OpenStack: ')) t.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (swift) {
      for (const container of [CONTAINER, TARGET]) {
        const names: string[] = [];
        for await (const page of swift.listObjects(container)) for (const e of page.entries) if (e.kind === 'object') names.push(e.name);
        await swift.bulkDelete([...names.map((name) => ({ container, name })), { container }]);
      }
    }
    await api.store.remove(PROFILE_ID);
    await api.store.remove(`${PROFILE_ID}-other`);
    await http.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('Open Signed-in Terminal on a container: swift list and curl work in it with the token of the environment; nothing else of an identity is there', async function () {
    this.timeout(150_000); // a shell and python-swiftclient start on a loaded two-core machine
    const terminal = (await vscode.commands.executeCommand('openstackStorage.openSignedInTerminal', await containerNode())) as vscode.Terminal;
    assert.deepEqual(errors, []);
    assert.ok(terminal, 'the command resolves to its terminal');
    const options = terminal.creationOptions as vscode.TerminalOptions;
    const token = await api.store.session(PROFILE_ID).currentToken();
    assert.equal(options.env?.OS_AUTH_TOKEN, token?.id, 'the session token is in the environment');
    assert.equal(options.env?.OS_STORAGE_URL, swift.storageUrl);
    assert.equal(options.env?.OS_PASSWORD, null, 'an inherited password is removed');
    assert.equal(options.isTransient, true, 'not restored after a reload: neither the environment nor the buffer is persisted');
    assert.match(String(options.message), /^The token in this terminal expires at .* left\)/);
    assert.ok(!String(options.message).includes(token!.id), 'the first lines never show the token');
    assert.equal(terminal.name, 'OpenStack: In-host places (RegionOne)');

    const out = join(scratch, 'terminal');
    mkdirSync(out);
    // A real shell in a real terminal: the commands read only what the terminal's environment gave them.
    terminal.sendText(
      [
        `cd '${out}'`,
        `swift list '${CONTAINER}' > swift.txt 2>&1`,
        `curl -sS -H "X-Auth-Token: $OS_AUTH_TOKEN" "$OS_STORAGE_URL" > curl.txt 2>&1`,
        `env | grep -c '^OS_PASSWORD=' > password.txt`,
        'echo done > done.txt',
      ].join('; '),
    );
    await waitFor('the terminal commands', () => (existsSync(join(out, 'done.txt')) ? true : undefined), 100_000).catch((e: Error) => {
      const seen = ['swift.txt', 'curl.txt', 'password.txt'].map(
        (f) => `${f}: ${existsSync(join(out, f)) ? JSON.stringify(readFileSync(join(out, f), 'utf8').slice(0, 300)) : 'none'}`,
      );
      throw new Error(`${e.message}; ${seen.join('; ')}`);
    });
    assert.equal(readFileSync(join(out, 'swift.txt'), 'utf8'), `${OBJECT}\ntop.txt\n`, 'swift list of the container');
    assert.ok(readFileSync(join(out, 'curl.txt'), 'utf8').split('\n').includes(CONTAINER), 'curl lists the account');
    assert.equal(readFileSync(join(out, 'password.txt'), 'utf8').trim(), '0');
    terminal.dispose();
  });

  it('on an object tab: Reveal in Tree selects its row, Show Metadata and Copy URL / Copy Path take the tab', async () => {
    await vscode.commands.executeCommand('vscode.open', objectTabUri());
    await openDocument(READONLY_SCHEME, 'the bytes of the places test');
    const node = (await vscode.commands.executeCommand('openstackStorage.revealInTree', objectTabUri())) as ObjectNode;
    assert.deepEqual(errors, []);
    assert.equal(node.kind, 'object');
    assert.equal(node.name, OBJECT);
    // From the palette: the active tab.
    const again = (await vscode.commands.executeCommand('openstackStorage.revealInTree')) as ObjectNode;
    assert.equal(again.name, OBJECT);

    await vscode.commands.executeCommand('openstackStorage.showMetadata', objectTabUri());
    await openDocument('openstack-meta', 'text/plain');
    assert.equal(await vscode.commands.executeCommand('openstackStorage.copyUrl', objectTabUri()), swiftUrl(swift.storageUrl, CONTAINER, OBJECT));
    assert.equal(await vscode.commands.executeCommand('openstackStorage.copyPath', objectTabUri()), `${CONTAINER}/${OBJECT}`);
    assert.deepEqual(errors, []);
  });

  it('Copy Name of an object row, a folder row and a container row', async () => {
    const container = await containerNode();
    assert.equal(await vscode.commands.executeCommand('openstackStorage.copyName', container), CONTAINER);
    const folder = await findChild(api, container, (n): n is StorageNode => n.kind === 'folder');
    assert.equal(await vscode.commands.executeCommand('openstackStorage.copyName', folder), 'docs');
    assert.equal(await vscode.commands.executeCommand('openstackStorage.copyPath', folder), `${CONTAINER}/docs/`);
    const object = await findChild(api, folder, (n): n is ObjectNode => n.kind === 'object' && n.name === OBJECT);
    assert.equal(await vscode.commands.executeCommand('openstackStorage.copyName', object), OBJECT.slice('docs/'.length));
  });

  it('Open in Browser: a private object after a question through a 10-minute temp URL that works with no token; a public one at its plain URL', async () => {
    const key = randomBytes(16).toString('hex');
    await swift.postContainer(CONTAINER, { 'x-container-meta-temp-url-key': key });
    prompter.expectConfirm('is not public', 'Open Temp URL');
    const url = (await vscode.commands.executeCommand('openstackStorage.openInBrowser', objectTabUri())) as string;
    assert.deepEqual(errors, []);
    assert.equal(opened.length, 1);
    assert.match(url, /temp_url_sig=.*temp_url_expires=\d+/);
    const expires = Number(/temp_url_expires=(\d+)/.exec(url)![1]) * 1000;
    assert.ok(expires > Date.now() + 9 * 60_000 && expires <= Date.now() + 10 * 60_000 + 1000, 'valid for ten minutes');
    assert.deepEqual(await anonymous(opened[0]), { status: 200, text: BODY }, 'the URL the browser gets works with no token');

    // Declined: nothing opened.
    prompter.expectConfirm('is not public', undefined);
    assert.equal(await vscode.commands.executeCommand('openstackStorage.openInBrowser', objectTabUri()), undefined);
    assert.equal(opened.length, 1);

    // A private container: one sentence, nothing opened.
    await vscode.commands.executeCommand('openstackStorage.openInBrowser', await containerNode());
    assert.equal(errors.length, 1);
    assert.match(errors[0], /is not public, so a browser cannot list it/);
    assert.equal(opened.length, 1);
    errors.length = 0;

    await swift.postContainer(CONTAINER, { 'x-container-read': '.r:*,.rlistings' });
    const plain = (await vscode.commands.executeCommand('openstackStorage.openInBrowser', objectTabUri())) as string;
    assert.equal(plain, swiftUrl(swift.storageUrl, CONTAINER, OBJECT));
    assert.equal(opened.length, 2);
    assert.deepEqual(await anonymous(opened[1]), { status: 200, text: BODY });
    await swift.postContainer(CONTAINER, { 'x-container-read': '' });
    assert.deepEqual(errors, []);
  });

  it('Create Folder… puts a zero-byte application/directory marker; the same name again is refused in one sentence', async () => {
    const container = await containerNode();
    prompter.expectInput('folder name', 'new folder ☁');
    assert.equal(await vscode.commands.executeCommand('openstackStorage.createFolder', container), 'new folder ☁/');
    const info = await swift.headObject(CONTAINER, 'new folder ☁/');
    assert.equal(info.contentType, 'application/directory');
    assert.equal(info.bytes, 0);
    const rows = await api.tree.getChildren(container);
    assert.ok(
      rows.some((n) => n.kind === 'folder' && n.prefix === 'new folder ☁/'),
      'the tree shows the new folder',
    );
    prompter.expectInput('folder name', 'docs');
    await vscode.commands.executeCommand('openstackStorage.createFolder', container);
    assert.equal(errors.length, 1);
    assert.match(errors[0], /Folder "docs\/" already exists/);
  });

  it('Upload to OpenStack… from the Explorer: the selection goes to the picked region, container and folder', async () => {
    const local = join(scratch, 'explorer');
    mkdirSync(join(local, 'tree'), { recursive: true });
    writeFileSync(join(local, 'one.txt'), 'one\n');
    writeFileSync(join(local, 'tree', 'two ü.txt'), 'two\n');
    prompter
      .expectPick('to which profile', PROFILE_NAME)
      .expectPick('to which region', 'RegionOne')
      .expectPickWhere('to which container', (i) => i.label === JSON.stringify(CONTAINER))
      .expectInput('folder', 'uploaded/here');
    const one = vscode.Uri.file(join(local, 'one.txt'));
    await vscode.commands.executeCommand('openstackStorage.uploadToOpenStack', one, [one, vscode.Uri.file(join(local, 'tree'))]);
    assert.deepEqual(errors, []);
    const names: string[] = [];
    for await (const page of swift.listObjects(CONTAINER, { prefix: 'uploaded/' })) for (const e of page.entries) if (e.kind === 'object') names.push(e.name);
    assert.deepEqual(names.sort(), ['uploaded/here/one.txt', 'uploaded/here/tree/two ü.txt']);
  });

  it('drag and drop: rows dropped on another container are copied there on the server; a dragged object carries its swift: URI, which the file system copies to a local file', async () => {
    const controller = new UploadDropController();
    const container = await containerNode();
    const folder = await findChild(api, container, (n): n is StorageNode => n.kind === 'folder' && n.prefix === 'docs/');
    const top = await findChild(api, container, (n): n is ObjectNode => n.kind === 'object' && n.name === 'top.txt');
    const target = await findChild(
      api,
      await findChild(api, await findChild(api, undefined, isProfile), isRegion),
      (n): n is ContainerNode => n.kind === 'container' && n.container === TARGET,
    );
    const rows = new vscode.DataTransfer();
    rows.set(TREE_ROWS_MIME, new vscode.DataTransferItem([folder, top]));
    await controller.handleDrop(target, rows, new vscode.CancellationTokenSource().token);
    assert.deepEqual(errors, []);
    const names: string[] = [];
    for await (const page of swift.listObjects(TARGET)) for (const e of page.entries) if (e.kind === 'object') names.push(e.name);
    assert.deepEqual(names.sort(), [OBJECT, 'top.txt'].sort());
    const chunks: Buffer[] = [];
    for await (const chunk of (await swift.getObject(TARGET, OBJECT)).body) chunks.push(Buffer.from(chunk as Uint8Array));
    assert.equal(Buffer.concat(chunks).toString('utf8'), BODY, 'copied on the server with its bytes');

    const out = new vscode.DataTransfer();
    const object = await findChild(api, folder, (n): n is ObjectNode => n.kind === 'object' && n.name === OBJECT);
    controller.handleDrag([object, folder], out);
    const uris = (await out.get('text/uri-list')!.asString()).split('\r\n').map((u) => vscode.Uri.parse(u, true));
    assert.equal(uris.length, 1, 'only objects are dragged out as files');
    const local = vscode.Uri.file(join(scratch, 'dragged.txt'));
    // What the Explorer does with a dropped resource: a copy through the file systems.
    await vscode.workspace.fs.copy(uris[0], local);
    assert.equal(readFileSync(local.fsPath, 'utf8'), BODY);
  });
});

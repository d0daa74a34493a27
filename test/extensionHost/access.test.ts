/**
 * The access commands inside a real editor against the local cloud, prompts answered by the scripted
 * prompter: Edit Metadata…, Make Public…/Private, Set Quota… (container and account), Copy Temp URL… creating
 * a missing key, Enable Versioning… and Show Versions. Self-contained: its own profile (the Default-domain
 * demo user, whose account has no temp URL key) and containers, all removed at the end.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { SwiftClient } from '../../src/openstack/swift/client';
import type { ContainerNode, ObjectNode, ProfileNode, RegionNode, StorageNode } from '../../src/views/nodes';
import { HttpClient } from '../../src/openstack/http';
import { setVersioning } from '../../src/openstack/swift/access';
import { listObjectVersions } from '../../src/openstack/swift/versions';
import { swiftUrl } from '../../src/openstack/swift/names';
import { windowPrompter } from '../../src/ui/prompts';
import { ScriptedPrompter, cloud, extensionApi, findChild, openDocument } from './support';

const PROFILE_ID = 'it-access';
const run = Date.now().toString(36);
const CONTAINER = `it-access ${run} ☁`;
const VERSIONED = `it-versions-${run}`;
const OBJECT = `q "x" 100% ?#ünï ${run}.txt`;

describe('access commands (in-host)', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let swift: SwiftClient;
  let prompter: ScriptedPrompter;
  const http = new HttpClient();
  const errors: string[] = [];
  let restoreLog: (() => void) | undefined;

  const isProfile = (n: StorageNode): n is ProfileNode => n.kind === 'profile' && n.profileId === PROFILE_ID;
  const isRegion = (n: StorageNode): n is RegionNode => n.kind === 'region' && n.region === 'RegionOne';
  const isContainer =
    (name: string) =>
    (n: StorageNode): n is ContainerNode =>
      n.kind === 'container' && n.container === name;
  const isObject =
    (name: string) =>
    (n: StorageNode): n is ObjectNode =>
      n.kind === 'object' && n.name === name;
  const regionNode = async () => findChild(api, await findChild(api, undefined, isProfile), isRegion);
  const containerNode = async (name = CONTAINER) => findChild(api, await regionNode(), isContainer(name));
  const objectNode = async (container: string, name: string) => findChild(api, await containerNode(container), isObject(name));
  const anonymous = async (method: string, url: string, body?: string) => {
    const res = await http.request({ method, url, body, accept: () => true });
    return { status: res.status, text: await res.text() };
  };

  before(async () => {
    api = await extensionApi();
    const c = cloud();
    await api.store.save(
      {
        id: PROFILE_ID,
        name: 'In-host access',
        authUrl: `${c.keystone.url}/v3`,
        authVersion: 'auto',
        authType: 'password',
        username: c.demoDefault.name,
        userDomain: c.demoDefault.domain,
        project: c.demoDefault.project,
        projectDomain: c.demoDefault.projectDomain,
        region: 'RegionOne',
      },
      c.demoDefault.password,
    );
    swift = await api.store.session(PROFILE_ID).swift('RegionOne');
    await swift.createContainer(CONTAINER);
    await swift.putObject(CONTAINER, OBJECT, 'the bytes\n', {
      contentType: 'text/plain',
      headers: { 'content-disposition': 'attachment', 'x-object-meta-owner': 'ops', 'x-object-meta-drop': 'me' },
    });
    await swift.createContainer(VERSIONED);
    const original = api.log.error.bind(api.log);
    api.log.error = (message: string) => {
      errors.push(message);
      original(message);
    };
    restoreLog = () => (api.log.error = original);
    await api.tree.refresh();
  });

  beforeEach(() => {
    prompter = new ScriptedPrompter();
    api.prompts.current = prompter;
    errors.length = 0;
  });
  afterEach(() => prompter.verify());

  after(async () => {
    restoreLog?.();
    api.prompts.current = windowPrompter;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (swift) {
      await setVersioning(swift, VERSIONED, false).catch(() => undefined);
      for (const v of await listObjectVersions(swift, VERSIONED, 'v.txt').catch(() => [])) {
        const url = swiftUrl(swift.storageUrl, VERSIONED, 'v.txt', { 'version-id': v.versionId });
        await (await swift.transport.send({ verb: 'delete', target: 'a version' }, { method: 'DELETE', url })).dump();
      }
      const names: string[] = [];
      for await (const page of swift.listObjects(CONTAINER)) for (const e of page.entries) if (e.kind === 'object') names.push(e.name);
      await swift.bulkDelete([...names.map((name) => ({ container: CONTAINER, name })), { container: CONTAINER }, { container: VERSIONED }]);
    }
    await api.store.remove(PROFILE_ID);
    await http.close();
  });

  it('Edit Metadata… changes, adds and removes keys in one POST, keeps Content-Disposition, refreshes the document', async () => {
    prompter
      .expectPick('Edit Metadata', 'owner')
      .expectPick('Edit Metadata: owner', 'Edit Value…')
      .expectInput('value of "owner"', 'Zoë ☁ 東京')
      .expectPick('Edit Metadata', 'Add Key…')
      .expectInput('new key', 'Reviewed-By')
      .expectInput('value of "reviewed-by"', 'Ünï "quoted"')
      .expectPick('Edit Metadata', 'drop')
      .expectPick('Edit Metadata: drop', 'Remove Key')
      .expectPick('Edit Metadata', 'Apply Changes');
    await vscode.commands.executeCommand('openstackStorage.editMetadata', await objectNode(CONTAINER, OBJECT));
    assert.deepEqual(errors, []);
    const info = await swift.headObject(CONTAINER, OBJECT);
    assert.deepEqual(info.meta, { owner: 'Zoë ☁ 東京', 'reviewed-by': 'Ünï "quoted"' });
    assert.equal(info.headers['content-disposition'], 'attachment');
    assert.equal(info.contentType, 'text/plain');
    const doc = await openDocument('openstack-meta', 'Zoë ☁ 東京');
    assert.match(doc.getText(), /`reviewed-by` +\| `Ünï "quoted"`/);
  });

  it('Edit Metadata… dismissed sends nothing; a refused key is caught by the input box', async () => {
    prompter.expectPick('Edit Metadata', 'Add Key…').expectInput('new key', undefined);
    await vscode.commands.executeCommand('openstackStorage.editMetadata', await containerNode());
    assert.deepEqual(errors, []);
    assert.deepEqual((await swift.headContainer(CONTAINER)).meta, {});
  });

  it('Make Public… (confirmed) lets anyone read and list; the tree says public; Make Private closes it again', async () => {
    const url = swiftUrl(swift.storageUrl, CONTAINER, OBJECT);
    assert.equal((await anonymous('GET', url)).status, 401);
    prompter.expectConfirm('Make container', 'Make Public');
    await vscode.commands.executeCommand('openstackStorage.makePublic', await containerNode());
    assert.deepEqual(errors, []);
    assert.deepEqual(await anonymous('GET', url), { status: 200, text: 'the bytes\n' });
    assert.equal((await anonymous('GET', swiftUrl(swift.storageUrl, CONTAINER, undefined, { format: 'json' }))).status, 200);
    const node = await containerNode();
    assert.match(String(api.tree.getTreeItem(node).description), / · public$/);

    await vscode.commands.executeCommand('openstackStorage.makePrivate', node);
    assert.equal((await anonymous('GET', url)).status, 401);
    assert.doesNotMatch(String(api.tree.getTreeItem(await containerNode()).description), /public/);

    prompter.expectConfirm('Make container', undefined);
    await vscode.commands.executeCommand('openstackStorage.makePublic', await containerNode());
    assert.equal((await anonymous('GET', url)).status, 401, 'a declined warning changes nothing');
  });

  it('Set Quota… on a container refuses an upload over it (413); on the account a member gets the operators sentence', async () => {
    prompter.expectInput('Set Quota', '20').expectInput('Set Quota', '');
    await vscode.commands.executeCommand('openstackStorage.setQuota', await containerNode());
    assert.deepEqual(errors, []);
    assert.equal((await swift.headContainer(CONTAINER)).quotaBytes, 20);
    await assert.rejects(swift.putObject(CONTAINER, 'big', 'x'.repeat(30)), /HTTP 413/);

    prompter.expectInput('Set Quota', '');
    prompter.expectInput('Set Quota', '');
    await vscode.commands.executeCommand('openstackStorage.setQuota', await containerNode());
    assert.equal((await swift.headContainer(CONTAINER)).quotaBytes, undefined);

    prompter.expectInput('Set Quota', '1 GB');
    await vscode.commands.executeCommand('openstackStorage.setQuota', await regionNode());
    assert.equal(errors.length, 1);
    assert.match(errors[0], /only lets its operators \(reseller admins\) set account quotas.*\[request id tx/);
  });

  it('Copy Temp URL… creates a container key when none exists (confirmed); GET and PUT URLs work with no token', async () => {
    assert.deepEqual((await swift.headAccount()).tempUrlKeys, [], 'this account has no key');
    prompter
      .expectPick('No temp URL key', 'Create a Container Key')
      .expectConfirm('Create a temp URL key on container', 'Create Key')
      .expectPick('Temp URL for which method?', 'GET')
      .expectPick('The temp URL stays valid for', '1 hour');
    const url = (await vscode.commands.executeCommand('openstackStorage.copyTempUrl', await objectNode(CONTAINER, OBJECT))) as string;
    assert.deepEqual(errors, []);
    // The clipboard itself is read in the e2e suite: the web editor's host cannot read it without a page permission.
    assert.deepEqual(await anonymous('GET', url), { status: 200, text: 'the bytes\n' });
    const key = (await swift.headContainer(CONTAINER)).tempUrlKeys[0];
    assert.ok(key && !url.includes(key));
    assert.equal(api.redactor.redact(`key ${key}`), 'key ***', 'the new key is a registered secret');

    prompter.expectPick('Temp URL for which method?', 'PUT').expectPick('The temp URL stays valid for', '15 minutes');
    const put = (await vscode.commands.executeCommand('openstackStorage.copyTempUrl', await objectNode(CONTAINER, OBJECT))) as string;
    assert.equal((await anonymous('PUT', put, 'replaced with no token')).status, 201);
    assert.equal(await (await swift.getObject(CONTAINER, OBJECT)).body.toArray().then((c) => Buffer.concat(c).toString()), 'replaced with no token');
  });

  it('Enable Versioning… (confirmed), then Show Versions lists three and opens the oldest read-only', async () => {
    prompter.expectConfirm('Enable versioning', 'Enable Versioning');
    await vscode.commands.executeCommand('openstackStorage.enableVersioning', await containerNode(VERSIONED));
    assert.deepEqual(errors, []);
    for (const body of ['first version\n', 'second version\n', 'third version\n'])
      await swift.putObject(VERSIONED, 'v.txt', body, { contentType: 'text/plain' });
    const versions = await listObjectVersions(swift, VERSIONED, 'v.txt');
    assert.equal(versions.length, 3);
    await api.tree.refresh(await containerNode(VERSIONED));
    let offered: string[] = [];
    prompter.expectPickWhere('Versions of', (item) => {
      offered.push(item.detail ?? '');
      return item.detail === `version id ${versions[2].versionId}`;
    });
    await vscode.commands.executeCommand('openstackStorage.showVersions', await objectNode(VERSIONED, 'v.txt'));
    assert.deepEqual(errors, []);
    assert.deepEqual(
      offered,
      versions.map((v) => `version id ${v.versionId}`),
      'every version offered, newest first',
    );
    const doc = await openDocument('swift-readonly', 'first version');
    assert.equal(doc.getText(), 'first version\n');
    assert.equal(doc.uri.path, `/${VERSIONED}/v.txt`);
    assert.ok(doc.uri.query.includes(versions[2].versionId ?? '?'), 'the tab addresses that version');
    // History is not rewritten: the version's file refuses a write.
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(doc.uri.with({ scheme: 'swift' }), Buffer.from('x'))), /cannot be changed/);
    offered = [];

    prompter.expectConfirm('Disable versioning', 'Disable Versioning');
    const container = await containerNode(VERSIONED);
    await vscode.commands.executeCommand('openstackStorage.disableVersioning', container);
    assert.deepEqual(errors, []);
    assert.equal((await swift.headContainer(VERSIONED)).headers['x-versions-enabled'], 'False');
    assert.match(String(api.tree.getTreeItem(container).tooltip), /Versioning: suspended/);
    await vscode.commands.executeCommand('openstackStorage.showMetadata', container);
    const meta = await openDocument('openstack-meta', `Container \`${VERSIONED}\``);
    assert.match(meta.getText(), /\*\*Versioning\*\* +\| suspended \(older versions are kept, new writes make none\)/);
    assert.match(meta.getText(), /\*\*Public\*\* +\| no/);
  });
});

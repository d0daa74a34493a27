/**
 * The `swift:` and `swift-readonly:` file systems in a real editor against the local cloud: Edit Object opens
 * an editable tab, a save writes the exact bytes and keeps the object's metadata; a change by someone else
 * between open and save is caught by the ETag check (Cancel keeps the buffer dirty and the object theirs,
 * Compare opens the diff, Overwrite wins); not-found, hostile names, the read-only scheme, the size guard,
 * rename/delete/readDirectory, and a save with a revoked token.
 * Self-contained: its own profile and container, both removed at the end; no prompter, setting or editor left.
 */
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { SwiftClient } from '../../src/openstack/swift/client';
import { windowPrompter } from '../../src/ui/prompts';
import { EDIT_SCHEME, READONLY_SCHEME, toUriParts } from '../../src/location';
import { ScriptedPrompter, cloud, demoProfile, editorRegions, extensionApi } from './support';

const PROFILE_ID = 'it-files';
const CONTAINER = `it-files-${randomBytes(3).toString('hex')}`;
const NOTE = 'notes/todo.md';
const NOTE_META = {
  'X-Object-Meta-Owner': 'Zoë ☁',
  'Content-Disposition': 'attachment; filename="todo.md"',
  'X-Delete-At': String(Math.floor(Date.now() / 1000) + 86400 * 30),
};
const HOSTILE = [
  'it\'s "quoted" $(x).txt',
  'sp ace/and more.md',
  '100%.txt',
  '%41%2F',
  'what?.json',
  'hash#tag.txt',
  'new\nline.txt',
  'ünïcødé 日本 😀.txt',
  'a//b.txt',
  'trailing/',
  'a/../b.txt',
  '..',
  './x',
  '\u202eevil.txt',
  '%',
  'back\\slash',
];
const MAX_SIZE_SETTING = 'openstackStorage.openObject.maxSizeMB';
const AUTO_SAVE_SETTING = 'files.autoSave';

/** Records the messages of the questions asked, so a test checks which question came. */
class RecordingPrompter extends ScriptedPrompter {
  readonly asked: string[] = [];
  override async confirm(message: string) {
    this.asked.push(message);
    return super.confirm(message);
  }
}

const bytesOf = (text: string) => Buffer.from(text, 'utf8');
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

// Where a revoked token is refused at once (RegionTwo, RegionRGW): a save after a revocation must meet the refusal.
for (const { region: REGION } of editorRegions({ refusingRevokedTokens: true }))
  describe(`object file systems (swift:, swift-readonly:) [${REGION}]`, function () {
    this.timeout(60_000);
    let api: ExtensionApi;
    let swift: SwiftClient;
    let prompter: RecordingPrompter;

    // What a tree node carries for the commands: its location.
    const node = (name: string) => ({ kind: 'object', location: { profileId: PROFILE_ID, region: REGION, container: CONTAINER, object: name } });
    const uriOf = (name: string, scheme = EDIT_SCHEME) =>
      vscode.Uri.from({ scheme, ...toUriParts({ profileId: PROFILE_ID, region: REGION, container: CONTAINER, object: name }) });
    const remote = async (name: string) => {
      const { body } = await swift.getObject(CONTAINER, name);
      const chunks: Buffer[] = [];
      for await (const c of body) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    };
    const docOf = (uri: vscode.Uri) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const replaceAll = async (doc: vscode.TextDocument, text: string) => {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
      assert.ok(await vscode.workspace.applyEdit(edit), 'the edit was applied');
    };
    const edit = async (name: string) => {
      const uri = (await vscode.commands.executeCommand('openstackStorage.editObject', node(name))) as vscode.Uri;
      assert.ok(uri, 'Edit Object returned the URI it opened');
      const doc = docOf(uri);
      assert.ok(doc, 'Edit Object opened a text document');
      return doc;
    };

    before(async () => {
      api = await extensionApi();
      prompter = new RecordingPrompter();
      api.prompts.current = prompter;
      // The web editor auto-saves after a delay by default: here each save is the test's own doc.save().
      await vscode.workspace.getConfiguration().update(AUTO_SAVE_SETTING, 'off', vscode.ConfigurationTarget.Global);
      const c = cloud();
      await api.store.save({ ...demoProfile(c), id: PROFILE_ID, name: 'In-host files' }, c.demo.password);
      swift = await api.store.session(PROFILE_ID).swift(REGION);
      await swift.createContainer(CONTAINER);
      await swift.putObject(CONTAINER, NOTE, '# To do\n- first\n', { contentType: 'text/x-todo; charset=utf-8', headers: NOTE_META });
    });

    afterEach(() => prompter.verify());

    after(async () => {
      // Dirty buffers are reverted first: closing them would ask "Save changes?" in a dialog.
      for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.getConfiguration().update(MAX_SIZE_SETTING, undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.getConfiguration().update(AUTO_SAVE_SETTING, undefined, vscode.ConfigurationTarget.Global);
      api.prompts.current = windowPrompter;
      if (swift) {
        const names: string[] = [];
        for await (const batch of swift.listAllObjects(CONTAINER)) names.push(...batch.map((e) => e.name));
        await swift.bulkDelete([...names.map((name) => ({ container: CONTAINER, name })), { container: CONTAINER }]);
      }
      await api.store.remove(PROFILE_ID);
    });

    it('Edit Object opens an editable tab titled by the base name; a save writes the exact bytes and keeps the metadata', async () => {
      const before = await swift.headObject(CONTAINER, NOTE);
      const doc = await edit(NOTE);
      assert.equal(doc.uri.scheme, EDIT_SCHEME);
      assert.equal(doc.getText(), '# To do\n- first\n');
      assert.equal(doc.languageId, 'markdown', 'the language comes from the extension');
      assert.equal(vscode.window.tabGroups.activeTabGroup.activeTab?.label, 'todo.md');
      assert.equal(vscode.workspace.fs.isWritableFileSystem(EDIT_SCHEME), true);

      const text = '# To do\n- first\n- second: Zoë ☁ «ünïcode» tab\there\n';
      await replaceAll(doc, text);
      assert.equal(await doc.save(), true);
      assert.deepEqual(await remote(NOTE), bytesOf(text));
      const after = await swift.headObject(CONTAINER, NOTE);
      assert.equal(after.etag, md5(bytesOf(text)));
      assert.equal(after.contentType, 'text/x-todo; charset=utf-8', 'content type kept');
      assert.deepEqual(after.meta, before.meta, 'user metadata kept');
      assert.equal(after.headers['content-disposition'], before.headers['content-disposition']);
      assert.equal(after.headers['x-delete-at'], before.headers['x-delete-at']);
      assert.deepEqual(prompter.asked, [], 'nobody else changed it: no question');
    });

    it('someone else changed it: Cancel leaves their object and keeps the buffer dirty', async () => {
      const doc = await edit(NOTE);
      await replaceAll(doc, 'mine, cancelled\n');
      const theirs = 'theirs, written from Node\n';
      await swift.putObject(CONTAINER, NOTE, theirs, { contentType: 'text/x-todo; charset=utf-8', headers: NOTE_META });
      prompter.expectConfirm('changed on the server', undefined);
      assert.equal(await doc.save(), false, 'the save failed');
      assert.match(prompter.asked.pop() ?? '', /^Object "notes\/todo\.md" in container "it-files-\w+" was changed on the server since you opened it\.$/);
      assert.deepEqual(await remote(NOTE), bytesOf(theirs), 'their version is untouched');
      assert.equal(doc.isDirty, true, 'the edits are kept');
      assert.equal(doc.getText(), 'mine, cancelled\n');
    });

    it('Compare opens their current version (read-only) beside the unsaved edits; the save fails, nothing is written', async () => {
      const doc = docOf(uriOf(NOTE));
      assert.ok(doc?.isDirty);
      prompter.expectConfirm('changed on the server', 'Compare');
      assert.equal(await doc.save(), false);
      prompter.asked.pop();
      const diff = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff);
      assert.ok(diff, 'a diff editor is open');
      const input = diff.input as vscode.TabInputTextDiff;
      assert.equal(input.original.scheme, READONLY_SCHEME);
      assert.equal(input.modified.toString(), doc.uri.toString());
      const left = await vscode.workspace.openTextDocument(input.original);
      assert.equal(left.getText(), 'theirs, written from Node\n');
      assert.deepEqual(await remote(NOTE), bytesOf('theirs, written from Node\n'));
      assert.equal(doc.isDirty, true);
    });

    it('Overwrite wins: the edits replace their version, with the metadata', async () => {
      const doc = docOf(uriOf(NOTE));
      assert.ok(doc);
      prompter.expectConfirm('changed on the server', 'Overwrite');
      assert.equal(await doc.save(), true);
      prompter.asked.pop();
      assert.deepEqual(await remote(NOTE), bytesOf('mine, cancelled\n'));
      assert.equal(doc.isDirty, false);
      assert.equal((await swift.headObject(CONTAINER, NOTE)).meta.owner, 'Zoë ☁');
      // The new version is the base now: the next save asks nothing.
      await replaceAll(doc, 'mine again\n');
      assert.equal(await doc.save(), true);
      assert.deepEqual(await remote(NOTE), bytesOf('mine again\n'));
      assert.deepEqual(prompter.asked, []);
    });

    it('a save after the token was revoked renews it once and writes', async () => {
      const doc = docOf(uriOf(NOTE));
      assert.ok(doc);
      const session = api.store.session(PROFILE_ID);
      const old = await session.token();
      await session.identity.revoke(old);
      const authentications = session.identity.stats.authentications;
      await replaceAll(doc, 'saved with a renewed token\n');
      assert.equal(await doc.save(), true);
      assert.deepEqual(await remote(NOTE), bytesOf('saved with a renewed token\n'));
      assert.equal(session.identity.stats.authentications - authentications, 1);
      assert.notEqual((await session.token()).id, old.id);
    });

    it('a missing object is FileNotFound for stat and read; Edit Object says so and opens nothing', async () => {
      const missing = uriOf('no/such object.txt');
      await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(missing)), (e) => e instanceof vscode.FileSystemError && e.code === 'FileNotFound');
      await assert.rejects(Promise.resolve(vscode.workspace.fs.readFile(missing)), (e) => e instanceof vscode.FileSystemError && e.code === 'FileNotFound');
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).length;
      assert.equal(await vscode.commands.executeCommand('openstackStorage.editObject', node('no/such object.txt')), undefined);
      assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs).length, tabs);
    });

    it('a tab whose profile was removed: FileNotFound saying so (not an unexpected error)', async () => {
      const orphan = vscode.Uri.from({
        scheme: EDIT_SCHEME,
        ...toUriParts({ profileId: 'removed-profile', region: REGION, container: CONTAINER, object: 'a.txt' }),
      });
      await assert.rejects(
        Promise.resolve(vscode.workspace.fs.readFile(orphan)),
        (e) => e instanceof vscode.FileSystemError && e.code === 'FileNotFound' && /profile that was removed/.test(e.message),
      );
    });

    it(`hostile names (${HOSTILE.length}) round-trip byte-exact through URIs, writes and reads`, async () => {
      for (const name of HOSTILE) {
        const uri = uriOf(name);
        const reparsed = vscode.Uri.parse(uri.toString());
        assert.equal(reparsed.path, uri.path, `the URI text keeps ${JSON.stringify(name)}`);
        assert.equal(reparsed.query, uri.query);
        const body = bytesOf(`body of ${name}\n`);
        await vscode.workspace.fs.writeFile(reparsed, body);
        assert.deepEqual(await remote(name), body, `written under the exact name ${JSON.stringify(name)}`);
        assert.deepEqual(Buffer.from(await vscode.workspace.fs.readFile(uri)), body);
        assert.equal((await vscode.workspace.fs.stat(uri)).size, body.length);
      }
      let listed = 0;
      for await (const batch of swift.listAllObjects(CONTAINER)) listed += batch.filter((e) => HOSTILE.includes(e.name)).length;
      assert.equal(listed, HOSTILE.length, 'no object under a mangled name');
      // One of them opened for editing: the document has its exact text.
      const doc = await edit('it\'s "quoted" $(x).txt');
      assert.equal(doc.getText(), 'body of it\'s "quoted" $(x).txt\n');
    });

    it('binary objects: the bytes are served as they are, and opening leaves the verdict to the editor', async () => {
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff, 0xfe, 0x00, 0x80]);
      await swift.putObject(CONTAINER, 'pixel.bin', png, { contentType: 'application/octet-stream' });
      assert.deepEqual(Buffer.from(await vscode.workspace.fs.readFile(uriOf('pixel.bin', READONLY_SCHEME))), png);
      const uri = (await vscode.commands.executeCommand('openstackStorage.openObject', node('pixel.bin'))) as vscode.Uri;
      assert.equal(uri?.scheme, READONLY_SCHEME, 'opened without an error');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    it('a cloud that cannot be reached: Unavailable, with one sentence saying what failed and what to do', async () => {
      const down = `${PROFILE_ID}-down`;
      const c = cloud();
      // A port nothing listens on: the sign-in's connection is refused.
      await api.store.save({ ...demoProfile(c), id: down, name: 'In-host files, cloud down', authUrl: 'http://127.0.0.1:9/v3' }, 'not used');
      try {
        const uri = vscode.Uri.from({ scheme: EDIT_SCHEME, ...toUriParts({ profileId: down, region: REGION, container: CONTAINER, object: NOTE }) });
        await assert.rejects(Promise.resolve(vscode.workspace.fs.readFile(uri)), (e) => {
          assert.ok(e instanceof vscode.FileSystemError);
          assert.equal(e.code, 'Unavailable');
          assert.match(e.message, /^Opening object "notes\/todo\.md" in container "[^"]+" failed: .*Check the URL and that the service is reachable\./s);
          return true;
        });
      } finally {
        await api.store.remove(down);
      }
    });

    it('swift-readonly: opens the object but refuses edits and writes', async () => {
      const uri = (await vscode.commands.executeCommand('openstackStorage.openObject', node(NOTE))) as vscode.Uri;
      assert.equal(uri.scheme, READONLY_SCHEME);
      const doc = docOf(uri);
      assert.ok(doc);
      assert.equal(doc.getText(), 'saved with a renewed token\n');
      assert.equal(vscode.workspace.fs.isWritableFileSystem(READONLY_SCHEME), false);
      await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(uri, bytesOf('nope'))));
      const change = new vscode.WorkspaceEdit();
      change.insert(uri, new vscode.Position(0, 0), 'typed ');
      if (await vscode.workspace.applyEdit(change)) assert.equal(await doc.save(), false);
      assert.deepEqual(await remote(NOTE), bytesOf('saved with a renewed token\n'));
      if (doc.isDirty) {
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
    });

    it('asks before downloading an object above the size setting; declining opens nothing', async () => {
      await vscode.workspace.getConfiguration().update(MAX_SIZE_SETTING, 1, vscode.ConfigurationTarget.Global);
      const big = Buffer.alloc(1024 * 1024 + 10, 'x');
      await swift.putObject(CONTAINER, 'big.txt', big);
      prompter.expectConfirm('Open it anyway?', undefined);
      assert.equal(await vscode.commands.executeCommand('openstackStorage.openObject', node('big.txt')), undefined);
      assert.match(prompter.asked.pop() ?? '', /^Object "big\.txt" in container "[^"]+" is 1\.00 MiB \(1,048,586 bytes\)/);
      assert.equal(docOf(uriOf('big.txt', READONLY_SCHEME)), undefined, 'nothing opened');
      // Read without the command (a restored tab): the file system asks itself.
      prompter.expectConfirm('Open it anyway?', undefined);
      await assert.rejects(Promise.resolve(vscode.workspace.fs.readFile(uriOf('big.txt'))), /declined/);
      prompter.expectConfirm('Open it anyway?', 'Open Anyway');
      assert.equal((await vscode.workspace.fs.readFile(uriOf('big.txt'))).byteLength, big.length);
      prompter.asked.length = 0;
      await vscode.workspace.getConfiguration().update(MAX_SIZE_SETTING, undefined, vscode.ConfigurationTarget.Global);
    });

    it('a large-object manifest reads whole; saving it asks first, Cancel keeps the manifest, agreeing makes a plain object', async () => {
      await swift.putObject(CONTAINER, 'segments/dlo/1', 'part one, ');
      await swift.putObject(CONTAINER, 'segments/dlo/2', 'part two\n');
      await swift.putObject(CONTAINER, 'assembled.txt', '', { headers: { 'X-Object-Manifest': `${CONTAINER}/segments/dlo/` } });
      const doc = await edit('assembled.txt');
      assert.equal(doc.getText(), 'part one, part two\n', 'the whole content, assembled from the segments');
      await replaceAll(doc, 'one plain object now\n');
      prompter.expectConfirm('dynamic large object', undefined);
      assert.equal(await doc.save(), false);
      assert.match(prompter.asked.pop() ?? '', /is a dynamic large object \(DLO\): its content is assembled from segments\.$/);
      assert.ok((await swift.headObject(CONTAINER, 'assembled.txt')).dynamicLargeObject, 'still a manifest');
      assert.equal(doc.isDirty, true);
      prompter.expectConfirm('dynamic large object', 'Replace with Plain Object');
      assert.equal(await doc.save(), true);
      prompter.asked.pop();
      const after = await swift.headObject(CONTAINER, 'assembled.txt');
      assert.equal(after.dynamicLargeObject, undefined);
      assert.deepEqual(await remote('assembled.txt'), bytesOf('one plain object now\n'));
      assert.deepEqual(await remote('segments/dlo/1'), bytesOf('part one, '), 'the segments stay');
    });

    it('lists folders, renames by verified copy + delete keeping metadata, deletes', async () => {
      const folder = await vscode.workspace.fs.readDirectory(uriOf('notes'));
      assert.deepEqual(folder, [['todo.md', vscode.FileType.File]]);
      assert.equal((await vscode.workspace.fs.stat(uriOf('notes'))).type, vscode.FileType.Directory);
      const top = new Map(await vscode.workspace.fs.readDirectory(uriOf('notes').with({ path: `/${CONTAINER}` })));
      assert.equal(top.get('notes'), vscode.FileType.Directory);
      assert.equal(top.get('big.txt'), vscode.FileType.File);

      const before = await swift.headObject(CONTAINER, NOTE);
      await vscode.workspace.fs.rename(uriOf(NOTE), uriOf('notes/renamed ✓.md'));
      const moved = await swift.headObject(CONTAINER, 'notes/renamed ✓.md');
      assert.equal(moved.etag, before.etag);
      assert.deepEqual(moved.meta, before.meta);
      await assert.rejects(swift.headObject(CONTAINER, NOTE), /not found/i);
      await assert.rejects(
        Promise.resolve(vscode.workspace.fs.rename(uriOf('big.txt'), uriOf('notes/renamed ✓.md'), { overwrite: false })),
        (e) => e instanceof vscode.FileSystemError && e.code === 'FileExists',
      );
      assert.equal((await swift.headObject(CONTAINER, 'big.txt')).bytes, 1024 * 1024 + 10, 'the source stays when the rename is refused');

      await vscode.workspace.fs.delete(uriOf('notes/renamed ✓.md'));
      await assert.rejects(swift.headObject(CONTAINER, 'notes/renamed ✓.md'), /not found/i);
      await assert.rejects(
        Promise.resolve(vscode.workspace.fs.delete(uriOf('notes/renamed ✓.md'))),
        (e) => e instanceof vscode.FileSystemError && e.code === 'FileNotFound',
      );
    });

    it('deletes a folder only when asked recursively, with every object under it and nothing beside it', async () => {
      const inside = ['gone/a.txt', 'gone/sub/b c.txt', "gone/it's 100%.txt", 'gone/new\nline', 'gone/'];
      for (const name of [...inside, 'gone-not/keep.txt', 'gone.txt']) await swift.putObject(CONTAINER, name, name);
      await assert.rejects(
        Promise.resolve(vscode.workspace.fs.delete(uriOf('gone/sub'), { recursive: false })),
        (e) =>
          e instanceof vscode.FileSystemError && e.code === 'NoPermissions' && /Folder "?gone\/sub"? holds 1 object: delete it recursively\./.test(e.message),
      );
      assert.equal((await swift.headObject(CONTAINER, 'gone/sub/b c.txt')).bytes, 'gone/sub/b c.txt'.length, 'nothing deleted when refused');
      await vscode.workspace.fs.delete(uriOf('gone/sub'), { recursive: true });
      await assert.rejects(swift.headObject(CONTAINER, 'gone/sub/b c.txt'), /not found/i);
      // `gone/` is an object: deleting the path deletes that object; the folder's other objects stay until asked.
      await vscode.workspace.fs.delete(uriOf('gone/'), { recursive: true });
      const left = async () => {
        const names: string[] = [];
        for await (const batch of swift.listAllObjects(CONTAINER, { prefix: 'gone' })) names.push(...batch.map((e) => e.name));
        return names.sort();
      };
      assert.deepEqual(await left(), ['gone-not/keep.txt', "gone/it's 100%.txt", 'gone/a.txt', 'gone/new\nline', 'gone.txt'].sort());
      await vscode.workspace.fs.delete(uriOf('gone'), { recursive: true });
      assert.deepEqual(await left(), ['gone-not/keep.txt', 'gone.txt']);
      await assert.rejects(
        Promise.resolve(vscode.workspace.fs.delete(uriOf('gone'), { recursive: true })),
        (e) => e instanceof vscode.FileSystemError && e.code === 'FileNotFound',
      );
    });
  });

/**
 * Shared by the in-host suites: the extension's API, the local cloud, the test profile, and a prompter that
 * answers only the prompts a test announced (and records any other, so a test never hangs on an input box).
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { Prompter } from '../../src/ui/prompts';
import type { Profile } from '../../src/auth/profile';
import type { FolderNode, ObjectNode, StorageNode } from '../../src/views/nodes';
import { BACKENDS, type Backend, CloudInfo, loadCloud, regionOf } from '../support/cloud';
import { MapSecrets } from '../support/mapSecrets';

export const EXTENSION_ID = 'openstack-storage-tools.openstack-object-storage';
/** The profile both phases use: the main suite creates it, the after-reload suite finds and removes it. */
export const PROFILE_ID = 'it-demo';

export async function extensionApi(): Promise<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  return ext.activate();
}

export function cloud(): CloudInfo {
  return loadCloud();
}

/**
 * The regions the storage suites of the editor run on, one per server (RegionOne for Swift, RegionRGW for Ceph RGW):
 * `for (const { region, backend } of editorRegions()) describe(`… [${region}]`, …)`, one test body for both. With
 * `refusingRevokedTokens`, regions whose server validates every request (RegionTwo for Swift): for suites in which a
 * revoked token must be refused at once.
 */
export function editorRegions(o: { refusingRevokedTokens?: boolean } = {}): Array<{ region: string; backend: Backend }> {
  const c = cloud();
  return BACKENDS.map((backend) => ({ region: regionOf(c, backend, { validatesEveryRequest: o.refusingRevokedTokens }).name, backend }));
}

/** The demo user of the non-default domain, as a password profile (the wizard's result, without the wizard). */
export function demoProfile(c: CloudInfo): Profile {
  return {
    id: PROFILE_ID,
    name: 'In-host demo',
    authUrl: `${c.keystone.url}/v3`,
    authVersion: 'auto',
    authType: 'password',
    username: c.demo.name,
    userDomain: c.demo.domain,
    project: c.demo.project,
    projectDomain: c.demo.projectDomain,
    region: 'RegionOne',
  };
}

type Expected =
  | { kind: 'input'; answer: string | undefined }
  | { kind: 'pick'; choose: (items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined }
  | { kind: 'confirm'; answer: string | undefined }
  | { kind: 'openFile'; answer: vscode.Uri[] | undefined };

/** Answers announced prompts in order; anything else is recorded as unexpected and dismissed. */
export class ScriptedPrompter implements Prompter {
  private readonly queue: Array<Expected & { title: string }> = [];
  readonly unexpected: string[] = [];
  /** The options of every file dialog asked for, in order. */
  readonly openDialogs: vscode.OpenDialogOptions[] = [];

  expectInput(title: string, answer: string | undefined): this {
    this.queue.push({ kind: 'input', title, answer });
    return this;
  }

  expectPick(title: string, label: string): this {
    this.queue.push({ kind: 'pick', title, choose: (items) => items.find((i) => i.label === label) });
    return this;
  }

  /** Picks the first item `choose` accepts (when labels repeat, e.g. versions written in the same second). */
  expectPickWhere(title: string, choose: (item: vscode.QuickPickItem) => boolean): this {
    this.queue.push({ kind: 'pick', title, choose: (items) => items.find(choose) });
    return this;
  }

  expectConfirm(title: string, answer: string | undefined): this {
    this.queue.push({ kind: 'confirm', title, answer });
    return this;
  }

  /** An open dialog whose title contains `title`, answered with these files or folders. */
  expectOpenFile(title: string, answer: vscode.Uri[] | undefined): this {
    this.queue.push({ kind: 'openFile', title, answer });
    return this;
  }

  /** Asserts every announced prompt came, and nothing else. */
  verify(): void {
    assert.deepEqual(this.unexpected, [], 'prompts the test did not expect');
    assert.deepEqual(
      this.queue.map((q) => `${q.kind}: ${q.title}`),
      [],
      'announced prompts that never came',
    );
  }

  private next<K extends Expected['kind']>(kind: K, what: string): Extract<Expected, { kind: K }> | undefined {
    const head = this.queue[0];
    if (!head || head.kind !== kind) {
      this.unexpected.push(`${kind}: ${what}`);
      return undefined;
    }
    this.queue.shift();
    return head as unknown as Extract<Expected, { kind: K }>;
  }

  async input(options: vscode.InputBoxOptions) {
    const expected = this.next('input', options.prompt ?? options.title ?? '');
    if (!expected) return undefined;
    const problem = expected.answer !== undefined ? await options.validateInput?.(expected.answer) : undefined;
    assert.ok(!problem, `the answer "${expected.answer}" was refused: ${JSON.stringify(problem)}`);
    return expected.answer;
  }

  async pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions) {
    const expected = this.next('pick', `${options.title ?? options.placeHolder ?? ''} [${items.map((i) => i.label).join(', ')}]`);
    return expected ? (expected.choose(items) as T | undefined) : undefined;
  }

  async pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions) {
    this.unexpected.push(`pickMany: ${options.title ?? ''} [${items.map((i) => i.label).join(', ')}]`);
    return undefined;
  }

  async confirm(message: string) {
    return this.next('confirm', message)?.answer;
  }

  async openFile(options: vscode.OpenDialogOptions) {
    this.openDialogs.push(options);
    const head = this.queue[0];
    if (head?.kind === 'openFile' && !(options.title ?? '').includes(head.title)) {
      this.unexpected.push(`openFile: ${options.title ?? ''} (expected a title with "${head.title}")`);
      return undefined;
    }
    return this.next('openFile', options.title ?? '')?.answer;
  }
}

/** The children of a node, loading pages until `match` is among them (a listing may span several pages). */
export async function findChild<T extends StorageNode>(api: ExtensionApi, parent: StorageNode | undefined, match: (n: StorageNode) => n is T): Promise<T> {
  for (let round = 0; round < 50; round++) {
    const children = await api.tree.getChildren(parent);
    const found = children.find(match);
    if (found) return found;
    const more = children.find((c) => c.kind === 'loadMore');
    if (!more || !parent) break;
    await api.tree.loadMore(parent);
  }
  throw new Error(`no such child under ${parent?.id ?? 'the root'}`);
}

/** The text of the open document with this scheme whose text matches (each string), waiting briefly for it to load. */
export async function openDocument(scheme: string, includes: string, ...also: string[]): Promise<vscode.TextDocument> {
  for (let i = 0; i < 100; i++) {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === scheme && [includes, ...also].every((t) => d.getText().includes(t)));
    if (doc) return doc;
    await new Promise((r) => setTimeout(r, 100));
  }
  const open = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === scheme).map((d) => d.getText().slice(0, 300));
  throw new Error(`no ${scheme}: document containing ${JSON.stringify(includes)}; open: ${JSON.stringify(open)}`);
}

/** SecretStorage in memory, for a ProfileStore built by a test beside the extension's own. */
export class MemorySecrets extends MapSecrets implements vscode.SecretStorage {
  private readonly changed = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
  readonly onDidChange = this.changed.event;
}

/** Matches the folder node of a prefix (for findChild). */
export const isFolder =
  (prefix: string) =>
  (n: StorageNode): n is FolderNode =>
    n.kind === 'folder' && n.prefix === prefix;

/** Matches the object node of a name (for findChild). */
export const isObject =
  (name: string) =>
  (n: StorageNode): n is ObjectNode =>
    n.kind === 'object' && n.name === name;

/** Answers prompts with functions queued by the test, in order; anything else is recorded and dismissed. */
export class QueuePrompter implements Prompter {
  readonly unexpected: string[] = [];
  private readonly queue: Array<{ kind: string; answer: (arg: any) => unknown }> = [];

  on(kind: 'input' | 'pick' | 'pickMany' | 'confirm' | 'openFile', answer: (arg: any) => unknown): this {
    this.queue.push({ kind, answer });
    return this;
  }
  pending(): string[] {
    return this.queue.map((q) => q.kind);
  }
  private async next(kind: string, arg: unknown, what: string): Promise<any> {
    if (this.queue[0]?.kind !== kind) {
      this.unexpected.push(`${kind}: ${what}`);
      return undefined;
    }
    return this.queue.shift()!.answer(arg);
  }
  input(options: vscode.InputBoxOptions) {
    return this.next('input', options, options.prompt ?? '');
  }
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions) {
    return this.next('pick', items, options.title ?? '');
  }
  pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions) {
    return this.next('pickMany', items, options.title ?? '');
  }
  confirm(message: string) {
    return this.next('confirm', message, message);
  }
  openFile(options: vscode.OpenDialogOptions) {
    return this.next('openFile', options, options.title ?? '');
  }
}

let screenshots = 0;
/**
 * Asks the harness (test/editor/editor.ts) for a screenshot of the workbench as it is now, for a person to look
 * at; resolves with its path once taken. Outside the harness (desktop VS Code: no OSS_HOST_TESTS_DIR) there is
 * no browser to photograph: it resolves with undefined and the test goes on.
 */
export async function screenshot(name: string): Promise<string | undefined> {
  const dir = process.env.OSS_HOST_TESTS_DIR;
  if (!dir) return undefined;
  const id = `${process.pid}-${++screenshots}`;
  const done = join(dir, `${id}.screenshot.done.json`);
  writeFileSync(join(dir, `${id}.screenshot.json.tmp`), JSON.stringify({ name }));
  renameSync(join(dir, `${id}.screenshot.json.tmp`), join(dir, `${id}.screenshot.json`));
  for (let waited = 0; !existsSync(done); waited += 100) {
    if (waited > 20_000) throw new Error(`The harness took no screenshot "${name}" within 20 s.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const answer = JSON.parse(readFileSync(done, 'utf8')) as { path?: string; error?: string };
  rmSync(done, { force: true });
  if (answer.error !== undefined) throw new Error(`Screenshot "${name}" failed: ${answer.error}`);
  return answer.path;
}

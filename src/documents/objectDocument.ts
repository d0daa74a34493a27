/**
 * Read-only views of objects (`openstack-object:`). The URI path ends with the object's own name, so the
 * editor picks the language from its extension; when that gives nothing, the content type decides. The
 * command downloads (after its size and binary checks) and hands the text over; the provider fetches by
 * itself only for a tab restored after a reload, and refuses binary content there too.
 */
import * as vscode from 'vscode';
import { registerReadonlyDocuments } from './readonlyFileSystem';
import type { ProfileStore } from '../auth/profileStore';
import { StorageTarget, decodeTarget, encodeTarget, readablePath } from './documentUri';
import { onLastTabClosed } from './tabs';
import { readObjectText } from './objectReader';
import { languageForContentType } from './objectText';
import { getObjectVersion } from '../openstack/swift/versions';

export const OBJECT_SCHEME = 'openstack-object';

export class ObjectDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** Text of open objects, by URI; dropped when the last tab closes so large objects do not linger. */
  private readonly contents = new Map<string, string>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly store: ProfileStore) {
    this.disposables = [
      this.changed,
      registerReadonlyDocuments(OBJECT_SCHEME, this),
      onLastTabClosed(OBJECT_SCHEME, (uri) => this.contents.delete(uri.toString())),
    ];
  }

  /** Shows `text` as the object's content, replacing what an open tab of it showed. */
  async show(target: StorageTarget & { container: string; object: string }, text: string, contentType: string): Promise<void> {
    const uri = this.uriFor(target);
    this.contents.set(uri.toString(), text);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    const language = languageForContentType(contentType);
    if (doc.languageId === 'plaintext' && language) await vscode.languages.setTextDocumentLanguage(doc, language);
    await vscode.window.showTextDocument(doc, { preview: false });
  }

  uriFor(target: StorageTarget & { container: string; object: string }): vscode.Uri {
    const profile = this.store.get(target.profileId)?.profile.name ?? target.profileId;
    // An older version gets its own tab: the version shows beside the container, the name (and extension) stays.
    const container = target.version === undefined ? target.container : `${target.container} (version ${target.version})`;
    const path = readablePath({ profile, region: target.region, container, object: target.object });
    return vscode.Uri.from({ scheme: OBJECT_SCHEME, path, query: encodeTarget(target) });
  }

  async provideTextDocumentContent(uri: vscode.Uri, cancel: vscode.CancellationToken): Promise<string> {
    const cached = this.contents.get(uri.toString());
    if (cached !== undefined) return cached;
    const target = decodeTarget(uri.query);
    if (!target?.container || target.object === undefined) throw new Error('This object document\'s address is not one this extension wrote.');
    const controller = new AbortController();
    const subscription = cancel.onCancellationRequested(() => controller.abort());
    try {
      const swift = await this.store.session(target.profileId).swift(target.region || undefined, controller.signal);
      const version = target.version;
      const source = version === undefined ? swift : { getObject: (c: string, n: string, o: { signal?: AbortSignal }) => getObjectVersion(swift, c, n, version, o.signal) };
      const result = await readObjectText(source, target.container, target.object, controller.signal);
      if (result.kind === 'binary') throw new Error(`The object is not shown: it is binary (${result.reason}).`);
      this.contents.set(uri.toString(), result.text);
      return result.text;
    } finally {
      subscription.dispose();
    }
  }

  dispose(): void {
    this.contents.clear();
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * Read-only metadata documents (`openstack-meta:`) of accounts, containers and objects, Markdown, from a
 * HEAD request. The command fetches under a cancellable progress and hands the text over; the provider
 * serves it, and fetches by itself only for a document restored after a reload. Showing the same target
 * again refreshes the open document rather than opening a second one.
 */
import * as vscode from 'vscode';
import { registerReadonlyDocuments } from './readonlyFileSystem';
import type { ProfileStore } from '../auth/profileStore';
import { ObjectLocation, StorageLocation, documentQuery, locationOfDocumentQuery, readablePath } from '../location';
import { onLastTabClosed } from './tabs';
import { MetadataSubject, renderMetadataDocument } from './renderMetadata';

export const METADATA_SCHEME = 'openstack-meta';

export class MetadataDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly objectRead = new vscode.EventEmitter<{ location: ObjectLocation; deleteAt: Date | null }>();
  /** An object's metadata was read (HEAD): its expiry, for the tree's tooltip (null: none). */
  readonly onDidReadObject = this.objectRead.event;
  /** Rendered text of open documents, by URI. */
  private readonly contents = new Map<string, string>();
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly store: ProfileStore,
    private readonly now: () => number = Date.now,
  ) {
    this.disposables = [
      this.changed,
      this.objectRead,
      registerReadonlyDocuments(METADATA_SCHEME, this),
      onLastTabClosed(METADATA_SCHEME, (uri) => this.contents.delete(uri.toString())),
    ];
  }

  /** Fetches the target's metadata now and shows it, refreshing the document if it is open. */
  async show(target: StorageLocation, signal: AbortSignal): Promise<void> {
    const uri = this.uriFor(target);
    this.contents.set(uri.toString(), await this.render(target, signal));
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'markdown') await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  uriFor(target: StorageLocation): vscode.Uri {
    const profile = this.store.get(target.profileId)?.profile.name ?? target.profileId;
    const path = readablePath({ profile, region: target.region, container: target.container, object: target.object }, ' (metadata).md');
    return vscode.Uri.from({ scheme: METADATA_SCHEME, path, query: documentQuery(target) });
  }

  async provideTextDocumentContent(uri: vscode.Uri, cancel: vscode.CancellationToken): Promise<string> {
    const cached = this.contents.get(uri.toString());
    if (cached !== undefined) return cached;
    const target = locationOfDocumentQuery(uri.query);
    if (!target) throw new Error(vscode.l10n.t("This metadata document's address is not one this extension wrote."));
    const controller = new AbortController();
    const subscription = cancel.onCancellationRequested(() => controller.abort());
    try {
      const text = await this.render(target, controller.signal);
      this.contents.set(uri.toString(), text);
      return text;
    } finally {
      subscription.dispose();
    }
  }

  dispose(): void {
    this.contents.clear();
    for (const d of this.disposables) d.dispose();
  }

  private async render(target: StorageLocation, signal: AbortSignal): Promise<string> {
    const entry = this.store.get(target.profileId);
    if (!entry) throw new Error(vscode.l10n.t('The profile of this document (id "{0}") no longer exists.', target.profileId));
    const swift = await this.store.session(target.profileId).swift(target.region || undefined, signal);
    let subject: MetadataSubject;
    if (target.container === undefined) subject = { kind: 'account', info: await swift.headAccount(signal) };
    else if (target.object === undefined) subject = { kind: 'container', info: await swift.headContainer(target.container, signal) };
    else {
      subject = { kind: 'object', info: await swift.headObject(target.container, target.object, signal) };
      const location = { profileId: target.profileId, region: target.region, container: target.container, object: target.object };
      this.objectRead.fire({ location, deleteAt: subject.info.deleteAt ?? null });
    }
    return renderMetadataDocument({
      subject,
      profileName: entry.profile.name,
      region: target.region,
      container: target.container,
      object: target.object,
      fetchedAt: new Date(this.now()),
    });
  }
}

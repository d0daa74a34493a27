/**
 * The read-only token details document (`openstack-token:`), one per profile, Markdown. The token id is
 * masked unless the document was opened through "Reveal Token Id": that opens a distinct URI carrying a
 * one-time grant that lives in memory only, is dropped when its tab closes, and is never restored after a
 * reload, so the id is shown only while the user is looking at the document they asked for.
 */
import * as vscode from 'vscode';
import { registerReadonlyDocuments } from './readonlyFileSystem';
import { randomUUID } from 'node:crypto';
import type { ProfileStore } from '../auth/profileStore';
import type { Token } from '../openstack/keystone/token';
import { decodeDescriptor, encodeDescriptor, label } from '../location';
import { renderTokenDocument } from './renderToken';
import { onLastTabClosed } from './tabs';

export const TOKEN_SCHEME = 'openstack-token';

export class TokenDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** The latest token each profile was seen with (undefined: signed out), from events and commands. */
  private readonly lastKnown = new Map<string, Token | undefined>();
  /** Reveal grants of open revealed documents. */
  private readonly grants = new Set<string>();
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly store: ProfileStore,
    private readonly now: () => number = Date.now,
  ) {
    this.disposables = [
      this.changed,
      registerReadonlyDocuments(TOKEN_SCHEME, this),
      store.onDidChangeToken(({ profileId, token }) => {
        this.lastKnown.set(profileId, token);
        this.refreshOpen(profileId);
      }),
      onLastTabClosed(TOKEN_SCHEME, (uri) => this.dropGrant(uri)),
    ];
  }

  /** Opens (or refreshes and focuses) the profile's token document; `reveal` shows the whole id. */
  async show(profileId: string, token: Token, options: { reveal: boolean }): Promise<void> {
    this.lastKnown.set(profileId, token);
    // A revealed document already open for the profile is refreshed rather than joined by a second one.
    const grant = options.reveal ? (this.liveGrant(profileId) ?? randomUUID()) : undefined;
    if (grant) this.grants.add(grant);
    const uri = this.uriFor(profileId, grant);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'markdown') await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    await vscode.window.showTextDocument(doc, { preview: false });
  }

  uriFor(profileId: string, grant?: string): vscode.Uri {
    const name = this.store.get(profileId)?.profile.name ?? profileId;
    const title = grant ? vscode.l10n.t('{0} token (revealed).md', label(name)) : vscode.l10n.t('{0} token.md', label(name));
    return vscode.Uri.from({ scheme: TOKEN_SCHEME, path: `/${title}`, query: encodeDescriptor(grant ? { p: profileId, reveal: grant } : { p: profileId }) });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const { profileId, grant } = parse(uri);
    const entry = profileId === undefined ? undefined : this.store.get(profileId);
    if (!profileId || !entry) return vscode.l10n.t('# Token\n\nThis profile no longer exists.\n');
    return renderTokenDocument({
      profileName: entry.profile.name,
      token: await this.tokenOf(profileId),
      now: this.now(),
      revealId: grant !== undefined && this.grants.has(grant),
    });
  }

  dispose(): void {
    this.grants.clear();
    for (const d of this.disposables) d.dispose();
  }

  /**
   * The token to show. Never authenticates: a document being re-rendered (after a revoke, say) must not
   * sign the user back in; commands authenticate before they open it.
   */
  private async tokenOf(profileId: string): Promise<Token | undefined> {
    if (this.lastKnown.has(profileId)) return this.lastKnown.get(profileId);
    try {
      return await this.store.session(profileId).currentToken();
    } catch {
      return undefined; // a profile that cannot be used has no token
    }
  }

  private refreshOpen(profileId: string): void {
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme === TOKEN_SCHEME && parse(doc.uri).profileId === profileId) this.changed.fire(doc.uri);
    }
  }

  private liveGrant(profileId: string): string | undefined {
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme !== TOKEN_SCHEME) continue;
      const { profileId: id, grant } = parse(doc.uri);
      if (id === profileId && grant !== undefined && this.grants.has(grant)) return grant;
    }
    return undefined;
  }

  /** Forgets the grant of a closed revealed document and re-renders it masked if its model lingers. */
  private dropGrant(uri: vscode.Uri): void {
    const { grant } = parse(uri);
    if (grant !== undefined && this.grants.delete(grant)) this.changed.fire(uri);
  }
}

function parse(uri: vscode.Uri): { profileId?: string; grant?: string } {
  const d = decodeDescriptor(uri.query);
  return {
    profileId: typeof d?.p === 'string' ? d.p : undefined,
    grant: typeof d?.reveal === 'string' ? d.reveal : undefined,
  };
}

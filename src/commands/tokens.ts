/**
 * Token commands: Show Token Details, Reveal Token Id (after a confirmation), Revoke Token. Each takes a
 * profile node, a profile id (the status bar passes one), or nothing (the palette asks which profile).
 */
import * as vscode from 'vscode';
import type { ProfileStore } from '../auth/profileStore';
import type { Session } from '../auth/session';
import { isOpenStackError } from '../openstack/errors';
import { revokeConfirmDetail, revokedMessage } from './tokenText';
import type { Token } from '../openstack/keystone/token';
import { isoDate } from '../ui/format';
import type { TokenDocuments } from '../documents/tokenDocument';
import type { Log } from '../log';
import type { Prompts } from '../ui/prompts';
import { UserCancelled, type CommandEntry, withViewProgress } from '../ui/run';
import { pickProfileId } from '../ui/pickProfile';
import { commandId } from '../ui/commandIds';
import { quotedName } from '../openstack/swift/names';

/** Told which profile the user just worked with (the status bar shows that one). */
export type ProfileUsed = (profileId: string) => void;

export class TokenCommands {
  constructor(
    private readonly store: ProfileStore,
    private readonly prompts: Prompts,
    private readonly documents: TokenDocuments,
    private readonly used: ProfileUsed,
    private readonly log: Log,
  ) {}

  commands(): CommandEntry[] {
    return [
      { id: 'showTokenDetails', run: (arg) => this.showDetails(arg), doing: vscode.l10n.t('Showing the token details') },
      { id: 'revealTokenId', run: (arg) => this.revealId(arg), doing: vscode.l10n.t('Revealing the token id') },
      { id: 'revokeToken', run: (arg) => this.revoke(arg), doing: vscode.l10n.t('Revoking the token') },
    ];
  }

  async showDetails(arg?: unknown): Promise<void> {
    const profileId = await pickProfileId(this.store, this.prompts, arg, vscode.l10n.t('Show the token of which profile?'));
    const token = await signedIn(this.store, profileId);
    this.used(profileId);
    await this.documents.show(profileId, token, { reveal: false });
  }

  async revealId(arg?: unknown): Promise<void> {
    const profileId = await pickProfileId(this.store, this.prompts, arg, vscode.l10n.t('Reveal the token id of which profile?'));
    const name = profileName(this.store, profileId);
    const ok = await this.prompts.confirm(
      vscode.l10n.t('Show the full token id of profile {0}?', quotedName(name)),
      vscode.l10n.t(
        'Anyone who sees it (over your shoulder, in a screen share or a screenshot) can act as you until the token expires. It is shown in its own document, masked again once that document is closed.',
      ),
      vscode.l10n.t('Reveal Token Id'),
    );
    if (!ok) throw new UserCancelled();
    const token = await signedIn(this.store, profileId);
    this.used(profileId);
    await this.documents.show(profileId, token, { reveal: true });
  }

  async revoke(arg?: unknown): Promise<void> {
    const profileId = await pickProfileId(this.store, this.prompts, arg, vscode.l10n.t('Revoke the token of which profile?'));
    const name = profileName(this.store, profileId);
    this.used(profileId);
    const session = this.store.session(profileId);
    const before = await session.currentToken();
    // Known to be Swift v1 (by settings or by the token itself): no point asking to revoke first.
    if (session.profile.authType === 'v1' || before?.authVersion === 'v1') return this.offerSignOut(profileId, name, before);
    const ok = await this.prompts.confirm(
      vscode.l10n.t('Revoke the token of profile {0}?', quotedName(name)),
      revokeConfirmDetail(before?.expiresAt),
      vscode.l10n.t('Revoke'),
    );
    if (!ok) throw new UserCancelled();
    let revoked = false;
    // The session reports the forgotten token through the store; that is how we learn whether one existed.
    const watch = this.store.onDidChangeToken((e) => {
      if (e.profileId === profileId && !e.token) revoked = true;
    });
    try {
      await withViewProgress(vscode.l10n.t('Revoking the token of profile {0}…', quotedName(name)), (signal) => session.revoke(signal));
    } catch (e) {
      // 'auto' profiles learn they speak v1 only from the identity client.
      if (isOpenStackError(e, 'unsupported')) return this.offerSignOut(profileId, name, before);
      throw e;
    } finally {
      watch.dispose();
    }
    if (!revoked) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Profile {0} held no token: there was nothing to revoke.', quotedName(name)));
      return;
    }
    this.log.info(`Revoked the token of profile ${quotedName(name)}.`);
    void vscode.window.showInformationMessage(revokedMessage(name, before?.expiresAt));
  }

  /** Swift v1 auth has no revocation: say so in one sentence, and offer to forget the token here instead. */
  private async offerSignOut(profileId: string, name: string, token: Token | undefined): Promise<void> {
    const signOut = await this.prompts.confirm(
      token?.expiresAt
        ? vscode.l10n.t(
            'Profile {0} cannot revoke its token: Swift v1 auth has no revocation, so the token stays valid until {1}.',
            quotedName(name),
            isoDate(token.expiresAt),
          )
        : vscode.l10n.t('Profile {0} cannot revoke its token: Swift v1 auth has no revocation, so the token stays valid until it expires.', quotedName(name)),
      vscode.l10n.t('Sign out to forget it in the editor; copies already made keep working.'),
      vscode.l10n.t('Sign Out'),
    );
    if (signOut) await vscode.commands.executeCommand(commandId('signOut'), { profileId });
  }
}

/** The profile's token, signing in (with cancellable progress) when it holds none that is fresh. */
export async function signedIn(store: ProfileStore, profileId: string): Promise<Token> {
  const session: Session = store.session(profileId);
  const current = await session.currentToken();
  if (current) return current;
  return withViewProgress(vscode.l10n.t('Signing in to profile {0}…', quotedName(profileName(store, profileId))), (signal) => session.token(signal));
}

export function profileName(store: ProfileStore, profileId: string): string {
  return store.get(profileId)?.profile.name ?? profileId;
}

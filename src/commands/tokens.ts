/**
 * Token commands: Show Token Details, Reveal Token Id (after a confirmation), Revoke Token. Each takes a
 * profile node, a profile id (the status bar passes one), or nothing (the palette asks which profile).
 */
import * as vscode from 'vscode';
import type { ProfileStore } from '../auth/profileStore';
import type { Session } from '../auth/session';
import { isOpenStackError } from '../openstack/errors';
import { revokedTokenLag } from '../openstack/revocation';
import type { Token } from '../openstack/keystone/token';
import { isoDate } from '../ui/format';
import type { TokenDocuments } from '../documents/tokenDocument';
import type { Log } from '../log';
import type { Prompts } from '../ui/prompts';
import { UserCancelled, type CommandEntry, withViewProgress } from '../ui/run';
import { pickProfileId } from '../ui/pickProfile';
import { commandId } from '../ui/commandIds';
import { quotedName } from '../openstack/swift/names';

/** What the confirmation and the result both say: storage keeps its own cache of validated tokens. */
/** The message after a revocation: the same caveat the confirmation gave, so no one thinks copies died at once. */
export function revokedMessage(profileName: string, stillAccepted: string): string {
  return `Revoked the token of profile ${quotedName(profileName)}: the identity service no longer accepts it. ${stillAccepted}`;
}

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
      { id: 'showTokenDetails', run: (arg) => this.showDetails(arg), doing: 'Showing the token details' },
      { id: 'revealTokenId', run: (arg) => this.revealId(arg), doing: 'Revealing the token id' },
      { id: 'revokeToken', run: (arg) => this.revoke(arg), doing: 'Revoking the token' },
    ];
  }

  async showDetails(arg?: unknown): Promise<void> {
    const profileId = await pickProfileId(this.store, this.prompts, arg, 'Show the token of which profile?');
    const token = await signedIn(this.store, profileId);
    this.used(profileId);
    await this.documents.show(profileId, token, { reveal: false });
  }

  async revealId(arg?: unknown): Promise<void> {
    const profileId = await pickProfileId(this.store, this.prompts, arg, 'Reveal the token id of which profile?');
    const name = profileName(this.store, profileId);
    const ok = await this.prompts.confirm(
      `Show the full token id of profile ${quotedName(name)}?`,
      'Anyone who sees it (over your shoulder, in a screen share or a screenshot) can act as you until the token expires. ' +
        'It is shown in its own document, masked again once that document is closed.',
      'Reveal Token Id',
    );
    if (!ok) throw new UserCancelled();
    const token = await signedIn(this.store, profileId);
    this.used(profileId);
    await this.documents.show(profileId, token, { reveal: true });
  }

  async revoke(arg?: unknown): Promise<void> {
    const profileId = await pickProfileId(this.store, this.prompts, arg, 'Revoke the token of which profile?');
    const name = profileName(this.store, profileId);
    this.used(profileId);
    const session = this.store.session(profileId);
    const before = await session.currentToken();
    // Known to be Swift v1 (by settings or by the token itself): no point asking to revoke first.
    if (session.profile.authType === 'v1' || before?.authVersion === 'v1') return this.offerSignOut(profileId, name, before);
    // Which servers the endpoints are is not asked here (no request before the confirmation): worded for either.
    const stillAccepted = revokedTokenLag([], before?.expiresAt);
    const ok = await this.prompts.confirm(
      `Revoke the token of profile ${quotedName(name)}?`,
      `The identity service invalidates it, copies in curl commands included. ${stillAccepted} The next action signs in again.`,
      'Revoke',
    );
    if (!ok) throw new UserCancelled();
    let revoked = false;
    // The session reports the forgotten token through the store; that is how we learn whether one existed.
    const watch = this.store.onDidChangeToken((e) => {
      if (e.profileId === profileId && !e.token) revoked = true;
    });
    try {
      await withViewProgress(`Revoking the token of profile ${quotedName(name)}…`, (signal) => session.revoke(signal));
    } catch (e) {
      // 'auto' profiles learn they speak v1 only from the identity client.
      if (isOpenStackError(e, 'unsupported')) return this.offerSignOut(profileId, name, before);
      throw e;
    } finally {
      watch.dispose();
    }
    if (!revoked) {
      void vscode.window.showInformationMessage(`Profile ${quotedName(name)} held no token: there was nothing to revoke.`);
      return;
    }
    this.log.info(`Revoked the token of profile ${quotedName(name)}.`);
    void vscode.window.showInformationMessage(revokedMessage(name, stillAccepted));
  }

  /** Swift v1 auth has no revocation: say so in one sentence, and offer to forget the token here instead. */
  private async offerSignOut(profileId: string, name: string, token: Token | undefined): Promise<void> {
    const until = token?.expiresAt ? `until ${isoDate(token.expiresAt)}` : 'until it expires';
    const signOut = await this.prompts.confirm(
      `Profile ${quotedName(name)} cannot revoke its token: Swift v1 auth has no revocation, so the token stays valid ${until}.`,
      'Sign out to forget it in the editor; copies already made keep working.',
      'Sign Out',
    );
    if (signOut) await vscode.commands.executeCommand(commandId('signOut'), { profileId });
  }
}

/** The profile's token, signing in (with cancellable progress) when it holds none that is fresh. */
export async function signedIn(store: ProfileStore, profileId: string): Promise<Token> {
  const session: Session = store.session(profileId);
  const current = await session.currentToken();
  if (current) return current;
  return withViewProgress(`Signing in to profile ${quotedName(profileName(store, profileId))}…`, (signal) => session.token(signal));
}

export function profileName(store: ProfileStore, profileId: string): string {
  return store.get(profileId)?.profile.name ?? profileId;
}

/**
 * Open Signed-in Terminal (region or container): an integrated terminal whose environment carries the token and
 * storage URL (terminalEnvironment.ts), so `swift list` and curl work at once. The token is handed to the
 * terminal process only: never to settings or `environmentVariableCollection` (which the editor persists), and
 * the terminal is transient, so neither its environment nor its buffer is kept for a restore after a reload.
 */
import * as vscode from 'vscode';
import type { ProfileStore } from '../auth/profileStore';
import { locationOf, type StorageLocation } from '../location';
import { pickProfileId } from '../ui/pickProfile';
import type { Prompts } from '../ui/prompts';
import { withProgress, type CommandEntry } from '../ui/run';
import { signedInEnvironment, terminalBanner, terminalName } from './terminalEnvironment';
import type { ProfileUsed } from './tokens';

export class TerminalCommands {
  constructor(
    private readonly store: ProfileStore,
    private readonly prompts: Prompts,
    private readonly used: ProfileUsed,
  ) {}

  commands(): CommandEntry[] {
    return [{ id: 'openSignedInTerminal', run: (arg?: unknown) => this.open(arg), doing: vscode.l10n.t('Opening a signed-in terminal') }];
  }

  /** Opens and shows the terminal; resolves to it (for tests and tasks that chain commands). */
  async open(arg?: unknown): Promise<vscode.Terminal> {
    const location: StorageLocation = locationOf(arg) ?? {
      profileId: await pickProfileId(this.store, this.prompts, arg, vscode.l10n.t('Open a signed-in terminal for which profile?')),
      region: '',
    };
    const entry = this.store.get(location.profileId);
    if (!entry) throw new Error(vscode.l10n.t('This profile is no longer in the OpenStack Storage view.'));
    this.used(location.profileId);
    const session = this.store.session(location.profileId);
    const { token, swift } = await withProgress(vscode.l10n.t('Signing in for a terminal…'), async (signal) => {
      // token() renews a token close to its expiry first: the terminal gets the longest-lived one there is.
      const token = await session.token(signal);
      return { token, swift: await session.swift(location.region || undefined, signal) };
    });
    const { profile } = entry;
    const region = location.region || profile.region || '';
    const shown = { ...profile, region };
    const terminal = vscode.window.createTerminal({
      name: terminalName(shown),
      env: signedInEnvironment(shown, token.id, swift.storageUrl),
      message: terminalBanner(shown, token.expiresAt, Date.now(), location.container),
      iconPath: new vscode.ThemeIcon('key'),
      // Not restored after a reload or restart: the environment (the token) and the buffer are not persisted.
      isTransient: true,
    });
    terminal.show();
    return terminal;
  }
}

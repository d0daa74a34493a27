/**
 * The status bar item of the active profile: its name and the time left on its token (`$(key) demo · 54m`),
 * "signed out" without one; a click shows the token details. The active profile is the last one used
 * (remembered across sessions), or the only one. Re-rendered each minute while shown and whenever a token
 * changes; hidden, with no timer, when there is no active profile.
 */
import * as vscode from 'vscode';
import type { ProfileEntry, ProfileStore } from './auth/profileStore';
import type { Token } from './openstack/keystone/token';
import { codeNeededMessage, msUntilCodeNeeded, tokenStatus } from './documents/renderStatus';
import { commandId } from './ui/commandIds';

const ACTIVE_PROFILE_KEY = 'openstackStorage.activeProfile';
const REFRESH_MS = 60_000;
/** The button of the renewal notice, in the display language (the choice is compared with the same value). */
export const RENEW_NOW = (): string => vscode.l10n.t('Renew Now');

export class TokenStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('openstackStorage.token', vscode.StatusBarAlignment.Left, 50);
  /** The latest token seen per profile (undefined: none), so rendering needs no I/O. */
  private readonly tokens = new Map<string, Token | undefined>();
  private readonly disposables: vscode.Disposable[];
  private activeId: string | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Fires when the active token enters the margin where its renewal needs a one-time code. */
  private codeTimer: ReturnType<typeof setTimeout> | undefined;
  /** Tokens whose "code needed to renew" notification was shown (once each). */
  private readonly toldCodeNeeded = new Set<string>();

  constructor(
    private readonly store: ProfileStore,
    private readonly memento: vscode.Memento,
    private readonly now: () => number = Date.now,
  ) {
    this.item.name = vscode.l10n.t('OpenStack Token');
    this.activeId = memento.get<string>(ACTIVE_PROFILE_KEY);
    this.disposables = [
      this.item,
      store.onDidChangeToken(({ profileId, token }) => {
        this.tokens.set(profileId, token);
        // Getting a token means the profile is in use; losing one does not make another profile active.
        if (token) this.setActiveProfile(profileId);
        else this.render();
      }),
      // Edited settings may mean another cloud: re-read tokens rather than trust what was seen.
      store.onDidChange(() => {
        this.tokens.clear();
        void this.update();
      }),
    ];
    void this.update();
  }

  /** Makes `profileId` the one shown (e.g. the tree's selection, or a command's target). */
  setActiveProfile(profileId: string): void {
    if (profileId !== this.activeId) {
      this.activeId = profileId;
      void this.memento.update(ACTIVE_PROFILE_KEY, profileId);
    }
    void this.update();
  }

  dispose(): void {
    this.stopTimer();
    for (const d of this.disposables) d.dispose();
  }

  /** Loads the active profile's stored token once, then renders. */
  private async update(): Promise<void> {
    const entry = this.activeEntry();
    if (entry && !this.tokens.has(entry.profile.id)) {
      const token = await this.storedToken(entry.profile.id);
      // An event may have brought a newer token while we waited: it wins.
      if (!this.tokens.has(entry.profile.id)) this.tokens.set(entry.profile.id, token);
    }
    this.render();
  }

  private render(): void {
    const entry = this.activeEntry();
    if (!entry) {
      this.item.hide();
      this.stopTimer();
      return;
    }
    const id = entry.profile.id;
    const token = this.tokens.get(id);
    const status = tokenStatus(entry.profile.name, token, this.now());
    this.scheduleCodeNotice(token);
    if (status.codeNeeded && token && !this.toldCodeNeeded.has(token.id)) {
      this.toldCodeNeeded.add(token.id);
      void this.notifyCodeNeeded(id, entry.profile.name, token);
    }
    this.item.text = status.text;
    this.item.tooltip = new vscode.MarkdownString(status.tooltip);
    this.item.backgroundColor = status.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.command = { command: commandId('showTokenDetails'), title: vscode.l10n.t('Show Token Details'), arguments: [id] };
    this.item.show();
    this.timer ??= setInterval(() => this.render(), REFRESH_MS);
  }

  /** One timer at the moment the token's renewal starts to need a code: the minute refresh may be late for short tokens. */
  private scheduleCodeNotice(token: Token | undefined): void {
    if (this.codeTimer) clearTimeout(this.codeTimer);
    this.codeTimer = undefined;
    const wait = msUntilCodeNeeded(token, this.now());
    if (wait !== undefined) this.codeTimer = setTimeout(() => this.render(), wait + 50);
  }

  private async notifyCodeNeeded(profileId: string, name: string, token: Token): Promise<void> {
    const choice = await vscode.window.showWarningMessage(codeNeededMessage(name, token, this.now()), RENEW_NOW());
    if (choice !== RENEW_NOW()) return;
    try {
      await this.store.session(profileId).authenticate();
    } catch {
      // The session's prompt and errors speak for themselves; a cancel is silence.
    }
  }

  private activeEntry(): ProfileEntry | undefined {
    const entries = this.store.list();
    return entries.find((e) => e.profile.id === this.activeId) ?? (entries.length === 1 ? entries[0] : undefined);
  }

  private async storedToken(profileId: string): Promise<Token | undefined> {
    try {
      return await this.store.session(profileId).currentToken();
    } catch {
      return undefined; // a profile whose settings cannot be used has no token
    }
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.codeTimer) clearTimeout(this.codeTimer);
    this.codeTimer = undefined;
  }
}

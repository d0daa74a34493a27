/**
 * Profiles as the extension sees them: the user's own `openstackStorage.profiles` setting (non-secret fields
 * only; never a workspace's value, see userSettings.ts), the editor's OS_* environment as an "Environment"
 * profile, secrets in SecretStorage (bound to what they were stored for), one Session each.
 */
import * as vscode from 'vscode';
import { HttpClient } from '../openstack/http';
import { IdentityClient } from '../openstack/keystone';
import { Redactor } from '../openstack/redact';
import { Token, serializeToken } from '../openstack/keystone/token';
import type { Log } from '../log';
import { EditorNetworkSettings, keyPassphraseKey, networkConfigFor, proxyPasswordKey } from './network';
import { EnvironmentProfile, profileFromEnvironment, readTextSync } from './environment';
import { SwiftClient } from '../openstack/swift/client';
import { homedir } from 'node:os';
import { AskOneTimeCode, askCode, signIn, storageTokenOf } from './signIn';
import { ENVIRONMENT_PROFILE_ID, Profile, ProfileSource, credentialsFor, needsStoredSecret, profileProblems } from './profile';
import { Session, secretKey, tokenKey } from './session';
import { ConfirmSecretUse, bindingKey, bindingOf, serializeBinding } from './secretBinding';
import { PROFILES_SETTING, profilesOf, userValue } from './userSettings';
import { quotedName } from '../openstack/swift/names';

export interface ProfileEntry {
  profile: Profile;
  source: ProfileSource;
  /** Why the profile cannot be used as saved, if it cannot. */
  problems: string[];
}

export class ProfileStore implements vscode.Disposable {
  private readonly sessions = new Map<string, Session>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly tokenChanged = new vscode.EventEmitter<{ profileId: string; token: Token | undefined }>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Fired when the list of profiles or one profile's settings change. */
  readonly onDidChange = this.changed.event;
  /** Fired when a session gets, renews or loses its token. */
  readonly onDidChangeToken = this.tokenChanged.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    readonly redactor: Redactor,
    private readonly log: Log,
    private readonly environment: Record<string, string | undefined> = process.env,
    /** Asked before a stored secret goes where it was not stored for; without it, nothing is sent there. */
    private readonly confirmSecretUse?: ConfirmSecretUse,
    /** Asks for a one-time code (multi-factor sign-in); without it, such profiles cannot sign in. */
    private readonly askOneTimeCode?: AskOneTimeCode,
    /** Reads a file for OS_CLOUD's clouds.yaml (undefined when absent); tests pass their own. */
    private readonly readText: (path: string) => string | undefined = readTextSync,
    /** Whether the workspace is trusted: only then is OS_CLOUD's clouds.yaml looked for in the working directory. */
    private readonly workspaceTrusted: () => boolean = () => vscode.workspace.isTrusted,
  ) {
    this.disposables.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        // The working directory's clouds.yaml may now define OS_CLOUD's cloud: read the environment again.
        this.environmentRead = undefined;
        this.dropStaleSessions();
        this.changed.fire();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(PROFILES_SETTING)) {
          this.dropStaleSessions();
          this.changed.fire();
        } else if (NETWORK_SETTINGS.some((s) => e.affectsConfiguration(s))) {
          this.dropAllSessions();
        }
      }),
      this.changed,
      this.tokenChanged,
    );
  }

  list(): ProfileEntry[] {
    const entries: ProfileEntry[] = [];
    const env = this.environmentProfile();
    if (env) entries.push(env);
    for (const raw of this.userProfiles()) {
      const profile = { authVersion: 'auto', authType: 'password', ...raw } as Profile;
      entries.push({ profile, source: 'settings', problems: profileProblems(profile) });
    }
    return entries;
  }

  get(id: string): ProfileEntry | undefined {
    return this.list().find((e) => e.profile.id === id);
  }

  /**
   * Saves the profile's settings (the user's own; a workspace's value is neither read nor written) and, when
   * given, its secret and a token just obtained with it. Secrets never go to settings. The secret, kept or
   * new, is bound to the profile as saved: the user chose these settings in the wizard.
   */
  async save(profile: Profile, secret?: string, token?: Token): Promise<void> {
    if (profile.id === ENVIRONMENT_PROFILE_ID)
      throw new Error(vscode.l10n.t("The Environment profile comes from the editor's environment and cannot be saved."));
    await this.secrets.store(bindingKey(profile.id), serializeBinding(bindingOf(profile)));
    if (secret !== undefined) await this.secrets.store(secretKey(profile.id), secret);
    const clean = Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== undefined && v !== '')) as Profile;
    const saved = this.userEntries();
    const others = saved.filter((p) => idOf(p) !== profile.id);
    const existing = saved.findIndex((p) => idOf(p) === profile.id);
    const next = [...others];
    next.splice(existing >= 0 ? existing : next.length, 0, clean);
    await this.sessions.get(profile.id)?.signOut();
    this.sessions.delete(profile.id);
    // The wizard's proof-of-login token is kept, so the first expansion costs no second authentication.
    // Stored before the settings change: that change's listeners (status bar, tree) create the profile's
    // session, which reads its stored token once; a token stored after it would go unseen ("signed out").
    if (token) await this.secrets.store(tokenKey(profile.id), serializeToken(token));
    await vscode.workspace.getConfiguration().update(PROFILES_SETTING, next, vscode.ConfigurationTarget.Global);
  }

  async remove(id: string): Promise<void> {
    await this.sessions.get(id)?.signOut();
    this.sessions.delete(id);
    await this.secrets.delete(secretKey(id));
    await this.secrets.delete(tokenKey(id));
    await this.secrets.delete(bindingKey(id));
    await this.secrets.delete(proxyPasswordKey(id));
    await this.secrets.delete(keyPassphraseKey(id));
    const saved = this.userEntries();
    if (!saved.some((p) => idOf(p) === id)) return;
    await vscode.workspace.getConfiguration().update(
      PROFILES_SETTING,
      saved.filter((p) => idOf(p) !== id),
      vscode.ConfigurationTarget.Global,
    );
  }

  /** The one session of a profile (created on first use). */
  session(id: string): Session {
    let session = this.sessions.get(id);
    if (session) return session;
    const entry = this.get(id);
    if (!entry) throw new Error(vscode.l10n.t('No profile with id "{0}".', id));
    if (entry.problems.length) throw new Error(vscode.l10n.t('Profile {0}: {1}', quotedName(entry.profile.name), entry.problems.join(' ')));
    const profile = entry.profile;
    const http = this.httpFor(profile);
    session = new Session({
      profile,
      http,
      identity: new IdentityClient(http),
      secrets: this.secrets,
      readSecret: entry.source === 'environment' ? async () => this.environmentSecret() : undefined,
      confirmSecretUse: this.confirmSecretUse,
      askOneTimeCode: this.askOneTimeCode,
      onDidChangeToken: (token) => this.tokenChanged.fire({ profileId: id, token }),
    });
    this.sessions.set(id, session);
    return session;
  }

  /** Authenticates a profile that is not saved yet (the wizard's last step); nothing is stored. */
  async verify(profile: Profile, secret: string, signal?: AbortSignal): Promise<Token> {
    const http = this.httpFor(profile);
    this.redactor.addSecret(secret);
    try {
      if (profile.authType === 'storageToken') {
        // No identity service: the account's HEAD with the token is the proof it works.
        const token = storageTokenOf(profile, secret);
        await new SwiftClient(http, { storageUrl: token.storageUrl!, tokens: { token: async () => secret, renew: async () => secret } }).headAccount(signal);
        return token;
      }
      const identity = new IdentityClient(http);
      // A one-time-code profile's secret is the code itself (nothing is stored).
      if (profile.authType === 'totp')
        return await identity.authenticate({ authUrl: profile.authUrl, version: profile.authVersion, credentials: credentialsFor(profile, secret), signal });
      return await signIn(identity, profile, secret, (reason) => askCode(profile, this.askOneTimeCode, reason), signal);
    } finally {
      void http.close();
    }
  }

  async hasSecret(id: string): Promise<boolean> {
    // A one-time-code profile stores nothing: the code is asked at each sign-in.
    const authType = this.get(id)?.profile.authType;
    if (authType && !needsStoredSecret(authType)) return true;
    if (id === ENVIRONMENT_PROFILE_ID) return !!this.environmentSecret();
    return !!(await this.secrets.get(secretKey(id)));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private httpFor(profile: Profile): HttpClient {
    if (profile.insecure) this.log.warn(`Profile ${quotedName(profile.name)}: TLS certificate verification is OFF (insecure).`);
    return new HttpClient({
      network: networkConfigFor(profile, editorNetworkSettings(), this.environment, this.secrets),
      redactor: this.redactor,
      log: (e) => this.log.request(e),
    });
  }

  /** The profiles of the user's own settings: never a workspace's or a folder's value, whatever the editor merged. */
  private userProfiles(): Partial<Profile>[] {
    return profilesOf(this.userEntries());
  }

  /** The user's own setting as written, entries the extension cannot use included (a save keeps them). */
  private userEntries(): unknown[] {
    const value = userValue(vscode.workspace.getConfiguration().inspect<unknown>(PROFILES_SETTING));
    return Array.isArray(value) ? [...value] : [];
  }

  private environmentProfile(): ProfileEntry | undefined {
    const imported = this.fromEnvironment();
    if (!imported) return undefined;
    const profile: Profile = { ...imported.profile, id: ENVIRONMENT_PROFILE_ID };
    return { profile, source: 'environment', problems: [...(imported.refused ? [imported.refused] : []), ...profileProblems(profile)] };
  }

  private environmentSecret(): string | undefined {
    return this.fromEnvironment()?.secret;
  }

  /** Read once (again when the workspace is trusted): the editor's environment does not change under it (OS_CLOUD's file is read then too). */
  private environmentRead: { value: EnvironmentProfile | undefined } | undefined;

  private fromEnvironment(): EnvironmentProfile | undefined {
    // The working directory is often the repository the editor was opened on: in Restricted Mode it may be anyone's,
    // and its clouds.yaml could send the user's OS_PASSWORD or secure.yaml password to its own auth URL.
    this.environmentRead ??= {
      value: profileFromEnvironment(this.environment, this.readText, this.workspaceTrusted() ? process.cwd() : undefined, homedir()),
    };
    return this.environmentRead.value;
  }

  /**
   * New proxy or certificate settings (the editor's, or a proxy password or key passphrase just stored): every
   * session is made again, its token read back from secret storage.
   */
  dropAllSessions(): void {
    for (const session of this.sessions.values()) void session.http.close();
    this.sessions.clear();
  }

  /** Stores a profile's proxy password or key passphrase (never in settings); the next request uses it. */
  async storeNetworkSecret(id: string, which: 'proxyPassword' | 'keyPassphrase', value: string): Promise<void> {
    this.redactor.addSecret(value);
    await this.secrets.store(which === 'proxyPassword' ? proxyPasswordKey(id) : keyPassphraseKey(id), value);
    const session = this.sessions.get(id);
    this.sessions.delete(id);
    void session?.http.close();
  }

  /** A profile whose settings changed gets a new session (new URL, CA, …). */
  private dropStaleSessions(): void {
    const current = new Map(this.list().map((e) => [e.profile.id, JSON.stringify(e.profile)]));
    for (const [id, session] of this.sessions) {
      if (current.get(id) !== JSON.stringify(session.profile)) {
        this.sessions.delete(id);
        void session.http.close();
      }
    }
  }
}

/** The editor's settings that change how requests travel. */
const NETWORK_SETTINGS = ['http.proxy', 'http.proxyStrictSSL', 'http.proxyAuthorization', 'http.noProxy', 'http.systemCertificates', 'http.proxySupport'];

/** VS Code's http.* settings; their scope (application or machine) keeps a workspace from setting them. */
function editorNetworkSettings(): EditorNetworkSettings {
  const http = vscode.workspace.getConfiguration('http');
  const noProxy = http.get<unknown>('noProxy');
  return {
    proxy: http.get<string>('proxy') || undefined,
    noProxy: Array.isArray(noProxy) ? noProxy.filter((h): h is string => typeof h === 'string') : undefined,
    authorization: http.get<string | null>('proxyAuthorization') || undefined,
    strictSSL: http.get<boolean>('proxyStrictSSL'),
    systemCertificates: http.get<boolean>('systemCertificates'),
    proxySupport: http.get<string>('proxySupport'),
  };
}

function idOf(entry: unknown): unknown {
  return entry && typeof entry === 'object' ? (entry as { id?: unknown }).id : undefined;
}

/**
 * One session per profile owns its token: cached in SecretStorage with its expiry, reused while valid,
 * renewed ahead of expiry, one authentication in flight however many callers wait, one re-authentication
 * when Swift rejects a token (the Swift client retries once, never loops), purged on revoke or sign-out.
 * A stored secret (and the token it bought) goes only where it was stored for (secretBinding.ts).
 */
import * as l10n from '@vscode/l10n';
import { HttpClient } from '../openstack/http';
import { IdentityClient } from '../openstack/keystone';
import { Token, deserializeToken, serializeToken, timeLeftMs } from '../openstack/keystone/token';
import { OpenStackError } from '../openstack/errors';
import { hideUrlCredentials } from '../openstack/redact';
import { SwiftClient, TokenSource } from '../openstack/swift/client';
import { Profile, credentialsFor, secretLabel } from './profile';
import { AskOneTimeCode, OneTimeCodeQuestion, askCode, signIn, storageTokenOf } from './signIn';
import { storageInterface, storageUrlFor } from './storageEndpoint';
import { ConfirmSecretUse, SecretBinding, bindingChanges, bindingKey, bindingOf, parseBinding, serializeBinding } from './secretBinding';
import { quotedName } from '../openstack/swift/names';

/** The part of vscode.SecretStorage a session needs; tests pass a Map-backed one. */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export const secretKey = (profileId: string) => `openstackStorage.profile.${profileId}.secret`;
export const tokenKey = (profileId: string) => `openstackStorage.profile.${profileId}.token`;

/**
 * How long before expiry a token is renewed: a quarter of its lifetime, at most five minutes. A one-hour
 * token is renewed five minutes early; a twenty-second test token five seconds early.
 */
export function renewalMarginMs(token: Token): number {
  if (!token.expiresAt) return 0;
  const lifetime = token.expiresAt.getTime() - (token.issuedAt?.getTime() ?? token.expiresAt.getTime() - 3_600_000);
  return Math.min(5 * 60_000, Math.max(1_000, lifetime / 4));
}

export function needsRenewal(token: Token, now: number): boolean {
  return timeLeftMs(token, now) <= renewalMarginMs(token);
}

export interface SessionOptions {
  profile: Profile;
  http: HttpClient;
  identity: IdentityClient;
  secrets: SecretStore;
  /**
   * Where the secret comes from when not from SecretStorage (the editor's environment, tests). Such a secret
   * is not bound to the profile: it is given afresh each time, by whoever started the editor.
   */
  readSecret?: () => PromiseLike<string | undefined>;
  /** Asked when the profile no longer matches what its stored secret was stored for; without it, nothing is sent. */
  confirmSecretUse?: ConfirmSecretUse;
  clock?: Clock;
  /** Told whenever the token changes (new, renewed, revoked, signed out). */
  onDidChangeToken?: (token: Token | undefined) => void;
  /**
   * Asks the user for a one-time code (TOTP) when the profile or Keystone's multi-factor rules need one;
   * undefined: the user cancelled. Without it, such a sign-in fails with a sentence saying why.
   */
  askOneTimeCode?: AskOneTimeCode;
}

/** True when renewing this token needs the user (a one-time code): it cannot be renewed silently. */
export function renewalNeedsCode(token: Token): boolean {
  return token.methods.includes('totp');
}

export class Session {
  readonly profile: Profile;
  readonly http: HttpClient;
  readonly identity: IdentityClient;
  private readonly secrets: SecretStore;
  private readonly readSecret: () => PromiseLike<string | undefined>;
  private readonly secretIsBound: boolean;
  private readonly confirmSecretUse?: ConfirmSecretUse;
  /** The one check of the secret's binding; a refusal stands until sign-out (or new settings: a new session). */
  private bindingCheck: Promise<void> | undefined;
  private readonly clock: Clock;
  private readonly onDidChangeToken?: (token: Token | undefined) => void;
  private readonly askOneTimeCode?: AskOneTimeCode;
  private cached: Token | undefined;
  /** The one read of the stored token: every early caller waits for it (two reads raced into two sign-ins). */
  private storedRead: Promise<void> | undefined;
  private inFlight: Promise<Token> | undefined;
  /** Ids of tokens revoked or rejected here: never sent again. */
  private readonly retired = new Set<string>();
  private readonly swiftClients = new Map<string, SwiftClient>();

  constructor(options: SessionOptions) {
    this.profile = options.profile;
    this.http = options.http;
    this.identity = options.identity;
    this.secrets = options.secrets;
    this.clock = options.clock ?? systemClock;
    this.onDidChangeToken = options.onDidChangeToken;
    this.readSecret = options.readSecret ?? (() => this.secrets.get(secretKey(this.profile.id)));
    this.secretIsBound = options.readSecret === undefined;
    this.confirmSecretUse = options.confirmSecretUse;
    this.askOneTimeCode = options.askOneTimeCode;
  }

  /** The token if one is held and not due for renewal, without authenticating. */
  async currentToken(): Promise<Token | undefined> {
    await this.loadStored();
    return this.cached && !needsRenewal(this.cached, this.clock.now()) ? this.cached : undefined;
  }

  /** A valid token: the cached one, or a new one (one authentication however many callers wait). */
  async token(signal?: AbortSignal): Promise<Token> {
    const current = await this.currentToken();
    if (current) return current;
    return this.authenticate(signal);
  }

  /** Called when a server rejected `rejectedId`: renews once unless someone already did. */
  async renew(rejectedId: string, signal?: AbortSignal): Promise<Token> {
    this.retired.add(rejectedId);
    if (this.cached && this.cached.id !== rejectedId && !needsRenewal(this.cached, this.clock.now())) return this.cached;
    if (this.cached?.id === rejectedId) await this.forget();
    return this.authenticate(signal);
  }

  /** Whether the token held now was bought with a one-time code (its renewal will ask for one again). */
  heldTokenNeedsCode(): boolean {
    return this.cached !== undefined && renewalNeedsCode(this.cached);
  }

  /**
   * Authenticates now, sharing the one request in flight. That request belongs to no caller, so one caller
   * giving up (its signal aborts) does not cancel the others; it only stops waiting. HTTP timeouts bound it.
   */
  authenticate(signal?: AbortSignal): Promise<Token> {
    this.inFlight ??= this.doAuthenticate().finally(() => {
      this.inFlight = undefined;
    });
    return untilAborted(this.inFlight, signal);
  }

  /** Revokes the current token at the identity service, then forgets it. */
  async revoke(signal?: AbortSignal): Promise<void> {
    await this.loadStored();
    const token = this.cached;
    if (!token) return;
    await this.identity.revoke(token, signal);
    this.retired.add(token.id);
    await this.forget();
  }

  /** Forgets the token (SecretStorage too) without revoking it; a refused secret use is asked again. */
  async signOut(): Promise<void> {
    this.bindingCheck = undefined;
    this.everSignedIn = false;
    await this.forget();
  }

  /**
   * A Swift client for one region (default: the profile's, else the catalog's first): the region's endpoint
   * override, else the catalog's endpoint of its interface.
   */
  async swift(region?: string, signal?: AbortSignal): Promise<SwiftClient> {
    const token = await this.token(signal);
    const wanted = region ?? this.profile.region ?? this.profile.regions?.[0];
    const iface = storageInterface(this.profile, wanted);
    const endpoint = storageUrlFor(this.profile, token, wanted);
    if (!endpoint) {
      const regions = token.catalog.regions('object-store');
      throw new OpenStackError(
        'notFound',
        regions.length
          ? l10n.t(
              'Profile {0}: no {1} object-store endpoint in region "{2}" (the catalog has {3}).',
              quotedName(this.profile.name),
              iface,
              wanted ?? '',
              regions.join(', '),
            )
          : l10n.t('Profile {0}: the service catalog has no object-store (Swift) endpoint.', quotedName(this.profile.name)),
      );
    }
    const key = `${endpoint.region}\n${endpoint.url}`;
    let client = this.swiftClients.get(key);
    if (!client) {
      client = new SwiftClient(this.http, { storageUrl: endpoint.url, tokens: this.tokenSource() });
      this.swiftClients.set(key, client);
    }
    return client;
  }

  /** The session as the Swift client's token source. */
  tokenSource(): TokenSource {
    return {
      token: async (signal) => (await this.token(signal)).id,
      renew: async (rejected, signal) => (await this.renew(rejected, signal)).id,
      explainRejection: (method) => {
        const rules = this.cached?.accessRules;
        if (!rules?.length) return undefined;
        const allowed = rules.map((r) => `${r.method ?? '*'} ${r.path ?? '/**'}${r.service && r.service !== 'object-store' ? ` (${r.service})` : ''}`);
        return l10n.t('this {0} request is outside the access rules of the application credential (it allows only {1})', method, allowed.join(', '));
      },
    };
  }

  private async doAuthenticate(): Promise<Token> {
    const renewal = this.cached !== undefined || this.everSignedIn;
    let token: Token;
    if (this.profile.authType === 'totp') {
      const code = await this.oneTimeCode(renewal ? 'renewal' : 'signIn');
      token = await this.identity.authenticate({
        authUrl: this.profile.authUrl,
        version: this.profile.authVersion,
        credentials: credentialsFor(this.profile, code),
      });
    } else {
      await this.checkBinding();
      const secret = await this.readSecret();
      if (!secret) {
        throw new OpenStackError(
          'auth',
          l10n.t('Profile {0} has no stored {1}: edit the profile to enter it.', quotedName(this.profile.name), secretLabel(this.profile.authType)),
        );
      }
      this.http.redactor.addSecret(secret);
      token =
        this.profile.authType === 'storageToken'
          ? storageTokenOf(this.profile, secret)
          : await signIn(this.identity, this.profile, secret, (reason) => this.oneTimeCode(renewal ? 'renewal' : reason));
    }
    this.everSignedIn = true;
    if (this.retired.has(token.id)) {
      // A token source (e.g. OS_AUTH_TOKEN) handed back a token we know is dead: never send it again.
      throw new OpenStackError('auth', l10n.t('Profile {0}: its token was revoked; provide new credentials.', quotedName(this.profile.name)));
    }
    this.cached = token;
    this.storedRead ??= Promise.resolve();
    await this.secrets.store(tokenKey(this.profile.id), serializeToken(token));
    this.onDidChangeToken?.(token);
    return token;
  }

  /** Set once a sign-in succeeded: the next one is a renewal (worth saying when it asks for a code). */
  private everSignedIn = false;

  private async oneTimeCode(reason: OneTimeCodeQuestion['reason']): Promise<string> {
    return askCode(this.profile, this.askOneTimeCode, reason);
  }

  private loadStored(): Promise<void> {
    this.storedRead ??= this.readStored();
    return this.storedRead;
  }

  private async readStored(): Promise<void> {
    const stored = deserializeToken(await this.secrets.get(tokenKey(this.profile.id)));
    // A stored token goes only where its secret may go: the same auth URL, user and TLS settings.
    const bound = !this.secretIsBound || this.changesSinceStored(await this.storedBinding())?.length === 0;
    if (stored && bound && stored.authUrl === this.profile.authUrl && !this.retired.has(stored.id) && !this.cached) {
      this.http.redactor.addSecret(stored.id);
      this.cached = stored;
    }
  }

  /**
   * Before the stored secret is sent: the profile must still be what the secret was stored for, or the user
   * agrees (a modal naming the new auth URL). Otherwise nothing is sent.
   */
  private checkBinding(): Promise<void> {
    if (!this.secretIsBound) return Promise.resolve();
    this.bindingCheck ??= this.doCheckBinding();
    return this.bindingCheck;
  }

  private async doCheckBinding(): Promise<void> {
    const changes = this.changesSinceStored(await this.storedBinding());
    if (changes?.length === 0) return;
    // Nothing stored, nothing to protect: authentication then says the secret is missing.
    if (!(await this.secrets.get(secretKey(this.profile.id)))) return;
    const label = secretLabel(this.profile.authType);
    const allowed = (await this.confirmSecretUse?.({ profile: this.profile, secretLabel: label, changes: changes ?? [] })) === true;
    if (!allowed) {
      throw new OpenStackError(
        'auth',
        l10n.t(
          'Profile {0}: nothing was sent. Its stored {1} was not sent to {2}: that was not confirmed. Edit the profile, or sign out of it to be asked again.',
          quotedName(this.profile.name),
          label,
          hideUrlCredentials(this.profile.authUrl),
        ),
      );
    }
    await this.secrets.store(bindingKey(this.profile.id), serializeBinding(bindingOf(this.profile)));
  }

  private async storedBinding(): Promise<SecretBinding | undefined> {
    return parseBinding(await this.secrets.get(bindingKey(this.profile.id)));
  }

  /** The changes since the secret was stored; undefined when no binding was stored (an older version's secret). */
  private changesSinceStored(stored: SecretBinding | undefined): string[] | undefined {
    return stored && bindingChanges(stored, bindingOf(this.profile));
  }

  private async forget(): Promise<void> {
    this.cached = undefined;
    this.storedRead = Promise.resolve();
    this.swiftClients.clear();
    await this.secrets.delete(tokenKey(this.profile.id));
    this.onDidChangeToken?.(undefined);
  }
}

/** Resolves like `promise`, or rejects as cancelled as soon as `signal` aborts (the promise runs on). */
function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  const cancelled = () => new OpenStackError('cancelled', l10n.t('Cancelled while signing in.'));
  if (signal.aborted) return Promise.reject(cancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

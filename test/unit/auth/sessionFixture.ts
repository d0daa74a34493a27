/** The stand-in Keystone and the Map-backed secrets the session unit tests share. */
import type { AuthRequest, IdentityClient } from '../../../src/openstack/keystone';
import { Catalog, CatalogEndpoint, Token } from '../../../src/openstack/keystone/token';
import { Session, SessionOptions, secretKey } from '../../../src/auth/session';
import type { Profile } from '../../../src/auth/profile';
import { SecretUseQuestion, bindingKey, bindingOf, serializeBinding } from '../../../src/auth/secretBinding';
import { MapSecrets } from '../../support/mapSecrets';
import { recordedHttpClient } from '../../support/recordedHttp';

export const profile: Profile = {
  id: 'p1',
  name: 'Demo',
  authUrl: 'http://k:5000/v3',
  authVersion: 'v3',
  authType: 'password',
  username: 'demo',
  project: 'demo',
};

/** Stands in for Keystone in timing tests only: the real one is exercised by the integration suites. */
export class CountingIdentity {
  authentications = 0;
  /** Where each authentication went, and with which secret. */
  sent: Array<{ authUrl: string; credentials: unknown }> = [];
  revoked: string[] = [];
  lifetimeMs = 3_600_000;
  delayMs = 0;
  /** Knobs for the edge cases: what the next tokens carry, or a failure instead of a token. */
  methods = ['password'];
  endpoints: CatalogEndpoint[] = [{ serviceType: 'object-store', region: 'R1', interface: 'public', url: 'http://s/v1/AUTH_x' }];
  /** Every token gets this id (a token source that hands back the same token). */
  fixedId?: string;
  accessRules?: Token['accessRules'];
  failWith?: Error;
  constructor(private readonly clock: { now(): number }) {}
  async authenticate(req: AuthRequest): Promise<Token> {
    this.authentications++;
    this.sent.push({ authUrl: req.authUrl, credentials: req.credentials });
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.failWith) throw this.failWith;
    const now = this.clock.now();
    return {
      id: this.fixedId ?? `token-${this.authentications}`,
      authVersion: 'v3',
      authUrl: profile.authUrl,
      issuedAt: new Date(now),
      expiresAt: new Date(now + this.lifetimeMs),
      roles: [],
      methods: this.methods,
      auditIds: [],
      catalog: new Catalog(this.endpoints),
      accessRules: this.accessRules,
    };
  }
  async revoke(token: Token) {
    this.revoked.push(token.id);
  }
}

/** A session whose secret 'pw' was stored for `profile`; `make(other)` is the same profile id with other settings. */
export function setup(answer: (q: SecretUseQuestion) => boolean = () => false) {
  const clock = {
    t: Date.parse('2026-01-01T00:00:00Z'),
    now() {
      return this.t;
    },
  };
  const secrets = new MapSecrets();
  secrets.data.set(secretKey(profile.id), 'pw');
  secrets.data.set(bindingKey(profile.id), serializeBinding(bindingOf(profile)));
  const identity = new CountingIdentity(clock);
  const changes: Array<string | undefined> = [];
  const questions: SecretUseQuestion[] = [];
  const make = (settings: Profile = profile, extra: Partial<SessionOptions> = {}) =>
    new Session({
      profile: settings,
      http: recordedHttpClient(),
      identity: identity as unknown as IdentityClient,
      secrets,
      clock,
      onDidChangeToken: (t) => changes.push(t?.id),
      confirmSecretUse: async (q) => {
        questions.push(q);
        return answer(q);
      },
      ...extra,
    });
  return { clock, secrets, identity, changes, questions, session: make(), make };
}

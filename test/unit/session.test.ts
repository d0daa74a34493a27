import * as assert from 'node:assert/strict';
import { HttpClient } from '../../src/openstack/http';
import type { AuthRequest, IdentityClient } from '../../src/openstack/keystone';
import { Catalog, Token, serializeToken } from '../../src/openstack/keystone/token';
import { OpenStackError } from '../../src/openstack/errors';
import { Session, needsRenewal, renewalMarginMs, secretKey, tokenKey } from '../../src/auth/session';
import type { Profile } from '../../src/auth/profile';
import { MapSecrets } from '../support/mapSecrets';

const profile: Profile = { id: 'p1', name: 'Demo', authUrl: 'http://k:5000/v3', authVersion: 'v3', authType: 'password', username: 'demo', project: 'demo' };

/** Stands in for Keystone in timing tests only: the real one is exercised by the integration suites. */
class CountingIdentity {
  authentications = 0;
  revoked: string[] = [];
  lifetimeMs = 3_600_000;
  delayMs = 0;
  constructor(private readonly clock: { now(): number }) {}
  async authenticate(_req: AuthRequest): Promise<Token> {
    this.authentications++;
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    const now = this.clock.now();
    return {
      id: `token-${this.authentications}`,
      authVersion: 'v3',
      authUrl: profile.authUrl,
      issuedAt: new Date(now),
      expiresAt: new Date(now + this.lifetimeMs),
      roles: [],
      methods: ['password'],
      auditIds: [],
      catalog: new Catalog([{ serviceType: 'object-store', region: 'R1', interface: 'public', url: 'http://s/v1/AUTH_x' }]),
    };
  }
  async revoke(token: Token) {
    this.revoked.push(token.id);
  }
}

function setup() {
  const clock = { t: Date.parse('2026-01-01T00:00:00Z'), now() { return this.t; } };
  const secrets = new MapSecrets();
  secrets.data.set(secretKey(profile.id), 'pw');
  const identity = new CountingIdentity(clock);
  const changes: Array<string | undefined> = [];
  const make = () =>
    new Session({
      profile,
      http: new HttpClient(),
      identity: identity as unknown as IdentityClient,
      secrets,
      clock,
      onDidChangeToken: (t) => changes.push(t?.id),
    });
  return { clock, secrets, identity, changes, session: make(), make };
}

describe('session token lifecycle', () => {
  it('renews a quarter of the lifetime ahead, at most five minutes', () => {
    const t = (ms: number): Token => ({ id: 'x', authVersion: 'v3', authUrl: '', issuedAt: new Date(0), expiresAt: new Date(ms), roles: [], methods: [], auditIds: [], catalog: new Catalog() });
    assert.equal(renewalMarginMs(t(3_600_000)), 300_000);
    assert.equal(renewalMarginMs(t(20_000)), 5_000);
    assert.equal(needsRenewal(t(20_000), 14_999), false);
    assert.equal(needsRenewal(t(20_000), 15_000), true);
    const noExpiry: Token = { ...t(0), expiresAt: undefined };
    assert.equal(needsRenewal(noExpiry, 1e15), false);
  });

  it('costs one authentication for many concurrent and later callers within a lifetime', async () => {
    const { session, identity, clock } = setup();
    identity.delayMs = 20;
    const tokens = await Promise.all(Array.from({ length: 50 }, () => session.token()));
    assert.equal(identity.authentications, 1);
    assert.ok(tokens.every((t) => t.id === 'token-1'));
    clock.t += 50 * 60_000; // 50 of 60 minutes: still outside the 5-minute margin
    assert.equal((await session.token()).id, 'token-1');
    assert.equal(identity.authentications, 1);
  });

  it('renews ahead of expiry, not at the last second', async () => {
    const { session, identity, clock } = setup();
    await session.token();
    clock.t += 56 * 60_000; // inside the margin
    assert.equal((await session.token()).id, 'token-2');
    assert.equal(identity.authentications, 2);
  });

  it('survives a restart through SecretStorage without authenticating again', async () => {
    const { session, identity, make, secrets } = setup();
    await session.token();
    assert.ok(secrets.data.get(tokenKey(profile.id)));
    const restarted = make();
    assert.equal((await restarted.token()).id, 'token-1');
    assert.equal(identity.authentications, 1);
  });

  it('ignores a stored token that is unreadable or for another auth URL', async () => {
    const { make, identity, secrets } = setup();
    secrets.data.set(tokenKey(profile.id), '{not json');
    assert.equal((await make().token()).id, 'token-1');
    const other = await identity.authenticate({} as AuthRequest);
    secrets.data.set(tokenKey(profile.id), serializeToken({ ...other, authUrl: 'http://elsewhere/v3' }));
    assert.equal((await make().token()).id, 'token-3');
  });

  it('renews once when a token is rejected, and shares that renewal', async () => {
    const { session, identity } = setup();
    const first = await session.token();
    const renewed = await Promise.all([session.renew(first.id), session.renew(first.id), session.renew(first.id)]);
    assert.ok(renewed.every((t) => t.id === 'token-2'));
    assert.equal(identity.authentications, 2);
  });

  it('revokes, forgets the token everywhere, and never reuses it', async () => {
    const { session, identity, secrets, changes } = setup();
    const first = await session.token();
    await session.revoke();
    assert.deepEqual(identity.revoked, [first.id]);
    assert.equal(secrets.data.get(tokenKey(profile.id)), undefined);
    assert.equal(await session.currentToken(), undefined);
    assert.equal((await session.token()).id, 'token-2');
    assert.deepEqual(changes, ['token-1', undefined, 'token-2']);
  });

  it('says which secret is missing instead of sending an empty password', async () => {
    const { session, secrets, identity } = setup();
    secrets.data.delete(secretKey(profile.id));
    await assert.rejects(session.token(), (e: unknown) => e instanceof OpenStackError && e.kind === 'auth' && /no stored password/.test(e.message));
    assert.equal(identity.authentications, 0);
  });

  it('points a Swift client at the catalog endpoint and explains a missing region', async () => {
    const { session } = setup();
    const swift = await session.swift('R1');
    assert.ok(swift);
    await assert.rejects(session.swift('Nowhere'), /no public object-store endpoint in region "Nowhere" \(the catalog has R1\)/);
  });
});

describe('session sign-in shared by callers', () => {
  it('lets one caller give up without cancelling the sign-in the others wait for', async () => {
    const { session, identity } = setup();
    identity.delayMs = 30;
    const impatient = new AbortController();
    const first = session.token(impatient.signal);
    const second = session.token();
    impatient.abort();
    await assert.rejects(first, (e: unknown) => e instanceof OpenStackError && e.kind === 'cancelled');
    assert.equal((await second).id, 'token-1');
    assert.equal(identity.authentications, 1);
  });
});

describe('session start-up', () => {
  it('reads the stored token once for all early callers: no sign-in when one is stored', async () => {
    const { session, identity, make } = setup();
    await session.token();
    const restarted = make();
    const tokens = await Promise.all([restarted.token(), restarted.currentToken(), restarted.token()]);
    assert.deepEqual(tokens.map((t) => t?.id), ['token-1', 'token-1', 'token-1']);
    assert.equal(identity.authentications, 1);
  });
});

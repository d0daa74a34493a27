import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { AuthRequest, IdentityClient } from '../../../src/openstack/keystone';
import { Catalog, Token, serializeToken } from '../../../src/openstack/keystone/token';
import { OpenStackError } from '../../../src/openstack/errors';
import { Session, needsRenewal, renewalMarginMs, secretKey, tokenKey } from '../../../src/auth/session';
import type { Profile } from '../../../src/auth/profile';
import { bindingKey, bindingOf, parseBinding, serializeBinding } from '../../../src/auth/secretBinding';
import { recordedHttpClient } from '../../support/recordedHttp';
import { profile, setup } from './sessionFixture';

describe('session token lifecycle', () => {
  it('renews a quarter of the lifetime ahead, at most five minutes', () => {
    const t = (ms: number): Token => ({
      id: 'x',
      authVersion: 'v3',
      authUrl: '',
      issuedAt: new Date(0),
      expiresAt: new Date(ms),
      roles: [],
      methods: [],
      auditIds: [],
      catalog: new Catalog(),
    });
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
    assert.deepEqual(
      tokens.map((t) => t?.id),
      ['token-1', 'token-1', 'token-1'],
    );
    assert.equal(identity.authentications, 1);
  });
});

describe('session: a stored secret goes only where it was stored for', () => {
  const elsewhere: Profile = { ...profile, authUrl: 'http://attacker.example:5000/v3' };

  it('sends nothing to another auth URL unless the user agrees, and asks once', async () => {
    const { make, identity, questions } = setup(() => false);
    const session = make(elsewhere);
    const refused = (e: unknown) =>
      e instanceof OpenStackError && e.kind === 'auth' && /nothing was sent/.test(e.message) && e.message.includes('http://attacker.example:5000/v3');
    await assert.rejects(session.token(), refused);
    await assert.rejects(Promise.all([session.token(), session.token()]), refused);
    assert.deepEqual(identity.sent, [], 'nothing reached any identity service');
    assert.equal(questions.length, 1, 'one question; the refusal stands for the session');
    assert.deepEqual(questions[0].changes, ['auth URL http://k:5000/v3 → http://attacker.example:5000/v3']);
    assert.equal(questions[0].secretLabel, 'password');
    await session.signOut();
    await assert.rejects(session.token(), refused);
    assert.equal(questions.length, 2, 'asked again after sign-out');
    assert.deepEqual(identity.sent, []);
  });

  it('does not reuse the stored token under changed settings either', async () => {
    const { session, make, identity, questions } = setup(() => false);
    const token = await session.token();
    const insecure = make({ ...profile, insecure: true });
    assert.equal(await insecure.currentToken(), undefined, 'the token is not handed out with verification off');
    await assert.rejects(insecure.token(), /nothing was sent/);
    assert.deepEqual(questions[0].changes, ['certificate verification turned OFF (insecure)']);
    assert.equal(identity.authentications, 1);
    assert.equal((await make().token()).id, token.id, 'the unchanged profile still reuses it');
  });

  it("does not hand the token to an object-store URL the profile gives now instead of the catalog's", async () => {
    const { session, make, identity, questions } = setup(() => false);
    await session.token();
    const redirected = make({ ...profile, region: 'R1', regionSettings: { R1: { storageUrl: 'https://evil.example/v1/AUTH_x' } } });
    assert.equal(await redirected.currentToken(), undefined, 'the token is not handed out');
    await assert.rejects(redirected.swift(), /nothing was sent/);
    assert.deepEqual(questions[0].changes, ['object-store URL (none) → "R1: https://evil.example/v1/AUTH_x"']);
    assert.equal(identity.authentications, 1, 'the password was not sent again either');
  });

  it('sends a pre-authenticated token to a changed storage URL only once the user agrees', async () => {
    const seen: Array<string | undefined> = [];
    const server = http.createServer((req, res) => (seen.push(req.headers['x-auth-token'] as string | undefined), res.writeHead(204).end()));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const evil = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/AUTH_a`;
    try {
      // As the OpenRC import saves one: the storage URL is the auth URL, the secret the token.
      const saved: Profile = { ...profile, authType: 'storageToken', authUrl: 'http://swift.example/v1/AUTH_a', storageUrl: 'http://swift.example/v1/AUTH_a' };
      for (const agree of [false, true]) {
        const { identity, secrets, questions } = setup();
        secrets.data.set(secretKey(saved.id), 'PRE-AUTH-TOKEN');
        secrets.data.set(bindingKey(saved.id), serializeBinding(bindingOf(saved)));
        const edited = new Session({
          profile: { ...saved, storageUrl: evil },
          http: recordedHttpClient(),
          identity: identity as unknown as IdentityClient,
          secrets,
          confirmSecretUse: async (q) => (questions.push(q), agree),
        });
        if (agree) await (await edited.swift()).headAccount();
        else await assert.rejects(edited.swift(), /nothing was sent/);
        assert.equal(questions.length, 1);
        assert.equal(questions[0].changes[0], `object-store URL "http://swift.example/v1/AUTH_a" → "${evil}"`);
        assert.deepEqual(seen, agree ? ['PRE-AUTH-TOKEN'] : [], agree ? 'sent once agreed' : 'nothing reached the new URL');
      }
    } finally {
      server.close();
    }
  });

  it('asks about every kind of change: auth type, user, domain, CA file', async () => {
    const { make, questions } = setup(() => false);
    const changed: Profile = { ...profile, authType: 'v1', username: 'someone', userDomain: 'Other', caFile: '/tmp/evil-ca.pem' };
    await assert.rejects(make(changed).token(), /nothing was sent/);
    assert.deepEqual(questions[0].changes, [
      'authentication type password → v1',
      'user "demo" → "someone"',
      'user domain (none) → "Other"',
      'CA file (none) → "/tmp/evil-ca.pem"',
    ]);
  });

  it('once agreed, signs in there and binds the secret to the new settings', async () => {
    const { make, identity, questions, secrets } = setup(() => true);
    assert.equal((await make(elsewhere).token()).id, 'token-1');
    assert.deepEqual(
      identity.sent.map((s) => s.authUrl),
      ['http://attacker.example:5000/v3'],
    );
    assert.equal(parseBinding(secrets.data.get(bindingKey(profile.id)))?.authUrl, elsewhere.authUrl);
    await make(elsewhere).token();
    assert.equal(questions.length, 1, 'the next session does not ask again');
  });

  it('asks about a secret stored by an older version (no binding), and without an answer sends nothing', async () => {
    const { secrets, make, identity, questions } = setup(() => true);
    secrets.data.delete(bindingKey(profile.id));
    await make().token();
    assert.deepEqual(
      questions.map((q) => q.changes),
      [[]],
    );
    assert.equal(identity.authentications, 1);

    secrets.data.delete(bindingKey(profile.id));
    const unasked = new Session({ profile, http: recordedHttpClient(), identity: identity as unknown as IdentityClient, secrets });
    await assert.rejects(unasked.authenticate(), /nothing was sent/);
    assert.equal(identity.authentications, 1, 'no confirmation callback: nothing is sent');
  });

  it('does not bind a secret handed over by the environment', async () => {
    const { secrets, identity } = setup();
    secrets.data.delete(bindingKey(profile.id));
    const fromEnvironment = new Session({
      profile: elsewhere,
      http: recordedHttpClient(),
      identity: identity as unknown as IdentityClient,
      secrets,
      readSecret: async () => 'env-pw',
    });
    await fromEnvironment.token();
    assert.deepEqual(
      identity.sent.map((s) => s.authUrl),
      [elsewhere.authUrl],
    );
  });
});

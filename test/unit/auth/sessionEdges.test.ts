// The session's less travelled paths: each test pins one promise of session.ts that the main suite does not
// reach (found by mutation testing): storage keys, renewal margins, renewing after someone else did, the
// revoked-token guard, one-time-code reasons, the Swift client per region, access-rule explanations, cancel.
import * as assert from 'node:assert/strict';

import { OpenStackError } from '../../../src/openstack/errors';
import { ReceiptRequired } from '../../../src/openstack/keystone/receipt';
import { Catalog, Token } from '../../../src/openstack/keystone/token';
import { renewalMarginMs, secretKey, systemClock, tokenKey } from '../../../src/auth/session';
import type { OneTimeCodeQuestion } from '../../../src/auth/signIn';
import { bindingKey, bindingOf, serializeBinding } from '../../../src/auth/secretBinding';
import { profile, setup } from './sessionFixture';

const isAuth = (pattern: RegExp) => (e: unknown) => e instanceof OpenStackError && e.kind === 'auth' && pattern.test(e.message);

describe('session edges: storage keys and renewal margins', () => {
  it('keeps secrets and tokens under the keys earlier versions used (a new key would lose them)', () => {
    assert.equal(secretKey('p1'), 'openstackStorage.profile.p1.secret');
    assert.equal(tokenKey('p1'), 'openstackStorage.profile.p1.token');
  });

  it('the clock a session uses when given none (systemClock) reads the real time', () => {
    const before = Date.now();
    const now = systemClock.now();
    assert.ok(now >= before && now <= Date.now(), `${now} within [${before}, ${Date.now()}]`);
  });

  it('measures the lifetime from the issue time, and assumes one hour without it', () => {
    const token = (issued: number | undefined, expires: number): Token => ({
      id: 'x',
      authVersion: 'v3',
      authUrl: '',
      issuedAt: issued === undefined ? undefined : new Date(issued),
      expiresAt: new Date(expires),
      roles: [],
      methods: [],
      auditIds: [],
      catalog: new Catalog(),
    });
    assert.equal(renewalMarginMs(token(1_000_000, 1_020_000)), 5_000, 'a 20-second token issued late in the epoch');
    assert.equal(renewalMarginMs(token(undefined, 20_000)), 300_000, 'no issue time: an hour-long token');
    assert.equal(renewalMarginMs(token(1_000_000, 1_002_000)), 1_000, 'never less than a second');
  });
});

describe('session edges: renewing', () => {
  it('hands out the renewal someone else made for an older rejected token, without signing in again', async () => {
    const { session, identity, changes } = setup();
    const first = await session.token();
    assert.equal((await session.renew(first.id)).id, 'token-2');
    assert.equal((await session.renew(first.id)).id, 'token-2', 'a late rejection of token-1 does not cost a sign-in');
    assert.equal(identity.authentications, 2);
    assert.deepEqual(changes, ['token-1', undefined, 'token-2']);
  });

  it('renews when the token held is due anyway, without forgetting it first', async () => {
    const { session, identity, clock, changes } = setup();
    const first = await session.token();
    await session.renew(first.id);
    clock.t += 56 * 60_000;
    assert.equal((await session.renew(first.id)).id, 'token-3');
    assert.equal(identity.authentications, 3);
    assert.deepEqual(changes, ['token-1', undefined, 'token-2', 'token-3'], 'token-2 was replaced, not forgotten');
  });

  it('forgets a rejected token even when signing in again fails', async () => {
    const { session, identity, secrets, changes } = setup();
    const first = await session.token();
    identity.failWith = new OpenStackError('network', 'Keystone is down.');
    await assert.rejects(session.renew(first.id), /Keystone is down/);
    assert.equal(secrets.data.get(tokenKey(profile.id)), undefined, 'the rejected token is not kept in SecretStorage');
    assert.equal(await session.currentToken(), undefined);
    assert.deepEqual(changes, ['token-1', undefined]);
  });

  it('never uses a token again once it was revoked, even when the source hands it back', async () => {
    const { session, identity } = setup();
    identity.fixedId = 'same-token';
    await session.token();
    await session.revoke();
    await assert.rejects(session.token(), isAuth(/^Profile "Demo": its token was revoked; provide new credentials\.$/));
    await assert.rejects(session.renew('same-token'), isAuth(/its token was revoked/));
  });

  it('revoking with no token held asks nothing of the identity service', async () => {
    const { session, identity } = setup();
    await session.revoke();
    assert.deepEqual(identity.revoked, []);
    assert.equal(identity.authentications, 0);
  });

  it('works without a token-change listener', async () => {
    const { make, identity } = setup();
    const quiet = make(profile, { onDidChangeToken: undefined });
    const token = await quiet.token();
    await quiet.revoke();
    assert.deepEqual(identity.revoked, [token.id]);
  });
});

describe('session edges: one-time codes', () => {
  const totp = { ...profile, authType: 'totp' as const };

  it('says why it asks: the first sign-in, then a renewal, then a first sign-in again after sign-out', async () => {
    const { make, identity, clock } = setup();
    const reasons: string[] = [];
    const session = make(totp, {
      askOneTimeCode: async (q: OneTimeCodeQuestion) => {
        reasons.push(q.reason);
        return ' 123456 ';
      },
    });
    identity.methods = ['totp'];
    await session.token();
    assert.deepEqual((identity.sent[0].credentials as { passcode?: string }).passcode, '123456');
    assert.equal(session.heldTokenNeedsCode(), true);
    clock.t += 56 * 60_000;
    await session.token();
    await session.signOut();
    assert.equal(session.heldTokenNeedsCode(), false, 'no token held');
    await session.token();
    assert.deepEqual(reasons, ['signIn', 'renewal', 'signIn']);
  });

  it('after a revocation, and for a stored token after a restart, the next code is a renewal', async () => {
    const { make, identity, clock, secrets } = setup();
    secrets.data.set(bindingKey(profile.id), serializeBinding(bindingOf(totp)));
    const reasons: string[] = [];
    const ask = {
      askOneTimeCode: async (q: OneTimeCodeQuestion) => {
        reasons.push(q.reason);
        return '123456';
      },
    };
    identity.methods = ['totp'];
    const session = make(totp, ask);
    await session.token();
    await session.revoke();
    await session.token();
    clock.t += 56 * 60_000;
    await make(totp, ask).token();
    assert.deepEqual(reasons, ['signIn', 'renewal', 'renewal']);
  });

  it('a password token needs no code to renew', async () => {
    const { session } = setup();
    assert.equal(session.heldTokenNeedsCode(), false);
    await session.token();
    assert.equal(session.heldTokenNeedsCode(), false);
  });

  it("asks for Keystone's receipt code, then calls the next one a renewal", async () => {
    const { make, identity, clock } = setup();
    const reasons: string[] = [];
    const session = make(profile, {
      askOneTimeCode: async (q: OneTimeCodeQuestion) => {
        reasons.push(q.reason);
        return '654321';
      },
    });
    const receiptFirst = identity.authenticate.bind(identity);
    identity.authenticate = async (req) => {
      if ((req.credentials as { kind: string }).kind === 'password') {
        identity.sent.push({ authUrl: req.authUrl, credentials: req.credentials });
        throw new ReceiptRequired('http://k:5000/v3', { receipt: 'r-1', requiredMethods: [['password', 'totp']], methods: ['password'] });
      }
      return receiptFirst(req);
    };
    await session.token();
    clock.t += 56 * 60_000;
    await session.token();
    assert.deepEqual(reasons, ['receipt', 'renewal']);
  });
});

describe('session edges: Swift clients and access rules', () => {
  it('keeps one Swift client per region endpoint', async () => {
    const { session, identity } = setup();
    identity.endpoints = [
      { serviceType: 'object-store', region: 'R1', interface: 'public', url: 'http://s1/v1/AUTH_x' },
      { serviceType: 'object-store', region: 'R2', interface: 'public', url: 'http://s2/v1/AUTH_x' },
    ];
    const one = await session.swift('R1');
    assert.equal(await session.swift('R1'), one, 'the same region reuses its client');
    const two = await session.swift('R2');
    assert.notEqual(two, one);
    assert.equal(two.storageUrl, 'http://s2/v1/AUTH_x');
    assert.equal(one.storageUrl, 'http://s1/v1/AUTH_x');
  });

  it("uses the profile's first listed region when it names no single one", async () => {
    const { make, identity } = setup();
    identity.endpoints = [
      { serviceType: 'object-store', region: 'R1', interface: 'public', url: 'http://s1/v1/AUTH_x' },
      { serviceType: 'object-store', region: 'R2', interface: 'public', url: 'http://s2/v1/AUTH_x' },
    ];
    assert.equal((await make({ ...profile, regions: ['R2'] }).swift()).storageUrl, 'http://s2/v1/AUTH_x');
  });

  it('says when the catalog has no object store at all', async () => {
    const { session, identity } = setup();
    identity.endpoints = [{ serviceType: 'compute', region: 'R1', interface: 'public', url: 'http://nova' }];
    await assert.rejects(
      session.swift(),
      (e: unknown) =>
        e instanceof OpenStackError && e.kind === 'notFound' && e.message === 'Profile "Demo": the service catalog has no object-store (Swift) endpoint.',
    );
    await assert.rejects(session.swift('R9'), (e: unknown) => e instanceof OpenStackError && e.kind === 'notFound');
  });

  it('names every region the catalog has when the one asked for is missing', async () => {
    const { session, identity } = setup();
    identity.endpoints = ['R1', 'R2'].map((region) => ({
      serviceType: 'object-store',
      region,
      interface: 'public' as const,
      url: `http://${region}/v1/AUTH_x`,
    }));
    await assert.rejects(session.swift('R9'), /in region "R9" \(the catalog has R1, R2\)\.$/);
  });

  it('as a token source: hands out ids, renews, and explains access rules', async () => {
    const { session, identity } = setup();
    const source = session.tokenSource();
    assert.equal(source.explainRejection?.('GET', 'http://s1/v1/AUTH_x'), undefined, 'no token, no rules');
    assert.equal(await source.token(), 'token-1');
    assert.equal(source.explainRejection?.('GET', 'http://s1/v1/AUTH_x'), undefined, 'a token without rules');
    identity.accessRules = [{ method: 'GET', path: '/v1/AUTH_x/c/**', service: 'object-store' }, { service: 'image' }];
    assert.equal(await source.renew('token-1'), 'token-2');
    assert.equal(
      source.explainRejection?.('PUT', 'http://s1/v1/AUTH_x/c/o'),
      'this PUT request is outside the access rules of the application credential (it allows only GET /v1/AUTH_x/c/**, * /** (image))',
    );
  });
});

describe('session edges: the stored secret and cancelling', () => {
  it('asks nothing about changed settings when no secret is stored: it says the secret is missing', async () => {
    const { make, secrets, questions } = setup(() => true);
    secrets.data.delete(secretKey(profile.id));
    await assert.rejects(make({ ...profile, authUrl: 'http://other:5000/v3' }).token(), isAuth(/has no stored password/));
    assert.equal(questions.length, 0);
    assert.ok(secrets.data.get(bindingKey(profile.id)));
  });

  it('a refused secret use says what to do next', async () => {
    const { make } = setup(() => false);
    await assert.rejects(
      make({ ...profile, authUrl: 'http://other:5000/v3' }).token(),
      isAuth(/that was not confirmed\. Edit the profile, or sign out of it to be asked again\.$/),
    );
  });

  it('a caller that gives up during the sign-in is told at once, not when the sign-in ends', async () => {
    const { session, identity } = setup();
    identity.delayMs = 200;
    const impatient = new AbortController();
    const waiting = session.authenticate(impatient.signal);
    setTimeout(() => impatient.abort(), 10);
    const settled = await Promise.race([
      waiting.then(
        () => 'resolved',
        (e: unknown) => (e as OpenStackError).kind,
      ),
      new Promise((r) => setTimeout(() => r('still waiting'), 100)),
    ]);
    assert.equal(settled, 'cancelled');
  });

  it('a pre-authenticated profile uses its token as given, without the identity service', async () => {
    const { make, secrets, identity } = setup();
    const storage: typeof profile = { ...profile, authType: 'storageToken', storageUrl: 'http://s/v1/AUTH_pre' };
    secrets.data.set(bindingKey(profile.id), serializeBinding(bindingOf(storage)));
    secrets.data.set(secretKey(profile.id), 'pre-auth-token-1');
    const token = await make(storage).token();
    assert.equal(token.id, 'pre-auth-token-1');
    assert.equal(identity.authentications, 0);
  });

  it('an already-aborted caller gets "cancelled" at once; a live signal changes nothing', async () => {
    const { session, identity } = setup();
    const aborted = new AbortController();
    aborted.abort();
    await assert.rejects(
      session.token(aborted.signal),
      (e: unknown) => e instanceof OpenStackError && e.kind === 'cancelled' && e.message === 'Cancelled while signing in.',
    );
    assert.equal((await session.token(new AbortController().signal)).id, 'token-1');
    assert.equal((await session.authenticate(new AbortController().signal)).id, 'token-2', 'a sign-in with a live signal resolves');
    identity.failWith = new OpenStackError('auth', 'wrong password');
    await assert.rejects(session.authenticate(new AbortController().signal), isAuth(/wrong password/));
  });
});

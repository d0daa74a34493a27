/**
 * Sign-in with a second factor, edges found by mutation testing: the one-time code goes only with a password of a
 * profile that asks for it, a receipt is completed with the code for the user and scope of the first factor, and a
 * pre-authenticated profile's token names its storage URL.
 */
import * as assert from 'node:assert/strict';
import type { Profile } from '../../../src/auth/profile';
import { askCode, signIn, storageTokenOf } from '../../../src/auth/signIn';
import { isOpenStackError } from '../../../src/openstack/errors';
import type { IdentityClient } from '../../../src/openstack/keystone';
import { ReceiptRequired } from '../../../src/openstack/keystone/receipt';

const profile: Profile = {
  id: 'pid',
  name: 'Lab',
  authUrl: 'https://k/v3',
  authVersion: 'v3',
  authType: 'password',
  username: 'alice',
  userDomain: 'D',
  project: 'p',
  projectDomain: 'D',
};

/** An identity client whose first answer is `first` (a token, or an error to throw), then a token. */
function identity(first?: Error) {
  const calls: Array<Record<string, unknown>> = [];
  const client = {
    authenticate: async (request: Record<string, unknown>) => {
      calls.push(request);
      if (first && calls.length === 1) throw first;
      return { id: `token-${calls.length}` };
    },
  };
  return { client: client as unknown as IdentityClient, calls };
}

const receipt = (requiredMethods: string[][], userId?: string) =>
  new ReceiptRequired('https://k/v3', { receipt: 'rcpt', requiredMethods, methods: ['password'], ...(userId ? { userId } : {}) });

describe('auth/signIn: edges', () => {
  it('asks for a code only where it can, and a blank answer cancels', async () => {
    await assert.rejects(askCode(profile, undefined, 'signIn'), (e: unknown) => {
      assert.ok(isOpenStackError(e, 'auth'));
      assert.equal(e.message, 'Profile "Lab" needs a one-time code (TOTP) to sign in, and none can be asked here.');
      return true;
    });
    for (const answer of [undefined, '   ']) {
      await assert.rejects(
        askCode(profile, async () => answer, 'renewal'),
        (e: unknown) => {
          assert.ok(isOpenStackError(e, 'cancelled'));
          assert.equal(e.message, 'Signing in to "Lab" was cancelled: no one-time code was given.');
          return true;
        },
      );
    }
    const asked: unknown[] = [];
    assert.equal(
      await askCode(
        profile,
        async (q) => {
          asked.push(q);
          return ' 123456 ';
        },
        'receipt',
      ),
      '123456',
    );
    assert.deepEqual(asked, [{ profile, reason: 'receipt' }]);
  });

  it('sends the code with the password only when the profile asks for a second factor', async () => {
    const reasons: string[] = [];
    const code = async (reason: string) => {
      reasons.push(reason);
      return '654321';
    };
    const plain = identity();
    await signIn(plain.client, profile, 'pw', code);
    assert.equal((plain.calls[0].credentials as { passcode?: string }).passcode, undefined);
    assert.deepEqual(reasons, []);
    const mfa = identity();
    const token = await signIn(mfa.client, { ...profile, secondFactor: 'totp' }, 'pw', code);
    assert.equal(token.id, 'token-1');
    assert.deepEqual(reasons, ['signIn']);
    assert.equal((mfa.calls[0].credentials as { passcode?: string; password?: string }).passcode, '654321');
    assert.equal((mfa.calls[0].credentials as { password?: string }).password, 'pw');
    assert.deepEqual([mfa.calls[0].authUrl, mfa.calls[0].version], ['https://k/v3', 'v3']);
    const token2 = identity();
    await signIn(token2.client, { ...profile, authType: 'token', secondFactor: 'totp' }, 'tok', code);
    assert.equal((token2.calls[0].credentials as { passcode?: string }).passcode, undefined, 'a token sign-in takes no code');
  });

  it('completes a receipt with the code, for the receipt’s user (else the password’s) and the scope', async () => {
    const code = async () => '111222';
    const byReceipt = identity(receipt([['password', 'totp']], 'uid-1'));
    assert.equal((await signIn(byReceipt.client, profile, 'pw', code)).id, 'token-2');
    const second = byReceipt.calls[1] as { version: string; authUrl: string; credentials: Record<string, unknown> };
    assert.deepEqual([second.version, second.authUrl], ['v3', 'https://k/v3']);
    assert.deepEqual(second.credentials.user, { id: 'uid-1' });
    assert.equal(second.credentials.kind, 'totp');
    assert.equal(second.credentials.passcode, '111222');
    assert.equal(second.credentials.receipt, 'rcpt');
    assert.deepEqual(second.credentials.scope, (byReceipt.calls[0].credentials as { scope: unknown }).scope);
    assert.ok(second.credentials.scope, 'the first factor’s scope');

    const noUser = identity(receipt([['password', 'totp']]));
    await signIn(noUser.client, profile, 'pw', code);
    assert.deepEqual((noUser.calls[1].credentials as { user: unknown }).user, (noUser.calls[0].credentials as { user: unknown }).user);
  });

  it('refuses a factor it cannot give, naming the rules; other errors pass through', async () => {
    const other = identity(
      receipt([
        ['password', 'webauthn'],
        ['password', 'x509'],
      ]),
    );
    await assert.rejects(
      signIn(other.client, profile, 'pw', async () => 'never'),
      (e: unknown) => {
        assert.ok(isOpenStackError(e, 'auth'));
        assert.equal(e.message, 'Profile "Lab": Keystone needs another factor this extension cannot give (password + webauthn or password + x509).');
        return true;
      },
    );
    assert.equal(other.calls.length, 1);
    const plain = identity(new Error('down'));
    await assert.rejects(
      signIn(plain.client, profile, 'pw', async () => 'x'),
      /^Error: down$/,
    );
  });

  it('a storage token names the storage URL (else the auth URL) as the one object-store endpoint of its region', () => {
    const p: Profile = { ...profile, authType: 'storageToken', authVersion: 'v1', storageUrl: 'https://s/v1/AUTH_a', region: 'R' };
    const t = storageTokenOf(p, 'secret-token');
    assert.deepEqual(
      [t.id, t.authVersion, t.authUrl, t.storageUrl, t.roles, t.methods, t.auditIds],
      ['secret-token', 'v1', 'https://s/v1/AUTH_a', 'https://s/v1/AUTH_a', [], ['storageToken'], []],
    );
    assert.deepEqual(t.catalog.endpoint('object-store', 'R', 'public')?.url, 'https://s/v1/AUTH_a');
    assert.deepEqual(t.catalog.regions('object-store'), ['R']);
    const noStorage = storageTokenOf({ ...p, storageUrl: undefined, region: undefined }, 'x');
    assert.equal(noStorage.storageUrl, 'https://k/v3');
    assert.deepEqual(noStorage.catalog.regions('object-store'), ['']);
  });

  it('a receipt after a token sign-in is completed for no named user, with the token’s scope', async () => {
    const code = async () => '333444';
    const byToken = identity(new ReceiptRequired('https://k/v3', { receipt: 'rcpt', requiredMethods: [['token', 'totp']], methods: ['token'] }));
    await signIn(byToken.client, { ...profile, authType: 'token' }, 'tok', code);
    const second = byToken.calls[1].credentials as { kind: string; user: unknown; scope: unknown };
    assert.deepEqual([second.kind, second.user], ['totp', {}]);
    assert.ok(second.scope, 'the token’s project scope');
    assert.deepEqual(second.scope, (byToken.calls[0].credentials as { scope: unknown }).scope);
  });
});

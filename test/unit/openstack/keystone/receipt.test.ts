import * as assert from 'node:assert/strict';
import { ReceiptRequired, buildV3AuthBody, parseReceipt, buildV2AuthBody } from '../../../../src/openstack/keystone';

describe('openstack/keystone: multi-factor (auth receipts, TOTP)', () => {
  it('reads the 401 body of the api-ref (receipt, required_auth_methods)', () => {
    const receipt = parseReceipt('rcpt-123', {
      receipt: { methods: ['password'], user: { id: 'u1', name: 'mfa', domain: { id: 'default' } }, expires_at: '2030-01-01T12:05:00.000000Z' },
      required_auth_methods: [['password', 'totp']],
    });
    assert.deepEqual(receipt, {
      receipt: 'rcpt-123',
      userId: 'u1',
      requiredMethods: [['password', 'totp']],
      methods: ['password'],
      expiresAt: new Date('2030-01-01T12:05:00Z'),
    });
    assert.equal(new ReceiptRequired('https://k/v3', receipt).wantsTotp, true);
    const other = parseReceipt('r', { receipt: { methods: ['password'] }, required_auth_methods: [['password', 'mapped']] });
    assert.equal(new ReceiptRequired('https://k/v3', other).wantsTotp, false);
    assert.deepEqual(parseReceipt('r', 'not json').requiredMethods, [], 'a body it cannot read is no crash');
  });

  it('builds password + totp, and totp alone, as POST /v3/auth/tokens wants them', () => {
    const user = { name: 'mfa', domain: { id: 'default' } };
    assert.deepEqual(buildV3AuthBody({ kind: 'password', user, password: 'pw', passcode: '123456' }).auth.identity, {
      methods: ['password', 'totp'],
      password: { user: { name: 'mfa', domain: { id: 'default' }, password: 'pw' } },
      totp: { user: { name: 'mfa', domain: { id: 'default' }, passcode: '123456' } },
    });
    assert.deepEqual(buildV3AuthBody({ kind: 'totp', user: { id: 'u1' }, passcode: ' 654321 ', scope: { project: { id: 'p' } } }), {
      auth: { identity: { methods: ['totp'], totp: { user: { id: 'u1', passcode: '654321' } } }, scope: { project: { id: 'p' } } },
    });
    assert.throws(() => buildV3AuthBody({ kind: 'totp', user: { id: 'u1' }, passcode: '12ab' }), /A one-time code is 6 to 8 digits/);
    assert.throws(() => buildV2AuthBody({ kind: 'totp', user: { id: 'u1' }, passcode: '123456' }), /need Identity v3/);
    assert.throws(() => buildV2AuthBody({ kind: 'password', user: { name: 'a' }, password: 'p', passcode: '123456' }), /needs Identity v3/);
  });
});

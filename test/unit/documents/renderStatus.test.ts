import * as assert from 'node:assert/strict';
import { Catalog, Token } from '../../../src/openstack/keystone/token';
import { codeNeededMessage, msUntilCodeNeeded, tokenStatus } from '../../../src/documents/renderStatus';

const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);
const token = (expiresInMs: number | undefined): Token => ({
  id: 'gAAAAABsecret-token-id-0123456789',
  authVersion: 'v3',
  authUrl: 'http://k:5000/v3',
  expiresAt: expiresInMs === undefined ? undefined : new Date(NOW + expiresInMs),
  user: { name: 'alice' },
  project: { name: 'demo' },
  roles: [],
  methods: ['password'],
  auditIds: [],
  catalog: new Catalog(),
});

describe('documents/renderStatus', () => {
  it('shows the profile and the time left on its token', () => {
    const s = tokenStatus('demo', token(54 * 60_000 + 1_000), NOW);
    assert.equal(s.text, '$(key) demo · 54m');
    assert.equal(s.warning, false);
    assert.match(s.tooltip, /User alice on project demo/);
    assert.match(s.tooltip, /Token expires 2030-01-01T12:54:01.000Z \(54 min left\)/);
    assert.match(s.tooltip, /Click to show the token details/);
    assert.ok(!s.tooltip.includes('secret-token'), 'never the token id');
  });

  it('says "signed out" without a token, and warns once it expired', () => {
    const out = tokenStatus('demo', undefined, NOW);
    assert.equal(out.text, '$(key) demo · signed out');
    assert.match(out.tooltip, /Signed out/);
    const expired = tokenStatus('demo', token(-1), NOW);
    assert.equal(expired.text, '$(warning) demo · expired');
    assert.equal(expired.warning, true);
    assert.equal(tokenStatus('v1', token(undefined), NOW).text, '$(key) v1 · ∞');
  });

  it('does not let a profile name inject icons or Markdown', () => {
    const s = tokenStatus('$(bug) *x*', token(60_000 * 90), NOW);
    assert.ok(!s.text.includes('$(bug)'));
    assert.match(s.text, /^\$\(key\) \$\u200b\(bug\) \*x\* · 1h 30m$/);
    assert.match(s.tooltip, /\\\*x\\\*/);
  });
});

describe('documents/renderStatus: tokens bought with a one-time code', () => {
  const withCode = (expiresInMs: number): Token => ({
    ...token(expiresInMs),
    issuedAt: new Date(NOW + expiresInMs - 3_600_000),
    methods: ['password', 'totp'],
  });

  it('says ahead of expiry that renewal needs the code again, and not before the renewal margin', () => {
    const early = tokenStatus('mfa', withCode(30 * 60_000), NOW);
    assert.equal(early.codeNeeded, undefined);
    assert.equal(early.warning, false);
    assert.match(early.tooltip, /renewing this token asks for a new code, it cannot be renewed silently/);
    assert.equal(msUntilCodeNeeded(withCode(30 * 60_000), NOW), 25 * 60_000, 'a one-hour token: five minutes before expiry');
    const due = tokenStatus('mfa', withCode(4 * 60_000), NOW);
    assert.equal(due.codeNeeded, true);
    assert.equal(due.warning, true);
    assert.equal(due.text, '$(warning) mfa · 4m · code needed to renew');
    assert.equal(msUntilCodeNeeded(withCode(4 * 60_000), NOW), undefined);
    assert.equal(
      codeNeededMessage('mfa', withCode(4 * 60_000), NOW),
      'Profile "mfa": its token has 4 min left. Renewing it needs a new one-time code (multi-factor sign-in), so it cannot be renewed silently.',
    );
  });

  it('a password token never says so', () => {
    const s = tokenStatus('demo', token(60_000), NOW);
    assert.equal(s.codeNeeded, undefined);
    assert.ok(!s.tooltip.includes('one-time code'));
    assert.equal(msUntilCodeNeeded(token(30 * 60_000), NOW), undefined);
  });
});

import * as assert from 'node:assert/strict';
import { Catalog, Token } from '../../../src/openstack/keystone/token';
import { tokenStatus } from '../../../src/documents/renderStatus';

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

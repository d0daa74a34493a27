import * as assert from 'node:assert/strict';
import { Catalog, Token } from '../../../src/openstack/keystone/token';
import { renderTokenDocument } from '../../../src/documents/renderToken';

const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);
const SECRET_ID = 'gAAAAABnSecretTokenIdThatMustNotLeak_0123456789abcdef';

function v3Token(overrides: Partial<Token> = {}): Token {
  return {
    id: SECRET_ID,
    authVersion: 'v3',
    authUrl: 'http://127.0.0.1:5000/v3',
    issuedAt: new Date(NOW - 6 * 60_000),
    expiresAt: new Date(NOW + 54 * 60_000 + 5_000),
    user: { id: 'u1', name: 'alice', domain: { id: 'default', name: 'Default' } },
    project: { id: 'p1', name: 'demo', domain: { id: 'default', name: 'Default' } },
    roles: [
      { id: 'r1', name: 'member' },
      { id: 'r2', name: 'reader' },
    ],
    methods: ['password'],
    auditIds: ['aud-1', 'aud-2'],
    catalog: new Catalog([
      { serviceType: 'object-store', serviceName: 'swift', region: 'RegionOne', interface: 'public', url: 'http://127.0.0.1:8080/v1/AUTH_p1' },
      { serviceType: 'object-store', serviceName: 'swift', region: 'RegionOne', interface: 'internal', url: 'http://10.0.0.1:8080/v1/AUTH_p1' },
      { serviceType: 'identity', serviceName: 'keystone', region: 'RegionOne', interface: 'public', url: 'http://127.0.0.1:5000/v3' },
      { serviceType: 'object-store', serviceName: 'swift', region: 'RegionTwo', interface: 'public', url: 'http://127.0.0.1:8081/v1/AUTH_p1' },
    ]),
    ...overrides,
  };
}

describe('documents/renderToken', () => {
  it('shows who, what and how long, with the id masked', () => {
    const md = renderTokenDocument({ profileName: 'demo', token: v3Token(), now: NOW, revealId: false });
    assert.ok(!md.includes(SECRET_ID), 'the token id must not appear');
    assert.ok(!md.includes(SECRET_ID.slice(0, 8)), 'not even a long prefix');
    assert.match(md, /`gAAA…` \(masked: run "OpenStack Storage: Reveal Token Id in Token Details…"/);
    assert.match(md, /\*\*User\*\* +\| alice \(id `u1`\) in domain Default \(id `default`\)/);
    assert.match(md, /\*\*Project\*\* +\| demo \(id `p1`\) in domain Default/);
    assert.match(md, /\*\*Roles\*\* +\| member \(id `r1`\), reader \(id `r2`\)/);
    assert.match(md, /\*\*Methods\*\* +\| password/);
    assert.match(md, /\*\*Issued\*\* +\| `2030-01-01T11:54:00.000Z`/);
    assert.match(md, /\*\*Expires\*\* +\| `2030-01-01T12:54:05.000Z` \(54 min left\)/);
    assert.match(md, /\*\*Audit ids\*\* +\| `aud-1`, `aud-2`/);
    assert.match(md, /\*\*Auth version\*\* +\| v3/);
    assert.match(md, /\*\*Auth URL\*\* +\| `http:\/\/127.0.0.1:5000\/v3`/);
    assert.doesNotMatch(md, /Warning/);
    assert.match(md, /^As of `2030-01-01T12:00:00.000Z`; run "Show Token Details" again to refresh\.$/m);
  });

  it('lists the catalog per region, then per service and interface, in catalog order', () => {
    const md = renderTokenDocument({ profileName: 'demo', token: v3Token(), now: NOW, revealId: false });
    const one = md.indexOf('### Region RegionOne');
    const two = md.indexOf('### Region RegionTwo');
    assert.ok(one > 0 && two > one);
    const regionOne = md.slice(one, two);
    assert.match(regionOne, /object-store \(swift\) \| public +\| `http:\/\/127.0.0.1:8080\/v1\/AUTH_p1`/);
    assert.match(regionOne, /object-store \(swift\) \| internal +\| `http:\/\/10.0.0.1:8080\/v1\/AUTH_p1`/);
    assert.match(regionOne, /identity \(keystone\) +\| public/);
    assert.match(md.slice(two), /8081/);
  });

  it('shows the whole id only when revealed, with a warning', () => {
    const md = renderTokenDocument({ profileName: 'demo', token: v3Token(), now: NOW, revealId: true });
    assert.ok(md.includes(`\`${SECRET_ID}\``));
    assert.match(md, /\*\*Warning:\*\* the token id below is a live credential/);
    assert.doesNotMatch(md, /masked/);
  });

  it('says an expired token expired, and a v1 token without expiry has none', () => {
    const expired = renderTokenDocument({ profileName: 'demo', token: v3Token({ expiresAt: new Date(NOW - 3 * 60_000) }), now: NOW, revealId: false });
    assert.match(expired, /\(expired 3 min ago\)/);
    const v1 = renderTokenDocument({
      profileName: 'saio',
      token: v3Token({
        authVersion: 'v1',
        user: undefined,
        project: undefined,
        roles: [],
        methods: [],
        auditIds: [],
        expiresAt: undefined,
        issuedAt: undefined,
        storageUrl: 'http://s/v1/AUTH_x',
      }),
      now: NOW,
      revealId: false,
    });
    assert.match(v1, /\*\*Expires\*\* +\| no expiry given/);
    assert.match(v1, /\*\*Roles\*\* +\| —/);
    assert.match(v1, /\*\*Storage URL\*\* +\| `http:\/\/s\/v1\/AUTH_x`/);
    assert.doesNotMatch(v1, /unscoped/);
  });

  it('marks unscoped v3 tokens and domain-scoped ones', () => {
    const unscoped = renderTokenDocument({ profileName: 'p', token: v3Token({ project: undefined }), now: NOW, revealId: false });
    assert.match(unscoped, /\*\*Scope\*\* +\| unscoped/);
    const domain = renderTokenDocument({
      profileName: 'p',
      token: v3Token({ project: undefined, domain: { id: 'd1', name: 'Ops' } }),
      now: NOW,
      revealId: false,
    });
    assert.match(domain, /\*\*Domain\*\* +\| Ops \(id `d1`\)/);
    assert.doesNotMatch(domain, /unscoped/);
  });

  it('says when there is no catalog, and when there is no token at all', () => {
    const bare = renderTokenDocument({ profileName: 'p', token: v3Token({ catalog: new Catalog([]) }), now: NOW, revealId: false });
    assert.match(bare, /The token carries no service catalog\./);
    const none = renderTokenDocument({ profileName: 'p|x', token: undefined, now: NOW, revealId: true });
    assert.match(none, /^# Token of profile p\\\|x\n/);
    assert.match(none, /holds no token/);
  });

  it('escapes names that would break the Markdown', () => {
    const md = renderTokenDocument({
      profileName: 'evil',
      token: v3Token({ user: { name: 'a|b\n<img>' }, roles: [{ name: '*bold*' }] }),
      now: NOW,
      revealId: false,
    });
    assert.match(md, /\*\*User\*\* +\| a\\\|b\\\\n\\<img\\>/);
    assert.match(md, /\\\*bold\\\*/);
    const rows = md.split('\n').filter((l) => l.startsWith('| **'));
    for (const row of rows) assert.equal(row.split(/(?<!\\)\|/).length, 4, row);
  });
});

import * as assert from 'node:assert/strict';
import { buildV1AuthHeaders, parseV1AuthHeaders } from '../../../../src/openstack/keystone/v1';
import { assertKind } from './support';

const AUTH = 'http://swift.example.com:8080/auth/v1.0';
const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('swift v1 auth', () => {
  it('sends the user and key as X-Auth-User / X-Auth-Key', () => {
    assert.deepEqual(buildV1AuthHeaders({ user: 'test:tester', key: 'testing' }), { 'x-auth-user': 'test:tester', 'x-auth-key': 'testing' });
  });

  it('reads a TempAuth answer: token, storage URL, expiry in seconds from now, a one-endpoint catalog', () => {
    const token = parseV1AuthHeaders(
      {
        'x-auth-token': 'AUTH_tk0123456789abcdef',
        'x-storage-token': 'AUTH_tk0123456789abcdef',
        'x-storage-url': 'http://swift.example.com:8080/v1/AUTH_test',
        'x-auth-token-expires': '86399',
      },
      AUTH,
      'test:tester',
      NOW,
    );
    assert.equal(token.id, 'AUTH_tk0123456789abcdef');
    assert.equal(token.authVersion, 'v1');
    assert.equal(token.authUrl, AUTH);
    assert.equal(token.storageUrl, 'http://swift.example.com:8080/v1/AUTH_test');
    assert.equal(token.expiresAt?.getTime(), NOW + 86_399_000);
    assert.deepEqual(token.user, { name: 'test:tester' });
    assert.deepEqual(token.catalog.regions(), ['default']);
    assert.equal(token.catalog.endpoint('object-store', 'default', 'public')?.url, token.storageUrl);
    assert.equal(token.catalog.endpoints.length, 1);
  });

  it('accepts X-Storage-Token alone (Ceph RGW) and no expiry', () => {
    const token = parseV1AuthHeaders(
      { 'x-storage-token': 'UOlCCC8TahFKlWuv9DB09TWHF0nDjpPElha0kAa', 'x-storage-url': 'https://swift.example.com' },
      AUTH,
      'johndoe',
      NOW,
    );
    assert.equal(token.id, 'UOlCCC8TahFKlWuv9DB09TWHF0nDjpPElha0kAa');
    assert.equal(token.expiresAt, undefined);
  });

  it('ignores an expiry that is not a number of seconds', () => {
    const token = parseV1AuthHeaders({ 'x-auth-token': 'tok-abcdef', 'x-storage-url': 'http://s/v1/AUTH_a', 'x-auth-token-expires': 'soon' }, AUTH, 'u', NOW);
    assert.equal(token.expiresAt, undefined);
  });

  it('needs a token and an http(s) storage URL', () => {
    assertKind(() => parseV1AuthHeaders({ 'x-storage-url': 'http://s/v1/AUTH_a' }, AUTH, 'u', NOW), 'badResponse', /X-Auth-Token/);
    assertKind(() => parseV1AuthHeaders({ 'x-auth-token': 'tok-abcdef' }, AUTH, 'u', NOW), 'badResponse', /X-Storage-Url/);
    assertKind(() => parseV1AuthHeaders({ 'x-auth-token': 'tok-abcdef', 'x-storage-url': '/v1/AUTH_a' }, AUTH, 'u', NOW), 'badResponse', /X-Storage-Url/);
  });
});

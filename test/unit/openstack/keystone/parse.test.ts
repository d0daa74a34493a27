import * as assert from 'node:assert/strict';
import { parseTimestamp } from '../../../../src/openstack/keystone/parse';
import { describeCredentials, describeScope } from '../../../../src/openstack/keystone/types';
import { assertKind } from './support';

describe('keystone parsing helpers', () => {
  it('reads zone-less Keystone timestamps as UTC whatever the local zone', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      assert.equal(parseTimestamp('2014-01-30T17:09:57.647795', 't')?.toISOString(), '2014-01-30T17:09:57.647Z');
      assert.equal(parseTimestamp('2015-11-07T02:58:43.578887Z', 't')?.toISOString(), '2015-11-07T02:58:43.578Z');
      assert.equal(parseTimestamp('2010-11-01T03:32:15-05:00', 't')?.toISOString(), '2010-11-01T08:32:15.000Z');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('treats an absent timestamp as unknown and a malformed one as badResponse', () => {
    assert.equal(parseTimestamp(undefined, 't'), undefined);
    assert.equal(parseTimestamp(null, 't'), undefined);
    assertKind(() => parseTimestamp(12, 'token.expires_at'), 'badResponse', /token\.expires_at/);
    assertKind(() => parseTimestamp('not a date', 'token.expires_at'), 'badResponse', /"not a date"/);
  });

  it('describes who authenticates and on what, without secrets', () => {
    const phrases = [
      describeCredentials({ kind: 'password', user: { name: 'demo', domain: { name: 'Other' } }, password: 'pw-secret-1' }),
      describeCredentials({ kind: 'password', user: { id: 'u1' }, password: 'pw-secret-1' }),
      describeCredentials({ kind: 'applicationCredential', name: 'ci', user: { name: 'demo', domain: { id: 'd1' } }, secret: 'app-secret-1' }),
      describeCredentials({ kind: 'token', token: 'token-secret-1' }),
      describeCredentials({ kind: 'v1', user: 'test:tester', key: 'key-secret-1' }),
      describeScope({ project: { name: 'demo', domain: { name: 'Other' } } }),
      describeScope({ domain: { id: 'd1' } }),
      describeScope('unscoped'),
    ];
    assert.deepEqual(phrases, [
      'user "demo" in domain "Other"',
      'user id u1',
      'application credential "ci" of user "demo" in domain "d1"',
      'an existing token',
      'user "test:tester"',
      ' on project "demo" in domain "Other"',
      ' on domain id d1',
      ' (unscoped)',
    ]);
    assert.equal(describeScope(undefined), '');
  });
});

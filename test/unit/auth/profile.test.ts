import * as assert from 'node:assert/strict';
import { Profile, authUrlProblems, credentialsFor, newProfileId, profileProblems } from '../../../src/auth/profile';

const base: Profile = { id: 'p', name: 'P', authUrl: 'http://k:5000/v3', authVersion: 'auto', authType: 'password', username: 'alice' };

describe('profile', () => {
  it('builds password credentials scoped by project name, defaulting domains sensibly', () => {
    assert.deepEqual(credentialsFor({ ...base, userDomain: 'Users', project: 'web' }, 'pw'), {
      kind: 'password',
      user: { name: 'alice', domain: { name: 'Users' } },
      password: 'pw',
      scope: { project: { name: 'web', domain: { name: 'Users' } } },
    });
    assert.deepEqual(credentialsFor({ ...base, project: 'web' }, 'pw'), {
      kind: 'password',
      user: { name: 'alice', domain: { id: 'default' } },
      password: 'pw',
      scope: { project: { name: 'web', domain: { id: 'default' } } },
    });
    const byId = credentialsFor({ ...base, userId: 'u1', projectId: 'p1', projectDomain: 'ignored' }, 'pw');
    assert.deepEqual(byId, { kind: 'password', user: { id: 'u1' }, password: 'pw', scope: { project: { id: 'p1' } } });
    assert.equal((credentialsFor(base, 'pw') as { scope?: unknown }).scope, undefined);
  });

  it('builds application credential, token and v1 credentials', () => {
    assert.deepEqual(credentialsFor({ ...base, authType: 'applicationCredential', applicationCredentialId: 'ac' }, 's'), {
      kind: 'applicationCredential',
      id: 'ac',
      secret: 's',
    });
    assert.deepEqual(credentialsFor({ ...base, authType: 'applicationCredential', applicationCredentialName: 'n', userDomain: 'D' }, 's'), {
      kind: 'applicationCredential',
      name: 'n',
      user: { name: 'alice', domain: { name: 'D' } },
      secret: 's',
    });
    assert.deepEqual(credentialsFor({ ...base, authType: 'token', projectId: 'p' }, 't'), { kind: 'token', token: 't', scope: { project: { id: 'p' } } });
    assert.deepEqual(credentialsFor({ ...base, authType: 'v1', username: 'a:b' }, 'k'), { kind: 'v1', user: 'a:b', key: 'k' });
  });

  it('explains unusable auth URLs without echoing credentials', () => {
    assert.deepEqual(authUrlProblems('http://k:5000/v3'), []);
    assert.match(authUrlProblems('')[0], /empty/);
    assert.match(authUrlProblems('keystone:5000')[0], /http:\/\/ or https:\/\//);
    assert.match(authUrlProblems('not a url')[0], /not a valid URL/);
    const withCreds = authUrlProblems('https://bob:hunter2@k/v3');
    assert.match(withCreds[0], /must not contain a user name or password/);
    assert.ok(!withCreds.join().includes('hunter2'));
    assert.ok(!authUrlProblems('ht tp://bob:hunter2@k').join().includes('hunter2'));
  });

  it('lists the missing fields of a profile', () => {
    assert.deepEqual(profileProblems(base), []);
    assert.match(profileProblems({ ...base, username: undefined }).join(), /user name or user id/);
    assert.match(profileProblems({ ...base, authType: 'applicationCredential' }).join(), /application credential/);
    assert.match(profileProblems({ ...base, name: ' ' }).join(), /name/);
    assert.match(profileProblems({ ...base, interface: 'private' as never }).join(), /public, internal or admin/);
  });

  it('makes unique, settings-safe ids', () => {
    assert.match(newProfileId('My Cloud!', []), /^my-cloud-[0-9a-f]{12}$/);
    assert.match(newProfileId('☁', []), /^profile-[0-9a-f]{12}$/);
    const ids = new Set(Array.from({ length: 50 }, () => newProfileId('My Cloud', ['my-cloud'])));
    assert.equal(ids.size, 50, 'not guessable from the name: every id differs');
    assert.ok(![...ids].includes('my-cloud'));
    const draws = ['aaa', 'aaa', 'bbb'];
    assert.equal(
      newProfileId('X', ['x-aaa'], () => draws.shift()!),
      'x-bbb',
      'unique among the ids taken',
    );
    assert.ok(newProfileId('y'.repeat(300), []).length <= 53, 'the slug is kept short');
  });
});

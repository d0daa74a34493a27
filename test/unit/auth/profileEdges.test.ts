// Profiles and secret bindings, pinned where mutation testing found them loose: the label of each kind of
// secret, the credentials each auth type stands for, every problem sentence, and how a binding notices a
// changed proxy or reads a stored binding that is not one.
import * as assert from 'node:assert/strict';

import { Profile, credentialsFor, needsStoredSecret, newProfileId, profileProblems, secretLabel } from '../../../src/auth/profile';
import { bindingChanges, bindingOf, parseBinding, secretUseText } from '../../../src/auth/secretBinding';

const base: Profile = { id: 'p', name: 'P', authUrl: 'https://k:5000/v3', authVersion: 'v3', authType: 'password', username: 'demo', project: 'demo' };

describe('profile edges: secrets and credentials per auth type', () => {
  it('names each kind of secret as a person would', () => {
    assert.deepEqual((['password', 'applicationCredential', 'token', 'v1', 'totp', 'storageToken'] as const).map(secretLabel), [
      'password',
      'application credential secret',
      'token',
      'key (X-Auth-Key)',
      'one-time code',
      'token',
    ]);
  });

  it('stores a secret for every auth type but one-time codes', () => {
    assert.equal(needsStoredSecret('totp'), false);
    for (const type of ['password', 'applicationCredential', 'token', 'v1', 'storageToken'] as const) assert.equal(needsStoredSecret(type), true, type);
  });

  it('turns each auth type into its credentials', () => {
    assert.deepEqual(credentialsFor({ ...base, authType: 'v1', username: 'acct:user' }, 'k'), { kind: 'v1', user: 'acct:user', key: 'k' });
    assert.deepEqual(credentialsFor({ ...base, authType: 'v1', username: undefined }, 'k'), { kind: 'v1', user: '', key: 'k' });
    assert.deepEqual(credentialsFor({ ...base, authType: 'totp', userDomainId: 'd1' }, '123456'), {
      kind: 'totp',
      user: { name: 'demo', domain: { id: 'd1' } },
      passcode: '123456',
      scope: { project: { name: 'demo', domain: { id: 'd1' } } },
    });
    assert.deepEqual(credentialsFor({ ...base, userDomain: 'Users' }, 'pw'), {
      kind: 'password',
      user: { name: 'demo', domain: { name: 'Users' } },
      password: 'pw',
      scope: { project: { name: 'demo', domain: { name: 'Users' } } },
    });
    assert.throws(
      () => credentialsFor({ ...base, authType: 'storageToken' }, 't'),
      /^Error: Profile "P" uses a storage URL and token as given: it does not sign in\.$/,
    );
  });
});

describe('profile edges: problems, one sentence each', () => {
  const problems = (p: Partial<Profile>) => profileProblems({ ...base, ...p });

  it('an application credential needs its id, or its name with a user', () => {
    const needs = 'An application credential profile needs its id, or its name and the user name or id.';
    assert.deepEqual(problems({ authType: 'applicationCredential', applicationCredentialName: 'ci', username: undefined, userId: undefined }), [needs]);
    assert.deepEqual(problems({ authType: 'applicationCredential', applicationCredentialName: 'ci', username: undefined, userId: 'u1' }), []);
    assert.deepEqual(problems({ authType: 'applicationCredential', applicationCredentialName: 'ci', username: 'demo' }), []);
    assert.deepEqual(problems({ authType: 'applicationCredential', applicationCredentialId: 'ac1', username: undefined }), []);
  });

  it('v1, one-time code and pre-authenticated profiles each name what is missing', () => {
    assert.deepEqual(problems({ authType: 'v1', username: 'acct:user' }), []);
    assert.deepEqual(problems({ authType: 'v1', username: undefined }), ['Swift v1 auth needs a user (X-Auth-User, e.g. "account:user").']);
    assert.deepEqual(problems({ authType: 'totp', username: undefined }), ['A one-time-code (TOTP) profile needs a user name or user id.']);
    assert.deepEqual(problems({ authType: 'totp', username: undefined, userId: 'u1' }), []);
    assert.deepEqual(problems({ authType: 'storageToken' }), ['A pre-authenticated profile needs its storage URL.']);
    assert.deepEqual(problems({ authType: 'storageToken', storageUrl: 'https://s/v1/AUTH_a' }), []);
  });

  it('checks the proxy trimmed, the interfaces, and the storage URL as a storage URL', () => {
    assert.deepEqual(problems({ proxy: '  http://proxy:3128  ' }), []);
    assert.deepEqual(problems({ proxy: 5 as unknown as string }), ['The proxy must be a URL or "direct".']);
    assert.deepEqual(problems({ storageInterface: 'private' as Profile['storageInterface'] }), ['Interface must be public, internal or admin, not "private".']);
    assert.deepEqual(problems({ storageUrl: 'ftp://s/v1' }), ['The storage URL must start with http:// or https://, not ftp://.']);
    assert.deepEqual(problems({ authUrl: 'http://' }).length, 1);
  });

  it('a storage URL of blanks or with credentials in it, and "direct" with blanks around it', () => {
    assert.deepEqual(problems({ proxy: ' direct ' }), []);
    assert.deepEqual(problems({ storageUrl: '  ' }), ['The storage URL is empty.']);
    assert.deepEqual(problems({ storageUrl: 'https://u:pw@s/v1/AUTH_a' }), [
      'The storage URL must not contain a user name or password: enter them in their own fields.',
    ]);
  });

  it('a URL with no host name says so', () => {
    assert.deepEqual(problems({ authUrl: 'file:///etc/passwd' }), ['The auth URL must start with http:// or https://, not file://.']);
    assert.deepEqual(problems({ authUrl: undefined }), ['The auth URL is empty.']);
  });

  it('makes ids of lower-case letters and digits joined by single dashes', () => {
    assert.equal(
      newProfileId('My  Cloud!! (prod)', [], () => 'abc'),
      'my-cloud-prod-abc',
    );
  });
});

describe('secret binding edges', () => {
  it('binds the proxy trimmed, and notices a changed proxy without showing its password', () => {
    const stored = bindingOf({ ...base, proxy: ' http://user:pw@proxy:3128 ' });
    assert.equal(stored.proxy, 'http://user:pw@proxy:3128');
    assert.equal('proxy' in bindingOf({ ...base, proxy: '   ' }), false);
    const changes = bindingChanges(stored, bindingOf({ ...base, proxy: 'http://other:8080' }));
    assert.equal(changes.length, 1);
    assert.ok(changes[0].startsWith('proxy "http://'), changes[0]);
    assert.ok(changes[0].endsWith(' → "http://other:8080"'), changes[0]);
    assert.ok(!changes[0].includes(':pw@'), changes[0]);
    assert.deepEqual(bindingChanges(bindingOf(base), bindingOf({ ...base, proxy: 'http://x:1' })), ['proxy (none) → "http://x:1"']);
  });

  it('never shows the password of the new proxy either', () => {
    const [change] = bindingChanges(bindingOf(base), bindingOf({ ...base, proxy: 'http://u:proxy-secret-1@p:1' }));
    assert.ok(change.startsWith('proxy (none) → "http://'), change);
    assert.ok(!change.includes('proxy-secret-1'), change);
  });

  it('sees no change when neither side names a user', () => {
    const tokenProfile: Profile = { ...base, authType: 'token', username: undefined };
    assert.deepEqual(bindingChanges(bindingOf(tokenProfile), bindingOf(tokenProfile)), []);
  });

  it('shows an empty value as none', () => {
    assert.deepEqual(bindingChanges(bindingOf({ ...base, caFile: '' }), bindingOf({ ...base, caFile: '/ca.pem' })), ['CA file (none) → "/ca.pem"']);
  });

  it('reads nothing from an empty or broken stored binding', () => {
    for (const text of [undefined, '', '{', 'null', '{"authUrl": 1, "authType": "password"}']) assert.equal(parseBinding(text), undefined, String(text));
  });

  it("the question's words list every change", () => {
    const text = secretUseText({ profile: { ...base, authUrl: ' https://k2/v3 ' }, secretLabel: 'password', changes: ['a → b', 'c → d'] });
    assert.equal(text.message, 'Send the stored password of "P" to https://k2/v3?');
    assert.ok(text.detail.startsWith("The profile's settings changed after its password was stored: a → b; c → d."), text.detail);
  });
});

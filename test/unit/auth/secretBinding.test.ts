import * as assert from 'node:assert/strict';
import type { Profile } from '../../../src/auth/profile';
import { bindingChanges, bindingKey, bindingOf, parseBinding, secretUseText, serializeBinding } from '../../../src/auth/secretBinding';
import { secretKey, tokenKey } from '../../../src/auth/session';

const profile: Profile = {
  id: 'p',
  name: 'Prod',
  authUrl: 'https://keystone.example/v3',
  authVersion: 'auto',
  authType: 'password',
  username: 'alice',
  userDomain: 'Users',
};

describe('secret binding', () => {
  it('records what the secret is sent to and with which TLS settings', () => {
    assert.deepEqual(bindingOf({ ...profile, authUrl: ' https://keystone.example/v3 ', caFile: '/ca.pem' }), {
      authUrl: 'https://keystone.example/v3',
      authType: 'password',
      user: 'alice',
      userDomain: 'Users',
      applicationCredential: undefined,
      caFile: '/ca.pem',
      insecure: false,
    });
    const ids = bindingOf({ ...profile, userId: 'u-1', userDomainId: 'd-1', applicationCredentialId: 'ac-1', insecure: true });
    assert.deepEqual([ids.user, ids.userDomain, ids.applicationCredential, ids.insecure], ['u-1', 'd-1', 'ac-1', true]);
    assert.equal(bindingOf({ ...profile, insecure: 'true' as unknown as boolean }).insecure, false, 'only true is true');
  });

  it('round-trips through SecretStorage text, and treats unreadable text as no binding', () => {
    const b = bindingOf({ ...profile, caFile: '/ca.pem', applicationCredentialId: 'ac' });
    assert.deepEqual(parseBinding(serializeBinding(b)), b);
    for (const bad of [undefined, '', '{', '[]', 'null', '{"authUrl":1,"authType":"password"}', '{"authUrl":"x"}'])
      assert.equal(parseBinding(bad), undefined, String(bad));
    assert.equal(parseBinding('{"authUrl":"x","authType":"password","insecure":"yes"}')?.insecure, false);
  });

  it('has its own SecretStorage entry beside the secret and the token', () => {
    assert.equal(bindingKey('p'), 'openstackStorage.profile.p.secretFor');
    assert.equal(new Set([bindingKey('p'), secretKey('p'), tokenKey('p')]).size, 3);
  });

  it('lists nothing when nothing that matters changed', () => {
    const b = bindingOf(profile);
    assert.deepEqual(bindingChanges(b, bindingOf({ ...profile, name: 'Renamed', project: 'other', region: 'R2', interface: 'internal' })), []);
    assert.deepEqual(bindingChanges(b, bindingOf({ ...profile, userDomain: undefined, username: 'alice' })), ['user domain "Users" → (none)']);
  });

  it('names each change', () => {
    const b = bindingOf(profile);
    const cases: Array<[Partial<Profile>, string]> = [
      [{ authUrl: 'http://evil.example/v3' }, 'auth URL https://keystone.example/v3 → http://evil.example/v3'],
      [{ authType: 'v1' }, 'authentication type password → v1'],
      [{ username: 'bob' }, 'user "alice" → "bob"'],
      [{ userDomain: 'Default' }, 'user domain "Users" → "Default"'],
      [{ applicationCredentialName: 'ci' }, 'application credential (none) → "ci"'],
      [{ caFile: '/evil.pem' }, 'CA file (none) → "/evil.pem"'],
      [{ insecure: true }, 'certificate verification turned OFF (insecure)'],
    ];
    for (const [change, phrase] of cases) assert.deepEqual(bindingChanges(b, bindingOf({ ...profile, ...change })), [phrase]);
    assert.deepEqual(bindingChanges(bindingOf({ ...profile, insecure: true }), b), ['certificate verification turned on']);
  });

  it("binds the object-store URLs that replace the catalog's: the token goes there", () => {
    const b = bindingOf(profile);
    assert.equal('storageUrls' in b, false, 'none given: no field, as in a binding stored before they were bound');
    const old = parseBinding(JSON.stringify({ ...b, storageUrls: undefined }));
    assert.deepEqual(bindingChanges(old as NonNullable<typeof old>, bindingOf(profile)), []);
    const own = { ...profile, storageUrl: ' https://swift.example/v1/AUTH_p ', regionSettings: { R2: { storageUrl: 'https://r2.example/v1/AUTH_p' }, R1: {} } };
    assert.deepEqual(bindingOf(own).storageUrls, [
      ['', 'https://swift.example/v1/AUTH_p'],
      ['R2', 'https://r2.example/v1/AUTH_p'],
    ]);
    assert.deepEqual(bindingChanges(b, bindingOf(own)), ['object-store URL (none) → "https://swift.example/v1/AUTH_p, R2: https://r2.example/v1/AUTH_p"']);
    const moved: Array<[Partial<Profile>, string]> = [
      [
        { storageUrl: 'https://evil.example/v1/AUTH_p' },
        'object-store URL "https://swift.example/v1/AUTH_p, R2: https://r2.example/v1/AUTH_p" → "https://evil.example/v1/AUTH_p, R2: https://r2.example/v1/AUTH_p"',
      ],
      [
        { regionSettings: { R2: { storageUrl: 'https://evil.example/v1' } } },
        'object-store URL "https://swift.example/v1/AUTH_p, R2: https://r2.example/v1/AUTH_p" → "https://swift.example/v1/AUTH_p, R2: https://evil.example/v1"',
      ],
      [
        { regionSettings: { R3: { storageUrl: 'https://r2.example/v1/AUTH_p' } } },
        'object-store URL "https://swift.example/v1/AUTH_p, R2: https://r2.example/v1/AUTH_p" → "https://swift.example/v1/AUTH_p, R3: https://r2.example/v1/AUTH_p"',
      ],
    ];
    for (const [change, phrase] of moved) assert.deepEqual(bindingChanges(bindingOf(own), bindingOf({ ...own, ...change })), [phrase]);
    // Only the password in the URL changed: still a change, shown without it.
    const withUser = { ...profile, storageUrl: 'https://u:pw1@swift.example/v1' };
    const changes = bindingChanges(bindingOf(withUser), bindingOf({ ...withUser, storageUrl: 'https://u:pw2@swift.example/v1' }));
    assert.equal(changes.length, 1);
    assert.ok(!/pw1|pw2/.test(changes[0]), changes[0]);
    assert.deepEqual(parseBinding(serializeBinding(bindingOf(own)))?.storageUrls, bindingOf(own).storageUrls);
    // Blank URLs are none, spaces around a URL are not part of it, a region without settings is skipped, and the
    // regions' order in the settings does not matter.
    assert.equal('storageUrls' in bindingOf({ ...profile, storageUrl: '  ', regionSettings: { R1: { storageUrl: ' ' } } }), false);
    const spaced = { ...profile, regionSettings: { B: { storageUrl: ' https://b/v1 ' }, A: null as unknown as object, C: { storageUrl: 'https://c/v1' } } };
    assert.deepEqual(bindingOf(spaced).storageUrls, [
      ['B', 'https://b/v1'],
      ['C', 'https://c/v1'],
    ]);
    const reordered = { ...profile, regionSettings: { C: { storageUrl: 'https://c/v1' }, B: { storageUrl: 'https://b/v1' } } };
    assert.deepEqual(bindingChanges(bindingOf(spaced), bindingOf(reordered)), []);
    const emptyStored = parseBinding(JSON.stringify({ ...b, storageUrls: [] }));
    assert.deepEqual(bindingChanges(emptyStored as NonNullable<typeof emptyStored>, b), [], 'an empty list is none');
  });

  it('asks before a pre-authenticated token goes to a new storage URL, naming that URL', () => {
    const stored = { ...profile, authType: 'storageToken' as const, authUrl: 'https://swift.example/v1/AUTH_p', storageUrl: 'https://swift.example/v1/AUTH_p' };
    const edited = { ...stored, storageUrl: 'https://evil.example/v1/AUTH_p' };
    const changes = bindingChanges(bindingOf(stored), bindingOf(edited));
    assert.deepEqual(changes, ['object-store URL "https://swift.example/v1/AUTH_p" → "https://evil.example/v1/AUTH_p"']);
    assert.equal(
      secretUseText({ profile: edited, secretLabel: 'token', changes }).message,
      'Send the stored token of "Prod" to https://evil.example/v1/AUTH_p?',
    );
    const password = { ...profile, storageUrl: 'https://evil.example/v1/AUTH_p' };
    assert.equal(
      secretUseText({ profile: password, secretLabel: 'password', changes: bindingChanges(bindingOf(profile), bindingOf(password)) }).message,
      'Send the stored password of "Prod" to https://keystone.example/v3?',
      'a password still goes to the auth URL',
    );
  });

  it('never shows credentials written into an auth URL', () => {
    const changes = bindingChanges(bindingOf(profile), bindingOf({ ...profile, authUrl: 'https://user:hunter2@evil.example/v3' }));
    assert.ok(!changes.join(' ').includes('hunter2'), changes.join(' '));
  });

  it('asks in words that name the new auth URL and what changed', () => {
    const moved = { ...profile, authUrl: 'http://evil.example/v3' };
    const text = secretUseText({ profile: moved, secretLabel: 'password', changes: bindingChanges(bindingOf(profile), bindingOf(moved)) });
    assert.equal(text.message, 'Send the stored password of "Prod" to http://evil.example/v3?');
    assert.match(text.detail, /auth URL https:\/\/keystone\.example\/v3 → http:\/\/evil\.example\/v3/);
    assert.match(text.detail, /Otherwise choose Cancel: nothing is sent/);
    assert.equal(text.action, 'Sign In');
    const legacy = secretUseText({ profile, secretLabel: 'application credential secret', changes: [] });
    assert.match(legacy.detail, /stored by an earlier version/);
    assert.ok(!secretUseText({ profile: { ...profile, authUrl: 'https://u:pw1@x.example/v3' }, secretLabel: 'password', changes: [] }).message.includes('pw1'));
  });
});

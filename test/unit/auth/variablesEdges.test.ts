/**
 * OS_* / ST_* variables and OpenRC files as profiles, edges found by mutation testing: above all, that each
 * secret goes to the right place (a token is never taken for a password, nor an application credential's
 * secret for either), and what a command would give is asked, never used.
 */
import * as assert from 'node:assert/strict';
import * as l10n from '@vscode/l10n';
import { authTypeVerdict, dropEmpty, refusedAuthSentence, falsy, interfaceOf, str, truthy, versionOf } from '../../../src/auth/import/common';
import { readCloudsYaml } from '../../../src/auth/import/cloudsYaml';
import { parseOpenRc, profileFromVariables } from '../../../src/auth/import/variables';

describe('auth/import/variables: edges', () => {
  it('a storage URL with a token is a pre-authenticated profile: the token is its secret, TLS values kept', () => {
    const p = profileFromVariables(
      {
        OS_STORAGE_URL: ' https://swift/v1/AUTH_a ',
        OS_TOKEN: 'tok',
        OS_REGION_NAME: 'R',
        OS_CACERT: '/ca',
        OS_CERT: '/both.pem',
        OS_INSECURE: 'yes',
        OS_PASSWORD: 'pw',
      },
      'n',
    )!;
    assert.deepEqual(p.profile, {
      name: 'n',
      authUrl: 'https://swift/v1/AUTH_a',
      authVersion: 'v1',
      authType: 'storageToken',
      storageUrl: 'https://swift/v1/AUTH_a',
      region: 'R',
      caFile: '/ca',
      clientCertFile: '/both.pem',
      clientKeyFile: '/both.pem',
      insecure: true,
    });
    assert.deepEqual([p.secret, p.asksForSecret, p.asks], ['tok', false, []]);
    const asked = profileFromVariables({ OS_STORAGE_URL: 'https://swift/v1/AUTH_a', OS_AUTH_TOKEN: '' }, 'n', new Set(['OS_AUTH_TOKEN']))!;
    assert.deepEqual([asked.profile.authType, asked.secret, asked.asksForSecret], ['storageToken', undefined, true]);
    const viaOsToken = profileFromVariables({ OS_STORAGE_URL: 'https://swift/v1/AUTH_a' }, 'n', new Set(['OS_TOKEN']))!;
    assert.equal(viaOsToken.profile.authType, 'storageToken');
    assert.equal(profileFromVariables({ OS_STORAGE_URL: 'https://swift/v1/AUTH_a' }, 'n'), undefined, 'a storage URL alone is no profile');
  });

  it('a key given apart from its certificate, or asked for, is not replaced by the certificate', () => {
    const base = { OS_AUTH_URL: 'https://k/v3', OS_CERT: '/c.pem' };
    assert.equal(profileFromVariables({ ...base, OS_KEY: '/k.pem' }, 'n')!.profile.clientKeyFile, '/k.pem');
    const asked = profileFromVariables(base, 'n', new Set(['OS_KEY']))!;
    assert.equal(asked.profile.clientKeyFile, undefined);
    assert.deepEqual(asked.asks, ['clientKeyFile']);
    assert.equal(profileFromVariables({ OS_AUTH_URL: 'https://k/v3', OS_INSECURE: 'no' }, 'n')!.profile.insecure, undefined);
  });

  it("an auth URL a command would give still makes a profile that asks for it, with the file's other values", () => {
    const p = profileFromVariables({}, 'n', new Set(['OS_AUTH_URL', 'OS_PASSWORD']))!;
    assert.deepEqual(p.profile, { name: 'n', authUrl: '', authVersion: 'auto', authType: 'password' });
    assert.deepEqual([p.asksForSecret, p.asks], [true, ['authUrl']]);
    assert.equal(profileFromVariables({ OS_USERNAME: 'u' }, 'n'), undefined);
    const rc = parseOpenRc(
      'export OS_AUTH_URL=$(terraform output -raw keystone_url)\nexport OS_USERNAME=alice\nexport OS_PROJECT_NAME=web\nexport OS_USER_DOMAIN_NAME=Default\nexport OS_REGION_NAME=RegionOne\nexport OS_PASSWORD=pw\n',
      'web',
    )!;
    assert.deepEqual(
      [rc.profile.authUrl, rc.profile.username, rc.profile.project, rc.profile.userDomain, rc.profile.region, rc.secret, rc.asks],
      ['', 'alice', 'web', 'Default', 'RegionOne', 'pw', ['authUrl']],
    );
  });

  it('each field asked at most once, and only for values that come from commands', () => {
    const p = profileFromVariables(
      { OS_AUTH_URL: 'https://k/v3', OS_USERNAME: '' },
      'n',
      new Set(['OS_USERNAME', 'ST_USER', 'OS_PROJECT_NAME', 'OS_PASSWORD']),
    )!;
    assert.deepEqual(p.asks, ['username', 'project']);
    assert.deepEqual([p.secret, p.asksForSecret], [undefined, true]);
  });

  it('the secret of each auth type: application credential secret, token, password or ST_KEY, none for TOTP', () => {
    const all = {
      OS_AUTH_URL: 'https://k/v3',
      OS_PASSWORD: 'pw',
      ST_KEY: 'stkey',
      OS_AUTH_TOKEN: 'tok',
      OS_APPLICATION_CREDENTIAL_SECRET: 'acs',
      OS_APPLICATION_CREDENTIAL_ID: 'acid',
    };
    const secretFor = (type: string | undefined, vars: Record<string, string> = all) => {
      const p = profileFromVariables({ ...vars, ...(type ? { OS_AUTH_TYPE: type } : {}) }, 'n')!;
      return [p.profile.authType, p.secret, p.asksForSecret];
    };
    assert.deepEqual(secretFor('v3applicationcredential'), ['applicationCredential', 'acs', false]);
    assert.deepEqual(secretFor(undefined, { OS_AUTH_URL: 'https://k/v3', OS_APPLICATION_CREDENTIAL_NAME: 'acn', OS_APPLICATION_CREDENTIAL_SECRET: 'acs' }), [
      'applicationCredential',
      'acs',
      false,
    ]);
    assert.deepEqual(secretFor('v3token'), ['token', 'tok', false]);
    assert.deepEqual(secretFor('password'), ['password', 'pw', false]);
    assert.deepEqual(secretFor('v3totp'), ['totp', undefined, false]);
    assert.deepEqual(secretFor(undefined, { OS_AUTH_URL: 'https://k/v3', ST_KEY: 'stkey' }), ['password', 'stkey', false]);
    assert.deepEqual(secretFor(undefined, { OS_AUTH_URL: 'https://k/v3', OS_TOKEN: 'tok2' }), ['token', 'tok2', false], 'a token and no password: token auth');
    assert.deepEqual(secretFor(undefined, { OS_AUTH_URL: 'https://k/v3', OS_TOKEN: 'tok2', OS_PASSWORD: 'pw' }), ['password', 'pw', false]);
    // A token beside an application credential, no password, no auth type: OS_* variables mean the token (clouds.yaml's
    // rule would take the credential); an auth type that says otherwise wins.
    const both = { OS_AUTH_URL: 'https://k/v3', OS_TOKEN: 'tok3', OS_APPLICATION_CREDENTIAL_ID: 'acid', OS_APPLICATION_CREDENTIAL_SECRET: 'acs' };
    assert.deepEqual(secretFor(undefined, both), ['token', 'tok3', false], 'the token, not the credential');
    assert.deepEqual(secretFor('v3applicationcredential', both), ['applicationCredential', 'acs', false], 'the auth type said');
    const cmd = profileFromVariables({ OS_AUTH_URL: 'https://k/v3', OS_TOKEN: 'tok2' }, 'n', new Set(['OS_PASSWORD']))!;
    assert.deepEqual([cmd.profile.authType, cmd.secret, cmd.asksForSecret], ['password', undefined, true], 'a password to be asked is still a password');
    const v1 = profileFromVariables({ ST_AUTH: 'https://s/auth/v1.0', ST_USER: 'a:b', ST_KEY: 'k', OS_TOKEN: 'tok' }, 'n')!;
    assert.deepEqual([v1.profile.authType, v1.profile.authVersion, v1.secret, v1.profile.username], ['v1', 'v1', 'k', 'a:b']);
  });

  it('Swift v1 reads ST_* first, as python-swiftclient does: a Keystone password never goes to ST_AUTH beside an ST_KEY', () => {
    const keystone = { OS_AUTH_URL: 'https://keystone.example/v3', OS_USERNAME: 'alice', OS_PASSWORD: 'keystone-pw' };
    const st = { ST_AUTH: 'https://swift.example/auth/v1.0', ST_USER: 'acct:user', ST_KEY: 'swift-key' };
    const read = (vars: Record<string, string>) => {
      const p = profileFromVariables(vars, 'n')!;
      return [p.profile.authVersion, p.profile.authUrl, p.profile.username, p.secret];
    };
    assert.deepEqual(read({ ...st, OS_USERNAME: 'alice', OS_PASSWORD: 'keystone-pw' }), ['v1', st.ST_AUTH, 'acct:user', 'swift-key']);
    assert.deepEqual(read({ ...keystone, ...st, ST_AUTH_VERSION: '1.0' }), ['v1', st.ST_AUTH, 'acct:user', 'swift-key'], 'ST_AUTH, not OS_AUTH_URL');
    assert.deepEqual(read({ ST_AUTH: st.ST_AUTH, OS_USERNAME: 'alice', OS_PASSWORD: 'pw' }), ['v1', st.ST_AUTH, 'alice', 'pw'], 'OS_* where ST_* is empty');
    assert.deepEqual(read({ ...keystone, OS_AUTH_VERSION: '1', ST_KEY: 'swift-key' }), ['v1', keystone.OS_AUTH_URL, 'alice', 'swift-key']);
    assert.deepEqual(read({ ...keystone, ...st }), ['auto', keystone.OS_AUTH_URL, 'alice', 'keystone-pw'], 'Keystone: OS_* first');
    assert.deepEqual(
      profileFromVariables({ ST_AUTH: st.ST_AUTH, ST_KEY: 'k' }, 'n', new Set(['ST_USER']))!.asks,
      ['username'],
      'ST_USER from a command is asked',
    );
  });

  it('versions: ST_AUTH_VERSION first, then OS_AUTH_VERSION / OS_IDENTITY_API_VERSION, then the auth type’s', () => {
    const version = (vars: Record<string, string>) => profileFromVariables(vars, 'n')!.profile.authVersion;
    assert.equal(version({ ST_AUTH: 'https://s/x', ST_USER: 'u', ST_KEY: 'k' }), 'v1', 'ST_AUTH alone is v1');
    assert.equal(version({ ST_AUTH: 'https://s/x', ST_AUTH_VERSION: '3', OS_AUTH_VERSION: '2' }), 'v3');
    assert.equal(version({ ST_AUTH: 'https://s/x', ST_AUTH_VERSION: '1.0' }), 'v1');
    assert.equal(version({ OS_AUTH_URL: 'https://k/', OS_AUTH_VERSION: '2' }), 'v2.0');
    assert.equal(version({ OS_AUTH_URL: 'https://k/', OS_IDENTITY_API_VERSION: '3' }), 'v3');
    assert.equal(version({ OS_AUTH_URL: 'https://k/', OS_IDENTITY_API_VERSION: '1' }), 'v1');
    assert.equal(version({ OS_AUTH_URL: 'https://k/', OS_AUTH_TYPE: 'v2password' }), 'v2.0');
    assert.equal(version({ OS_AUTH_URL: 'https://k/', OS_AUTH_TYPE: 'v2password', OS_IDENTITY_API_VERSION: '3' }), 'v3', 'a version given wins');
    assert.equal(version({ OS_AUTH_URL: 'https://k/', ST_AUTH: 'https://s/x' }), 'auto', 'OS_AUTH_URL wins over ST_AUTH');
  });

  it('ST_USER "tenant:user" under v2.0 gives project and user, unless they are given', () => {
    const p = (vars: Record<string, string>) => profileFromVariables({ ST_AUTH: 'https://k/v2.0', ST_AUTH_VERSION: '2.0', ST_KEY: 'k', ...vars }, 'n')!.profile;
    assert.deepEqual([p({ ST_USER: 'ten:us:er' }).project, p({ ST_USER: 'ten:us:er' }).username], ['ten', 'us:er']);
    assert.deepEqual([p({ ST_USER: 'plain' }).project, p({ ST_USER: 'plain' }).username], [undefined, 'plain']);
    assert.deepEqual([p({ ST_USER: 'a:b', OS_PROJECT_NAME: 'given' }).project, p({ ST_USER: 'a:b', OS_PROJECT_NAME: 'given' }).username], ['given', 'a:b']);
    assert.deepEqual([p({ ST_USER: 'a:b', OS_USERNAME: 'me' }).project, p({ ST_USER: 'a:b', OS_USERNAME: 'me' }).username], [undefined, 'me']);
    const v3 = profileFromVariables({ ST_AUTH: 'https://k/v3', ST_AUTH_VERSION: '3', ST_USER: 'a:b', ST_KEY: 'k' }, 'n')!.profile;
    assert.deepEqual([v3.project, v3.username], [undefined, 'a:b']);
  });

  it('fields from their variables, domains from the default ones, interface from OS_ENDPOINT_TYPE', () => {
    const p = profileFromVariables(
      {
        OS_AUTH_URL: 'https://k/v3',
        OS_USER_ID: 'uid',
        OS_DEFAULT_DOMAIN_NAME: 'dd',
        OS_DOMAIN_ID: 'did',
        OS_TENANT_NAME: 'ten',
        OS_TENANT_ID: 'tid',
        OS_ENDPOINT_TYPE: 'internalURL',
        OS_AUTH_TYPE: 'v3multifactor',
        OS_AUTH_METHODS: 'v3password, v3totp',
        OS_PASSWORD: 'pw',
      },
      'n',
    )!;
    assert.deepEqual(p.profile, {
      name: 'n',
      authUrl: 'https://k/v3',
      authVersion: 'v3',
      authType: 'password',
      userId: 'uid',
      userDomain: 'dd',
      userDomainId: 'did',
      project: 'ten',
      projectId: 'tid',
      projectDomain: 'dd',
      projectDomainId: 'did',
      interface: 'internal',
      secondFactor: 'totp',
    });
    assert.equal(p.secret, 'pw');
  });

  it('OpenRC files: size bound, the label, refusals in one sentence', () => {
    assert.throws(() => parseOpenRc('#'.repeat(1024 * 1024 + 1)), /^ImportError: The OpenRC file is larger than 1 MiB; it does not look like one\.$/);
    assert.doesNotThrow(() => parseOpenRc(`export OS_AUTH_URL=https://k/v3\n#${'x'.repeat(1024 * 1024 - 40)}`));
    assert.throws(() => parseOpenRc('export OS_USERNAME=u'), /^ImportError: No OS_AUTH_URL found: this does not look like an OpenRC file\.$/);
    const label = (extra: string) => parseOpenRc(`export OS_AUTH_URL=https://k/v3\n${extra}`, 'file.sh').profile.name;
    assert.equal(label(''), 'file.sh');
    assert.equal(label('export OS_TENANT_NAME=t'), 't');
    assert.equal(label('export OS_TENANT_NAME=t\nexport OS_PROJECT_NAME=p'), 'p');
    assert.equal(label('export OS_PROJECT_NAME=p\nexport OS_CLOUD_NAME=c'), 'c');
    assert.equal(parseOpenRc('export OS_AUTH_URL=https://k/v3').profile.name, 'OpenRC');
    assert.equal(parseOpenRc('export OS_STORAGE_URL=https://s/v1/a\nexport OS_AUTH_TOKEN=t').profile.authType, 'storageToken');
    assert.equal(parseOpenRc('export ST_AUTH=https://s/auth/v1.0\nexport ST_USER=u').profile.authType, 'v1');
    assert.equal(parseOpenRc('export OS_AUTH_URL=$(get-url)').asks[0], 'authUrl');
    assert.throws(
      () => parseOpenRc('export OS_AUTH_URL=https://k/v3\nexport OS_AUTH_TYPE=v3oidcpassword'),
      /^ImportError: The OpenRC file uses OS_AUTH_TYPE v3oidcpassword \(OpenID Connect sign-in\), which this extension does not support/,
    );
  });

  const ASKED: Array<[variable: string, field: string]> = [
    ['OS_AUTH_URL', 'authUrl'],
    ['ST_AUTH', 'authUrl'],
    ['OS_STORAGE_URL', 'storageUrl'],
    ['OS_CACERT', 'caFile'],
    ['OS_CERT', 'clientCertFile'],
    ['OS_KEY', 'clientKeyFile'],
    ['OS_USERNAME', 'username'],
    ['ST_USER', 'username'],
    ['OS_USER_ID', 'userId'],
    ['OS_USER_DOMAIN_NAME', 'userDomain'],
    ['OS_USER_DOMAIN_ID', 'userDomainId'],
    ['OS_PROJECT_NAME', 'project'],
    ['OS_TENANT_NAME', 'project'],
    ['OS_PROJECT_ID', 'projectId'],
    ['OS_TENANT_ID', 'projectId'],
    ['OS_PROJECT_DOMAIN_NAME', 'projectDomain'],
    ['OS_PROJECT_DOMAIN_ID', 'projectDomainId'],
    ['OS_APPLICATION_CREDENTIAL_ID', 'applicationCredentialId'],
    ['OS_APPLICATION_CREDENTIAL_NAME', 'applicationCredentialName'],
    ['OS_REGION_NAME', 'region'],
    ['OS_INTERFACE', 'interface'],
    ['OS_ENDPOINT_TYPE', 'interface'],
  ];

  it('one variable from a command: its field is asked, and the profile holds no value for it', () => {
    for (const [variable, field] of ASKED) {
      const given = variable === 'OS_AUTH_URL' ? {} : { OS_AUTH_URL: 'https://k/v3' };
      const p = profileFromVariables(given, 'n', new Set([variable]))!;
      assert.deepEqual(p.asks, [field], variable);
      if (field !== 'authUrl') assert.equal((p.profile as Record<string, unknown>)[field], undefined, variable);
    }
  });

  it('the shared domain variables ask for both the user’s and the project’s domain', () => {
    const asks = (variable: string) => profileFromVariables({ OS_AUTH_URL: 'https://k/v3' }, 'n', new Set([variable]))!.asks;
    assert.deepEqual(asks('OS_DEFAULT_DOMAIN_NAME'), ['userDomain', 'projectDomain']);
    assert.deepEqual(asks('OS_DOMAIN_NAME'), ['userDomain', 'projectDomain']);
    assert.deepEqual(asks('OS_DEFAULT_DOMAIN_ID'), ['userDomainId', 'projectDomainId']);
    assert.deepEqual(asks('OS_DOMAIN_ID'), ['userDomainId', 'projectDomainId']);
  });

  it('a pre-authenticated profile asks for its region and TLS files too; a secret is never an asked field', () => {
    const p = profileFromVariables({ OS_STORAGE_URL: 'https://s/v1/AUTH_a', OS_AUTH_TOKEN: 't' }, 'n', new Set(['OS_REGION_NAME', 'OS_CACERT']))!;
    assert.deepEqual([p.profile.authType, p.asks], ['storageToken', ['caFile', 'region']]);
    const secret = profileFromVariables({ OS_AUTH_URL: 'https://k/v3' }, 'n', new Set(['OS_PASSWORD', 'OS_AUTH_TOKEN']))!;
    assert.deepEqual([secret.asks, secret.asksForSecret], [[], true]);
  });

  it('a URL ending in /auth/v1.0, or version 1, is Swift v1 whatever the other variable says', () => {
    const p = (vars: Record<string, string>) => profileFromVariables(vars, 'n')!.profile;
    const byUrl = p({ OS_AUTH_URL: 'https://s/auth/v1.0', OS_AUTH_VERSION: '3', OS_USERNAME: 'a:b' });
    assert.deepEqual([byUrl.authType, byUrl.authVersion], ['v1', 'v1']);
    const byVersion = p({ OS_AUTH_URL: 'https://s/auth', OS_IDENTITY_API_VERSION: '1', OS_USERNAME: 'a:b' });
    assert.deepEqual([byVersion.authType, byVersion.authVersion], ['v1', 'v1']);
  });

  it('an auth type it cannot use still gives a password profile, with the sentence why', () => {
    const p = profileFromVariables({ OS_AUTH_URL: 'https://k/v3', OS_AUTH_TYPE: 'v3samlpassword', OS_USERNAME: 'u' }, 'n')!;
    assert.equal(p.profile.authType, 'password');
    assert.match(p.refused!, /^OS_AUTH_TYPE is v3samlpassword \(SAML sign-in\), which this extension does not support/);
  });

  it('OpenRC files: exactly 1 MiB is read; a storage URL without a token is no OpenRC profile', () => {
    const head = 'export OS_AUTH_URL=https://k/v3\n#';
    assert.equal(parseOpenRc(head + 'x'.repeat(1024 * 1024 - head.length)).profile.authUrl, 'https://k/v3');
    assert.throws(
      () => parseOpenRc('export OS_STORAGE_URL=https://s/v1/AUTH_a'),
      /^ImportError: No OS_AUTH_URL found: this does not look like an OpenRC file\.$/,
    );
  });
});

describe('auth/import/common: small readers', () => {
  it('str trims text, keeps numbers as written, and gives nothing for blanks and other values', () => {
    assert.equal(str('  a  '), 'a');
    assert.equal(str('   '), undefined);
    assert.equal(str(3), '3');
    assert.equal(str(10n), '10');
    assert.equal(str(true), undefined);
    assert.equal(str(null), undefined);
  });
  it('versions, interfaces, yes and no', () => {
    for (const v of ['3', '3.0', 'v3', 'V3']) assert.equal(versionOf(v, 'https://k/'), 'v3', v);
    for (const v of ['2', '2.0', 'v2.0', 'v2']) assert.equal(versionOf(v, 'https://k/'), 'v2.0', v);
    for (const v of ['1', '1.0', 'v1', 'v1.0']) assert.equal(versionOf(v, 'https://k/'), 'v1', v);
    assert.equal(versionOf(undefined, 'https://s/auth/v1.0'), 'v1');
    assert.equal(versionOf(undefined, 'https://s/auth/v1.0/'), 'v1');
    assert.equal(versionOf('4', 'https://s/auth/v1.0x'), 'auto');
    assert.equal(versionOf(undefined, 'https://s/x/auth/v1.0/more'), 'auto');
    assert.equal(interfaceOf('publicURL'), 'public');
    assert.equal(interfaceOf('Admin'), 'admin');
    assert.equal(interfaceOf('internal'), 'internal');
    assert.equal(interfaceOf('URLpublic'), undefined);
    assert.equal(interfaceOf('private'), undefined);
    assert.equal(interfaceOf(undefined), undefined);
    for (const v of [true, '1', 'TRUE', ' yes ', 'on']) assert.equal(truthy(v), true, String(v));
    for (const v of [false, 'yess', '2', 1, undefined]) assert.equal(truthy(v), false, String(v));
    for (const v of [false, '0', 'False', ' no ', 'off']) assert.equal(falsy(v), true, String(v));
    for (const v of [true, 'nope', 0, undefined]) assert.equal(falsy(v), false, String(v));
    assert.deepEqual(dropEmpty({ a: '', b: undefined, c: 0, d: false, e: 'x' }), { c: 0, d: false, e: 'x' });
  });
  it('auth types: each one openstacksdk names, with the version it implies, and the refusals', () => {
    const h = { appCred: false, token: false, password: false, v1: false };
    assert.deepEqual(authTypeVerdict(undefined, { ...h, v1: true }), { authType: 'v1' });
    // No auth type: a token without a password signs in with it (python-openstackclient's choice); with one, the password.
    assert.deepEqual(authTypeVerdict(undefined, { ...h, token: true }), { authType: 'token' });
    assert.deepEqual(authTypeVerdict(undefined, { ...h, token: true, password: true }), { authType: 'password' });
    assert.deepEqual(authTypeVerdict(undefined, { ...h, token: true, appCred: true }), { authType: 'applicationCredential' });
    assert.deepEqual(authTypeVerdict(undefined, { ...h, token: true, v1: true }), { authType: 'v1' });
    assert.deepEqual(authTypeVerdict('  ', { ...h, appCred: true }), { authType: 'applicationCredential' });
    assert.deepEqual(authTypeVerdict('', h), { authType: 'password' });
    assert.deepEqual(authTypeVerdict('Password', { ...h, v1: true }), { authType: 'v1' });
    assert.deepEqual(authTypeVerdict('password', h), { authType: 'password' });
    assert.deepEqual(authTypeVerdict('v3password', h), { authType: 'password', version: 'v3' });
    assert.deepEqual(authTypeVerdict('v2password', h), { authType: 'password', version: 'v2.0' });
    assert.deepEqual(authTypeVerdict('v1password', h), { authType: 'v1', version: 'v1' });
    assert.deepEqual(authTypeVerdict('token', h), { authType: 'token' });
    assert.deepEqual(authTypeVerdict('v3token', h), { authType: 'token', version: 'v3' });
    assert.deepEqual(authTypeVerdict('v2token', h), { authType: 'token', version: 'v2.0' });
    for (const t of ['v3applicationcredential', 'applicationcredential', 'application_credential', 'v3-application-credential']) {
      assert.deepEqual(authTypeVerdict(t, h), { authType: 'applicationCredential', version: 'v3' }, t);
    }
    assert.deepEqual(authTypeVerdict('v3totp', h), { authType: 'totp', version: 'v3' });
    assert.deepEqual(authTypeVerdict('v3multifactor', h, ['V3Password', 'totp']), { authType: 'password', version: 'v3', secondFactor: 'totp' });
    assert.deepEqual(authTypeVerdict('v3multifactor', h, ['password', 'totp', 'token']), {
      refused: { kind: 'multifactor', methods: ['password', 'totp', 'token'] },
    });
    assert.deepEqual(authTypeVerdict('v3multifactor', h, ['password', 'password']), {
      refused: { kind: 'multifactor', methods: ['password', 'password'] },
    });
    assert.deepEqual(authTypeVerdict('v3multifactor', h), {
      refused: { kind: 'multifactor', methods: [] },
    });
    assert.deepEqual(authTypeVerdict('noauth', h), {
      refused: { kind: 'unsupported', value: 'noauth', label: 'no authentication' },
    });
    assert.deepEqual(authTypeVerdict('magic', h), {
      refused: { kind: 'unknown', value: 'magic' },
    });
  });
});

describe('auth/import/common: the refusal of an auth type, one whole sentence per place it was read', () => {
  const h = { appCred: false, token: false, password: false, v1: false };
  const refused = (value: string, methods?: string[]) => {
    const v = authTypeVerdict(value, h, methods);
    assert.ok('refused' in v, value);
    return v.refused;
  };
  const cloud = { kind: 'cloud' as const, cloud: 'c', file: 'clouds.yaml' };

  it('a plugin this extension does not support: its label translated, in a clouds.yaml, an OpenRC file, the environment', () => {
    assert.equal(
      refusedAuthSentence(refused('v3samlpassword'), cloud),
      'Cloud "c" in clouds.yaml uses auth_type v3samlpassword (SAML sign-in), which this extension does not support: use a password, an application credential or a token.',
    );
    assert.equal(
      refusedAuthSentence(refused('v3samlpassword'), { kind: 'openrc' }),
      'The OpenRC file uses OS_AUTH_TYPE v3samlpassword (SAML sign-in), which this extension does not support: use a password, an application credential or a token.',
    );
    assert.equal(
      refusedAuthSentence(refused('noauth'), { kind: 'environment' }),
      'OS_AUTH_TYPE is noauth (no authentication), which this extension does not support: use a password, an application credential or a token.',
    );
    // Written with "-" as keystoneauth names them; normalised to "_" before the table is read.
    assert.equal(refused('gnocchi-basic').kind, 'unsupported');
    assert.equal(refused('aodh-noauth').kind, 'unsupported');
    // A name of Object.prototype is not a plugin.
    assert.deepEqual(refused('constructor'), { kind: 'unknown', value: 'constructor' });
  });

  it('v3multifactor with other methods, or none; an unknown name', () => {
    assert.equal(
      refusedAuthSentence(refused('v3multifactor', ['password', 'token']), cloud),
      'Cloud "c" in clouds.yaml uses auth_type v3multifactor with auth_methods password + token, which is not supported: only v3password + v3totp is.',
    );
    assert.equal(
      refusedAuthSentence(refused('v3multifactor'), { kind: 'openrc' }),
      'The OpenRC file uses OS_AUTH_TYPE v3multifactor with no OS_AUTH_METHODS, which is not supported: only v3password + v3totp is.',
    );
    assert.equal(
      refusedAuthSentence(refused('v3multifactor', ['token']), { kind: 'environment' }),
      'OS_AUTH_TYPE is v3multifactor with OS_AUTH_METHODS token, which is not supported: only v3password + v3totp is.',
    );
    assert.equal(
      refusedAuthSentence(refused('magic'), { kind: 'environment' }),
      'OS_AUTH_TYPE is "magic", which is not one openstacksdk knows (e.g. password, v3applicationcredential, token, v3totp, v3multifactor).',
    );
  });

  it('the label comes from the loaded bundle (read when the verdict is made, not at module load)', () => {
    l10n.config({ contents: { 'SAML sign-in': 'connexion SAML' } });
    try {
      assert.match(refusedAuthSentence(refused('v3samlpassword'), cloud), /\(connexion SAML\)/);
    } finally {
      l10n.config({ contents: {} });
    }
  });

  it('every plugin this extension does not support is named by its label', () => {
    const LABELS: Record<string, string> = {
      v3oidcpassword: 'OpenID Connect sign-in',
      v3oidcclientcredentials: 'OpenID Connect sign-in',
      v3oidcauthcode: 'OpenID Connect sign-in',
      v3oidcaccesstoken: 'OpenID Connect sign-in',
      v3oidcdeviceauthz: 'OpenID Connect sign-in',
      v3samlpassword: 'SAML sign-in',
      v3adfspassword: 'ADFS (SAML) sign-in',
      v3websso: 'web single sign-on',
      v3kerberos: 'Kerberos sign-in',
      v3tokenlessauth: 'tokenless (X.509) sign-in',
      v3oauth1: 'OAuth 1.0a sign-in',
      v3oauth2clientcredential: 'OAuth 2.0 client credentials',
      v3oauth2mtlsclientcredential: 'OAuth 2.0 mutual-TLS client credentials',
      admin_token: 'a fixed admin token with an endpoint',
      token_endpoint: 'a fixed admin token with an endpoint',
      none: 'no authentication',
      noauth: 'no authentication',
      http_basic: 'HTTP basic authentication',
      'gnocchi-basic': 'Gnocchi basic authentication',
      'gnocchi-noauth': 'Gnocchi without authentication',
      'aodh-noauth': 'Aodh without authentication',
    };
    for (const [value, label] of Object.entries(LABELS)) assert.deepEqual(refused(value), { kind: 'unsupported', value, label }, value);
  });

  it('the other sentences: no methods in a clouds.yaml or the environment, methods in an OpenRC file, an unknown name in one', () => {
    assert.equal(
      refusedAuthSentence(refused('v3multifactor'), cloud),
      'Cloud "c" in clouds.yaml uses auth_type v3multifactor with no auth_methods, which is not supported: only v3password + v3totp is.',
    );
    assert.equal(
      refusedAuthSentence(refused('v3multifactor'), { kind: 'environment' }),
      'OS_AUTH_TYPE is v3multifactor with no OS_AUTH_METHODS, which is not supported: only v3password + v3totp is.',
    );
    assert.equal(
      refusedAuthSentence(refused('v3multifactor', ['password', 'token']), { kind: 'openrc' }),
      'The OpenRC file uses OS_AUTH_TYPE v3multifactor with OS_AUTH_METHODS password + token, which is not supported: only v3password + v3totp is.',
    );
    assert.equal(
      refusedAuthSentence(refused('magic'), { kind: 'openrc' }),
      'The OpenRC file uses OS_AUTH_TYPE "magic", which is not one openstacksdk knows (e.g. password, v3applicationcredential, token, v3totp, v3multifactor).',
    );
    assert.equal(refused('v3multifactor', ['v3password', 'totpv3']).kind, 'multifactor', 'only a leading "v3" is dropped from a method');
  });

  it('sentences with a translator’s comment are found in a bundle under "message/comment"', () => {
    const KEYS: Record<string, string> = {
      'Cloud "{0}" in {1} uses auth_type {2} ({3}), which this extension does not support: use a password, an application credential or a token./{3} is a short description of the sign-in method, e.g. "SAML sign-in".':
        'cloud {0} {2}',
      'The OpenRC file uses OS_AUTH_TYPE {0} ({1}), which this extension does not support: use a password, an application credential or a token./{1} is a short description of the sign-in method, e.g. "SAML sign-in".':
        'openrc {0}',
      'OS_AUTH_TYPE is {0} ({1}), which this extension does not support: use a password, an application credential or a token./{1} is a short description of the sign-in method, e.g. "SAML sign-in".':
        'environment {0}',
      'Cloud "{0}" in {1} cannot be used: {2}/{2} is one or more whole sentences, each saying what is wrong with the profile.': 'unusable {0}',
    };
    l10n.config({ contents: KEYS });
    try {
      assert.equal(refusedAuthSentence(refused('noauth'), cloud), 'cloud c noauth');
      assert.equal(refusedAuthSentence(refused('noauth'), { kind: 'openrc' }), 'openrc noauth');
      assert.equal(refusedAuthSentence(refused('noauth'), { kind: 'environment' }), 'environment noauth');
      assert.deepEqual(readCloudsYaml({ text: 'clouds:\n  c:\n    auth: {auth_url: "https://k/v3"}\n' }).skipped, [{ cloud: 'c', reason: 'unusable c' }]);
    } finally {
      l10n.config({ contents: {} });
    }
  });

  it('yes and no are whole words: "button" is not on, "casino" is not no', () => {
    for (const v of ['button', 'x1', 'untrue']) assert.equal(truthy(v), false, v);
    for (const v of ['casino', 'x0', 'kickoff']) assert.equal(falsy(v), false, v);
  });
});

/**
 * clouds.yaml edges found by mutation testing: secrets from the right key for each auth type, top-level auth
 * keys, vendor profiles and their regions, per-region values, and the one sentence of each skipped cloud.
 */
import * as assert from 'node:assert/strict';
import { parseCloudsYaml, readCloudsYaml } from '../../../src/auth/import/cloudsYaml';
import { importSummary } from '../../../src/auth/import/summary';
import { deepMerge, parseYaml11Dict } from '../../../src/auth/import/yaml11';
import { configLocations, secureFilesFor, secureYamlFor } from '../../../src/auth/importers';

const AUTH = 'auth: {auth_url: "https://k/v3", username: u, project_name: p, user_domain_name: D, project_domain_name: D}';
const one = (cloud: string, publicText?: string) => {
  const r = readCloudsYaml({ text: `clouds:\n  c:\n${cloud.replace(/^/gm, '    ')}\n`, publicText });
  return r.imported[0] ?? r.skipped[0];
};
const imported = (cloud: string, publicText?: string) => {
  const r = one(cloud, publicText);
  assert.ok('profile' in r, JSON.stringify(r));
  return r;
};
const skipped = (cloud: string, publicText?: string) => {
  const r = one(cloud, publicText);
  assert.ok('reason' in r, JSON.stringify(r));
  return (r as { reason: string }).reason;
};

describe('auth/import/cloudsYaml: edges', () => {
  it('the secret of each auth type comes from its own key, never another', () => {
    const keys = 'password: pw, token: tok, application_credential_secret: acs, application_credential_id: acid';
    const all = `{auth_url: "https://k/v3", username: u, project_name: p, ${keys}}`;
    assert.equal(imported(`auth_type: v3applicationcredential\nauth: ${all}`).secret, 'acs');
    assert.equal(imported(`auth_type: v3token\nauth: ${all}`).secret, 'tok');
    assert.equal(imported(`auth_type: password\nauth: ${all}`).secret, 'pw');
    const totp = imported(`auth_type: v3totp\nauth: ${all}`);
    assert.deepEqual([totp.secret, totp.asksForSecret], [undefined, false]);
    assert.equal(imported(`auth: {auth_url: "https://k/v3", username: u, password: " spaced "}`).secret, ' spaced ', 'a password is kept as written');
    assert.equal(imported(`auth: {auth_url: "https://k/v3", username: u, password: 1234}`).secret, '1234');
    const none = imported(`auth: {auth_url: "https://k/v3", username: u, password: ""}`);
    assert.deepEqual([none.secret, none.asksForSecret], [undefined, true]);
  });

  it('without auth_type, a token and no password sign in with the token (as python-openstackclient does)', () => {
    const token = imported(`auth: {auth_url: "https://k/v3", project_name: p, token: tok}`);
    assert.deepEqual([token.profile.authType, token.secret], ['token', 'tok']);
    const both = imported(`auth: {auth_url: "https://k/v3", username: u, project_name: p, password: pw, token: tok}`);
    assert.deepEqual([both.profile.authType, both.secret], ['password', 'pw']);
  });

  it('auth keys at the top level move into auth, auth’s own values winning; domain_name stays a cloud key', () => {
    const c = imported('auth_url: "https://k/v3"\nusername: top\npassword: pw\nauth: {username: inner}\nproject_name: p\ndomain_name: Dom');
    assert.equal(c.profile.username, 'inner');
    assert.equal(c.secret, 'pw');
    assert.equal(c.profile.project, 'p');
    assert.equal(c.profile.userDomain, undefined);
    assert.deepEqual(c.notCarried, ['domain_name']);
    const inAuth = imported('auth: {auth_url: "https://k/v3", username: u, domain_name: Dom, domain_id: did}');
    assert.deepEqual(
      [inAuth.profile.userDomain, inAuth.profile.projectDomain, inAuth.profile.userDomainId, inAuth.profile.projectDomainId],
      ['Dom', 'Dom', 'did', 'did'],
    );
    const defaults = imported('auth: {auth_url: "https://k/v3", username: u, default_domain_name: dd, default_domain_id: ddi, tenant_name: t, tenant_id: ti}');
    assert.deepEqual(
      [defaults.profile.userDomain, defaults.profile.projectDomainId, defaults.profile.project, defaults.profile.projectId],
      ['dd', 'ddi', 't', 'ti'],
    );
  });

  it('dashed keys read as openstacksdk reads them (auth-url is auth_url), nested ones too', () => {
    const read = parseCloudsYaml(
      'clouds:\n  d:\n    auth:\n      auth-url: https://k.example/v3\n      username: u\n      project-name: p\n      user-domain-name: Users\n    region-name: R1\n    identity-api-version: 3\n',
    );
    assert.deepEqual(read.skipped, []);
    const p = read.imported[0].profile;
    assert.deepEqual([p.authUrl, p.project, p.userDomain, p.region, p.authVersion], ['https://k.example/v3', 'p', 'Users', 'R1', 'v3']);
    assert.deepEqual(read.imported[0].notCarried, []);
  });

  it('lists what no profile carries: unknown keys, auth.passcode, bad interfaces, a verify path', () => {
    const c = imported(`${AUTH}\nfoo: 1\ninterface: privateURL\nobject_store_interface: internalURL\nverify: /etc/ca.pem\nauth_methods: [password]`);
    assert.deepEqual(c.notCarried, ['foo', 'interface "privateURL" (not public, internal or admin)', 'verify (a path: give the CA file as cacert)']);
    assert.equal(c.profile.storageInterface, 'internal');
    assert.equal(c.profile.insecure, undefined);
    const p = imported(`auth: {auth_url: "https://k/v3", username: u, passcode: "123", extra: x}\nendpoint_type: adminURL\nverify: true`);
    assert.deepEqual(p.notCarried, ['auth.passcode (a one-time code is asked at each sign-in)', 'auth.extra']);
    assert.equal(p.profile.interface, 'admin');
    assert.equal(imported(`${AUTH}\ninsecure: "yes"`).profile.insecure, true);
    assert.equal(imported(`${AUTH}\nverify: "no"`).profile.insecure, true);
    assert.equal(imported(`${AUTH}\nverify: "yes"`).notCarried.length, 0);
  });

  it('regions: a list, a comma-separated region_name, regions entries with values; the preferred one first', () => {
    const list = imported(`${AUTH}\nregion_name: [A, B]`);
    assert.deepEqual([list.profile.region, list.profile.regions], ['A', ['A', 'B']]);
    const comma = imported(`${AUTH}\nregion_name: "A, B"`);
    assert.deepEqual([comma.profile.region, comma.profile.regions, comma.notCarried], ['A', ['A', 'B'], []]);
    const single = imported(`${AUTH}\nregion_name: A`);
    assert.deepEqual([single.profile.region, single.profile.regions], ['A', undefined]);
    const entries = imported(
      `${AUTH}\nregion_name: B\nregions:\n  - A\n  - name: B\n    values: {interface: internal, object_store_interface: admin, object_store_endpoint_override: "https://s/b", other: 1}`,
    );
    assert.equal(entries.profile.region, 'B');
    assert.deepEqual(entries.profile.regions, ['A', 'B']);
    assert.deepEqual(entries.profile.regionSettings, { B: { interface: 'internal', storageInterface: 'admin', storageUrl: 'https://s/b' } });
    assert.deepEqual(entries.notCarried, ['regions[B].values.other']);
    const oneEntry = imported(`${AUTH}\nregions: [A]`);
    assert.deepEqual(oneEntry.profile.regions, ['A'], 'a regions list of one is still a list');
    const bad = imported(`${AUTH}\nregions:\n  - name: A\n    values: {interface: nowhere}`);
    assert.deepEqual(bad.notCarried, ['regions[A].values.interface "nowhere" (not public, internal or admin)']);
    assert.equal(bad.profile.regionSettings, undefined);
    const notOne = imported(`${AUTH}\nregion_name: Z\nregions: [A, B]`);
    assert.equal(notOne.profile.region, 'A');
    assert.deepEqual(notOne.notCarried, ['region_name "Z" (not one of its regions: A, B)']);
  });

  it('skips a cloud with regions it cannot read, in one sentence naming it', () => {
    assert.equal(skipped(`${AUTH}\nregions: A`), 'Cloud "c" in clouds.yaml has regions that are not a list of region names or {name, values} entries.');
    assert.equal(skipped(`${AUTH}\nregions: [{name: A, values: 3}]`), 'Cloud "c" in clouds.yaml has a regions entry "A" whose values are not a mapping.');
    assert.equal(
      skipped(`${AUTH}\nregions: [A, {values: {}}]`),
      'Cloud "c" in clouds.yaml has a regions entry (number 2) with no name: give a name, or {name: …, values: {…}}.',
    );
    assert.equal(
      skipped(`${AUTH}\nregion_name: no`),
      'Cloud "c" in clouds.yaml has region_name false, which is not a name (YAML 1.1 reads yes/no/on/off as true/false): quote it.',
    );
    assert.equal(skipped('auth: {username: u}'), 'Cloud "c" in clouds.yaml has no auth.auth_url (nor a profile: that gives one).');
    assert.equal(skipped('- a list'), 'Cloud "c" in clouds.yaml is not a mapping of settings.');
    assert.match(
      skipped('auth: {auth_url: "https://k/v3"}\nauth_type: v3samlpassword'),
      /^Cloud "c" in clouds\.yaml uses auth_type v3samlpassword \(SAML sign-in\)/,
    );
    assert.match(skipped('auth: {auth_url: "not a url"}'), /^Cloud "c" in clouds\.yaml cannot be used: /);
  });

  it('vendor profiles: shipped, from clouds-public.yaml, unknown, shut down; their regions give way to the cloud’s', () => {
    const vexx = imported('profile: vexxhost\nauth: {username: u, project_name: p}');
    assert.equal(vexx.profile.authUrl, 'https://auth.vexxhost.net/v3');
    assert.deepEqual([vexx.profile.region, vexx.profile.regions], ['ca-ymq-1', ['ca-ymq-1']]);
    const own = imported('profile: switchengines\nregion_name: ZH\nauth: {username: u}');
    assert.deepEqual([own.profile.region, own.profile.regions], ['ZH', undefined], 'the cloud’s region replaces the vendor’s list');
    const viaCloud = imported('cloud: binero\nauth: {username: u}');
    assert.equal(viaCloud.profile.authUrl, 'https://auth.binero.cloud:5000/v3');
    const pub = 'public-clouds:\n  mine:\n    auth_url: "https://mine/v3"\n    region_name: M\n';
    const mine = imported('profile: mine\nauth: {username: u}', pub);
    assert.deepEqual([mine.profile.authUrl, mine.profile.region], ['https://mine/v3', 'M']);
    const unknown = imported('profile: elsewhere\nauth: {auth_url: "https://k/v3", username: u}');
    assert.deepEqual(unknown.notCarried, ['profile "elsewhere" (unknown here: only the cloud\'s own values were used)']);
    assert.match(
      skipped('profile: elsewhere\nauth: {username: u}'),
      /^Cloud "c" in clouds\.yaml uses profile "elsewhere", which is not one of openstacksdk's vendor profiles \(auro, /,
    );
    assert.match(skipped('profile: elsewhere\nauth: {username: u}'), /or define "elsewhere" under public-clouds: in clouds-public\.yaml\.$/);
    assert.equal(skipped('profile: bluebox\nauth: {username: u}'), 'Cloud "c" in clouds.yaml has no auth.auth_url, nor does its profile "bluebox".');
  });

  it('an auth URL with {region_name} takes the preferred region, and says the others are not carried', () => {
    const c = imported('auth: {auth_url: "https://{region_name}.k/v3", username: u}\nregion_name: [A, B]');
    assert.equal(c.profile.authUrl, 'https://A.k/v3');
    assert.deepEqual(c.notCarried, ['the auth URL of regions other than A (the profile signs in at https://A.k/v3)']);
    assert.equal(imported('auth: {auth_url: "https://%(region_name)s.k/v3", username: u}\nregion_name: A').notCarried.length, 0);
    assert.equal(
      skipped('auth: {auth_url: "https://{region_name}.k/v3", username: u}'),
      'Cloud "c" in clouds.yaml has an auth URL (https://{region_name}.k/v3) that depends on the region: add region_name.',
    );
  });

  it('versions: identity_api_version, else the auth type’s, else the URL’s; v1 URLs are v1', () => {
    assert.equal(imported(`${AUTH}\nidentity_api_version: 2`).profile.authVersion, 'v2.0');
    assert.equal(imported(`${AUTH}\nauth_type: v2password`).profile.authVersion, 'v2.0');
    assert.equal(imported('auth: {auth_url: "https://s/auth/v1.0", username: u}').profile.authType, 'v1');
    assert.equal(imported('auth: {auth_url: "https://s/auth", username: u}\nidentity_api_version: 1').profile.authVersion, 'v1');
    const mfa = imported(`${AUTH}\nauth_type: v3multifactor\nauth_methods: [v3password, v3totp]`);
    assert.deepEqual([mfa.profile.secondFactor, mfa.notCarried], ['totp', []]);
    assert.equal(imported(`${AUTH}\ncert: /both.pem`).profile.clientKeyFile, '/both.pem');
    assert.equal(imported(`${AUTH}\ncert: /c.pem\nkey: /k.pem`).profile.clientKeyFile, '/k.pem');
  });

  it('whole files: no clouds, secure.yaml merged, a file too large or not a mapping', () => {
    assert.throws(() => parseCloudsYaml('clouds: {}', undefined, 'x.yaml'), /^ImportError: x\.yaml has no "clouds:" section with at least one cloud\.$/);
    assert.throws(() => parseCloudsYaml(''), /clouds\.yaml has no "clouds:" section/);
    assert.throws(() => parseCloudsYaml('- a'), /^ImportError: clouds\.yaml does not hold a YAML mapping\.$/);
    assert.throws(
      () => parseCloudsYaml(`#${'x'.repeat(1024 * 1024)}`),
      /^ImportError: clouds\.yaml is larger than 1 MiB; it does not look like a clouds file\.$/,
    );
    assert.throws(() => parseCloudsYaml('clouds: {c: {}}', 'a: [', 'c.yaml'), /^ImportError: secure\.yaml is not valid YAML: /);
    const r = parseCloudsYaml('clouds:\n  c:\n    auth: {auth_url: "https://k/v3", username: u}\n', 'clouds:\n  c:\n    auth: {password: sec}\n');
    assert.equal(r.imported[0].secret, 'sec');
    assert.deepEqual(parseYaml11Dict('a: 0123\nb: 12345678901234567890123\nc: y\nd: yes\ne: 1.50', 'f'), {
      a: '0123',
      b: '12345678901234567890123',
      c: 'y',
      d: true,
      e: '1.50',
    });
    assert.deepEqual(deepMerge({ a: { x: 1, y: 2 }, b: 1 }, { a: { y: 3 }, b: { z: 1 } }), { a: { x: 1, y: 3 }, b: { z: 1 } });
    assert.equal(secureYamlFor('/d/clouds.yml'), '/d/secure.yml');
    assert.equal(secureYamlFor('/d/clouds.json'), '/d/secure.json');
  });

  it('takes secrets for a chosen clouds.yaml from the standard secure.yaml only when it is itself in a standard place', () => {
    const locations = configLocations('/w', '/home/u', {}, 'linux');
    const standard = '/home/u/.config/openstack/clouds.yaml';
    assert.deepEqual(secureFilesFor(standard, locations, {}).slice(0, 2), ['/home/u/.config/openstack/secure.yaml', '/w/secure.yaml']);
    assert.deepEqual(secureFilesFor(standard, locations, {}).slice(1), locations.secure);
    assert.deepEqual(secureFilesFor('/home/u/Downloads/clouds.yaml', locations, {}), ['/home/u/Downloads/secure.yaml'], 'a download: its own alone');
    assert.deepEqual(secureFilesFor('/home/u/Downloads/openstack.yaml', locations, {}), [], 'no secure file beside a file not named clouds.*');
    assert.deepEqual(secureFilesFor('/tmp/x/clouds.yml', locations, { OS_CLIENT_SECURE_FILE: '/etc/mine.yaml' }), ['/etc/mine.yaml', '/tmp/x/secure.yml']);
  });

  it('the summary: imported, skipped (with the sign-ins that failed), and what was not carried', () => {
    const read = parseCloudsYaml(`clouds:\n  a:\n    ${AUTH}\n    foo: 1\n  b:\n    ${AUTH}\n    bar: 2\n  bad: []\n`);
    assert.equal(
      importSummary('f.yaml', read, { imported: ['a'], notImported: [{ cloud: 'b', reason: 'sign-in failed.' }] }),
      'Imported from f.yaml: "a". Skipped: Cloud "bad" in clouds.yaml is not a mapping of settings. Cloud "b": sign-in failed. Not carried over from "a": foo.',
    );
    assert.equal(importSummary('f.yaml', { imported: [], skipped: [] }, { imported: [] }), 'Nothing was imported from f.yaml.');
  });

  it('a Swift v1 URL or identity version 1 makes a v1 profile, whatever the other one says', () => {
    const v1Url = imported('auth: {auth_url: "https://s/auth/v1.0", username: u}\nidentity_api_version: 3');
    assert.deepEqual([v1Url.profile.authType, v1Url.profile.authVersion], ['v1', 'v1']);
    const v1Version = imported('auth: {auth_url: "https://s/auth", username: u}\nidentity_api_version: 1');
    assert.deepEqual([v1Version.profile.authType, v1Version.profile.authVersion], ['v1', 'v1']);
    const slash = imported('auth: {auth_url: "https://s/auth/v1.0/", username: u}\nidentity_api_version: 3');
    assert.equal(slash.profile.authType, 'v1');
    const longer = imported('auth: {auth_url: "https://s/auth/v1.0x", username: u}\nidentity_api_version: 3');
    assert.deepEqual([longer.profile.authType, longer.profile.authVersion], ['password', 'v3'], 'only a URL ending in /auth/v1.0');
  });

  it('an application credential is found by its id or its name when no auth_type is given', () => {
    const byId = imported('auth: {auth_url: "https://k/v3", application_credential_id: id1, application_credential_secret: acs, password: pw}');
    assert.deepEqual([byId.profile.authType, byId.secret], ['applicationCredential', 'acs']);
    const byName = imported('auth: {auth_url: "https://k/v3", application_credential_name: n1, username: u, application_credential_secret: acs}');
    assert.deepEqual([byName.profile.authType, byName.profile.applicationCredentialName, byName.secret], ['applicationCredential', 'n1', 'acs']);
  });

  it('region lists: empty ones and empty names give no region; one name from a comma list is a single region', () => {
    const empty = imported(`${AUTH}\nregions: []`);
    assert.deepEqual([empty.profile.region, empty.profile.regions], [undefined, undefined]);
    const trailing = imported(`${AUTH}\nregion_name: "A,"`);
    assert.deepEqual([trailing.profile.region, trailing.profile.regions, trailing.notCarried], ['A', undefined, []]);
    const gap = imported(`${AUTH}\nregion_name: "A,,B"`);
    assert.deepEqual(gap.profile.regions, ['A', 'B']);
    const named = imported(`${AUTH}\nregions:\n  - name: A\n  - name: B\n    values: {object_store_interface: nowhere}`);
    assert.deepEqual([named.profile.regions, named.profile.regionSettings], [['A', 'B'], undefined], 'an entry without values is fine');
    assert.deepEqual(named.notCarried, ['regions[B].values.object_store_interface "nowhere" (not public, internal or admin)']);
  });

  it('the cloud’s own regions list replaces the profile’s region_name too', () => {
    const pub = 'public-clouds:\n  mine:\n    auth_url: "https://mine/v3"\n    region_name: M\n';
    const c = imported('profile: mine\nregions: [R1, R2]\nauth: {username: u}', pub);
    assert.deepEqual([c.profile.region, c.profile.regions, c.notCarried], ['R1', ['R1', 'R2'], []]);
  });

  it('domain_id at the top level stays a cloud key, as domain_name does', () => {
    const c = imported('auth: {auth_url: "https://k/v3", username: u}\ndomain_id: did');
    assert.deepEqual([c.profile.userDomainId, c.profile.projectDomainId, c.notCarried], [undefined, undefined, ['domain_id']]);
  });

  it('an empty auth: keeps the profile’s auth URL; a password YAML reads as a boolean or null is asked, not used', () => {
    const c = imported('profile: vexxhost\nauth_type: token\nauth:');
    assert.deepEqual([c.profile.authUrl, c.profile.authType, c.asksForSecret], ['https://auth.vexxhost.net/v3', 'token', true]);
    for (const password of ['yes', '~', 'false']) {
      const p = imported(`auth: {auth_url: "https://k/v3", username: u, password: ${password}}`);
      assert.deepEqual([p.secret, p.asksForSecret], [undefined, true], password);
    }
  });

  it('every problem of a cloud that cannot be used is its own sentence', () => {
    const reason = skipped('auth: {auth_url: "ftp://k/v3"}');
    assert.match(reason, /^Cloud "c" in clouds\.yaml cannot be used: .+\. A password profile needs a user name or user id\.$/);
  });

  it('a clouds-public.yaml that is not YAML is named as such', () => {
    assert.throws(() => parseCloudsYaml('clouds: {c: {}}', undefined, 'c.yaml', 'a: ['), /^ImportError: clouds-public\.yaml is not valid YAML: /);
  });

  it('YAML 1.1: exactly 1 MiB is read; merge keys; on/On/ON are booleans', () => {
    const head = 'clouds: {c: {auth: {auth_url: "https://k/v3", username: u}}}\n#';
    const text = head + 'x'.repeat(1024 * 1024 - head.length);
    assert.equal(text.length, 1024 * 1024);
    assert.equal(parseCloudsYaml(text).imported.length, 1);
    const merged = parseCloudsYaml('base: &b {auth_url: "https://k/v3", username: u}\nclouds:\n  c:\n    auth:\n      <<: *b\n      project_name: p\n');
    assert.deepEqual([merged.imported[0].profile.authUrl, merged.imported[0].profile.username, merged.imported[0].profile.project], ['https://k/v3', 'u', 'p']);
    assert.deepEqual(parseYaml11Dict('a: on\nb: On\nc: ON\nd: off', 'f'), { a: true, b: true, c: true, d: false });
  });

  it('deepMerge: a mapping is replaced, not merged, by a value that is not one', () => {
    assert.deepEqual(deepMerge({ a: { x: 1 }, b: { y: 2 } }, { a: 'text', b: 5 }), { a: 'text', b: 5 });
  });

  it('the summary lists several imported clouds and several keys not carried, each separated', () => {
    const read = parseCloudsYaml(`clouds:\n  a:\n    ${AUTH}\n    foo: 1\n    bar: 2\n  b:\n    ${AUTH}\n`);
    assert.equal(importSummary('f.yaml', read, { imported: ['a', 'b'] }), 'Imported from f.yaml: "a", "b". Not carried over from "a": foo, bar.');
  });

  it('secure.yaml beside a clouds file: only the file name changes, not a folder named like one', () => {
    assert.equal(secureYamlFor('/h/clouds.yml.d/clouds.yaml'), '/h/clouds.yml.d/secure.yaml');
  });

  it('an empty clouds: or an empty cloud is a sentence, not a crash', () => {
    assert.throws(() => parseCloudsYaml('clouds:'), /^ImportError: clouds\.yaml has no "clouds:" section with at least one cloud\.$/);
    assert.equal(skipped(''), 'Cloud "c" in clouds.yaml is not a mapping of settings.');
  });
});

/**
 * The editor's environment as a profile (OS_CLOUD or OS_* variables), and a profile's network config: which
 * secret goes where (the proxy password only to the profile's own proxy, the key passphrase only with a client
 * certificate), found by mutation testing.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profileFromEnvironment, readTextSync } from '../../../src/auth/environment';
import { keyPassphraseKey, networkConfigFor, proxyPasswordKey } from '../../../src/auth/network';
import type { Profile } from '../../../src/auth/profile';
import type { SecretStore } from '../../../src/auth/session';

const CLOUDS = `clouds:
  lab:
    auth:
      auth_url: https://keystone.example/v3
      username: alice
      project_name: p
      user_domain_name: Default
      project_domain_name: Default
    region_name: R1
  app:
    auth_type: v3applicationcredential
    auth:
      auth_url: https://keystone.example/v3
      application_credential_id: ac
      application_credential_secret: "s3cr\\"et%"
  broken:
    auth_type: v3oidcpassword
    auth:
      auth_url: https://keystone.example/v3
`;

describe('auth/environment: the editor’s environment as a profile', () => {
  const files = new Map<string, string>();
  const readText = (path: string) => files.get(path);
  beforeEach(() => files.clear());

  it('without OS_CLOUD, reads the OS_* variables (named "Environment")', () => {
    const p = profileFromEnvironment({ OS_AUTH_URL: 'https://k/v3', OS_USERNAME: 'u', OS_PASSWORD: 'pw' }, readText, '/cwd', '/home/u');
    assert.equal(p?.profile.name, 'Environment');
    assert.equal(p?.secret, 'pw');
    assert.equal(profileFromEnvironment({ OS_CLOUD: '  ' }, readText, '/cwd', '/home/u'), undefined, 'a blank OS_CLOUD is none');
  });

  it('OS_CLOUD: the cloud of the first clouds.yaml found, its secret, or OS_PASSWORD for a password cloud without one', () => {
    files.set('/home/u/.config/openstack/clouds.yaml', CLOUDS);
    files.set('/etc/openstack/clouds.yaml', 'clouds: {other: {auth: {auth_url: "https://x/v3"}}}');
    const lab = profileFromEnvironment({ OS_CLOUD: ' lab ', OS_PASSWORD: 'from-env' }, readText, '/cwd', '/home/u')!;
    assert.equal(lab.profile.name, 'Environment (OS_CLOUD=lab)');
    assert.equal(lab.profile.username, 'alice');
    assert.equal(lab.secret, 'from-env');
    assert.equal(lab.asksForSecret, false);
    assert.equal(lab.refused, undefined);
    const asking = profileFromEnvironment({ OS_CLOUD: 'lab' }, readText, '/cwd', '/home/u')!;
    assert.deepEqual([asking.secret, asking.asksForSecret], [undefined, true]);
    assert.equal(lab.profile.region, 'R1', "the cloud's region");
    assert.equal(
      profileFromEnvironment({ OS_CLOUD: 'lab', OS_REGION_NAME: ' R2 ' }, readText, '/cwd', '/home/u')!.profile.region,
      'R2',
      'OS_REGION_NAME over it',
    );
    const app = profileFromEnvironment({ OS_CLOUD: 'app', OS_PASSWORD: 'not-this' }, readText, '/cwd', '/home/u')!;
    assert.equal(app.secret, 's3cr"et%', 'the application credential secret, never OS_PASSWORD');
    assert.equal(app.profile.authType, 'applicationCredential');
  });

  it("reads the working directory's clouds.yaml first, as openstacksdk does, and not at all without one (Restricted Mode)", () => {
    files.set('/repo/clouds.yaml', 'clouds:\n  lab:\n    auth:\n      auth_url: https://evil.example/v3\n      username: alice\n');
    files.set('/home/u/.config/openstack/clouds.yaml', CLOUDS);
    files.set('/home/u/.config/openstack/secure.yaml', 'clouds:\n  lab:\n    auth:\n      password: users-real-password\n');
    assert.equal(profileFromEnvironment({ OS_CLOUD: 'lab' }, readText, '/repo', '/home/u')?.profile.authUrl, 'https://evil.example/v3');
    for (const env of [{ OS_CLOUD: 'lab' }, { OS_CLOUD: 'lab', OS_PASSWORD: 'env-pw' }]) {
      const untrusted = profileFromEnvironment(env, readText, undefined, '/home/u')!;
      assert.equal(untrusted.profile.authUrl, 'https://keystone.example/v3', "the user's own cloud, not the repository's");
      assert.equal(untrusted.secret, 'users-real-password');
    }
    files.delete('/home/u/.config/openstack/clouds.yaml');
    assert.match(profileFromEnvironment({ OS_CLOUD: 'lab', OS_PASSWORD: 'env-pw' }, readText, undefined, '/home/u')?.refused ?? '', /no clouds\.yaml/);
  });

  it('takes secure.yaml and OS_CLIENT_CONFIG_FILE into account', () => {
    files.set('/tmp/mine.yaml', CLOUDS);
    files.set('/home/u/.config/openstack/secure.yaml', 'clouds:\n  lab:\n    auth:\n      password: from-secure\n');
    const lab = profileFromEnvironment({ OS_CLOUD: 'lab', OS_CLIENT_CONFIG_FILE: '/tmp/mine.yaml', OS_PASSWORD: 'env' }, readText, '/cwd', '/home/u')!;
    assert.equal(lab.secret, 'from-secure');
  });

  it('says why OS_CLOUD gives no usable profile: no file, a cloud not defined, a skipped cloud, a file that is not YAML', () => {
    const why = (env: Record<string, string>) => {
      const p = profileFromEnvironment(env, readText, '/cwd', '/home/u')!;
      assert.deepEqual(p.profile, { name: `Environment (OS_CLOUD=${env.OS_CLOUD})`, authUrl: '', authVersion: 'auto', authType: 'password' });
      assert.equal(p.asksForSecret, true);
      return p.refused;
    };
    assert.equal(
      why({ OS_CLOUD: 'lab' }),
      'OS_CLOUD is "lab", but there is no clouds.yaml in /cwd, /home/u/.config/openstack, /etc/xdg/openstack, /etc/openstack.',
    );
    files.set('/cwd/clouds.yml', CLOUDS);
    assert.equal(why({ OS_CLOUD: 'nope' }), 'OS_CLOUD is "nope", which /cwd/clouds.yml does not define (it has lab, app, broken).');
    assert.match(
      why({ OS_CLOUD: 'broken' })!,
      /^OS_CLOUD names a cloud that cannot be used: Cloud "broken" in \/cwd\/clouds\.yml uses auth_type v3oidcpassword/,
    );
    files.set('/cwd/clouds.yml', 'clouds: [');
    assert.match(why({ OS_CLOUD: 'lab' })!, /^OS_CLOUD is "lab": /);
  });

  it('readTextSync reads a file, and gives undefined for one that is not there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oss-env-'));
    try {
      writeFileSync(join(dir, 'f'), 'text ☁');
      assert.equal(readTextSync(join(dir, 'f')), 'text ☁');
      assert.equal(readTextSync(join(dir, 'missing')), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('OS_PASSWORD stands in only for a password: never as an application credential’s or a token’s secret', () => {
    const text =
      'clouds:\n  ac:\n    auth_type: v3applicationcredential\n    auth: {auth_url: "https://k/v3", application_credential_id: id1}\n' +
      '  tok:\n    auth_type: token\n    auth: {auth_url: "https://k/v3"}\n';
    const at = (cloud: string) =>
      profileFromEnvironment({ OS_CLOUD: cloud, OS_PASSWORD: 'env-pw' }, (p) => (p === '/w/clouds.yaml' ? text : undefined), '/w', '/h')!;
    for (const cloud of ['ac', 'tok']) assert.deepEqual([at(cloud).secret, at(cloud).asksForSecret], [undefined, true], cloud);
  });

  it('a reader failing on secure.yaml is not taken for a problem of the user’s file', () => {
    const read = (p: string) => {
      if (p.endsWith('/secure.yaml')) throw new Error('EIO: the disk broke');
      return p === '/w/clouds.yaml' ? CLOUDS : undefined;
    };
    assert.throws(() => profileFromEnvironment({ OS_CLOUD: 'lab' }, read, '/w', '/h'), /^Error: EIO: the disk broke$/);
  });
});

describe('auth/network: a profile’s network config and its secrets', () => {
  const secrets = (values: Record<string, string>): SecretStore & { asked: string[] } => {
    const asked: string[] = [];
    return {
      asked,
      get: async (key) => {
        asked.push(key);
        return values[key];
      },
      store: async () => undefined,
      delete: async () => undefined,
    };
  };
  const base: Profile = { id: 'pid', name: 'n', authUrl: 'https://k/v3', authVersion: 'v3', authType: 'password' };
  const stored = { [proxyPasswordKey('pid')]: 'proxy-pw', [keyPassphraseKey('pid')]: 'key-pass' };

  it('names the secret keys per profile', () => {
    assert.equal(proxyPasswordKey('a'), 'openstackStorage.profile.a.proxyPassword');
    assert.equal(keyPassphraseKey('a'), 'openstackStorage.profile.a.keyPassphrase');
  });

  it('gives the proxy password to the profile’s own proxy, and asks for no secret it does not need', async () => {
    const store = secrets(stored);
    const config = await networkConfigFor({ ...base, proxy: 'http://proxy.example:3128' }, {}, {}, store)();
    assert.equal(config.proxy?.httpProxy, 'http://proxy.example:3128');
    assert.equal(config.proxy?.password, 'proxy-pw');
    assert.deepEqual(store.asked, [proxyPasswordKey('pid')]);
    assert.equal(config.tls!.clientCertificate, undefined);

    const none = secrets(stored);
    const plain = await networkConfigFor(base, { proxy: 'http://editor:8080' }, {}, none)();
    assert.deepEqual(none.asked, [], 'no proxy of its own, no certificate: no secret read');
    assert.equal(plain.proxy?.httpProxy, 'http://editor:8080');
    assert.equal(plain.proxy?.password, undefined);
  });

  it('leaves the editor’s proxy out when http.proxySupport is off', async () => {
    const config = await networkConfigFor(base, { proxy: 'http://editor:8080', proxySupport: 'off' }, {}, secrets({}))();
    assert.equal(config.proxy, undefined);
    const on = await networkConfigFor(base, { proxy: 'http://editor:8080', proxySupport: 'override' }, {}, secrets({}))();
    assert.equal(on.proxy?.httpProxy, 'http://editor:8080');
  });

  it('hands the key passphrase over only with both a certificate and a key; CA files from the profile and OS_CACERT', async () => {
    const store = secrets(stored);
    const config = await networkConfigFor(
      { ...base, clientCertFile: '/c.pem', clientKeyFile: '/k.pem', caFile: '/ca.pem' },
      {},
      { OS_CACERT: '/env-ca.pem' },
      store,
    )();
    assert.deepEqual(config.tls!.clientCertificate, {
      certFile: '/c.pem',
      keyFile: '/k.pem',
      passphrase: 'key-pass',
      source: `the profile's "clientCertFile" / "clientKeyFile"`,
    });
    assert.deepEqual(store.asked, [keyPassphraseKey('pid')]);
    assert.deepEqual(config.tls!.caFiles, ['/ca.pem', '/env-ca.pem']);
    assert.equal(config.tls!.systemCertificates, true);
    assert.equal(config.tls!.insecure, false);

    const certOnly = secrets(stored);
    const half = await networkConfigFor({ ...base, clientCertFile: '/c.pem' }, { systemCertificates: false }, {}, certOnly)();
    assert.equal(half.tls!.clientCertificate, undefined);
    assert.deepEqual(certOnly.asked, []);
    assert.deepEqual(half.tls!.caFiles, []);
    assert.equal(half.tls!.systemCertificates, false);

    const insecure = await networkConfigFor({ ...base, insecure: true }, {}, {}, secrets({}))();
    assert.equal(insecure.tls!.insecure, true);
  });
});

/**
 * The import corpus (fixtures/README.md): every file written as openstacksdk, Horizon, providers and
 * python-swiftclient document them, with the profile it must give or the sentence it must produce.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ImportError, parseOpenRc, profileFromVariables, readCloudsYaml } from '../../../src/auth/importers';
import { profileFromEnvironment } from '../../../src/auth/environment';
import { readShellAssignments } from '../../../src/auth/import/shell';
import type { Profile } from '../../../src/auth/profile';

const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'unit', 'auth', 'fixtures');
const read = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

type Draft = Omit<Profile, 'id'>;

interface Gives {
  profile: Draft;
  secret?: string;
  asksForSecret?: boolean;
  notCarried?: string[];
  asks?: string[];
}

type Row =
  | { file: string; secure?: string; public?: string; imported: Record<string, Gives>; skipped?: Record<string, RegExp> }
  | { file: string; openrc: Gives | RegExp }
  | { file: string; env: Gives | RegExp };

const KEYSTONE = 'https://keystone.example.com:5000/v3';
const OVH_REGIONS = ['BHS', 'BHS1', 'BHS3', 'DE', 'DE1', 'GRA', 'GRA1', 'GRA5', 'SBG', 'SBG1', 'SBG5', 'UK', 'UK1', 'WAW', 'WAW1'];
const pw = (name: string, extra: Partial<Draft> = {}): Draft => ({ name, authUrl: KEYSTONE, authVersion: 'v3', authType: 'password', ...extra });
const regional = (name: string, extra: Partial<Draft>, version: Draft['authVersion'] = 'v3'): Draft =>
  pw(name, { authVersion: version, username: 'alice', userDomain: 'Default', project: 'web', projectDomain: 'Default', ...extra });

const VENDOR_CLOUDS: Record<string, Gives> = {
  mtvexx: {
    profile: {
      ...pw('mtvexx'),
      authUrl: 'https://auth.vexxhost.net/v3',
      username: 'mordred@inaugust.com',
      project: 'mordred@inaugust.com',
      region: 'ca-ymq-1',
    },
    secret: 'from-secure-yaml',
    notCarried: ['dns_api_version'],
  },
  mordred: {
    profile: {
      name: 'mordred',
      authUrl: 'https://montytaylor-sjc.openstack.blueboxgrid.com:5001/v2.0',
      authVersion: 'auto',
      authType: 'password',
      username: 'mordred',
      project: 'shade',
      region: 'RegionOne',
    },
    secret: 'XXXXXXX',
  },
  infra: {
    profile: {
      name: 'infra',
      authUrl: 'https://identity.api.rackspacecloud.com/v2.0/',
      authVersion: 'auto',
      authType: 'password',
      username: 'openstackci',
      projectId: '610275',
      region: 'DFW',
      regions: ['DFW', 'ORD', 'IAD'],
    },
    secret: 'XXXXXXXX',
  },
  'ovh-all': {
    profile: {
      ...pw('ovh-all'),
      authUrl: 'https://auth.cloud.ovh.net/',
      username: 'u-ovh',
      project: '1234567890123456',
      userDomain: 'Default',
      projectDomain: 'Default',
      region: 'BHS',
      regions: OVH_REGIONS,
    },
    asksForSecret: true,
  },
  'citycloud-lon': {
    profile: {
      ...pw('citycloud-lon'),
      authUrl: 'https://Lon1.citycloud.com:5000/v3/',
      username: 'cc-user',
      project: 'cc-project',
      userDomainId: 'd0',
      projectDomainId: 'd0',
      region: 'Lon1',
    },
  },
  mystery: {
    profile: {
      ...pw('mystery'),
      authUrl: 'https://keystone.private.example:5000/v3',
      username: 'someone',
      userDomain: 'Staff',
      region: 'north',
      regions: ['north', 'south'],
    },
  },
  'mystery-with-url': {
    profile: {
      ...pw('mystery-with-url'),
      authUrl: 'https://keystone.private.example:5000/v3',
      username: 'someone',
      userDomain: 'Staff',
      region: 'north',
      regions: ['north', 'south'],
    },
  },
};

const { mystery: _mystery, ...VENDOR_CLOUDS_WITHOUT_PUBLIC } = VENDOR_CLOUDS;

const ROWS: Row[] = [
  {
    file: 'clouds/openstacksdk-vendors.yaml',
    secure: 'clouds/openstacksdk-secure.yaml',
    public: 'clouds/openstacksdk-public.yaml',
    imported: VENDOR_CLOUDS,
    skipped: { gone: /Cloud "gone" in .* uses profile "internap", a cloud that has shut down \(Internap have been rebranded as HorizonIQ\)\./ },
  },
  {
    file: 'clouds/openstacksdk-vendors.yaml',
    imported: {
      ...VENDOR_CLOUDS_WITHOUT_PUBLIC,
      mtvexx: { ...VENDOR_CLOUDS.mtvexx, secret: 'XXXXXXXXX' },
      'mystery-with-url': {
        profile: { ...pw('mystery-with-url'), authUrl: 'https://keystone.private.example:5000/v3', authVersion: 'auto', username: 'someone' },
        notCarried: ['profile "my-private-cloud" (unknown here: only the cloud\'s own values were used)'],
      },
    },
    skipped: {
      mystery:
        /Cloud "mystery" in .* uses profile "my-private-cloud", which is not one of openstacksdk's vendor profiles \(auro, .*vexxhost\) nor in clouds-public\.yaml\. Give the cloud its own auth: auth_url \(and region_name\), or define "my-private-cloud" under public-clouds: in clouds-public\.yaml\./,
      gone: /shut down/,
    },
  },
  {
    file: 'clouds/openstacksdk-regions.yaml',
    imported: {
      listed: { profile: regional('listed', { region: 'RegionTwo', regions: ['RegionTwo', 'RegionOne'] }, 'auto'), secret: 'pw' },
      commas: { profile: regional('commas', { region: 'RegionOne', regions: ['RegionOne', 'RegionTwo'] }, 'auto'), secret: 'pw' },
      'per-region': {
        profile: regional(
          'per-region',
          {
            region: 'RegionTwo',
            regions: ['RegionOne', 'RegionTwo', 'RegionThree'],
            regionSettings: {
              RegionOne: { interface: 'internal' },
              RegionTwo: { storageUrl: 'https://swift-two.example.com/v1/AUTH_%(project_id)s' },
            },
          },
          'auto',
        ),
        secret: 'pw',
        notCarried: ['regions[RegionTwo].values.compute_api_version'],
      },
    },
    skipped: {
      nameless: /Cloud "nameless" in .* has a regions entry \(number 1\) with no name: give a name, or \{name: …, values: \{…\}\}\./,
      norway: /Cloud "norway" in .* has region_name false, which is not a name \(YAML 1\.1 reads yes\/no\/on\/off as true\/false\): quote it\./,
    },
  },
  {
    file: 'clouds/openstacksdk-yaml11.yaml',
    imported: {
      merged: {
        profile: {
          ...pw('merged'),
          username: '0042',
          userDomainId: 'default',
          projectId: '00123456789012345678901234567890',
          interface: 'public',
          insecure: true,
        },
        secret: '12345678901234567890',
      },
      tls: {
        profile: {
          ...pw('tls'),
          authVersion: 'auto',
          username: 'alice',
          userDomain: 'Default',
          caFile: '/etc/ssl/cloud-ca.pem',
          clientCertFile: '/home/alice/.config/openstack/client.pem',
          clientKeyFile: '/home/alice/.config/openstack/client.key',
          storageUrl: 'https://swift.example.com/v1/AUTH_%(project_id)s',
          storageInterface: 'internal',
        },
        notCarried: ['api_timeout'],
      },
    },
  },
  {
    file: 'clouds/openstacksdk-authtypes.yaml',
    imported: {
      mfa: { profile: regional('mfa', { secondFactor: 'totp' }), asksForSecret: true },
      'totp-only': {
        profile: { ...pw('totp-only'), authType: 'totp', username: 'alice', userDomain: 'Default' },
        asksForSecret: false,
        notCarried: ['auth.passcode (a one-time code is asked at each sign-in)'],
      },
      token: { profile: { ...pw('token'), authType: 'token', projectId: 'p1' }, secret: 'gAAAAABtoken' },
      v2: {
        profile: { ...pw('v2'), authUrl: 'https://keystone.example.com:5000/v2.0', authVersion: 'v2.0', username: 'alice', project: 'web' },
        secret: 'pw',
      },
    },
    skipped: {
      oidc: /Cloud "oidc" in .* uses auth_type v3oidcpassword \(OpenID Connect sign-in\), which this extension does not support: use a password, an application credential or a token\./,
      'mfa-other':
        /uses auth_type v3multifactor with auth_methods v3password \+ v3applicationcredential, which is not supported: only v3password \+ v3totp is\./,
      'made-up': /uses auth_type "v3magic", which is not one openstacksdk knows/,
    },
  },
  {
    file: 'clouds/horizon-password.yaml',
    imported: {
      openstack: {
        profile: regional('openstack', { projectDomain: undefined, projectId: '7c1bc0bb3e3d4ae8a0b4c0e0d5a3d7f1', region: 'RegionOne', interface: 'public' }),
        asksForSecret: true,
      },
    },
  },
  {
    file: 'clouds/horizon-appcred.yaml',
    imported: {
      openstack: {
        profile: {
          ...pw('openstack'),
          authType: 'applicationCredential',
          applicationCredentialId: '21dced0fd20347869b93710d2b98aae0',
          region: 'RegionOne',
          interface: 'public',
        },
        secret: 'appcred-secret-value',
      },
    },
  },
  {
    file: 'openrc/horizon-v3-openrc.sh',
    openrc: {
      profile: {
        ...pw('web'),
        username: 'alice',
        userDomain: 'Default',
        project: 'web',
        projectId: '7c1bc0bb3e3d4ae8a0b4c0e0d5a3d7f1',
        projectDomainId: 'default',
        region: 'RegionOne',
        interface: 'public',
      },
      asksForSecret: true,
      asks: [],
    },
  },
  {
    file: 'openrc/horizon-appcred-openrc.sh',
    openrc: {
      profile: {
        ...pw('horizon-appcred-openrc'),
        authType: 'applicationCredential',
        applicationCredentialId: '21dced0fd20347869b93710d2b98aae0',
        region: 'RegionOne',
        interface: 'public',
      },
      secret: 'appcred-secret-value',
    },
  },
  {
    file: 'openrc/provider-v2-openrc.sh',
    openrc: {
      profile: {
        name: '1234567890123456',
        authUrl: 'https://auth.provider.example:5000/v2.0',
        authVersion: 'auto',
        authType: 'password',
        username: 'u-AbCdEf',
        project: '1234567890123456',
        projectId: 'a1b2c3d4e5f6',
        region: 'GRA',
      },
      asksForSecret: true,
    },
  },
  {
    file: 'openrc/provider-defaults-openrc.sh',
    openrc: {
      profile: {
        ...pw('team blue'),
        authUrl: 'https://auth.provider.example/v3',
        username: "it's-me",
        userDomain: 'Default',
        project: 'team blue',
        projectDomain: 'Default',
        region: 'GRA7',
      },
      secret: 'pa\tss!',
    },
  },
  {
    file: 'openrc/provider-passmanager-openrc.sh',
    openrc: { profile: regional('web', { username: undefined }), asksForSecret: true, asks: ['username'] },
  },
  {
    file: 'openrc/provider-oidc-openrc.sh',
    openrc:
      /^The OpenRC file uses OS_AUTH_TYPE v3oidcpassword \(OpenID Connect sign-in\), which this extension does not support: use a password, an application credential or a token\.$/,
  },
  {
    file: 'env/swiftclient-v1.env',
    env: {
      profile: { name: 'Environment', authUrl: 'http://swift.example.com:8080/auth/v1.0', authVersion: 'v1', authType: 'v1', username: 'test:tester' },
      secret: 'testing',
    },
  },
  {
    file: 'env/swiftclient-v2.env',
    env: {
      profile: { ...pw('Environment'), authUrl: 'https://keystone.example.com:5000/v2.0', authVersion: 'v2.0', username: 'alice', project: 'web' },
      secret: 'pw',
    },
  },
  { file: 'env/swiftclient-v3.env', env: { profile: regional('Environment', {}), secret: 'pw' } },
  {
    file: 'env/preauthenticated.env',
    env: {
      profile: {
        name: 'Environment',
        authUrl: 'https://swift.example.com/v1/AUTH_7c1bc0bb',
        authVersion: 'v1',
        authType: 'storageToken',
        storageUrl: 'https://swift.example.com/v1/AUTH_7c1bc0bb',
      },
      secret: 'gAAAAABpreauth',
    },
  },
  {
    file: 'env/client-cert.env',
    env: {
      profile: {
        ...pw('Environment'),
        authVersion: 'auto',
        username: 'alice',
        userDomain: 'Default',
        caFile: '/etc/ssl/cloud-ca.pem',
        clientCertFile: '/home/alice/client.pem',
        clientKeyFile: '/home/alice/client.key',
      },
      secret: 'pw',
    },
  },
  {
    file: 'env/os-cloud.env',
    env: {
      profile: {
        ...pw('Environment (OS_CLOUD=mtvexx)'),
        authUrl: 'https://auth.vexxhost.net/v3',
        username: 'mordred@inaugust.com',
        project: 'mordred@inaugust.com',
        region: 'ca-ymq-1',
      },
      secret: 'from-secure-yaml',
    },
  },
  { file: 'env/os-cloud-missing.env', env: /^OS_CLOUD is "nowhere", which clouds\/horizon-password\.yaml does not define \(it has openstack\)\.$/ },
];

function check(what: string, got: { profile: Draft; secret?: string; asksForSecret: boolean; notCarried?: string[]; asks?: string[] }, want: Gives) {
  assert.deepEqual(got.profile, JSON.parse(JSON.stringify(want.profile)), `${what}: profile`);
  assert.equal(got.secret, want.secret, `${what}: secret`);
  assert.equal(got.asksForSecret, want.asksForSecret ?? want.secret === undefined, `${what}: asks for the secret`);
  if (want.notCarried || got.notCarried?.length) assert.deepEqual(got.notCarried, want.notCarried ?? [], `${what}: not carried over`);
  if (want.asks) assert.deepEqual(got.asks, want.asks, `${what}: fields asked`);
}

/** Relative paths are fixtures; nothing of the machine's own (~/.config/openstack, /etc/openstack) is read. */
const fixtureText = (path: string) => (isAbsolute(path) ? undefined : read(path));

describe('import corpus (fixtures written from the documented formats)', () => {
  for (const row of ROWS) {
    if ('imported' in row) {
      const label = `${row.file}${row.secure ? ' + secure.yaml' : ''}${row.public ? ' + clouds-public.yaml' : ''}`;
      it(label, () => {
        const result = readCloudsYaml({
          text: read(row.file),
          file: row.file,
          secureText: row.secure && read(row.secure),
          publicText: row.public && read(row.public),
        });
        assert.deepEqual(
          result.imported.map((c) => c.cloud),
          Object.keys(row.imported),
          'imported clouds',
        );
        for (const c of result.imported) check(`${row.file} cloud ${c.cloud}`, c, row.imported[c.cloud]);
        const skipped = row.skipped ?? {};
        assert.deepEqual(result.skipped.map((s) => s.cloud).sort(), Object.keys(skipped).sort(), 'skipped clouds');
        for (const s of result.skipped) assert.match(s.reason, skipped[s.cloud], `${row.file} cloud ${s.cloud}`);
      });
    } else if ('openrc' in row) {
      it(row.file, () => {
        const name = row.file.replace(/^.*\//, '').replace(/\.sh$/, '');
        if (row.openrc instanceof RegExp) {
          const pattern = row.openrc;
          assert.throws(
            () => parseOpenRc(read(row.file), name),
            (e: unknown) => e instanceof ImportError && pattern.test(e.message),
          );
        } else check(row.file, parseOpenRc(read(row.file), name), row.openrc);
      });
    } else {
      it(row.file, () => {
        const { vars } = readShellAssignments(read(row.file));
        const got = vars.OS_CLOUD
          ? profileFromEnvironment(vars, fixtureText, '/nonexistent-cwd', '/nonexistent-home')
          : profileFromVariables(vars, 'Environment');
        assert.ok(got, 'a profile');
        if (row.env instanceof RegExp) assert.match(got.refused ?? '', row.env);
        else {
          assert.equal(got.refused, undefined);
          check(row.file, got, row.env);
        }
      });
    }
  }
});

/**
 * Every vendor profile openstacksdk ships, named by a clouds.yaml cloud (`profile: NAME`): the auth URL, identity
 * API version, regions, interface, auth type and domains the profile must get. The expected values are written
 * from openstacksdk's own files (openstack/config/vendors/NAME.json), not from the table they check.
 */
import * as assert from 'node:assert/strict';
import { readCloudsYaml, type ImportedCloud } from '../../../src/auth/import/cloudsYaml';
import { VENDOR_PROFILES, vendorAsCloud } from '../../../src/auth/import/vendors';
import type { Profile } from '../../../src/auth/profile';

type Draft = Omit<Profile, 'id'>;

/** What openstacksdk's file says, as the profile gives it: region is the first region unless region_name says. */
const VENDORS: Record<string, Partial<Draft>> = {
  auro: { authUrl: 'https://api.van2.auro.io:5000/v3', authVersion: 'v3', region: 'RegionOne', userDomain: 'Default', projectDomain: 'Default' },
  betacloud: { authUrl: 'https://api-1.betacloud.io:5000', authVersion: 'v3', region: 'betacloud-1', regions: ['betacloud-1'] },
  binero: { authUrl: 'https://auth.binero.cloud:5000/v3', authVersion: 'v3', region: 'europe-se-1', regions: ['europe-se-1'] },
  catalyst: { authUrl: 'https://api.cloud.catalyst.net.nz:5000/v2.0', authVersion: 'auto', region: 'nz-por-1', regions: ['nz-por-1', 'nz_wlg_2'] },
  citycloud: {
    authUrl: 'https://Buf1.citycloud.com:5000/v3/',
    authVersion: 'v3',
    region: 'Buf1',
    regions: ['Buf1', 'Fra1', 'Lon1', 'Sto2', 'Kna1', 'dx1', 'tky1'],
  },
  conoha: { authUrl: 'https://identity.sin1.conoha.io', authVersion: 'v2.0', region: 'sin1', regions: ['sin1', 'sjc1', 'tyo1'] },
  datacentred: { authUrl: 'https://compute.datacentred.io:5000', authVersion: 'v3', region: 'sal01' },
  elastx: { authUrl: 'https://ops.elastx.cloud:5000/v3', authVersion: 'v3', region: 'se-sto' },
  entercloudsuite: { authUrl: 'https://api.entercloudsuite.com/', authVersion: 'v3', region: 'it-mil1', regions: ['it-mil1', 'nl-ams1', 'de-fra1'] },
  fuga: {
    authUrl: 'https://identity.api.fuga.io:5000',
    authVersion: 'v3',
    region: 'cystack',
    regions: ['cystack'],
    userDomain: 'Default',
    projectDomain: 'Default',
  },
  ibmcloud: { authUrl: 'https://identity.open.softlayer.com', authVersion: 'v3', region: 'london', regions: ['london'] },
  limestonenetworks: { authUrl: 'https://auth.cloud.lstn.net:5000/v3', authVersion: 'v3', region: 'us-dfw-1', regions: ['us-dfw-1', 'us-slc'] },
  otc: { authUrl: 'https://iam.eu-de.otc.t-systems.com/v3', authVersion: 'v3', region: 'eu-de', regions: ['eu-de'] },
  'otc-swiss': { authUrl: 'https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3', authVersion: 'v3', region: 'eu-ch2', regions: ['eu-ch2'], interface: 'public' },
  ovh: {
    authUrl: 'https://auth.cloud.ovh.net/',
    authVersion: 'v3',
    region: 'BHS',
    regions: ['BHS', 'BHS1', 'BHS3', 'DE', 'DE1', 'GRA', 'GRA1', 'GRA5', 'SBG', 'SBG1', 'SBG5', 'UK', 'UK1', 'WAW', 'WAW1'],
  },
  'ovh-us': {
    authUrl: 'https://auth.cloud.ovh.us/',
    authVersion: 'v3',
    region: 'US-EAST-VA-1',
    regions: ['US-EAST-VA-1', 'US-WEST-OR-1', 'US-EAST-VA', 'US-WEST-OR'],
    userDomain: 'Default',
    projectDomain: 'Default',
  },
  rackspace: {
    authUrl: 'https://identity.api.rackspacecloud.com/v2.0/',
    authVersion: 'auto',
    region: 'DFW',
    regions: ['DFW', 'HKG', 'IAD', 'ORD', 'SYD', 'LON'],
  },
  switchcloud: { authUrl: 'https://identity.compute.cloud.switch.ch/v3', authVersion: 'v3', region: 'zhw', regions: ['zhw', 'zhc'] },
  switchengines: { authUrl: 'https://keystone.cloud.switch.ch:5000/v3', authVersion: 'v3', region: 'LS', regions: ['LS', 'ZH'] },
  ultimum: { authUrl: 'https://console.ultimum-cloud.com:5000/', authVersion: 'v3', region: 'RegionOne' },
  unitedstack: { authUrl: 'https://identity.api.ustack.com/v3', authVersion: 'v3', region: 'bj1', regions: ['bj1', 'gd1'] },
  vexxhost: { authUrl: 'https://auth.vexxhost.net/v3', authVersion: 'v3', region: 'ca-ymq-1', regions: ['ca-ymq-1'] },
};

const AUTH = 'auth: {username: u, password: pw, project_name: p}';

function cloudsOf(text: string): { imported: Record<string, ImportedCloud>; skipped: Record<string, string> } {
  const r = readCloudsYaml({ text });
  return {
    imported: Object.fromEntries(r.imported.map((c) => [c.cloud, c])),
    skipped: Object.fromEntries(r.skipped.map((c) => [c.cloud, c.reason])),
  };
}

describe('auth/import/vendors: every shipped vendor profile, applied', () => {
  it('a cloud naming each profile gets its auth URL, identity version, regions, interface and domains', () => {
    const names = Object.keys(VENDORS);
    const yaml = `clouds:\n${names.map((n) => `  ${n}:\n    profile: ${n}\n    ${AUTH}\n`).join('')}`;
    const { imported, skipped } = cloudsOf(yaml);
    assert.deepEqual(skipped, {});
    for (const name of names) {
      const want: Draft = { name, authType: 'password', username: 'u', project: 'p', ...VENDORS[name] } as Draft;
      assert.deepEqual(imported[name].profile, want, name);
      assert.equal(imported[name].secret, 'pw', name);
    }
  });

  it('the profile list is openstacksdk’s: nothing more, nothing less (bluebox has no auth URL, internap has shut down)', () => {
    assert.deepEqual(Object.keys(VENDOR_PROFILES).sort(), [...Object.keys(VENDORS), 'bluebox', 'internap'].sort());
    const { imported, skipped } = cloudsOf(
      `clouds:\n  blue:\n    profile: bluebox\n    auth: {auth_url: "https://k/v3", username: u}\n  gone:\n    profile: internap\n    ${AUTH}\n`,
    );
    assert.equal(imported.blue.profile.region, 'RegionOne', 'bluebox gives the region only');
    assert.equal(skipped.gone, 'Cloud "gone" in clouds.yaml uses profile "internap", a cloud that has shut down (Internap have been rebranded as HorizonIQ).');
  });

  it('a region in the auth URL: the cloud’s own region_name picks the URL; the other regions are named as not carried', () => {
    const { imported } = cloudsOf(`clouds:\n  lon:\n    profile: citycloud\n    region_name: Lon1\n    ${AUTH}\n  all:\n    profile: conoha\n    ${AUTH}\n`);
    assert.equal(imported.lon.profile.authUrl, 'https://Lon1.citycloud.com:5000/v3/');
    assert.deepEqual([imported.lon.profile.region, imported.lon.profile.regions, imported.lon.notCarried], ['Lon1', undefined, []]);
    assert.deepEqual(imported.all.notCarried, ['the auth URL of regions other than sin1 (the profile signs in at https://identity.sin1.conoha.io)']);
    const one = cloudsOf(`clouds:\n  otc:\n    profile: otc\n    ${AUTH}\n`).imported.otc;
    assert.deepEqual([one.profile.authUrl, one.notCarried], ['https://iam.eu-de.otc.t-systems.com/v3', []], 'one region: no other URL to mention');
  });

  it('the cloud’s own values win over the profile’s: auth URL, version, interface, domains, auth type', () => {
    const { imported } = cloudsOf(
      'clouds:\n' +
        '  mine:\n    profile: otc-swiss\n    interface: internal\n    identity_api_version: 2\n' +
        '    auth: {auth_url: "https://k/v2.0", username: u, user_domain_name: Mine}\n' +
        '  ac:\n    profile: vexxhost\n    auth_type: v3applicationcredential\n' +
        '    auth: {application_credential_id: id1, application_credential_secret: s1}\n' +
        '  dom:\n    profile: fuga\n    auth: {username: u, project_domain_name: Other}\n',
    );
    assert.deepEqual(
      [imported.mine.profile.authUrl, imported.mine.profile.authVersion, imported.mine.profile.interface, imported.mine.profile.userDomain],
      ['https://k/v2.0', 'v2.0', 'internal', 'Mine'],
    );
    assert.deepEqual([imported.ac.profile.authType, imported.ac.secret], ['applicationCredential', 's1']);
    assert.deepEqual([imported.dom.profile.userDomain, imported.dom.profile.projectDomain], ['Default', 'Other']);
    const plain = cloudsOf('clouds:\n  v:\n    profile: vexxhost\n    auth_type: password\n    auth: {username: u}\n').imported.v;
    assert.deepEqual([plain.profile.authType, plain.profile.authVersion], ['password', 'v3'], 'the profile’s identity version, with the cloud’s auth type');
  });

  it('the profile’s auth type applies when the cloud names none (vexxhost: v3password, as openstacksdk merges it)', () => {
    const { imported } = cloudsOf('clouds:\n  v:\n    profile: vexxhost\n    auth: {username: u, application_credential_id: id1}\n');
    assert.equal(imported.v.profile.authType, 'password');
    // Without a vendor auth type the same auth keys read as an application credential.
    const own = cloudsOf('clouds:\n  v:\n    auth: {auth_url: "https://auth.vexxhost.net/v3", username: u, application_credential_id: id1}\n');
    assert.equal(own.imported.v.profile.authType, 'applicationCredential');
  });

  it('vendorAsCloud gives only the keys a profile has, as clouds.yaml keys', () => {
    assert.deepEqual(vendorAsCloud({}), { auth: {} });
    assert.deepEqual(
      vendorAsCloud({
        authUrl: 'https://a',
        identityApiVersion: '3',
        regions: ['R1'],
        regionName: 'R1',
        interface: 'public',
        authType: 'v3password',
        userDomainName: 'UD',
        projectDomainName: 'PD',
      }),
      {
        auth: { auth_url: 'https://a', user_domain_name: 'UD', project_domain_name: 'PD' },
        identity_api_version: '3',
        regions: ['R1'],
        region_name: 'R1',
        interface: 'public',
        auth_type: 'v3password',
      },
    );
  });
});

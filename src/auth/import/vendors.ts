/**
 * The vendor profiles openstacksdk ships (`profile: NAME` in clouds.yaml), written from its documentation
 * (openstack/config/vendors/*.json): only what an object-storage client uses. A cloud's own values win.
 * `{region_name}` / `%(region_name)s` in an auth URL stand for the region the profile signs in at.
 */
import * as l10n from '@vscode/l10n';

export interface VendorProfile {
  authUrl?: string;
  identityApiVersion?: string;
  /** Every region of the vendor, used when the cloud names none (openstacksdk does the same). */
  regions?: string[];
  regionName?: string;
  interface?: string;
  authType?: string;
  userDomainName?: string;
  projectDomainName?: string;
  /** The vendor is gone: the whole sentence refusing cloud `cloud` of `file` that uses it. */
  shutdown?: (cloud: string, file: string) => string;
}

const DEFAULT_DOMAINS = { userDomainName: 'Default', projectDomainName: 'Default' };

export const VENDOR_PROFILES: Readonly<Record<string, VendorProfile>> = {
  auro: { authUrl: 'https://api.van2.auro.io:5000/v3', identityApiVersion: '3', regionName: 'RegionOne', ...DEFAULT_DOMAINS },
  betacloud: { authUrl: 'https://api-1.betacloud.io:5000', identityApiVersion: '3', regions: ['betacloud-1'] },
  binero: { authUrl: 'https://auth.binero.cloud:5000/v3', identityApiVersion: '3', regions: ['europe-se-1'] },
  bluebox: { regionName: 'RegionOne' },
  catalyst: { authUrl: 'https://api.cloud.catalyst.net.nz:5000/v2.0', regions: ['nz-por-1', 'nz_wlg_2'] },
  citycloud: {
    authUrl: 'https://{region_name}.citycloud.com:5000/v3/',
    identityApiVersion: '3',
    regions: ['Buf1', 'Fra1', 'Lon1', 'Sto2', 'Kna1', 'dx1', 'tky1'],
  },
  conoha: { authUrl: 'https://identity.{region_name}.conoha.io', identityApiVersion: '2', regions: ['sin1', 'sjc1', 'tyo1'] },
  datacentred: { authUrl: 'https://compute.datacentred.io:5000', identityApiVersion: '3', regionName: 'sal01' },
  elastx: { authUrl: 'https://ops.elastx.cloud:5000/v3', identityApiVersion: '3', regionName: 'se-sto' },
  entercloudsuite: { authUrl: 'https://api.entercloudsuite.com/', identityApiVersion: '3', regions: ['it-mil1', 'nl-ams1', 'de-fra1'] },
  fuga: { authUrl: 'https://identity.api.fuga.io:5000', identityApiVersion: '3', regions: ['cystack'], ...DEFAULT_DOMAINS },
  ibmcloud: { authUrl: 'https://identity.open.softlayer.com', identityApiVersion: '3', regions: ['london'] },
  internap: {
    authUrl: 'https://identity.api.cloud.inap.com',
    identityApiVersion: '3',
    regions: ['ams01', 'da01', 'nyj01', 'sin01', 'sjc01'],
    shutdown: (cloud, file) =>
      l10n.t('Cloud "{0}" in {1} uses profile "internap", a cloud that has shut down (Internap have been rebranded as HorizonIQ).', cloud, file),
  },
  limestonenetworks: { authUrl: 'https://auth.cloud.lstn.net:5000/v3', identityApiVersion: '3', regions: ['us-dfw-1', 'us-slc'] },
  otc: { authUrl: 'https://iam.%(region_name)s.otc.t-systems.com/v3', identityApiVersion: '3', regions: ['eu-de'] },
  // openstacksdk's file gives this URL without a scheme; its API is served over HTTPS.
  'otc-swiss': { authUrl: 'https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3', identityApiVersion: '3', regions: ['eu-ch2'], interface: 'public' },
  ovh: {
    authUrl: 'https://auth.cloud.ovh.net/',
    identityApiVersion: '3',
    regions: ['BHS', 'BHS1', 'BHS3', 'DE', 'DE1', 'GRA', 'GRA1', 'GRA5', 'SBG', 'SBG1', 'SBG5', 'UK', 'UK1', 'WAW', 'WAW1'],
  },
  'ovh-us': {
    authUrl: 'https://auth.cloud.ovh.us/',
    identityApiVersion: '3',
    regions: ['US-EAST-VA-1', 'US-WEST-OR-1', 'US-EAST-VA', 'US-WEST-OR'],
    ...DEFAULT_DOMAINS,
  },
  rackspace: { authUrl: 'https://identity.api.rackspacecloud.com/v2.0/', regions: ['DFW', 'HKG', 'IAD', 'ORD', 'SYD', 'LON'] },
  switchcloud: { authUrl: 'https://identity.compute.cloud.switch.ch/v3', identityApiVersion: '3', regions: ['zhw', 'zhc'] },
  switchengines: { authUrl: 'https://keystone.cloud.switch.ch:5000/v3', identityApiVersion: '3', regions: ['LS', 'ZH'] },
  ultimum: { authUrl: 'https://console.ultimum-cloud.com:5000/', identityApiVersion: '3', regionName: 'RegionOne' },
  unitedstack: { authUrl: 'https://identity.api.ustack.com/v3', identityApiVersion: '3', regions: ['bj1', 'gd1'] },
  vexxhost: { authUrl: 'https://auth.vexxhost.net/v3', identityApiVersion: '3', authType: 'v3password', regions: ['ca-ymq-1'] },
};

/** The profile as a clouds.yaml cloud mapping, so that it merges under the cloud's own values as openstacksdk does. */
export function vendorAsCloud(vendor: VendorProfile): Record<string, unknown> {
  const auth: Record<string, unknown> = {};
  if (vendor.authUrl) auth.auth_url = vendor.authUrl;
  if (vendor.userDomainName) auth.user_domain_name = vendor.userDomainName;
  if (vendor.projectDomainName) auth.project_domain_name = vendor.projectDomainName;
  const cloud: Record<string, unknown> = { auth };
  if (vendor.identityApiVersion) cloud.identity_api_version = vendor.identityApiVersion;
  if (vendor.regions) cloud.regions = vendor.regions;
  if (vendor.regionName) cloud.region_name = vendor.regionName;
  if (vendor.interface) cloud.interface = vendor.interface;
  if (vendor.authType) cloud.auth_type = vendor.authType;
  return cloud;
}

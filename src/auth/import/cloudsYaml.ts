/**
 * clouds.yaml with openstacksdk's semantics: secure.yaml merged in, vendor `profile:` defaults (shipped, or
 * from clouds-public.yaml) under the cloud's own values, auth keys given at the top level moved into `auth`,
 * `region_name` lists and `regions:` entries with per-region values. Each cloud is judged on its own: a bad
 * one is skipped with one sentence and never blocks the others; what a profile cannot hold is listed.
 */
import * as l10n from '@vscode/l10n';
import { profileProblems, type RegionSettings } from '../profile';
import {
  Dict,
  ImportError,
  ImportedProfile,
  ProfileDraft,
  authTypeVerdict,
  dropEmpty,
  falsy,
  interfaceOf,
  isDict,
  refusedAuthSentence,
  str,
  truthy,
  versionOf,
} from './common';
import { VENDOR_PROFILES, vendorAsCloud } from './vendors';
import { deepMerge, parseYaml11Dict } from './yaml11';

export interface ImportedCloud extends ImportedProfile {
  cloud: string;
  /** Fields of the cloud that the profile does not carry, each with why when it is not obvious. */
  notCarried: string[];
}

export interface SkippedCloud {
  cloud: string;
  /** One sentence naming the cloud, what is wrong and what to do. */
  reason: string;
}

export interface CloudsYamlImport {
  imported: ImportedCloud[];
  skipped: SkippedCloud[];
}

export interface CloudsYamlFiles {
  /** The clouds.yaml text and its path (for messages). */
  text: string;
  file?: string;
  secureText?: string;
  /** clouds-public.yaml: `public-clouds:` profiles that `profile:` may name. */
  publicText?: string;
}

const AUTH_KEYS = new Set([
  'auth_url',
  'username',
  'user_id',
  'password',
  'user_domain_name',
  'user_domain_id',
  'domain_name',
  'domain_id',
  'default_domain_name',
  'default_domain_id',
  'project_name',
  'project_id',
  'tenant_name',
  'tenant_id',
  'project_domain_name',
  'project_domain_id',
  'application_credential_id',
  'application_credential_name',
  'application_credential_secret',
  'token',
]);

const CLOUD_KEYS = new Set([
  'auth',
  'auth_type',
  'auth_methods',
  'profile',
  'cloud',
  'region_name',
  'regions',
  'identity_api_version',
  'interface',
  'endpoint_type',
  'cacert',
  'cert',
  'key',
  'verify',
  'insecure',
  'object_store_endpoint_override',
  'object_store_interface',
]);

const REGION_VALUE_KEYS = new Set(['interface', 'object_store_interface', 'object_store_endpoint_override']);

/** Every cloud of a clouds.yaml (with its secure.yaml and clouds-public.yaml), each imported or skipped. */
export function parseCloudsYaml(text: string, secureText?: string, file = 'clouds.yaml', publicText?: string): CloudsYamlImport {
  return readCloudsYaml({ text, file, secureText, publicText });
}

export function readCloudsYaml(files: CloudsYamlFiles): CloudsYamlImport {
  const file = files.file ?? 'clouds.yaml';
  let data = parseYaml11Dict(files.text, file);
  if (files.secureText) data = deepMerge(data, parseYaml11Dict(files.secureText, 'secure.yaml'));
  const publicClouds = files.publicText ? parseYaml11Dict(files.publicText, 'clouds-public.yaml')['public-clouds'] : undefined;
  const clouds = data.clouds;
  if (!isDict(clouds) || Object.keys(clouds).length === 0) throw new ImportError(l10n.t('{0} has no "clouds:" section with at least one cloud.', file));
  const result: CloudsYamlImport = { imported: [], skipped: [] };
  for (const [cloud, raw] of Object.entries(clouds)) {
    const judged = judgeCloud(cloud, raw, isDict(publicClouds) ? publicClouds : {}, file);
    if ('reason' in judged) result.skipped.push(judged);
    else result.imported.push(judged);
  }
  return result;
}

/** One cloud's profile, or the sentence why it is skipped. */
function judgeCloud(cloud: string, raw: unknown, publicClouds: Dict, file: string): ImportedCloud | SkippedCloud {
  // Each reason is one whole sentence naming the cloud and its file (no translated pieces joined).
  const skip = (reason: string): SkippedCloud => ({ cloud, reason });
  if (!isDict(raw)) return skip(l10n.t('Cloud "{0}" in {1} is not a mapping of settings.', cloud, file));
  const notCarried: string[] = [];
  let own = liftAuthKeys(raw);
  const vendorName = str(own.profile) ?? str(own.cloud);
  let config = own;
  if (vendorName) {
    const fromPublic = Object.hasOwn(publicClouds, vendorName) ? publicClouds[vendorName] : undefined;
    const shipped = Object.hasOwn(VENDOR_PROFILES, vendorName) ? VENDOR_PROFILES[vendorName] : undefined;
    if (shipped?.shutdown) return skip(shipped.shutdown(cloud, file));
    const vendor = isDict(fromPublic) ? liftAuthKeys(fromPublic) : shipped ? vendorAsCloud(shipped) : undefined;
    if (vendor) {
      // The cloud's own regions, if it names any, replace the vendor's list (openstacksdk's _get_regions).
      const base = own.regions !== undefined || own.region_name !== undefined ? withoutRegions(vendor) : vendor;
      config = deepMerge(base, own);
    } else if (str(isDict(own.auth) ? own.auth.auth_url : undefined)) {
      notCarried.push(l10n.t('profile "{0}" (unknown here: only the cloud\'s own values were used)', vendorName));
    } else {
      return skip(
        l10n.t(
          'Cloud "{0}" in {1} uses profile "{2}", which is not one of openstacksdk\'s vendor profiles ({3}) nor in clouds-public.yaml. Give the cloud its own auth: auth_url (and region_name), or define "{2}" under public-clouds: in clouds-public.yaml.',
          cloud,
          file,
          vendorName,
          Object.keys(VENDOR_PROFILES).join(', '),
        ),
      );
    }
  }
  own = config;
  const auth = isDict(own.auth) ? own.auth : {};
  for (const key of Object.keys(own)) if (!CLOUD_KEYS.has(key)) notCarried.push(key);
  for (const key of Object.keys(auth)) {
    if (key === 'passcode') notCarried.push(l10n.t('auth.passcode (a one-time code is asked at each sign-in)'));
    else if (!AUTH_KEYS.has(key)) notCarried.push(`auth.${key}`);
  }
  const regionList = regionsOf(own, cloud, file);
  if (typeof regionList === 'string') return skip(regionList);
  const regionName = str(own.region_name);
  const preferred = regionList.length ? (regionName && regionList.some((r) => r.name === regionName) ? regionName : regionList[0].name) : regionName;
  if (regionName && regionList.length && preferred !== regionName && !Array.isArray(own.region_name) && !regionName.includes(',')) {
    notCarried.push(l10n.t('region_name "{0}" (not one of its regions: {1})', regionName, regionList.map((r) => r.name).join(', ')));
  }
  let authUrl = str(auth.auth_url);
  if (!authUrl)
    return skip(
      vendorName
        ? l10n.t('Cloud "{0}" in {1} has no auth.auth_url, nor does its profile "{2}".', cloud, file, vendorName)
        : l10n.t('Cloud "{0}" in {1} has no auth.auth_url (nor a profile: that gives one).', cloud, file),
    );
  if (/\{region_name\}|%\(region_name\)s/.test(authUrl)) {
    if (!preferred) return skip(l10n.t('Cloud "{0}" in {1} has an auth URL ({2}) that depends on the region: add region_name.', cloud, file, authUrl));
    authUrl = authUrl.replace(/\{region_name\}|%\(region_name\)s/g, preferred);
    if (regionList.length > 1) notCarried.push(l10n.t('the auth URL of regions other than {0} (the profile signs in at {1})', preferred, authUrl));
  }
  const isV1Url = /\/auth\/v1\.0\/?$/.test(authUrl) || versionOf(str(own.identity_api_version), authUrl) === 'v1';
  const methods = Array.isArray(own.auth_methods) ? own.auth_methods.map((m) => String(m)) : undefined;
  const verdict = authTypeVerdict(
    own.auth_type === undefined ? undefined : String(own.auth_type),
    {
      appCred: !!str(auth.application_credential_id) || !!str(auth.application_credential_name),
      token: !!str(auth.token),
      password: auth.password !== undefined && auth.password !== null && auth.password !== '',
      v1: isV1Url,
    },
    methods,
  );
  if ('refused' in verdict) return skip(refusedAuthSentence(verdict.refused, { kind: 'cloud', cloud, file }));
  const version = str(own.identity_api_version) ? versionOf(str(own.identity_api_version), authUrl) : (verdict.version ?? versionOf(undefined, authUrl));
  const iface = interfaceValue(own, 'interface', notCarried) ?? interfaceValue(own, 'endpoint_type', notCarried);
  const defaultDomain = str(auth.default_domain_name);
  const defaultDomainId = str(auth.default_domain_id);
  const profile: ProfileDraft = {
    name: cloud,
    authUrl,
    authVersion: verdict.authType === 'v1' ? 'v1' : version,
    authType: verdict.authType,
    username: str(auth.username),
    userId: str(auth.user_id),
    userDomain: str(auth.user_domain_name) ?? str(auth.domain_name) ?? defaultDomain,
    userDomainId: str(auth.user_domain_id) ?? str(auth.domain_id) ?? defaultDomainId,
    project: str(auth.project_name) ?? str(auth.tenant_name),
    projectId: str(auth.project_id) ?? str(auth.tenant_id),
    projectDomain: str(auth.project_domain_name) ?? str(auth.domain_name) ?? defaultDomain,
    projectDomainId: str(auth.project_domain_id) ?? str(auth.domain_id) ?? defaultDomainId,
    applicationCredentialId: str(auth.application_credential_id),
    applicationCredentialName: str(auth.application_credential_name),
    region: preferred,
    interface: iface,
    storageInterface: interfaceValue(own, 'object_store_interface', notCarried),
    storageUrl: str(own.object_store_endpoint_override),
    caFile: str(own.cacert),
    // One PEM may hold both the certificate and its key.
    clientCertFile: str(own.cert),
    clientKeyFile: str(own.key) ?? str(own.cert),
    insecure: falsy(own.verify) || truthy(own.insecure) || undefined,
    secondFactor: verdict.secondFactor,
  };
  if (own.verify !== undefined && typeof own.verify !== 'boolean' && !falsy(own.verify) && !truthy(own.verify)) {
    notCarried.push(l10n.t('verify (a path: give the CA file as cacert)'));
  }
  if (regionList.length && (Array.isArray(own.regions) || Array.isArray(own.region_name) || regionList.length > 1)) {
    profile.regions = regionList.map((r) => r.name);
    const settings: Record<string, RegionSettings> = {};
    for (const r of regionList) {
      const values = regionSettingsOf(r, notCarried);
      if (values) Object.defineProperty(settings, r.name, { value: values, enumerable: true, writable: true, configurable: true });
    }
    if (Object.keys(settings).length) profile.regionSettings = settings;
  }
  const secret = secretOf(verdict.authType, auth);
  const clean = dropEmpty(profile);
  const problems = profileProblems({ ...clean, id: 'import' });
  if (problems.length)
    return skip(
      l10n.t({
        message: 'Cloud "{0}" in {1} cannot be used: {2}',
        args: [cloud, file, problems.join(' ')],
        comment: ['{2} is one or more whole sentences, each saying what is wrong with the profile.'],
      }),
    );
  return { cloud, profile: clean, secret, asksForSecret: !secret && verdict.authType !== 'totp', notCarried };
}

/**
 * openstacksdk reads `auth-url` as `auth_url` (its `_normalize_keys`, through nested mappings), and accepts auth keys
 * at the top level of a cloud, moving them into `auth` (auth wins).
 */
function liftAuthKeys(dashed: Dict): Dict {
  const raw = underscoreKeys(dashed);
  const auth: Dict = isDict(raw.auth) ? { ...raw.auth } : {};
  const out: Dict = {};
  for (const [k, v] of Object.entries(raw)) {
    if (AUTH_KEYS.has(k) && k !== 'domain_name' && k !== 'domain_id') {
      if (!Object.hasOwn(auth, k)) auth[k] = v;
    } else Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  if (Object.keys(auth).length || raw.auth !== undefined) out.auth = auth;
  return out;
}

function underscoreKeys(dict: Dict): Dict {
  const out: Dict = {};
  for (const [k, v] of Object.entries(dict)) {
    // defineProperty: a key named __proto__ is a key, never the object's prototype.
    Object.defineProperty(out, k.replace(/-/g, '_'), { value: isDict(v) ? underscoreKeys(v) : v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function withoutRegions(cloud: Dict): Dict {
  const rest = { ...cloud };
  delete rest.regions;
  delete rest.region_name;
  return rest;
}

interface RegionEntry {
  name: string;
  values: Dict;
}

/**
 * `regions:` (names or {name, values}), else `region_name` as a list or a comma-separated string; or the sentence
 * why cloud `name` of `file` is skipped.
 */
function regionsOf(cloud: Dict, name: string, file: string): RegionEntry[] | string {
  if (cloud.regions !== undefined) {
    if (!Array.isArray(cloud.regions))
      return l10n.t('Cloud "{0}" in {1} has regions that are not a list of region names or {name, values} entries.', name, file);
    const out: RegionEntry[] = [];
    for (const [i, entry] of cloud.regions.entries()) {
      if (str(entry)) out.push({ name: str(entry)!, values: {} });
      else if (isDict(entry) && str(entry.name)) {
        if (entry.values !== undefined && !isDict(entry.values))
          return l10n.t('Cloud "{0}" in {1} has a regions entry "{2}" whose values are not a mapping.', name, file, String(str(entry.name)));
        out.push({ name: str(entry.name)!, values: isDict(entry.values) ? entry.values : {} });
      } else return l10n.t('Cloud "{0}" in {1} has a regions entry (number {2}) with no name: give a name, or {name: …, values: {…}}.', name, file, i + 1);
    }
    return out;
  }
  const names = Array.isArray(cloud.region_name)
    ? cloud.region_name.map(str)
    : typeof cloud.region_name === 'string' && cloud.region_name.includes(',')
      ? cloud.region_name.split(',').map(str)
      : [];
  if (typeof cloud.region_name === 'boolean')
    return l10n.t(
      'Cloud "{0}" in {1} has region_name {2}, which is not a name (YAML 1.1 reads yes/no/on/off as true/false): quote it.',
      name,
      file,
      String(cloud.region_name),
    );
  return names.filter((n): n is string => !!n).map((name) => ({ name, values: {} }));
}

function regionSettingsOf(region: RegionEntry, notCarried: string[]): RegionSettings | undefined {
  const values = region.values;
  for (const key of Object.keys(values)) if (!REGION_VALUE_KEYS.has(key)) notCarried.push(`regions[${region.name}].values.${key}`);
  const settings = dropEmpty<RegionSettings>({
    interface: interfaceValue(values, 'interface', notCarried, `regions[${region.name}].values.`),
    storageInterface: interfaceValue(values, 'object_store_interface', notCarried, `regions[${region.name}].values.`),
    storageUrl: str(values.object_store_endpoint_override),
  });
  return Object.keys(settings).length ? settings : undefined;
}

function interfaceValue(dict: Dict, key: string, notCarried: string[], prefix = '') {
  const raw = str(dict[key]);
  if (raw === undefined) return undefined;
  const iface = interfaceOf(raw);
  if (!iface) notCarried.push(l10n.t('{0}{1} "{2}" (not public, internal or admin)', prefix, key, raw));
  return iface;
}

function secretOf(authType: string, auth: Dict): string | undefined {
  switch (authType) {
    case 'applicationCredential':
      return str(auth.application_credential_secret);
    case 'token':
      return str(auth.token);
    case 'totp':
      return undefined;
    default:
      return typeof auth.password === 'string' && auth.password !== '' ? auth.password : str(auth.password);
  }
}

/**
 * Profiles from what OpenStack users already have: clouds.yaml (+ secure.yaml), OpenRC files, and the OS_*
 * environment of the editor. Pure functions over text and maps; reading files is the caller's job.
 */
import type { AuthVersionChoice } from '../openstack/keystone';
import type { EndpointInterface } from '../openstack/keystone/token';
import type { AuthType, Profile } from './profile';

/** `yaml` is needed only when a clouds.yaml is imported: it loads then, not during activation. */
function parseYaml(
  text: string,
  options: import('yaml').ParseOptions & import('yaml').DocumentOptions & import('yaml').SchemaOptions & import('yaml').ToJSOptions,
): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on the first import, not at activation
  return (require('yaml') as typeof import('yaml')).parse(text, options);
}

export type ProfileDraft = Omit<Profile, 'id'>;

export interface ImportedProfile {
  profile: ProfileDraft;
  /** Password, application credential secret or token when the source holds one. */
  secret?: string;
  /** The source expects the user to type the password (OpenRC `read -sr`). */
  asksForSecret: boolean;
}

export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

/** Standard clouds.yaml locations, in the order openstacksdk searches them. */
export function cloudsYamlSearchPath(cwd: string | undefined, home: string, env: Record<string, string | undefined>): string[] {
  const paths = env.OS_CLIENT_CONFIG_FILE ? [env.OS_CLIENT_CONFIG_FILE] : [];
  if (cwd !== undefined) paths.push(`${cwd}/clouds.yaml`);
  paths.push(`${home}/.config/openstack/clouds.yaml`, '/etc/openstack/clouds.yaml');
  return paths;
}

/** secure.yaml sits beside clouds.yaml in the same directories. */
export function secureYamlFor(cloudsYamlPath: string): string {
  return cloudsYamlPath.replace(/clouds\.yaml$/, 'secure.yaml');
}

const MAX_CONFIG_BYTES = 1024 * 1024;

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);

function deepMerge(base: Dict, over: Dict): Dict {
  const out: Dict = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isDict(v) && isDict(out[k]) ? deepMerge(out[k] as Dict, v) : v;
  return out;
}

function parseYamlDict(text: string, file: string): Dict {
  if (text.length > MAX_CONFIG_BYTES) throw new ImportError(`${file} is larger than 1 MiB; it does not look like a clouds file.`);
  let data: unknown;
  try {
    // maxAliasCount bounds "billion laughs" style alias expansion.
    data = parseYaml(text, { maxAliasCount: 100, logLevel: 'error' });
  } catch (e) {
    throw new ImportError(`${file} is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (data === null || data === undefined) return {};
  if (!isDict(data)) throw new ImportError(`${file} does not hold a YAML mapping.`);
  return data;
}

function versionOf(value: string | undefined, authUrl: string): AuthVersionChoice {
  if (value === '3' || value === '3.0' || value === 'v3') return 'v3';
  if (value === '2' || value === '2.0' || value === 'v2.0') return 'v2.0';
  if (value === '1' || value === '1.0' || value === 'v1') return 'v1';
  return /\/auth\/v1\.0\/?$/.test(authUrl) ? 'v1' : 'auto';
}

function interfaceOf(value: string | undefined): EndpointInterface | undefined {
  const v = value?.replace(/URL$/, '').toLowerCase();
  return v === 'public' || v === 'internal' || v === 'admin' ? v : undefined;
}

function authTypeOf(value: string | undefined, hasAppCred: boolean, version: AuthVersionChoice): AuthType {
  const v = value?.toLowerCase() ?? '';
  if (v.includes('applicationcredential') || (!v && hasAppCred)) return 'applicationCredential';
  if (v === 'token' || v === 'v3token' || v === 'v2token') return 'token';
  if (version === 'v1') return 'v1';
  return 'password';
}

function truthy(v: unknown): boolean {
  return v === true || (typeof v === 'string' && /^(1|true|yes|on)$/i.test(v.trim()));
}

/** Every cloud of a clouds.yaml text, merged with secure.yaml's secrets when given. */
export function parseCloudsYaml(text: string, secureText?: string, file = 'clouds.yaml'): Array<ImportedProfile & { cloud: string }> {
  let data = parseYamlDict(text, file);
  if (secureText) data = deepMerge(data, parseYamlDict(secureText, 'secure.yaml'));
  const clouds = data.clouds;
  if (!isDict(clouds) || Object.keys(clouds).length === 0) throw new ImportError(`${file} has no "clouds:" section with at least one cloud.`);
  const out: Array<ImportedProfile & { cloud: string }> = [];
  for (const [cloud, raw] of Object.entries(clouds)) {
    if (!isDict(raw)) throw new ImportError(`Cloud "${cloud}" in ${file} is not a mapping.`);
    const auth = isDict(raw.auth) ? raw.auth : {};
    const authUrl = str(auth.auth_url);
    if (!authUrl) throw new ImportError(`Cloud "${cloud}" in ${file} has no auth.auth_url.`);
    const version = versionOf(str(raw.identity_api_version), authUrl);
    const authType = authTypeOf(str(raw.auth_type), !!str(auth.application_credential_id), version);
    const regions = Array.isArray(raw.regions) ? raw.regions : [];
    const firstRegion = regions.length ? (isDict(regions[0]) ? str(regions[0].name) : str(regions[0])) : undefined;
    const profile: ProfileDraft = {
      name: cloud,
      authUrl,
      authVersion: version,
      authType,
      username: str(auth.username),
      userId: str(auth.user_id),
      userDomain: str(auth.user_domain_name) ?? str(auth.domain_name),
      userDomainId: str(auth.user_domain_id) ?? str(auth.domain_id),
      project: str(auth.project_name) ?? str(auth.tenant_name),
      projectId: str(auth.project_id) ?? str(auth.tenant_id),
      projectDomain: str(auth.project_domain_name) ?? str(auth.domain_name),
      projectDomainId: str(auth.project_domain_id) ?? str(auth.domain_id),
      applicationCredentialId: str(auth.application_credential_id),
      applicationCredentialName: str(auth.application_credential_name),
      region: str(raw.region_name) ?? firstRegion,
      interface: interfaceOf(str(raw.interface) ?? str(raw.endpoint_type)),
      caFile: str(raw.cacert),
      insecure: raw.verify === false || truthy(raw.insecure) || undefined,
      clientCertFile: str(raw.cert),
      clientKeyFile: str(raw.key),
    };
    const secret = authType === 'applicationCredential' ? str(auth.application_credential_secret) : authType === 'token' ? str(auth.token) : str(auth.password);
    out.push({ cloud, profile: dropEmpty(profile), secret, asksForSecret: !secret });
  }
  return out;
}

/** A profile from OS_* variables (an OpenRC file's exports or the editor's environment). */
export function profileFromVariables(vars: Record<string, string | undefined>, name: string): ImportedProfile | undefined {
  const v = (k: string) => str(vars[k]);
  const authUrl = v('OS_AUTH_URL') ?? v('ST_AUTH');
  if (!authUrl) return undefined;
  const isSwiftV1 = !v('OS_AUTH_URL') && !!v('ST_AUTH');
  const version = isSwiftV1 ? 'v1' : versionOf(v('OS_IDENTITY_API_VERSION') ?? v('OS_AUTH_VERSION'), authUrl);
  const authType = authTypeOf(v('OS_AUTH_TYPE'), !!v('OS_APPLICATION_CREDENTIAL_ID'), version);
  const profile: ProfileDraft = {
    name,
    authUrl,
    authVersion: version,
    authType: !v('OS_AUTH_TYPE') && !v('OS_PASSWORD') && (v('OS_AUTH_TOKEN') ?? v('OS_TOKEN')) ? 'token' : authType,
    username: v('OS_USERNAME') ?? v('ST_USER'),
    userId: v('OS_USER_ID'),
    userDomain: v('OS_USER_DOMAIN_NAME') ?? v('OS_DEFAULT_DOMAIN_NAME') ?? v('OS_DOMAIN_NAME'),
    userDomainId: v('OS_USER_DOMAIN_ID') ?? v('OS_DEFAULT_DOMAIN_ID') ?? v('OS_DOMAIN_ID'),
    project: v('OS_PROJECT_NAME') ?? v('OS_TENANT_NAME'),
    projectId: v('OS_PROJECT_ID') ?? v('OS_TENANT_ID'),
    projectDomain: v('OS_PROJECT_DOMAIN_NAME') ?? v('OS_DEFAULT_DOMAIN_NAME') ?? v('OS_DOMAIN_NAME'),
    projectDomainId: v('OS_PROJECT_DOMAIN_ID') ?? v('OS_DEFAULT_DOMAIN_ID') ?? v('OS_DOMAIN_ID'),
    applicationCredentialId: v('OS_APPLICATION_CREDENTIAL_ID'),
    applicationCredentialName: v('OS_APPLICATION_CREDENTIAL_NAME'),
    region: v('OS_REGION_NAME'),
    interface: interfaceOf(v('OS_INTERFACE') ?? v('OS_ENDPOINT_TYPE')),
    caFile: v('OS_CACERT'),
    insecure: truthy(vars.OS_INSECURE) || undefined,
    clientCertFile: v('OS_CERT'),
    clientKeyFile: v('OS_KEY'),
  };
  const secret =
    profile.authType === 'applicationCredential'
      ? v('OS_APPLICATION_CREDENTIAL_SECRET')
      : profile.authType === 'token'
        ? (v('OS_AUTH_TOKEN') ?? v('OS_TOKEN'))
        : (v('OS_PASSWORD') ?? v('ST_KEY'));
  return { profile: dropEmpty(profile), secret, asksForSecret: !secret };
}

/**
 * Reads the `export OS_…=…` assignments of an OpenRC file without running it. Quoted values, `$VAR`
 * references to earlier assignments and the usual `read -sr OS_PASSWORD_INPUT` prompt are understood;
 * anything else (commands, conditionals) is ignored.
 */
export function parseOpenRc(text: string, name = 'OpenRC'): ImportedProfile {
  if (text.length > MAX_CONFIG_BYTES) throw new ImportError('The OpenRC file is larger than 1 MiB; it does not look like one.');
  const vars: Record<string, string> = {};
  let prompts = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (/^read\s+(-\w+\s+)*OS_PASSWORD_INPUT\b/.test(line)) prompts = true;
    const m = /^(?:export\s+)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    vars[m[1]] = valueOf(m[1], m[2], vars);
  }
  if (!vars.OS_AUTH_URL && !vars.ST_AUTH) throw new ImportError('No OS_AUTH_URL found: this does not look like an OpenRC file.');
  // The password variable of a prompting file refers to the input, which we do not have.
  if (prompts && (vars.OS_PASSWORD ?? '') === '') delete vars.OS_PASSWORD;
  const imported = profileFromVariables(vars, vars.OS_CLOUD_NAME ?? vars.OS_PROJECT_NAME ?? name)!;
  return { ...imported, asksForSecret: imported.asksForSecret || prompts };
}

/** No OpenRC value (URL, name, password) comes near this; a file whose $variables expand past it is hostile. */
const MAX_VALUE_CHARS = 64 * 1024;

/**
 * The value of `NAME=raw` as the shell would assign it: '…' literally; "…" and bare words with earlier
 * $VAR / ${VAR} expanded and backslash escapes (\$, \", \\) kept literal; a bare word ends at the first blank (a
 * `#` after a blank starts a comment). One pass, linear in the line's length, and bounded: a chain of
 * `A=$A$A` lines cannot grow a value without limit.
 */
function valueOf(name: string, raw: string, vars: Record<string, string>): string {
  const v = raw.trim();
  if (v.startsWith("'")) {
    const end = v.indexOf("'", 1);
    return end > 0 ? v.slice(1, end) : v.slice(1);
  }
  const quoted = v.startsWith('"');
  let out = '';
  const add = (text: string) => {
    if (out.length + text.length > MAX_VALUE_CHARS) {
      throw new ImportError(`"${name}" in the OpenRC file is longer than 64 KiB once its $variables are expanded: it does not look like an OpenRC file.`);
    }
    out += text;
  };
  for (let i = quoted ? 1 : 0; i < v.length; i++) {
    const c = v[i];
    if (quoted ? c === '"' : /\s/.test(c)) break;
    if (c === '\\' && i + 1 < v.length) {
      add(v[++i]);
      continue;
    }
    if (c === '$') {
      const ref = /^\{([A-Za-z_][A-Za-z0-9_]*)\}|^([A-Za-z_][A-Za-z0-9_]*)/.exec(v.slice(i + 1, i + 1 + 256));
      if (ref) {
        const refName = ref[1] ?? ref[2];
        add(Object.hasOwn(vars, refName) ? vars[refName] : '');
        i += ref[0].length;
        continue;
      }
    }
    add(c);
  }
  return out;
}

function dropEmpty<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
}

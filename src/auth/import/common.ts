/** What the importers share: the imported profile, the error of a whole file, and small readers of values. */
import * as l10n from '@vscode/l10n';
import type { AuthVersionChoice } from '../../openstack/keystone';
import type { EndpointInterface } from '../../openstack/keystone/token';
import type { AuthType, Profile } from '../profile';

export type ProfileDraft = Omit<Profile, 'id'>;

export interface ImportedProfile {
  profile: ProfileDraft;
  /** Password, application credential secret or token when the source holds one. */
  secret?: string;
  /** The source expects the user to type the secret (OpenRC `read -sr`, `$(…)`, nothing given). */
  asksForSecret: boolean;
}

/** A file as a whole cannot be read (not YAML, no clouds, too large). One cloud's problem is a skip, not this. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

export const MAX_CONFIG_BYTES = 1024 * 1024;

export type Dict = Record<string, unknown>;
export const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A text value: strings trimmed, numbers as written (the YAML reader keeps their source). */
export const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' || typeof v === 'bigint' ? String(v) : undefined;

export function versionOf(value: string | undefined, authUrl: string): AuthVersionChoice {
  const v = value?.toLowerCase();
  if (v === '3' || v === '3.0' || v === 'v3') return 'v3';
  if (v === '2' || v === '2.0' || v === 'v2.0' || v === 'v2') return 'v2.0';
  if (v === '1' || v === '1.0' || v === 'v1' || v === 'v1.0') return 'v1';
  return /\/auth\/v1\.0\/?$/.test(authUrl) ? 'v1' : 'auto';
}

export function interfaceOf(value: string | undefined): EndpointInterface | undefined {
  const v = value?.replace(/URL$/, '').toLowerCase();
  return v === 'public' || v === 'internal' || v === 'admin' ? v : undefined;
}

export function truthy(v: unknown): boolean {
  return v === true || (typeof v === 'string' && /^(1|true|yes|on)$/i.test(v.trim()));
}

export function falsy(v: unknown): boolean {
  return v === false || (typeof v === 'string' && /^(0|false|no|off)$/i.test(v.trim()));
}

export function dropEmpty<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
}

/**
 * How an openstacksdk / keystoneauth `auth_type` is handled: the profile's auth type, or why it is refused.
 * Every plugin name keystoneauth registers is here, so none is ever taken for a password by mistake.
 */
export type AuthTypeVerdict = { authType: AuthType; version?: AuthVersionChoice; secondFactor?: 'totp' } | { refused: RefusedAuthType };

/** An auth type this extension cannot use; worded by refusedAuthSentence() for where it was read. */
export type RefusedAuthType =
  /** v3multifactor with other methods than password + totp (none given: an empty list). */
  | { kind: 'multifactor'; methods: string[] }
  /** A plugin keystoneauth has that this extension does not support; `label` says what it is, translated. */
  | { kind: 'unsupported'; value: string; label: string }
  /** A name openstacksdk does not know. */
  | { kind: 'unknown'; value: string };

/** Where an auth type was read: a cloud of a clouds.yaml, an OpenRC file, or the editor's OS_* environment. */
export type AuthTypeSource = { kind: 'cloud'; cloud: string; file: string } | { kind: 'openrc' } | { kind: 'environment' };

/** Labels read when a verdict is made (not at module load, which would miss the bundle). */
const REFUSED: Record<string, () => string> = {
  v3oidcpassword: () => l10n.t('OpenID Connect sign-in'),
  v3oidcclientcredentials: () => l10n.t('OpenID Connect sign-in'),
  v3oidcauthcode: () => l10n.t('OpenID Connect sign-in'),
  v3oidcaccesstoken: () => l10n.t('OpenID Connect sign-in'),
  v3oidcdeviceauthz: () => l10n.t('OpenID Connect sign-in'),
  v3samlpassword: () => l10n.t('SAML sign-in'),
  v3adfspassword: () => l10n.t('ADFS (SAML) sign-in'),
  v3websso: () => l10n.t('web single sign-on'),
  v3kerberos: () => l10n.t('Kerberos sign-in'),
  v3tokenlessauth: () => l10n.t('tokenless (X.509) sign-in'),
  v3oauth1: () => l10n.t('OAuth 1.0a sign-in'),
  v3oauth2clientcredential: () => l10n.t('OAuth 2.0 client credentials'),
  v3oauth2mtlsclientcredential: () => l10n.t('OAuth 2.0 mutual-TLS client credentials'),
  admin_token: () => l10n.t('a fixed admin token with an endpoint'),
  token_endpoint: () => l10n.t('a fixed admin token with an endpoint'),
  none: () => l10n.t('no authentication'),
  noauth: () => l10n.t('no authentication'),
  http_basic: () => l10n.t('HTTP basic authentication'),
  // Keys as authTypeVerdict normalises them ("-" read as "_").
  gnocchi_basic: () => l10n.t('Gnocchi basic authentication'),
  gnocchi_noauth: () => l10n.t('Gnocchi without authentication'),
  aodh_noauth: () => l10n.t('Aodh without authentication'),
};

/**
 * The one sentence refusing an auth type, whole for each place it was read (a translator sees each in full).
 * The plugin's label is a translated noun phrase in parentheses; auth method names stay as the user typed them.
 */
export function refusedAuthSentence(refused: RefusedAuthType, source: AuthTypeSource): string {
  switch (refused.kind) {
    case 'multifactor': {
      const methods = refused.methods.join(' + ');
      if (source.kind === 'cloud')
        return methods
          ? l10n.t(
              'Cloud "{0}" in {1} uses auth_type v3multifactor with auth_methods {2}, which is not supported: only v3password + v3totp is.',
              source.cloud,
              source.file,
              methods,
            )
          : l10n.t(
              'Cloud "{0}" in {1} uses auth_type v3multifactor with no auth_methods, which is not supported: only v3password + v3totp is.',
              source.cloud,
              source.file,
            );
      if (source.kind === 'openrc')
        return methods
          ? l10n.t('The OpenRC file uses OS_AUTH_TYPE v3multifactor with OS_AUTH_METHODS {0}, which is not supported: only v3password + v3totp is.', methods)
          : l10n.t('The OpenRC file uses OS_AUTH_TYPE v3multifactor with no OS_AUTH_METHODS, which is not supported: only v3password + v3totp is.');
      return methods
        ? l10n.t('OS_AUTH_TYPE is v3multifactor with OS_AUTH_METHODS {0}, which is not supported: only v3password + v3totp is.', methods)
        : l10n.t('OS_AUTH_TYPE is v3multifactor with no OS_AUTH_METHODS, which is not supported: only v3password + v3totp is.');
    }
    case 'unsupported':
      if (source.kind === 'cloud')
        return l10n.t({
          message: 'Cloud "{0}" in {1} uses auth_type {2} ({3}), which this extension does not support: use a password, an application credential or a token.',
          args: [source.cloud, source.file, refused.value, refused.label],
          comment: ['{3} is a short description of the sign-in method, e.g. "SAML sign-in".'],
        });
      if (source.kind === 'openrc')
        return l10n.t({
          message: 'The OpenRC file uses OS_AUTH_TYPE {0} ({1}), which this extension does not support: use a password, an application credential or a token.',
          args: [refused.value, refused.label],
          comment: ['{1} is a short description of the sign-in method, e.g. "SAML sign-in".'],
        });
      return l10n.t({
        message: 'OS_AUTH_TYPE is {0} ({1}), which this extension does not support: use a password, an application credential or a token.',
        args: [refused.value, refused.label],
        comment: ['{1} is a short description of the sign-in method, e.g. "SAML sign-in".'],
      });
    case 'unknown':
      if (source.kind === 'cloud')
        return l10n.t(
          'Cloud "{0}" in {1} uses auth_type "{2}", which is not one openstacksdk knows (e.g. password, v3applicationcredential, token, v3totp, v3multifactor).',
          source.cloud,
          source.file,
          refused.value,
        );
      if (source.kind === 'openrc')
        return l10n.t(
          'The OpenRC file uses OS_AUTH_TYPE "{0}", which is not one openstacksdk knows (e.g. password, v3applicationcredential, token, v3totp, v3multifactor).',
          refused.value,
        );
      return l10n.t(
        'OS_AUTH_TYPE is "{0}", which is not one openstacksdk knows (e.g. password, v3applicationcredential, token, v3totp, v3multifactor).',
        refused.value,
      );
  }
}

export function authTypeVerdict(
  value: string | undefined,
  hints: { appCred: boolean; token: boolean; password: boolean; v1: boolean },
  methods?: string[],
): AuthTypeVerdict {
  const v = (value ?? '').trim().toLowerCase().replace(/-/g, '_');
  switch (v) {
    case '':
      if (hints.v1) return { authType: 'v1' };
      if (hints.appCred) return { authType: 'applicationCredential' };
      // As python-openstackclient picks its plugin: a token and no password sign in with the token.
      if (hints.token && !hints.password) return { authType: 'token' };
      return { authType: 'password' };
    case 'password':
    case 'v3password':
      return hints.v1 ? { authType: 'v1' } : { authType: 'password', ...(v === 'v3password' ? { version: 'v3' as const } : {}) };
    case 'v2password':
      return { authType: 'password', version: 'v2.0' };
    case 'v1password':
      return { authType: 'v1', version: 'v1' };
    case 'token':
    case 'v3token':
      return { authType: 'token', ...(v === 'v3token' ? { version: 'v3' as const } : {}) };
    case 'v2token':
      return { authType: 'token', version: 'v2.0' };
    case 'v3applicationcredential':
    case 'applicationcredential':
    case 'application_credential':
    case 'v3_application_credential':
      return { authType: 'applicationCredential', version: 'v3' };
    case 'v3totp':
      return { authType: 'totp', version: 'v3' };
    case 'v3multifactor': {
      const m = (methods ?? []).map((x) => x.toLowerCase());
      const set = new Set(m.map((x) => x.replace(/^v3/, '')));
      if (set.size === 2 && set.has('password') && set.has('totp')) return { authType: 'password', version: 'v3', secondFactor: 'totp' };
      return { refused: { kind: 'multifactor', methods: m } };
    }
  }
  const what = Object.hasOwn(REFUSED, v) ? REFUSED[v] : undefined;
  if (what) return { refused: { kind: 'unsupported', value: String(value), label: what() } };
  return { refused: { kind: 'unknown', value: String(value) } };
}

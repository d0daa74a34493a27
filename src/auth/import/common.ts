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
export type AuthTypeVerdict = { authType: AuthType; version?: AuthVersionChoice; secondFactor?: 'totp' } | { refused: string };

const REFUSED: Record<string, string> = {
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

export function authTypeVerdict(value: string | undefined, hints: { appCred: boolean; token: boolean; v1: boolean }, methods?: string[]): AuthTypeVerdict {
  const v = (value ?? '').trim().toLowerCase().replace(/-/g, '_');
  switch (v) {
    case '':
      if (hints.v1) return { authType: 'v1' };
      if (hints.appCred) return { authType: 'applicationCredential' };
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
      return {
        refused: l10n.t(
          'auth_type v3multifactor with auth_methods {0}, which is not supported: only v3password + v3totp is.',
          m.length ? m.join(' + ') : l10n.t('(none given)'),
        ),
      };
    }
  }
  const what = REFUSED[v];
  if (what)
    return {
      refused: l10n.t(
        'auth_type {0} ({1}), which this extension does not support: use a password, an application credential or a token.',
        String(value),
        String(what),
      ),
    };
  return {
    refused: l10n.t(
      'auth_type "{0}", which is not one openstacksdk knows (e.g. password, v3applicationcredential, token, v3totp, v3multifactor).',
      String(value),
    ),
  };
}

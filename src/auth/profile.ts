/**
 * A profile: the non-secret description of one cloud account (kept in settings), and how it turns into
 * Keystone credentials once its secret (kept in SecretStorage) is added. No `vscode` import here.
 */
import * as l10n from '@vscode/l10n';
import type { AuthVersionChoice, Credentials, Scope } from '../openstack/keystone';
import type { EndpointInterface } from '../openstack/keystone/token';
import { randomBytes } from 'node:crypto';
import { proxyUrlProblems } from '../openstack/network';
import { hideUrlCredentials } from '../openstack/redact';
import { quotedName } from '../openstack/swift/names';

/**
 * 'totp': a Keystone user's one-time code alone (openstacksdk's v3totp), asked at each sign-in, nothing stored.
 * 'storageToken': a token and storage URL used as given (OS_STORAGE_URL + OS_AUTH_TOKEN), no identity service.
 */
export type AuthType = 'password' | 'applicationCredential' | 'token' | 'v1' | 'totp' | 'storageToken';

/** Values of one region that differ from the profile's (clouds.yaml `regions: [{name, values}]`). */
export interface RegionSettings {
  interface?: EndpointInterface;
  storageInterface?: EndpointInterface;
  storageUrl?: string;
}

export interface Profile {
  /** Stable key of the profile's secrets; also its settings identity. */
  id: string;
  name: string;
  authUrl: string;
  authVersion: AuthVersionChoice;
  authType: AuthType;
  username?: string;
  userId?: string;
  userDomain?: string;
  userDomainId?: string;
  project?: string;
  projectId?: string;
  projectDomain?: string;
  projectDomainId?: string;
  applicationCredentialId?: string;
  applicationCredentialName?: string;
  region?: string;
  interface?: EndpointInterface;
  caFile?: string;
  insecure?: boolean;
  /** This profile's proxy (`http://user@host:port`, its password in secret storage), or "direct"; else the editor's. */
  proxy?: string;
  /** PEM client certificate and key shown to a server that asks for one (its passphrase in secret storage). */
  clientCertFile?: string;
  clientKeyFile?: string;
  /** The regions to show, in this order (clouds.yaml `regions:` or a list of `region_name`); else the catalog's. */
  regions?: string[];
  regionSettings?: Record<string, RegionSettings>;
  /** Object-store URL used instead of the catalog's (`object_store_endpoint_override`, OS_STORAGE_URL). */
  storageUrl?: string;
  /** Interface of the object-store endpoint when it is not `interface` (`object_store_interface`). */
  storageInterface?: EndpointInterface;
  /** 'totp': the password goes with a one-time code asked at each sign-in (openstacksdk's v3multifactor). */
  secondFactor?: 'totp';
}

/** Where a profile came from: the user's settings, or the editor's environment (OS_* variables). */
export type ProfileSource = 'settings' | 'environment';

export const ENVIRONMENT_PROFILE_ID = 'environment';

/** What the secret of a profile is, for prompts: "password", "application credential secret", … */
export function secretLabel(authType: AuthType): string {
  switch (authType) {
    case 'password':
      return 'password';
    case 'applicationCredential':
      return l10n.t('application credential secret');
    case 'token':
      return 'token';
    case 'v1':
      return l10n.t('key (X-Auth-Key)');
    case 'totp':
      return l10n.t('one-time code');
    case 'storageToken':
      return 'token';
  }
}

/** Profiles whose sign-in needs no stored secret: the one-time code is asked each time. */
export function needsStoredSecret(authType: AuthType): boolean {
  return authType !== 'totp';
}

function domainRef(name?: string, id?: string) {
  if (id) return { id };
  if (name) return { name };
  return undefined;
}

function scopeOf(profile: Profile): Scope | undefined {
  if (profile.projectId) return { project: { id: profile.projectId } };
  if (profile.project) {
    // A project name needs its domain; Keystone's own clients default it to the user's domain, then Default.
    const domain = domainRef(profile.projectDomain, profile.projectDomainId) ?? domainRef(profile.userDomain, profile.userDomainId) ?? { id: 'default' };
    return { project: { name: profile.project, domain } };
  }
  return undefined;
}

function userOf(profile: Profile) {
  if (profile.userId) return { id: profile.userId };
  const domain = domainRef(profile.userDomain, profile.userDomainId) ?? { id: 'default' };
  return { name: profile.username, domain };
}

/** The credentials a profile and its secret stand for. */
export function credentialsFor(profile: Profile, secret: string): Credentials {
  switch (profile.authType) {
    case 'password':
      return { kind: 'password', user: userOf(profile), password: secret, scope: scopeOf(profile) };
    case 'applicationCredential':
      return profile.applicationCredentialId
        ? { kind: 'applicationCredential', id: profile.applicationCredentialId, secret }
        : { kind: 'applicationCredential', name: profile.applicationCredentialName, user: userOf(profile), secret };
    case 'token':
      return { kind: 'token', token: secret, scope: scopeOf(profile) };
    case 'v1':
      return { kind: 'v1', user: profile.username ?? '', key: secret };
    case 'totp':
      return { kind: 'totp', user: userOf(profile), passcode: secret, scope: scopeOf(profile) };
    case 'storageToken':
      throw new Error(l10n.t('Profile {0} uses a storage URL and token as given: it does not sign in.', quotedName(profile.name)));
  }
}

/**
 * Problems that make a profile unusable, each one sentence naming the field. Empty when it is fine.
 * The secret is checked by the caller (it lives elsewhere).
 */
export function profileProblems(profile: Partial<Profile>): string[] {
  const problems: string[] = [];
  if (!profile.name?.trim()) problems.push(l10n.t('The profile needs a name.'));
  problems.push(...authUrlProblems(profile.authUrl ?? ''));
  switch (profile.authType) {
    case 'password':
      if (!profile.username && !profile.userId) problems.push(l10n.t('A password profile needs a user name or user id.'));
      break;
    case 'applicationCredential':
      if (!profile.applicationCredentialId && !(profile.applicationCredentialName && (profile.username || profile.userId))) {
        problems.push(l10n.t('An application credential profile needs its id, or its name and the user name or id.'));
      }
      break;
    case 'v1':
      if (!profile.username) problems.push(l10n.t('Swift v1 auth needs a user (X-Auth-User, e.g. "account:user").'));
      break;
    case 'token':
      break;
    case 'totp':
      if (!profile.username && !profile.userId) problems.push(l10n.t('A one-time-code (TOTP) profile needs a user name or user id.'));
      break;
    case 'storageToken':
      if (!profile.storageUrl) problems.push(l10n.t('A pre-authenticated profile needs its storage URL.'));
      break;
    default:
      problems.push(l10n.t('Unknown authentication type "{0}".', String(profile.authType)));
  }
  if (profile.insecure !== undefined && typeof profile.insecure !== 'boolean') {
    // A hand-edited "false" (a string) would otherwise read as true and turn certificate checks off.
    problems.push(l10n.t('"insecure" must be true or false, not {0}.', JSON.stringify(profile.insecure)));
  }
  if (profile.proxy !== undefined) {
    problems.push(
      ...(typeof profile.proxy === 'string' ? proxyUrlProblems(profile.proxy.trim(), l10n.t('The proxy')) : [l10n.t('The proxy must be a URL or "direct".')]),
    );
  }
  if (!profile.clientCertFile !== !profile.clientKeyFile) {
    problems.push(l10n.t('A client certificate needs both "clientCertFile" and "clientKeyFile".'));
  }
  for (const iface of [profile.interface, profile.storageInterface]) {
    if (iface && !['public', 'internal', 'admin'].includes(iface)) problems.push(l10n.t('Interface must be public, internal or admin, not "{0}".', iface));
  }
  if (profile.storageUrl) problems.push(...authUrlProblems(profile.storageUrl, 'storage'));
  return problems;
}

/** Checks an auth URL the way a person would want it explained. Never echoes credentials found in it. */
export function authUrlProblems(authUrl: string, which: 'auth' | 'storage' = 'auth'): string[] {
  const storage = which === 'storage';
  const trimmed = authUrl.trim();
  if (!trimmed) return [storage ? l10n.t('The storage URL is empty.') : l10n.t('The auth URL is empty.')];
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return [l10n.t('"{0}" is not a valid URL (expected e.g. https://keystone.example.com:5000/v3).', hideUrlCredentials(trimmed))];
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return [
      storage
        ? l10n.t('The storage URL must start with http:// or https://, not {0}//.', url.protocol)
        : l10n.t('The auth URL must start with http:// or https://, not {0}//.', url.protocol),
    ];
  if (url.username || url.password) {
    return [
      storage
        ? l10n.t('The storage URL must not contain a user name or password: enter them in their own fields.')
        : l10n.t('The auth URL must not contain a user name or password: enter them in their own fields.'),
    ];
  }
  if (!url.hostname) return [storage ? l10n.t('The storage URL has no host name.') : l10n.t('The auth URL has no host name.')];
  return [];
}

/**
 * A settings-safe id for a new profile: a slug of its name (readable in settings.json) and 48 random bits,
 * so that no one can name a profile's secrets by guessing its id. Unique among `taken`.
 */
export function newProfileId(name: string, taken: Iterable<string>, random: () => string = () => randomBytes(6).toString('hex')): string {
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'profile';
  const used = new Set([...taken, ENVIRONMENT_PROFILE_ID]);
  for (;;) {
    const id = `${slug}-${random()}`;
    if (!used.has(id)) return id;
  }
}

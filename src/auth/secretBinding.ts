/**
 * A stored secret is bound to what it was stored for: the auth URL, auth type, user, domain, the TLS
 * settings it is sent with, the profile's own proxy and the object-store URLs it gives instead of the catalog's (the
 * token goes there: for a pre-authenticated profile the secret is that token). When a profile's settings no longer
 * match (edited by hand, by another extension, by settings sync), nothing is sent until the user agrees. No `vscode`
 * import here.
 */
import * as l10n from '@vscode/l10n';
import { hideUrlCredentials } from '../openstack/redact';
import type { AuthType, Profile } from './profile';
import { quotedName } from '../openstack/swift/names';

export interface SecretBinding {
  authUrl: string;
  authType: AuthType;
  /** User id or name (v1: X-Auth-User). */
  user?: string;
  /** User domain id or name. */
  userDomain?: string;
  /** Application credential id or name. */
  applicationCredential?: string;
  caFile?: string;
  insecure: boolean;
  /** The profile's own proxy: a changed one could read a password sent over http. */
  proxy?: string;
  /**
   * The object-store URLs the profile gives instead of the catalog's, as [region, URL] (region '' for `storageUrl`,
   * then each region's in order): the token goes there. Absent when there are none, as in a binding stored before
   * they were bound.
   */
  storageUrls?: Array<[string, string]>;
}

/** Asked before a stored secret goes where it was not stored for. */
export interface SecretUseQuestion {
  profile: Profile;
  /** "password", "application credential secret", … */
  secretLabel: string;
  /** What changed since the secret was stored, one phrase each; empty when it was stored by an older version. */
  changes: string[];
}

/** True lets the secret go (and binds it to the profile as it is now). */
export type ConfirmSecretUse = (question: SecretUseQuestion) => PromiseLike<boolean>;

export const bindingKey = (profileId: string) => `openstackStorage.profile.${profileId}.secretFor`;

export function bindingOf(profile: Profile): SecretBinding {
  return {
    authUrl: profile.authUrl.trim(),
    authType: profile.authType,
    user: profile.userId ?? profile.username,
    userDomain: profile.userDomainId ?? profile.userDomain,
    applicationCredential: profile.applicationCredentialId ?? profile.applicationCredentialName,
    caFile: profile.caFile,
    insecure: profile.insecure === true,
    ...(profile.proxy?.trim() ? { proxy: profile.proxy.trim() } : {}),
    ...storageOverrides(profile),
  };
}

function storageOverrides(profile: Profile): Pick<SecretBinding, 'storageUrls'> {
  const urls: Array<[string, string]> = profile.storageUrl?.trim() ? [['', profile.storageUrl.trim()]] : [];
  const regions = profile.regionSettings ?? {};
  for (const region of Object.keys(regions).sort()) {
    const url = regions[region]?.storageUrl?.trim();
    if (url) urls.push([region, url]);
  }
  return urls.length ? { storageUrls: urls } : {};
}

/** The object-store URLs as they compare (JSON of the pairs; anything unreadable in a stored binding compares as itself). */
const storageKey = (b: SecretBinding) => JSON.stringify(b.storageUrls ?? []);

/** The object-store URLs for the question: credentials in them hidden. */
function storageShown(b: SecretBinding): string | undefined {
  if (!Array.isArray(b.storageUrls) || !b.storageUrls.length) return undefined;
  return b.storageUrls
    .map((pair) => (Array.isArray(pair) && pair[0] ? `${String(pair[0])}: ` : '') + hideUrlCredentials(String(Array.isArray(pair) ? pair[1] : pair)))
    .join(', ');
}

export function serializeBinding(binding: SecretBinding): string {
  return JSON.stringify(binding);
}

/** The stored binding, or undefined when there is none (a secret stored by an older version) or it is unreadable. */
export function parseBinding(text: string | undefined): SecretBinding | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<SecretBinding>;
    if (!value || typeof value.authUrl !== 'string' || typeof value.authType !== 'string') return undefined;
    return { ...value, insecure: value.insecure === true } as SecretBinding;
  } catch {
    return undefined;
  }
}

/** What differs between the stored binding and the profile now, one phrase each ("auth URL: a → b"); empty when they match. */
export function bindingChanges(stored: SecretBinding, current: SecretBinding): string[] {
  const shown = (v: string | undefined) => (v === undefined || v === '' ? '(none)' : `"${v}"`);
  const changes: string[] = [];
  if (stored.authUrl !== current.authUrl) changes.push(l10n.t('auth URL {0} → {1}', hideUrlCredentials(stored.authUrl), hideUrlCredentials(current.authUrl)));
  if (stored.authType !== current.authType) changes.push(l10n.t('authentication type {0} → {1}', stored.authType, current.authType));
  if ((stored.user ?? '') !== (current.user ?? '')) changes.push(l10n.t('user {0} → {1}', shown(stored.user), shown(current.user)));
  if ((stored.userDomain ?? '') !== (current.userDomain ?? ''))
    changes.push(l10n.t('user domain {0} → {1}', shown(stored.userDomain), shown(current.userDomain)));
  if ((stored.applicationCredential ?? '') !== (current.applicationCredential ?? '')) {
    changes.push(l10n.t('application credential {0} → {1}', shown(stored.applicationCredential), shown(current.applicationCredential)));
  }
  if ((stored.caFile ?? '') !== (current.caFile ?? '')) changes.push(l10n.t('CA file {0} → {1}', shown(stored.caFile), shown(current.caFile)));
  if ((stored.proxy ?? '') !== (current.proxy ?? '')) {
    changes.push(l10n.t('proxy {0} → {1}', shown(stored.proxy && hideUrlCredentials(stored.proxy)), shown(current.proxy && hideUrlCredentials(current.proxy))));
  }
  if (storageKey(stored) !== storageKey(current)) {
    changes.push(l10n.t('object-store URL {0} → {1}', shown(storageShown(stored)), shown(storageShown(current))));
  }
  if (stored.insecure !== current.insecure) {
    changes.push(current.insecure ? l10n.t('certificate verification turned OFF (insecure)') : l10n.t('certificate verification turned on'));
  }
  return changes;
}

/** The modal question's words: the message names the URL the secret would go to (a pre-authenticated token's: its storage URL). */
export function secretUseText(question: SecretUseQuestion): { message: string; detail: string; action: string } {
  const { profile, secretLabel, changes } = question;
  // A pre-authenticated profile's secret is its token, sent to its storage URL.
  const destination = profile.authType === 'storageToken' ? (profile.storageUrl ?? profile.authUrl) : profile.authUrl;
  const url = hideUrlCredentials(destination.trim());
  const why = changes.length
    ? l10n.t("The profile's settings changed after its {0} was stored: {1}.", secretLabel, changes.join('; '))
    : l10n.t('This {0} was stored by an earlier version, which did not record where it may be sent.', secretLabel);
  return {
    message: l10n.t('Send the stored {0} of {1} to {2}?', secretLabel, quotedName(profile.name), url),
    detail: l10n.t(
      '{0} Continue only if you made this change and trust {1}. Otherwise choose Cancel: nothing is sent, and you can check "openstackStorage.profiles" in your user settings.',
      why,
      url,
    ),
    action: l10n.t('Sign In'),
  };
}

/**
 * A stored secret is bound to what it was stored for: the auth URL, auth type, user, domain, the TLS
 * settings it is sent with and the profile's own proxy. When a profile's settings no longer match (edited by hand, by another
 * extension, by settings sync), nothing is sent until the user agrees. No `vscode` import here.
 */
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
  };
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
  if (stored.authUrl !== current.authUrl) changes.push(`auth URL ${hideUrlCredentials(stored.authUrl)} → ${hideUrlCredentials(current.authUrl)}`);
  if (stored.authType !== current.authType) changes.push(`authentication type ${stored.authType} → ${current.authType}`);
  if ((stored.user ?? '') !== (current.user ?? '')) changes.push(`user ${shown(stored.user)} → ${shown(current.user)}`);
  if ((stored.userDomain ?? '') !== (current.userDomain ?? '')) changes.push(`user domain ${shown(stored.userDomain)} → ${shown(current.userDomain)}`);
  if ((stored.applicationCredential ?? '') !== (current.applicationCredential ?? '')) {
    changes.push(`application credential ${shown(stored.applicationCredential)} → ${shown(current.applicationCredential)}`);
  }
  if ((stored.caFile ?? '') !== (current.caFile ?? '')) changes.push(`CA file ${shown(stored.caFile)} → ${shown(current.caFile)}`);
  if ((stored.proxy ?? '') !== (current.proxy ?? '')) {
    changes.push(`proxy ${shown(stored.proxy && hideUrlCredentials(stored.proxy))} → ${shown(current.proxy && hideUrlCredentials(current.proxy))}`);
  }
  if (stored.insecure !== current.insecure) {
    changes.push(current.insecure ? 'certificate verification turned OFF (insecure)' : 'certificate verification turned on');
  }
  return changes;
}

/** The modal question's words: the message names the auth URL the secret would go to. */
export function secretUseText(question: SecretUseQuestion): { message: string; detail: string; action: string } {
  const { profile, secretLabel, changes } = question;
  const url = hideUrlCredentials(profile.authUrl.trim());
  const why = changes.length
    ? `The profile's settings changed after its ${secretLabel} was stored: ${changes.join('; ')}.`
    : `This ${secretLabel} was stored by an earlier version, which did not record where it may be sent.`;
  return {
    message: `Send the stored ${secretLabel} of ${quotedName(profile.name)} to ${url}?`,
    detail:
      `${why} Continue only if you made this change and trust ${url}. ` +
      'Otherwise choose Cancel: nothing is sent, and you can check "openstackStorage.profiles" in your user settings.',
    action: 'Sign In',
  };
}

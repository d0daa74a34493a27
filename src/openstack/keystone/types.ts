import * as l10n from '@vscode/l10n';

/**
 * What a caller asks Keystone for: credentials, scope and the auth version to speak. Plain data, so profiles
 * and tests can build it without a client.
 */

export type DomainRef = { id?: string; name?: string };

export type UserRef = { id?: string; name?: string; domain?: DomainRef };

export type ProjectRef = { id?: string; name?: string; domain?: DomainRef };

/**
 * `'unscoped'` asks explicitly for a token without project or domain (v3 `"scope": "unscoped"`); leaving the
 * scope out lets Keystone scope the token to the user's default project, if it has one.
 */
export type Scope = { project: ProjectRef } | { domain: DomainRef } | 'unscoped';

/**
 * Keystone's answer to a first factor of a multi-factor sign-in (401 + Openstack-Auth-Receipt): sent back with
 * the next factor, it proves the first one.
 */
export interface AuthReceipt {
  receipt: string;
  /** The user the first factor identified. */
  userId?: string;
  /** Each rule is a set of methods that together suffice, e.g. [['password', 'totp']]. */
  requiredMethods: string[][];
  /** Methods already proven by the receipt. */
  methods: string[];
  expiresAt?: Date;
}

export type Credentials =
  /** `passcode`: a TOTP code sent in the same request (password + totp, openstacksdk's v3multifactor). */
  | { kind: 'password'; user: UserRef; password: string; passcode?: string; scope?: Scope }
  /** A TOTP one-time code, alone or with the receipt of a first factor. */
  | { kind: 'totp'; user: UserRef; passcode: string; receipt?: string; scope?: Scope }
  /** Application credentials carry their own scope: the project they were created on. */
  | { kind: 'applicationCredential'; id?: string; name?: string; user?: UserRef; secret: string }
  /** An existing token exchanged for a new one, usually with another scope. */
  | { kind: 'token'; token: string; scope?: Scope }
  /** Swift TempAuth-style v1 auth: `user` is often `account:user`. */
  | { kind: 'v1'; user: string; key: string };

export type AuthVersionChoice = 'auto' | 'v3' | 'v2.0' | 'v1';

export interface AuthRequest {
  /** With or without the version path (…/v3, …/v2.0, …/auth/v1.0); trailing slashes are ignored. */
  authUrl: string;
  /** Default 'auto': the version in the URL path, else the best one the versions document offers. */
  version?: AuthVersionChoice;
  credentials: Credentials;
  signal?: AbortSignal;
}

/** Who is authenticating, for error messages: names and ids only, never a secret. */
export function describeCredentials(credentials: Credentials): string {
  switch (credentials.kind) {
    case 'password':
      return l10n.t('user {0}', describeRef(credentials.user));
    case 'applicationCredential': {
      const owner = credentials.user ? ` of user ${describeRef(credentials.user)}` : '';
      return l10n.t('application credential {0}{1}', describeRef(credentials), owner);
    }
    case 'token':
      return l10n.t('an existing token');
    case 'v1':
      return l10n.t('user "{0}"', credentials.user);
    case 'totp':
      return l10n.t('user {0} (one-time code)', describeRef(credentials.user));
  }
}

/** The scope asked for, as a phrase to append to a message ("" when none). */
export function describeScope(scope: Scope | undefined): string {
  if (scope === undefined) return '';
  if (scope === 'unscoped') return ' (unscoped)';
  if ('project' in scope) return ` on project ${describeRef(scope.project)}`;
  return ` on domain ${describeRef(scope.domain)}`;
}

/** `"name" in domain "d"` or `id abc`: what a person recognises first. */
export function describeRef(ref: { id?: string; name?: string; domain?: DomainRef }): string {
  if (ref.name) {
    const domain = ref.domain?.name ?? ref.domain?.id;
    return domain ? l10n.t('"{0}" in domain "{1}"', ref.name, domain) : `"${ref.name}"`;
  }
  return ref.id ? l10n.t('id {0}', ref.id) : '(unnamed)';
}

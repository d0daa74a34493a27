/**
 * Signing in with a profile's secret, including Keystone's multi-factor rules: a password that needs a
 * one-time code too (the profile says so, or Keystone answers 401 with an auth receipt) asks for the code,
 * then completes the sign-in with it (and the receipt). A storage URL and token need no sign-in at all.
 */
import * as l10n from '@vscode/l10n';
import { OpenStackError } from '../openstack/errors';
import { Catalog, IdentityClient, ReceiptRequired, Token } from '../openstack/keystone';
import { Profile, credentialsFor } from './profile';
import { quotedName } from '../openstack/swift/names';

export interface OneTimeCodeQuestion {
  profile: Profile;
  /** Why it is asked: the first sign-in, a renewal (the token is about to expire), or Keystone's rules. */
  reason: 'signIn' | 'renewal' | 'receipt';
}

export type AskOneTimeCode = (question: OneTimeCodeQuestion) => PromiseLike<string | undefined>;

type Reason = OneTimeCodeQuestion['reason'];

export async function askCode(profile: Profile, ask: AskOneTimeCode | undefined, reason: Reason): Promise<string> {
  if (!ask) {
    throw new OpenStackError('auth', l10n.t('Profile {0} needs a one-time code (TOTP) to sign in, and none can be asked here.', quotedName(profile.name)));
  }
  const code = (await ask({ profile, reason }))?.trim();
  if (!code) throw new OpenStackError('cancelled', l10n.t('Signing in to {0} was cancelled: no one-time code was given.', quotedName(profile.name)));
  return code;
}

export async function signIn(
  identity: IdentityClient,
  profile: Profile,
  secret: string,
  code: (reason: Reason) => Promise<string>,
  signal?: AbortSignal,
): Promise<Token> {
  const base = credentialsFor(profile, secret);
  const credentials = base.kind === 'password' && profile.secondFactor === 'totp' ? { ...base, passcode: await code('signIn') } : base;
  try {
    return await identity.authenticate({ authUrl: profile.authUrl, version: profile.authVersion, credentials, signal });
  } catch (e) {
    if (!(e instanceof ReceiptRequired)) throw e;
    if (!e.wantsTotp) {
      throw new OpenStackError(
        'auth',
        l10n.t(
          'Profile {0}: Keystone needs another factor this extension cannot give ({1}).',
          quotedName(profile.name),
          e.receipt.requiredMethods.map((r) => r.join(' + ')).join(' or '),
        ),
      );
    }
    const user = e.receipt.userId ? { id: e.receipt.userId } : base.kind === 'password' ? base.user : {};
    const scope = base.kind === 'password' || base.kind === 'token' ? base.scope : undefined;
    return identity.authenticate({
      authUrl: profile.authUrl,
      version: 'v3',
      credentials: { kind: 'totp', user, passcode: await code('receipt'), receipt: e.receipt.receipt, scope },
      signal,
    });
  }
}

/** The token of a pre-authenticated profile: its storage URL as the one object-store endpoint; expiry unknown. */
export function storageTokenOf(profile: Profile, secret: string): Token {
  const url = profile.storageUrl ?? profile.authUrl;
  return {
    id: secret,
    authVersion: 'v1',
    authUrl: url,
    roles: [],
    methods: ['storageToken'],
    auditIds: [],
    catalog: new Catalog([{ serviceType: 'object-store', region: profile.region ?? '', interface: 'public', url }]),
    storageUrl: url,
  };
}

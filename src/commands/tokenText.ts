/**
 * Words of Revoke Token: the confirmation's detail and the message after it say the same thing about how long
 * object storage may still accept the revoked token. Which server each endpoint is is not asked before the
 * confirmation (no request before the user agrees), so both word the case for either server. Each is one whole
 * sentence for translators; the expiry minute is the only argument besides the profile's name. Pure: no `vscode`.
 */
import * as l10n from '@vscode/l10n';
import { utcMinute } from '../openstack/revocation';
import { quotedName } from '../openstack/swift/names';

/** The detail under "Revoke the token of profile …?". */
export function revokeConfirmDetail(expiresAt: Date | undefined): string {
  return expiresAt
    ? l10n.t(
        'The identity service invalidates it, copies in curl commands included. The object storage may accept it until it expires at {0} UTC: Swift caches validated tokens for about 5 minutes by default, Ceph RGW until they expire unless its operator turned that off. The next action signs in again.',
        utcMinute(expiresAt),
      )
    : l10n.t(
        'The identity service invalidates it, copies in curl commands included. The object storage may accept it until it expires: Swift caches validated tokens for about 5 minutes by default, Ceph RGW until they expire unless its operator turned that off. The next action signs in again.',
      );
}

/** The message after a revocation: the same caveat the confirmation gave, so no one thinks copies died at once. */
export function revokedMessage(profileName: string, expiresAt: Date | undefined): string {
  return expiresAt
    ? l10n.t(
        'Revoked the token of profile {0}: the identity service no longer accepts it. The object storage may accept it until it expires at {1} UTC: Swift caches validated tokens for about 5 minutes by default, Ceph RGW until they expire unless its operator turned that off.',
        quotedName(profileName),
        utcMinute(expiresAt),
      )
    : l10n.t(
        'Revoked the token of profile {0}: the identity service no longer accepts it. The object storage may accept it until it expires: Swift caches validated tokens for about 5 minutes by default, Ceph RGW until they expire unless its operator turned that off.',
        quotedName(profileName),
      );
}

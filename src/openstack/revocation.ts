/**
 * How long an object-storage endpoint may keep accepting a token after Keystone revoked it, in words a revoke
 * confirmation can show. Both servers cache validated tokens: Swift's authtoken middleware for `token_cache_time`
 * (300 s by default), Ceph RGW for as long as the token is valid (`rgw_keystone_token_cache_size`, 10,000 tokens by
 * default; 0 turns the cache off, as the local test cloud runs it). Which server an endpoint is comes from its /info
 * (SwiftInfo.server); undefined (unknown) is worded as the worst case. Pure: no request, no vscode.
 */
import * as l10n from '@vscode/l10n';
import type { SwiftInfo } from './swift/info';

export type StorageServer = SwiftInfo['server'];

/**
 * One sentence, e.g. "Swift may accept it for up to 5 minutes more (its cache of validated tokens).", or for RGW
 * "Ceph RGW may accept it until it expires at 2026-12-04 21:00 UTC (it caches validated tokens unless its
 * operator turned the cache off)." `servers`: one per endpoint the token reaches (duplicates are fine).
 */
export function revokedTokenLag(servers: readonly StorageServer[], expiresAt: Date | undefined): string {
  // Each case is one whole sentence (the expiry time the only argument), so a translator never joins pieces.
  const at = expiresAt ? utcMinute(expiresAt) : undefined;
  const has = (s: StorageServer) => servers.includes(s);
  if (servers.length && servers.every((s) => s === 'swift'))
    return l10n.t('Swift may accept it for up to 5 minutes more (its cache of validated tokens, by default).');
  if (servers.length && servers.every((s) => s === 'rgw'))
    return at
      ? l10n.t('Ceph RGW may accept it until it expires at {0} UTC (it caches validated tokens unless its operator turned the cache off).', at)
      : l10n.t('Ceph RGW may accept it until it expires (it caches validated tokens unless its operator turned the cache off).');
  if (has('swift') && has('rgw') && !has(undefined))
    return at
      ? l10n.t(
          'Swift may accept it for up to 5 minutes more (its cache of validated tokens, by default); Ceph RGW may accept it until it expires at {0} UTC (it caches validated tokens unless its operator turned the cache off).',
          at,
        )
      : l10n.t(
          'Swift may accept it for up to 5 minutes more (its cache of validated tokens, by default); Ceph RGW may accept it until it expires (it caches validated tokens unless its operator turned the cache off).',
        );
  return at
    ? l10n.t(
        'The object storage may accept it until it expires at {0} UTC: Swift caches validated tokens for about 5 minutes by default, Ceph RGW until they expire unless its operator turned that off.',
        at,
      )
    : l10n.t(
        'The object storage may accept it until it expires: Swift caches validated tokens for about 5 minutes by default, Ceph RGW until they expire unless its operator turned that off.',
      );
}

/** "2026-12-04 21:00": the minute a token expires, as the revocation sentences show it (UTC). */
export function utcMinute(date: Date): string {
  return date.toISOString().slice(0, 16).replace('T', ' ');
}

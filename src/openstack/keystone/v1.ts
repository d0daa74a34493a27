/**
 * Swift v1 auth (TempAuth and compatible): GET {authUrl} with X-Auth-User / X-Auth-Key, answered by headers
 * only. Turned into the same Token model, with a one-endpoint catalog, so callers treat all versions alike.
 */
import * as l10n from '@vscode/l10n';
import { Catalog, Token } from './token';
import { UNNAMED_REGION, badResponse } from './parse';

export function buildV1AuthHeaders(credentials: { user: string; key: string }): Record<string, string> {
  return { 'x-auth-user': credentials.user, 'x-auth-key': credentials.key };
}

/**
 * Reads the headers of a v1 auth answer (lower-case names). X-Auth-Token-Expires, when present, is the
 * number of seconds the token has left, counted from `now`.
 */
export function parseV1AuthHeaders(headers: Record<string, string>, authUrl: string, user: string, now: number): Token {
  const id = headers['x-auth-token'] ?? headers['x-storage-token'];
  if (!id) throw badResponse(l10n.t('The Swift v1 auth answer of {0} has no X-Auth-Token (nor X-Storage-Token) header.', authUrl));
  const storageUrl = headers['x-storage-url'];
  if (!storageUrl || !/^https?:\/\//i.test(storageUrl)) {
    throw badResponse(l10n.t('The Swift v1 auth answer of {0} has no usable X-Storage-Url header.', authUrl));
  }
  const token: Token = {
    id,
    authVersion: 'v1',
    authUrl,
    user: { name: user },
    roles: [],
    methods: ['v1'],
    auditIds: [],
    catalog: new Catalog([{ serviceType: 'object-store', serviceName: 'swift', region: UNNAMED_REGION, interface: 'public', url: storageUrl }]),
    storageUrl,
  };
  const expires = headers['x-auth-token-expires'];
  if (expires !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(expires)) {
    token.expiresAt = new Date(now + Math.round(Number(expires) * 1000));
  }
  return token;
}

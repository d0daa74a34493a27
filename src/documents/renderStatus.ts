/**
 * The status bar item's text and tooltip for the active profile's token. Pure (the status bar module
 * only shows it), so what the user reads at a glance is unit-tested.
 */
import * as l10n from '@vscode/l10n';
import type { Token } from '../openstack/keystone/token';
import { compactTimeLeft, isoDate, timeLeftText } from '../ui/format';
import { needsRenewal, renewalMarginMs, renewalNeedsCode } from '../auth/session';
import { text as md } from './markdown';
import { quotedName, visibleName } from '../openstack/swift/names';

export interface TokenStatus {
  /** e.g. `$(key) demo · 54m`; codicons allowed. */
  text: string;
  /** Markdown. */
  tooltip: string;
  /** The token is missing or expired, or due for a renewal that needs the user: the item asks for attention. */
  warning: boolean;
  /** Renewing this token needs a new one-time code and it is due (multi-factor sign-in cannot renew silently). */
  codeNeeded?: boolean;
}

/** The notification shown once per token when `codeNeeded` turns true. */
export function codeNeededMessage(profileName: string, token: Token, now: number): string {
  return token.expiresAt
    ? l10n.t(
        'Profile {0}: its token has {1}. Renewing it needs a new one-time code (multi-factor sign-in), so it cannot be renewed silently.',
        quotedName(profileName),
        timeLeftText(token.expiresAt, now),
      )
    : l10n.t(
        'Profile {0}: its token is due for renewal. Renewing it needs a new one-time code (multi-factor sign-in), so it cannot be renewed silently.',
        quotedName(profileName),
      );
}

/** Milliseconds until a one-time-code token enters its renewal margin (undefined: not such a token, or already in it). */
export function msUntilCodeNeeded(token: Token | undefined, now: number): number | undefined {
  if (!token?.expiresAt || !renewalNeedsCode(token)) return undefined;
  const at = token.expiresAt.getTime() - renewalMarginMs(token);
  return at > now ? at - now : undefined;
}

export function tokenStatus(profileName: string, token: Token | undefined, now: number): TokenStatus {
  // The status bar renders `$(name)` as an icon: a profile named "$(x)" must show as text; controls are escaped.
  const name = visibleName(profileName).replace(/\$\(/g, '$\u200b(');
  if (!token) {
    return {
      text: l10n.t('$(key) {0} · signed out', name),
      tooltip: l10n.t('**OpenStack profile {0}**\n\nSigned out: no token. Click to sign in and show the token details.', md(visibleName(profileName))),
      warning: false,
    };
  }
  const expired = token.expiresAt !== undefined && token.expiresAt.getTime() <= now;
  const withCode = renewalNeedsCode(token);
  const codeNeeded = withCode && !expired && needsRenewal(token, now);
  const who = [token.user?.name ?? token.user?.id, token.project?.name ?? token.project?.id].filter(Boolean).map((s) => md(String(s)));
  const lines = [l10n.t('**OpenStack profile {0}**', md(visibleName(profileName)))];
  if (who.length) lines.push(who.length === 2 ? l10n.t('User {0} on project {1}', who[0], who[1]) : l10n.t('User {0}', who[0]));
  lines.push(
    token.expiresAt ? l10n.t('Token expires {0} ({1})', isoDate(token.expiresAt), timeLeftText(token.expiresAt, now)) : l10n.t('Token without expiry'),
    l10n.t('Auth {0} at {1}', md(token.authVersion), md(token.authUrl)),
  );
  if (withCode) lines.push(l10n.t('Signed in with a one-time code: renewing this token asks for a new code, it cannot be renewed silently.'));
  lines.push(l10n.t('Click to show the token details.'));
  return {
    text: `$(${expired || codeNeeded ? 'warning' : 'key'}) ${name} · ${compactTimeLeft(token.expiresAt, now)}${codeNeeded ? l10n.t(' · code needed to renew') : ''}`,
    tooltip: lines.join('\n\n'),
    warning: expired || codeNeeded,
    ...(codeNeeded ? { codeNeeded } : {}),
  };
}

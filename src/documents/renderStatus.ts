/**
 * The status bar item's text and tooltip for the active profile's token. Pure (the status bar module
 * only shows it), so what the user reads at a glance is unit-tested.
 */
import type { Token } from '../openstack/keystone/token';
import { compactTimeLeft, isoDate, timeLeftText } from '../ui/format';
import { text as md } from './markdown';

export interface TokenStatus {
  /** e.g. `$(key) demo · 54m`; codicons allowed. */
  text: string;
  /** Markdown. */
  tooltip: string;
  /** The token is missing or expired: the item asks for attention. */
  warning: boolean;
}

export function tokenStatus(profileName: string, token: Token | undefined, now: number): TokenStatus {
  // The status bar renders `$(name)` as an icon: a profile named "$(x)" must show as text.
  const name = profileName.replace(/\$\(/g, '$\u200b(');
  if (!token) {
    return {
      text: `$(key) ${name} · signed out`,
      tooltip: `**OpenStack profile ${md(profileName)}**\n\nSigned out: no token. Click to sign in and show the token details.`,
      warning: false,
    };
  }
  const expired = token.expiresAt !== undefined && token.expiresAt.getTime() <= now;
  const who = [token.user?.name ?? token.user?.id, token.project?.name ?? token.project?.id].filter(Boolean).map((s) => md(String(s)));
  const lines = [`**OpenStack profile ${md(profileName)}**`];
  if (who.length) lines.push(who.length === 2 ? `User ${who[0]} on project ${who[1]}` : `User ${who[0]}`);
  lines.push(
    token.expiresAt ? `Token expires ${isoDate(token.expiresAt)} (${timeLeftText(token.expiresAt, now)})` : 'Token without expiry',
    `Auth ${md(token.authVersion)} at ${md(token.authUrl)}`,
    'Click to show the token details.',
  );
  return {
    text: `$(${expired ? 'warning' : 'key'}) ${name} · ${compactTimeLeft(token.expiresAt, now)}`,
    tooltip: lines.join('\n\n'),
    warning: expired,
  };
}

/**
 * The token details document as Markdown: who the token is for, what it may do, how long it lives, and the
 * endpoints its catalog offers. Pure: the provider passes the token, the clock and whether the user asked
 * to reveal the id.
 */
import * as l10n from '@vscode/l10n';
import type { CatalogEndpoint, NamedRef, ScopedRef, Token } from '../openstack/keystone/token';
import { isoDate, maskTokenId, timeLeftText } from '../ui/format';
import { code, facts, table, text } from './markdown';

export interface TokenDocumentInput {
  profileName: string;
  /** Undefined when the profile holds no token (signed out, revoked, never authenticated). */
  token: Token | undefined;
  now: number;
  /** Show the whole token id; only after the user confirmed "Reveal Token Id". */
  revealId: boolean;
}

const REVEAL_HINT = (): string => l10n.t('masked: run "OpenStack Storage: Reveal Token Id in Token Details…" to show it');

export function renderTokenDocument(input: TokenDocumentInput): string {
  const { profileName, token, now, revealId } = input;
  const title = l10n.t('# Token of profile {0}', text(profileName));
  if (!token) {
    return [
      title,
      '',
      l10n.t('This profile holds no token: it is signed out, or its token was revoked.'),
      l10n.t('Run "OpenStack Storage: Show Token Details" again to sign in.'),
      '',
    ].join('\n');
  }
  // The time left is as of rendering: say when that was, since the document does not tick.
  const parts = [title, '', l10n.t('As of {0}; run "Show Token Details" again to refresh.', code(isoDate(new Date(now)))), ''];
  if (revealId) {
    parts.push(
      l10n.t('> **Warning:** the token id below is a live credential. Anyone who has it acts as this user until it'),
      l10n.t('> expires or is revoked. Close this document to mask it again.'),
      '',
    );
  }
  parts.push(facts(tokenFacts(token, now, revealId)), '', l10n.t('## Service catalog'), '', ...catalogSections(token), '');
  return parts.join('\n');
}

function tokenFacts(token: Token, now: number, revealId: boolean): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    [l10n.t('Token id'), revealId ? code(token.id) : l10n.t('{0} ({1})', code(maskTokenId(token.id)), REVEAL_HINT())],
    [l10n.t('Auth version'), text(token.authVersion)],
    [l10n.t('Auth URL'), code(token.authUrl)],
    [l10n.t('User'), scopedRef(token.user)],
  ];
  if (token.project) rows.push([l10n.t('Project'), scopedRef(token.project)]);
  if (token.domain) rows.push([l10n.t('Domain'), namedRef(token.domain)]);
  if (!token.project && !token.domain && token.authVersion !== 'v1') rows.push([l10n.t('Scope'), l10n.t('unscoped')]);
  rows.push(
    [l10n.t('Roles'), list(token.roles.map((r) => namedRef(r)))],
    [l10n.t('Methods'), list(token.methods.map(text))],
    [l10n.t('Issued'), token.issuedAt ? code(isoDate(token.issuedAt)) : '—'],
    [l10n.t('Expires'), token.expiresAt ? l10n.t('{0} ({1})', code(isoDate(token.expiresAt)), timeLeftText(token.expiresAt, now)) : l10n.t('no expiry given')],
    [l10n.t('Audit ids'), list(token.auditIds.map(code))],
  );
  if (token.storageUrl) rows.push([l10n.t('Storage URL'), code(token.storageUrl)]);
  return rows;
}

/** One table per region: service, interface, URL; in catalog order, so the document matches Keystone's. */
function catalogSections(token: Token): string[] {
  const regions = token.catalog.byRegion();
  if (regions.size === 0) return [l10n.t('The token carries no service catalog.')];
  const out: string[] = [];
  for (const [region, endpoints] of regions) {
    out.push(
      l10n.t('### Region {0}', region ? text(region) : l10n.t('(none)')),
      '',
      table([l10n.t('Service'), l10n.t('Interface'), 'URL'], endpoints.map(endpointRow)),
      '',
    );
  }
  return out.slice(0, -1);
}

function endpointRow(e: CatalogEndpoint): string[] {
  const service = e.serviceName && e.serviceName !== e.serviceType ? l10n.t('{0} ({1})', text(e.serviceType), text(e.serviceName)) : text(e.serviceType);
  return [service, text(e.interface), code(e.url)];
}

/** "alice (id `u1`)"; the name alone when there is no id, the id alone when there is no name. */
function namedRef(ref: NamedRef | undefined): string {
  if (!ref || (!ref.name && !ref.id)) return '—';
  if (ref.name && ref.id) return l10n.t('{0} (id {1})', text(ref.name), code(ref.id));
  return ref.name ? text(ref.name) : code(ref.id ?? '');
}

function scopedRef(ref: ScopedRef | undefined): string {
  const own = namedRef(ref);
  return ref?.domain && (ref.domain.name || ref.domain.id) ? l10n.t('{0} in domain {1}', own, namedRef(ref.domain)) : own;
}

function list(items: string[]): string {
  return items.length ? items.join(', ') : '—';
}

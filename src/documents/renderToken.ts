/**
 * The token details document as Markdown: who the token is for, what it may do, how long it lives, and the
 * endpoints its catalog offers. Pure: the provider passes the token, the clock and whether the user asked
 * to reveal the id.
 */
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

const REVEAL_HINT = 'masked: run "OpenStack Storage: Reveal Token Id in Token Details…" to show it';

export function renderTokenDocument(input: TokenDocumentInput): string {
  const { profileName, token, now, revealId } = input;
  const title = `# Token of profile ${text(profileName)}`;
  if (!token) {
    return [
      title,
      '',
      'This profile holds no token: it is signed out, or its token was revoked.',
      'Run "OpenStack Storage: Show Token Details" again to sign in.',
      '',
    ].join('\n');
  }
  // The time left is as of rendering: say when that was, since the document does not tick.
  const parts = [title, '', `As of ${code(isoDate(new Date(now)))}; run "Show Token Details" again to refresh.`, ''];
  if (revealId) {
    parts.push(
      '> **Warning:** the token id below is a live credential. Anyone who has it acts as this user until it',
      '> expires or is revoked. Close this document to mask it again.',
      '',
    );
  }
  parts.push(facts(tokenFacts(token, now, revealId)), '', '## Service catalog', '', ...catalogSections(token), '');
  return parts.join('\n');
}

function tokenFacts(token: Token, now: number, revealId: boolean): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ['Token id', revealId ? code(token.id) : `${code(maskTokenId(token.id))} (${REVEAL_HINT})`],
    ['Auth version', text(token.authVersion)],
    ['Auth URL', code(token.authUrl)],
    ['User', scopedRef(token.user)],
  ];
  if (token.project) rows.push(['Project', scopedRef(token.project)]);
  if (token.domain) rows.push(['Domain', namedRef(token.domain)]);
  if (!token.project && !token.domain && token.authVersion !== 'v1') rows.push(['Scope', 'unscoped']);
  rows.push(
    ['Roles', list(token.roles.map((r) => namedRef(r)))],
    ['Methods', list(token.methods.map(text))],
    ['Issued', token.issuedAt ? code(isoDate(token.issuedAt)) : '—'],
    ['Expires', token.expiresAt ? `${code(isoDate(token.expiresAt))} (${timeLeftText(token.expiresAt, now)})` : 'no expiry given'],
    ['Audit ids', list(token.auditIds.map(code))],
  );
  if (token.storageUrl) rows.push(['Storage URL', code(token.storageUrl)]);
  return rows;
}

/** One table per region: service, interface, URL; in catalog order, so the document matches Keystone's. */
function catalogSections(token: Token): string[] {
  const regions = token.catalog.byRegion();
  if (regions.size === 0) return ['The token carries no service catalog.'];
  const out: string[] = [];
  for (const [region, endpoints] of regions) {
    out.push(`### Region ${region ? text(region) : '(none)'}`, '', table(['Service', 'Interface', 'URL'], endpoints.map(endpointRow)), '');
  }
  return out.slice(0, -1);
}

function endpointRow(e: CatalogEndpoint): string[] {
  const service = e.serviceName && e.serviceName !== e.serviceType ? `${text(e.serviceType)} (${text(e.serviceName)})` : text(e.serviceType);
  return [service, text(e.interface), code(e.url)];
}

/** "alice (id `u1`)"; the name alone when there is no id, the id alone when there is no name. */
function namedRef(ref: NamedRef | undefined): string {
  if (!ref || (!ref.name && !ref.id)) return '—';
  if (ref.name && ref.id) return `${text(ref.name)} (id ${code(ref.id)})`;
  return ref.name ? text(ref.name) : code(ref.id ?? '');
}

function scopedRef(ref: ScopedRef | undefined): string {
  const own = namedRef(ref);
  return ref?.domain && (ref.domain.name || ref.domain.id) ? `${own} in domain ${namedRef(ref.domain)}` : own;
}

function list(items: string[]): string {
  return items.length ? items.join(', ') : '—';
}

/**
 * Identity v2.0: the body of POST /v2.0/tokens and the `access` answer (from POST /v2.0/tokens and
 * GET /v2.0/tokens/{id}) read into the same Token model as v3. v2.0 has no domains, no application
 * credentials and no domain scope. Pure functions: unit tests feed them the api-ref samples.
 */
import * as l10n from '@vscode/l10n';
import { OpenStackError } from '../errors';
import { Catalog, EndpointInterface, NamedRef, Token } from './token';
import { arrayOf, badResponse, parseCatalog, isObject, namedRef, optionalString, parseTimestamp, requireObject, requireString, stringsOf } from './parse';
import { Credentials, DomainRef, Scope, describeRef } from './types';

/** At most one of the two; neither for an unscoped token. */
type V2Tenant = { tenantId?: string; tenantName?: string };
type V2PasswordCredentials = ({ username: string } | { userId: string }) & { password: string };

export type V2AuthBody = {
  auth: ({ passwordCredentials: V2PasswordCredentials } | { token: { id: string } }) & V2Tenant;
};

function unsupported(message: string): OpenStackError {
  return new OpenStackError('unsupported', message);
}

/** v2.0 predates domains: everything lived in what v3 calls the Default domain. */
export function isDefaultDomain(domain: DomainRef | undefined): boolean {
  if (!domain) return true;
  const idOk = domain.id === undefined || domain.id === '' || domain.id === 'default';
  const nameOk = domain.name === undefined || domain.name === '' || domain.name.toLowerCase() === 'default';
  return idOk && nameOk;
}

function requireDefaultDomain(domain: DomainRef | undefined, what: string): void {
  if (!isDefaultDomain(domain)) {
    throw unsupported(
      l10n.t('Identity v2.0 has no domains, so {0} in domain "{1}" cannot be used; use Identity v3.', what, String(domain?.name ?? domain?.id)),
    );
  }
}

function v2Tenant(scope: Scope | undefined): V2Tenant {
  if (scope === undefined || scope === 'unscoped') return {};
  if (!('project' in scope)) throw unsupported(l10n.t('Identity v2.0 cannot scope a token to a domain; use Identity v3.'));
  const project = scope.project;
  requireDefaultDomain(project.domain, l10n.t('project {0}', describeRef({ ...project, domain: undefined })));
  if (project.id) return { tenantId: project.id };
  if (project.name) return { tenantName: project.name };
  throw new OpenStackError('invalidInput', l10n.t('The project scope names no project: give its id or name.'));
}

/** The JSON body of POST /v2.0/tokens. */
export function buildV2AuthBody(credentials: Credentials): V2AuthBody {
  switch (credentials.kind) {
    case 'password': {
      const { user, password } = credentials;
      if (credentials.passcode)
        throw unsupported(l10n.t('Multi-factor sign-in (password + one-time code) needs Identity v3; this auth URL speaks Identity v2.0.'));
      if (!password) throw new OpenStackError('invalidInput', l10n.t('No password given for user {0}.', describeRef(user)));
      requireDefaultDomain(user.domain, l10n.t('user {0}', describeRef({ ...user, domain: undefined })));
      let passwordCredentials: V2PasswordCredentials;
      if (user.name) passwordCredentials = { username: user.name, password };
      else if (user.id) passwordCredentials = { userId: user.id, password };
      else throw new OpenStackError('invalidInput', l10n.t('No user id or name given.'));
      return { auth: { passwordCredentials, ...v2Tenant(credentials.scope) } };
    }
    case 'token':
      if (!credentials.token) throw new OpenStackError('invalidInput', l10n.t('No token given to exchange for a new one.'));
      return { auth: { token: { id: credentials.token }, ...v2Tenant(credentials.scope) } };
    case 'applicationCredential':
      throw unsupported(l10n.t('Application credentials need Identity v3; this auth URL speaks Identity v2.0.'));
    case 'totp':
      throw unsupported(l10n.t('One-time codes (TOTP) need Identity v3; this auth URL speaks Identity v2.0.'));
    case 'v1':
      throw new OpenStackError('invalidInput', l10n.t('Swift v1 credentials (user and key) only work with a Swift v1 auth URL, not with Identity v2.0.'));
  }
}

const URL_FIELDS: Array<[string, EndpointInterface]> = [
  ['publicURL', 'public'],
  ['internalURL', 'internal'],
  ['adminURL', 'admin'],
];

/** The v2.0 `serviceCatalog`: one CatalogEndpoint per URL an endpoint lists. */
export function parseV2ServiceCatalog(serviceCatalog: unknown): Catalog {
  return parseCatalog(serviceCatalog, (e) => {
    const region = optionalString(e.region);
    return URL_FIELDS.flatMap(([field, iface]) => {
      const url = optionalString(e[field]);
      return url ? [{ region, iface, url }] : [];
    });
  });
}

/** Role names from access.user.roles; when absent, the role ids of access.metadata.roles. */
function v2Roles(user: unknown, metadata: unknown): NamedRef[] {
  const named = arrayOf(isObject(user) ? user.roles : undefined)
    .map(namedRef)
    .filter((r) => r !== undefined);
  if (named.length > 0) return named;
  return stringsOf(isObject(metadata) ? metadata.roles : undefined).map((id) => ({ id }));
}

/** Reads a v2.0 `{"access": …}` answer. `authUrl` is the …/v2.0 base the token came from. */
export function parseV2AccessBody(body: unknown, authUrl: string): Token {
  const access = requireObject(isObject(body) ? body.access : undefined, 'The "access" object of the Identity v2.0 answer');
  const token = requireObject(access.token, l10n.t('access.token of the Identity v2.0 answer'));
  const expiresAt = parseTimestamp(token.expires, 'access.token.expires');
  if (!expiresAt) throw badResponse(l10n.t('The Identity v2.0 answer has no access.token.expires.'));
  const rawUser = isObject(access.user) ? access.user : undefined;
  const user = namedRef(rawUser && { id: rawUser.id, name: rawUser.name ?? rawUser.username });
  const result: Token = {
    id: requireString(token.id, l10n.t('access.token.id of the Identity v2.0 answer')),
    authVersion: 'v2.0',
    authUrl,
    issuedAt: parseTimestamp(token.issued_at, 'access.token.issued_at'),
    expiresAt,
    user,
    project: namedRef(token.tenant),
    roles: v2Roles(rawUser, access.metadata),
    // v2.0 does not say how a token was obtained; the client fills this in from the request it sent.
    methods: [],
    auditIds: stringsOf(token.audit_ids),
    catalog: parseV2ServiceCatalog(access.serviceCatalog),
  };
  for (const key of ['issuedAt', 'user', 'project'] as const) if (result[key] === undefined) delete result[key];
  return result;
}

/**
 * Identity v3: the body of POST /v3/auth/tokens for each kind of credentials, and the token answer
 * (id in the X-Subject-Token header, details in the `token` body) read into the one Token model.
 * Pure functions: unit tests feed them the api-ref samples.
 */
import * as l10n from '@vscode/l10n';
import { OpenStackError } from '../errors';
import { Catalog, EndpointInterface, Token } from './token';
import { arrayOf, badResponse, parseCatalog, isObject, namedRef, optionalString, parseTimestamp, requireObject, scopedRef, stringsOf } from './parse';
import { Credentials, DomainRef, ProjectRef, Scope, UserRef, describeCredentials } from './types';

type V3Domain = { id: string } | { name: string };
type V3User = { id: string } | { name: string; domain: V3Domain };
type V3Project = { id: string } | { name: string; domain: V3Domain };
export type V3Scope = { project: V3Project } | { domain: V3Domain } | 'unscoped';

type V3Totp = { user: V3User & { passcode: string } };

export type V3Identity =
  | { methods: ['password']; password: { user: V3User & { password: string } } }
  | { methods: ['password', 'totp']; password: { user: V3User & { password: string } }; totp: V3Totp }
  | { methods: ['totp']; totp: V3Totp }
  | { methods: ['application_credential']; application_credential: V3ApplicationCredential }
  | { methods: ['token']; token: { id: string } };

type V3ApplicationCredential = ({ id: string } | { name: string; user: V3User }) & { secret: string };

export interface V3AuthBody {
  auth: { identity: V3Identity; scope?: V3Scope };
}

function invalid(message: string): OpenStackError {
  return new OpenStackError('invalidInput', message);
}

/** A domain by id when known (ids are unique and never renamed), else by name. */
function v3Domain(domain: DomainRef | undefined, owner: string): V3Domain {
  if (domain?.id) return { id: domain.id };
  if (domain?.name) return { name: domain.name };
  throw invalid(l10n.t('{0} is given by name, so Identity v3 needs its domain (id or name).', owner));
}

function v3User(user: UserRef | undefined, owner: string): V3User {
  if (user?.id) return { id: user.id };
  if (user?.name) return { name: user.name, domain: v3Domain(user.domain, `The user "${user.name}"${owner}`) };
  throw invalid(l10n.t('No user id or name given{0}.', owner));
}

function v3Project(project: ProjectRef): V3Project {
  if (project.id) return { id: project.id };
  if (project.name) return { name: project.name, domain: v3Domain(project.domain, `The project "${project.name}"`) };
  throw invalid(l10n.t('The project scope names no project: give its id, or its name and domain.'));
}

export function v3Scope(scope: Scope | undefined): { scope?: V3Scope } {
  if (scope === undefined) return {};
  if (scope === 'unscoped') return { scope: 'unscoped' };
  if ('project' in scope) return { scope: { project: v3Project(scope.project) } };
  if (!scope.domain.id && !scope.domain.name) throw invalid(l10n.t('The domain scope names no domain: give its id or name.'));
  return { scope: { domain: v3Domain(scope.domain, l10n.t('The domain scope')) } };
}

/** The JSON body of POST /v3/auth/tokens. Throws 'invalidInput' for credentials Keystone would reject as malformed. */
export function buildV3AuthBody(credentials: Credentials): V3AuthBody {
  switch (credentials.kind) {
    case 'password': {
      if (!credentials.password) throw invalid(l10n.t('No password given for {0}.', describeCredentials(credentials)));
      const user = { ...v3User(credentials.user, ''), password: credentials.password };
      const identity: V3Identity = credentials.passcode
        ? { methods: ['password', 'totp'], password: { user }, totp: { user: { ...v3User(credentials.user, ''), passcode: credentials.passcode } } }
        : { methods: ['password'], password: { user } };
      return { auth: { identity, ...v3Scope(credentials.scope) } };
    }
    case 'totp': {
      if (!/^\d{6,8}$/.test(credentials.passcode.trim())) throw invalid(l10n.t('A one-time code is 6 to 8 digits.'));
      const user = { ...v3User(credentials.user, ''), passcode: credentials.passcode.trim() };
      return { auth: { identity: { methods: ['totp'], totp: { user } }, ...v3Scope(credentials.scope) } };
    }
    case 'applicationCredential': {
      if (!credentials.secret) throw invalid(l10n.t('No secret given for {0}.', describeCredentials(credentials)));
      let appCred: V3ApplicationCredential;
      if (credentials.id) appCred = { id: credentials.id, secret: credentials.secret };
      else if (credentials.name)
        appCred = {
          name: credentials.name,
          user: v3User(credentials.user, ` for application credential "${credentials.name}"`),
          secret: credentials.secret,
        };
      else throw invalid(l10n.t('An application credential needs its id, or its name and its user.'));
      // No scope: an application credential is bound to the project it was created on.
      return { auth: { identity: { methods: ['application_credential'], application_credential: appCred } } };
    }
    case 'token': {
      if (!credentials.token) throw invalid(l10n.t('No token given to exchange for a new one.'));
      return {
        auth: { identity: { methods: ['token'], token: { id: credentials.token } }, ...v3Scope(credentials.scope) },
      };
    }
    case 'v1':
      throw invalid(l10n.t('Swift v1 credentials (user and key) only work with a Swift v1 auth URL, not with Identity v3.'));
  }
}

const INTERFACES = new Set<EndpointInterface>(['public', 'internal', 'admin']);

/** The v3 `catalog` array; endpoints with an unknown interface or no URL are left out. */
export function parseV3Catalog(catalog: unknown): Catalog {
  return parseCatalog(catalog, (e) => {
    const url = optionalString(e.url);
    const iface = optionalString(e.interface) as EndpointInterface | undefined;
    if (!url || !iface || !INTERFACES.has(iface)) return [];
    return [{ region: optionalString(e.region_id) ?? optionalString(e.region), iface, url }];
  });
}

/**
 * Reads a v3 token answer (from POST or GET /v3/auth/tokens). `tokenId` comes from the X-Subject-Token
 * header; `authUrl` is the …/v3 base the token came from.
 */
export function parseV3TokenBody(body: unknown, tokenId: string, authUrl: string): Token {
  const token = requireObject(isObject(body) ? body.token : undefined, 'The "token" object of the Identity v3 answer');
  const expiresAt = parseTimestamp(token.expires_at, 'token.expires_at');
  if (!expiresAt) throw badResponse(l10n.t('The Identity v3 answer has no token.expires_at.'));
  const result: Token = {
    id: tokenId,
    authVersion: 'v3',
    authUrl,
    issuedAt: parseTimestamp(token.issued_at, 'token.issued_at'),
    expiresAt,
    user: scopedRef(token.user),
    project: scopedRef(token.project),
    domain: namedRef(token.domain),
    roles: arrayOf(token.roles)
      .map(namedRef)
      .filter((r) => r !== undefined),
    methods: stringsOf(token.methods),
    auditIds: stringsOf(token.audit_ids),
    catalog: parseV3Catalog(token.catalog),
  };
  const appCred = isObject(token.application_credential) ? token.application_credential : undefined;
  const rules = arrayOf(appCred?.access_rules).filter(isObject);
  if (rules.length) {
    result.accessRules = rules.map((r) => ({ service: optionalString(r.service), method: optionalString(r.method), path: optionalString(r.path) }));
  }
  // Keep the model free of explicit `undefined` members so serialised tokens stay minimal.
  for (const key of ['issuedAt', 'user', 'project', 'domain'] as const) if (result[key] === undefined) delete result[key];
  return result;
}

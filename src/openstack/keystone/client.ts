/**
 * IdentityClient: authenticate, validate and revoke tokens against Keystone v3, v2.0 or Swift v1 auth, and
 * discover which of those an auth URL speaks. All HTTP goes through HttpClient; every secret it touches is
 * registered with the HttpClient's redactor before the first request that carries it.
 */
import * as l10n from '@vscode/l10n';
import { OpenStackError } from '../errors';
import type { HttpClient, HttpRequest, HttpResponse } from '../http';
import type { Redactor } from '../redact';
import type { AuthVersion, Token } from './token';
import { Credentials, AuthRequest, describeCredentials } from './types';
import { Discovered, chooseVersion, label, normalizeAuthUrl, parseVersionsDocument, versionBaseUrl, versionInPath } from './discovery';
import { buildV3AuthBody, parseV3TokenBody } from './v3';
import { buildV2AuthBody, parseV2AccessBody } from './v2';
import { buildV1AuthHeaders, parseV1AuthHeaders } from './v1';
import { badResponse } from './parse';
import { rejectedCredentials } from './failures';
import { ReceiptRequired, parseReceipt } from './receipt';

export interface IdentityStats {
  /** authenticate() calls, successful or not. */
  authentications: number;
  validations: number;
  revocations: number;
  /** Versions documents fetched (answers are cached per auth URL, and URLs naming a version need none). */
  discoveries: number;
}

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

export class IdentityClient {
  readonly stats: IdentityStats = { authentications: 0, validations: 0, revocations: 0, discoveries: 0 };
  /** Discovery answers per normalised auth URL: the versions a cloud offers do not change under a session. */
  private readonly discovered = new Map<string, Discovered>();

  constructor(private readonly http: HttpClient) {}

  private get redactor(): Redactor {
    return this.http.redactor;
  }

  async authenticate(req: AuthRequest): Promise<Token> {
    this.stats.authentications++;
    const { credentials, signal } = req;
    this.registerSecrets(credentials);
    const target = await this.target(req);
    switch (target.version) {
      case 'v3':
        return this.authenticateV3(target.url, credentials, signal);
      case 'v2.0':
        return this.authenticateV2(target.url, credentials, signal);
      case 'v1':
        return this.authenticateV1(target.url, credentials, signal);
    }
  }

  /** GET /v3/auth/tokens (X-Auth-Token = authToken.id, X-Subject-Token = subjectTokenId); v2.0: GET /v2.0/tokens/{id} */
  async validate(authToken: Token, subjectTokenId?: string, signal?: AbortSignal): Promise<Token> {
    this.stats.validations++;
    const subject = subjectTokenId ?? authToken.id;
    this.redactor.addSecret(authToken.id);
    this.redactor.addSecret(subject);
    switch (authToken.authVersion) {
      case 'v3': {
        const res = await this.http.request({
          method: 'GET',
          url: `${authToken.authUrl}/auth/tokens`,
          headers: { accept: 'application/json', 'x-auth-token': authToken.id, 'x-subject-token': subject },
          signal,
          service: 'identity',
        });
        return parseV3TokenBody(await res.json(), subject, authToken.authUrl);
      }
      case 'v2.0': {
        const res = await this.http.request({
          method: 'GET',
          url: `${authToken.authUrl}/tokens/${encodeURIComponent(subject)}`,
          headers: { accept: 'application/json', 'x-auth-token': authToken.id },
          signal,
          service: 'identity',
        });
        const token = parseV2AccessBody(await res.json(), authToken.authUrl);
        if (subject === authToken.id) {
          // The v2.0 validation answer need not list the catalog; our own token's has not changed.
          if (token.catalog.endpoints.length === 0) token.catalog = authToken.catalog;
          token.methods = authToken.methods;
        }
        return token;
      }
      case 'v1': {
        // v1 has no validation call: a HEAD of the account with the token is the cheapest proof it works.
        const storageUrl = authToken.storageUrl ?? authToken.catalog.endpoint('object-store')?.url;
        if (!storageUrl) throw badResponse(l10n.t('This Swift v1 token has no storage URL to check it against.'));
        const res = await this.http.request({
          method: 'HEAD',
          url: storageUrl,
          headers: { 'x-auth-token': subject },
          signal,
          service: 'object-store',
        });
        await res.dump();
        return { ...authToken, id: subject };
      }
    }
  }

  /** v3: DELETE /v3/auth/tokens; v2.0: DELETE /v2.0/tokens/{id}; v1: throws OpenStackError kind 'unsupported'. */
  async revoke(token: Token, signal?: AbortSignal): Promise<void> {
    this.stats.revocations++;
    this.redactor.addSecret(token.id);
    let req: HttpRequest;
    switch (token.authVersion) {
      case 'v3':
        req = {
          method: 'DELETE',
          url: `${token.authUrl}/auth/tokens`,
          headers: { 'x-auth-token': token.id, 'x-subject-token': token.id },
        };
        break;
      case 'v2.0':
        req = {
          method: 'DELETE',
          url: `${token.authUrl}/tokens/${encodeURIComponent(token.id)}`,
          headers: { 'x-auth-token': token.id },
        };
        break;
      case 'v1': {
        const message = token.expiresAt
          ? l10n.t('Swift v1 auth ({0}) has no way to revoke a token. It stays valid until {1}.', token.authUrl, token.expiresAt.toISOString())
          : l10n.t('Swift v1 auth ({0}) has no way to revoke a token.', token.authUrl);
        throw new OpenStackError('unsupported', message, { service: 'identity' });
      }
    }
    const res = await this.http.request({ ...req, signal, service: 'identity' });
    await res.dump();
  }

  /** Accepts an auth URL with or without /v3, /v2.0, /v1.0, trailing slash; picks version from the URL path or from the versions document at the root (prefer v3). */
  async discover(authUrl: string, signal?: AbortSignal): Promise<{ version: 'v3' | 'v2.0' | 'v1'; url: string }> {
    const url = normalizeAuthUrl(authUrl);
    const inPath = versionInPath(url);
    if (inPath) return { version: inPath, url };
    const cached = this.discovered.get(url);
    if (cached) return { ...cached };

    this.stats.discoveries++;
    let res: HttpResponse;
    try {
      res = await this.http.request({
        method: 'GET',
        url: `${url}/`,
        headers: { accept: 'application/json' },
        signal,
        service: 'identity',
        // Keystone answers its root with 300 Multiple Choices and the versions document.
        accept: (status) => (status >= 200 && status < 300) || status === 300,
      });
    } catch (e) {
      if (!(e instanceof OpenStackError) || e.kind !== 'notFound') throw e;
      throw new OpenStackError(
        'notFound',
        l10n.t('{0} serves no Identity versions document (HTTP 404). Give the Keystone URL, e.g. https://keystone.example.com:5000/v3.', url),
        e,
        { cause: e },
      );
    }
    let doc: unknown;
    try {
      doc = await res.json();
    } catch (e) {
      if (e instanceof OpenStackError && e.kind === 'badResponse') {
        throw new OpenStackError('badResponse', l10n.t('{0} does not look like an Identity (Keystone) endpoint. {1}', url, e.message), e, {
          cause: e,
        });
      }
      throw e;
    }
    const found = chooseVersion(parseVersionsDocument(doc, url), url);
    this.discovered.set(url, found);
    return { ...found };
  }

  private async target(req: AuthRequest): Promise<Discovered> {
    const url = normalizeAuthUrl(req.authUrl);
    const choice = req.version ?? 'auto';
    if (choice !== 'auto') return { version: choice, url: versionBaseUrl(url, choice) };
    // v1 credentials only make sense against a Swift auth URL, whose root serves no versions document.
    if (req.credentials.kind === 'v1') return { version: 'v1', url };
    return this.discover(url, req.signal);
  }

  private async authenticateV3(base: string, credentials: Credentials, signal?: AbortSignal): Promise<Token> {
    const body = buildV3AuthBody(credentials);
    const receipt: Record<string, string> = credentials.kind === 'totp' && credentials.receipt ? { 'openstack-auth-receipt': credentials.receipt } : {};
    const res = await this.sendAuth(
      { method: 'POST', url: `${base}/auth/tokens`, headers: { ...JSON_HEADERS, ...receipt }, body: JSON.stringify(body), signal },
      'v3',
      base,
      credentials,
    );
    const id = res.headers['x-subject-token'];
    if (!id) {
      await res.dump();
      throw badResponse(
        l10n.t('{0}/auth/tokens answered HTTP {1} without an X-Subject-Token header, so it is not Identity v3 (check the auth URL).', base, res.status),
      );
    }
    this.redactor.addSecret(id);
    return parseV3TokenBody(await res.json(), id, base);
  }

  private async authenticateV2(base: string, credentials: Credentials, signal?: AbortSignal): Promise<Token> {
    const body = buildV2AuthBody(credentials);
    const res = await this.sendAuth(
      { method: 'POST', url: `${base}/tokens`, headers: JSON_HEADERS, body: JSON.stringify(body), signal },
      'v2.0',
      base,
      credentials,
    );
    const token = parseV2AccessBody(await res.json(), base);
    this.redactor.addSecret(token.id);
    token.methods = [credentials.kind === 'token' ? 'token' : 'password'];
    return token;
  }

  private async authenticateV1(url: string, credentials: Credentials, signal?: AbortSignal): Promise<Token> {
    if (credentials.kind !== 'v1') {
      throw new OpenStackError('invalidInput', l10n.t('{0} is a Swift v1 auth URL: it takes a user and key, not {1}.', url, describeCredentials(credentials)));
    }
    const res = await this.sendAuth({ method: 'GET', url, headers: buildV1AuthHeaders(credentials), signal }, 'v1', url, credentials);
    await res.dump();
    const token = parseV1AuthHeaders(res.headers, url, credentials.user, Date.now());
    this.redactor.addSecret(token.id);
    return token;
  }

  /**
   * Sends an auth request; a 401 becomes an 'auth' error naming the URL and who tried (never the secret), a 404
   * an error saying the URL serves no such API.
   */
  private async sendAuth(req: HttpRequest, version: AuthVersion, base: string, credentials: Credentials): Promise<HttpResponse> {
    let res: HttpResponse;
    try {
      res = await this.http.request({
        ...req,
        service: 'identity',
        accept: (status) => (status >= 200 && status < 300) || status === 401,
      });
    } catch (e) {
      if (!(e instanceof OpenStackError) || e.kind !== 'notFound') throw e;
      throw new OpenStackError('notFound', l10n.t('There is no {0} API at {1}: {2}. Check the auth URL.', label(version), base, e.message), e, {
        cause: e,
      });
    }
    if (res.status !== 401) return res;
    const receipt = res.headers['openstack-auth-receipt'];
    if (version === 'v3' && receipt) {
      this.redactor.addSecret(receipt);
      throw new ReceiptRequired(base, parseReceipt(receipt, await res.json().catch(() => undefined)));
    }
    throw await rejectedCredentials(res, req, label(version), base, credentials, this.redactor);
  }

  private registerSecrets(credentials: Credentials): void {
    switch (credentials.kind) {
      case 'password':
        return this.redactor.addSecret(credentials.password);
      case 'applicationCredential':
        return this.redactor.addSecret(credentials.secret);
      case 'token':
        return this.redactor.addSecret(credentials.token);
      case 'v1':
        return this.redactor.addSecret(credentials.key);
      case 'totp':
        if (credentials.receipt) this.redactor.addSecret(credentials.receipt);
        return this.redactor.addSecret(credentials.passcode);
    }
  }
}

/**
 * An Identity v2.0 API in front of a real Keystone v3, for tests: Keystone 22 no longer serves v2.0, yet
 * clouds that speak only v2.0 still exist. Implements, per the v2.0 api-ref, the version documents,
 * POST /v2.0/tokens (password with tenantName/tenantId, or token rescope), GET/HEAD /v2.0/tokens/{id}
 * (validation) and DELETE /v2.0/tokens/{id} (revocation), each mapped onto the v3 call. Users and projects
 * are looked up in the Default domain, as v2.0 had no domains. The tokens are the real v3 tokens, so they
 * work against the real Swift. Uses Node's own fetch, so it shares no code with the client under test.
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// Loosely typed on purpose: this is a test double reading and writing documented JSON shapes.
type Json = Record<string, any>;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  500: 'Internal Server Error',
};

class V2Error extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export interface V2Facade {
  /** Root URL (http://127.0.0.1:PORT); the v2.0 API is at `${url}/v2.0`. */
  url: string;
  close(): Promise<void>;
}

export async function startV2Facade(keystoneUrl: string): Promise<V2Facade> {
  const v3 = `${keystoneUrl.replace(/\/+$/, '').replace(/\/v3$/, '')}/v3`;
  let base = '';
  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => route(v3, base, req, body))
      .then((answer) => send(res, answer.status, answer.body, answer.requestId))
      .catch((e: unknown) => {
        const code = e instanceof V2Error ? e.code : 500;
        send(res, code, { error: { message: (e as Error).message, code, title: TITLES[code] ?? 'Error' } });
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Answer {
  status: number;
  body?: Json;
  requestId?: string;
}

async function route(v3: string, base: string, req: IncomingMessage, body: string): Promise<Answer> {
  const path = (req.url ?? '/').replace(/\?.*$/, '');
  const method = req.method ?? 'GET';
  const authToken = headerOf(req, 'x-auth-token');
  if (path === '/' && method === 'GET') return { status: 300, body: { versions: { values: [versionDoc(base)] } } };
  if ((path === '/v2.0' || path === '/v2.0/') && method === 'GET') return { status: 200, body: { version: versionDoc(base) } };
  if (path === '/v2.0/tokens') {
    if (method !== 'POST') throw new V2Error(405, `${method} is not allowed on /v2.0/tokens.`);
    return authenticate(v3, parseJson(body));
  }
  const match = /^\/v2\.0\/tokens\/([^/]+)\/?$/.exec(path);
  if (match) {
    const subject = decodeURIComponent(match[1]);
    if (!authToken) throw new V2Error(401, 'The request you have made requires authentication.');
    if (method === 'GET' || method === 'HEAD') {
      const r = await v3Call(v3, 'GET', { 'x-auth-token': authToken, 'x-subject-token': subject });
      return { status: 200, body: method === 'GET' ? toAccess(r.body.token, subject) : undefined, requestId: r.requestId };
    }
    if (method === 'DELETE') {
      const r = await v3Call(v3, 'DELETE', { 'x-auth-token': authToken, 'x-subject-token': subject });
      return { status: 204, requestId: r.requestId };
    }
    throw new V2Error(405, `${method} is not allowed on /v2.0/tokens/{id}.`);
  }
  throw new V2Error(404, `The resource could not be found: ${method} ${path}`);
}

/** POST /v2.0/tokens → POST /v3/auth/tokens, in the Default domain. */
async function authenticate(v3: string, request: Json): Promise<Answer> {
  const auth = request.auth;
  if (!auth || typeof auth !== 'object') throw new V2Error(400, 'Expecting to find auth in request body.');
  let identity: Json;
  if (auth.passwordCredentials) {
    const { username, userId, password } = auth.passwordCredentials;
    if (typeof password !== 'string' || (!username && !userId)) {
      throw new V2Error(400, 'Expecting to find username or userId and password in passwordCredentials.');
    }
    const user = userId ? { id: userId } : { name: username, domain: { id: 'default' } };
    identity = { methods: ['password'], password: { user: { ...user, password } } };
  } else if (auth.token?.id) {
    identity = { methods: ['token'], token: { id: auth.token.id } };
  } else {
    throw new V2Error(400, 'Expecting to find passwordCredentials or token in auth.');
  }
  const scope = auth.tenantId
    ? { project: { id: auth.tenantId } }
    : auth.tenantName
      ? { project: { name: auth.tenantName, domain: { id: 'default' } } }
      : undefined;
  const r = await v3Call(v3, 'POST', {}, { auth: { identity, ...(scope ? { scope } : {}) } });
  return { status: 200, body: toAccess(r.body.token, r.subjectToken as string), requestId: r.requestId };
}

interface V3Result {
  body: Json;
  subjectToken?: string;
  requestId?: string;
}

/** One call to /v3/auth/tokens; v3 errors come back as the same status with a v2.0 error body. */
async function v3Call(v3: string, method: string, headers: Record<string, string>, body?: Json): Promise<V3Result> {
  const res = await fetch(`${v3}/auth/tokens`, {
    method,
    headers: { accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const requestId = res.headers.get('x-openstack-request-id') ?? undefined;
  if (!res.ok) {
    let message = text;
    try {
      message = JSON.parse(text).error.message;
    } catch {
      // Not a Keystone error body: pass the text on.
    }
    throw new V2Error(res.status in TITLES ? res.status : 500, message);
  }
  return { body: text ? JSON.parse(text) : {}, subjectToken: res.headers.get('x-subject-token') ?? undefined, requestId };
}

/** A v3 `token` object in the v2.0 `access` shape of the api-ref. */
function toAccess(token: Json, id: string): Json {
  const roles: Json[] = token.roles ?? [];
  const access: Json = {
    token: {
      // v2.0 wrote expires to the second with Z, and issued_at with microseconds and no zone.
      id,
      expires: String(token.expires_at).replace(/\.\d+Z$/, 'Z'),
      issued_at: String(token.issued_at).replace(/Z$/, ''),
      ...(token.project ? { tenant: { id: token.project.id, name: token.project.name, enabled: true, description: null } } : {}),
      audit_ids: token.audit_ids ?? [],
    },
    serviceCatalog: toServiceCatalog(token.catalog ?? []),
    user: {
      id: token.user.id,
      name: token.user.name,
      username: token.user.name,
      roles: roles.map((r) => ({ name: r.name })),
      roles_links: [],
    },
    metadata: { is_admin: 0, roles: roles.map((r) => r.id) },
  };
  return { access };
}

/** v3 services → v2.0 services: one endpoint per region, holding that region's public/internal/admin URLs. */
function toServiceCatalog(catalog: Json[]): Json[] {
  return catalog.map((service) => {
    const byRegion = new Map<string, Json>();
    for (const e of service.endpoints ?? []) {
      const region = e.region_id ?? e.region ?? 'RegionOne';
      const entry = byRegion.get(region) ?? { region, id: e.id };
      entry[`${e.interface}URL`] = e.url;
      byRegion.set(region, entry);
    }
    return { endpoints: [...byRegion.values()], endpoints_links: [], type: service.type, name: service.name };
  });
}

function versionDoc(base: string): Json {
  return {
    id: 'v2.0',
    status: 'stable',
    updated: '2014-04-17T00:00:00Z',
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v2.0+json' }],
    links: [
      { href: `${base}/v2.0/`, rel: 'self' },
      { href: 'https://docs.openstack.org/', rel: 'describedby', type: 'text/html' },
    ],
  };
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function parseJson(text: string): Json {
  try {
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed === 'object') return parsed;
  } catch {
    // Reported below.
  }
  throw new V2Error(400, 'The request body is not a JSON object.');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body?: Json, requestId?: string): void {
  const headers: Record<string, string> = { 'content-type': 'application/json', vary: 'X-Auth-Token' };
  if (requestId) headers['x-openstack-request-id'] = requestId;
  res.writeHead(status, headers);
  res.end(body === undefined || status === 204 ? undefined : JSON.stringify(body));
}

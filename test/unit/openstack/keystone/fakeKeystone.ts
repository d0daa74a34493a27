/**
 * A stand-in Keystone (v3 and v2.0) and Swift TempAuth on one local port, answering with the api-ref samples.
 * It knows one password, one application-credential secret and one v1 key; it issues fixed token ids so tests
 * can look for them in logs and errors.
 */
import { registerSecret } from '../../../support/saidByProduct';
import { fakeServer, FakeServer, fixture, Reply } from './support';

// Quotes, a backslash, `%` and non-ASCII: each is escaped or encoded somewhere a careless copy would show it.
export const PASSWORD = 'correct "horse" \\battery 100%25 Zoë';
export const APP_SECRET = "app-cred 'secret' %41 ☁-42";
export const V1_KEY = 'v1-key-testing-0';
export const V3_TOKEN = 'gAAAAAB-v3-token-0001';
export const V3_RESCOPED = 'gAAAAAB-v3-token-0002';
export const V2_TOKEN = 'v2-token-0000000001';
export const V1_TOKEN = 'AUTH_tk-v1-token-0001';
/** User "mfa" has password + totp rules: the password alone gets 401 with this receipt; TOTP_CODE completes it. */
export const RECEIPT = 'rcpt-fake-receipt-0001';
export const TOTP_CODE = '135790';
for (const [label, value] of Object.entries({ PASSWORD, APP_SECRET, V1_KEY, V3_TOKEN, V3_RESCOPED, V2_TOKEN, V1_TOKEN, RECEIPT, TOTP_CODE })) {
  registerSecret(`the fake Keystone's ${label}`, value);
}
export const REQUEST_ID = 'req-f2f3f6ca-e342-4cd8-bc12-71a5436ef5fc';

const UNAUTHORIZED = { error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' } };
const V1_UNAUTHORIZED = '<html><h1>Unauthorized</h1><p>This server could not verify that you are authorized to access the document you requested.</p></html>';

export interface FakeKeystone extends FakeServer {
  revoked: Set<string>;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export async function fakeKeystone(): Promise<FakeKeystone> {
  const revoked = new Set<string>();
  const live = (id: string | undefined) => !!id && [V3_TOKEN, V3_RESCOPED, V2_TOKEN, V1_TOKEN].includes(id) && !revoked.has(id);
  const server = await fakeServer((req, base): Reply => {
    const path = req.url.replace(/\?.*$/, '');
    const authToken = header(req.headers['x-auth-token']);
    const withId = { 'x-openstack-request-id': REQUEST_ID };

    if (path === '/' && req.method === 'GET') {
      const doc = fixture<{ versions: { values: Array<{ links: Array<{ href: string }> }> } }>('v3-identity-versions-response.json');
      doc.versions.values[0].links[0].href = `${base}/v3/`;
      doc.versions.values[1].links[0].href = `${base}/v2.0/`;
      return { status: 300, body: doc };
    }

    if (path === '/v3/auth/tokens' && req.method === 'POST') {
      const auth = JSON.parse(req.body).auth;
      const identity = auth.identity;
      if (identity.methods[0] === 'password' && identity.password.user.name === 'mfa' && identity.password.user.password === PASSWORD) {
        const body = {
          receipt: { methods: ['password'], user: { id: 'mfa-user-id' }, expires_at: '2030-01-01T00:05:00Z' },
          required_auth_methods: [['password', 'totp']],
        };
        return { status: 401, headers: { ...withId, 'openstack-auth-receipt': RECEIPT }, body };
      }
      if (identity.methods[0] === 'totp') {
        const right = identity.totp.user.passcode === TOTP_CODE && header(req.headers['openstack-auth-receipt']) === RECEIPT;
        if (!right) return { status: 401, headers: withId, body: UNAUTHORIZED };
        return { status: 201, headers: { ...withId, 'x-subject-token': V3_TOKEN }, body: fixture('v3-auth-password-project-scoped-response.json') };
      }
      const ok =
        (identity.methods[0] === 'password' && identity.password.user.password === PASSWORD) ||
        (identity.methods[0] === 'application_credential' && identity.application_credential.secret === APP_SECRET) ||
        (identity.methods[0] === 'token' && live(identity.token.id));
      const projectKnown = auth.scope?.project?.name === undefined || auth.scope.project.name === 'admin';
      if (!ok || !projectKnown) return { status: 401, headers: withId, body: UNAUTHORIZED };
      const id = identity.methods[0] === 'token' ? V3_RESCOPED : V3_TOKEN;
      return { status: 201, headers: { ...withId, 'x-subject-token': id }, body: fixture('v3-auth-password-project-scoped-response.json') };
    }
    if (path === '/v3/auth/tokens' && (req.method === 'GET' || req.method === 'DELETE')) {
      const subject = header(req.headers['x-subject-token']);
      if (!live(authToken)) return { status: 401, body: UNAUTHORIZED };
      if (!live(subject)) {
        return { status: 404, body: { error: { code: 404, message: `Could not find token: ${subject}.`, title: 'Not Found' } } };
      }
      if (req.method === 'DELETE') {
        revoked.add(subject as string);
        return { status: 204 };
      }
      return { status: 200, headers: { 'x-subject-token': subject as string }, body: fixture('v3-auth-password-project-scoped-response.json') };
    }

    if (path === '/v2.0/tokens' && req.method === 'POST') {
      const auth = JSON.parse(req.body).auth;
      if (auth.passwordCredentials?.password !== PASSWORD && !live(auth.token?.id)) {
        return { status: 401, body: { error: { message: 'The request you have made requires authentication.', code: 401, title: 'Unauthorized' } } };
      }
      const answer = fixture<{ access: { token: { id: string } } }>('v2-authenticate-response.json');
      answer.access.token.id = V2_TOKEN;
      return { status: 200, body: answer };
    }
    const v2Token = /^\/v2\.0\/tokens\/([^/]+)$/.exec(path);
    if (v2Token) {
      const subject = decodeURIComponent(v2Token[1]);
      if (!live(authToken)) return { status: 401, body: UNAUTHORIZED };
      if (!live(subject)) return { status: 404, body: { error: { message: `Could not find token: ${subject}`, code: 404, title: 'Not Found' } } };
      if (req.method === 'DELETE') {
        revoked.add(subject);
        return { status: 204 };
      }
      const answer = fixture<{ access: { token: { id: string } } }>('v2-token-validate-response.json');
      answer.access.token.id = subject;
      return { status: 200, body: answer };
    }

    if (path === '/auth/v1.0' && req.method === 'GET') {
      if (req.headers['x-auth-user'] !== 'test:tester' || req.headers['x-auth-key'] !== V1_KEY) {
        return { status: 401, body: V1_UNAUTHORIZED };
      }
      return {
        status: 200,
        headers: { 'x-auth-token': V1_TOKEN, 'x-storage-token': V1_TOKEN, 'x-storage-url': `${base}/v1/AUTH_test`, 'x-auth-token-expires': '3600' },
      };
    }
    if (path === '/v1/AUTH_test' && req.method === 'HEAD') return { status: live(authToken) ? 204 : 401 };

    // Misbehaving servers.
    if (path === '/html/') return { status: 200, body: '<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>' };
    if (path === '/html/v3/auth/tokens') return { status: 200, body: '<!DOCTYPE html><html><body><h1>Sign in</h1></body></html>' };
    if (path === '/noheader/v3/auth/tokens') return { status: 201, body: fixture('v3-auth-password-unscoped-response.json') };
    if (path === '/notoken/v3/auth/tokens') return { status: 201, headers: { 'x-subject-token': V3_TOKEN }, body: { access: {} } };
    return { status: 404, body: 'Not Found' };
  });
  return Object.assign(server, { revoked });
}

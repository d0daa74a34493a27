import * as assert from 'node:assert/strict';
import { chooseVersion, normalizeAuthUrl, parseVersionsDocument, versionBaseUrl, versionInPath } from '../../../../src/openstack/keystone/discovery';
import { IdentityClient } from '../../../../src/openstack/keystone/client';
import { HttpClient } from '../../../../src/openstack/http';
import { assertKind, assertRejectsKind, fakeServer, FakeServer, fixture } from './support';
import { recordedHttpClient } from '../../../support/recordedHttp';

describe('keystone discovery: auth URLs', () => {
  it('drops trailing slashes, query and fragment; keeps the path', () => {
    assert.equal(normalizeAuthUrl('http://k:5000/v3/'), 'http://k:5000/v3');
    assert.equal(normalizeAuthUrl(' https://k.example.com/identity// '), 'https://k.example.com/identity');
    assert.equal(normalizeAuthUrl('http://k:5000/?x=1#y'), 'http://k:5000');
  });

  it('rejects what is not an http(s) URL, and URLs with credentials, without echoing them', () => {
    assertKind(() => normalizeAuthUrl('keystone:5000/v3'), 'invalidInput', /not a valid http\(s\) URL/);
    assertKind(() => normalizeAuthUrl('ftp://k/v3'), 'invalidInput');
    assertKind(() => normalizeAuthUrl(''), 'invalidInput');
    assertKind(() => normalizeAuthUrl('http:/k/v3'), 'invalidInput');
    assert.throws(
      () => normalizeAuthUrl('http://demo:hunter22@k/v3'),
      (e: Error) => !e.message.includes('hunter22') && /user name or password/.test(e.message),
    );
  });

  it('finds the version in the last path segment', () => {
    assert.equal(versionInPath('http://k:5000/v3'), 'v3');
    assert.equal(versionInPath('http://k/identity/v3'), 'v3');
    assert.equal(versionInPath('http://k:5000/v2.0'), 'v2.0');
    assert.equal(versionInPath('http://s:8080/auth/v1.0'), 'v1');
    assert.equal(versionInPath('http://s:8080/auth/v1'), 'v1');
    assert.equal(versionInPath('http://k:5000'), undefined);
    assert.equal(versionInPath('http://k/identity'), undefined);
    assert.equal(versionInPath('http://v3.example.com'), undefined);
  });

  it('builds the version base URL, refusing a URL that names another version', () => {
    assert.equal(versionBaseUrl('http://k:5000', 'v3'), 'http://k:5000/v3');
    assert.equal(versionBaseUrl('http://k:5000/v3', 'v3'), 'http://k:5000/v3');
    assert.equal(versionBaseUrl('http://k/identity', 'v2.0'), 'http://k/identity/v2.0');
    assert.equal(versionBaseUrl('http://s:8080/auth', 'v1'), 'http://s:8080/auth');
    assertKind(() => versionBaseUrl('http://k:5000/v2.0', 'v3'), 'invalidInput', /Identity v2\.0.*Identity v3/);
  });
});

describe('keystone discovery: versions documents', () => {
  it('reads the api-ref versions list and prefers v3', () => {
    const offers = parseVersionsDocument(fixture('v3-identity-versions-response.json'), 'http://example.com/identity');
    assert.deepEqual(offers, [
      { version: 'v3', status: 'stable', url: 'http://example.com/identity/v3' },
      { version: 'v2.0', status: 'stable', url: 'http://example.com/identity/v2.0' },
    ]);
    assert.deepEqual(chooseVersion([...offers].reverse(), 'x'), { version: 'v3', url: 'http://example.com/identity/v3' });
  });

  it('reads the 300 answer of a real Keystone 22, which offers v3 only', () => {
    const offers = parseVersionsDocument(fixture('keystone22-root-300.json'), 'http://127.0.0.1:5000');
    assert.deepEqual(chooseVersion(offers, 'http://127.0.0.1:5000'), { version: 'v3', url: 'http://127.0.0.1:5000/v3' });
  });

  it('reads single-version documents of v3 and v2.0', () => {
    assert.deepEqual(parseVersionsDocument(fixture('v3-identity-version-response.json'), 'http://localhost:5000'), [
      { version: 'v3', status: 'stable', url: 'http://localhost:5000/v3' },
    ]);
    assert.deepEqual(parseVersionsDocument(fixture('v2-version-show-response.json'), 'http://example.com/identity'), [
      { version: 'v2.0', status: 'stable', url: 'http://example.com/identity/v2.0' },
    ]);
  });

  it('falls back to the document URL for versions without a self link, and resolves relative links', () => {
    const offers = parseVersionsDocument(
      {
        versions: [
          { id: 'v2.0', status: 'deprecated' },
          { id: 'v3.14', status: 'stable', links: [{ rel: 'self', href: '/v3/' }] },
        ],
      },
      'http://k:5000',
    );
    assert.deepEqual(offers, [
      { version: 'v2.0', status: 'deprecated', url: 'http://k:5000/v2.0' },
      { version: 'v3', status: 'stable', url: 'http://k:5000/v3' },
    ]);
  });

  it('never follows a self link to another scheme, host or port: the password goes only where the user pointed', () => {
    const offered = (href: string) =>
      parseVersionsDocument({ versions: [{ id: 'v3.14', links: [{ rel: 'self', href }] }] }, 'https://k.example:5000/identity')[0].url;
    for (const elsewhere of [
      'http://k.example:5000/identity/v3/',
      'https://evil.example:5000/identity/v3/',
      'https://k.example:35357/v3/',
      '//evil.example/v3',
    ])
      assert.equal(offered(elsewhere), 'https://k.example:5000/identity/v3', elsewhere);
    assert.equal(offered('https://k.example:5000/keystone/v3/'), 'https://k.example:5000/keystone/v3', 'the same origin: the link as given');
    assert.equal(offered('/identity/v3.14/'), 'https://k.example:5000/identity/v3.14');
    const links = [
      { rel: 'describedby', href: 'https://k.example:5000/docs/' },
      { rel: 'self', href: 'https://k.example:5000/identity/v3/' },
    ];
    assert.equal(
      parseVersionsDocument({ version: { id: 'v3.14', links } }, 'https://k.example:5000/identity')[0].url,
      'https://k.example:5000/identity/v3',
      'the self link, not the first',
    );
  });

  it('prefers a stable version over a deprecated one of the same number, and ignores unknown ids', () => {
    const chosen = chooseVersion(
      [
        { version: 'v3', status: 'deprecated', url: 'http://old/v3' },
        { version: 'v3', status: 'stable', url: 'http://new/v3' },
      ],
      'x',
    );
    assert.equal(chosen.url, 'http://new/v3');
    assert.deepEqual(parseVersionsDocument({ versions: { values: [{ id: 'v1.0' }, { id: 'v4' }] } }, 'http://k'), []);
  });

  it('says unsupported when no known version is offered, badResponse when it is no versions document', () => {
    assertKind(() => chooseVersion([], 'http://k:5000'), 'unsupported', /v3, v2\.0/);
    assertKind(() => parseVersionsDocument({ hello: 'world' }, 'http://k'), 'badResponse', /versions document/);
    assertKind(() => parseVersionsDocument([], 'http://k'), 'badResponse');
  });
});

describe('keystone discovery: IdentityClient.discover', () => {
  let server: FakeServer;
  let http: HttpClient;
  let identity: IdentityClient;
  let rootReply: { status: number; body: string | object };

  before(async () => {
    server = await fakeServer((req, base) => {
      if (req.url === '/') return rootReply;
      if (req.url === '/identity/') {
        return { status: 300, body: { versions: { values: [{ id: 'v3.14', status: 'stable', links: [{ rel: 'self', href: `${base}/identity/v3/` }] }] } } };
      }
      return { status: 404, body: 'not here' };
    });
    http = recordedHttpClient({ retry: { maxRetries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 } });
  });
  beforeEach(() => {
    identity = new IdentityClient(http);
    server.requests.length = 0;
    rootReply = { status: 300, body: fixture('v3-identity-versions-response.json') };
  });
  after(async () => {
    await http.close();
    await server.close();
  });

  it('takes the version from the URL path without any request', async () => {
    assert.deepEqual(await identity.discover(`${server.url}/v3/`), { version: 'v3', url: `${server.url}/v3` });
    assert.deepEqual(await identity.discover(`${server.url}/v2.0`), { version: 'v2.0', url: `${server.url}/v2.0` });
    assert.deepEqual(await identity.discover(`${server.url}/auth/v1.0`), { version: 'v1', url: `${server.url}/auth/v1.0` });
    assert.equal(server.requests.length, 0);
    assert.equal(identity.stats.discoveries, 0);
  });

  it('accepts the 300 Multiple Choices answer at the root, and asks once per URL', async () => {
    const found = await identity.discover(`${server.url}/`);
    // The document links http://example.com/identity/v3: another host, so the version goes below the URL asked.
    assert.deepEqual(found, { version: 'v3', url: `${server.url}/v3` });
    await identity.discover(server.url);
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0].method, 'GET');
    assert.equal(server.requests[0].url, '/');
    assert.equal(identity.stats.discoveries, 1);
  });

  it('discovers below a path prefix', async () => {
    assert.deepEqual(await identity.discover(`${server.url}/identity`), { version: 'v3', url: `${server.url}/identity/v3` });
  });

  it('picks v2.0 when that is all the root offers', async () => {
    rootReply = { status: 200, body: fixture('v2-version-show-response.json') };
    assert.deepEqual(await identity.discover(server.url), { version: 'v2.0', url: `${server.url}/v2.0` });
  });

  it('reports a web page at the auth URL as badResponse', async () => {
    rootReply = { status: 200, body: '<!DOCTYPE html><html><body>Welcome to nginx!</body></html>' };
    await assertRejectsKind(identity.discover(server.url), 'badResponse', /does not look like an Identity .*Welcome to nginx/);
  });

  it('reports a 404 at the auth URL as notFound', async () => {
    await assertRejectsKind(identity.discover(`${server.url}/nothing`), 'notFound', /nothing serves no Identity versions document \(HTTP 404\)/);
  });
});

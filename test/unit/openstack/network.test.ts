import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { parseCloudsYaml, profileFromVariables } from '../../../src/auth/importers';
import { networkConfigFor, keyPassphraseKey, proxyPasswordKey } from '../../../src/auth/network';
import type { Profile } from '../../../src/auth/profile';
import { profileProblems } from '../../../src/auth/profile';
import { OpenStackError } from '../../../src/openstack/errors';
import { proxyUri, proxyUrlProblems, resolveProxy, shownProxy, tlsOptions } from '../../../src/openstack/network';
import { networkFailure, proxyRefusal } from '../../../src/openstack/networkErrors';
import { MapSecrets } from '../../support/mapSecrets';

const context = { service: 'identity', method: 'POST', url: 'https://k.example:5000/v3/auth/tokens' };
const target = 'identity (POST https://k.example:5000/v3/auth/tokens)';
const failure = (code: string, message = 'x') => networkFailure(Object.assign(new Error(message), { code }), context, target, undefined);

describe('network config (proxy choice, TLS files) and its failures', () => {
  describe('resolveProxy', () => {
    const env = { HTTPS_PROXY: 'http://env-s:1', HTTP_PROXY: 'http://env:1', NO_PROXY: 'internal.example' };

    it("takes the profile's proxy first, then http.proxy, then the environment (lower case before upper)", () => {
      assert.equal(resolveProxy('http://p@prof:3', { proxy: 'http://ed:2' }, env)?.httpsProxy, 'http://p@prof:3');
      assert.equal(resolveProxy(undefined, { proxy: 'http://ed:2' }, env)?.httpsProxy, 'http://ed:2');
      const fromEnv = resolveProxy(undefined, {}, { ...env, https_proxy: 'http://lower:1' });
      assert.deepEqual([fromEnv?.httpProxy, fromEnv?.httpsProxy, fromEnv?.noProxy], ['http://env:1', 'http://lower:1', 'internal.example']);
      assert.equal(fromEnv?.source, 'the HTTPS_PROXY/HTTP_PROXY environment variable');
    });

    it('"direct" on a profile goes direct whatever the editor and environment say; nothing set goes direct', () => {
      assert.equal(resolveProxy('direct', { proxy: 'http://ed:2' }, env), undefined);
      assert.equal(resolveProxy(undefined, {}, {}), undefined);
    });

    it('http.noProxy and NO_PROXY both apply to the editor proxy; the authorization and strictSSL pass through', () => {
      const p = resolveProxy(undefined, { proxy: 'http://ed:2', noProxy: ['a.example', '10.0.0.1:8080'], authorization: 'Basic eA==', strictSSL: false }, env);
      assert.equal(p?.noProxy, 'a.example,10.0.0.1:8080,internal.example');
      assert.equal(p?.authorization, 'Basic eA==');
      assert.equal(p?.strictSSL, false);
      assert.equal(p?.source, 'the "http.proxy" setting');
    });

    it("fills a profile proxy's password in from secret storage, and never shows credentials", () => {
      assert.equal(proxyUri('http://alice@p:3128', 'p@ss:/'), 'http://alice:p%40ss%3A%2F@p:3128/');
      assert.equal(proxyUri('http://p:3128', 'x'), 'http://p:3128', 'no user named: no password added');
      assert.equal(shownProxy('http://alice:secret@p:3128/'), 'http://p:3128');
    });

    it('refuses a password in a proxy URL, a non-http scheme and garbage, one sentence each', () => {
      assert.deepEqual(proxyUrlProblems('http://alice:pw@p:3128', 'The proxy'), [
        'The proxy must not contain a password: name the user only and use "Set Proxy Password…".',
      ]);
      assert.equal(proxyUrlProblems('ftp://p', 'The proxy').length, 1);
      assert.match(proxyUrlProblems('not a url', 'The proxy')[0], /is not a URL/);
      assert.deepEqual(proxyUrlProblems('direct', 'The proxy'), []);
      const profile = { name: 'n', authUrl: 'https://k:5000/v3', authType: 'token' as const };
      assert.deepEqual(profileProblems({ ...profile, proxy: 'http://u:pw@p:1' }), [
        'The proxy must not contain a password: name the user only and use "Set Proxy Password…".',
      ]);
      assert.deepEqual(profileProblems({ ...profile, clientCertFile: '/c.pem' }), ['A client certificate needs both "clientCertFile" and "clientKeyFile".']);
    });
  });

  describe('tlsOptions', () => {
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), 'oss-net-'))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("adds CA files to Node's roots (not instead of them), and to the system store when asked", () => {
      writeFileSync(join(dir, 'ca.pem'), 'PEM');
      assert.equal(tlsOptions({}).ca, undefined);
      const ca = tlsOptions({ caFiles: [join(dir, 'ca.pem')] }).ca!;
      assert.equal(ca.length, tls.rootCertificates.length + 1);
      assert.equal(ca.at(-1), 'PEM');
      assert.ok(tlsOptions({ systemCertificates: true }).ca!.length > tls.rootCertificates.length, 'the system bundle is read (Debian)');
    });

    it('verification is on by default, and off only for an explicit true', () => {
      assert.equal(tlsOptions({}).rejectUnauthorized, true);
      assert.equal(tlsOptions({ insecure: false }).rejectUnauthorized, true);
      assert.equal(tlsOptions({ insecure: 'true' as never }).rejectUnauthorized, true);
      assert.equal(tlsOptions({ insecure: true }).rejectUnauthorized, false);
    });

    it('names an unreadable client certificate file and where it was set', () => {
      writeFileSync(join(dir, 'c.pem'), 'C');
      assert.throws(
        () => tlsOptions({ clientCertificate: { certFile: join(dir, 'c.pem'), keyFile: join(dir, 'none.key'), source: 'OS_CERT / OS_KEY' } }),
        (e: unknown) =>
          e instanceof OpenStackError &&
          e.message === `Cannot read the client certificate key ${join(dir, 'none.key')} (no such file): check OS_CERT / OS_KEY.`,
      );
    });
  });

  describe('networkFailure: one sentence per cause, naming the setting', () => {
    it('server certificates: expired, self-signed or unknown CA, another name', () => {
      assert.match(
        failure('CERT_HAS_EXPIRED')!.message,
        /^TLS certificate of identity \(POST .*\) is not trusted \(CERT_HAS_EXPIRED\): it has expired; the server must renew it/,
      );
      for (const code of ['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY']) {
        assert.match(failure(code)!.message, /is self-signed or signed by an unknown CA; set the profile's "caFile" \(or OS_CACERT\)/, code);
      }
      assert.match(
        failure('ERR_TLS_CERT_ALTNAME_INVALID')!.message,
        /it was issued for another name; use the name it was issued for in the profile's "authUrl"/,
      );
      assert.equal(failure('ECONNREFUSED'), undefined, 'not a TLS failure: the caller explains it');
    });

    it('client certificates: missing or refused, undecryptable key, key and certificate apart', () => {
      for (const code of [
        'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
        'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
        'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
        'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
      ]) {
        assert.match(failure(code)!.message, /refused the connection at the TLS handshake .*set the profile's "clientCertFile" and "clientKeyFile"/, code);
      }
      assert.match(failure('ERR_OSSL_BAD_DECRYPT')!.message, /key cannot be read .*"Set Client Key Passphrase…"/);
      assert.match(failure('ERR_OSSL_X509_KEY_VALUES_MISMATCH')!.message, /do not belong together/);
    });

    it('proxies: 407, a refused tunnel, unreachable; only when the request went through one', () => {
      const proxy = { shown: 'http://p:3128', source: 'the "http.proxy" setting' };
      const tunnel = (status: number) => Object.assign(new Error(`Proxy response (${status}) !== 200 when HTTP Tunneling`), { code: 'UND_ERR_ABORTED' });
      assert.match(
        networkFailure(tunnel(407), context, target, proxy)!.message,
        /^The proxy http:\/\/p:3128 refused its credentials \(407 Proxy Authentication Required\)/,
      );
      assert.match(
        networkFailure(tunnel(403), context, target, proxy)!.message,
        /^The proxy http:\/\/p:3128 refused to connect to identity .* \(HTTP 403\): check the "http.proxy" setting, or "http.noProxy"/,
      );
      assert.equal(networkFailure(tunnel(403), context, target, undefined), undefined);
      const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      assert.equal(
        networkFailure(refused, context, target, proxy)!.message,
        `Cannot reach the proxy http://p:3128 (connection refused) for ${target}: check the "http.proxy" setting.`,
      );
      assert.equal(proxyRefusal(407, { ...context, status: 407 }, target, proxy).status, undefined, 'not the cloud answering');
    });
  });

  it('imports client certificates: clouds.yaml cert/key, OS_CERT/OS_KEY', () => {
    const [cloud] = parseCloudsYaml('clouds:\n  c:\n    auth: {auth_url: "https://k:5000/v3", username: u}\n    cert: /c.pem\n    key: /c.key\n').imported;
    assert.deepEqual([cloud.profile.clientCertFile, cloud.profile.clientKeyFile], ['/c.pem', '/c.key']);
    const env = profileFromVariables({ OS_AUTH_URL: 'https://k:5000/v3', OS_USERNAME: 'u', OS_CERT: '/e.pem', OS_KEY: '/e.key' }, 'Environment');
    assert.deepEqual([env?.profile.clientCertFile, env?.profile.clientKeyFile], ['/e.pem', '/e.key']);
  });

  describe('networkConfigFor (a profile, the editor, the environment, secret storage)', () => {
    const profile: Profile = { id: 'p1', name: 'P', authUrl: 'https://k:5000/v3', authVersion: 'auto', authType: 'token' };

    it("reads the proxy password and key passphrase from secret storage, OS_CACERT and the profile's CA file", async () => {
      const secrets = new MapSecrets();
      await secrets.store(proxyPasswordKey('p1'), 'proxy-pw');
      await secrets.store(keyPassphraseKey('p1'), 'key-pw');
      const config = await networkConfigFor(
        { ...profile, proxy: 'http://alice@p:3128', caFile: '/ca.pem', clientCertFile: '/c.pem', clientKeyFile: '/c.key' },
        { proxy: 'http://ignored:1' },
        { OS_CACERT: '/os.pem' },
        secrets,
      )();
      assert.equal(config.proxy?.password, 'proxy-pw');
      assert.equal(config.proxy?.httpsProxy, 'http://alice@p:3128');
      assert.deepEqual(config.tls?.caFiles, ['/ca.pem', '/os.pem']);
      assert.equal(config.tls?.clientCertificate?.passphrase, 'key-pw');
      assert.equal(config.tls?.systemCertificates, true, 'on unless http.systemCertificates is false');
    });

    it('http.proxySupport "off" keeps the editor proxy away; the environment still applies', async () => {
      const config = await networkConfigFor(
        profile,
        { proxy: 'http://ed:1', proxySupport: 'off', systemCertificates: false },
        { HTTP_PROXY: 'http://env:1' },
        new MapSecrets(),
      )();
      assert.equal(config.proxy?.httpProxy, 'http://env:1');
      assert.equal(config.tls?.systemCertificates, false);
    });
  });
});

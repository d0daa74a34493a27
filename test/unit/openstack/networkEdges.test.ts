// network.ts beyond network.test.ts: each source of a proxy and what it carries, the sentences for a bad proxy
// URL, credentials never shown, the OS certificate store, and the TLS options read from files.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';

import { OpenStackError } from '../../../src/openstack/errors';
import { proxyUri, proxyUrlProblems, resolveProxy, shownProxy, systemCertificates, tlsOptions } from '../../../src/openstack/network';

describe('network config: edges', () => {
  describe('resolveProxy', () => {
    it("a profile's proxy: trimmed, both schemes, no NO_PROXY, its password and the editor's authorization", () => {
      const p = resolveProxy('  http://u@prof:3  ', { proxy: 'http://ed:2', authorization: 'Basic x', strictSSL: false }, { NO_PROXY: 'n' }, 'pw');
      assert.deepEqual(p, {
        httpProxy: 'http://u@prof:3',
        httpsProxy: 'http://u@prof:3',
        noProxy: '',
        authorization: 'Basic x',
        strictSSL: false,
        password: 'pw',
        source: `the profile's "proxy"`,
      });
      assert.equal(resolveProxy('   ', { proxy: 'http://ed:2' }, {})?.httpProxy, 'http://ed:2', 'a blank profile proxy is no choice');
      assert.equal(resolveProxy('http://prof:3', { authorization: '' }, {})?.authorization, undefined);
    });

    it("the editor's proxy: trimmed, never the profile's password, NO_PROXY (lower case first) after http.noProxy, blanks dropped", () => {
      const p = resolveProxy(undefined, { proxy: ' http://ed:2 ', noProxy: ['a', ' '] }, { no_proxy: 'low', NO_PROXY: 'up' }, 'pw');
      assert.deepEqual([p?.httpProxy, p?.httpsProxy, p?.noProxy, p?.password], ['http://ed:2', 'http://ed:2', 'a,low', undefined]);
      assert.equal(resolveProxy(undefined, { proxy: 'http://ed:2' }, {})?.noProxy, '');
      assert.equal(resolveProxy(undefined, { proxy: '  ' }, {}), undefined);
    });

    it('the environment: lower case before upper, NO_PROXY before http.noProxy, named by the variables set', () => {
      const low = resolveProxy(undefined, { noProxy: ['ed'] }, { http_proxy: 'http://l:1', HTTP_PROXY: 'http://u:1', no_proxy: 'n' }, 'pw');
      assert.deepEqual([low?.httpProxy, low?.httpsProxy, low?.noProxy, low?.password], ['http://l:1', '', 'n,ed', undefined]);
      assert.equal(low?.source, 'the HTTP_PROXY environment variable');
      const https = resolveProxy(undefined, {}, { HTTPS_PROXY: 'http://s:1' });
      assert.deepEqual([https?.httpProxy, https?.httpsProxy, https?.noProxy], ['', 'http://s:1', '']);
      assert.equal(https?.source, 'the HTTPS_PROXY environment variable');
      assert.equal(resolveProxy(undefined, {}, { HTTP_PROXY: '', https_proxy: '' }), undefined);
      // No NO_PROXY, and a blank http.noProxy entry: neither leaves an empty entry in the list.
      assert.equal(resolveProxy(undefined, { noProxy: [' ', 'ed'] }, { HTTP_PROXY: 'http://u:1' })?.noProxy, 'ed');
    });
  });

  it('words each problem of a proxy URL, hiding credentials of an unparsable one', () => {
    assert.deepEqual(proxyUrlProblems('ftp://p:21', 'The proxy'), ['The proxy must start with http:// or https://, not ftp://.']);
    assert.deepEqual(proxyUrlProblems('https://u@p:3128', 'The proxy'), []);
    assert.deepEqual(proxyUrlProblems('http://p:3128', 'The proxy'), []);
    const [garbage] = proxyUrlProblems('//bob:hunter2@ p', '"http.proxy"');
    assert.match(garbage, /^"http\.proxy" ".*" is not a URL \(expected e\.g\. http:\/\/proxy\.example\.com:3128, or "direct"\)\.$/);
    assert.doesNotMatch(garbage, /hunter2/);
  });

  it('fills in a password only where a user is named without one', () => {
    assert.equal(proxyUri('', 'pw'), '');
    assert.equal(proxyUri('http://u@p:1', undefined), 'http://u@p:1');
    assert.equal(proxyUri('http://u:own@p:1', 'pw'), 'http://u:own@p:1');
  });

  it('shows a proxy without credentials or path, or masks what is not a URL', () => {
    assert.equal(shownProxy('https://u:p@proxy.example:8443/path?q'), 'https://proxy.example:8443');
    assert.doesNotMatch(shownProxy('bob:hunter2@ proxy'), /hunter2/);
    const unparsable = shownProxy('//bob:hunter3@proxy:1'); // no scheme: not a URL at all
    assert.equal(typeof unparsable, 'string');
    assert.doesNotMatch(unparsable, /hunter3/);
  });

  it("reads the OS store on Linux and none elsewhere on a runtime without Node's reader", () => {
    const linux = systemCertificates('linux');
    assert.ok(linux.length >= 1 && linux.every((pem) => typeof pem === 'string' && pem.includes('BEGIN CERTIFICATE')), 'the Debian bundle, as text');
    const hasReader = 'getCACertificates' in tls;
    if (!hasReader) assert.deepEqual(systemCertificates('darwin'), []);
  });

  describe('tlsOptions', () => {
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), 'oss-net-edges-'))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('reads the client certificate, its key and passphrase; no passphrase for an empty one; blank CA entries ignored', () => {
      writeFileSync(join(dir, 'c.pem'), 'CERT');
      writeFileSync(join(dir, 'k.pem'), 'KEY');
      const options = tlsOptions({
        caFiles: [''],
        clientCertificate: { certFile: join(dir, 'c.pem'), keyFile: join(dir, 'k.pem'), passphrase: 'pp', source: 's' },
      });
      assert.deepEqual(options, { ca: undefined, cert: 'CERT', key: 'KEY', passphrase: 'pp', rejectUnauthorized: true });
      const noPass = tlsOptions({ clientCertificate: { certFile: join(dir, 'c.pem'), keyFile: join(dir, 'k.pem'), passphrase: '', source: 's' } });
      assert.equal(noPass.passphrase, undefined);
      assert.deepEqual(tlsOptions(), { ca: undefined, cert: undefined, key: undefined, passphrase: undefined, rejectUnauthorized: true });
    });

    it("names a missing CA file and the settings that set it; another failure with the system's words", () => {
      const missing = join(dir, 'none.pem');
      assert.throws(
        () => tlsOptions({ caFiles: [missing] }),
        (e: unknown) =>
          e instanceof OpenStackError &&
          e.kind === 'invalidInput' &&
          e.message === `Cannot read the CA file ${missing} (no such file): check the profile's "caFile" or OS_CACERT.`,
      );
      assert.throws(
        () => tlsOptions({ clientCertificate: { certFile: dir, keyFile: dir, source: 'OS_CERT' } }),
        (e: unknown) => e instanceof OpenStackError && /^Cannot read the client certificate .* \(EISDIR.*\): check OS_CERT\.$/.test(e.message),
      );
    });
  });
});

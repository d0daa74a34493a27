import * as assert from 'node:assert/strict';
import { bindingChanges, bindingOf } from '../../../src/auth/secretBinding';
import type { Profile } from '../../../src/auth/profile';
import { curlGetObject, curlListObjects, curlNetwork } from '../../../src/openstack/curl';

describe('curl commands carry the network (CA, client certificate, proxy)', () => {
  const base = { storageUrl: 'https://swift.example:8080/v1/AUTH_x', container: 'c' };

  it('adds --cacert, --cert/--key and the proxy (user named, no password) before the request, shell-quoted', () => {
    const network = curlNetwork(
      {
        proxy: { httpProxy: '', httpsProxy: 'http://alice:secret@proxy:3128', noProxy: '', source: 's' },
        tls: { caFiles: ["/etc/my ca's.pem", '/second.pem'], clientCertificate: { certFile: '/c.pem', keyFile: '/k $(id).pem', source: 's' } },
      },
      'http://alice:secret@proxy:3128/',
    );
    const command = curlListObjects({ ...base, token: { mode: 'env', token: 'tok', network } });
    assert.equal(
      command.text,
      "export OS_AUTH_TOKEN=tok\ncurl --cacert '/etc/my ca'\\''s.pem' --cert /c.pem --key '/k $(id).pem' --proxy http://proxy:3128 --proxy-user alice --globoff -sS --fail-with-body -H \"X-Auth-Token: ${OS_AUTH_TOKEN}\" 'https://swift.example:8080/v1/AUTH_x/c?format=json'\n",
    );
    assert.ok(!command.text.includes('secret'), 'the proxy password stays out of the command (curl asks for it)');
    assert.deepEqual(command.argv.slice(0, 11), [
      'curl',
      '--cacert',
      "/etc/my ca's.pem",
      '--cert',
      '/c.pem',
      '--key',
      '/k $(id).pem',
      '--proxy',
      'http://proxy:3128',
      '--proxy-user',
      'alice',
    ]);
  });

  it('escapes `:` and `\\` in the client certificate path, which curl would read as `file:password`', () => {
    const command = curlListObjects({
      ...base,
      token: { mode: 'inline', token: 'tok', network: { certFile: '/home/me/certs:prod\\x/client.pem', keyFile: '/k:1.pem' } },
    });
    assert.deepEqual(command.argv.slice(1, 5), ['--cert', '/home/me/certs\\:prod\\\\x/client.pem', '--key', '/k:1.pem']);
  });

  it("says --noproxy '*' when the extension went direct although a proxy is set, --insecure when it skips verification", () => {
    const network = curlNetwork(
      { proxy: { httpProxy: 'http://p:1', httpsProxy: 'http://p:1', noProxy: 'swift.example', source: 's' }, tls: { insecure: true } },
      undefined,
    );
    const command = curlGetObject({ ...base, name: 'o', token: { mode: 'inline', token: 'tok', network } });
    assert.match(command.text, /^curl --insecure --noproxy '\*' --globoff -sS --fail /);
  });

  it('adds nothing when the extension uses Node’s roots and no proxy', () => {
    assert.equal(curlListObjects({ ...base, token: { mode: 'inline', token: 'tok', network: curlNetwork({}, undefined) } }).argv[1], '--globoff');
  });

  it("binds a stored secret to the profile's own proxy: a changed proxy is named before the secret goes", () => {
    const profile: Profile = { id: 'p', name: 'P', authUrl: 'http://k:5000/v3', authVersion: 'auto', authType: 'password', username: 'u' };
    assert.deepEqual(bindingChanges(bindingOf(profile), bindingOf({ ...profile })), []);
    assert.deepEqual(bindingChanges(bindingOf({ ...profile, proxy: 'http://a@p1:1' }), bindingOf({ ...profile, proxy: 'http://evil:1' })), [
      'proxy "http://***@p1:1" → "http://evil:1"',
    ]);
  });
});

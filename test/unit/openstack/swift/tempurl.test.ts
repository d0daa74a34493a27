import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { isOpenStackError } from '../../../../src/openstack/errors';
import { Redactor } from '../../../../src/openstack/redact';
import { pickDigest, signedAccountPath, tempUrl } from '../../../../src/openstack/swift/tempurl';

const STORAGE = 'https://swift-cluster.example.com/v1/AUTH_account';
const DOC = { storageUrl: STORAGE, container: 'container', object: 'object', method: 'GET', key: 'mykey', now: () => 0 };

function query(url: string): URLSearchParams {
  return new URLSearchParams(url.slice(url.indexOf('?') + 1));
}

/** Computed here with node:crypto, not with the code under test. */
function expectedSig(digest: 'sha1' | 'sha256' | 'sha512', body: string, key: string): string {
  const mac = createHmac(digest, key).update(body, 'utf8');
  return digest === 'sha512' ? `sha512:${mac.digest('base64url')}` : mac.digest('hex');
}

describe('swift/tempurl', () => {
  it('matches the sha256 example of the tempurl middleware documentation', () => {
    const url = tempUrl({ ...DOC, digest: 'sha256', expiresAt: new Date(1512508563 * 1000) });
    assert.equal(
      url,
      `${STORAGE}/container/object?temp_url_sig=732fcac368abb10c78a4cbe95c3fab7f311584532bf779abd5074e13cbe8b88b&temp_url_expires=1512508563`,
    );
  });

  it('matches the sha512 example (base64, prefixed with "sha512:")', () => {
    const url = tempUrl({ ...DOC, digest: 'sha512', expiresAt: new Date(1516741234 * 1000) });
    const sig = query(url).get('temp_url_sig') ?? '';
    // The documented value is standard base64 with padding; Swift accepts the URL-safe unpadded form too.
    const documented = 'ZrSijn0GyDhsv1ltIj9hWUTrbAeE45NcKXyBaz7aPbSMvROQ4jtYH4nRAmm5ErY2X11Yc1Yhy2OMCyN3yueeXg==';
    assert.equal(sig, `sha512:${Buffer.from(documented, 'base64').toString('base64url')}`);
  });

  it('signs the decoded path of hostile names and encodes the URL like the client', () => {
    const name = 'dir/ä ö?#%2F+&/..';
    const url = tempUrl({ ...DOC, container: 'my c', object: name, digest: 'sha1', expiresAt: new Date(2_000_000_000_000) });
    const body = `GET\n2000000000\n/v1/AUTH_account/my c/${name}`;
    assert.equal(query(url).get('temp_url_sig'), expectedSig('sha1', body, 'mykey'));
    assert.ok(url.startsWith(`${STORAGE}/my%20c/dir/%C3%A4%20%C3%B6%3F%23%252F%2B%26/%2E%2E?`), url);
  });

  it('signs prefix-based URLs over "prefix:/v1/…/PREFIX" and sends temp_url_prefix', () => {
    const url = tempUrl({
      ...DOC,
      object: 'pre fix/a.txt',
      prefix: 'pre fix/',
      method: 'put',
      digest: 'sha256',
      seconds: 60,
      now: () => 1_000_000,
    });
    const q = query(url);
    assert.equal(q.get('temp_url_expires'), '1060');
    assert.equal(q.get('temp_url_prefix'), 'pre fix/');
    assert.equal(q.get('temp_url_sig'), expectedSig('sha256', 'PUT\n1060\nprefix:/v1/AUTH_account/container/pre fix/', 'mykey'));
    assert.ok(url.includes('temp_url_prefix=pre%20fix%2F'));
  });

  it('adds filename and inline', () => {
    const url = tempUrl({ ...DOC, seconds: 10, filename: 'a b+c.pdf', inline: true });
    assert.ok(url.endsWith('&filename=a%20b%2Bc.pdf&inline'), url);
  });

  it('picks a digest the cluster allows', () => {
    assert.equal(pickDigest(undefined), 'sha256');
    assert.equal(pickDigest(['sha1', 'sha512']), 'sha512');
    assert.equal(pickDigest(['sha1']), 'sha1');
    assert.equal(pickDigest(['sha1', 'sha256'], 'sha1'), 'sha1');
    assert.throws(() => pickDigest(['sha256'], 'sha1'), (e) => isOpenStackError(e, 'unsupported'));
    assert.throws(() => pickDigest(['md5']), (e) => isOpenStackError(e, 'unsupported'));
  });

  it('refuses what Swift would refuse', () => {
    assert.throws(() => tempUrl({ ...DOC, seconds: 0 }), (e) => isOpenStackError(e, 'invalidInput'));
    assert.throws(() => tempUrl({ ...DOC }), (e) => isOpenStackError(e, 'invalidInput'));
    assert.throws(() => tempUrl({ ...DOC, seconds: 5, key: '' }), (e) => isOpenStackError(e, 'invalidInput'));
    assert.throws(() => tempUrl({ ...DOC, seconds: 5, allowedMethods: ['GET'], method: 'DELETE' }), (e) => isOpenStackError(e, 'unsupported'));
    assert.throws(() => tempUrl({ ...DOC, seconds: 5, prefix: 'x' }), (e) => isOpenStackError(e, 'invalidInput'));
    assert.throws(() => signedAccountPath('https://h/swift/AUTH_x'), (e) => isOpenStackError(e, 'invalidInput'));
  });

  it('signs only from /v1/ on, behind a path prefix too', () => {
    assert.equal(signedAccountPath('https://h/object-store/v1/AUTH_a%20b/'), '/v1/AUTH_a b');
  });

  it('is redacted by the shared Redactor', () => {
    const url = tempUrl({ ...DOC, seconds: 10 });
    const redacted = new Redactor().redact(`GET ${url}`);
    assert.ok(!redacted.includes(query(url).get('temp_url_sig') ?? '?'), redacted);
  });
});

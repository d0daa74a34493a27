import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { isOpenStackError } from '../../../../src/openstack/errors';
import { Redactor } from '../../../../src/openstack/redact';
import { parseSwiftInfo } from '../../../../src/openstack/swift/info';
import { hmacBody, pickDigest, signature, signedAccountPath, tempUrl, tempUrlQuery } from '../../../../src/openstack/swift/tempurl';

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
    assert.equal(url, `${STORAGE}/container/object?temp_url_sig=732fcac368abb10c78a4cbe95c3fab7f311584532bf779abd5074e13cbe8b88b&temp_url_expires=1512508563`);
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
    assert.throws(
      () => pickDigest(['sha256'], 'sha1'),
      (e) => isOpenStackError(e, 'unsupported'),
    );
    assert.throws(
      () => pickDigest(['md5']),
      (e) => isOpenStackError(e, 'unsupported'),
    );
  });

  it('refuses what Swift would refuse', () => {
    assert.throws(
      () => tempUrl({ ...DOC, seconds: 0 }),
      (e) => isOpenStackError(e, 'invalidInput'),
    );
    assert.throws(
      () => tempUrl({ ...DOC }),
      (e) => isOpenStackError(e, 'invalidInput'),
    );
    assert.throws(
      () => tempUrl({ ...DOC, seconds: 5, key: '' }),
      (e) => isOpenStackError(e, 'invalidInput'),
    );
    assert.throws(
      () => tempUrl({ ...DOC, seconds: 5, allowedMethods: ['GET'], method: 'DELETE' }),
      (e) => isOpenStackError(e, 'unsupported'),
    );
    assert.throws(
      () => tempUrl({ ...DOC, seconds: 5, prefix: 'x' }),
      (e) => isOpenStackError(e, 'invalidInput'),
    );
    assert.throws(
      () => signedAccountPath('https://h/swift/AUTH_x'),
      (e) => isOpenStackError(e, 'invalidInput'),
    );
  });

  it('refuses a prefix where /info does not announce prefix signing (RGW), signs it where it does', () => {
    const rgw = parseSwiftInfo({ swift: { max_object_name_size: 1024 }, tempurl: { methods: ['GET'] } });
    const swift = parseSwiftInfo({ swift: { max_object_name_length: 1024 }, tempurl: { methods: ['GET'], allowed_digests: ['sha256'] } });
    assert.equal(rgw.tempUrl?.prefix, false);
    assert.equal(swift.tempUrl?.prefix, true);
    const options = { ...DOC, object: undefined, prefix: 'p/', seconds: 1 };
    assert.throws(
      () => tempUrlQuery({ ...options, allowsPrefix: rgw.tempUrl?.prefix }),
      (e) =>
        isOpenStackError(e, 'unsupported') &&
        e.message ===
          'This server does not accept temp URLs signed for a prefix (temp_url_prefix): its /info does not announce them (Ceph RGW refuses them); sign a temp URL for each object instead.',
    );
    assert.match(tempUrlQuery({ ...options, allowsPrefix: swift.tempUrl?.prefix }), /&temp_url_prefix=p%2F$/);
    // One object on the same server: signed as before.
    assert.match(tempUrlQuery({ ...DOC, seconds: 1, allowsPrefix: false }), /^\?temp_url_sig=/);
  });

  it('signs only from /v1/ on, behind a path prefix too', () => {
    assert.equal(signedAccountPath('https://h/object-store/v1/AUTH_a%20b/'), '/v1/AUTH_a b');
  });

  it('is redacted by the shared Redactor', () => {
    const url = tempUrl({ ...DOC, seconds: 10 });
    const redacted = new Redactor().redact(`GET ${url}`);
    assert.ok(!redacted.includes(query(url).get('temp_url_sig') ?? '?'), redacted);
  });

  describe('edges', () => {
    const refusal = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isOpenStackError(e) ? `${e.kind}: ${e.message}` : String(e);
      }
      return 'no error';
    };

    it('says which digests the cluster allows, or none, and reads them in any case', () => {
      assert.equal(pickDigest(['SHA256', 'Sha1']), 'sha256');
      assert.equal(pickDigest(['SHA512'], 'sha512'), 'sha512');
      assert.equal(
        refusal(() => pickDigest([], 'sha1')),
        'unsupported: This Swift cluster does not accept sha1 temp URL signatures (it allows: none).',
      );
      assert.equal(
        refusal(() => pickDigest(['sha256', 'md5'], 'sha1')),
        'unsupported: This Swift cluster does not accept sha1 temp URL signatures (it allows: sha256, md5).',
      );
      assert.equal(
        refusal(() => pickDigest([])),
        'unsupported: No temp URL digest in common with this Swift cluster (it allows: none).',
      );
      assert.equal(
        refusal(() => pickDigest(['md5', 'crc'])),
        'unsupported: No temp URL digest in common with this Swift cluster (it allows: md5, crc).',
      );
    });

    it('signs METHOD, expiry and path on three lines, with the key as UTF-8', () => {
      assert.equal(hmacBody('GET', 12, '/v1/a/c/o'), 'GET\n12\n/v1/a/c/o');
      assert.equal(signature('body', 'kéy', 'sha1'), expectedSig('sha1', 'body', 'kéy'));
      assert.equal(signature('bödy', 'k', 'sha256'), expectedSig('sha256', 'bödy', 'k'));
    });

    it('finds /v1/<account> in http and https storage URLs, before any query, and nowhere else', () => {
      assert.equal(signedAccountPath('HTTP://h:8080/v1/AUTH_a'), '/v1/AUTH_a');
      assert.equal(signedAccountPath('https://h/v1/AUTH_a//'), '/v1/AUTH_a');
      assert.equal(signedAccountPath('https://h/v1/AUTH_a?x=/v1/b'), '/v1/AUTH_a');
      assert.equal(signedAccountPath('https://h/v1/AUTH_a#/v1/b'), '/v1/AUTH_a');
      for (const bad of [
        'https://h',
        'https://h/v1/',
        'https://h/v1/AUTH_a/c',
        'ftp://h/v1/AUTH_a',
        'https:///v1/AUTH_a',
        'x https://h/v1/AUTH_a/c',
        'x https://h/v1/AUTH_a',
        'https://h/v2/AUTH_a',
      ]) {
        assert.equal(
          refusal(() => signedAccountPath(bad)),
          `invalidInput: Temp URLs need a storage URL ending in /v1/<account>, not ${bad}`,
          bad,
        );
      }
    });

    it('expires at the given time, else seconds from now, in whole seconds, and only in the future', () => {
      const expires = (o: object) => query(tempUrl({ ...DOC, ...o })).get('temp_url_expires');
      assert.equal(expires({ seconds: 1.5, now: () => 10_999 }), '12');
      assert.equal(expires({ expiresAt: new Date(5_999), seconds: 1000, now: () => 0 }), '5');
      assert.equal(expires({ expiresAt: new Date(1_001), now: () => 1_000 }), '1');
      assert.equal(
        refusal(() => tempUrl({ ...DOC, expiresAt: new Date(1_000), now: () => 1_000 })),
        'invalidInput: A temp URL must expire in the future.',
      );
      assert.equal(
        refusal(() => tempUrl({ ...DOC, seconds: -1 })),
        'invalidInput: A temp URL must expire in the future.',
      );
      assert.equal(
        refusal(() => tempUrl({ ...DOC })),
        'invalidInput: A temp URL needs expiresAt or seconds.',
      );
      assert.equal(
        refusal(() => tempUrl({ ...DOC, expiresAt: new Date(NaN) })),
        'invalidInput: A temp URL needs expiresAt or seconds.',
      );
      const now = Date.now();
      const real = Number(query(tempUrl({ ...DOC, seconds: 100, now: undefined })).get('temp_url_expires'));
      assert.ok(real >= Math.floor(now / 1000) + 99 && real <= Math.floor(Date.now() / 1000) + 100, String(real));
    });

    it('checks the method against the cluster in any case, and signs it upper case', () => {
      const url = tempUrl({ ...DOC, method: 'head', allowedMethods: ['get', 'head'], digest: 'sha1', seconds: 1, now: () => 0 });
      assert.equal(query(url).get('temp_url_sig'), expectedSig('sha1', 'HEAD\n1\n/v1/AUTH_account/container/object', 'mykey'));
      assert.equal(
        refusal(() => tempUrl({ ...DOC, method: 'put', allowedMethods: ['GET'], seconds: 1 })),
        'unsupported: This Swift cluster does not allow PUT temp URLs.',
      );
    });

    it('says what is missing or wrong in the object and prefix', () => {
      assert.equal(
        refusal(() => tempUrl({ ...DOC, key: '', seconds: 1 })),
        'invalidInput: A temp URL needs the temp URL key of the account or container.',
      );
      assert.equal(
        refusal(() => tempUrlQuery({ ...DOC, object: '', seconds: 1 })),
        'invalidInput: A temp URL needs an object name or a prefix.',
      );
      for (const make of [tempUrlQuery, tempUrl]) {
        assert.equal(
          refusal(() => make({ ...DOC, object: undefined, seconds: 1 })),
          'invalidInput: A temp URL needs an object name or a prefix.',
        );
      }
      assert.equal(
        refusal(() => tempUrl({ ...DOC, object: 'b/x', prefix: 'a/', seconds: 1 })),
        'invalidInput: The object of a prefix-based temp URL must start with the prefix.',
      );
      for (const object of ['/', '//']) {
        assert.equal(
          refusal(() => tempUrl({ ...DOC, object, seconds: 1 })),
          `unsupported: Swift cannot serve a temp URL for the object ${JSON.stringify(object)}: its name is only "/" characters. Use a request with a token (e.g. the curl command) instead.`,
        );
      }
      assert.equal(refusal(() => tempUrl({ ...DOC, object: undefined, prefix: '/', seconds: 1 })).startsWith('unsupported: Swift cannot serve'), true);
      assert.equal(
        refusal(() => tempUrl({ ...DOC, object: '/a', seconds: 1 })),
        'no error',
        'a name that only starts with "/" is fine',
      );
    });

    it('signs a prefix-based query for a whole container (empty prefix), and a URL pointing at a prefix', () => {
      const whole = tempUrlQuery({ ...DOC, object: undefined, prefix: '', digest: 'sha1', seconds: 1, now: () => 0 });
      const sig = expectedSig('sha1', 'GET\n1\nprefix:/v1/AUTH_account/container/', 'mykey');
      assert.equal(whole, `?temp_url_sig=${sig}&temp_url_expires=1&temp_url_prefix=`);
      const folder = tempUrl({ ...DOC, object: undefined, prefix: 'dir/', digest: 'sha1', seconds: 1, now: () => 0 });
      assert.ok(folder.startsWith(`${STORAGE}/container/dir/?temp_url_sig=`), folder);
      const plain = tempUrlQuery({ ...DOC, digest: 'sha1', seconds: 1, now: () => 0 });
      assert.equal(plain, `?temp_url_sig=${expectedSig('sha1', 'GET\n1\n/v1/AUTH_account/container/object', 'mykey')}&temp_url_expires=1`);
    });
  });
});

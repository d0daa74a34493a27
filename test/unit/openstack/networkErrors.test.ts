// The proxy and TLS sentences of networkErrors.ts beyond network.test.ts: every code family, where the code is
// read from (the error or its cause), the kind and context each error carries, and what is left to the caller.
import * as assert from 'node:assert/strict';

import { OpenStackError } from '../../../src/openstack/errors';
import { networkFailure, proxyRefusal } from '../../../src/openstack/networkErrors';

const context = { service: 'object-store', method: 'GET', url: 'https://s.example/v1/AUTH_t/c', status: 599 };
const target = 'object-store (GET https://s.example/v1/AUTH_t/c)';
const proxy = { shown: 'http://p:3128', source: 'the HTTPS_PROXY environment variable' };
const coded = (code: string | undefined, message = 'x', cause?: { code?: string; message?: string }) =>
  Object.assign(new Error(message), code === undefined ? {} : { code }, cause ? { cause } : {});
const said = (e: unknown, ...via: [typeof proxy | undefined] | []) => networkFailure(e, context, target, via.length ? via[0] : proxy);

describe('networkErrors: every cause, its kind and its context', () => {
  it("reads the code from the error, else from its cause, and keeps the original as the error's cause", () => {
    const inner = coded(undefined, 'wrapped', { code: 'CERT_HAS_EXPIRED' });
    const e = said(inner, undefined)!;
    assert.ok(e instanceof OpenStackError);
    assert.match(e.message, /\(CERT_HAS_EXPIRED\)/);
    assert.equal(e.cause, inner);
    assert.equal(e.kind, 'network');
    assert.deepEqual([e.service, e.method, e.url, e.status], ['object-store', 'GET', context.url, 599]);
    assert.equal(said(coded(undefined, 'no code at all'), undefined), undefined);
    assert.equal(said(undefined, undefined), undefined);
    assert.equal(said(coded('ECONNRESET'), undefined), undefined, 'a reset is the caller’s to explain');
  });

  it('server certificates: not yet valid, and any other verification failure', () => {
    assert.equal(
      said(coded('CERT_NOT_YET_VALID'), undefined)!.message,
      `TLS certificate of ${target} is not trusted (CERT_NOT_YET_VALID): it is not valid yet (check this computer's clock).`,
    );
    for (const code of ['HOSTNAME_MISMATCH', 'CERT_REVOKED', 'ERR_TLS_SOMETHING', 'ERR_SSL_WRONG_VERSION_NUMBER', 'UNABLE_TO_GET_CRL', 'DEPTH_ZERO_X']) {
      assert.equal(
        said(coded(code), undefined)!.message,
        `TLS certificate of ${target} is not trusted (${code}): set the profile's "caFile" (or OS_CACERT) to the CA that signed it, or enable "insecure" if you accept the risk.`,
        code,
      );
    }
    assert.match(said(coded('UNABLE_TO_GET_ISSUER_CERT'), undefined)!.message, /self-signed or signed by an unknown CA/);
    assert.equal(said(coded('XCERT_HAS_EXPIRED_X'), undefined), undefined, 'TLS codes are matched from their start');
  });

  it('client certificates: every refusing alert, an unreadable key (by code or message), a mismatched pair', () => {
    for (const alert of ['CERTIFICATE_UNKNOWN', 'ACCESS_DENIED', 'DECRYPT_ERROR', 'HANDSHAKE_FAILURE']) {
      const code = `ERR_SSL_TLSV1_ALERT_${alert}`;
      const e = said(coded(code), undefined)!;
      assert.equal(
        e.message,
        `The server of ${target} refused the connection at the TLS handshake (${code}): it wants a client certificate it accepts; set the profile's "clientCertFile" and "clientKeyFile" (or clouds.yaml "cert"/"key", OS_CERT/OS_KEY).`,
      );
      assert.equal(e.kind, 'network');
    }
    for (const [code, message] of [
      ['ERR_OSSL_EVP_BAD_DECRYPT', 'x'],
      ['ERR_OSSL_PEM_NO_START_LINE', 'x'],
      ['ERR_SOMETHING', 'error:1C800064:Provider routines::bad decrypt'],
      ['bad decrypt', 'x'],
    ]) {
      const e = said(coded(code, message), undefined)!;
      assert.equal(e.kind, 'invalidInput', code);
      assert.equal(
        e.message,
        `The client certificate's key cannot be read (${code}) for ${target}: a wrong or missing passphrase ("Set Client Key Passphrase…") or not a PEM key (the profile's "clientKeyFile", clouds.yaml "key", OS_KEY).`,
      );
    }
    const pair = said(coded('ERR_OSSL_KEY_VALUES_MISMATCH'), undefined)!;
    assert.equal(pair.kind, 'invalidInput');
    assert.equal(
      pair.message,
      `The client certificate and its key do not belong together (ERR_OSSL_KEY_VALUES_MISMATCH) for ${target}: check the profile's "clientCertFile" and "clientKeyFile" (or OS_CERT / OS_KEY).`,
    );
  });

  it('a proxy that cannot be reached: refused, not found or unreachable, timed out; TLS codes are not its fault', () => {
    const reach = (code: string) => said(coded(code))!.message;
    assert.equal(reach('ENOTFOUND'), `Cannot reach the proxy http://p:3128 (host not found or unreachable) for ${target}: check ${proxy.source}.`);
    for (const code of ['EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']) assert.match(reach(code), /\(host not found or unreachable\)/, code);
    for (const code of ['UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']) assert.match(reach(code), /^Cannot reach the proxy http:\/\/p:3128 \(timed out\)/, code);
    assert.equal(said(coded('ECONNREFUSED'))!.kind, 'network');
    assert.equal(said(coded('UND_ERR_PRX_TLS'))!.kind, 'network');
    assert.equal(said(coded('ECONNRESET')), undefined, 'a reset is not an unreachable proxy');
    assert.equal(said(coded('XECONNREFUSED')), undefined);
    assert.equal(said(coded('ENOTFOUNDX')), undefined);
    assert.equal(said(coded('ENOTFOUND'), undefined), undefined, 'without a proxy the caller explains it');
  });

  it("a proxy's untrusted certificate names the cause's code when there is one", () => {
    assert.equal(
      said(coded('UND_ERR_PRX_TLS', 'x', { code: 'SELF_SIGNED_CERT_IN_CHAIN' }))!.message,
      `The TLS certificate of the proxy http://p:3128 is not trusted (SELF_SIGNED_CERT_IN_CHAIN) for ${target}: set "http.proxyStrictSSL" to false or trust its CA (check ${proxy.source}).`,
    );
    assert.match(said(coded('UND_ERR_PRX_TLS'))!.message, /is not trusted \(UND_ERR_PRX_TLS\)/);
    assert.doesNotMatch(said(coded('UND_ERR_PRX_TLS'), undefined)?.message ?? '', /proxy/);
  });

  it("a proxy's status: both of undici's wordings, exact; 401 worded as its status; not the cloud's status", () => {
    const auth = said(coded('UND_ERR_ABORTED', 'Proxy Authentication Required (407)'))!;
    assert.equal(
      auth.message,
      `The proxy http://p:3128 refused its credentials (407 Proxy Authentication Required) for ${target}: check the proxy user and "Set Proxy Password…" or "http.proxyAuthorization" (from ${proxy.source}).`,
    );
    assert.equal(auth.status, undefined);
    assert.equal(auth.kind, 'network');
    assert.equal(said(coded('X', 'Proxy Authentication Required (407) and more'))?.message.startsWith('The proxy'), undefined);
    assert.equal(said(coded(undefined, 'see: Proxy response (403) !== 200 when HTTP Tunneling')), undefined, 'anchored at the start');
    assert.equal(said(coded(undefined, 'Proxy response (403) !== 200 when HTTP Tunneling!')), undefined, 'anchored at the end');
    const tunnel = said(coded(undefined, 'Proxy response (502) !== 200 when HTTP Tunneling'))!;
    assert.equal(tunnel.status, 599, 'another refusal keeps the context');
    const unauthorized = proxyRefusal(401, context, target, proxy);
    assert.match(unauthorized.message, /^The proxy http:\/\/p:3128 refused its credentials \(HTTP 401\) for /);
    assert.equal(unauthorized.status, undefined);
    assert.deepEqual([unauthorized.service, unauthorized.method, unauthorized.url], ['object-store', 'GET', context.url], 'the rest of the context kept');
    assert.equal(proxyRefusal(502, context, target, proxy).kind, 'network');
    const cause = new Error('c');
    assert.equal(proxyRefusal(403, context, target, proxy, { cause }).cause, cause);
    assert.equal(proxyRefusal(407, context, target, proxy, { cause }).cause, cause);
  });
});

// The exact sentences of networkErrors.ts that tell the user what to do: an expired certificate, one issued for
// another name, a proxy refusing the connection (a status other than 401/407), a proxy refusing the connect.
import * as assert from 'node:assert/strict';

import { networkFailure, proxyRefusal } from '../../../src/openstack/networkErrors';

const context = { service: 'object-store', method: 'GET', url: 'https://s.example/v1/AUTH_t/c' };
const target = 'object-store (GET https://s.example/v1/AUTH_t/c)';
const proxy = { shown: 'http://p:3128', source: 'the HTTPS_PROXY environment variable' };
const coded = (code: string) => Object.assign(new Error('x'), { code });

describe('networkErrors: the wording of each advice', () => {
  it('an expired certificate and one issued for another name', () => {
    assert.equal(
      networkFailure(coded('CERT_HAS_EXPIRED'), context, target, undefined)?.message,
      `TLS certificate of ${target} is not trusted (CERT_HAS_EXPIRED): it has expired; the server must renew it (or turn on the profile's "insecure" if you accept the risk).`,
    );
    assert.match(
      networkFailure(coded('ERR_TLS_CERT_ALTNAME_INVALID'), context, target, undefined)?.message ?? '',
      /: it was issued for another name; use the name it was issued for in the profile's "authUrl", or turn on "insecure" if you accept the risk\.$/,
    );
  });

  it('a proxy refusing the connection with another status, and refusing the connect', () => {
    assert.equal(
      proxyRefusal(403, context, target, proxy).message,
      `The proxy http://p:3128 refused to connect to ${target} (HTTP 403): check ${proxy.source}, or "http.noProxy" / NO_PROXY for hosts to reach directly.`,
    );
    assert.equal(
      networkFailure(coded('ECONNREFUSED'), context, target, proxy)?.message,
      `Cannot reach the proxy http://p:3128 (connection refused) for ${target}: check ${proxy.source}.`,
    );
  });
});

/**
 * What went wrong on the way to a server, in one sentence naming the cause and the setting to change: the
 * proxy (unreachable, refusing the credentials or the destination) and TLS (the server's certificate expired,
 * self-signed, for another name, from an unknown CA; the client certificate missing, refused or unreadable).
 * undici and Node say these with error codes; this is the one place that reads them.
 */
import * as l10n from '@vscode/l10n';
import type { ErrorContext } from './errors';
import { OpenStackError } from './errors';

/** The proxy a failed request went through: shown without credentials, and where it was set. */
export interface ProxyRoute {
  shown: string;
  source: string;
}

const PROXY_STATUS = /^Proxy response \((\d{3})\) !== 200 when HTTP Tunneling$|^Proxy Authentication Required \((407)\)$/;

const SERVER_CERT_CAUSES: [RegExp, () => string][] = [
  [/^CERT_HAS_EXPIRED$/, () => l10n.t('it has expired; the server must renew it (or turn on the profile\'s "insecure" if you accept the risk)')],
  [/^CERT_NOT_YET_VALID$/, () => l10n.t("it is not valid yet (check this computer's clock)")],
  [
    /^ERR_TLS_CERT_ALTNAME_INVALID$/,
    () => l10n.t('it was issued for another name; use the name it was issued for in the profile\'s "authUrl", or turn on "insecure" if you accept the risk'),
  ],
  [
    /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?)$/,
    () =>
      l10n.t(
        'it is self-signed or signed by an unknown CA; set the profile\'s "caFile" (or OS_CACERT) to that CA, turn on "http.systemCertificates" if the system trusts it, or enable "insecure" if you accept the risk',
      ),
  ],
];

/** TLS alerts a server sends when it wants a client certificate it did not get, or does not accept the one it got. */
const CLIENT_CERT_REFUSED = /ALERT_(CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE|UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|ACCESS_DENIED|DECRYPT_ERROR)/;

/**
 * The sentence for a proxy or TLS failure, or undefined when the failure is neither (the caller explains
 * those: refused, reset, timed out, not found).
 */
export function networkFailure(e: unknown, context: ErrorContext, target: string, proxy: ProxyRoute | undefined): OpenStackError | undefined {
  const err = e as (Error & { code?: string; cause?: { code?: string; message?: string } }) | undefined;
  const code = err?.code ?? err?.cause?.code;
  const message = err?.message ?? '';
  const options = { cause: e };
  if (proxy) {
    const status = PROXY_STATUS.exec(message);
    if (status) return proxyRefusal(Number(status[1] ?? status[2]), context, target, proxy, options);
    if (code === 'UND_ERR_PRX_TLS') {
      return new OpenStackError(
        'network',
        l10n.t(
          'The TLS certificate of the proxy {0} is not trusted ({1}) for {2}: set "http.proxyStrictSSL" to false or trust its CA (check {3}).',
          proxy.shown,
          err?.cause?.code ?? code,
          target,
          proxy.source,
        ),
        context,
        options,
      );
    }
    if (code && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR_CONNECT_TIMEOUT|ETIMEDOUT)$/.test(code) && !isTls(code)) {
      const why =
        code === 'ECONNREFUSED' ? l10n.t('connection refused') : /TIMEOUT|TIMEDOUT/.test(code) ? l10n.t('timed out') : l10n.t('host not found or unreachable');
      return new OpenStackError(
        'network',
        l10n.t('Cannot reach the proxy {0} ({1}) for {2}: check {3}.', proxy.shown, why, target, proxy.source),
        context,
        options,
      );
    }
  }
  if (!code) return undefined;
  if (/^ERR_OSSL_(BAD_DECRYPT|EVP_BAD_DECRYPT)$|^ERR_OSSL_PEM_|bad decrypt/i.test(code) || /bad decrypt/i.test(message)) {
    return new OpenStackError(
      'invalidInput',
      l10n.t(
        'The client certificate\'s key cannot be read ({0}) for {1}: a wrong or missing passphrase ("Set Client Key Passphrase…") or not a PEM key (the profile\'s "clientKeyFile", clouds.yaml "key", OS_KEY).',
        code,
        target,
      ),
      context,
      options,
    );
  }
  if (/X509_KEY_VALUES_MISMATCH|KEY_VALUES_MISMATCH/.test(code)) {
    return new OpenStackError(
      'invalidInput',
      l10n.t(
        'The client certificate and its key do not belong together ({0}) for {1}: check the profile\'s "clientCertFile" and "clientKeyFile" (or OS_CERT / OS_KEY).',
        code,
        target,
      ),
      context,
      options,
    );
  }
  if (CLIENT_CERT_REFUSED.test(code)) {
    return new OpenStackError(
      'network',
      l10n.t(
        'The server of {0} refused the connection at the TLS handshake ({1}): it wants a client certificate it accepts; set the profile\'s "clientCertFile" and "clientKeyFile" (or clouds.yaml "cert"/"key", OS_CERT/OS_KEY).',
        target,
        code,
      ),
      context,
      options,
    );
  }
  if (isTls(code)) {
    const cause =
      SERVER_CERT_CAUSES.find(([pattern]) => pattern.test(code))?.[1]() ??
      l10n.t('set the profile\'s "caFile" (or OS_CACERT) to the CA that signed it, or enable "insecure" if you accept the risk');
    return new OpenStackError('network', l10n.t('TLS certificate of {0} is not trusted ({1}): {2}.', target, code, cause), context, options);
  }
  return undefined;
}

function isTls(code: string): boolean {
  return /^(DEPTH_ZERO|SELF_SIGNED|UNABLE_TO|CERT_|ERR_TLS|ERR_SSL|HOSTNAME_MISMATCH)/.test(code);
}

/**
 * A proxy's own refusal: 407 (its credentials), or another status answering a CONNECT. Over plain http the
 * proxy answers in the request's place, so a 407 is the proxy's whatever the server would have said.
 */
export function proxyRefusal(status: number, context: ErrorContext, target: string, proxy: ProxyRoute, options?: { cause?: unknown }): OpenStackError {
  // 401 to a CONNECT: some proxies (tinyproxy) answer bad credentials so rather than with 407.
  if (status === 407 || status === 401) {
    // Not 'auth': that kind means the cloud refused the credentials, and the cloud's password is not at fault here.
    return new OpenStackError(
      'network',
      l10n.t(
        'The proxy {0} refused its credentials ({1}) for {2}: check the proxy user and "Set Proxy Password…" or "http.proxyAuthorization" (from {3}).',
        proxy.shown,
        status === 407 ? '407 Proxy Authentication Required' : `HTTP ${status}`,
        target,
        proxy.source,
      ),
      { ...context, status: undefined },
      options,
    );
  }
  return new OpenStackError(
    'network',
    l10n.t(
      'The proxy {0} refused to connect to {1} (HTTP {2}): check {3}, or "http.noProxy" / NO_PROXY for hosts to reach directly.',
      proxy.shown,
      target,
      status,
      proxy.source,
    ),
    context,
    options,
  );
}

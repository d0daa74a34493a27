/**
 * The network a client goes through, as plain data (no `vscode` here): which proxy, which certificates to
 * trust, which client certificate to show. The editor layer reads its settings into one of these; tests
 * write one by hand. The proxying itself (CONNECT, NO_PROXY matching, Basic credentials from the URL) is
 * undici's EnvHttpProxyAgent / ProxyAgent: nothing here decides per request.
 */
import * as l10n from '@vscode/l10n';
import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';
import { OpenStackError } from './errors';
import { hideUrlCredentials } from './redact';

export interface ProxyConfig {
  /** Proxy for http:// URLs, `http(s)://[user[:password]@]host:port`; '' goes direct. */
  httpProxy: string;
  /** Proxy for https:// URLs (tunnelled with CONNECT); '' goes direct. */
  httpsProxy: string;
  /** Hosts that go direct, NO_PROXY syntax: `host`, `.domain`, `host:port`, `*`, separated by commas or spaces. */
  noProxy: string;
  /** A Proxy-Authorization header value sent to the proxy as is (VS Code's http.proxyAuthorization). */
  authorization?: string;
  /** The password of the user named in the proxy URL, kept apart from it (SecretStorage). */
  password?: string;
  /** Verify the certificate of an https:// proxy. Default: true. */
  strictSSL?: boolean;
  /** What to change when the proxy fails, e.g. `the "http.proxy" setting`. */
  source: string;
}

export interface ClientCertificateConfig {
  certFile: string;
  keyFile: string;
  /** Passphrase of an encrypted key. */
  passphrase?: string;
  /** What to change when the certificate is refused or unreadable, e.g. `the profile's "clientCertFile"`. */
  source: string;
}

export interface TlsConfig {
  /** PEM files trusted in addition to Node's own roots (the profile's CA file, OS_CACERT). */
  caFiles?: string[];
  /** Also trust the operating system's store (VS Code's http.systemCertificates). */
  systemCertificates?: boolean;
  /** Skips verification of the servers' certificates. Only an explicit `true` counts. */
  insecure?: boolean;
  clientCertificate?: ClientCertificateConfig;
}

/** What a client is told about the network; anything left out means direct, Node's roots, no client certificate. */
export interface NetworkConfig {
  proxy?: ProxyConfig;
  tls?: TlsConfig;
}

/** The editor's proxy settings, read by the editor layer (VS Code's http.* settings). */
export interface EditorProxySettings {
  proxy?: string;
  noProxy?: string[];
  authorization?: string;
  strictSSL?: boolean;
}

/**
 * Which proxy applies, in the order a user expects: the profile's own `proxy` (a URL, or "direct"), then the
 * editor's http.proxy, then HTTPS_PROXY / HTTP_PROXY (lower case first, as curl and undici read them). NO_PROXY
 * and http.noProxy both apply to a proxy from the editor or the environment; a profile's proxy is its own choice.
 */
export function resolveProxy(
  profileProxy: string | undefined,
  editor: EditorProxySettings,
  env: Record<string, string | undefined>,
  password?: string,
): ProxyConfig | undefined {
  const envNoProxy = env.no_proxy ?? env.NO_PROXY ?? '';
  const common = { authorization: editor.authorization || undefined, strictSSL: editor.strictSSL, password };
  const profileValue = profileProxy?.trim();
  if (profileValue) {
    if (profileValue === 'direct') return undefined;
    return { httpProxy: profileValue, httpsProxy: profileValue, noProxy: '', ...common, source: `the profile's "proxy"` };
  }
  const editorProxy = editor.proxy?.trim();
  if (editorProxy) {
    const noProxy = [...(editor.noProxy ?? []), envNoProxy].filter((s) => s.trim()).join(',');
    return { httpProxy: editorProxy, httpsProxy: editorProxy, noProxy, ...common, password: undefined, source: 'the "http.proxy" setting' };
  }
  const httpProxy = env.http_proxy ?? env.HTTP_PROXY ?? '';
  const httpsProxy = env.https_proxy ?? env.HTTPS_PROXY ?? '';
  if (!httpProxy && !httpsProxy) return undefined;
  const names = [httpsProxy && 'HTTPS_PROXY', httpProxy && 'HTTP_PROXY'].filter(Boolean).join('/');
  return {
    httpProxy,
    httpsProxy,
    noProxy: [envNoProxy, ...(editor.noProxy ?? [])].filter((s) => s.trim()).join(','),
    ...common,
    password: undefined,
    source: l10n.t('the {0} environment variable', names),
  };
}

/** Problems of a proxy URL, one sentence each; a password in it is refused (it belongs in secret storage). */
export function proxyUrlProblems(value: string, where: string): string[] {
  if (value === 'direct') return [];
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [l10n.t('{0} "{1}" is not a URL (expected e.g. http://proxy.example.com:3128, or "direct").', where, hideUrlCredentials(value))];
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return [l10n.t('{0} must start with http:// or https://, not {1}//.', where, url.protocol)];
  if (url.password) return [l10n.t('{0} must not contain a password: name the user only and use "Set Proxy Password…".', where)];
  return [];
}

/** The proxy URL with its password filled in from secret storage; its user name may carry one already. */
export function proxyUri(url: string, password: string | undefined): string {
  if (!url || !password) return url;
  const parsed = new URL(url);
  if (!parsed.username || parsed.password) return url;
  parsed.password = password;
  return parsed.toString();
}

/** Proxy URL fit for a log line or a message: no credentials, no path. */
export function shownProxy(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return hideUrlCredentials(url);
  }
}

/** Where the operating system keeps its trusted certificates on Linux (Debian, Fedora, openSUSE, Alpine). */
const LINUX_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/ca-bundle.pem', '/etc/ssl/cert.pem'];

/**
 * The OS store's certificates: Node's own reader where the runtime has one (tls.getCACertificates, Node
 * 22.15+/23.5+), else on Linux the system bundle file; elsewhere on an older runtime, none (Node's roots
 * still apply).
 */
export function systemCertificates(platform = process.platform): string[] {
  const reader = (tls as unknown as { getCACertificates?: (kind: string) => string[] }).getCACertificates;
  if (reader) return reader('system');
  if (platform !== 'linux') return [];
  for (const file of LINUX_BUNDLES) {
    try {
      return [readFileSync(file, 'utf8')];
    } catch {
      // Not this distribution's place.
    }
  }
  return [];
}

export interface TlsOptions {
  ca?: string[];
  cert?: string;
  key?: string;
  passphrase?: string;
  rejectUnauthorized: boolean;
}

/** The TLS options of a connection: files read now, each failure one sentence naming the file and the setting. */
export function tlsOptions(config: TlsConfig = {}): TlsOptions {
  const read = (file: string, what: string, source: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? l10n.t('no such file') : (e as Error).message;
      throw new OpenStackError('invalidInput', l10n.t('Cannot read the {0} {1} ({2}): check {3}.', what, file, reason, source));
    }
  };
  const extra = (config.caFiles ?? []).filter(Boolean).map((f) => read(f, l10n.t('CA file'), l10n.t('the profile\'s "caFile" or OS_CACERT')));
  const system = config.systemCertificates ? systemCertificates() : [];
  // Node's `ca` replaces its roots: give them back, so a CA file adds to what is trusted.
  const ca = extra.length || system.length ? [...tls.rootCertificates, ...system, ...extra] : undefined;
  const client = config.clientCertificate;
  return {
    ca,
    cert: client ? read(client.certFile, l10n.t('client certificate'), client.source) : undefined,
    key: client ? read(client.keyFile, l10n.t('client certificate key'), client.source) : undefined,
    passphrase: client?.passphrase || undefined,
    // Only an explicit `true` turns verification off (a settings file can hold the string "false").
    rejectUnauthorized: config.insecure !== true,
  };
}

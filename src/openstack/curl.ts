/**
 * Ready-to-run curl commands for Swift objects and listings, safe to paste into bash, zsh or sh whatever
 * the names hold: every argument that is not plainly safe is single-quoted (POSIX: nothing inside single
 * quotes is special; a quote is written '\''), and URLs come from swift/names.ts, encoded exactly as the
 * client sends them. The only raw name text in a command is the local file name derived for downloads,
 * which has control and bidi-override characters replaced so the command reads as what it does.
 */
import * as l10n from '@vscode/l10n';
import { OpenStackError } from './errors';
import type { NetworkConfig } from './network';
import { swiftUrl } from './swift/names';

export type CurlToken =
  /** `-H 'X-Auth-Token: …'` in the command itself. */
  (
    | { mode: 'inline'; token: string }
    /** `-H "X-Auth-Token: $OS_AUTH_TOKEN"` after an `export OS_AUTH_TOKEN='…'` line. */
    | { mode: 'env'; token: string; variable?: string }
  ) & { network?: CurlNetwork };

/**
 * How curl reaches the server as the extension does: the CA to trust, the client certificate, the proxy (its
 * user named, so that curl asks for the password; no secret in the command), or no proxy at all.
 */
export interface CurlNetwork {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  insecure?: boolean;
  /** http://host:port, no credentials. */
  proxy?: string;
  proxyUser?: string;
  /** The extension went direct: `--noproxy '*'`, so that a shell's HTTPS_PROXY does not send curl elsewhere. */
  direct?: boolean;
}

/** The curl options for a network config, given the proxy URL the extension's requests went through. */
export function curlNetwork(network: NetworkConfig, proxyUrl: string | undefined): CurlNetwork {
  const tls = network.tls ?? {};
  const out: CurlNetwork = {
    caFile: tls.caFiles?.[0],
    certFile: tls.clientCertificate?.certFile,
    keyFile: tls.clientCertificate?.keyFile,
    insecure: tls.insecure === true || undefined,
  };
  if (proxyUrl) {
    const url = new URL(proxyUrl);
    out.proxy = `${url.protocol}//${url.host}`;
    out.proxyUser = decodeURIComponent(url.username) || undefined;
  } else if (network.proxy) {
    out.direct = true;
  }
  return out;
}

/** curl reads `--cert` as `file[:password]`: a `:` (and so a `\`) in the path is escaped with `\`, as its manual says. */
function certPath(path: string): string {
  return path.replace(/[\\:]/g, (c) => `\\${c}`);
}

function networkArgs(network: CurlNetwork | undefined): string[] {
  if (!network) return [];
  return [
    ...(network.caFile ? ['--cacert', network.caFile] : []),
    ...(network.certFile ? ['--cert', certPath(network.certFile)] : []),
    ...(network.keyFile ? ['--key', network.keyFile] : []),
    ...(network.insecure ? ['--insecure'] : []),
    ...(network.proxy ? ['--proxy', network.proxy] : []),
    ...(network.proxyUser ? ['--proxy-user', network.proxyUser] : []),
    ...(network.direct ? ['--noproxy', '*'] : []),
  ];
}

export interface CurlCommand {
  /** What curl receives, token included. */
  argv: string[];
  /** Paste-ready text: the export line (env mode), then the curl command. */
  text: string;
}

export interface CurlObjectTarget {
  storageUrl: string;
  container: string;
  name: string;
  token: CurlToken;
}

/** Words that need no quoting in any POSIX shell or zsh (no `=` or `~` lead, no globs, no expansions). */
const PLAIN = /^[A-Za-z0-9_./:,+@-]+$/;

/** Quotes one argument for sh, bash and zsh. NUL cannot be passed in an argument and is rejected. */
export function shellQuote(arg: string): string {
  if (arg.includes('\0')) throw new OpenStackError('invalidInput', l10n.t('A shell argument cannot contain a NUL character.'));
  return PLAIN.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

const UNSAFE_IN_FILE_NAME = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const MAX_FILE_NAME_BYTES = 255;

/**
 * A local file name for downloading an object: its last non-empty `/` segment, control and bidi
 * characters replaced by `_`, at most 255 UTF-8 bytes, never `.`/`..`/empty ("download" instead).
 */
export function safeLocalFileName(objectName: string): string {
  const base =
    objectName
      .split('/')
      .filter((s) => s !== '')
      .pop() ?? '';
  let name = base.replace(UNSAFE_IN_FILE_NAME, '_');
  while (Buffer.byteLength(name, 'utf8') > MAX_FILE_NAME_BYTES) name = [...name].slice(0, -1).join('');
  return name === '' || name === '.' || name === '..' ? 'download' : name;
}

/** A path that no tool mistakes for an option. */
function notAnOption(path: string): string {
  return path.startsWith('-') ? `./${path}` : path;
}

function render(token: CurlToken, args: Array<string | { auth: true }>): CurlCommand {
  const variable = token.mode === 'env' ? (token.variable ?? 'OS_AUTH_TOKEN') : '';
  if (token.mode === 'env' && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
    throw new OpenStackError('invalidInput', l10n.t('Not a shell variable name: {0}', JSON.stringify(variable)));
  }
  const authArg = `X-Auth-Token: ${token.token}`;
  // --globoff: curl would read `[…]` and `{…}` in a URL or an upload's file name as a pattern (`IMG [1].jpg`, or a
  // storage URL with braces), uploading other files or asking another URL.
  const all = [...networkArgs(token.network), '--globoff', ...args];
  const argv = ['curl', ...all.map((a) => (typeof a === 'string' ? a : authArg))];
  const words = ['curl', ...all.map((a) => (typeof a !== 'string' ? authWord(token, variable) : shellQuote(a)))];
  const lines = token.mode === 'env' ? [`export ${variable}=${shellQuote(token.token)}`] : [];
  lines.push(words.join(' '));
  return { argv, text: `${lines.join('\n')}\n` };
}

function authWord(token: CurlToken, variable: string): string {
  // In double quotes only $, `, \ and " are special; the variable name is checked, so this is exact.
  return token.mode === 'env' ? `"X-Auth-Token: \${${variable}}"` : shellQuote(`X-Auth-Token: ${token.token}`);
}

const AUTH = { auth: true } as const;
/** -sS: no progress meter, but errors; --fail-with-body: non-zero exit on HTTP >= 400, Swift's reason shown. */
const COMMON = ['-sS', '--fail-with-body'];

export function curlHeadObject(target: CurlObjectTarget): CurlCommand {
  const url = swiftUrl(target.storageUrl, target.container, target.name);
  return render(target.token, [...COMMON, '--head', '-H', AUTH, url]);
}

/**
 * Downloads to `outputFile` (default: safeLocalFileName of the object). Uses --fail rather than
 * --fail-with-body so that an error page is never saved as the file.
 */
export function curlGetObject(target: CurlObjectTarget & { outputFile?: string }): CurlCommand {
  const url = swiftUrl(target.storageUrl, target.container, target.name);
  const file = notAnOption(target.outputFile ?? safeLocalFileName(target.name));
  return render(target.token, ['-sS', '--fail', '-H', AUTH, '-o', file, url]);
}

/**
 * Uploads `localFile` with -T. curl appends the local file name to a URL ending in `/`, so a trailing
 * slash of the object name is sent as %2F, which Swift reads as the same `/`.
 */
export function curlPutObject(target: CurlObjectTarget & { localFile: string; contentType?: string }): CurlCommand {
  const url = swiftUrl(target.storageUrl, target.container, target.name, undefined, { escapeFinalSlash: true });
  const type = target.contentType ? ['-H', `Content-Type: ${target.contentType}`] : [];
  return render(target.token, [...COMMON, '-H', AUTH, ...type, '-T', notAnOption(target.localFile), url]);
}

export function curlDeleteObject(target: CurlObjectTarget): CurlCommand {
  const url = swiftUrl(target.storageUrl, target.container, target.name);
  return render(target.token, [...COMMON, '-X', 'DELETE', '-H', AUTH, url]);
}

/** GET ?format=json of a container's object names (one page: Swift's limit, or `limit`). */
export function curlListObjects(target: {
  storageUrl: string;
  container: string;
  token: CurlToken;
  prefix?: string;
  delimiter?: string;
  marker?: string;
  limit?: number;
}): CurlCommand {
  const query = {
    format: 'json',
    prefix: target.prefix || undefined,
    delimiter: target.delimiter || undefined,
    marker: target.marker || undefined,
    limit: target.limit,
  };
  const url = swiftUrl(target.storageUrl, target.container, undefined, query);
  return render(target.token, [...COMMON, '-H', AUTH, url]);
}

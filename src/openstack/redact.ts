/**
 * The one place that scrubs secrets from anything that may reach a log, an error message or the screen.
 * Two layers: patterns (headers, JSON fields, temp-URL signatures) that catch secrets we were never told
 * about, and a set of exact values (tokens, passwords) registered by the code that handles them.
 */

export const MASK = '***';

/** Header names whose values are secrets. Lower case. */
export const SECRET_HEADERS = new Set([
  'x-auth-token',
  'x-subject-token',
  'x-storage-token',
  'x-auth-key',
  'x-auth-new-token',
  'x-service-token',
  'authorization',
  'proxy-authorization',
  'x-account-meta-temp-url-key',
  'x-account-meta-temp-url-key-2',
  'x-container-meta-temp-url-key',
  'x-container-meta-temp-url-key-2',
]);

const PATTERNS: Array<[RegExp, string]> = [
  // HTTP-style "Header: value" lines, as in curl output or logs.
  [
    /\b(x-auth-token|x-subject-token|x-storage-token|x-auth-key|x-service-token|authorization|x-(?:account|container)-meta-temp-url-key(?:-2)?)(\s*[:=]\s*)("?)[^\s"',;]+/gi,
    `$1$2$3${MASK}`,
  ],
  // JSON fields that carry secrets.
  [/("(?:password|secret|token|id_token|access_token|key)"\s*:\s*")(?:[^"\\]|\\.)*(")/gi, `$1${MASK}$2`],
  // Temp URL signatures and credentials in query strings.
  [/([?&](?:temp_url_sig|sig|signature|password|token)=)[^&#\s'"]+/gi, `$1${MASK}`],
  // user:password@ in URLs, up to the URL's last @ (a password may hold @, /, ? or #). Swift names never put a
  // raw @ in a URL (names.ts encodes it), so nothing else is masked with it.
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s"'<>]*@/gi, `$1${MASK}@`],
];

/**
 * A URL someone typed, for an error message: whatever stands before its last `@` (user, password, even with
 * spaces, `/`, `@` or `#` in it, with or without a scheme) becomes ***. Over-masking a broken URL is harmless;
 * echoing a password is not.
 */
export function hideUrlCredentials(url: string): string {
  const at = url.lastIndexOf('@');
  if (at < 0) return url;
  const scheme = /^\s*[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  const start = scheme && scheme[0].length <= at ? scheme[0].length : 0;
  return `${url.slice(0, start)}${MASK}${url.slice(at)}`;
}

export class Redactor {
  private readonly secrets = new Set<string>();

  /**
   * Registers an exact secret value. Values under 4 characters are ignored: masking every "a" or "ok" would
   * garble all text, and such values are never put in a message on purpose.
   */
  addSecret(value: string | undefined | null): void {
    if (value && value.length >= 4) this.secrets.add(value);
  }

  forgetSecret(value: string | undefined | null): void {
    if (value) this.secrets.delete(value);
  }

  redact(text: string): string {
    let out = text;
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
    // Longest first, so a secret that contains another is masked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      if (out.includes(secret)) out = out.split(secret).join(MASK);
    }
    return out;
  }

  /** Copies headers with the values of secret ones masked. */
  redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) continue;
      const joined = Array.isArray(value) ? value.join(', ') : value;
      out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? MASK : this.redact(joined);
    }
    return out;
  }

  /** True when the text still holds a registered secret: used by tests that prove nothing leaks. */
  leaks(text: string): boolean {
    for (const secret of this.secrets) if (text.includes(secret)) return true;
    return false;
  }
}

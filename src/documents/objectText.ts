/**
 * Deciding whether an object is text an editor can show, and decoding it. Pure (bytes in, verdicts out),
 * so it is tested without an editor. Opening a binary object as text shows garbage and can freeze the
 * editor on a large file, so the check runs on the first KiB before the rest is downloaded.
 */
import * as l10n from '@vscode/l10n';

/** How many leading bytes the content check looks at. */
export const SNIFF_BYTES = 1024;

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

const BOMS: Array<[bytes: number[], encoding: Encoding]> = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

/** Families that are never text, whatever the bytes look like. `+xml`/`+json` subtypes are text. */
const BINARY_TYPE =
  /^(image|audio|video|font|model)\/|^application\/(zip|gzip|x-gzip|x-tar|x-bzip2|x-xz|x-7z-compressed|zstd|x-rar-compressed|pdf|msword|java-archive|wasm|x-executable|x-sharedlib|x-mach-binary|x-iso9660-image|vnd\.)/;
const TEXT_TYPE =
  /^text\/|[+/](json|xml|yaml)$|^application\/(javascript|ecmascript|x-sh|x-shellscript|x-yaml|toml|sql|graphql|x-ndjson|csv|x-httpd-php|x-python|x-perl|x-ruby|x-tex|rtf|x-www-form-urlencoded)$/;

export type ContentTypeKind = 'text' | 'binary' | 'unknown';

/**
 * What a Content-Type says about the content. `unknown` for `application/octet-stream` (Swift's answer
 * when the uploader named no type) and anything not listed, so the bytes decide. `video/mp2t` is unknown
 * too: type guessers give it to TypeScript files by their `.ts` extension.
 */
export function contentTypeKind(contentType: string | undefined): ContentTypeKind {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (!type || type === 'video/mp2t') return 'unknown';
  if (TEXT_TYPE.test(type)) return 'text';
  if (BINARY_TYPE.test(type) && !/\+(xml|json)$/.test(type)) return 'binary';
  return 'unknown';
}

/**
 * Why the object is binary, or undefined when it looks like text: a non-text content type, a NUL byte, or
 * bytes that are not UTF-8 (UTF-16 with a byte-order mark counts as text). `head` is the first bytes of
 * the object; a character cut in half at its end is not held against it.
 */
export function binaryReason(head: Uint8Array, contentType: string | undefined): string | undefined {
  if (contentTypeKind(contentType) === 'binary') return l10n.t('its content type is {0}', contentType?.split(';')[0].trim() ?? '');
  const sample = head.subarray(0, SNIFF_BYTES);
  const encoding = bomEncoding(sample);
  if (encoding && encoding !== 'utf-8') return undefined;
  if (sample.includes(0)) return l10n.t('it contains NUL bytes');
  try {
    // stream: true keeps an incomplete trailing sequence pending instead of calling it invalid.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
  } catch {
    return l10n.t('it is not valid UTF-8 text');
  }
  return undefined;
}

/** The object's text: the byte-order mark decides the encoding (default UTF-8) and is dropped. */
export function decodeText(bytes: Uint8Array): string {
  const encoding = bomEncoding(bytes) ?? 'utf-8';
  // ignoreBOM: false (the default) strips the mark; invalid bytes later in the file become U+FFFD.
  return new TextDecoder(encoding).decode(bytes);
}

/**
 * A language id for content types whose file name gave the editor nothing to go on (no or unknown
 * extension). Undefined when the type names no language worth setting.
 */
export function languageForContentType(contentType: string | undefined): string | undefined {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const exact: Record<string, string> = {
    'application/json': 'json',
    'application/x-ndjson': 'json',
    'application/xml': 'xml',
    'text/xml': 'xml',
    'application/x-yaml': 'yaml',
    'application/yaml': 'yaml',
    'text/yaml': 'yaml',
    'text/x-yaml': 'yaml',
    'application/javascript': 'javascript',
    'text/javascript': 'javascript',
    'text/markdown': 'markdown',
    'text/html': 'html',
    'text/css': 'css',
    'application/x-sh': 'shellscript',
    'application/x-shellscript': 'shellscript',
    'text/x-shellscript': 'shellscript',
    'text/x-python': 'python',
    'application/x-python': 'python',
    'application/sql': 'sql',
    'text/x-sql': 'sql',
    'application/toml': 'toml',
    'text/x-diff': 'diff',
    'text/x-patch': 'diff',
  };
  if (exact[type]) return exact[type];
  if (type.endsWith('+json')) return 'json';
  if (type.endsWith('+xml')) return 'xml';
  return undefined;
}

function bomEncoding(bytes: Uint8Array): Encoding | undefined {
  for (const [mark, encoding] of BOMS) {
    if (mark.every((b, i) => bytes[i] === b)) return encoding;
  }
  return undefined;
}

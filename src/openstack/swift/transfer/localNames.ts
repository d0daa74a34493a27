/**
 * Object names are untrusted input when they become local paths: a download must never write outside the
 * folder the user chose. A name (relative to what is downloaded) becomes path segments under that folder, or
 * is refused with the reason: `.`/`..` segments, empty segments (leading, doubled or trailing `/`), NUL, and
 * two names that would land on the same file, or a file where another name needs a folder. Characters the
 * local file system cannot hold (Windows: `<>:"\|?*`, control characters, device names, trailing dots and
 * spaces; everywhere: segments too long) are mapped to safe ones, and the mapping is reported.
 * Pure: the platform is a parameter.
 */
import * as l10n from '@vscode/l10n';
import { createHash } from 'node:crypto';

/** Longest segment written, in UTF-8 bytes: file systems take 255, and the `.xxxxxxxx.part` temp suffix needs room. */
export const MAX_SEGMENT_BYTES = 200;

export type LocalName = { ok: true; segments: string[]; mapped?: string } | { ok: false; reason: string };

const WINDOWS_FORBIDDEN = /[<>:"\\|?*\u0000-\u001f]/g;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/** The local path segments for a name relative to the download folder. */
export function localSegments(relative: string, platform: string = process.platform): LocalName {
  if (relative === '') return { ok: false, reason: l10n.t('the name is empty') };
  if (relative.includes('\u0000')) return { ok: false, reason: l10n.t('the name contains a NUL character') };
  if (/[\uD800-\uDFFF]/u.test(relative)) return { ok: false, reason: l10n.t('the name is not valid Unicode') };
  const parts = relative.split('/');
  if (parts.some((p) => p === '')) return { ok: false, reason: 'the name has an empty path segment (a leading, doubled or trailing "/")' };
  if (parts.some((p) => p === '.' || p === '..')) return { ok: false, reason: 'the name has a "." or ".." path segment' };
  const why = new Set<string>();
  const segments = parts.map((part) => {
    let s = part;
    if (platform === 'win32') {
      const replaced = s.replace(WINDOWS_FORBIDDEN, '_').replace(/[. ]+$/, (m) => '_'.repeat(m.length));
      if (replaced !== s) why.add('characters Windows file names cannot hold became "_"');
      s = replaced;
      if (WINDOWS_DEVICE.test(s)) {
        s = `_${s}`;
        why.add('a Windows device name got a "_" in front');
      }
    }
    if (Buffer.byteLength(s, 'utf8') > MAX_SEGMENT_BYTES) {
      s = shorten(s);
      why.add(l10n.t('a part longer than {0} bytes was shortened', MAX_SEGMENT_BYTES));
    }
    return s;
  });
  return why.size ? { ok: true, segments, mapped: [...why].join('; ') } : { ok: true, segments };
}

/** Keeps the start (whole characters) and a short extension, with a hash of the whole part so distinct parts stay distinct. */
function shorten(part: string): string {
  const hash = createHash('sha256').update(part, 'utf8').digest('hex').slice(0, 8);
  const dot = part.lastIndexOf('.');
  const ext = dot > 0 && Buffer.byteLength(part.slice(dot), 'utf8') <= 16 ? part.slice(dot) : '';
  const room = MAX_SEGMENT_BYTES - Buffer.byteLength(`~${hash}${ext}`, 'utf8');
  let head = '';
  for (const ch of part.slice(0, part.length - ext.length)) {
    if (Buffer.byteLength(head + ch, 'utf8') > room) break;
    head += ch;
  }
  return `${head}~${hash}${ext}`;
}

export interface NamedEntry {
  /** The object name (for messages). */
  name: string;
  /** The name relative to the download folder. */
  relative: string;
}

export interface PlannedPath<T extends NamedEntry> {
  entry: T;
  segments: string[];
  mapped?: string;
}

/**
 * Local paths for many names at once, refusing those that would collide: the same local file for two names
 * (also after mapping, and case-insensitively where the file system usually is), or a file at a path another
 * name needs as a folder (`a` and `a/b`: the file is refused, the deeper name kept).
 */
export function planLocalPaths<T extends NamedEntry>(
  entries: readonly T[],
  platform: string = process.platform,
): { planned: PlannedPath<T>[]; refused: Array<{ entry: T; reason: string }> } {
  const fold = platform === 'win32' || platform === 'darwin' ? (s: string) => s.toLowerCase() : (s: string) => s;
  const refused: Array<{ entry: T; reason: string }> = [];
  const candidates: PlannedPath<T>[] = [];
  for (const entry of entries) {
    const local = localSegments(entry.relative, platform);
    if (local.ok) candidates.push({ entry, segments: local.segments, ...(local.mapped ? { mapped: local.mapped } : {}) });
    else refused.push({ entry, reason: local.reason });
  }
  const folders = new Set<string>();
  for (const c of candidates) {
    for (let i = 1; i < c.segments.length; i++) folders.add(fold(c.segments.slice(0, i).join('/')));
  }
  const files = new Map<string, T>();
  const planned: PlannedPath<T>[] = [];
  for (const c of candidates) {
    const key = fold(c.segments.join('/'));
    const first = files.get(key);
    if (folders.has(key)) refused.push({ entry: c.entry, reason: l10n.t('another object needs a folder of this name') });
    else if (first) refused.push({ entry: c.entry, reason: l10n.t('it would be written to the same local file as {0}', JSON.stringify(first.name)) });
    else {
      files.set(key, c.entry);
      planned.push(c);
    }
  }
  return { planned, refused };
}

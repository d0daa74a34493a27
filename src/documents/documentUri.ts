/**
 * What a virtual document's URI says, and how to read it back, for any name Swift allows. Pure: the
 * providers wrap these strings in `vscode.Uri.from({ scheme, path, query })`.
 *
 * - The **query** is the identity: a JSON descriptor. JSON escapes are used for every character a URI
 *   layer might rewrite (`%`, `#`, `?`, `&`, `+`, `/`, spaces, non-ASCII, controls), so the query is
 *   plain ASCII that survives encoding, decoding, or both, and parses back to the exact names.
 * - The **path** is only for people (tab title, breadcrumbs) and for the editor's language detection by
 *   file extension: sanitised, never parsed.
 */

/** An account (region), a container, or an object, as a document addresses it. */
export interface StorageTarget {
  profileId: string;
  region: string;
  container?: string;
  object?: string;
}

/** JSON with every character outside a safe printable-ASCII set written as a `\uXXXX` escape. */
export function encodeDescriptor(value: object): string {
  // JSON's own two-character escapes (\n, \", \\, \u…) are kept; any other unsafe character gets one.
  return JSON.stringify(value).replace(/\\.|[^A-Za-z0-9{}[\]":,._\-~*!$'()=;@]/g, (m) =>
    m.length === 2 ? m : `\\u${m.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The descriptor object, or undefined when the query is not one (a hand-typed or foreign URI). */
export function decodeDescriptor(query: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(query);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function encodeTarget(target: StorageTarget): string {
  // Fixed key order: one target, one URI string, so reopening finds the same document.
  return encodeDescriptor({ p: target.profileId, r: target.region, c: target.container, o: target.object });
}

export function decodeTarget(query: string): StorageTarget | undefined {
  const d = decodeDescriptor(query);
  if (!d || typeof d.p !== 'string' || typeof d.r !== 'string') return undefined;
  if (d.c !== undefined && typeof d.c !== 'string') return undefined;
  if (d.o !== undefined && (typeof d.o !== 'string' || d.c === undefined)) return undefined;
  const target: StorageTarget = { profileId: d.p, region: d.r };
  if (d.c !== undefined) target.container = d.c as string;
  if (d.o !== undefined) target.object = d.o as string;
  return target;
}

/**
 * A readable URI path: `/profile/region/container/object…` with the object's own slashes kept (so the
 * tab shows its base name and the editor sees its extension), then `suffix` appended to the last segment.
 * Segments a path layer would treat specially (empty, `.`, `..`) and control characters are replaced
 * with look-alikes: the path is never read back, so this loses nothing.
 */
export function readablePath(labels: { profile: string; region: string; container?: string; object?: string }, suffix = ''): string {
  const segments = [label(labels.profile), label(labels.region || 'default region')];
  if (labels.container !== undefined) segments.push(label(labels.container));
  if (labels.object !== undefined) {
    // A name ending in "/" would leave an empty base name: keep that last slash as a look-alike.
    const object = labels.object.endsWith('/') ? `${labels.object.slice(0, -1)}∕` : labels.object;
    segments.push(...object.split('/').map(pathSegment));
  }
  segments[segments.length - 1] += suffix;
  return `/${segments.join('/')}`;
}

/** One whole label (profile, region, container) as a single path segment: its slashes become "∕". */
export function label(value: string): string {
  return pathSegment(value.replace(/\//g, '∕'));
}

function pathSegment(segment: string): string {
  const visible = segment.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '�').replace(/\\/g, '⧵');
  if (visible === '') return '∅';
  if (visible === '.' || visible === '..') return visible.replace(/\./g, '․');
  return visible;
}

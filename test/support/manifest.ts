/**
 * package.json as the editor shows it: its user-visible strings are `%key%` references into package.nls.json
 * (the English bundle), resolved here the way VS Code resolves them when it loads the extension.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const REFERENCE = /^%([^%\s]+)%$/;

/** The `%key%` references of a manifest value, wherever they stand. */
export function nlsReferences(value: unknown): string[] {
  if (typeof value === 'string') {
    const m = REFERENCE.exec(value);
    return m ? [m[1]] : [];
  }
  if (Array.isArray(value)) return value.flatMap(nlsReferences);
  if (value && typeof value === 'object') return Object.values(value).flatMap(nlsReferences);
  return [];
}

function resolve(value: unknown, nls: Record<string, string>): unknown {
  if (typeof value === 'string') {
    const m = REFERENCE.exec(value);
    if (!m) return value;
    const text = nls[m[1]];
    if (text === undefined) throw new Error(`package.json refers to %${m[1]}%, which package.nls.json does not define`);
    return text;
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, nls));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, nls)]));
  return value;
}

/** The raw manifest and its English strings, read from the repository root. */
export function rawManifest(root: string): { manifest: Record<string, unknown>; nls: Record<string, string> } {
  return {
    manifest: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>,
    nls: JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>,
  };
}

/** package.json with every `%key%` replaced by its English text from package.nls.json. */
export function localizedManifest<T = Record<string, unknown>>(root: string): T {
  const { manifest, nls } = rawManifest(root);
  return resolve(manifest, nls) as T;
}

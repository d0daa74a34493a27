/**
 * Local file trees for the transfer tests (integration, in-host and UI alike): written from, and read back into,
 * a map of relative path (with `/`) → bytes, so an upload's source and a download's result compare directly.
 */
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Every file under `dir`, as relative path (with `/`) → bytes. */
export function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p).split(sep).join('/'), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** Writes each relative path (with `/`) → bytes under `dir`, making the folders on the way. */
export function writeTree(dir: string, files: Iterable<[string, Buffer | string]>): void {
  for (const [rel, body] of files) {
    const parts = rel.split('/');
    mkdirSync(join(dir, ...parts.slice(0, -1)), { recursive: true });
    writeFileSync(join(dir, ...parts), body);
  }
}

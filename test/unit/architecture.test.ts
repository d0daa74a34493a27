/**
 * The shape of src/ as an invariant: imports run down the layers only (DESIGN.md: commands → ui, views,
 * object file systems, documents → auth → openstack), with no cycle between files, and the pure layers
 * (the OpenStack client, the location model) never import `vscode`.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { COMMAND_IDS, INTERNAL_COMMAND_IDS, commandId } from '../../src/ui/commandIds';

const SRC = join(__dirname, '..', '..', '..', 'src');

/** Lower number, lower layer. A file may import its own layer or lower ones. */
const LAYERS: Array<[RegExp, number]> = [
  [/^openstack\//, 0],
  [/^location\//, 1],
  [/^(auth\/|log\.ts$)/, 2],
  [/^ui\//, 3],
  [/^(views\/|objectFileSystems\/|documents\/|statusBar\.ts$)/, 4],
  [/^commands\//, 5],
  [/^(extension|inspection)\.ts$/, 6],
];
const PURE = /^(openstack|location)\//;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : []));
}

function layerOf(file: string): number {
  const found = LAYERS.find(([pattern]) => pattern.test(file));
  assert.ok(found, `${file} belongs to no layer: add it to LAYERS`);
  return found[1];
}

/** The src-relative files a file imports (relative specifiers only; `vscode` noted separately). */
function importsOf(file: string): { local: string[]; vscode: boolean } {
  const text = readFileSync(join(SRC, file), 'utf8');
  const specs = [...text.matchAll(/(?:from|import|require)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]);
  const local = specs
    .filter((s) => s.startsWith('.'))
    .map((s) => {
      const base = normalize(join(dirname(file), s));
      for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
        try {
          if (statSync(join(SRC, candidate)).isFile()) return candidate;
        } catch {
          /* next */
        }
      }
      throw new Error(`${file}: cannot resolve '${s}'`);
    });
  return { local, vscode: specs.includes('vscode') };
}

describe('architecture of src/', () => {
  const all = files(SRC).map((f) => relative(SRC, f));
  const graph = new Map(all.map((f) => [f, importsOf(f)]));

  it('imports run down the layers only', () => {
    const upward: string[] = [];
    for (const [file, { local }] of graph) {
      for (const target of local) if (layerOf(target) > layerOf(file)) upward.push(`${file} → ${target}`);
    }
    assert.deepEqual(upward, []);
  });

  it('the OpenStack client and the location model never import vscode', () => {
    assert.deepEqual(
      [...graph].filter(([file, { vscode }]) => PURE.test(file) && vscode).map(([file]) => file),
      [],
    );
  });

  it('has no import cycle between files', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file)?.local ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    assert.deepEqual(cycles, []);
  });

  it('registers every command one way, from the one table (src/ui/run.ts)', () => {
    const elsewhere = all.filter((f) => f !== 'ui/run.ts' && /commands\.registerCommand\(/.test(readFileSync(join(SRC, f), 'utf8')));
    assert.deepEqual(elsewhere, []);
  });

  it('spells command ids once: the table lists exactly the commands package.json declares', () => {
    const manifest = JSON.parse(readFileSync(join(SRC, '..', 'package.json'), 'utf8'));
    const declared = (manifest.contributes.commands as Array<{ command: string }>).map((c) => c.command).sort();
    assert.deepEqual(COMMAND_IDS.map(commandId).sort(), declared);
    assert.ok(INTERNAL_COMMAND_IDS.every((id) => !declared.includes(commandId(id))));
    // No full id typed by hand in the code: "openstackStorage.<command>" strings would dodge the table.
    const typed = all.filter((f) => f !== 'ui/commandIds.ts' && COMMAND_IDS.some((id) => readFileSync(join(SRC, f), 'utf8').includes(`'${commandId(id)}'`)));
    assert.deepEqual(typed, []);
  });
});

/**
 * Localisation as an invariant: every user-visible string of package.json is a `%key%` defined in
 * package.nls.json (and no key there is left unused), and l10n/bundle.l10n.json holds exactly the strings the
 * code passes to `l10n.t` (vscode's or @vscode/l10n's), so a translator's bundle never misses one.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';
import { localizedManifest, nlsReferences, rawManifest } from '../support/manifest';

const ROOT = join(__dirname, '..', '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? tsFiles(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : []));
}

describe('localisation', () => {
  const { manifest, nls } = rawManifest(ROOT);

  it('package.json refers only to keys package.nls.json defines, and package.nls.json has no unused key', () => {
    const used = new Set(nlsReferences(manifest));
    assert.deepEqual(
      [...used].filter((k) => !(k in nls)),
      [],
      'undefined keys',
    );
    assert.deepEqual(
      Object.keys(nls).filter((k) => !used.has(k)),
      [],
      'unused keys',
    );
  });

  it('leaves no user-visible text of the manifest untranslated', () => {
    type Command = { title: string; category?: string };
    const c = manifest.contributes as {
      commands: Command[];
      submenus: Array<{ label: string }>;
      viewsContainers: { activitybar: Array<{ title: string }> };
      views: Record<string, Array<{ name: string; contextualTitle?: string }>>;
      viewsWelcome: Array<{ contents: string }>;
      configuration: { title: string; properties: Record<string, unknown> };
    };
    const texts = [
      manifest.displayName,
      manifest.description,
      ...c.commands.flatMap((x) => [x.title, x.category]),
      ...c.submenus.map((x) => x.label),
      ...c.viewsContainers.activitybar.map((x) => x.title),
      ...Object.values(c.views).flatMap((list) => list.flatMap((v) => [v.name, v.contextualTitle])),
      ...c.viewsWelcome.map((x) => x.contents),
      c.configuration.title,
    ].filter((t) => t !== undefined);
    const descriptions: unknown[] = [];
    const collect = (o: unknown): void => {
      if (!o || typeof o !== 'object') return;
      for (const [k, v] of Object.entries(o)) {
        if (k === 'description' || k === 'markdownDescription' || k === 'enumDescriptions') descriptions.push(v);
        else collect(v);
      }
    };
    collect(c.configuration.properties);
    collect(manifest.capabilities);
    const literal = [...texts, ...descriptions.flat()].filter((t) => typeof t !== 'string' || !/^%[^%\s]+%$/.test(t));
    assert.deepEqual(literal, []);
  });

  it('resolves to the English titles the tests and the palette know', () => {
    const english = localizedManifest<{ contributes: { commands: Array<{ command: string; title: string; category: string }> } }>(ROOT);
    const add = english.contributes.commands.find((c) => c.command === 'openstackStorage.addProfile');
    assert.deepEqual([add?.category, add?.title], ['OpenStack Storage', 'Add Profile…']);
  });

  it('l10n/bundle.l10n.json is up to date with the strings of src/ (npm run l10n regenerates it)', async function () {
    this.timeout(60_000); // the export parses every file that calls l10n.t with tree-sitter: seconds on a busy machine
    const files = tsFiles(join(ROOT, 'src'))
      .map((f) => readFileSync(f, 'utf8'))
      .filter((contents) => contents.includes('l10n.t('))
      .map((contents) => ({ extension: '.ts', contents }));
    const expected = await getL10nJson(files);
    const shipped = JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(shipped).sort(), Object.keys(expected).sort());
    assert.deepEqual(shipped, expected);
  });

  it('the VSIX ships both bundles (.vscodeignore is an allowlist)', () => {
    const allow = readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(allow.includes('!package.nls.json'));
    assert.ok(allow.includes('!l10n/**'));
  });
});

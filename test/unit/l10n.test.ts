/**
 * Localisation as an invariant: every user-visible string of package.json is a `%key%` defined in
 * package.nls.json (and no key there is left unused), and l10n/bundle.l10n.json holds exactly the strings the
 * code passes to `l10n.t` (vscode's or @vscode/l10n's), so a translator's bundle never misses one.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';
import { localizedManifest, nlsReferences, rawManifest } from '../support/manifest';

const ROOT = join(__dirname, '..', '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? tsFiles(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : []));
}

type L10nBundle = Record<string, unknown>;

/**
 * The exporter's strings of one source file, as `npm run l10n` finds them. The exporter takes ~120 ms a file whatever
 * its size (it compiles its tree-sitter queries again for each), 14 s for the 117 files that call `l10n.t`: a third of
 * the unit suite. So each file's strings are kept in node_modules/.cache, keyed by the exporter's version and the
 * file's contents: a file that changed is read again, the others are not.
 */
async function stringsOf(contents: string, cacheDir: string, exporterVersion: string): Promise<L10nBundle> {
  const cached = join(cacheDir, `${createHash('sha256').update(`${exporterVersion}\0${contents}`).digest('hex')}.json`);
  try {
    return JSON.parse(readFileSync(cached, 'utf8')) as L10nBundle;
  } catch {
    const strings = (await getL10nJson([{ extension: '.ts', contents }])) as L10nBundle;
    writeFileSync(cached, JSON.stringify(strings));
    return strings;
  }
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
    this.timeout(60_000); // without the cache (a fresh clone) the export parses every file that calls l10n.t: ~15 s
    const sources = tsFiles(join(ROOT, 'src'))
      .map((f) => readFileSync(f, 'utf8'))
      .filter((contents) => contents.includes('l10n.t('));
    const cacheDir = join(ROOT, 'node_modules', '.cache', 'l10n-strings');
    mkdirSync(cacheDir, { recursive: true });
    const exporterVersion = (JSON.parse(readFileSync(require.resolve('@vscode/l10n-dev/package.json'), 'utf8')) as { version: string }).version;
    // The export merges its files' strings key by key; a key is its message (and comment), so equal keys hold equal values.
    const expected: L10nBundle = {};
    for (const contents of sources) Object.assign(expected, await stringsOf(contents, cacheDir, exporterVersion));
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

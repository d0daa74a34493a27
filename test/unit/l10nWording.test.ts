/**
 * Translated wording, as an invariant and with a bundle loaded:
 * - no sentence of the wording modules, src/openstack/ or src/auth/ is built outside `l10n.t` (a string literal
 *   or template that ends a sentence must be the message of an `l10n.t` call, or a log line for developers),
 *   and nothing anywhere in src/ glues an English plural `s` onto a word;
 * - with a tiny bundle loaded the way activation loads the editor's, one plural sentence of each wording module
 *   comes out translated, its numbers and names in place.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import * as l10n from '@vscode/l10n';
import { uploadSummaryText } from '../../src/commands/transferText';
import { deletionSummary } from '../../src/commands/manageText';
import { extrasText } from '../../src/commands/syncText';
import { summaryText } from '../../src/openstack/swift/sync';
import { importSummary } from '../../src/auth/import/summary';
import { containerNameProblem } from '../../src/openstack/swift/managePlan';
import type { UploadSummary } from '../../src/openstack/swift/transfer';
import type { SyncPlan } from '../../src/openstack/swift/sync';

const SRC = join(__dirname, '..', '..', '..', 'src');
function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? tsFiles(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : []));
}

/** The modules whose every sentence is translated (the others are checked for plural glue only). */
const WORDING = (file: string): boolean => {
  const rel = relative(SRC, file).split('\\').join('/');
  return (
    /^commands\/[A-Za-z]+Text\.ts$/.test(rel) ||
    rel === 'commands/sync.ts' ||
    rel === 'commands/delivery.ts' ||
    (rel.startsWith('openstack/') && rel !== 'openstack/curl.ts') ||
    rel.startsWith('auth/')
  );
};

/** A literal's text with each `${…}` as `{}`. */
function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => `{}${s.literal.text}`).join('');
  return undefined;
}

/** "Nothing was imported from {}.", "Delete {}?": a capital (or a quote or placeholder), three words or more, a full stop. */
const SENTENCE = /^["{]?[A-Z{][^\n]*\s\S+\s\S[^\n]*[.?!…]$/;

const isL10nCall = (n: ts.Node): boolean => ts.isCallExpression(n) && /(^|\.)l10n\.t$/.test(n.expression.getText());
/** Log lines are for developers and stay English (DEVELOPING.md, Localisation). */
const isLogCall = (n: ts.Node): boolean =>
  ts.isCallExpression(n) && /\blog\w*\??\.(trace|debug|info|warn|error|appendLine)$|^console\.\w+$/i.test(n.expression.getText());

function allowed(node: ts.Node): boolean {
  for (let p: ts.Node | undefined = node.parent; p; p = p.parent) {
    if (isL10nCall(p) || isLogCall(p) || ts.isImportDeclaration(p) || ts.isLiteralTypeNode(p)) return true;
  }
  return false;
}

interface Finding {
  where: string;
  text: string;
}

function scan(file: string): { sentences: Finding[]; pluralGlue: Finding[] } {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const sentences: Finding[] = [];
  const pluralGlue: Finding[] = [];
  const where = (n: ts.Node) => `${relative(SRC, file)}:${source.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const visit = (node: ts.Node): void => {
    // `n === 1 ? '' : 's'` (or 'es', 'ies'): a word made plural in English, which no translator can follow.
    if (ts.isConditionalExpression(node)) {
      const [a, b] = [literalText(node.whenTrue), literalText(node.whenFalse)];
      if (a !== undefined && b !== undefined && [a, b].includes('') && [a, b].some((t) => /^(s|es|ies)$/.test(t)))
        pluralGlue.push({ where: where(node), text: node.getText() });
    }
    const text = literalText(node);
    if (text !== undefined && WORDING(file) && SENTENCE.test(text.trim()) && !allowed(node)) sentences.push({ where: where(node), text });
    if (!ts.isTemplateExpression(node) || text === undefined) ts.forEachChild(node, visit);
    else node.templateSpans.forEach((s) => visit(s.expression));
  };
  visit(source);
  return { sentences, pluralGlue };
}

/** Every file of src/ scanned once (parsing them all takes seconds on a busy machine). */
let scanned: Array<ReturnType<typeof scan>> | undefined;
const scanAll = () => (scanned ??= tsFiles(SRC).map(scan));

/**
 * A message that is a piece for another message rather than a sentence of its own: a frame whose last word is
 * "the rest of the sentence" (`Cloud "{0}" in {1} {2}`), or one lowercase word before a placeholder ("uses {0}",
 * "has {0}", "until {0}"), glued into a sentence elsewhere. Noun phrases passed as arguments are allowed by name.
 */
const GLUE = [/\{\d+\} \{\d+\}$/, /^[a-z]+ \{\d+\}$/];
const NOUN_PHRASES = new Set(['folder {0}', 'object {0}', 'container {0}', 'project {0}', 'user {0}', 'id {0}', 'scanned {0}', 'listings {0}']);
export function glueMessages(messages: readonly string[]): string[] {
  return messages.filter((m) => !NOUN_PHRASES.has(m) && GLUE.some((g) => g.test(m)));
}

/**
 * Prose left in a table of an import module (a label such as "SAML sign-in", a vendor's note): a string literal of
 * two words or more, a property's value, outside l10n.t. Those modules word sentences for users only.
 */
function proseProperties(file: string): Finding[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: Finding[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node)) {
      const text = literalText(node.initializer);
      if (text !== undefined && /^[A-Za-z][\w.()-]*( [\w.()-]+)+$/.test(text) && !allowed(node.initializer))
        found.push({ where: `${relative(SRC, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`, text });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('translated wording', () => {
  afterEach(() => l10n.config({ contents: {} }));

  it('builds no sentence of the wording modules, src/openstack/ or src/auth/ outside l10n.t (log lines excepted)', function () {
    this.timeout(60_000); // parses every file of src/ with the TypeScript parser
    const found = scanAll().flatMap((r) => r.sentences.map((s) => `${s.where}: ${s.text}`));
    assert.deepEqual(found, []);
  });

  it('glues no English plural "s" onto a word anywhere in src/ (plurals are whole sentences per count)', function () {
    this.timeout(60_000);
    const found = scanAll().flatMap((r) => r.pluralGlue.map((s) => `${s.where}: ${s.text}`));
    assert.deepEqual(found, []);
  });

  it('has no message that is a piece of another (a frame ending in "{1} {2}", "uses {0}"): each is a whole sentence', () => {
    const bundle = JSON.parse(readFileSync(join(SRC, '..', 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(glueMessages(Object.keys(bundle)), []);
    // The check itself: the glue this test was written for is found, whole sentences and noun phrases pass.
    assert.deepEqual(
      glueMessages(['Cloud "{0}" in {1} {2}', 'uses {0}', 'has {0}', 'until {0}', 'container {0}', 'Cloud "{0}" in {1} has no auth.auth_url.']),
      ['Cloud "{0}" in {1} {2}', 'uses {0}', 'has {0}', 'until {0}'],
    );
  });

  it('leaves no prose label in a table of src/auth/import/ outside l10n.t (auth type labels, vendor notes)', () => {
    const found = tsFiles(join(SRC, 'auth', 'import')).flatMap((f) => proseProperties(f).map((p) => `${p.where}: ${p.text}`));
    assert.deepEqual(found, []);
  });

  it('the scan itself finds a sentence outside l10n.t, plural glue, and lets l10n.t and log lines pass', () => {
    const probe = join(SRC, 'openstack', '__probe__.ts');
    const text = [
      "const a = `Deleted ${n} file${n === 1 ? '' : 's'}.`;",
      "const b = l10n.t('Deleted {0} files.', n);",
      "log.warn('Sync: something went wrong here.');",
      "const c = l10n.t({ message: 'Delete {0} now?', args: [x], comment: ['The object to delete.'] });",
    ].join('\n');
    const source = ts.createSourceFile(probe, text, ts.ScriptTarget.Latest, true);
    // Same visit as scan(), on text instead of a file.
    const sentences: string[] = [];
    const glue: string[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isConditionalExpression(node) && literalText(node.whenFalse) === 's') glue.push(node.getText());
      const t = literalText(node);
      if (t !== undefined && SENTENCE.test(t.trim()) && !allowed(node)) sentences.push(t);
      ts.forEachChild(node, visit);
    };
    visit(source);
    assert.deepEqual(sentences, ['Deleted {} file{}.']);
    assert.deepEqual(glue, ["n === 1 ? '' : 's'"]);
  });

  it('reads one plural sentence of each wording module from a loaded bundle, numbers and names in place', () => {
    l10n.config({
      contents: {
        'Uploaded {0} files ({1}) to {2}': '{0} fichiers envoyés ({1}) vers {2}',
        '1 file failed: {0}': '1 fichier en échec : {0}',
        'Deleted {0} items.': '{0} éléments supprimés.',
        'Deleted 1 item.': '1 élément supprimé.',
        '1 object from {0} ({1})': '1 objet de {0} ({1})',
        'container {0}': 'conteneur {0}',
        '{0} files sent ({1} bytes), {2} deleted.': '{0} fichiers envoyés ({1} octets), {2} supprimés.',
        'Nothing was imported from {0}.': "Rien n'a été importé de {0}.",
        'A container name cannot be empty.': 'Un nom de conteneur ne peut pas être vide.',
      },
    });
    const item = (size: number) => ({ item: { size } }) as UploadSummary['uploaded'][number];
    const upload = uploadSummaryText(
      { uploaded: [item(1), item(2)], failed: [{ name: 'x.txt', error: new Error('boom') }], reusedSegments: 0, cancelled: false } as unknown as UploadSummary,
      'container "c"',
      0,
    );
    assert.equal(upload.message, '2 fichiers envoyés (3 B) vers container "c". 1 fichier en échec : "x.txt": boom');

    assert.equal(deletionSummary({ deleted: 1204, notFound: 0, failures: [], cancelled: false }, 1204).message, '1,204 éléments supprimés.');
    assert.equal(deletionSummary({ deleted: 1, notFound: 0, failures: [], cancelled: false }, 1).message, '1 élément supprimé.');

    const plan = {
      direction: 'push',
      pair: { folder: '/home/me/site', container: 'web', prefix: '' },
      entries: [{ kind: 'extra', relative: 'old.html', remote: { name: 'old.html', bytes: 10, hash: '', lastModified: '' } }],
      refused: [],
      ignored: 0,
      ignoreSources: [],
    } as unknown as SyncPlan;
    assert.equal(extrasText(plan), '1 objet de conteneur "web" (10 bytes)');

    const sync = summaryText({
      direction: 'push',
      transferred: { files: 3, bytes: 30 },
      deleted: 2,
      oldSegmentsDeleted: 0,
      failed: [],
      notes: [],
      cancelled: false,
    });
    assert.equal(sync, '3 fichiers envoyés (30 octets), 2 supprimés.');

    assert.equal(importSummary('clouds.yaml', { imported: [], skipped: [] }, { imported: [] }), "Rien n'a été importé de clouds.yaml.");
    assert.equal(containerNameProblem(''), 'Un nom de conteneur ne peut pas être vide.');
  });
});

/**
 * Translated buttons: a button's answer is compared with the same translated label the button showed, never
 * with an English literal (in a translated editor such a comparison would never match and the choice would be
 * lost). Checked on the wording modules with a bundle loaded the way activation loads the editor's, and on
 * the source: no comparison of an answer with a capitalised English literal.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';
import { DELETE_WITH_SEGMENTS, OVERWRITE, RETRY_FAILED, SKIP_EXISTING } from '../../src/ui/buttons';
import { userMessage } from '../../src/ui/errorMessages';
import { describeLocation } from '../../src/location';

const SRC = join(__dirname, '..', '..', '..', 'src');
function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? tsFiles(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : []));
}

describe('localised buttons and messages', () => {
  afterEach(() => l10n.config({ contents: {} }));

  it('reads button labels and sentences from the loaded bundle at the time they are shown', () => {
    assert.equal(OVERWRITE(), 'Overwrite');
    l10n.config({
      contents: {
        Overwrite: 'Écraser',
        'Skip Existing': 'Ignorer les existants',
        'Retry Failed': 'Réessayer les échecs',
        'Delete with Segments': 'Supprimer avec les segments',
        'object {0} in container {1}': 'objet {0} du conteneur {1}',
        '{0} failed: {1}': '{0} a échoué : {1}',
      },
    });
    assert.deepEqual(
      [OVERWRITE(), SKIP_EXISTING(), RETRY_FAILED(), DELETE_WITH_SEGMENTS()],
      ['Écraser', 'Ignorer les existants', 'Réessayer les échecs', 'Supprimer avec les segments'],
    );
    const where = describeLocation({ profileId: 'p', region: 'R', container: 'c', object: 'a.txt' });
    assert.equal(where, 'objet "a.txt" du conteneur "c"');
    assert.equal(userMessage(new Error('boom'), 'Copie'), 'Copie a échoué : boom');
  });

  it('compares no answer with an English literal: answers are compared with the translated label functions', () => {
    const literal = /(===|!==)\s*'[A-Z][a-z]+(?: [A-Za-z]+)*'|'[A-Z][a-z]+(?: [A-Za-z]+)*'\s*(===|!==)/;
    const found = tsFiles(SRC)
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => ({ where: `${f.slice(SRC.length + 1)}:${i + 1}`, line }))
          .filter(({ line }) => literal.test(line) && !/\.name === '/.test(line)),
      )
      .map(({ where, line }) => `${where}: ${line.trim()}`);
    assert.deepEqual(found, []);
  });
});

/**
 * The questions the object file system asks through Prompts (so in-host tests answer them): a large
 * download, a save over someone else's change, a save over a large-object manifest.
 */
import * as vscode from 'vscode';
import type { Prompts } from '../ui/prompts';
import { sizeWithBytes } from '../ui/format';
import type { WriteQuestion } from './policy';
import { exceedsSizeLimit } from './policy';
import { ObjectLocation, describeLocation } from '../location';

export const MAX_SIZE_SETTING = 'openstackStorage.openObject.maxSizeMB';
const DEFAULT_MAX_SIZE_MB = 20;

/** Button labels in the display language; an answer is compared with the same function's value. */
export const OPEN_ANYWAY = (): string => vscode.l10n.t('Open Anyway');
export const OVERWRITE = (): string => vscode.l10n.t('Overwrite');
export const COMPARE = (): string => vscode.l10n.t('Compare');
export const SAVE_ANYWAY = (): string => vscode.l10n.t('Save Anyway');
export const REPLACE_MANIFEST = (): string => vscode.l10n.t('Replace with Plain Object');

function maxSizeMB(): number {
  return vscode.workspace.getConfiguration().get<number>(MAX_SIZE_SETTING, DEFAULT_MAX_SIZE_MB);
}

/** Whether downloading `bytes` needs the user's confirmation (the size setting). */
export function needsSizeConfirmation(bytes: number): boolean {
  return exceedsSizeLimit(bytes, maxSizeMB());
}

/** True when the object may be downloaded: small enough, or the user said so. */
export async function confirmSize(prompts: Prompts, location: ObjectLocation, bytes: number): Promise<boolean> {
  const max = maxSizeMB();
  if (!exceedsSizeLimit(bytes, max)) return true;
  const what = describeLocation(location);
  return prompts.confirm(
    vscode.l10n.t('{0} is {1}. Open it anyway?', capitalize(what), sizeWithBytes(bytes)),
    vscode.l10n.t('That is more than the {0} MB set in "{1}". Large files download in full and can make the editor slow.', max, MAX_SIZE_SETTING),
    OPEN_ANYWAY(),
  );
}

/** What the user chose for one question before a save: go on, compare first, or stop. */
export type Answer = 'proceed' | 'compare' | 'cancel';

export async function askBeforeWrite(prompts: Prompts, location: ObjectLocation, question: WriteQuestion): Promise<Answer> {
  const what = capitalize(describeLocation(location));
  switch (question.kind) {
    case 'changed': {
      const answer = await prompts.ask(
        vscode.l10n.t('{0} was changed on the server since you opened it.', what),
        vscode.l10n.t(
          'Its ETag was {0} and is now {1}. Overwrite their version with yours, compare the two first, or cancel (your edits stay unsaved).',
          question.seenEtag,
          question.currentEtag,
        ),
        OVERWRITE(),
        COMPARE(),
      );
      return answer === OVERWRITE() ? 'proceed' : answer === COMPARE() ? 'compare' : 'cancel';
    }
    case 'deleted': {
      const answer = await prompts.ask(
        vscode.l10n.t('{0} was deleted on the server since you opened it.', what),
        vscode.l10n.t('Save your version as a new object with that name, or cancel (your edits stay unsaved).'),
        SAVE_ANYWAY(),
      );
      return answer === SAVE_ANYWAY() ? 'proceed' : 'cancel';
    }
    case 'largeObject': {
      const kind = question.manifest === 'static' ? vscode.l10n.t('static large object (SLO)') : vscode.l10n.t('dynamic large object (DLO)');
      const answer = await prompts.ask(
        vscode.l10n.t('{0} is a {1}: its content is assembled from segments.', what, kind),
        vscode.l10n.t('Saving replaces the manifest with one plain object holding your text; the segments stay where they are, no longer part of it.'),
        REPLACE_MANIFEST(),
      );
      return answer === REPLACE_MANIFEST() ? 'proceed' : 'cancel';
    }
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

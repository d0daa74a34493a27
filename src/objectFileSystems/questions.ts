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

export const OPEN_ANYWAY = 'Open Anyway';
export const OVERWRITE = 'Overwrite';
export const COMPARE = 'Compare';
export const SAVE_ANYWAY = 'Save Anyway';
export const REPLACE_MANIFEST = 'Replace with Plain Object';

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
    `${capitalize(what)} is ${sizeWithBytes(bytes)}. Open it anyway?`,
    `That is more than the ${max} MB set in "${MAX_SIZE_SETTING}". Large files download in full and can make the editor slow.`,
    OPEN_ANYWAY,
  );
}

/** What the user chose for one question before a save: go on, compare first, or stop. */
export type Answer = 'proceed' | 'compare' | 'cancel';

export async function askBeforeWrite(prompts: Prompts, location: ObjectLocation, question: WriteQuestion): Promise<Answer> {
  const what = capitalize(describeLocation(location));
  switch (question.kind) {
    case 'changed': {
      const answer = await prompts.ask(
        `${what} was changed on the server since you opened it.`,
        `Its ETag was ${question.seenEtag} and is now ${question.currentEtag}. Overwrite their version with yours, compare the two first, or cancel (your edits stay unsaved).`,
        OVERWRITE,
        COMPARE,
      );
      return answer === OVERWRITE ? 'proceed' : answer === COMPARE ? 'compare' : 'cancel';
    }
    case 'deleted': {
      const answer = await prompts.ask(
        `${what} was deleted on the server since you opened it.`,
        'Save your version as a new object with that name, or cancel (your edits stay unsaved).',
        SAVE_ANYWAY,
      );
      return answer === SAVE_ANYWAY ? 'proceed' : 'cancel';
    }
    case 'largeObject': {
      const kind = question.manifest === 'static' ? 'static large object (SLO)' : 'dynamic large object (DLO)';
      const answer = await prompts.ask(
        `${what} is a ${kind}: its content is assembled from segments.`,
        'Saving replaces the manifest with one plain object holding your text; the segments stay where they are, no longer part of it.',
        REPLACE_MANIFEST,
      );
      return answer === REPLACE_MANIFEST ? 'proceed' : 'cancel';
    }
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Labels of the buttons whose answer the code compares: each is a function read in the display language, and
 * the code compares an answer with the same function's value, never with an English literal (a translated
 * editor would otherwise never match).
 */
import * as l10n from '@vscode/l10n';

export const OVERWRITE = (): string => l10n.t('Overwrite');
export const SKIP_EXISTING = (): string => l10n.t('Skip Existing');
export const RETRY_FAILED = (): string => l10n.t('Retry Failed');
export const DELETE = (): string => l10n.t('Delete');
export const DELETE_WITH_SEGMENTS = (): string => l10n.t('Delete with Segments');

/**
 * Words of Sync Folder with Container…: the comparison in one line, the plan as a Markdown document (dry run), and
 * the saved choices of a folder pair. Pure: no `vscode`.
 */
import * as l10n from '@vscode/l10n';
import { displayName } from '../openstack/swift/names';
import { entryBytes, planTotals, refusedSentence, type ChangeKind, type SyncDirection, type SyncPlan } from '../openstack/swift/sync';
import { formatCount, sizeWithBytes } from '../ui/format';

/** What "Sync Again" remembers for a folder pair (workspace state): places and choices, never a secret. */
export interface SavedSync {
  folder: string;
  profileId: string;
  region: string;
  container: string;
  prefix: string;
  direction: SyncDirection;
  deleteExtras: boolean;
  honourGitignore: boolean;
}

export const MAX_SAVED_SYNCS = 20;

export function sameSyncPair(a: SavedSync, b: SavedSync): boolean {
  return a.folder === b.folder && a.profileId === b.profileId && a.region === b.region && a.container === b.container && a.prefix === b.prefix;
}

/** The newest first, one entry per pair, at most MAX_SAVED_SYNCS. */
export function rememberSync(saved: readonly SavedSync[], latest: SavedSync): SavedSync[] {
  return [latest, ...saved.filter((s) => !sameSyncPair(s, latest))].slice(0, MAX_SAVED_SYNCS);
}

export function remoteText(plan: SyncPlan): string {
  const container = displayName(plan.pair.container);
  return plan.pair.prefix ? l10n.t('container {0} under {1}', container, displayName(plan.pair.prefix)) : l10n.t('container {0}', container);
}

export function directionText(plan: SyncPlan): string {
  return plan.direction === 'push' ? `${plan.pair.folder} → ${remoteText(plan)}` : `${remoteText(plan)} → ${plan.pair.folder}`;
}

/** "3 new (1.2 KiB), 1 changed (10 bytes), 2 extra (…), 40 identical". */
export function countsText(plan: SyncPlan): string {
  const t = planTotals(plan);
  return l10n.t(
    '{0} new ({1}), {2} changed ({3}), {4} extra ({5}), {6} identical',
    formatCount(t.new.files),
    sizeWithBytes(t.new.bytes),
    formatCount(t.changed.files),
    sizeWithBytes(t.changed.bytes),
    formatCount(t.extra.files),
    sizeWithBytes(t.extra.bytes),
    formatCount(t.identical.files),
  );
}

/** Whether running the plan would change anything (deletes only with the opt-in). */
export function hasWork(plan: SyncPlan, deleteExtras: boolean): boolean {
  const t = planTotals(plan);
  return t.new.files + t.changed.files > 0 || (deleteExtras && t.extra.files > 0);
}

/** "2 objects from container "c" (10 bytes)" or "1 local file from /home/me/site (3 bytes)". */
export function extrasText(plan: SyncPlan): string {
  const t = planTotals(plan).extra;
  const size = sizeWithBytes(t.bytes);
  const n = formatCount(t.files);
  if (plan.direction === 'push')
    return t.files === 1 ? l10n.t('1 object from {0} ({1})', remoteText(plan), size) : l10n.t('{0} objects from {1} ({2})', n, remoteText(plan), size);
  return t.files === 1 ? l10n.t('1 local file from {0} ({1})', plan.pair.folder, size) : l10n.t('{0} local files from {1} ({2})', n, plan.pair.folder, size);
}

/** A heading of the plan document: the kind and how many paths it has. */
function kindHeading(kind: ChangeKind | 'refused', n: number): string {
  if (kind === 'new') return l10n.t('new ({0})', n);
  if (kind === 'changed') return l10n.t('changed ({0})', n);
  if (kind === 'extra') return l10n.t('extra ({0})', n);
  if (kind === 'identical') return l10n.t('identical ({0})', n);
  return l10n.t('left out ({0})', n);
}

/** ".gitignore and .swiftignore". */
function joinSources(sources: string[]): string {
  return sources.reduce((all, s) => (all ? l10n.t('{0} and {1}', all, s) : s), '');
}

/** The whole plan as Markdown: the counts, then every path by kind, then what was left out. */
export function planDocument(plan: SyncPlan): string {
  const ignored = formatCount(plan.ignored);
  const leftOut = formatCount(plan.refused.length);
  const lines = [
    `# ${plan.direction === 'push' ? l10n.t('Sync plan (dry run): push') : l10n.t('Sync plan (dry run): pull')}`,
    '',
    directionText(plan),
    '',
    `${countsText(plan)}.`,
    plan.ignoreSources.length
      ? l10n.t('{0} ignored by {1}; {2} left out.', ignored, joinSources(plan.ignoreSources), leftOut)
      : l10n.t('{0} ignored; {1} left out.', ignored, leftOut),
    '',
    l10n.t('Nothing has been sent, received or deleted. Extras are deleted only when "Delete Extras" is chosen and confirmed.'),
  ];
  for (const kind of ['new', 'changed', 'extra'] as const) {
    const entries = plan.entries.filter((e) => e.kind === kind);
    if (!entries.length) continue;
    lines.push('', `## ${kindHeading(kind, entries.length)}`, '');
    for (const e of entries) {
      const size = sizeWithBytes(entryBytes(e, plan.direction));
      lines.push(`- \`${e.relative}\` ${e.mapped ? l10n.t('{0} (saved under another name: {1})', size, e.mapped) : size}`);
    }
  }
  if (plan.refused.length) {
    lines.push('', `## ${kindHeading('refused', plan.refused.length)}`, '');
    for (const r of plan.refused) lines.push(`- ${refusedSentence(r)}`);
  }
  return `${lines.join('\n')}\n`;
}

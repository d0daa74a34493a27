/**
 * Words of Sync Folder with Container…: the comparison in one line, the plan as a Markdown document (dry run), and
 * the saved choices of a folder pair. Pure: no `vscode`.
 */
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
  return `container ${displayName(plan.pair.container)}${plan.pair.prefix ? ` under ${displayName(plan.pair.prefix)}` : ''}`;
}

export function directionText(plan: SyncPlan): string {
  return plan.direction === 'push' ? `${plan.pair.folder} → ${remoteText(plan)}` : `${remoteText(plan)} → ${plan.pair.folder}`;
}

const KIND_WORDS: Record<ChangeKind, string> = { new: 'new', changed: 'changed', extra: 'extra', identical: 'identical' };

/** "3 new (1.2 KiB), 1 changed (10 bytes), 2 extra (…), 40 identical". */
export function countsText(plan: SyncPlan): string {
  const totals = planTotals(plan);
  return (['new', 'changed', 'extra', 'identical'] as const)
    .map((k) => `${formatCount(totals[k].files)} ${KIND_WORDS[k]}${k === 'identical' ? '' : ` (${sizeWithBytes(totals[k].bytes)})`}`)
    .join(', ');
}

/** Whether running the plan would change anything (deletes only with the opt-in). */
export function hasWork(plan: SyncPlan, deleteExtras: boolean): boolean {
  const t = planTotals(plan);
  return t.new.files + t.changed.files > 0 || (deleteExtras && t.extra.files > 0);
}

export function extrasText(plan: SyncPlan): string {
  const t = planTotals(plan).extra;
  const where =
    plan.direction === 'push' ? `object${t.files === 1 ? '' : 's'} from ${remoteText(plan)}` : `local file${t.files === 1 ? '' : 's'} from ${plan.pair.folder}`;
  return `${formatCount(t.files)} ${where} (${sizeWithBytes(t.bytes)})`;
}

/** The whole plan as Markdown: the counts, then every path by kind, then what was left out. */
export function planDocument(plan: SyncPlan): string {
  const lines = [
    `# Sync plan (dry run): ${plan.direction}`,
    '',
    directionText(plan),
    '',
    `${countsText(plan)}.`,
    `${formatCount(plan.ignored)} ignored${plan.ignoreSources.length ? ` by ${plan.ignoreSources.join(' and ')}` : ''}; ${formatCount(plan.refused.length)} left out.`,
    '',
    'Nothing has been sent, received or deleted. Extras are deleted only when "Delete Extras" is chosen and confirmed.',
  ];
  for (const kind of ['new', 'changed', 'extra'] as const) {
    const entries = plan.entries.filter((e) => e.kind === kind);
    if (!entries.length) continue;
    lines.push('', `## ${KIND_WORDS[kind]} (${entries.length})`, '');
    for (const e of entries)
      lines.push(`- \`${e.relative}\` ${sizeWithBytes(entryBytes(e, plan.direction))}${e.mapped ? ` (saved under another name: ${e.mapped})` : ''}`);
  }
  if (plan.refused.length) {
    lines.push('', `## left out (${plan.refused.length})`, '');
    for (const r of plan.refused) lines.push(`- ${refusedSentence(r)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * What the create/delete/copy/move commands say: confirmation questions with counts, progress lines and
 * summaries with per-item failures. Pure (no `vscode`), so the wording is unit-tested. Every sentence is one
 * `l10n.t` per count form (1 or many); the deletion question, whose counts combine in too many ways for a
 * sentence each, is a translated frame around translated counted phrases ("1 object", "{0} objects").
 */
import * as l10n from '@vscode/l10n';
import { humanSize, formatCount, quotedName } from '../ui/format';
import { DELETE, DELETE_WITH_SEGMENTS, SKIP_EXISTING } from '../ui/buttons';
import type { DeletionPlan, DeletionReport, FailedPath } from '../openstack/swift/deletion';
import type { CopyFailure, CopyPlan, CopyReport } from '../openstack/swift/copying';

/** At most this many failures are named in a summary's detail. */
export const FAILURES_SHOWN = 10;

/** "a", "a and b", "a, b and c": the frames are translated, the parts are counted phrases. */
function joinAnd(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  if (parts.length === 2) return l10n.t('{0} and {1}', parts[0], parts[1]);
  return l10n.t('{0}, {1} and {2}', parts.slice(0, -2).join(', '), parts[parts.length - 2], parts[parts.length - 1]);
}

const objectCount = (n: number): string => (n === 1 ? l10n.t('1 object') : l10n.t('{0} objects', formatCount(n)));
const folderCount = (n: number): string => (n === 1 ? l10n.t('1 folder') : l10n.t('{0} folders', formatCount(n)));
const containerCount = (n: number): string => (n === 1 ? l10n.t('1 container') : l10n.t('{0} containers', formatCount(n)));
const containerNamed = (name: string): string => l10n.t('container {0}', quotedName(name));

/**
 * "Delete 3 objects and 2 folders (1,204 objects in all) from container "docs"?",
 * "Delete container "docs" and its 1,204 objects (12.3 MiB)?", "Delete 2 containers (…)?".
 */
export function deletionQuestion(plan: DeletionPlan): string {
  const { objects, folders, containers, totalObjects, bytes } = plan.counts;
  const size = humanSize(bytes);
  if (containers > 0) {
    const extra = [objects && objectCount(objects), folders && folderCount(folders)].filter(Boolean) as string[];
    if (containers === 1 && !extra.length) {
      const name = quotedName(plan.containers[0].container);
      return totalObjects === 1
        ? l10n.t('Delete container {0} and its 1 object ({1})?', name, size)
        : l10n.t('Delete container {0} and its {1} objects ({2})?', name, formatCount(totalObjects), size);
    }
    const named = containers === 1 ? containerNamed(plan.containers[0].container) : containerCount(containers);
    const what = extra.length ? l10n.t('{0}, {1}', named, joinAnd(extra)) : named;
    return l10n.t({
      message: 'Delete {0} ({1}, {2} in all)?',
      args: [what, objectCount(totalObjects), size],
      comment: ['{0}: the containers, objects and folders chosen; {1}: "12 objects", every object they hold; {2}: a size'],
    });
  }
  const what = joinAnd([objects && objectCount(objects), folders && folderCount(folders)].filter(Boolean) as string[]);
  const containersOf = [...new Set(plan.targets.map((t) => t.container))];
  const from = containersOf.length === 1 ? containerNamed(containersOf[0]) : containerCount(containersOf.length);
  return folders > 0
    ? l10n.t({
        message: 'Delete {0} ({1} in all, {2}) from {3}?',
        args: [what, objectCount(totalObjects), size, from],
        comment: ['{0}: "3 objects and 2 folders"; {1}: "12 objects", every object they hold; {2}: a size; {3}: "container "x"" or "2 containers"'],
      })
    : l10n.t({
        message: 'Delete {0} ({1}) from {2}?',
        args: [what, size, from],
        comment: ['{0}: "3 objects"; {1}: a size; {2}: "container "x"" or "2 containers"'],
      });
}

/** The modal's detail: irreversible; what happens to large objects' segments. */
export function deletionDetail(plan: DeletionPlan): string {
  const lines = [l10n.t('This cannot be undone.')];
  if (plan.counts.largeObjects > 0) {
    const n = plan.counts.largeObjects;
    lines.push(
      n === 1
        ? l10n.t(
            '1 of them is a large object manifest: "{0}" removes manifests only and keeps their segments (other objects may use them); "{1}" removes the segments too.',
            DELETE(),
            DELETE_WITH_SEGMENTS(),
          )
        : l10n.t(
            '{0} of them are large object manifests: "{1}" removes manifests only and keeps their segments (other objects may use them); "{2}" removes the segments too.',
            formatCount(n),
            DELETE(),
            DELETE_WITH_SEGMENTS(),
          ),
    );
  } else if (plan.counts.containers > 0) {
    lines.push(l10n.t('Large objects in the containers are deleted as manifests; segments kept in other containers stay.'));
  }
  return lines.join('\n');
}

export function failureLine(f: FailedPath): string {
  return f.name === undefined
    ? l10n.t('container {0}: {1}', quotedName(f.container), f.reason)
    : l10n.t('{0} in {1}: {2}', quotedName(f.name), quotedName(f.container), f.reason);
}

/** One sentence for the end of a deletion; `failed` tells the caller to offer "Retry Failed". */
export function deletionSummary(report: DeletionReport, total: number): { message: string; detail: string; failed: boolean } {
  const failed = report.failures.length;
  const deleted = formatCount(report.deleted);
  const all = formatCount(total);
  if (report.cancelled) {
    const message =
      total === 1
        ? failed
          ? l10n.t('Deletion cancelled: {0} of 1 item deleted; the rest is untouched, {1} failed.', deleted, formatCount(failed))
          : l10n.t('Deletion cancelled: {0} of 1 item deleted; the rest is untouched.', deleted)
        : failed
          ? l10n.t('Deletion cancelled: {0} of {1} items deleted; the rest is untouched, {2} failed.', deleted, all, formatCount(failed))
          : l10n.t('Deletion cancelled: {0} of {1} items deleted; the rest is untouched.', deleted, all);
    return { message, detail: failureDetail(report.failures.map(failureLine)), failed: failed > 0 };
  }
  if (!failed) return { message: report.deleted === 1 ? l10n.t('Deleted 1 item.') : l10n.t('Deleted {0} items.', deleted), detail: '', failed: false };
  const message =
    total === 1
      ? l10n.t('{0} of 1 item deleted; {1} could not be deleted.', deleted, formatCount(failed))
      : l10n.t('{0} of {1} items deleted; {2} could not be deleted.', deleted, all, formatCount(failed));
  return { message, detail: failureDetail(report.failures.map(failureLine)), failed: true };
}

export function failureDetail(lines: string[]): string {
  const shown = lines.slice(0, FAILURES_SHOWN);
  if (lines.length > shown.length) shown.push(l10n.t('… and {0} more (see the OpenStack Storage log).', formatCount(lines.length - shown.length)));
  return shown.join('\n');
}

/** "Copy"/"Move"/"Rename" in sentences. */
export type CopyVerb = 'copy' | 'move' | 'rename';

export function copyTitle(verb: CopyVerb, plan: CopyPlan, to: string): string {
  const n = plan.items.length;
  const size = humanSize(plan.bytes);
  const count = formatCount(n);
  if (verb === 'copy') return n === 1 ? l10n.t('Copying 1 object ({0}) to {1}…', size, to) : l10n.t('Copying {0} objects ({1}) to {2}…', count, size, to);
  if (verb === 'move') return n === 1 ? l10n.t('Moving 1 object ({0}) to {1}…', size, to) : l10n.t('Moving {0} objects ({1}) to {2}…', count, size, to);
  return n === 1 ? l10n.t('Renaming 1 object ({0}) to {1}…', size, to) : l10n.t('Renaming {0} objects ({1}) to {2}…', count, size, to);
}

/** The question about destinations that exist already. */
export function conflictQuestion(plan: CopyPlan): { message: string; detail: string } {
  const n = plan.conflicts.length;
  const names = plan.conflicts.slice(0, 5).map((i) => quotedName(i.to.name));
  if (n > 5) names.push(l10n.t('… and {0} more', formatCount(n - 5)));
  const of = formatCount(plan.items.length);
  return {
    message:
      n === 1
        ? l10n.t('1 object of {0} already exists at the destination. Overwrite it?', of)
        : l10n.t('{0} objects of {1} already exist at the destination. Overwrite them?', formatCount(n), of),
    detail: `${names.join('\n')}\n\n${l10n.t('"{0}" copies only the others (a skipped object\'s source is kept when moving).', SKIP_EXISTING())}`,
  };
}

export function copyFailureLine(f: CopyFailure): string {
  return `${quotedName(f.item.from.name)} → ${quotedName(f.item.to.name)}: ${f.reason}`;
}

function copiedCount(verb: CopyVerb, n: number): string {
  const count = formatCount(n);
  if (verb === 'copy') return n === 1 ? l10n.t('Copied 1 object') : l10n.t('Copied {0} objects', count);
  if (verb === 'move') return n === 1 ? l10n.t('Moved 1 object') : l10n.t('Moved {0} objects', count);
  return n === 1 ? l10n.t('Renamed 1 object') : l10n.t('Renamed {0} objects', count);
}

export function copySummary(verb: CopyVerb, report: CopyReport): { message: string; detail: string; failed: boolean } {
  const failed = report.failures.length;
  const parts = [copiedCount(verb, report.copied)];
  if (report.skipped) parts.push(l10n.t('{0} skipped (already there)', formatCount(report.skipped)));
  const kept = report.keptSegments.length;
  if (kept && report.manifestsUnread)
    parts.push(
      kept === 1
        ? l10n.t('1 object kept in place: this server does not return large-object manifests, so they may be segments the moved large objects use')
        : l10n.t(
            '{0} objects kept in place: this server does not return large-object manifests, so they may be segments the moved large objects use',
            formatCount(kept),
          ),
    );
  else if (kept)
    parts.push(
      kept === 1
        ? l10n.t('1 segment kept in place (moved large objects still use them)')
        : l10n.t('{0} segments kept in place (moved large objects still use them)', formatCount(kept)),
    );
  if (failed) parts.push(l10n.t('{0} failed; their sources are kept', formatCount(failed)));
  const body = parts.join('; ');
  const message = !report.cancelled
    ? `${body}.`
    : verb === 'copy'
      ? l10n.t('Copy cancelled: {0}.', body)
      : verb === 'move'
        ? l10n.t('Move cancelled: {0}.', body)
        : l10n.t('Rename cancelled: {0}.', body);
  const detail = failureDetail(report.failures.map(copyFailureLine));
  return { message, detail, failed: failed > 0 };
}

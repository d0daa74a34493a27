/**
 * What the create/delete/copy/move commands say: confirmation questions with counts, progress lines and
 * summaries with per-item failures. Pure (no `vscode`), so the wording is unit-tested.
 */
import { humanSize, formatCount, plural, quotedName } from '../ui/format';
import type { DeletionPlan, DeletionReport, FailedPath } from '../openstack/swift/deletion';
import type { CopyFailure, CopyPlan, CopyReport } from '../openstack/swift/copying';

/** At most this many failures are named in a summary's detail. */
export const FAILURES_SHOWN = 10;

function joinAnd(parts: string[]): string {
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * "Delete 3 objects and 2 folders (1,204 objects in all) from container "docs"?",
 * "Delete container "docs" and its 1,204 objects (12.3 MiB)?", "Delete 2 containers (…)?".
 */
export function deletionQuestion(plan: DeletionPlan): string {
  const { objects, folders, containers, totalObjects, bytes } = plan.counts;
  const size = humanSize(bytes);
  if (containers > 0) {
    const named = containers === 1 ? `container ${quotedName(plan.containers[0].container)}` : plural(containers, 'container');
    const others = plural(objects, 'object').replace(/^0 objects$/, '');
    const extra = [objects && others, folders && plural(folders, 'folder')].filter(Boolean) as string[];
    const what = extra.length ? `${named}, ${joinAnd(extra)}` : named;
    return containers === 1 && !extra.length
      ? `Delete ${what} and its ${plural(totalObjects, 'object')} (${size})?`
      : `Delete ${what} (${plural(totalObjects, 'object')}, ${size} in all)?`;
  }
  const parts = [objects && plural(objects, 'object'), folders && plural(folders, 'folder')].filter(Boolean) as string[];
  const containersOf = [...new Set(plan.targets.map((t) => t.container))];
  const from = containersOf.length === 1 ? `container ${quotedName(containersOf[0])}` : plural(containersOf.length, 'container');
  const inAll = folders > 0 ? ` (${plural(totalObjects, 'object')} in all, ${size})` : ` (${size})`;
  return `Delete ${joinAnd(parts)}${inAll} from ${from}?`;
}

/** The modal's detail: irreversible; what happens to large objects' segments. */
export function deletionDetail(plan: DeletionPlan): string {
  const lines = ['This cannot be undone.'];
  if (plan.counts.largeObjects > 0) {
    const n = plan.counts.largeObjects;
    const which = n === 1 ? '1 of them is a large object manifest' : `${formatCount(n)} of them are large object manifests`;
    lines.push(
      `${which}: "Delete" removes manifests only and keeps their segments (other objects may use them); "Delete with Segments" removes the segments too.`,
    );
  } else if (plan.counts.containers > 0) {
    lines.push('Large objects in the containers are deleted as manifests; segments kept in other containers stay.');
  }
  return lines.join('\n');
}

export function failureLine(f: FailedPath): string {
  return f.name === undefined ? `container ${quotedName(f.container)}: ${f.reason}` : `${quotedName(f.name)} in ${quotedName(f.container)}: ${f.reason}`;
}

/** One sentence for the end of a deletion; `failed` tells the caller to offer "Retry Failed". */
export function deletionSummary(report: DeletionReport, total: number): { message: string; detail: string; failed: boolean } {
  const failed = report.failures.length;
  const gone = `${formatCount(report.deleted)} of ${plural(total, 'item')} deleted`;
  if (report.cancelled) {
    return {
      message: `Deletion cancelled: ${gone}; the rest is untouched${failed ? `, ${formatCount(failed)} failed` : ''}.`,
      detail: failureDetail(report.failures.map(failureLine)),
      failed: failed > 0,
    };
  }
  if (!failed) return { message: `Deleted ${plural(report.deleted, 'item')}.`, detail: '', failed: false };
  return { message: `${gone}; ${formatCount(failed)} could not be deleted.`, detail: failureDetail(report.failures.map(failureLine)), failed: true };
}

export function failureDetail(lines: string[]): string {
  const shown = lines.slice(0, FAILURES_SHOWN);
  if (lines.length > shown.length) shown.push(`… and ${formatCount(lines.length - shown.length)} more (see the OpenStack Storage log).`);
  return shown.join('\n');
}

/** "Copy"/"Move"/"Rename" in sentences. */
export type CopyVerb = 'copy' | 'move' | 'rename';
const PAST: Record<CopyVerb, string> = { copy: 'Copied', move: 'Moved', rename: 'Renamed' };
const NOUN: Record<CopyVerb, string> = { copy: 'Copying', move: 'Moving', rename: 'Renaming' };

export function copyTitle(verb: CopyVerb, plan: CopyPlan, to: string): string {
  return `${NOUN[verb]} ${plural(plan.items.length, 'object')} (${humanSize(plan.bytes)}) to ${to}…`;
}

/** The question about destinations that exist already. */
export function conflictQuestion(plan: CopyPlan): { message: string; detail: string } {
  const n = plan.conflicts.length;
  const names = plan.conflicts.slice(0, 5).map((i) => quotedName(i.to.name));
  if (n > 5) names.push(`… and ${formatCount(n - 5)} more`);
  return {
    message: `${plural(n, 'object')} of ${formatCount(plan.items.length)} already ${n === 1 ? 'exists' : 'exist'} at the destination. Overwrite ${n === 1 ? 'it' : 'them'}?`,
    detail: `${names.join('\n')}\n\n"Skip Existing" copies only the others (a skipped object's source is kept when moving).`,
  };
}

export function copyFailureLine(f: CopyFailure): string {
  return `${quotedName(f.item.from.name)} → ${quotedName(f.item.to.name)}: ${f.reason}`;
}

export function copySummary(verb: CopyVerb, report: CopyReport): { message: string; detail: string; failed: boolean } {
  const failed = report.failures.length;
  const parts = [`${PAST[verb]} ${plural(report.copied, 'object')}`];
  if (report.skipped) parts.push(`${formatCount(report.skipped)} skipped (already there)`);
  if (report.keptSegments.length && report.manifestsUnread)
    parts.push(
      `${plural(report.keptSegments.length, 'object')} kept in place: this server does not return large-object manifests, so they may be segments the moved large objects use`,
    );
  else if (report.keptSegments.length) parts.push(`${plural(report.keptSegments.length, 'segment')} kept in place (moved large objects still use them)`);
  if (failed) parts.push(`${formatCount(failed)} failed; their sources are kept`);
  const lead = report.cancelled ? `${verb === 'copy' ? 'Copy' : verb === 'move' ? 'Move' : 'Rename'} cancelled: ` : '';
  const detail = failureDetail(report.failures.map(copyFailureLine));
  return { message: `${lead}${parts.join('; ')}.`, detail, failed: failed > 0 };
}

/**
 * What transfers say: the progress line (current file, files and bytes of the total) and the summary at the
 * end (how many moved, segments reused, what failed and why). Pure, so the wording is unit-tested.
 */
import * as l10n from '@vscode/l10n';
import { humanSize } from '../ui/format';
import type { DownloadPlan, DownloadSummary, TransferProgress, UploadSummary } from '../openstack/swift/transfer';
import { displayName } from '../openstack/swift/names';
import { logMessage } from '../ui/errorMessages';

/** Percent of the bytes (files when there are no bytes), 0–100. */
export function percentOf(p: TransferProgress): number {
  if (p.bytes.total > 0) return Math.min(100, (100 * p.bytes.done) / p.bytes.total);
  const files = p.files.total;
  return files > 0 ? (100 * (p.files.done + p.files.failed + p.files.skipped)) / files : 100;
}

/** `3 of 12 files · 4.2 MB of 10 MB · "photo.jpg"`. */
export function progressLine(p: TransferProgress): string {
  const finished = p.files.done + p.files.failed + p.files.skipped;
  const files = p.files.total === 1 ? l10n.t('{0} of 1 file', finished) : l10n.t('{0} of {1} files', finished, p.files.total);
  const parts = [files, l10n.t('{0} of {1}', humanSize(p.bytes.done), humanSize(p.bytes.total))];
  const current = p.active.at(-1);
  if (current) parts.push(displayName(current.name.slice(current.name.lastIndexOf('/') + 1), 60));
  return parts.join(' · ');
}

/** The failures, each with its reason, the first few in full. */
function failures(list: Array<{ name: string; error: unknown }>, max = 3): string {
  const shown = list.slice(0, max).map((f) => `${displayName(f.name, 80)}: ${logMessage(f.error)}`);
  if (list.length > max) shown.push(l10n.t('and {0} more (see the OpenStack Storage log)', list.length - max));
  return shown.join(' ');
}

export interface SummaryText {
  /** error: nothing moved and something failed; warning: some failed (or cancelled); info: all good. */
  level: 'info' | 'warning' | 'error';
  message: string;
}

export function uploadSummaryText(s: UploadSummary, where: string, skippedLocal: number): SummaryText {
  const bytes = s.uploaded.reduce((n, u) => n + u.item.size, 0);
  const n = s.uploaded.length;
  const size = humanSize(bytes);
  const parts = [
    s.cancelled
      ? n === 1
        ? l10n.t('Upload cancelled: uploaded 1 file ({0}) to {1}', size, where)
        : l10n.t('Upload cancelled: uploaded {0} files ({1}) to {2}', n, size, where)
      : n === 1
        ? l10n.t('Uploaded 1 file ({0}) to {1}', size, where)
        : l10n.t('Uploaded {0} files ({1}) to {2}', n, size, where),
  ];
  const large = s.uploaded.filter((u) => u.segments).length;
  const reused = s.reusedSegments;
  if (large)
    parts.push(
      large === 1
        ? reused === 1
          ? l10n.t('1 large file in segments, 1 segment reused from an earlier upload')
          : l10n.t('1 large file in segments, {0} segments reused from an earlier upload', reused)
        : reused === 1
          ? l10n.t('{0} large files in segments, 1 segment reused from an earlier upload', large)
          : l10n.t('{0} large files in segments, {1} segments reused from an earlier upload', large, reused),
    );
  if (skippedLocal) parts.push(skippedLocal === 1 ? l10n.t('1 link or special file skipped') : l10n.t('{0} links or special files skipped', skippedLocal));
  let message = `${parts.join('; ')}.`;
  if (s.failed.length) message += ` ${failedSentence(s.failed)}`;
  if (s.cancelled) message += ` ${l10n.t('Files not reported uploaded may be missing: upload them again (finished segments are reused).')}`;
  return { level: s.failed.length && !s.uploaded.length ? 'error' : s.failed.length || s.cancelled ? 'warning' : 'info', message };
}

/** "2 files failed: a: reason b: reason". */
function failedSentence(list: Array<{ name: string; error: unknown }>): string {
  return list.length === 1 ? l10n.t('1 file failed: {0}', failures(list)) : l10n.t('{0} files failed: {1}', list.length, failures(list));
}

export function downloadSummaryText(s: DownloadSummary, plan: DownloadPlan): SummaryText {
  const bytes = s.downloaded.reduce((n, d) => n + d.item.entry.bytes, 0);
  const large = s.downloaded.filter((d) => d.verified === 'slo' || d.verified === 'dlo' || d.verified === 'segmentsEtag').length;
  const sizeOnly = s.downloaded.filter((d) => d.verified === 'size').length;
  const n = s.downloaded.length;
  const size = humanSize(bytes);
  const parts = [
    s.cancelled
      ? n === 1
        ? l10n.t('Download cancelled: saved 1 file ({0}) to {1}, each checked against its ETag', size, plan.target)
        : l10n.t('Download cancelled: saved {0} files ({1}) to {2}, each checked against its ETag', n, size, plan.target)
      : n === 1
        ? l10n.t('Downloaded 1 file ({0}) to {1}, each checked against its ETag', size, plan.target)
        : l10n.t('Downloaded {0} files ({1}) to {2}, each checked against its ETag', n, size, plan.target),
  ];
  if (large) parts.push(large === 1 ? l10n.t('1 large object checked segment by segment') : l10n.t('{0} large objects checked segment by segment', large));
  if (sizeOnly)
    parts.push(
      sizeOnly === 1
        ? l10n.t('1 large object with ranged or nested segments checked by size only')
        : l10n.t('{0} large objects with ranged or nested segments checked by size only', sizeOnly),
    );
  const unread = s.downloaded.filter((d) => d.verified === 'sizeNoManifest').length;
  if (unread)
    parts.push(
      unread === 1
        ? l10n.t('1 large object checked by size only, because this server does not return large-object manifests')
        : l10n.t('{0} large objects checked by size only, because this server does not return large-object manifests', unread),
    );
  if (s.kept.length) parts.push(s.kept.length === 1 ? l10n.t('1 existing file kept') : l10n.t('{0} existing files kept', s.kept.length));
  const mapped = plan.items.filter((i) => i.mapped && s.downloaded.some((d) => d.item === i)).length;
  if (mapped)
    parts.push(mapped === 1 ? l10n.t('1 name changed to be valid local file names') : l10n.t('{0} names changed to be valid local file names', mapped));
  let message = `${parts.join('; ')}.`;
  if (plan.refused.length) {
    const shown = plan.refused.slice(0, 3).map((r) => `${displayName(r.entry.name, 80)} (${r.reason})`);
    if (plan.refused.length > 3) shown.push(l10n.t('and {0} more', plan.refused.length - 3));
    const list = shown.join(', ');
    message += ` ${
      plan.refused.length === 1
        ? l10n.t('1 object not saved because of its name: {0}.', list)
        : l10n.t('{0} objects not saved because of their names: {1}.', plan.refused.length, list)
    }`;
  }
  if (s.failed.length) message += ` ${failedSentence(s.failed)}`;
  if (s.cancelled) message += ` ${l10n.t('Partial files were removed.')}`;
  const problems = s.failed.length + plan.refused.length;
  return { level: problems && !s.downloaded.length ? 'error' : problems || s.cancelled ? 'warning' : 'info', message };
}

/**
 * What transfers say: the progress line (current file, files and bytes of the total) and the summary at the
 * end (how many moved, segments reused, what failed and why). Pure, so the wording is unit-tested.
 */
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
  const parts = [`${finished} of ${p.files.total} file${p.files.total === 1 ? '' : 's'}`, `${humanSize(p.bytes.done)} of ${humanSize(p.bytes.total)}`];
  const current = p.active.at(-1);
  if (current) parts.push(displayName(current.name.slice(current.name.lastIndexOf('/') + 1), 60));
  return parts.join(' · ');
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The failures, each with its reason, the first few in full. */
function failures(list: Array<{ name: string; error: unknown }>, max = 3): string {
  const shown = list.slice(0, max).map((f) => `${displayName(f.name, 80)}: ${logMessage(f.error)}`);
  if (list.length > max) shown.push(`and ${list.length - max} more (see the OpenStack Storage log)`);
  return shown.join(' ');
}

export interface SummaryText {
  /** error: nothing moved and something failed; warning: some failed (or cancelled); info: all good. */
  level: 'info' | 'warning' | 'error';
  message: string;
}

export function uploadSummaryText(s: UploadSummary, where: string, skippedLocal: number): SummaryText {
  const bytes = s.uploaded.reduce((n, u) => n + u.item.size, 0);
  const parts = [`${s.cancelled ? 'Upload cancelled: uploaded' : 'Uploaded'} ${plural(s.uploaded.length, 'file')} (${humanSize(bytes)}) to ${where}`];
  const large = s.uploaded.filter((u) => u.segments).length;
  if (large) parts.push(`${plural(large, 'large file')} in segments, ${plural(s.reusedSegments, 'segment')} reused from an earlier upload`);
  if (skippedLocal) parts.push(`${plural(skippedLocal, 'link or special file')} skipped`);
  let message = `${parts.join('; ')}.`;
  if (s.failed.length) message += ` ${plural(s.failed.length, 'file')} failed: ${failures(s.failed)}`;
  if (s.cancelled) message += ' Files not reported uploaded may be missing: upload them again (finished segments are reused).';
  return { level: s.failed.length && !s.uploaded.length ? 'error' : s.failed.length || s.cancelled ? 'warning' : 'info', message };
}

export function downloadSummaryText(s: DownloadSummary, plan: DownloadPlan): SummaryText {
  const bytes = s.downloaded.reduce((n, d) => n + d.item.entry.bytes, 0);
  const large = s.downloaded.filter((d) => d.verified === 'slo' || d.verified === 'dlo' || d.verified === 'segmentsEtag').length;
  const sizeOnly = s.downloaded.filter((d) => d.verified === 'size').length;
  const parts = [
    `${s.cancelled ? 'Download cancelled: saved' : 'Downloaded'} ${plural(s.downloaded.length, 'file')} (${humanSize(bytes)}) to ${plan.target}, each checked against its ETag`,
  ];
  if (large) parts.push(`${plural(large, 'large object')} checked segment by segment`);
  if (sizeOnly) parts.push(`${plural(sizeOnly, 'large object')} with ranged or nested segments checked by size only`);
  const unread = s.downloaded.filter((d) => d.verified === 'sizeNoManifest').length;
  if (unread) parts.push(`${plural(unread, 'large object')} checked by size only, because this server does not return large-object manifests`);
  if (s.kept.length) parts.push(`${plural(s.kept.length, 'existing file')} kept`);
  const mapped = plan.items.filter((i) => i.mapped && s.downloaded.some((d) => d.item === i)).length;
  if (mapped) parts.push(`${plural(mapped, 'name')} changed to be valid local file names`);
  let message = `${parts.join('; ')}.`;
  if (plan.refused.length) {
    const shown = plan.refused.slice(0, 3).map((r) => `${displayName(r.entry.name, 80)} (${r.reason})`);
    if (plan.refused.length > 3) shown.push(`and ${plan.refused.length - 3} more`);
    message += ` ${plural(plan.refused.length, 'object')} not saved because of ${plan.refused.length === 1 ? 'its name' : 'their names'}: ${shown.join(', ')}.`;
  }
  if (s.failed.length) message += ` ${plural(s.failed.length, 'file')} failed: ${failures(s.failed)}`;
  if (s.cancelled) message += ' Partial files were removed.';
  const problems = s.failed.length + plan.refused.length;
  return { level: problems && !s.downloaded.length ? 'error' : problems || s.cancelled ? 'warning' : 'info', message };
}

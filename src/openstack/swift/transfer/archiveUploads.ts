/**
 * The archive path of an upload batch (archives.ts): small files grouped into tar archives the server expands,
 * several archives in flight under the small-file limiter. A file counts as uploaded only once one listing of
 * the batch's prefix (or, for a name the listing does not show as sent, a HEAD) shows its MD5 and size; every
 * other file, whatever happened to its archive, is handed back to be sent on its own as a plain, checked PUT.
 */
import * as l10n from '@vscode/l10n';
import type { SwiftClient } from '../client';
import { displayName } from '../names';
import { guessContentType } from './contentTypes';
import { ARCHIVE_BYTES, ARCHIVE_FILES, ARCHIVE_FILE_BYTES, archivable, md5Hex, putArchive, type ArchiveFile } from './archives';
import { fileRange, type UploadItem } from './localFiles';
import { Limiter, runPool } from './pool';
import type { ProgressTracker } from './progress';
import { mtimeText } from './segments';

/** HEADs in flight at once for names the listing did not confirm. */
const CONFIRM_CONCURRENCY = 8;

export interface ArchiveBatch {
  client: SwiftClient;
  container: string;
  /** A prefix every archived name starts with: the one listing that confirms them lists it. */
  listingPrefix: string;
  limiter: Limiter;
  tracker: ProgressTracker;
  signal?: AbortSignal;
}

export interface ArchiveOutcome {
  /** Files the server holds as sent (MD5 and size confirmed), with their ETag. */
  confirmed: Array<{ item: UploadItem; etag: string }>;
  /** Files to send on their own: refused, failed, or not confirmed. */
  again: UploadItem[];
  /** File bytes that went in archives whose answer came. */
  bytesSent: number;
}

/** Items an archive can carry (small, a name it keeps exactly, under the listing prefix), and the rest. */
export function splitForArchives(items: readonly UploadItem[], listingPrefix: string, below: number): { archived: UploadItem[]; alone: UploadItem[] } {
  const archived: UploadItem[] = [];
  const alone: UploadItem[] = [];
  for (const item of items) {
    const fits = item.size <= ARCHIVE_FILE_BYTES && item.size < below && item.name.startsWith(listingPrefix) && archivable(item.name);
    (fits ? archived : alone).push(item);
  }
  return { archived, alone };
}

/** Consecutive groups of at most ARCHIVE_FILES files and ARCHIVE_BYTES bytes (a larger file goes alone in its group). */
export function groupForArchives(items: readonly UploadItem[]): UploadItem[][] {
  const groups: UploadItem[][] = [];
  let group: UploadItem[] = [];
  let bytes = 0;
  for (const item of items) {
    if (group.length && (group.length >= ARCHIVE_FILES || bytes + item.size > ARCHIVE_BYTES)) {
      groups.push(group);
      group = [];
      bytes = 0;
    }
    group.push(item);
    bytes += item.size;
  }
  if (group.length) groups.push(group);
  return groups;
}

async function readWhole(item: UploadItem): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of fileRange(item.localPath, 0, item.size)) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

type Sent = { item: UploadItem; md5: string; bytes: number };

export async function sendInArchives(items: readonly UploadItem[], batch: ArchiveBatch): Promise<ArchiveOutcome> {
  const outcome: ArchiveOutcome = { confirmed: [], again: [], bytesSent: 0 };
  const sent: Sent[] = [];
  await runPool(groupForArchives(items), batch.limiter.slots, (group) => sendOne(group, batch, sent, outcome), batch.signal);
  const confirmed = await confirm(sent, batch);
  for (const s of sent) {
    if (confirmed.has(s.item.name)) outcome.confirmed.push({ item: s.item, etag: s.md5 });
    else {
      batch.tracker.takeBack(s.bytes);
      outcome.again.push(s.item);
    }
  }
  return outcome;
}

/** One archive: read, sent, answered. A file the answer does not count as created goes back to be sent alone. */
async function sendOne(group: UploadItem[], batch: ArchiveBatch, sent: Sent[], outcome: ArchiveOutcome): Promise<void> {
  const { tracker, signal } = batch;
  const total = group.reduce((n, i) => n + i.size, 0);
  const progress = tracker.start(
    group.length > 1 ? l10n.t('{0} and {1} more in one archive', displayName(group[0].name), group.length - 1) : displayName(group[0].name),
    total,
  );
  try {
    const files: ArchiveFile[] = [];
    for (const item of group) {
      files.push({ name: item.name, body: await readWhole(item), mtime: mtimeText(item.mtimeMs), contentType: guessContentType(item.localPath) });
    }
    const answer = await batch.limiter.run(() => putArchive(batch.client.transport, batch.client.storageUrl, batch.container, files, signal), signal);
    let done = 0;
    files.forEach((file, i) => {
      if (answer.failed.has(file.name)) return void outcome.again.push(group[i]);
      sent.push({ item: group[i], md5: md5Hex(file.body), bytes: file.body.length });
      progress.add(file.body.length);
      outcome.bytesSent += file.body.length;
      done++;
    });
    progress.end('cancelled'); // the archive's entry leaves the list; its files are counted below
    tracker.doneFiles(done);
  } catch (e) {
    progress.end('cancelled');
    if (signal?.aborted) throw e;
    // Refused as a whole, cut off, unreadable: which files it made is unknown, so each is sent alone (a PUT
    // replaces what may be there).
    outcome.again.push(...group);
  }
}

/** Names whose MD5 and size the server shows as sent: from one listing, then a HEAD for each the listing did not show so. */
async function confirm(sent: Sent[], batch: ArchiveBatch): Promise<Set<string>> {
  const { client, container, signal } = batch;
  const want = new Map(sent.map((s) => [s.item.name, s]));
  const confirmed = new Set<string>();
  if (!sent.length) return confirmed;
  try {
    for await (const page of client.listAllObjects(container, { prefix: batch.listingPrefix || undefined, concurrency: 1, signal })) {
      for (const entry of page) {
        const s = want.get(entry.name);
        if (s && entry.bytes === s.bytes && entry.hash.toLowerCase() === s.md5) confirmed.add(entry.name);
      }
    }
  } catch (e) {
    if (signal?.aborted) throw e;
    // No listing: each name is looked at on its own below.
  }
  // A listing may lag behind a write (a container update left for later); a HEAD does not.
  const unseen = sent.filter((s) => !confirmed.has(s.item.name));
  await runPool(
    unseen,
    CONFIRM_CONCURRENCY,
    async (s) => {
      const head = await client.headObject(container, s.item.name, signal).catch((e: unknown) => {
        if (signal?.aborted) throw e;
        return undefined;
      });
      if (head && head.bytes === s.bytes && head.etag.toLowerCase() === s.md5) confirmed.add(s.item.name);
    },
    signal,
  );
  return confirmed;
}

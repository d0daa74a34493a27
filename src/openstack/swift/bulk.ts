/**
 * Bulk delete (POST ?bulk-delete): request bodies and the answer. Swift streams the answer (whitespace
 * while it works, then one JSON document with HTTP 200 whatever happened) and lists only the failures per
 * path; deleted and already-absent paths are counted, not listed.
 * Servers differ, and the answer is checked rather than trusted:
 *  - Ceph RGW names a failed path without its leading slash and a container with a trailing one (`c/`, `c/o`);
 *  - Ceph RGW reads at most 1,024 paths of a request and silently ignores the rest (answering 200, its /info
 *    publishing no limit): when the counts cover fewer paths than were sent, the rest were not looked at and are
 *    sent again, and the smaller size is used from then on.
 * Used as SwiftClient.bulkDelete.
 */
import * as l10n from '@vscode/l10n';
import { OpenStackError, isOpenStackError, kindForStatus } from '../errors';
import type { SwiftInfo } from './info';
import { printable } from '../http';
import { containerPath, decodeOrKeep, swiftUrl } from './names';
import type { SwiftTransport } from './transport';
import { runPool } from './transfer/pool';

/** A container (deleted only when empty) or an object. */
export interface BulkDeletePath {
  container: string;
  name?: string;
}

export interface BulkDeleteItemResult extends BulkDeletePath {
  /** True when the path is gone: deleted now, or it did not exist. */
  ok: boolean;
  /** Swift's status for a failure, e.g. "409 Conflict". */
  status?: string;
}

export interface BulkDeleteResult {
  items: BulkDeleteItemResult[];
  deleted: number;
  notFound: number;
  failed: number;
}

/** One line of the newline-separated body: `/container[/object]`, encoded like every Swift path. */
export function bulkDeleteLine(path: BulkDeletePath): string {
  return containerPath(path.container, path.name);
}

/**
 * Swift reads the body in chunks of max_object_name_length + max_container_name_length + 2 bytes and
 * rejects the whole request ("Invalid File Name") when a line outgrows two chunks; a line no longer than
 * one chunk is always accepted. Longer lines (names with many escaped bytes) are deleted one by one.
 */
export function fitsBulkBody(line: string, maxObjectNameLength = 1024, maxContainerNameLength = 256): boolean {
  return line.length + 1 <= maxObjectNameLength + maxContainerNameLength + 2;
}

interface BulkAnswer {
  'Number Deleted'?: number;
  'Number Not Found'?: number;
  'Response Status'?: string;
  'Response Body'?: string;
  Errors?: Array<[string, string]>;
}

/**
 * Reads Swift's JSON answer for one request whose body held `paths` (in order). Throws when Swift refused
 * the request as a whole (e.g. 413 too many paths) rather than path by path.
 */
export function parseBulkDeleteAnswer(text: string, paths: BulkDeletePath[]): BulkDeleteResult {
  let answer: BulkAnswer;
  try {
    answer = JSON.parse(text) as BulkAnswer;
  } catch {
    throw new OpenStackError('badResponse', l10n.t('Swift bulk delete answered something that is not JSON: {0}', printable(text.trim().slice(0, 120))));
  }
  const failures = new Map<string, string>();
  for (const entry of answer.Errors ?? []) {
    if (Array.isArray(entry) && typeof entry[0] === 'string') failures.set(failureKey(decodeOrKeep(entry[0])), String(entry[1]));
  }
  const status = answer['Response Status'] ?? '';
  const body = answer['Response Body'] ?? '';
  if (!/^2/.test(status) && (failures.size === 0 || body)) {
    const code = Number(status.slice(0, 3)) || undefined;
    throw new OpenStackError(
      code ? kindForStatus(code) : 'badResponse',
      l10n.t('Swift refused the bulk delete of {0} path(s): {1}', paths.length, body ? `${status}: ${body}` : status),
      { service: 'object-store', status: code },
    );
  }
  const deleted = answer['Number Deleted'] ?? 0;
  const notFound = answer['Number Not Found'] ?? 0;
  // Paths the answer accounts for, in the order they were sent; the rest were not looked at (see the top).
  const covered = Math.min(paths.length, deleted + notFound + failures.size);
  const items: BulkDeleteItemResult[] = [];
  for (const path of paths.slice(0, covered)) {
    // Swift names a failure by the decoded line it read.
    const failure = failures.get(failureKey(path.name === undefined ? `/${path.container}` : `/${path.container}/${path.name}`));
    items.push(failure === undefined ? { ...path, ok: true } : { ...path, ok: false, status: failure });
  }
  return { items, deleted, notFound, failed: items.filter((i) => !i.ok).length };
}

/** A failed path as Swift (`/c`, `/c/o`) or Ceph RGW (`c/`, `c/o`) names it, in one form: `c` or `c/o`. */
function failureKey(path: string): string {
  const bare = path.startsWith('/') ? path.slice(1) : path;
  return bare.endsWith('/') && bare.indexOf('/') === bare.length - 1 ? bare.slice(0, -1) : bare;
}

/** The part of SwiftClient bulk delete builds on. */
export interface BulkDeleteHost {
  readonly storageUrl: string;
  info(signal?: AbortSignal): Promise<SwiftInfo>;
  deleteObject(container: string, name: string, signal?: AbortSignal): Promise<void>;
  deleteContainer(name: string, signal?: AbortSignal): Promise<void>;
  headObject(container: string, name: string, signal?: AbortSignal): Promise<unknown>;
  headContainer(name: string, signal?: AbortSignal): Promise<unknown>;
}

/** Paths looked at at once when an answer does not say what happened to them. */
const LOOK_CONCURRENCY = 8;

/** An answer that counts every path of its request (Swift's does; a cut or partial one does not). */
function accountsForAll(answer: BulkDeleteResult, asked: number): boolean {
  return answer.items.length === asked && answer.deleted + answer.notFound + answer.failed === asked;
}

/**
 * When a bulk answer does not say what became of some paths (the request failed as a whole, the answer was cut
 * short, or its counts do not add up), each such path is looked at: gone is deleted, still there is a failure
 * with `reason`. Never "deleted" for a path that is still there; failures the answer named are kept.
 */
async function settleByLooking(
  host: BulkDeleteHost,
  answer: BulkDeleteResult | undefined,
  batch: BulkDeletePath[],
  reason: string,
  signal?: AbortSignal,
): Promise<BulkDeleteResult> {
  const items: BulkDeleteItemResult[] = new Array(batch.length);
  const look = async (path: BulkDeletePath, i: number): Promise<void> => {
    const named = answer?.items[i];
    if (named && !named.ok) {
      items[i] = named;
      return;
    }
    try {
      await (path.name === undefined ? host.headContainer(path.container, signal) : host.headObject(path.container, path.name, signal));
      items[i] = { ...path, ok: false, status: reason };
    } catch (e) {
      if (isOpenStackError(e, 'notFound')) items[i] = { ...path, ok: true };
      else if (e instanceof OpenStackError && e.status !== undefined && e.kind !== 'auth')
        items[i] = { ...path, ok: false, status: l10n.t('{0} (and looking at it failed: {1})', reason, e.message) };
      else throw e;
    }
  };
  await runPool(batch, LOOK_CONCURRENCY, look, signal);
  const failed = items.filter((i) => !i.ok).length;
  const notFound = Math.min(answer?.notFound ?? 0, batch.length - failed);
  return { items, deleted: batch.length - failed - notFound, notFound, failed };
}

export async function deleteInBulk(host: BulkDeleteHost, transport: SwiftTransport, paths: BulkDeletePath[], signal?: AbortSignal): Promise<BulkDeleteResult> {
  const info = await host.info(signal).catch((e: unknown) => {
    if (isOpenStackError(e, 'cancelled')) throw e;
    return undefined; // /info hidden: delete one by one
  });
  const results: BulkDeleteItemResult[] = new Array(paths.length);
  const totals = { deleted: 0, notFound: 0 };
  const indexes = paths.map((_, i) => i);
  // Every object before any container, across requests too: a container goes only once it is empty.
  for (const group of [indexes.filter((i) => paths[i].name !== undefined), indexes.filter((i) => paths[i].name === undefined)]) {
    const batchable = info?.bulkDelete
      ? group.filter((i) => fitsBulkBody(bulkDeleteLine(paths[i]), info.maxObjectNameLength, info.maxContainerNameLength))
      : [];
    let perRequest = info?.bulkDelete?.maxDeletesPerRequest ?? 1;
    for (let start = 0; start < batchable.length;) {
      const chunk = batchable.slice(start, start + perRequest);
      const batch = chunk.map((i) => paths[i]);
      let answer: BulkDeleteResult;
      try {
        answer = await postBulkDelete(host.storageUrl, transport, batch, signal);
      } catch (e) {
        // Cancelled or signed out: not an answer about these paths. Anything else may have deleted some of them.
        if (isOpenStackError(e, 'cancelled') || isOpenStackError(e, 'auth') || signal?.aborted) throw e;
        answer = await settleByLooking(host, undefined, batch, l10n.t('still there: {0}', e instanceof Error ? e.message : String(e)), signal);
      }
      if (answer.items.length > 0 && answer.items.length < chunk.length) {
        // A server that read only part of the request (Ceph RGW stops at 1,024 paths and answers 200): which part
        // is not said, so the whole chunk goes again (deleting is idempotent: what went is "not found" then), in
        // requests of the size it did read, from now on too.
        perRequest = answer.items.length;
        continue;
      }
      if (!accountsForAll(answer, batch.length)) {
        answer = await settleByLooking(
          host,
          answer.items.length ? answer : undefined,
          batch,
          "still there: Swift's answer to the bulk delete did not account for it",
          signal,
        );
      }
      chunk.forEach((pathIndex, k) => (results[pathIndex] = answer.items[k]));
      totals.deleted += answer.deleted;
      totals.notFound += answer.notFound;
      start += chunk.length;
    }
    const alone = new Set(batchable);
    for (const i of group.filter((g) => !alone.has(g))) results[i] = await deleteAlone(host, paths[i], totals, signal);
  }
  return { items: results, ...totals, failed: results.filter((r) => !r.ok).length };
}

async function postBulkDelete(storageUrl: string, transport: SwiftTransport, batch: BulkDeletePath[], signal?: AbortSignal): Promise<BulkDeleteResult> {
  const response = await transport.send(
    { verb: 'delete', target: `${batch.length} path(s) in bulk` },
    {
      method: 'POST',
      url: swiftUrl(storageUrl, undefined, undefined, { 'bulk-delete': true }),
      headers: { 'content-type': 'text/plain', accept: 'application/json' },
      body: batch.map(bulkDeleteLine).join('\n'),
      signal,
    },
  );
  return parseBulkDeleteAnswer(await response.text(), batch);
}

async function deleteAlone(
  host: BulkDeleteHost,
  path: BulkDeletePath,
  totals: { deleted: number; notFound: number },
  signal?: AbortSignal,
): Promise<BulkDeleteItemResult> {
  try {
    if (path.name === undefined) await host.deleteContainer(path.container, signal);
    else await host.deleteObject(path.container, path.name, signal);
    totals.deleted++;
    return { ...path, ok: true };
  } catch (e) {
    if (isOpenStackError(e, 'notFound')) {
      totals.notFound++;
      return { ...path, ok: true };
    }
    // Cancelled, unreachable, signed out: not an answer about this path.
    if (!(e instanceof OpenStackError) || e.status === undefined || e.kind === 'auth') throw e;
    return { ...path, ok: false, status: String(e.status) };
  }
}

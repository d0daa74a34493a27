/**
 * Deleting objects, pseudo-folders (every object under the prefix, all pages) and containers (contents first,
 * then the container) through the client's bulk delete: planned first (what the confirmation counts), then run
 * in batches with progress, per-path failures collected, and a retry that sends only the failed paths again.
 * A cancel stops between batches and reports what was deleted so far.
 */
import * as l10n from '@vscode/l10n';
import { OpenStackError, isOpenStackError } from '../errors';
import type { BulkDeletePath, BulkDeleteResult } from './bulk';
import type { ContainerInfo } from './metadata';
import type { ObjectEntry } from './listing';
import type { FullListOptions } from './client';
import { withoutNested } from './managePlan';

/** What the user selected. */
export type DeleteTarget =
  { kind: 'object'; container: string; name: string } | { kind: 'folder'; container: string; prefix: string } | { kind: 'container'; container: string };

/** The part of SwiftClient deletion uses (tests may wrap it). */
export interface DeletionClient {
  listAllObjects(container: string, opts?: FullListOptions): AsyncIterable<ObjectEntry[]>;
  headContainer(name: string, signal?: AbortSignal): Promise<ContainerInfo>;
  bulkDelete(paths: BulkDeletePath[], signal?: AbortSignal): Promise<BulkDeleteResult>;
  deleteLargeObject(container: string, name: string, signal?: AbortSignal): Promise<BulkDeleteResult>;
}

export interface DeletionCounts {
  /** Selected, after dropping what another selection covers. */
  objects: number;
  folders: number;
  containers: number;
  /** Every object that goes: the selected ones, those under the folders and in the containers. */
  totalObjects: number;
  bytes: number;
  /** Static large object manifests among them (their segments are kept unless asked). */
  largeObjects: number;
}

export interface DeletionPlan {
  targets: DeleteTarget[];
  /** Objects selected by name. */
  objects: Array<{ container: string; name: string; largeObject: boolean }>;
  /**
   * Folders, whose objects are counted when planned and listed again when the plan runs, deleted a page at a time
   * like a container's: no name is held, so a folder of a million objects costs the memory of one page.
   */
  folders: Array<{ container: string; prefix: string }>;
  containers: Array<{ container: string; objectCount: number; bytes: number }>;
  counts: DeletionCounts;
}

export interface FailedPath extends BulkDeletePath {
  /** Swift's status, e.g. "403 Forbidden", or the error's sentence. */
  reason: string;
}

export interface DeletionReport {
  /** Paths gone now: deleted, or already absent. */
  deleted: number;
  notFound: number;
  failures: FailedPath[];
  /** True when the user cancelled before everything was sent. */
  cancelled: boolean;
}

export interface DeletionOptions {
  signal?: AbortSignal;
  /** Called after each batch with the paths handled so far and the total expected. */
  onProgress?(done: number, total: number): void;
  /** Delete static large objects' segments too (`?multipart-manifest=delete`); default: the manifest only. */
  withSegments?: boolean;
  /** Paths per bulk request (at most the cluster's max_deletes_per_request). */
  batchSize?: number;
}

export const DELETE_BATCH = 500;

/**
 * Counts what the targets hold: objects by name, folders page by page (counted, not kept), containers by HEAD. Folders'
 * and containers' contents are listed again while deleting.
 */
export async function planDeletion(client: DeletionClient, selected: DeleteTarget[], signal?: AbortSignal): Promise<DeletionPlan> {
  const targets = withoutNested(selected);
  const plan: DeletionPlan = {
    targets,
    objects: [],
    folders: [],
    containers: [],
    counts: { objects: 0, folders: 0, containers: 0, totalObjects: 0, bytes: 0, largeObjects: 0 },
  };
  const count = (entry: { bytes: number; sloEtag?: string }) => {
    plan.counts.totalObjects++;
    plan.counts.bytes += entry.bytes;
    if (entry.sloEtag !== undefined) plan.counts.largeObjects++;
  };
  for (const target of targets) {
    if (target.kind === 'container') {
      const info = await client.headContainer(target.container, signal);
      plan.containers.push({ container: target.container, objectCount: info.objectCount, bytes: info.bytes });
      plan.counts.containers++;
      plan.counts.totalObjects += info.objectCount;
      plan.counts.bytes += info.bytes;
    } else if (target.kind === 'folder') {
      // Counted as the pages arrive (both cursors, nothing held), whatever the folder's size.
      for await (const batch of client.listAllObjects(target.container, { prefix: target.prefix, order: 'arrival', signal }))
        for (const entry of batch) count(entry);
      plan.folders.push({ container: target.container, prefix: target.prefix });
      plan.counts.folders++;
    } else {
      plan.counts.objects++;
      let found: ObjectEntry | undefined;
      for await (const batch of client.listAllObjects(target.container, { prefix: target.name, concurrency: 1, signal })) {
        found = batch.find((e) => e.name === target.name);
        if (found) break;
      }
      // One gone already is planned anyway: the bulk delete counts it as gone.
      count(found ?? { bytes: 0 });
      plan.objects.push({ container: target.container, name: target.name, largeObject: found?.sloEtag !== undefined });
    }
  }
  return plan;
}

/**
 * Runs a plan: the objects selected by name in bulk batches, then each folder's and each container's contents (listed
 * now, deleted a page at a time), each container once emptied.
 */
export async function runDeletion(client: DeletionClient, plan: DeletionPlan, opts: DeletionOptions = {}): Promise<DeletionReport> {
  const total = plan.counts.totalObjects + plan.containers.length;
  const run = new DeletionRun(client, opts, total);
  return run.until(async () => {
    await run.objects(plan.objects);
    for (const f of plan.folders) await run.listed(f.container, f.prefix);
    for (const c of plan.containers) {
      await run.listed(c.container);
      await run.paths([{ container: c.container }]);
    }
  });
}

/**
 * Deletes every object under `prefix` (the whole container without one) as it lists them, a page at a time, without
 * asking first: the file system's recursive delete of a folder. Nothing of the listing is held.
 */
export async function deleteUnder(client: DeletionClient, container: string, prefix: string | undefined, opts: DeletionOptions = {}): Promise<DeletionReport> {
  const run = new DeletionRun(client, opts, 0);
  return run.until(() => run.listed(container, prefix));
}

/** Sends only the failed paths of an earlier report again (objects before containers). */
export async function retryDeletion(client: DeletionClient, failures: FailedPath[], opts: DeletionOptions = {}): Promise<DeletionReport> {
  const run = new DeletionRun(client, opts, failures.length);
  return run.until(async () => {
    await run.paths(failures.filter((f) => f.name !== undefined).map(({ container, name }) => ({ container, name })));
    await run.paths(failures.filter((f) => f.name === undefined).map(({ container }) => ({ container })));
  });
}

class DeletionRun {
  readonly report: DeletionReport = { deleted: 0, notFound: 0, failures: [], cancelled: false };
  private done = 0;

  constructor(
    private readonly client: DeletionClient,
    private readonly opts: DeletionOptions,
    private readonly total: number,
  ) {}

  /** Runs the steps; a cancel (the caller's, or a listing's) ends them with the report saying so, other errors go on. */
  async until(steps: () => Promise<void>): Promise<DeletionReport> {
    try {
      await steps();
    } catch (e) {
      if (!isOpenStackError(e, 'cancelled') && !this.opts.signal?.aborted) throw e;
      this.report.cancelled = true;
    }
    return this.report;
  }

  /**
   * Every object under `prefix` (the whole container without one), listed now by one cursor and deleted a page at a
   * time: one page in memory, and the next one asked only once this one is deleted.
   */
  async listed(container: string, prefix?: string): Promise<void> {
    for await (const batch of this.client.listAllObjects(container, { prefix, concurrency: 1, signal: this.opts.signal }))
      await this.objects(batch.map((e) => ({ container, name: e.name, largeObject: e.sloEtag !== undefined })));
  }

  async objects(objects: Array<{ container: string; name: string; largeObject: boolean }>): Promise<void> {
    const plain: BulkDeletePath[] = [];
    for (const o of objects) {
      if (o.largeObject && this.opts.withSegments) await this.largeObject(o.container, o.name);
      else plain.push({ container: o.container, name: o.name });
    }
    await this.paths(plain);
  }

  async paths(paths: BulkDeletePath[]): Promise<void> {
    const size = Math.max(1, this.opts.batchSize ?? DELETE_BATCH);
    for (let start = 0; start < paths.length; start += size) {
      this.checkCancel();
      const result = await this.client.bulkDelete(paths.slice(start, start + size), this.opts.signal);
      for (const item of result.items) {
        if (!item.ok) this.report.failures.push({ container: item.container, name: item.name, reason: item.status ?? 'failed' });
      }
      this.report.deleted += result.items.length - result.failed;
      this.report.notFound += result.notFound;
      this.progress(result.items.length);
    }
  }

  private async largeObject(container: string, name: string): Promise<void> {
    this.checkCancel();
    try {
      const result = await this.client.deleteLargeObject(container, name, this.opts.signal);
      this.report.deleted++;
      // Segments Swift could not delete are reported under the manifest (retrying the manifest cannot reach them).
      for (const item of result.items) if (!item.ok) this.report.failures.push({ container, name, reason: `segment ${item.status ?? 'failed'}` });
    } catch (e) {
      if (isOpenStackError(e, 'notFound')) {
        this.report.deleted++;
        this.report.notFound++;
      } else if (e instanceof OpenStackError && e.status !== undefined && e.kind !== 'auth') {
        this.report.failures.push({ container, name, reason: e.message });
      } else throw e;
    }
    this.progress(1);
  }

  private progress(n: number): void {
    this.done += n;
    this.opts.onProgress?.(Math.min(this.done, Math.max(this.total, this.done)), Math.max(this.total, this.done));
  }

  private checkCancel(): void {
    if (this.opts.signal?.aborted) throw new OpenStackError('cancelled', l10n.t('Cancelled: delete.'));
  }
}

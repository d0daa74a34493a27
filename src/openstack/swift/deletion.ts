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
  /** Objects to delete (selected or under a folder); containers' contents are listed when they are emptied. */
  objects: Array<{ container: string; name: string; largeObject: boolean }>;
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

/** Lists what the targets hold: folders page by page, containers by HEAD (their contents are listed while deleting). */
export async function planDeletion(client: DeletionClient, selected: DeleteTarget[], signal?: AbortSignal): Promise<DeletionPlan> {
  const targets = withoutNested(selected);
  const plan: DeletionPlan = {
    targets,
    objects: [],
    containers: [],
    counts: { objects: 0, folders: 0, containers: 0, totalObjects: 0, bytes: 0, largeObjects: 0 },
  };
  const seen = new Set<string>();
  const add = (container: string, entry: ObjectEntry) => {
    const key = `${container}\0${entry.name}`;
    if (seen.has(key)) return;
    seen.add(key);
    plan.objects.push({ container, name: entry.name, largeObject: entry.sloEtag !== undefined });
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
      continue;
    }
    const prefix = target.kind === 'folder' ? target.prefix : target.name;
    let found = false;
    for await (const batch of client.listAllObjects(target.container, { prefix, concurrency: 1, signal })) {
      for (const entry of batch) {
        if (target.kind === 'object' && entry.name !== target.name) continue;
        found = true;
        add(target.container, entry);
      }
      if (target.kind === 'object' && found) break;
    }
    if (target.kind === 'object') {
      plan.counts.objects++;
      if (!found) add(target.container, { kind: 'object', name: target.name, bytes: 0, hash: '', lastModified: undefined, contentType: '' });
    } else plan.counts.folders++;
  }
  return plan;
}

/** Runs a plan: objects in bulk batches, then each container's contents (listed now) and the container itself. */
export async function runDeletion(client: DeletionClient, plan: DeletionPlan, opts: DeletionOptions = {}): Promise<DeletionReport> {
  const total = plan.counts.totalObjects + plan.containers.length;
  const run = new DeletionRun(client, opts, total);
  try {
    await run.objects(plan.objects);
    for (const c of plan.containers) {
      for await (const batch of client.listAllObjects(c.container, { concurrency: 1, signal: opts.signal })) {
        await run.objects(batch.map((e) => ({ container: c.container, name: e.name, largeObject: e.sloEtag !== undefined })));
      }
      await run.paths([{ container: c.container }]);
    }
  } catch (e) {
    if (!isOpenStackError(e, 'cancelled') && !opts.signal?.aborted) throw e;
    run.report.cancelled = true;
  }
  return run.report;
}

/** Sends only the failed paths of an earlier report again (objects before containers). */
export async function retryDeletion(client: DeletionClient, failures: FailedPath[], opts: DeletionOptions = {}): Promise<DeletionReport> {
  const run = new DeletionRun(client, opts, failures.length);
  try {
    await run.paths(failures.filter((f) => f.name !== undefined).map(({ container, name }) => ({ container, name })));
    await run.paths(failures.filter((f) => f.name === undefined).map(({ container }) => ({ container })));
  } catch (e) {
    if (!isOpenStackError(e, 'cancelled') && !opts.signal?.aborted) throw e;
    run.report.cancelled = true;
  }
  return run.report;
}

class DeletionRun {
  readonly report: DeletionReport = { deleted: 0, notFound: 0, failures: [], cancelled: false };
  private done = 0;

  constructor(
    private readonly client: DeletionClient,
    private readonly opts: DeletionOptions,
    private readonly total: number,
  ) {}

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

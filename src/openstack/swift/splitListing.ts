/**
 * A full listing split by top-level folders: each folder's range is listed from both ends (fullListing.ts) by
 * its own task, and the pages are handed out in Swift's order.
 */
import { FetchRange, listRange } from './fullListing';
import { type FolderEntry, type ListingEntry, type ObjectEntry } from './listing';

export interface SplitOptions {
  limit: number;
  /** Folder listings at once (each may read from both ends, see listRange's `'whenFull'`). */
  concurrency: number;
  signal?: AbortSignal;
}

/**
 * Lists everything under a prefix from its delimited listing `top` (objects and folders of one level, in server
 * order, complete): the objects as they are, each folder by its own listing (`prefix` = the folder), `concurrency`
 * folders at once. Names under a folder form one contiguous run in byte order, between the entries around it, so the
 * concatenation is the full listing in server order. Folders are yielded in order; a folder finished early waits.
 */
export async function* listSplit(fetch: FetchRange, top: ListingEntry[], options: SplitOptions): AsyncGenerator<ObjectEntry[]> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const folders = top.filter((e): e is FolderEntry => e.kind === 'folder');
  const outputs = folders.map(() => new PageQueue());
  let failure: unknown; // the first error: the others are the cancellations it caused
  let next = 0;
  const worker = async () => {
    while (next < folders.length && !controller.signal.aborted) {
      const i = next++;
      try {
        const pages = listRange(fetch, { limit: options.limit, prefix: folders[i].prefix, bothEnds: 'whenFull', signal: controller.signal });
        for await (const page of pages) outputs[i].push(page);
        outputs[i].end();
      } catch (e) {
        if (failure === undefined) failure = e;
        outputs[i].fail(e);
        controller.abort();
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency, folders.length)) }, worker);
  try {
    let folder = 0;
    let objects: ObjectEntry[] = [];
    for (const entry of top) {
      if (entry.kind === 'object') {
        objects.push(entry);
        continue;
      }
      if (objects.length) yield objects;
      objects = [];
      try {
        yield* outputs[folder++].drain();
      } catch (e) {
        throw failure ?? e;
      }
    }
    if (objects.length) yield objects;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    controller.abort();
    await Promise.allSettled(workers);
  }
}

/** Pages produced by one task and consumed, in order, by the generator. */
class PageQueue {
  private pages: ObjectEntry[][] = [];
  private done = false;
  private error: unknown;
  private wake: (() => void) | undefined;

  push(page: ObjectEntry[]): void {
    this.pages.push(page);
    this.notify();
  }

  end(): void {
    this.done = true;
    this.notify();
  }

  fail(error: unknown): void {
    this.error ??= error;
    this.done = true;
    this.notify();
  }

  async *drain(): AsyncGenerator<ObjectEntry[]> {
    for (;;) {
      if (this.pages.length) {
        const pages = this.pages;
        this.pages = [];
        yield* pages;
        continue;
      }
      if (this.error !== undefined) throw this.error;
      if (this.done) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

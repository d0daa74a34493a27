/**
 * The loaded part of one paged listing: what is shown so far, where the next page starts, and how the last
 * load ended. One per tree node that lists (profile, region, container, folder), like vscode-azurestorage's
 * continuation token with hasMoreChildren / loadMoreChildren. Pure: no `vscode` import.
 */
import { isOpenStackError } from '../openstack/errors';

export interface Page<T> {
  items: T[];
  /** Where the next page starts; undefined when this page is the last. */
  nextMarker: string | undefined;
}

/** Fetches the page after `marker` (undefined: the first page). */
export type PageFetcher<T> = (marker: string | undefined, signal: AbortSignal) => Promise<Page<T>>;

/** True for a cancelled request: the user or the tree stopped it, so nothing is shown for it. */
export function isAbort(e: unknown): boolean {
  return isOpenStackError(e, 'cancelled') || (e instanceof Error && e.name === 'AbortError');
}

export class PagedList<T extends { readonly id: string }> {
  private shown: T[] = [];
  private readonly ids = new Set<string>();
  private marker: string | undefined;
  private pages = 0;
  private finished = false;
  private failure: { error: unknown } | undefined;
  private inFlight: Promise<void> | undefined;
  private controller: AbortController | undefined;

  constructor(private readonly fetchPage: PageFetcher<T>) {}

  /** Everything loaded so far, in server order. */
  get items(): readonly T[] {
    return this.shown;
  }

  /** A load has completed (successfully or not): the node has something to show. */
  get started(): boolean {
    return this.pages > 0 || this.failure !== undefined;
  }

  get loading(): boolean {
    return this.inFlight !== undefined;
  }

  /** More pages exist after what is shown. */
  get hasMore(): boolean {
    return this.pages > 0 && !this.finished;
  }

  /** The error of the last load, if it failed; `load()` again retries from the same place. */
  get error(): { error: unknown } | undefined {
    return this.failure;
  }

  /**
   * Loads the next page (the first one the first time) and appends it. One load at a time: a second call
   * while one runs gets the same promise. Never rejects: a failure is kept in `error`; a load cancelled by
   * `reset()` leaves no trace.
   */
  load(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.pages > 0 && this.finished) return Promise.resolve();
    const controller = new AbortController();
    this.controller = controller;
    const marker = this.marker;
    // Through the Promise constructor, so that a fetcher throwing synchronously still ends up in `error`.
    this.inFlight = new Promise<Page<T>>((resolve) => resolve(this.fetchPage(marker, controller.signal)))
      .then(
        (page) => {
          if (controller !== this.controller) return; // reset while loading: the answer belongs to nobody
          this.append(page);
        },
        (e: unknown) => {
          // Quiet only when this list cancelled the load; any other failure (even another's cancel) is shown.
          if (controller !== this.controller || controller.signal.aborted) return;
          this.failure = { error: e };
        },
      )
      .finally(() => {
        if (controller === this.controller) this.inFlight = undefined;
      });
    return this.inFlight;
  }

  /** Forgets everything and cancels a load in flight: the next `load()` starts from the first page. */
  reset(): void {
    this.controller?.abort();
    this.controller = undefined;
    this.inFlight = undefined;
    this.shown = [];
    this.ids.clear();
    this.marker = undefined;
    this.pages = 0;
    this.finished = false;
    this.failure = undefined;
  }

  private append(page: Page<T>): void {
    this.failure = undefined;
    // Two tree items with one id break the whole view; a listing that changed between pages must not do that.
    for (const item of page.items) {
      if (this.ids.has(item.id)) continue;
      this.ids.add(item.id);
      this.shown.push(item);
    }
    this.pages++;
    // A marker that does not advance would offer "Load more" forever.
    this.finished = page.nextMarker === undefined || page.nextMarker === this.marker;
    this.marker = page.nextMarker;
  }
}

/**
 * The pages a full listing's backward cursors or later ranges (gapListing.ts, splitListing.ts) have read
 * before their turn, held in a bounded amount of memory: the first `heldEntries` names in memory, every page after
 * them in a temporary file, read back (and parsed again) one page at a time when they are yielded. Memory then stays
 * the same whatever the container's size. A page read for its names only (gapListing.ts) is held as the server's
 * text, in memory or in the file, and parsed once, when its turn comes; in a listing of names alone its names are
 * all that is held.
 */
import * as l10n from '@vscode/l10n';
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenStackError } from '../errors';
import { badListing, compareNames, listingCancelled, parseListingText, type ObjectEntry } from './listing';
import { nameOnly } from './listingNames';

export interface SpillOptions {
  /**
   * Names held in memory before pages go to the file. Default DEFAULT_HELD_ENTRIES; 0: every page goes to the file.
   */
  heldEntries?: number;
  /** Where the file is made (default: the system's temporary folder). */
  dir?: string;
}

/**
 * Two pages of Swift's default 10,000 names: ~6 MiB of parsed entries (~270 B of heap per entry with short names).
 * Measured (DEVELOPING.md, Performance): a larger budget raised the 1,000,000-name peak (50,000: 271 MiB against
 * 195-217 MiB), as V8 sizes its heap to the live data; at 100,000 names the file costs ~10 MiB more than holding
 * the half in memory (its pages are parsed twice), within the run-to-run spread.
 */
export const DEFAULT_HELD_ENTRIES = 20_000;

/**
 * One page in the order it arrived: in memory (`entries`, or `text` for a page read for its names), or at `offset` in
 * the file as Swift's text ('text', parsed again like the page was), as the entries themselves ('entries', when the
 * text no longer says what the page holds or there was none), or as a JSON array of its names ('names': a listing of
 * names alone). `names`: a page read for its names only, as addText was told of it (its text's first `count` objects,
 * the last of them `last`), to be parsed when yielded.
 */
type Slot = {
  entries: ObjectEntry[] | undefined;
  text?: string;
  names?: { count: number; last: string };
  offset: number;
  length: number;
  form: 'text' | 'entries' | 'names';
};

/**
 * What a fetch does to a page after parsing it (Ceph RGW's manifest sizes: SwiftClient.withManifestSizes), done for a
 * page held as text when it is parsed.
 */
export type CompletePage = (entries: ObjectEntry[], signal?: AbortSignal) => Promise<ObjectEntry[]>;

/**
 * What the held pages are for. `complete`: a page held as text (addText) is parsed in full and completed
 * (CompletePage) when yielded. `namesOnly`: a listing of names alone, whose pages (add) hold their names and nothing
 * else: in the file a JSON array of them (31 bytes a name on the bench's tree against 190 of Swift's text), yielded as
 * `nameOnly` entries.
 */
export interface HeldReading {
  complete?: CompletePage;
  namesOnly?: boolean;
}

export class HeldPages {
  private readonly slots: Slot[] = [];
  private readonly limit: number;
  private inMemory = 0;
  private file: Promise<{ handle: fs.FileHandle; path: string; unlinked: boolean }> | undefined;
  private size = 0;
  /** The writes, one after the other; never rejects (a failure sets `failed`). */
  private writing: Promise<void> = Promise.resolve();
  private closed = false;
  private readBuffer = Buffer.alloc(0);
  /** Writes queued or under way. */
  private unwritten = 0;
  /** A write failed (no temporary folder, disk full): pages are held in memory from then on. */
  failed = false;

  /** `openFile`: how the file is opened (tests wrap it to make a write fail). `reading`: see HeldReading. */
  constructor(
    private readonly options: SpillOptions = {},
    private readonly openFile: (path: string, flags: string, mode: number) => Promise<fs.FileHandle> = fs.open,
    private readonly reading: HeldReading = {},
  ) {
    const limit = options.heldEntries ?? DEFAULT_HELD_ENTRIES;
    if (!Number.isInteger(limit) || limit < 0) throw new OpenStackError('invalidInput', l10n.t('Names held in memory must be a whole number, not {0}.', limit));
    this.limit = limit;
  }

  /**
   * Keeps a page (in the order pages arrive). `text`: the page's JSON text as the server sent it, when it still says
   * exactly what `entries` holds (parseListingText(text) gives them): written as it is, no serialisation.
   */
  add(entries: ObjectEntry[], text?: string): void {
    if (this.failed || this.inMemory + entries.length <= this.limit) {
      this.inMemory += entries.length;
      this.slots.push({ entries, offset: 0, length: 0, form: 'entries' });
      return;
    }
    // Written as a string: no Buffer copy of the page left for the collector.
    if (this.reading.namesOnly) {
      const names = JSON.stringify(entries.map((e) => e.name));
      return this.write({ entries, offset: 0, length: 0, form: 'names' }, names, entries.length);
    }
    const form = text === undefined ? 'entries' : 'text';
    this.write({ entries, offset: 0, length: 0, form }, form === 'text' ? (text as string) : JSON.stringify(entries), entries.length);
  }

  /**
   * Keeps a page read for its names only, as the server's `text` (JSON, in Swift's form): its first `count` objects,
   * the last named `last`, are the page (a page cut at its range's end keeps the start). Parsed in full, checked
   * against `count` and `last`, and completed (CompletePage) when it is yielded.
   */
  addText(text: string, count: number, last: string): void {
    // (`last` is a string of its own, not a view into `text`: parseListingNames writes every name out.)
    const names = { count, last };
    const slot: Slot = { entries: undefined, text, names, offset: 0, length: 0, form: 'text' };
    if (this.failed || this.inMemory + count <= this.limit) {
      this.inMemory += count;
      this.slots.push(slot);
      return;
    }
    this.write(slot, text, count);
  }

  /** Appends `data` to the file for `slot` (its page kept in memory until written, for good if the write fails). */
  private write(slot: Slot, data: string, count: number): void {
    slot.offset = this.size;
    slot.length = Buffer.byteLength(data);
    this.size += slot.length;
    this.slots.push(slot);
    this.unwritten++;
    this.writing = this.writing.then(async () => {
      if (this.failed || this.closed) return void this.unwritten--; // kept in memory (slot.entries or slot.text)
      try {
        const { handle } = await this.open();
        const { bytesWritten } = await handle.write(data, slot.offset, 'utf8');
        if (bytesWritten !== slot.length) throw new Error(`wrote ${bytesWritten} of ${slot.length} bytes`);
        slot.entries = undefined; // on disk now: the memory is free
        slot.text = undefined;
      } catch {
        this.failed = true;
        this.inMemory += count;
      }
      this.unwritten--;
    });
  }

  /** Whether a page is still being written: the reader sends no further backward request until it is (back-pressure). */
  get busy(): boolean {
    return this.unwritten > 0;
  }

  /** Settles when every page given so far is written (or kept in memory after a failure). */
  written(): Promise<void> {
    return this.writing;
  }

  /** The pages from the last kept to the first, each in the reverse of its own order (a backward page ascending). */
  async *reversed(signal?: AbortSignal): AsyncGenerator<ObjectEntry[]> {
    await this.writing;
    for (let s = this.slots.length - 1; s >= 0; s--) {
      if (signal?.aborted) throw listingCancelled();
      const page = await this.page(this.slots[s], signal);
      this.slots.length = s; // yielded: not held any more
      yield page.reverse();
    }
  }

  /** The pages in the order they were kept, each as it came (splitListing.ts holds forward pages). */
  async *inOrder(signal?: AbortSignal): AsyncGenerator<ObjectEntry[]> {
    await this.writing;
    for (let s = 0; s < this.slots.length; s++) {
      if (signal?.aborted) throw listingCancelled();
      const slot = this.slots[s];
      const page = await this.page(slot, signal);
      slot.entries = undefined; // yielded: not held any more
      slot.text = undefined;
      yield page;
    }
    this.slots.length = 0;
  }

  /** Closes and deletes the file, if any (idempotent; after it, nothing is written). */
  async close(): Promise<void> {
    this.closed = true;
    await this.writing;
    const file = await this.file?.catch(() => undefined);
    this.file = undefined;
    if (!file) return;
    await file.handle.close().catch(() => undefined);
    if (!file.unlinked) await fs.rm(file.path, { force: true }).catch(() => undefined);
  }

  private open(): Promise<{ handle: fs.FileHandle; path: string; unlinked: boolean }> {
    this.file ??= (async () => {
      const path = join(this.options.dir ?? tmpdir(), `openstack-storage-listing-${randomUUID()}.json`);
      const handle = await this.openFile(path, 'wx+', 0o600);
      // Removed from the folder at once where the system allows it (POSIX: the open handle keeps the data): nothing is
      // left behind even if the process dies. Elsewhere (Windows) it is removed at close.
      const unlinked = await fs.unlink(path).then(
        () => true,
        () => false,
      );
      return { handle, path, unlinked };
    })();
    return this.file;
  }

  /** A slot's page: as held, or read back from the file; a page held as text parsed, checked and completed. */
  private async page(slot: Slot, signal: AbortSignal | undefined): Promise<ObjectEntry[]> {
    if (slot.entries) return slot.entries;
    if (!slot.names) return this.readBack(slot);
    const { count, last } = slot.names;
    const text = slot.text ?? (await this.readText(slot));
    const { complete } = this.reading;
    const entries = parseListingText(text).slice(0, count) as ObjectEntry[];
    // The names were read from this text before (listingNames.ts); parsed whole, it must say the same.
    if (entries.length !== count || compareNames(entries[count - 1].name, last) !== 0) {
      const detail = l10n.t('{0} names where {1} were read, the last {2}', entries.length, count, JSON.stringify(entries[entries.length - 1]?.name ?? ''));
      throw badListing('full', detail);
    }
    return complete ? complete(entries, signal) : entries;
  }

  private async readBack(slot: Slot): Promise<ObjectEntry[]> {
    const text = await this.readText(slot);
    if (slot.form === 'text') return parseListingText(text) as ObjectEntry[];
    if (slot.form === 'names') return (JSON.parse(text) as string[]).map(nameOnly);
    const entries = JSON.parse(text) as Array<Omit<ObjectEntry, 'lastModified'> & { lastModified?: string }>;
    return entries.map((e) => ({ ...e, lastModified: typeof e.lastModified === 'string' ? new Date(e.lastModified) : undefined }));
  }

  private async readText(slot: Slot): Promise<string> {
    // One buffer for every page read back (toString copies out of it).
    if (this.readBuffer.length < slot.length) this.readBuffer = Buffer.allocUnsafe(slot.length);
    const data = this.readBuffer;
    try {
      const { handle } = await this.open();
      const { bytesRead } = await handle.read(data, 0, slot.length, slot.offset);
      if (bytesRead !== slot.length) throw new Error(`${bytesRead} of ${slot.length} bytes`);
    } catch (e) {
      throw new Error(l10n.t('The listing could not read back its temporary file: {0}', (e as Error).message), { cause: e });
    }
    return data.toString('utf8', 0, slot.length);
  }
}

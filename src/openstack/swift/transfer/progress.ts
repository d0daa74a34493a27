/**
 * What a transfer reports while it runs: files and bytes of the whole batch, and each file in flight.
 * Bytes of an attempt that failed and is sent again are taken back, so the total never runs past 100 %.
 */

export interface ActiveFile {
  name: string;
  done: number;
  total: number;
}

export interface TransferProgress {
  files: { total: number; done: number; failed: number; skipped: number };
  bytes: { total: number; done: number };
  /** Files being transferred now, in the order they started. */
  active: ActiveFile[];
}

export type ProgressListener = (progress: TransferProgress) => void;

export class ProgressTracker {
  private readonly state: TransferProgress;
  private readonly active = new Map<object, ActiveFile>();

  constructor(
    files: number,
    bytes: number,
    private readonly listener?: ProgressListener,
  ) {
    this.state = { files: { total: files, done: 0, failed: 0, skipped: 0 }, bytes: { total: bytes, done: 0 }, active: [] };
  }

  snapshot(): TransferProgress {
    return { files: { ...this.state.files }, bytes: { ...this.state.bytes }, active: [...this.active.values()].map((a) => ({ ...a })) };
  }

  /** A file starts; the returned handle counts its bytes and ends it. */
  start(name: string, total: number): FileProgress {
    const key = {};
    const entry = { name, done: 0, total };
    this.active.set(key, entry);
    this.emit();
    return {
      add: (bytes: number) => {
        entry.done += bytes;
        this.state.bytes.done += bytes;
        this.emit();
      },
      end: (outcome: 'done' | 'failed' | 'skipped' | 'cancelled') => {
        if (!this.active.delete(key)) return;
        if (outcome !== 'cancelled') this.state.files[outcome]++;
        this.emit();
      },
    };
  }

  /** Files sent together and counted done at once (those of an archive, when its answer came). */
  doneFiles(count: number): void {
    this.state.files.done += count;
    this.emit();
  }

  /** A file counted done whose check then failed: its count and bytes are taken back, and it is sent again. */
  takeBack(bytes: number): void {
    this.state.files.done--;
    this.state.bytes.done -= bytes;
    this.emit();
  }

  /** A file that is not transferred at all (exists already, refused name). */
  skip(bytes = 0): void {
    this.state.files.skipped++;
    this.state.bytes.total -= bytes;
    this.emit();
  }

  private emit(): void {
    this.listener?.(this.snapshot());
  }
}

export interface FileProgress {
  /** Bytes moved (negative: an attempt's bytes taken back). */
  add(bytes: number): void;
  end(outcome: 'done' | 'failed' | 'skipped' | 'cancelled'): void;
}

/** Yields the chunks of `open()` (called when the first chunk is wanted), counting them into `progress`; the count is returned by `sent()`. */
export function counted(open: () => AsyncIterable<Uint8Array>, progress: FileProgress): { body: AsyncIterable<Uint8Array>; sent: () => number } {
  let sent = 0;
  // Opened only when the request starts reading: a file stream opened earlier reports a vanished file as an
  // 'error' event nobody listens to yet (an uncaught exception), instead of as this request's failure.
  async function* pass(): AsyncGenerator<Uint8Array> {
    for await (const chunk of open()) {
      sent += chunk.byteLength;
      progress.add(chunk.byteLength);
      yield chunk;
    }
  }
  return { body: pass(), sent: () => sent };
}

/**
 * Bounded concurrency (transfers, and bulk delete's looking at paths): `runPool` walks a list with at most N
 * workers, and a `Limiter` caps the requests in flight across nested work (files of a batch, segments of a large
 * file) without deadlock:
 * only the leaf requests hold a slot.
 */
import { OpenStackError } from '../../errors';

/**
 * Calls `worker` on every item, at most `concurrency` at once, in list order. Once `signal` aborts (or a
 * worker throws) no further item starts; the ones in flight are awaited, then the first error (or a
 * 'cancelled' error) is thrown.
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T, index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const width = Math.max(1, Math.min(Math.floor(concurrency) || 1, items.length));
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && !signal?.aborted && next < items.length) {
      const index = next++;
      try {
        await worker(items[index], index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: width }, lane));
  if (failure) throw failure.error;
  if (signal?.aborted) throw new OpenStackError('cancelled', 'Cancelled.');
}

/** At most `slots` calls of `run` in flight; the others wait in order. */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  /** The most calls seen in flight at once (for tests and figures). */
  peak = 0;

  readonly slots: number;

  constructor(slots: number) {
    this.slots = slots >= 1 ? Math.floor(slots) : 1;
  }

  async run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new OpenStackError('cancelled', 'Cancelled.'));
    if (this.active < this.slots) {
      this.take();
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        this.take();
        resolve();
      };
      const onAbort = () => {
        const at = this.waiting.indexOf(wake);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(new OpenStackError('cancelled', 'Cancelled.'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(wake);
    });
  }

  private take(): void {
    this.active++;
    this.peak = Math.max(this.peak, this.active);
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }
}

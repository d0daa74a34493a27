/**
 * A cancel of its own that also follows a longer-lived one (a listing's, a batch's), and lets go of it when released.
 * Not `AbortSignal.any`: on Node 20 what it makes stays, in part, as long as its sources live, so a listing's one per
 * request held memory that grew with the container until the listing ended (measured, a gap listing of 20,000
 * requests: its live heap grew 0.6 → 1.4 MiB with `AbortSignal.any`, stayed at 0.23 MiB with these).
 */
export interface LinkedAbort {
  readonly signal: AbortSignal;
  /** Aborts this one only. */
  abort(reason?: unknown): void;
  /** Stops following the parent (once the work is over): the parent keeps nothing of it. */
  release(): void;
}

export function linkedAbort(parent: AbortSignal | undefined): LinkedAbort {
  const controller = new AbortController();
  return { signal: controller.signal, abort: (reason?: unknown) => controller.abort(reason), release: followAbort(parent, controller) };
}

/**
 * Aborts `controller` with `parent`'s reason when `parent` aborts (at once if it has), until the function it returns is
 * called: then `parent` keeps nothing of it.
 */
export function followAbort(parent: AbortSignal | undefined, controller: AbortController): () => void {
  if (!parent) return () => undefined;
  const follow = () => controller.abort(parent.reason);
  if (parent.aborted) follow();
  else parent.addEventListener('abort', follow);
  return () => parent.removeEventListener('abort', follow);
}

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
  const abort = (reason?: unknown) => controller.abort(reason);
  if (!parent) return { signal: controller.signal, abort, release: () => undefined };
  const follow = () => controller.abort(parent.reason);
  if (parent.aborted) follow();
  else parent.addEventListener('abort', follow);
  return { signal: controller.signal, abort, release: () => parent.removeEventListener('abort', follow) };
}

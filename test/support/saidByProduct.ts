/**
 * What the product said during a unit or integration run, for the leak guard (test/support/leakRecorder.ts):
 * error messages, request log lines, and whatever else a test saw it say; and the secrets of the run, to be
 * looked for in it. Imports nothing of the product, so that the Error recorder can be installed before the
 * product's modules load.
 */

export const said: string[] = [];
export const secretsOfRun = new Map<string, string>();
export const counts = { productErrors: 0 };

export function recordSaid(text: string): void {
  said.push(text);
}

export function registerSecret(label: string, value: string): void {
  if (value) secretsOfRun.set(`${label} (${value.length} characters)`, value);
}

/** The first frame of a stack that is neither Node's nor a dependency's nor this file's: is it the product's? */
export function builtByProduct(files: ReadonlyArray<string | null | undefined>): boolean {
  for (const file of files) {
    if (!file || !/[/\\]/.test(file) || /node:|node_modules|saidByProduct/.test(file)) continue;
    return /[/\\]src[/\\]/.test(file) && !/[/\\]test[/\\]/.test(file);
  }
  return false;
}

/** The files of the calling frames, read raw: cheap, with no source-map lookup (thousands of errors are made). */
function callerFiles(): Array<string | null> {
  const saved = Error.prepareStackTrace;
  Error.prepareStackTrace = (_error, sites) => sites;
  try {
    const holder: { stack?: NodeJS.CallSite[] } = {};
    Error.captureStackTrace(holder);
    return (holder.stack ?? []).map((site) => site.getFileName() ?? null);
  } finally {
    Error.prepareStackTrace = saved;
  }
}

/**
 * Wraps the global Error so that every Error the product constructs is recorded, caught by a test or not.
 * Must run before the product's modules load: their `class … extends Error` binds the Error of that moment.
 */
export function recordProductErrors(): void {
  const Original = globalThis.Error;
  globalThis.Error = new Proxy(Original, {
    construct(target, args, newTarget) {
      const error = Reflect.construct(target, args, newTarget) as Error;
      if (builtByProduct(callerFiles())) {
        counts.productErrors++;
        said.push(error.message);
      }
      return error;
    },
  });
}

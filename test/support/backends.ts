/**
 * One test body, every object-storage server: `forEachBackend('swift (integration)', (backend) => { … })` declares
 * the describe block once per backend of the local cloud (Swift, Ceph RGW), titled `… [swift]` / `… [rgw]`, so
 * `--grep '\[rgw\]'` runs one server's share. What a server cannot do is stated per backend in the test, with the
 * server's limit named (`whereBackend`), never by skipping.
 */
import { BACKENDS, type Backend } from './cloud';

export type { Backend } from './cloud';

export function forEachBackend(title: string, body: SuiteBody): void;
/**
 * `notYet`: where the suite does not run yet, and why: each entry names the server differences its tests still meet
 * that the client does not bridge yet (listed in RGW-DIFFERENCES.md). Not a skip on failure: a declared gap.
 */
export function forEachBackend(title: string, notYet: Partial<Record<Backend, string>>, body: SuiteBody): void;
export function forEachBackend(title: string, a: SuiteBody | Partial<Record<Backend, string>>, b?: SuiteBody): void {
  const body = typeof a === 'function' ? a : (b as SuiteBody);
  const notYet = typeof a === 'function' ? {} : a;
  for (const backend of BACKENDS) {
    if (notYet[backend]) continue;
    describe(`${title} [${backend}]`, function () {
      body.call(this, backend);
    });
  }
}

type SuiteBody = (this: Mocha.Suite, backend: Backend) => void;

/** The value for this backend: `whereBackend(backend, { swift: 10000, rgw: 1000 })`. */
export function whereBackend<T>(backend: Backend, values: Record<Backend, T>): T {
  return values[backend];
}

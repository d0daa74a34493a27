/**
 * One test body, every object-storage server: `forEachBackend('swift (integration)', (backend) => { … })` declares
 * the describe block once per backend of the local cloud (Swift, Ceph RGW), titled `… [swift]` / `… [rgw]`, so
 * `--grep '\[rgw\]'` runs one server's share. What a server cannot do is stated per backend in the test, with the
 * server's limit named (`whereBackend`), never by skipping.
 */
import { BACKENDS, type Backend } from './cloud';

export type { Backend } from './cloud';

export function forEachBackend(title: string, body: (this: Mocha.Suite, backend: Backend) => void): void {
  for (const backend of BACKENDS) {
    describe(`${title} [${backend}]`, function () {
      body.call(this, backend);
    });
  }
}

/** The value for this backend: `whereBackend(backend, { swift: 10000, rgw: 1000 })`. */
export function whereBackend<T>(backend: Backend, values: Record<Backend, T>): T {
  return values[backend];
}

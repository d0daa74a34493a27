import { HttpClient, type HttpClientOptions } from '../../src/openstack/http';
import { recordSaid } from './saidByProduct';

/** An HttpClient whose request log entries the leak guard sees (and `options.log` too). Tests make theirs here. */
export function recordedHttpClient(options: HttpClientOptions = {}): HttpClient {
  return new HttpClient({
    ...options,
    log: (entry) => {
      recordSaid(JSON.stringify(entry));
      options.log?.(entry);
    },
  });
}

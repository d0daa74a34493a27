/**
 * The parts of undici the HTTP client uses (Agent, ProxyAgent, EnvHttpProxyAgent, RetryAgent, the request API, the error classes),
 * required one by one. undici's index also loads fetch, WebSocket, EventSource, caches, interceptors and mocks:
 * more than half of the extension's bundle, none of it used here. Loaded on first use, not at activation.
 */
import type * as Undici from 'undici';

export interface UndiciParts {
  Agent: typeof Undici.Agent;
  ProxyAgent: typeof Undici.ProxyAgent;
  EnvHttpProxyAgent: typeof Undici.EnvHttpProxyAgent;
  RetryAgent: typeof Undici.RetryAgent;
  errors: typeof Undici.errors;
  buildConnector: typeof Undici.buildConnector;
}

let parts: UndiciParts | undefined;

export function undici(): UndiciParts {
  if (parts) return parts;
  // What undici's index.js does before anything else: the request API lives on Dispatcher's prototype.
  /* eslint-disable @typescript-eslint/no-require-imports -- undici's parts, one by one, on first use */
  const Dispatcher = require('undici/lib/dispatcher/dispatcher') as { prototype: object };
  Object.assign(Dispatcher.prototype, require('undici/lib/api') as object);
  parts = {
    Agent: require('undici/lib/dispatcher/agent'),
    ProxyAgent: require('undici/lib/dispatcher/proxy-agent'),
    EnvHttpProxyAgent: require('undici/lib/dispatcher/env-http-proxy-agent'),
    RetryAgent: require('undici/lib/dispatcher/retry-agent'),
    errors: require('undici/lib/core/errors'),
    buildConnector: require('undici/lib/core/connect'),
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return parts;
}

/** The symbols under which EnvHttpProxyAgent keeps its direct agent and its proxy agents. */
export function proxyAgentKeys(): { direct: symbol; http: symbol; https: symbol } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- undici's own symbols, not re-exported by its index
  const symbols = require('undici/lib/core/symbols') as Record<string, symbol>;
  return { direct: symbols.kNoProxyAgent, http: symbols.kHttpProxyAgent, https: symbols.kHttpsProxyAgent };
}

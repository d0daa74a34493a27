/**
 * An in-memory cloud for the tree's tests: Swift's listing rules (UTF-8 byte order, prefix, delimiter,
 * marker, a folder equal to the marker not repeated) served through the client's real pager (`paginate`),
 * and a backend shaped like the ProfileStore. Records every listing request so tests can count them.
 */
import type { Profile, ProfileSource } from '../../../src/auth/profile';
import { OpenStackError } from '../../../src/openstack/errors';
import { Catalog, type CatalogEndpoint, type Token } from '../../../src/openstack/keystone/token';
import type { ListOptions, ObjectListOptions } from '../../../src/openstack/swift/client';
import { paginate, type ContainerEntry, type ListingEntry, type ObjectEntry } from '../../../src/openstack/swift/listing';
import type { ListingClient, TreeBackend, TreeSession } from '../../../src/views/model';

export interface ListingRequest {
  region: string;
  container?: string;
  prefix?: string;
  marker?: string;
  limit: number;
}

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

export function objectEntry(name: string, extra: Partial<ObjectEntry> = {}): ObjectEntry {
  return {
    kind: 'object',
    name,
    bytes: 1536,
    hash: 'd41d8cd98f00b204e9800998ecf8427e',
    lastModified: new Date(2024, 4, 1, 12, 34, 56),
    contentType: 'text/plain',
    ...extra,
  };
}

/** Swift's container listing algorithm over sorted names. */
function listNames(names: string[], opts: { prefix: string; delimiter?: string; marker?: string; limit: number }): ListingEntry[] {
  const out: ListingEntry[] = [];
  let skipUnder: string | undefined;
  for (const name of names) {
    if (out.length >= opts.limit) break;
    if (opts.marker !== undefined && byteOrder(name, opts.marker) <= 0) continue;
    if (!name.startsWith(opts.prefix)) continue;
    if (skipUnder !== undefined && name.startsWith(skipUnder)) continue;
    const end = opts.delimiter ? name.indexOf(opts.delimiter, opts.prefix.length) : -1;
    if (end >= 0) {
      skipUnder = name.slice(0, end + 1);
      if (skipUnder !== opts.marker) out.push({ kind: 'folder', prefix: skipUnder });
      continue;
    }
    out.push(objectEntry(name));
  }
  return out;
}

export class FakeSwift implements ListingClient {
  readonly requests: ListingRequest[] = [];
  /** Thrown by the next request (then cleared). */
  failNext: unknown;
  /** While set, requests wait for it (rejecting if their signal aborts). */
  gate: Promise<void> | undefined;

  constructor(
    readonly region: string,
    readonly containers: Map<string, string[]>,
  ) {}

  listContainers(opts: ListOptions = {}): AsyncIterable<{ entries: ContainerEntry[]; nextMarker: string | undefined }> {
    return paginate(
      async (marker, limit) => {
        await this.answer({ region: this.region, marker, limit }, opts.signal);
        const names = [...this.containers.keys()].sort(byteOrder).filter((n) => marker === undefined || byteOrder(n, marker) > 0);
        return names
          .slice(0, limit)
          .map((name) => ({ name, objectCount: this.containers.get(name)!.length, bytes: 1536 * this.containers.get(name)!.length, lastModified: undefined }));
      },
      opts.limit ?? 10_000,
      opts.marker,
    );
  }

  listObjects(container: string, opts: ObjectListOptions = {}): AsyncIterable<{ entries: ListingEntry[]; nextMarker: string | undefined }> {
    return paginate(
      async (marker, limit) => {
        await this.answer({ region: this.region, container, prefix: opts.prefix, marker, limit }, opts.signal);
        const names = this.containers.get(container);
        if (!names) throw new OpenStackError('notFound', `Swift: not found (HTTP 404) for GET ${container}`, { status: 404, requestId: 'tx404' });
        return listNames([...names].sort(byteOrder), { prefix: opts.prefix ?? '', delimiter: opts.delimiter, marker, limit });
      },
      opts.limit ?? 10_000,
      opts.marker,
    );
  }

  private async answer(request: ListingRequest, signal: AbortSignal | undefined): Promise<void> {
    this.requests.push(request);
    if (this.gate) {
      const gate = this.gate;
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => reject(new OpenStackError('cancelled', 'cancelled'));
        if (signal?.aborted) onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        void gate.then(resolve);
      });
    }
    if (this.failNext !== undefined) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
  }
}

export interface FakeCloudOptions {
  /** Object names per container, per region (default: one region "RegionOne"). */
  regions?: Record<string, Record<string, string[]>>;
  profile?: Partial<Profile>;
  source?: ProfileSource;
  problems?: string[];
  hasSecret?: boolean;
  /** Regions that have only an internal endpoint. */
  internalOnly?: string[];
}

/** One profile on a fake cloud: the backend the tree model takes, plus the Swift of each region. */
export function fakeCloud(options: FakeCloudOptions = {}) {
  const regions = options.regions ?? { RegionOne: {} };
  const swifts = new Map(Object.entries(regions).map(([region, containers]) => [region, new FakeSwift(region, new Map(Object.entries(containers)))]));
  const endpoints: CatalogEndpoint[] = Object.keys(regions).map((region) => ({
    serviceType: 'object-store',
    region,
    interface: options.internalOnly?.includes(region) ? 'internal' : 'public',
    url: `http://swift.${region.toLowerCase()}.test/v1/AUTH_demo`,
  }));
  endpoints.push({ serviceType: 'identity', region: 'Elsewhere', interface: 'public', url: 'http://keystone.test/v3' });
  const token: Token = {
    id: 'tok',
    authVersion: 'v3',
    authUrl: 'http://keystone.test/v3',
    roles: [],
    methods: ['password'],
    auditIds: [],
    catalog: new Catalog(endpoints),
  };
  const profile: Profile = {
    id: 'demo',
    name: 'Demo',
    authUrl: 'http://keystone.test:5000/v3',
    authVersion: 'v3',
    authType: 'password',
    username: 'alice',
    project: 'demo',
    ...options.profile,
  };
  const state = {
    tokenError: undefined as unknown,
    tokenRequests: 0,
    hasSecret: options.hasSecret ?? true,
    /** While set, reading whether the secret is stored waits for it. */
    secretGate: undefined as Promise<void> | undefined,
  };
  const session: TreeSession = {
    token: async () => {
      state.tokenRequests++;
      if (state.tokenError !== undefined) throw state.tokenError;
      return token;
    },
    swift: async (region) => swifts.get(region ?? '') ?? assertNever(`no Swift in region ${region}`),
  };
  const backend: TreeBackend = {
    list: () => [{ profile, source: options.source ?? 'settings', problems: options.problems ?? [] }],
    hasSecret: async () => {
      await state.secretGate;
      return state.hasSecret;
    },
    session: (id) => {
      if (options.problems?.length) throw new Error(`Profile "${profile.name}": ${options.problems.join(' ')}`);
      if (id !== profile.id) throw new Error(`No profile with id "${id}".`);
      return session;
    },
  };
  return { backend, swifts, swift: (region = 'RegionOne') => swifts.get(region)!, token, profile, state };
}

function assertNever(message: string): never {
  throw new Error(message);
}

/** A promise and its resolve, to hold requests in flight. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Shared by the fault, reliability and TLS suites: a Session built exactly as the extension builds one
 * (HttpClient → IdentityClient → Session, secrets in a map), the tree model over it (the extension's
 * StorageTreeModel, with a backend shaped like the ProfileStore), and front doors in front of the real
 * Keystone and both Swift proxies whose catalog points the session at the doors.
 */
import * as assert from 'node:assert/strict';
import type { Profile } from '../../src/auth/profile';
import { Session } from '../../src/auth/session';
import { HttpClient, HttpClientOptions, RequestLogEntry } from '../../src/openstack/http';
import { IdentityClient } from '../../src/openstack/keystone';
import { StorageTreeModel } from '../../src/views/model';
import { ContainerNode, ErrorNode, ListingNode, ProfileNode, RegionNode, StorageNode } from '../../src/views/nodes';
import type { CloudInfo, CloudUser } from '../support/cloud';
import { MapSecrets } from '../support/mapSecrets';
import { recordedHttpClient } from '../support/recordedHttp';

export { MapSecrets };

/** Short bounds so that a fault shows within seconds (the extension's defaults are tens of seconds). */
export const FAST_HTTP: HttpClientOptions = {
  connectTimeoutMs: 1500,
  headersTimeoutMs: 1500,
  bodyTimeoutMs: 1500,
  responseTimeoutMs: 3000,
  retry: { maxRetries: 2, minTimeoutMs: 100, maxTimeoutMs: 1500 },
};

export interface TestSession {
  session: Session;
  http: HttpClient;
  identity: IdentityClient;
  secrets: MapSecrets;
  profile: Profile;
  tree: TreeHarness;
}

/** A password profile of `user` on `authUrl`, its session, and a tree over it. */
export function testSession(options: {
  authUrl: string;
  user: CloudUser;
  region?: string;
  http?: HttpClientOptions;
  log?: RequestLogEntry[];
  pageSize?: number;
  id?: string;
}): TestSession {
  const http = recordedHttpClient({ ...FAST_HTTP, ...options.http, log: (e) => options.log?.push(e) });
  const identity = new IdentityClient(http);
  const secrets = new MapSecrets();
  const profile: Profile = {
    id: options.id ?? 'reliability',
    name: 'Reliability',
    authUrl: options.authUrl,
    authVersion: 'auto',
    authType: 'password',
    username: options.user.name,
    userDomain: options.user.domain,
    project: options.user.project,
    projectDomain: options.user.projectDomain,
    ...(options.region ? { region: options.region } : {}),
  };
  const user = options.user;
  const session = new Session({ profile, http, identity, secrets, readSecret: async () => user.password });
  return { session, http, identity, secrets, profile, tree: new TreeHarness(session, profile, options.pageSize ?? 5) };
}

/** The extension's tree model over one session, with helpers to walk it as a person would. */
export class TreeHarness {
  readonly model: StorageTreeModel;
  readonly loadErrors: unknown[] = [];

  constructor(
    readonly session: Session,
    readonly profile: Profile,
    pageSize: number,
  ) {
    this.model = new StorageTreeModel(
      {
        list: () => [{ profile, source: 'settings', problems: [] }],
        hasSecret: async () => true,
        session: () => session,
      },
      { pageSize: () => pageSize, onLoadError: (_node, error) => this.loadErrors.push(error) },
    );
  }

  async profileNode(): Promise<ProfileNode> {
    const [node] = await this.model.children();
    assert.ok(node instanceof ProfileNode);
    return node;
  }

  async region(name: string): Promise<RegionNode> {
    const profile = await this.profileNode();
    const regions = await this.model.children(profile);
    const node = regions.find((n): n is RegionNode => n instanceof RegionNode && n.region === name);
    assert.ok(node, `no region ${name} under the profile: ${describe(regions)}`);
    return node;
  }

  /** The container's node, loading more pages of the region until it shows. */
  async container(region: string, name: string): Promise<ContainerNode> {
    const parent = await this.region(region);
    for (let round = 0; round < 100; round++) {
      const children = await this.model.children(parent);
      const node = children.find((n): n is ContainerNode => n instanceof ContainerNode && n.container === name);
      if (node) return node;
      if (!children.some((n) => n.kind === 'loadMore')) break;
      await this.model.loadMore(parent);
    }
    throw new Error(`no container ${name} in ${region}`);
  }

  /** What the node shows now (loading its first page if needed). */
  children(node: ListingNode): Promise<StorageNode[]> {
    return this.model.children(node);
  }

  /** The error shown under the node, if its last load failed. */
  async shownError(node: ListingNode): Promise<unknown> {
    const last = (await this.model.children(node)).at(-1);
    return last instanceof ErrorNode ? last.error : undefined;
  }

  /** Loads every remaining page ("Load more" until none) and returns the names shown. */
  async loadAll(node: ListingNode): Promise<string[]> {
    for (let round = 0; round < 1000; round++) {
      const children = await this.model.children(node);
      const last = children.at(-1);
      if (last instanceof ErrorNode) throw last.error;
      if (last?.kind !== 'loadMore') return names(children);
      await this.model.loadMore(node);
    }
    throw new Error('the listing never ended');
  }
}

export function names(nodes: StorageNode[]): string[] {
  return nodes.flatMap((n) => {
    switch (n.kind) {
      case 'object':
        return [n.name];
      case 'folder':
        return [n.prefix];
      case 'container':
        return [n.container];
      case 'region':
        return [n.region];
      default:
        return [];
    }
  });
}

function describe(nodes: StorageNode[]): string {
  return nodes.map((n) => (n instanceof ErrorNode ? `error: ${(n.error as Error).message}` : n.kind)).join(', ');
}

/** Runs `work`, returning how long it took and what it threw (it must throw). */
export async function timedFailure(work: () => Promise<unknown>): Promise<{ error: Error & { kind?: string; status?: number }; ms: number }> {
  const started = Date.now();
  try {
    await work();
  } catch (e) {
    return { error: e as Error & { kind?: string }, ms: Date.now() - started };
  }
  throw new assert.AssertionError({ message: 'expected a failure' });
}

/** Every secret of the cloud a message or log line must never hold. */
export function cloudSecrets(cloud: CloudInfo): string[] {
  return [cloud.admin.password, cloud.demo.password, cloud.demoDefault.password, cloud.appCredential.secret, cloud.tempauth.key, cloud.tempUrlKey];
}

/** Asserts that none of `secrets` (nor a Fernet token) appears in `text`; names what leaked, not its value. */
export function assertNoSecrets(text: string, secrets: Iterable<string>, where: string): void {
  for (const secret of secrets) {
    if (secret && secret.length >= 4 && text.includes(secret)) {
      assert.fail(`${where} holds a secret (${secret.slice(0, 3)}… of ${secret.length} characters)`);
    }
  }
  const fernet = /gAAAAA[A-Za-z0-9_-]{40,}/.exec(text);
  assert.ok(!fernet, `${where} holds a Fernet token (${fernet?.[0].slice(0, 10)}…)`);
}

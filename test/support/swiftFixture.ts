/**
 * Shared by the Swift and curl integration tests: a real token from the local cloud's Keystone, a client
 * on the demo project's storage URL, unique container names, and the hostile name corpus.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { HttpClient } from '../../src/openstack/http';
import { IdentityClient, Token } from '../../src/openstack/keystone';
import { SwiftClient, TokenSource } from '../../src/openstack/swift/client';
import { CloudInfo, CloudUser, loadCloud } from './cloud';
import { recordedHttpClient } from './recordedHttp';

export interface SwiftFixture {
  cloud: CloudInfo;
  http: HttpClient;
  identity: IdentityClient;
  token: Token;
  storageUrl: string;
  /** Authenticates again: a fresh token on every renewal. */
  tokens: TokenSource & { renewals: number };
  swift: SwiftClient;
}

export async function authenticate(identity: IdentityClient, cloud: CloudInfo, user: CloudUser = cloud.demo): Promise<Token> {
  return identity.authenticate({
    authUrl: `${cloud.keystone.url}/v3`,
    credentials: {
      kind: 'password',
      user: { name: user.name, domain: { name: user.domain } },
      password: user.password,
      scope: { project: { name: user.project, domain: { name: user.projectDomain } } },
    },
  });
}

export async function swiftFixture(): Promise<SwiftFixture> {
  const cloud = loadCloud();
  const http = recordedHttpClient();
  const identity = new IdentityClient(http);
  const token = await authenticate(identity, cloud);
  const endpoint = token.catalog.endpoint('object-store', cloud.regions[0].name);
  if (!endpoint) throw new Error(`No object-store endpoint for ${cloud.regions[0].name} in the demo token's catalog`);
  let current = token.id;
  const tokens = {
    renewals: 0,
    token: async () => current,
    renew: async () => {
      tokens.renewals++;
      current = (await authenticate(identity, cloud)).id;
      return current;
    },
  };
  return { cloud, http, identity, token, storageUrl: endpoint.url, tokens, swift: new SwiftClient(http, { storageUrl: endpoint.url, tokens }) };
}

/** A container name no other run uses; Swift sorts it with its siblings. */
export function uniqueContainer(label: string): string {
  return `oss-it-${label}-${randomBytes(4).toString('hex')}`;
}

/** Deletes the containers and everything in them; says so when something stayed. */
export async function deleteContainers(swift: SwiftClient, names: string[]): Promise<void> {
  for (const container of names) {
    const objects: string[] = [];
    try {
      for await (const page of swift.listObjects(container)) {
        for (const e of page.entries) if (e.kind === 'object') objects.push(e.name);
      }
    } catch {
      continue; // already gone
    }
    const result = await swift.bulkDelete([...objects.map((name) => ({ container, name })), { container }]);
    const stayed = result.items.filter((i) => !i.ok);
    if (stayed.length) throw new Error(`Cleanup left ${stayed.length} path(s) in ${container}: ${JSON.stringify(stayed.slice(0, 3))}`);
  }
}

export interface SwiftSuite {
  /** The containers to delete after the tests: those `container()` made, and any a test adds. */
  created: string[];
  /** Creates a container with a unique name (checking Swift created it) and records it for deletion. */
  container(label: string): Promise<string>;
}

/**
 * The usual life of a describe block's cloud data, as hooks: before its tests a fixture (handed to `use`);
 * after them every container in `created` goes (`beforeDelete` first, e.g. emptying versions), each on its own so
 * one that stays does not keep the others, then the connection closes. Call it first in the describe block:
 * mocha runs hooks in the order they were added.
 */
export function swiftSuite(
  use: (f: SwiftFixture) => void,
  { beforeDelete, afterTimeoutMs }: { beforeDelete?: (container: string) => Promise<void>; afterTimeoutMs?: number } = {},
): SwiftSuite {
  let fixture: SwiftFixture | undefined;
  const created: string[] = [];
  before(async () => {
    fixture = await swiftFixture();
    use(fixture);
  });
  after(async function () {
    if (afterTimeoutMs) this.timeout(afterTimeoutMs);
    if (!fixture) return;
    const problems: string[] = [];
    try {
      for (const c of created) {
        try {
          await beforeDelete?.(c);
          await deleteContainers(fixture.swift, [c]);
        } catch (e) {
          problems.push((e as Error).message);
        }
      }
    } finally {
      await fixture.http.close();
    }
    assert.deepEqual(problems, [], 'cleanup');
  });
  return {
    created,
    async container(label: string): Promise<string> {
      const name = uniqueContainer(label);
      created.push(name);
      assert.deepEqual(await fixture!.swift.createContainer(name), { created: true }, name);
      return name;
    },
  };
}

export async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Object names that break naive clients. Each is a name Swift accepts (see the facts in the tests).
 * Bodies are derived from the name so a mix-up between two objects shows.
 */
export const HOSTILE_NAMES: readonly string[] = [
  `quote's "double"`,
  '$(touch /tmp/oss-pwned)',
  '`id`',
  'semi;colon & amp | pipe',
  'sp ace',
  'tab\there',
  'new\nline',
  '%2F',
  '100%',
  'what?',
  'hash#tag',
  'a+b',
  'a&b=c',
  '..',
  '.',
  'a/../b',
  './x',
  '/leading',
  'trailing/',
  'double//slash',
  '//',
  'back\\slash',
  '*?[glob]{a,b}',
  '~tilde',
  '-leading-dash',
  'RTL \u202egnp.exe',
  'marks \u200f\u200e',
  'NFC-\u00e9',
  'NFD-e\u0301',
  'emoji 😀 👨‍👩‍👧',
  '中文/日本語/한국어',
  'x'.repeat(1024),
  'é'.repeat(512),
  // Every Unicode plane: BMP, SMP (emoji), SIP (CJK ext. B), TIP, SSP (tag characters), both private-use planes.
  'planes \u00e9 \u{1F600} \u{20000} \u{30000} \u{E0041} \u{F0000} \u{10FFFD}',
  '%',
  '%41 %25 %%',
  ' blank at both ends ',
  '\uFEFFbom \u2028line sep\u2029',
];

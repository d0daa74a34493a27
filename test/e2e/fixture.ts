/**
 * The cloud data the UI scenarios look at, created and removed from the Node side with the project's own
 * client (IdentityClient + SwiftClient over HttpClient), signed in as cloud.json's demo user: the same user
 * the scenarios type into the add-profile wizard.
 */
import { randomBytes } from 'node:crypto';
import { HttpClient } from '../../src/openstack/http';
import { IdentityClient, type Token } from '../../src/openstack/keystone';
import { SwiftClient } from '../../src/openstack/swift/client';
import { loadCloud, type CloudInfo, type CloudUser } from '../support/cloud';
import { authenticate, deleteContainers } from '../support/swiftFixture';

/** Entries per listing page the scenarios set in the editor's settings: the docs container needs two pages. */
export const PAGE_SIZE = 4;

/** An object whose name has spaces and non-ASCII characters, with user metadata. */
export const UNICODE_OBJECT = 'report 2024 – Zoë ☁.txt';
export const UNICODE_METADATA: Record<string, string> = {
  Owner: 'Zoë Ünïcode ☁',
  Reviewed: '2024-05-01',
};
/** Its bytes: UTF-8 text, a NUL, CR/LF and high bytes, so a download that re-encodes anything shows. */
export const UNICODE_BODY = Buffer.concat([Buffer.from('Zoë ☁ quarterly report\r\n', 'utf8'), Buffer.from([0, 1, 2, 0xfe, 0xff, 0x0a])]);

/** Objects of the docs container, in Swift's listing order (UTF-8 byte order), one level deep. */
export const DOCS_OBJECTS: Record<string, string | Buffer> = {
  'hello.txt': 'hello from the e2e suite\n',
  'log-01.txt': 'first log\n',
  'log-02.txt': 'second log\n',
  'log-03.txt': 'third log\n',
  'notes/2024-05-01.md': '# May\n',
  'notes/2024-06-01.md': '# June\n',
  'notes/todo.txt': 'nothing\n',
  [UNICODE_OBJECT]: UNICODE_BODY,
};
/** What the docs container shows at its top level: 6 entries, so 2 pages of PAGE_SIZE. */
export const DOCS_TOP_LEVEL = ['hello.txt', 'log-01.txt', 'log-02.txt', 'log-03.txt', 'notes', UNICODE_OBJECT];

export interface Fixture {
  cloud: CloudInfo;
  /** RegionOne: the docs container (two pages, a pseudo-folder, the unicode object). */
  docs: string;
  /** RegionTwo: one small container, so that region lists something too. */
  archive: string;
  token: Token;
  swift: Record<'RegionOne' | 'RegionTwo', SwiftClient>;
  close(): Promise<void>;
}

export function demoAuthUrl(cloud: CloudInfo): string {
  return `${cloud.keystone.url}/v3`;
}

export interface SignedIn {
  http: HttpClient;
  /** The token of the sign-in (a renewal replaces it in the clients only). */
  token: Token;
  /** A client on the user's storage URL in `region`. */
  swift(region: string): SwiftClient;
}

/** Signed in from Node as one of cloud.json's users (the demo user by default); the clients renew by signing in again. */
export async function signIn(cloud: CloudInfo, user: CloudUser = cloud.demo): Promise<SignedIn> {
  const http = new HttpClient();
  const identity = new IdentityClient(http);
  const first = await authenticate(identity, cloud, user);
  let token = first;
  const tokens = {
    token: async () => token.id,
    renew: async () => (token = await authenticate(identity, cloud, user)).id,
  };
  const swift = (region: string) => {
    const endpoint = token.catalog.endpoint('object-store', region);
    if (!endpoint) throw new Error(`the token of ${user.name} has no object-store endpoint in ${region}`);
    return new SwiftClient(http, { storageUrl: endpoint.url, tokens });
  };
  return { http, token: first, swift };
}

/** Creates the containers and objects; waits until the account listings count them (Swift's updater is async). */
export async function createFixture(): Promise<Fixture> {
  const cloud = loadCloud();
  const { http, token, swift: client } = await signIn(cloud);
  const swift = { RegionOne: client('RegionOne'), RegionTwo: client('RegionTwo') };
  const run = randomBytes(2).toString('hex');
  const docs = `e2e-docs-${run}`;
  const archive = `e2e-archive-${run}`;

  const close = async () => {
    try {
      await deleteContainers(swift.RegionOne, [docs]);
      await deleteContainers(swift.RegionTwo, [archive]);
    } finally {
      await http.close();
    }
  };
  try {
    await swift.RegionOne.createContainer(docs);
    for (const [name, body] of Object.entries(DOCS_OBJECTS)) {
      const headers = name === UNICODE_OBJECT ? Object.fromEntries(Object.entries(UNICODE_METADATA).map(([k, v]) => [`X-Object-Meta-${k}`, v])) : {};
      await swift.RegionOne.putObject(docs, name, body, { contentType: name.endsWith('.md') ? 'text/markdown' : 'text/plain', headers });
    }
    await swift.RegionTwo.createContainer(archive);
    await swift.RegionTwo.putObject(archive, 'old-backup.tar', 'not really a tar\n', { contentType: 'application/x-tar' });

    await countedInAccount(swift.RegionOne, docs, Object.keys(DOCS_OBJECTS).length);
    await countedInAccount(swift.RegionTwo, archive, 1);
  } catch (e) {
    await close().catch(() => undefined); // what was created goes; the first error is the one to see
    throw e;
  }
  return { cloud, docs, archive, token, swift, close };
}

/**
 * The account listing (what the tree shows as a container's description) counts objects through Swift's
 * container updater, a few seconds after the uploads: wait for it, so the tree shows the real count.
 */
async function countedInAccount(swift: SwiftClient, container: string, objects: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let seen: number | undefined;
    for await (const page of swift.listContainers({ prefix: container })) {
      seen = page.entries.find((e) => e.name === container)?.objectCount ?? seen;
    }
    if (seen === objects) return;
    if (Date.now() > deadline) throw new Error(`the account listing counts ${seen} objects in ${container} after ${timeoutMs / 1000} s, not ${objects}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

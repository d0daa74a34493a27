/**
 * The project's client as a command-line tool, for the bench to time against `swift list` and `rclone lsf`
 * (bundled by run.mjs the way the extension is: one file, process start included). It signs in the way the extension
 * does (a Session over Keystone v3, password, from the same OS_* variables the `swift` CLI reads) and prints one name
 * per line, in server order.
 *
 *   node lister.js CONTAINER [--concurrency N] [--prefix P] [--delimiter D] [--stats FILE] [--keep-token FILE]
 *
 * --delimiter lists one pseudo-folder level (folders printed as `prefix/`, like `swift list --delimiter`) with the
 * paged listing the tree uses; without it the whole container comes from SwiftClient.listAllNames.
 * --stats writes {"authentications", "requests", "phases", "pageSize"} to FILE (phases: ms since the process started;
 * pageSize: the names it asked a request, SwiftClient.listingPageSize).
 */
import { writeFileSync } from 'node:fs';
import { HttpClient } from '../../src/openstack/http';
import { IdentityClient } from '../../src/openstack/keystone';
import { arg, cliSession, shortLivedProcess } from './cliSession';

async function main(): Promise<void> {
  // performance.now() counts from the process's start: this is Node's start-up plus loading this bundle.
  const started = performance.now();
  const phases: Record<string, number> = { loaded: started };
  shortLivedProcess();
  const container = process.argv[2];
  if (!container || container.startsWith('--')) throw new Error('usage: lister.js CONTAINER [--concurrency N] [--prefix P] [--delimiter D]');
  let requests = 0;
  const http = new HttpClient({ log: () => requests++ });
  const identity = new IdentityClient(http);
  const session = cliSession(http, identity);
  const swift = await session.swift();
  phases.signedIn = performance.now();
  const prefix = arg('--prefix');
  const delimiter = arg('--delimiter');
  // Output goes out in large writes: one line per name, as `swift list` prints them.
  let buffered = '';
  const flush = () => {
    if (buffered) process.stdout.write(buffered);
    buffered = '';
  };
  if (delimiter) {
    for await (const page of swift.listObjects(container, { prefix, delimiter })) {
      for (const e of page.entries) buffered += `${e.kind === 'folder' ? e.prefix : e.name}\n`;
      flush();
    }
  } else {
    const concurrency = arg('--concurrency') ? Number(arg('--concurrency')) : undefined;
    for await (const batch of swift.listAllNames(container, { prefix, concurrency })) {
      phases.firstBatch ??= performance.now();
      for (const name of batch) buffered += `${name}\n`;
      flush();
    }
  }
  flush();
  const stats = arg('--stats');
  phases.listed = performance.now();
  if (stats)
    writeFileSync(stats, JSON.stringify({ authentications: identity.stats.authentications, requests, phases, pageSize: await swift.listingPageSize() }));
  await http.close();
}

main().catch((e: unknown) => {
  process.stderr.write(`lister: ${(e as Error).message}\n`);
  process.exit(1);
});

/**
 * The project's sync engine as a command-line tool, for the bench to time against `swift upload --changed
 * --skip-identical` and `rclone sync` (bundled by run.mjs the way the extension is: one file, process start and
 * sign-in included). It pushes FOLDER to CONTAINER the way Sync Folder with Container… does (compareFolder, then
 * runSync with the transfer settings given; extras kept) and prints one JSON line: the plan's counts, what was sent,
 * and the HTTP requests made by method.
 *
 *   node syncer.js FOLDER CONTAINER [--concurrency N] [--small-concurrency N] [--slo-threshold BYTES] [--segment-size BYTES] [--no-archives]
 *
 * `--small-concurrency N`: files under 1 MiB get a limiter of N of their own (0: they share --concurrency); by
 * default what the command uses (smallFilesFor). `--no-archives`: every small file its own PUT (no extract-archive).
 */
import { HttpClient } from '../../src/openstack/http';
import { IdentityClient } from '../../src/openstack/keystone';
import { compareFolder, planTotals, runSync } from '../../src/openstack/swift/sync';
import { SMALL_FILE_BYTES, smallFilesFor } from '../../src/openstack/swift/transfer';
import { arg, cliSession } from './cliSession';

async function main(): Promise<void> {
  const [folder, container] = process.argv.slice(2);
  if (!folder || !container || container.startsWith('--'))
    throw new Error('usage: syncer.js FOLDER CONTAINER [--concurrency N] [--slo-threshold B] [--segment-size B]');
  const num = (name: string) => (arg(name) ? Number(arg(name)) : undefined);
  const requests: Record<string, number> = {};
  const http = new HttpClient({ log: (e) => void (requests[e.method] = (requests[e.method] ?? 0) + 1) });
  const identity = new IdentityClient(http);
  const swift = await cliSession(http, identity).swift();
  const segmentSize = num('--segment-size');
  const plan = await compareFolder(swift, { folder, container, prefix: '' }, { direction: 'push', segmentSize });
  const comparedRequests = { ...requests };
  const concurrency = num('--concurrency');
  const small = num('--small-concurrency');
  const smallFiles = small === undefined ? smallFilesFor(concurrency ?? 4) : small > 0 ? { below: SMALL_FILE_BYTES, concurrency: small } : undefined;
  const summary = await runSync(swift, plan, {
    deleteExtras: false,
    concurrency,
    smallFiles,
    sloThreshold: num('--slo-threshold'),
    segmentSize,
    archives: !process.argv.includes('--no-archives'),
  });
  await http.close();
  process.stdout.write(
    `${JSON.stringify({ totals: planTotals(plan), refused: plan.refused.length, transferred: summary.transferred, failed: summary.failed, notes: summary.notes, comparedRequests, requests })}\n`,
  );
  if (summary.failed.length || summary.cancelled) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`syncer: ${(e as Error).message}\n`);
  process.exit(1);
});

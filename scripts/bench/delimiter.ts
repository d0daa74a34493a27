/** Section 3 of the bench: one pseudo-folder (delimiter `/`) by the project, swift, rclone and the raw limit. */
import type { RequestLogEntry } from '../../src/openstack/http';
import type { Ctx } from './cloud';
import { curlArgs, rawGets } from './raw';
import type { Exactness } from './report';
import { BIG, DEEP_FOLDER } from './seed';
import { Stat, alternate, lines, runTool, sameListing } from './util';

export async function benchDelimiter(ctx: Ctx, exactness: Exactness[]): Promise<Record<string, Stat>> {
  const what = `pseudo-folder listing of ${DEEP_FOLDER}`;
  const reference = lines(
    (await runTool(ctx.tools, ['swift', 'list', '--prefix', DEEP_FOLDER, '--delimiter', '/', BIG.name], ctx.env, { keepStdout: true })).stdout,
  );
  const record: RequestLogEntry[] = [];
  ctx.recorder = record;
  const inproc = async () => {
    const names: string[] = [];
    for await (const page of ctx.swift.listObjects(BIG.name, { prefix: DEEP_FOLDER, delimiter: '/' })) {
      for (const e of page.entries) names.push(e.kind === 'folder' ? e.prefix : e.name);
    }
    return names;
  };
  await inproc();
  ctx.recorder = undefined;
  const urls = record.filter((e) => e.method === 'GET' && !e.url.endsWith('/info')).map((e) => e.url);
  const seen = new Map<string, Exactness>();
  const check = (variant: string, names: string[]) => {
    const r = sameListing(names, reference);
    if (!seen.get(variant) || !r.exact) seen.set(variant, { what, variant, ...r });
  };
  const stats = await alternate(
    what,
    [
      {
        id: 'project',
        label: 'project: node lister.js --prefix --delimiter / (process)',
        run: async () => {
          const r = await runTool(ctx.tools, [process.execPath, ctx.lister, BIG.name, '--prefix', DEEP_FOLDER, '--delimiter', '/'], ctx.env, {
            keepStdout: true,
          });
          check('project (process)', lines(r.stdout));
          return { ms: r.ms, rssKiB: r.rssKiB };
        },
      },
      {
        id: 'swift',
        label: 'swift list --prefix --delimiter /',
        run: async () => {
          const r = await runTool(ctx.tools, ['swift', 'list', '--prefix', DEEP_FOLDER, '--delimiter', '/', BIG.name], ctx.env, { keepStdout: true });
          check('swift list', lines(r.stdout));
          return { ms: r.ms, rssKiB: r.rssKiB };
        },
      },
      {
        id: 'rclone',
        label: 'rclone lsf (one level)',
        run: async () => {
          const r = await runTool(ctx.tools, [...ctx.rclone, 'lsf', `bench:${BIG.name}/${DEEP_FOLDER}`], ctx.env, { keepStdout: true });
          // rclone prints names relative to the folder, and sorts folders with the files: compare as sets.
          const got = lines(r.stdout).map((n) => DEEP_FOLDER + n);
          const sorted = [...got].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
          check('rclone lsf (relative names, order ignored)', sorted);
          return { ms: r.ms, rssKiB: r.rssKiB };
        },
      },
      {
        id: 'inproc',
        label: 'project in-process (listObjects pager)',
        run: async () => {
          const t0 = performance.now();
          const names = await inproc();
          const ms = performance.now() - t0;
          check('project (in-process)', names);
          return { ms };
        },
      },
      {
        id: 'rawUndici',
        label: `raw: same ${urls.length} GET(s), undici alone`,
        run: async () => {
          const t0 = performance.now();
          await rawGets(ctx, urls);
          return { ms: performance.now() - t0 };
        },
      },
      { id: 'rawCurl', label: `raw: same ${urls.length} GET(s), curl`, run: async () => ({ ms: (await runTool(ctx.tools, curlArgs(ctx, urls), ctx.env)).ms }) },
    ],
    Math.max(ctx.opts.runs, 5),
  );
  exactness.push(...seen.values());
  return stats;
}

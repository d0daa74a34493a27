/** Section 2 of the bench: the first page of the 100,000 container as the tree fetches it, against one raw GET. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestLogEntry } from '../../src/openstack/http';
import type { Ctx } from './cloud';
import { curlArgs, rawGets } from './raw';
import type { FirstPageResult } from './report';
import { BIG } from './seed';
import { REPO, alternate, runTool } from './util';

function treePageSize(): number {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  return pkg.contributes?.configuration?.properties?.['openstackStorage.listing.pageSize']?.default ?? 500;
}

export async function benchFirstPage(ctx: Ctx): Promise<FirstPageResult> {
  const limit = treePageSize();
  const opts = { delimiter: '/', limit };
  const record: RequestLogEntry[] = [];
  ctx.recorder = record;
  await ctx.swift.listObjects(BIG.name, opts).next();
  ctx.recorder = undefined;
  const url = record[record.length - 1].url;
  const stats = await alternate(
    'first page',
    [
      {
        id: 'tree',
        label: `project: the tree's first page (listObjects, delimiter /, limit ${limit})`,
        run: async () => {
          const t0 = performance.now();
          const pages = ctx.swift.listObjects(BIG.name, opts);
          const page = await pages.next();
          await pages.return(undefined);
          const ms = performance.now() - t0;
          if (page.done || !page.value.entries.length) throw new Error('first page: empty');
          return { ms };
        },
      },
      {
        id: 'rawUndici',
        label: 'raw: one GET, undici alone (warm connection)',
        run: async () => {
          const t0 = performance.now();
          await rawGets(ctx, [url]);
          return { ms: performance.now() - t0 };
        },
      },
      { id: 'rawCurl', label: 'raw: one GET, curl (process)', run: async () => ({ ms: (await runTool(ctx.tools, curlArgs(ctx, [url]), ctx.env)).ms }) },
    ],
    Math.max(ctx.opts.runs, 15),
  );
  return { stats, url, limit };
}

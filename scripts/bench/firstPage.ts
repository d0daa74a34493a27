/** Section 2 of the bench: the first page of a container as the tree fetches it, and Load more, each against one raw GET. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestLogEntry } from '../../src/openstack/http';
import type { Ctx } from './cloud';
import { curlArgs, rawGets } from './raw';
import type { FirstPageResult } from './report';
import type { Dataset } from './seed';
import { REPO, alternate, runTool } from './util';

function treePageSize(): number {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  return pkg.contributes?.configuration?.properties?.['openstackStorage.listing.pageSize']?.default ?? 500;
}

export async function benchFirstPage(ctx: Ctx, c: Dataset): Promise<FirstPageResult> {
  const BIG = c;
  const limit = treePageSize();
  const opts = { delimiter: '/', limit };
  const record: RequestLogEntry[] = [];
  ctx.recorder = record;
  const first = await ctx.swift.listObjects(BIG.name, opts).next();
  const url = record[record.length - 1].url;
  // Load more: the tree asks for the page after the last entry shown (its marker).
  const marker = first.done ? undefined : first.value.nextMarker;
  if (!marker) throw new Error(`first page of ${c.name}: no next page`);
  const more = { ...opts, marker };
  await ctx.swift.listObjects(BIG.name, more).next();
  const moreUrl = record[record.length - 1].url;
  ctx.recorder = undefined;
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
      {
        id: 'loadMore',
        label: `project: Load more (the next page: listObjects, marker, limit ${limit})`,
        run: async () => {
          const t0 = performance.now();
          const pages = ctx.swift.listObjects(BIG.name, more);
          const page = await pages.next();
          await pages.return(undefined);
          const ms = performance.now() - t0;
          if (page.done || !page.value.entries.length) throw new Error('load more: empty');
          return { ms };
        },
      },
      {
        id: 'rawMore',
        label: 'raw: the same GET, undici alone (warm connection)',
        run: async () => {
          const t0 = performance.now();
          await rawGets(ctx, [moreUrl]);
          return { ms: performance.now() - t0 };
        },
      },
    ],
    Math.max(ctx.opts.runs, 15),
  );
  return { stats, url, limit, container: c.name, region: ctx.region };
}

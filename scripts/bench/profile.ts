/** `--profile`: one more run of the lister under `node --cpu-prof`; the top self times go into the report. */
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Ctx } from './cloud';
import type { ProfileResult } from './report';
import { BIG } from './seed';
import { REPO, log, runTool } from './util';

/** One more run of the lister on the 100,000 container under --cpu-prof: where its CPU time goes (self time). */
export async function profileLister(ctx: Ctx): Promise<ProfileResult> {
  const dir = join(ctx.opts.out, 'profile');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const lister = process.env.OSS_BENCH_LISTER_DEV ?? ctx.lister; // the unminified build: readable function names
  await runTool(ctx.tools, [process.execPath, '--cpu-prof', '--cpu-prof-dir', dir, lister, BIG.name], ctx.env);
  const file = join(dir, readdirSync(dir).find((f) => f.endsWith('.cpuprofile')) as string);
  type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number } };
  const prof = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  prof.samples.forEach((id, i) => {
    const n = byId.get(id) as Node;
    const where = n.callFrame.url ? `${n.callFrame.url.split('/').slice(-1)[0]}:${n.callFrame.lineNumber + 1}` : '';
    const key = `${n.callFrame.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    const us = prof.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + us);
    total += us;
  });
  const top = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([fn, us]) => ({ fn, ms: Math.round(us / 100) / 10 }));
  const idle = (self.get('(idle)') ?? 0) / 1000;
  log(`profile: ${file}: ${(total / 1000).toFixed(0)} ms sampled, ${idle.toFixed(0)} ms idle (waiting for Swift)`);
  return { file: relative(REPO, file), totalMs: total / 1000, idleMs: idle, top };
}

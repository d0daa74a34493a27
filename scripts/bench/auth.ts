/**
 * Section 5 of the bench: Keystone authentications for 1,000 operations through one Session (checked against
 * Keystone's own log); with --renewal, operations across 1.4 lifetimes of the short-lived Keystone's tokens.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpClient } from '../../src/openstack/http';
import { IdentityClient } from '../../src/openstack/keystone';
import type { SwiftClient } from '../../src/openstack/swift/client';
import { Ctx, newSession } from './cloud';
import type { AuthResult } from './report';
import { BIG as SMALL } from './seed';
import { log } from './util';

function keystoneLogCounts(ctx: Ctx): { auth: number; validate: number } {
  let auth = 0;
  let validate = 0;
  for (const name of ['keystone.log', 'keystone-short.log']) {
    const file = join(ctx.cloudDir, 'logs', name);
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.includes('POST /v3/auth/tokens')) auth++;
      else if (line.includes('GET /v3/auth/tokens')) validate++;
    }
  }
  return { auth, validate };
}

export async function benchAuth(ctx: Ctx): Promise<AuthResult> {
  const operations = 1000;
  const http = new HttpClient();
  const identity = new IdentityClient(http);
  const session = newSession(ctx.cloud, http, identity, ctx.cloud.keystone.url);
  const before = keystoneLogCounts(ctx);
  const t0 = performance.now();
  let next = 0;
  const op = async (swift: SwiftClient, i: number) => {
    if (i % 3 === 0) await swift.headContainer(SMALL.name);
    else if (i % 3 === 1) await swift.listObjects(SMALL.name, { limit: 10 }).next();
    else await swift.headAccount();
  };
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < operations) await op(await session.swift(), next++);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 1500)); // uwsgi writes its log line after the answer
  const after = keystoneLogCounts(ctx);
  await http.close();
  const result: AuthResult = {
    operations,
    authentications: identity.stats.authentications,
    keystoneLog: { authentications: after.auth - before.auth, validations: after.validate - before.validate },
    seconds,
  };
  log(
    `authentications: ${result.authentications} for ${operations} operations in ${seconds.toFixed(1)} s (Keystone log: ${result.keystoneLog.authentications} POST, ${result.keystoneLog.validations} validations)`,
  );
  if (ctx.opts.renewal) {
    // The short-lived Keystone: operations for 1.4 token lifetimes; a session renews a quarter of the lifetime early,
    // so one renewal (at 0.75 of the lifetime) is expected: two authentications in all.
    const life = ctx.cloud.keystone.shortTokenSeconds;
    const h2 = new HttpClient();
    const id2 = new IdentityClient(h2);
    const s2 = newSession(ctx.cloud, h2, id2, ctx.cloud.keystone.shortLivedUrl);
    const end = performance.now() + life * 1400;
    let n = 0;
    while (performance.now() < end) {
      await op(await s2.swift(), n++);
      await new Promise((r) => setTimeout(r, 20));
    }
    const elapsed = life * 1.4;
    const renewEvery = life - Math.min(300, Math.max(1, life / 4));
    result.renewal = {
      seconds: elapsed,
      tokenSeconds: life,
      authentications: id2.stats.authentications,
      expected: Math.floor(elapsed / renewEvery) + 1,
      operations: n,
    };
    await h2.close();
    log(`renewal: ${result.renewal.authentications} authentications in ${elapsed} s of ${life}-second tokens (${n} operations)`);
  }
  return result;
}

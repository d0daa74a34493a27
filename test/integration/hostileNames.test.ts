/**
 * Fills what swiftNames.test.ts (objects) and curl.test.ts (curl by bash) leave: hostile CONTAINER names
 * through every operation on them, and the whole hostile object corpus through temp URLs. All against the
 * real Swift, all byte-exact:
 *  - each container name: PUT, HEAD, found in the account listing by prefix, POST metadata, an object
 *    PUT/GET/COPY inside it, a temp URL to that object (no token), the copied `curl` listing run by bash,
 *    DELETE, and 404 afterwards;
 *  - each object name of HOSTILE_NAMES: GET and HEAD through a signed temp URL, byte-exact.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { curlListObjects } from '../../src/openstack/curl';
import { isOpenStackError } from '../../src/openstack/errors';
import { metaHeaders } from '../../src/openstack/swift/metadata';
import { tempUrl } from '../../src/openstack/swift/tempurl';
import { HOSTILE_NAMES, SwiftFixture, deleteContainers, readAll, swiftFixture, uniqueContainer } from '../support/swiftFixture';
import { forEachBackend } from '../support/backends';

/** Container names (Swift: no '/', no NUL, at most 256 characters); a run id makes each unique. */
/** RGW's bucket-name rules refuse these (400 InvalidBucketName); Swift takes them. */
const RGW_REFUSED = (name: string) => name.startsWith('.') || [...name].length > 255;

function hostileContainers(run: string): string[] {
  const names = [
    `quote's "double" ${run}`,
    `$(touch oss-pwned) ${run}`,
    `\`id\` ${run}`,
    `semi;colon & amp | pipe ${run}`,
    `tab\there ${run}`,
    `new\nline ${run}`,
    `%2F ${run}`,
    `100% ${run}`,
    `%41%25 ${run}`,
    `what? ${run}`,
    `hash#tag ${run}`,
    `a+b ${run}`,
    `a&b=c ${run}`,
    `..${run}`,
    `.${run}`,
    `-leading-dash ${run}`,
    ` blank ${run} `,
    `back\\slash ${run}`,
    `*?[glob]{a,b} ${run}`,
    `RTL \u202egnp.exe ${run}`,
    `marks \u200f\u200e ${run}`,
    `NFC-\u00e9 ${run}`,
    `NFD-e\u0301 ${run}`,
    `planes \u{1F600}\u{20000}\u{30000}\u{E0041}\u{F0000}\u{10FFFD} ${run}`,
    `中文 ${run}`,
    `${'c'.repeat(256 - run.length - 1)} ${run}`,
    `${'é'.repeat(128 - run.length)}${run}`,
  ];
  for (const name of names) assert.ok([...name].length <= 256 && !name.includes('/'), name);
  return names;
}

function bash(text: string, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['--norc', '--noprofile', '-c', text],
      { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C.UTF-8' }, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

forEachBackend('hostile container names and temp URLs (integration)', function (backend) {
  this.timeout(120_000);
  let f: SwiftFixture;
  let work: string;
  const run = randomBytes(3).toString('hex');
  const all = hostileContainers(run);
  // On RGW the names its bucket rules refuse are checked to be refused (below); the rest go through everything.
  const containers = backend === 'rgw' ? all.filter((n) => !RGW_REFUSED(n)) : all;
  const objectsContainer = `${uniqueContainer('hostile-tempurl')} 'q' $(id) ☀`;
  const bodyOf = (name: string) => Buffer.concat([Buffer.from(`hostile ${name}`), Buffer.from([0, 0xff, 0x0d, 0x0a])]);

  async function anonymousGet(method: 'GET' | 'HEAD', url: string): Promise<{ status: number; body: Buffer }> {
    const res = await f.http.request({ method, url, accept: () => true });
    return { status: res.status, body: method === 'GET' ? await readAll(res.body) : (await res.dump(), Buffer.alloc(0)) };
  }

  before(async () => {
    f = await swiftFixture(backend);
    work = mkdtempSync(join(tmpdir(), 'oss-hostile-'));
  });

  after(async () => {
    if (f) {
      // Whatever a failed test left behind.
      const left: string[] = [];
      for await (const page of f.swift.listContainers()) for (const c of page.entries) if (c.name.includes(run)) left.push(c.name);
      await deleteContainers(f.swift, [...left, objectsContainer]);
      await f.http.close();
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it(`${containers.length} hostile container names: PUT, HEAD, listing, POST, objects, COPY, temp URL, curl by bash, DELETE`, async () => {
    // Six at a time: each name goes through ~13 requests, every one of them checked by Keystone.
    const queue = [...containers];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let container = queue.shift(); container !== undefined; container = queue.shift()) await throughEverything(container);
      }),
    );
    assert.ok(!existsSync(join(work, 'oss-pwned')), 'a container name ran as a command');
    if (backend === 'rgw') {
      const refused = all.filter(RGW_REFUSED);
      assert.equal(refused.length, 3, 'a leading "." (twice) and 256 characters (RGW: at most 255)');
      for (const name of refused) {
        await assert.rejects(f.swift.createContainer(name), (e) => isOpenStackError(e, 'badRequest') && /rejected the request \(HTTP 400\)/.test(e.message));
        // Nothing created: RGW answers a HEAD of such a name 404 or 400.
        await assert.rejects(f.swift.headContainer(name), (e) => isOpenStackError(e, 'notFound') || isOpenStackError(e, 'badRequest'));
      }
    }
  });

  /** One container name through every operation on it. */
  async function throughEverything(container: string): Promise<void> {
    const what = JSON.stringify(container);
    assert.equal((await f.swift.createContainer(container)).created, true, what);
    assert.equal((await f.swift.headContainer(container)).objectCount, 0, what);

    const listed = await f.swift.listContainers({ prefix: container, limit: 1 }).next();
    assert.ok(!listed.done && listed.value.entries[0]?.name === container, `${what} not found by its own prefix`);

    await f.swift.postContainer(container, metaHeaders('container', { owner: `Zoë ☁ "${run}" $(id)` }));
    assert.equal((await f.swift.headContainer(container)).meta.owner, `Zoë ☁ "${run}" $(id)`, what);

    const object = `in ${container}/x y`;
    await f.swift.putObject(container, object, bodyOf(container));
    assert.ok((await readAll((await f.swift.getObject(container, object)).body)).equals(bodyOf(container)), what);
    await f.swift.copyObject({ container, name: object }, { container, name: `${object} copy` });

    // The digest as the product picks it from /info (sha256 on Swift; RGW allows sha1 only).
    const allowedDigests = (await f.swift.info()).tempUrl?.allowedDigests;
    const url = tempUrl({ storageUrl: f.storageUrl, container, object, method: 'GET', seconds: 120, key: f.cloud.tempUrlKey, allowedDigests });
    const viaTempUrl = await anonymousGet('GET', url);
    assert.equal(viaTempUrl.status, 200, `${what}: temp URL`);
    assert.ok(viaTempUrl.body.equals(bodyOf(container)), `${what}: temp URL body`);

    const command = curlListObjects({ storageUrl: f.storageUrl, container, token: { mode: 'env', token: f.token.id } });
    const listedByCurl = await bash(command.text, work);
    assert.equal(listedByCurl.code, 0, `${what}: ${listedByCurl.stderr}`);
    assert.deepEqual(
      (JSON.parse(listedByCurl.stdout) as Array<{ name: string }>).map((e) => e.name),
      [object, `${object} copy`],
      what,
    );

    await f.swift.bulkDelete([
      { container, name: object },
      { container, name: `${object} copy` },
    ]);
    await f.swift.deleteContainer(container);
    await assert.rejects(f.swift.headContainer(container), (e) => isOpenStackError(e, 'notFound'), what);
  }

  it(`all ${HOSTILE_NAMES.length} hostile object names: GET and HEAD through a temp URL, byte-exact, no token`, async () => {
    await f.swift.createContainer(objectsContainer);
    for (const name of HOSTILE_NAMES) await f.swift.putObject(objectsContainer, name, bodyOf(name));
    let signed = 0;
    for (const name of HOSTILE_NAMES) {
      const allowedDigests = (await f.swift.info()).tempUrl?.allowedDigests;
      const options = {
        storageUrl: f.storageUrl,
        container: objectsContainer,
        object: name,
        method: 'GET',
        seconds: 120,
        key: f.cloud.tempUrlKey,
        allowedDigests,
      };
      if (/^\/+$/.test(name)) {
        // Swift's tempurl middleware ignores object names made only of '/': such a URL would always answer 401.
        assert.throws(
          () => tempUrl(options),
          (e: unknown) => isOpenStackError(e, 'unsupported') && /only "\/" characters/.test(e.message),
        );
        continue;
      }
      signed++;
      const url = tempUrl(options);
      const got = await anonymousGet('GET', url);
      assert.equal(got.status, 200, JSON.stringify(name));
      assert.ok(got.body.equals(bodyOf(name)), JSON.stringify(name));
      assert.equal((await anonymousGet('HEAD', url)).status, 200, JSON.stringify(name));
    }
    assert.equal(signed, HOSTILE_NAMES.length - 1, 'only "//" cannot have a temp URL');
    console.log(`      figures: ${containers.length} container names and ${HOSTILE_NAMES.length} object names (${signed} through temp URLs)`);
  });
});

/**
 * The curl commands of openstack/curl.ts, rendered for hostile names and RUN by bash against the real
 * Swift: uploads, downloads, HEAD, listing and DELETE must hit exactly the named object, byte-exact, with
 * the token inline and from $OS_AUTH_TOKEN.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CurlCommand,
  CurlToken,
  curlDeleteObject,
  curlGetObject,
  curlHeadObject,
  curlListObjects,
  curlPutObject,
  safeLocalFileName,
} from '../../src/openstack/curl';
import { isOpenStackError } from '../../src/openstack/errors';
import { HOSTILE_NAMES, SwiftFixture, deleteContainers, readAll, swiftFixture, uniqueContainer } from '../support/swiftFixture';
import { forEachBackend } from '../support/backends';

interface Run {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs a command's pasted text in bash, in `cwd`, with nothing from our environment but PATH. */
function bash(command: CurlCommand, cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['--norc', '--noprofile', '-c', command.text],
      { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C.UTF-8' }, encoding: 'buffer', maxBuffer: 16 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr: stderr.toString() }),
    );
  });
}

const bodyOf = (name: string) => Buffer.concat([Buffer.from(`curl body of ${name}`), Buffer.from([0, 0xff, 0x0a])]);

forEachBackend('curl commands run by bash against Swift (integration)', function (backend) {
  let f: SwiftFixture;
  let c: string;
  let work: string;
  const tokens = (): CurlToken[] => [
    { mode: 'inline', token: f.token.id },
    { mode: 'env', token: f.token.id },
  ];

  /** A fresh empty directory per command, so a download's file is the only file. */
  const scratch = () => mkdtempSync(join(work, 'run-'));

  before(async () => {
    f = await swiftFixture(backend);
    c = `${uniqueContainer('curl')} 'q' "d" $(id) \`id\` ☀`;
    await f.swift.createContainer(c);
    work = mkdtempSync(join(tmpdir(), 'oss-curl-it-'));
  });
  after(async () => {
    if (f) {
      await deleteContainers(f.swift, [c]);
      await f.http.close();
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('PUT -T uploads every hostile name from a hostile local path, byte-exact', async () => {
    for (const [i, name] of HOSTILE_NAMES.entries()) {
      const dir = scratch();
      const localFile = `-up ${i} '$(id)' "x".bin`;
      writeFileSync(join(dir, localFile), bodyOf(name));
      const command = curlPutObject({ storageUrl: f.storageUrl, container: c, name, localFile, token: tokens()[i % 2] });
      const run = await bash(command, dir);
      assert.equal(run.code, 0, `${JSON.stringify(name)}: ${run.stderr}${run.stdout}`);
      assert.ok((await readAll((await f.swift.getObject(c, name)).body)).equals(bodyOf(name)), JSON.stringify(name));
    }
    const listed: string[] = [];
    for await (const page of f.swift.listObjects(c)) for (const e of page.entries) if (e.kind === 'object') listed.push(e.name);
    assert.deepEqual(listed.sort(), [...HOSTILE_NAMES].sort(), 'no other object was created (e.g. a name with the file appended)');
  });

  it('PUT -T sends the file named, where curl would read the name as a pattern of others ([…], {…})', async () => {
    for (const [i, name] of ['data[1-2].txt', 'IMG [1].jpg', 'x{1,2}.txt'].entries()) {
      const dir = scratch();
      for (const other of ['data1.txt', 'data2.txt', 'x1.txt', 'x2.txt']) writeFileSync(join(dir, other), `not ${name}`);
      writeFileSync(join(dir, name), bodyOf(name));
      const run = await bash(curlPutObject({ storageUrl: f.storageUrl, container: c, name, localFile: name, token: tokens()[i % 2] }), dir);
      assert.equal(run.code, 0, `${JSON.stringify(name)}: ${run.stderr}${run.stdout}`);
      assert.ok((await readAll((await f.swift.getObject(c, name)).body)).equals(bodyOf(name)), JSON.stringify(name));
      await f.swift.deleteObject(c, name); // the later tests list the hostile names alone
    }
  });

  it("HEAD prints the object's headers, with either token style", async () => {
    for (const name of HOSTILE_NAMES) {
      for (const token of tokens()) {
        const run = await bash(curlHeadObject({ storageUrl: f.storageUrl, container: c, name, token }), scratch());
        assert.equal(run.code, 0, run.stderr);
        const head = run.stdout.toString();
        assert.match(head, /^HTTP\/1\.1 200 OK\r\n/);
        assert.match(head, new RegExp(`\\r\\ncontent-length: ${bodyOf(name).length}\\r\\n`, 'i'));
        assert.match(head, new RegExp(`\\r\\netag: ${createHash('md5').update(bodyOf(name)).digest('hex')}\\r\\n`, 'i'));
      }
    }
  });

  it('GET -o saves every object under its safe local name, byte-exact, with either token style', async () => {
    for (const name of HOSTILE_NAMES) {
      for (const token of tokens()) {
        const dir = scratch();
        const run = await bash(curlGetObject({ storageUrl: f.storageUrl, container: c, name, token }), dir);
        assert.equal(run.code, 0, `${JSON.stringify(name)}: ${run.stderr}`);
        assert.deepEqual(readdirSync(dir), [safeLocalFileName(name)]);
        assert.ok(readFileSync(join(dir, safeLocalFileName(name))).equals(bodyOf(name)), JSON.stringify(name));
      }
    }
  });

  it('lists the container as JSON, by prefix and with a delimiter', async () => {
    for (const name of HOSTILE_NAMES) {
      const run = await bash(curlListObjects({ storageUrl: f.storageUrl, container: c, prefix: name, limit: 1, token: tokens()[1] }), scratch());
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(
        (JSON.parse(run.stdout.toString()) as Array<{ name: string }>).map((e) => e.name),
        [name],
      );
    }
    const run = await bash(curlListObjects({ storageUrl: f.storageUrl, container: c, delimiter: '/', token: tokens()[0] }), scratch());
    const entries = JSON.parse(run.stdout.toString()) as Array<{ name?: string; subdir?: string }>;
    assert.ok(entries.some((e) => e.subdir === '中文/') && entries.some((e) => e.name === '..'));
  });

  it('fails loudly on a missing object, and a failed download leaves no file', async () => {
    const dir = scratch();
    const get = await bash(curlGetObject({ storageUrl: f.storageUrl, container: c, name: 'missing ☀', token: tokens()[0] }), dir);
    assert.equal(get.code, 22, 'curl --fail exit status for HTTP >= 400');
    assert.deepEqual(readdirSync(dir), []);
    const head = await bash(curlHeadObject({ storageUrl: f.storageUrl, container: c, name: 'missing ☀', token: tokens()[1] }), dir);
    assert.equal(head.code, 22);
    assert.match(head.stdout.toString(), /^HTTP\/1\.1 404/);
    const denied = await bash(curlHeadObject({ storageUrl: f.storageUrl, container: c, name: '..', token: { mode: 'env', token: 'bad' } }), dir);
    assert.equal(denied.code, 22);
    assert.match(denied.stdout.toString(), /^HTTP\/1\.1 401/);
  });

  it('DELETE removes exactly the named object', async () => {
    for (const [i, name] of HOSTILE_NAMES.entries()) {
      const run = await bash(curlDeleteObject({ storageUrl: f.storageUrl, container: c, name, token: tokens()[i % 2] }), scratch());
      assert.equal(run.code, 0, `${JSON.stringify(name)}: ${run.stderr}`);
      await assert.rejects(f.swift.headObject(c, name), (e) => isOpenStackError(e, 'notFound'));
    }
    const left: string[] = [];
    for await (const page of f.swift.listObjects(c)) left.push(...page.entries.map((e) => (e.kind === 'object' ? e.name : e.prefix)));
    assert.deepEqual(left, []);
    assert.ok(!existsSync('/tmp/oss-pwned'), 'no name ran as a command');
  });
});

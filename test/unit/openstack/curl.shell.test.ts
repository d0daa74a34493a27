/**
 * Property test: for thousands of seeded random hostile names, the pasted text of every curl command,
 * parsed by a real shell, gives curl exactly the argv we meant, and nothing else runs. One shell process
 * parses all commands, with `curl` replaced by a function that prints its arguments NUL-separated.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
} from '../../../src/openstack/curl';
import { randomName, seededRandom } from './swift/randomNames';

const CASES = 10_000;
const STORAGE = 'https://swift.example.com:8080/v1/AUTH_0123';
const CONTAINER = "c $(id) 'x'";
const TOKENS = ['gAAAAABmZ-token_1', 'odd\'token"$x`y`', 'tok\\n$(touch /tmp/pwned)'];

interface Case {
  name: string;
  command: CurlCommand;
}

function makeCases(): Case[] {
  const rand = seededRandom(7_340_021);
  const cases: Case[] = [];
  for (let i = 0; i < CASES; i++) {
    const name = randomName(rand) || 'x';
    const raw = TOKENS[i % TOKENS.length];
    const token: CurlToken = (i >> 1) % 2 ? { mode: 'env', token: raw } : { mode: 'inline', token: raw };
    const target = { storageUrl: STORAGE, container: CONTAINER, name, token };
    const localFile = name.replace(/\0/g, '') || 'x'; // a real path cannot hold NUL
    const command = [
      () => curlHeadObject(target),
      () => curlGetObject(target),
      () => curlPutObject({ ...target, localFile, contentType: name.replace(/[\0\r\n]/g, '') }),
      () => curlDeleteObject(target),
      () => curlListObjects({ ...target, prefix: name, marker: name, delimiter: '/' }),
    ][i % 5]();
    cases.push({ name, command });
  }
  return cases;
}

/** Runs all commands in one shell; returns each curl call's argv (without "curl") and stderr. */
function parseWith(shell: string, args: string[], commands: CurlCommand[]): { argvs: string[][]; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'curl-prop-'));
  try {
    const script = join(dir, 'commands.sh');
    writeFileSync(script, `curl() { printf '%s\\0' "$#" "$@"; }\n${commands.map((c) => c.text).join('')}`);
    const run = spawnSync(shell, [...args, script], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C.UTF-8', HOME: dir },
      maxBuffer: 256 * 1024 * 1024,
    });
    assert.equal(run.status, 0, `${shell} exited ${run.status}: ${run.stderr.toString().slice(0, 500)}`);
    const fields = run.stdout.toString('utf8').split('\0');
    fields.pop(); // after the last NUL
    const argvs: string[][] = [];
    for (let i = 0; i < fields.length;) {
      const count = Number(fields[i]);
      argvs.push(fields.slice(i + 1, i + 1 + count));
      i += 1 + count;
    }
    return { argvs, stderr: run.stderr.toString() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function installed(shell: string): boolean {
  return spawnSync(shell, ['-c', 'exit 0']).status === 0;
}

/** The object name back from the command's URL, decoded as Swift does. */
function nameFromUrl(url: string): string {
  const prefix = `${STORAGE}/c%20%24%28id%29%20%27x%27/`;
  assert.ok(url.startsWith(prefix), url);
  return url.slice(prefix.length).split('/').map(decodeURIComponent).join('/');
}

describe(`curl commands parsed by real shells (${CASES} seeded random names)`, function () {
  this.timeout(60_000);
  const cases = makeCases();

  it('carry the intended name in every URL and a safe file name', () => {
    for (const { name, command } of cases) {
      const url = command.argv[command.argv.length - 1];
      if (url.includes('?format=json')) {
        const query = new URLSearchParams(url.slice(url.indexOf('?') + 1));
        assert.equal(query.get('prefix'), name);
        assert.equal(query.get('marker'), name);
      } else {
        assert.equal(nameFromUrl(url), name);
      }
      const o = command.argv.indexOf('-o');
      if (o >= 0) {
        const file = command.argv[o + 1];
        assert.equal(file.replace(/^\.\//, ''), safeLocalFileName(name));
        assert.doesNotMatch(file, /[\u0000-\u001f\u007f\u202e]/);
        assert.ok(!file.slice(2).includes('/') && !file.startsWith('-'), file);
      }
    }
  });

  for (const [shell, args] of [
    ['bash', ['--norc', '--noprofile']],
    ['sh', []],
    ['dash', []],
    ['zsh', ['-f']],
  ] as const) {
    it(`${shell}: every command gives curl exactly its argv, and nothing else runs`, function () {
      if (!installed(shell)) {
        console.log(`      (${shell} is not installed: skipped)`);
        this.skip();
      }
      const { argvs, stderr } = parseWith(
        shell,
        [...args],
        cases.map((c) => c.command),
      );
      assert.equal(stderr, '', 'a command wrote to stderr: something ran that should not have');
      assert.equal(argvs.length, cases.length, 'one curl call per command');
      cases.forEach(({ name, command }, i) => assert.deepEqual(argvs[i], command.argv.slice(1), `case ${i}: ${JSON.stringify(name)}`));
    });
  }
});

/**
 * Bad and hostile input a person (or a file they were sent) can give the extension: auth URLs with
 * credentials or garbage in them, blank fields, a non-boolean "insecure", and clouds.yaml / OpenRC files
 * that are malformed, huge or built to hurt (catastrophic regex backtracking, exponential expansion, deep
 * nesting, shell commands, prototype keys). Each must end quickly in one clear message that never echoes a
 * secret; nothing may run, hang or crash. (What the commands save, or not, is checked in the editor.)
 */
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { ImportError, parseCloudsYaml, parseOpenRc } from '../../../src/auth/importers';
import { Profile, authUrlProblems, profileProblems } from '../../../src/auth/profile';
import { OpenStackError } from '../../../src/openstack/errors';

import { normalizeAuthUrl } from '../../../src/openstack/keystone/discovery';
import { Redactor } from '../../../src/openstack/redact';
import { recordedHttpClient } from '../../support/recordedHttp';
import { registerSecret } from '../../support/saidByProduct';

const base: Profile = { id: 'p', name: 'P', authUrl: 'http://127.0.0.1:1/v3', authVersion: 'auto', authType: 'password', username: 'alice' };
const SECRET = 'Zq9-s3cr3t-Xw';
registerSecret('the hostile-input secret', SECRET);

/** Auth URLs with a password in them, in every shape a paste can take. */
const URLS_WITH_CREDENTIALS = [
  `http://bob:${SECRET}@127.0.0.1:1/v3`,
  `http://bob:Zq9@${SECRET}@127.0.0.1:1/v3`,
  `http://bob:Zq9 ${SECRET} Xw@127.0.0.1:1/v3`,
  `http://bob:Zq9/${SECRET}/Xw@127.0.0.1:1/v3`,
  `https://bob:Zq9%40${SECRET}@127.0.0.1:1`,
  ` HTTP://BOB:${SECRET}@127.0.0.1:1/V3 `,
  `http://bob:${SECRET}@[::1`,
  `http://bob:Zq9#${SECRET}@127.0.0.1:1/v3`,
  `http://bob:Zq9?${SECRET}@127.0.0.1:1/v3`,
  `bob:${SECRET}@127.0.0.1:1/v3`,
  `http://:${SECRET}@127.0.0.1:1/v3`,
  `http://${SECRET}@127.0.0.1:1/v3`,
];

function messageOf(work: () => unknown): string {
  try {
    work();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

async function asyncMessageOf(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

/**
 * Runs `work`, which must end: catastrophic backtracking or alias expansion would run past the test's timeout
 * (mocha's, 10 s). No wall-clock bound here: a loaded machine is not a bug, and tests check results, not times.
 */
function fast<T>(_boundedBy: number, work: () => T): T {
  return work();
}

/** A clouds.yaml's one sentence: the file's ImportError, or the reasons its clouds were skipped (none imported). */
function cloudsProblem(text: string, pattern: RegExp): void {
  let message: string;
  try {
    const read = parseCloudsYaml(text);
    assert.equal(read.imported.length, 0, 'nothing should be imported');
    message = read.skipped.map((s) => s.reason).join(' ');
  } catch (e) {
    assert.ok(e instanceof ImportError, `expected an ImportError, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
    message = e.message;
  }
  assert.match(message, pattern);
}

function importError(work: () => unknown, pattern: RegExp): void {
  assert.throws(work, (e: unknown) => {
    assert.ok(e instanceof ImportError, `expected an ImportError, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
    assert.match(e.message, pattern);
    return true;
  });
}

describe('hostile input', () => {
  describe('auth URLs', () => {
    it('never echo credentials pasted into them, whatever the password holds', async () => {
      const http = recordedHttpClient({ connectTimeoutMs: 500, retry: { maxRetries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 } });
      const log: string[] = [];
      const logged = recordedHttpClient({ log: (e) => log.push(JSON.stringify(e)), retry: { maxRetries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 } });
      for (const url of URLS_WITH_CREDENTIALS) {
        const said = [
          authUrlProblems(url).join(' '),
          profileProblems({ ...base, authUrl: url }).join(' '),
          messageOf(() => normalizeAuthUrl(url)),
          await asyncMessageOf(() => http.request({ method: 'GET', url })),
          await asyncMessageOf(() => logged.request({ method: 'GET', url })),
        ];
        // In free text (a log line) a URL ends at a blank: the redactor can mask what it can see.
        if (/^[a-z]+:\/\/\S*$/i.test(url.trim())) said.push(new Redactor().redact(`GET ${url.trim()} → 401`));
        assert.ok(authUrlProblems(url).length > 0, `${JSON.stringify(url)} was accepted`);
        for (const text of [...said, ...log]) assert.ok(!text.includes('s3cr3t'), `${JSON.stringify(url)} echoed as: ${text}`);
      }
    });

    it('explain each malformed URL in one sentence', () => {
      const cases: Array<[string, RegExp]> = [
        ['', /^The auth URL is empty\.$/],
        ['   ', /^The auth URL is empty\.$/],
        ['keystone.example.com:5000/v3', /must start with http:\/\/ or https:\/\//],
        ['ftp://keystone.example.com/v3', /must start with http:\/\/ or https:\/\/, not ftp:\/\//],
        ['javascript:alert(1)', /must start with http:\/\/ or https:\/\//],
        ['file:///etc/passwd', /must start with http:\/\/ or https:\/\//],
        ['http://', /is not a valid URL/],
        ['http://[::1', /is not a valid URL/],
        ['http://key stone:5000/v3', /is not a valid URL/],
        ['http://keystone:99999/v3', /is not a valid URL/],
        ['\u202ehttp://k/v3', /is not a valid URL/],
      ];
      for (const [url, pattern] of cases) {
        const problems = authUrlProblems(url);
        assert.ok(problems.length === 1, `${JSON.stringify(url.slice(0, 40))}: ${JSON.stringify(problems)}`);
        assert.match(problems[0], pattern);
        assert.ok(problems[0].length < 400, 'a sentence, not a dump');
      }
      assert.deepEqual(authUrlProblems(' https://keystone.example.com:5000/v3/ '), [], 'spaces around a good URL are fine');
    });
  });

  describe('profile fields', () => {
    it('names every empty or blank field a profile needs', () => {
      assert.match(profileProblems({ ...base, name: '' }).join(' '), /needs a name/);
      assert.match(profileProblems({ ...base, name: ' \t' }).join(' '), /needs a name/);
      assert.match(profileProblems({ ...base, authUrl: '' }).join(' '), /auth URL is empty/);
      assert.match(profileProblems({ ...base, username: '' }).join(' '), /needs a user name or user id/);
      assert.match(profileProblems({ ...base, authType: 'v1', username: undefined }).join(' '), /needs a user/);
      assert.match(profileProblems({ ...base, authType: 'applicationCredential' }).join(' '), /application credential profile needs its id/);
      assert.match(profileProblems({ ...base, authType: 'kerberos' as never }).join(' '), /Unknown authentication type "kerberos"/);
      assert.equal(profileProblems({}).length, 3, 'a profile from an empty settings entry: name, URL, type');
    });

    it('accepts "insecure" only as true or false: a hand-edited "false" string must not turn verification off', () => {
      assert.deepEqual(profileProblems({ ...base, insecure: true }), []);
      assert.deepEqual(profileProblems({ ...base, insecure: false }), []);
      for (const value of ['false', 'true', 1, 0, 'yes', null]) {
        assert.match(profileProblems({ ...base, insecure: value as never }).join(' '), /"insecure" must be true or false/, JSON.stringify(value));
      }
    });
  });

  describe('OpenRC files', () => {
    it('run nothing: $(…), backticks and ; stay text', () => {
      const marker = `/tmp/oss-unit-pwned-${process.pid}`;
      const rc = [
        'export OS_AUTH_URL=http://k:5000/v3',
        `export OS_PASSWORD=$(touch ${marker})`,
        `export OS_USERNAME=\`touch ${marker}\``,
        `export OS_PROJECT_NAME="a; touch ${marker}"`,
        `touch ${marker}`,
        `eval "touch ${marker}"`,
      ].join('\n');
      const imported = parseOpenRc(rc);
      assert.equal(imported.secret, undefined, 'a command is never taken as the password');
      assert.equal(imported.asksForSecret, true);
      assert.equal(imported.profile.username, undefined);
      assert.deepEqual(imported.asks, ['username']);
      assert.equal(imported.profile.project, `a; touch ${marker}`);
      assert.ok(!existsSync(marker), 'a command ran');
    });

    it('read a password with $ in it as the shell does: single quotes and \\$ keep it literal', () => {
      const rc = (value: string) => parseOpenRc(`export OS_AUTH_URL=http://k/v3\nexport WORD=WRONG\nexport OS_PASSWORD=${value}\n`).secret;
      assert.equal(rc("'pa$WORD'"), 'pa$WORD');
      assert.equal(rc("'pa$$w0rd'"), 'pa$$w0rd');
      assert.equal(rc('"pa\\$WORD"'), 'pa$WORD');
      assert.equal(rc('pa\\$WORD'), 'pa$WORD');
      assert.equal(rc('"pa$WORD"'), 'paWRONG', 'in double quotes the shell expands it');
      assert.equal(rc('"say \\"hi\\" \\\\ ok"'), 'say "hi" \\ ok');
      assert.equal(rc('"x$__proto__$constructor${toString}"'), undefined, 'variables the file does not set (prototype names too) are asked');
      assert.equal(rc('"x${__proto__:-}${constructor:-}"'), 'x', 'and never read from the prototype');
    });

    it('a line of a million blanks is read in linear time', () => {
      const rc = `export OS_AUTH_URL=http://k/v3\nexport OS_USERNAME=a${' '.repeat(1_000_000)}b\n`;
      const imported = fast(1000, () => parseOpenRc(rc.slice(0, 1024 * 1024)));
      assert.equal(imported.profile.username, 'a');
    });

    it('a variable that doubles on every line ends in a clear error, not an out-of-memory crash', () => {
      const lines = ['export OS_AUTH_URL=http://k/v3', 'export A=0123456789abcdef'];
      for (let i = 0; i < 40; i++) lines.push('export A=$A$A$A$A');
      lines.push('export OS_USERNAME=$A');
      importError(() => fast(1000, () => parseOpenRc(lines.join('\n'))), /"A" .*longer than/);
    });

    it('binary garbage, unterminated quotes and CRLF lines', () => {
      const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256)).toString('latin1');
      importError(() => parseOpenRc(garbage), /No OS_AUTH_URL found: this does not look like an OpenRC file/);
      const odd = parseOpenRc('export OS_AUTH_URL="http://k/v3\r\nexport OS_USERNAME=\'x\r\nexport OS_REGION_NAME="Region One"\r\n');
      assert.equal(odd.profile.authUrl, 'http://k/v3');
      assert.equal(odd.profile.username, 'x');
      assert.equal(odd.profile.region, 'Region One');
      importError(() => parseOpenRc(`export OS_AUTH_URL=http://k/v3\n#${'x'.repeat(1024 * 1024)}`), /larger than 1 MiB/);
    });
  });

  describe('clouds.yaml files', () => {
    it('deep nesting, binary garbage, unknown tags, duplicate keys: an ImportError each, fast', () => {
      const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 197 + 3) % 256)).toString('latin1');
      const cases: Array<[string, RegExp]> = [
        [`clouds: ${'['.repeat(2_000)}${']'.repeat(2_000)}`, /not valid YAML/],
        [`clouds:\n  x: ${'{a: '.repeat(2_000)}1${'}'.repeat(2_000)}\n`, /not valid YAML|not a mapping|auth_url/],
        [garbage, /not valid YAML|does not hold a YAML mapping|no "clouds:" section/],
        ['clouds:\n  x: !!js/function "function () { return process.exit(1) }"\n', /Cloud "x" in clouds\.yaml is not a mapping/],
        ['clouds:\n  x:\n    auth:\n      auth_url: !!binary aGVsbG8=\n', /has no auth\.auth_url/],
        ['clouds:\n  x:\n    auth:\n      auth_url: [http://a, http://b]\n', /has no auth\.auth_url/],
        ['clouds: [a, b]\n', /no "clouds:" section/],
        ['\u0000\u0001clouds:', /not valid YAML|no "clouds:" section|does not hold a YAML mapping/],
      ];
      for (const [text, pattern] of cases) fast(3000, () => cloudsProblem(text, pattern));
    });

    it('a repeated key: the last one, as PyYAML reads it, and the other clouds are read too', () => {
      const read = parseCloudsYaml(
        'clouds:\n  x:\n    auth: {auth_url: http://a}\n  x:\n    auth: {auth_url: http://b, username: u}\n    interface: internal\n    interface: public\n  y:\n    auth: {auth_url: http://c, username: u}\n',
      );
      assert.deepEqual(
        read.imported.map((c) => [c.cloud, c.profile.authUrl, c.profile.interface]),
        [
          ['x', 'http://b', 'public'],
          ['y', 'http://c', undefined],
        ],
      );
    });

    it('1,000 clouds are read in seconds, and a cloud named __proto__ pollutes nothing', () => {
      let many = 'clouds:\n';
      for (let i = 0; i < 1_000; i++) many += `  c${i}: {auth: {auth_url: "http://k/v3", username: u}}\n`;
      assert.equal(fast(5_000, () => parseCloudsYaml(many)).imported.length, 1_000);
      const proto =
        'clouds:\n  __proto__:\n    auth:\n      auth_url: http://k/v3\n      username: u\n      polluted: yes\n  constructor:\n    auth:\n      auth_url: http://k/v3\n      username: u\n';
      const secure = 'clouds:\n  __proto__:\n    auth:\n      password: pw\n      polluted: yes\n';
      const clouds = parseCloudsYaml(proto, secure).imported;
      assert.deepEqual(
        clouds.map((c) => c.cloud),
        ['__proto__', 'constructor'],
      );
      assert.equal(clouds[0].secret, 'pw');
      assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype was polluted');
    });

    it("credentials inside a cloud's auth_url stop its import without being echoed", () => {
      const read = parseCloudsYaml(`clouds:\n  leaky:\n    auth:\n      auth_url: "https://bob:Zq9/${SECRET}@k:5000/v3"\n      username: bob\n`);
      assert.equal(read.imported.length, 0);
      const problems = read.skipped.map((s) => s.reason).join(' ');
      assert.match(problems, /is not a valid URL|must not contain a user name or password/);
      assert.ok(!problems.includes('s3cr3t'), problems);
    });
  });

  it('error messages of the client are OpenStackErrors of kind invalidInput, never raw TypeErrors', () => {
    for (const url of ['', 'x', 'http://', 'http://[::1', 'ftp://k/v3']) {
      assert.throws(
        () => normalizeAuthUrl(url),
        (e: unknown) => e instanceof OpenStackError && e.kind === 'invalidInput',
        JSON.stringify(url),
      );
    }
  });
});

/** The signed-in terminal's environment and first lines: what swift and curl read, nothing of another identity, no token shown. */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { CLEARED_VARIABLES, shellWord, signedInEnvironment, terminalBanner, terminalName } from '../../../src/commands/terminalEnvironment';

const TOKEN = 'gAAAAABtoken-for-the-terminal-test';
const profile = { name: 'Prod', region: 'RegionTwo' };

describe('signed-in terminal: environment', () => {
  it('sets the token and storage URL python-swiftclient reads, and the region', () => {
    const env = signedInEnvironment(profile, TOKEN, 'https://swift.example/v1/AUTH_p');
    assert.equal(env.OS_AUTH_TOKEN, TOKEN);
    assert.equal(env.OS_STORAGE_URL, 'https://swift.example/v1/AUTH_p');
    assert.equal(env.OS_REGION_NAME, 'RegionTwo');
  });
  it('removes (null) every inherited credential that would sign a tool in as someone else', () => {
    const env = signedInEnvironment(profile, TOKEN, 'u');
    for (const name of ['OS_PASSWORD', 'OS_USERNAME', 'OS_AUTH_URL', 'OS_CLOUD', 'OS_APPLICATION_CREDENTIAL_SECRET', 'ST_AUTH', 'ST_USER', 'ST_KEY']) {
      assert.ok((CLEARED_VARIABLES as readonly string[]).includes(name), name);
      assert.equal(env[name], null, name);
    }
  });
  it("carries the profile's TLS settings in the variables the swift CLI reads, and removes them when the profile has none", () => {
    const tls = signedInEnvironment({ ...profile, caFile: '/ca.pem', insecure: true, clientCertFile: '/c.pem', clientKeyFile: '/k.pem' }, TOKEN, 'u');
    assert.deepEqual([tls.OS_CACERT, tls.SWIFTCLIENT_INSECURE, tls.OS_CERT, tls.OS_KEY], ['/ca.pem', 'true', '/c.pem', '/k.pem']);
    const plain = signedInEnvironment({ name: 'x', region: '' }, TOKEN, 'u');
    assert.deepEqual([plain.OS_CACERT, plain.SWIFTCLIENT_INSECURE, plain.OS_CERT, plain.OS_KEY, plain.OS_REGION_NAME], [null, null, null, null, null]);
  });
});

describe('signed-in terminal: first lines', () => {
  const now = Date.parse('2026-12-04T12:00:00Z');
  it('says when the token expires and how long is left, never the token', () => {
    const text = terminalBanner(profile, new Date(now + 90 * 60_000), now);
    const first = text.split('\r\n')[0];
    assert.match(first, /expires at .*2026-12-04T13:30:00\.000Z.*1 h 30 min left/);
    assert.ok(!text.includes(TOKEN));
    assert.match(text, /OS_AUTH_TOKEN and OS_STORAGE_URL/);
  });
  it('a token without expiry says so', () => {
    assert.match(terminalBanner(profile, undefined, now).split('\r\n')[0], /no expiry/);
  });
  it('a container is named, and the suggested command quotes it for the shell', () => {
    const text = terminalBanner(profile, undefined, now, "it's here");
    assert.match(text, /container it's here/);
    assert.match(text, /Try: swift list 'it'\\''s here'/);
    assert.equal(execFileSync('bash', ['-c', `printf %s ${shellWord("it's $HOME `x` here")}`]).toString(), "it's $HOME `x` here");
  });
  it('control characters of a name (ESC, newline, bidi) are shown as pictures: nothing reaches the terminal as a sequence', () => {
    const text = terminalBanner({ name: 'a\x1b[2Jb', region: 'R\u202e' }, undefined, now, 'c\nd\x1b]0;x\x07');
    assert.ok(!/[\x00-\x09\x0b\x0c\x0e-\x1f\x7f\u202e]/.test(text.replace(/\r\n/g, '')), JSON.stringify(text));
    assert.match(text, /Try: swift list$/m); // no command suggested for a name that cannot be shown as it is
  });
  it('the terminal is named after the profile and region', () => {
    assert.equal(terminalName(profile), 'OpenStack: Prod (RegionTwo)');
    assert.equal(terminalName({ name: 'Prod', region: '' }), 'OpenStack: Prod');
  });
});

import * as assert from 'node:assert/strict';
import { describeLeaks, findLeaks, secretForms } from '../../support/leakGuard';
import { builtByProduct } from '../../support/saidByProduct';

const SECRET = 'pass "w\\rd" 100%25 Zoë ☁';
const secrets = new Map([['the password', SECRET]]);
const found = (haystack: string | Buffer) => findLeaks(haystack, secrets, 'here').map((l) => l.what);

describe('the leak guard finds a secret in every form it takes (test/support/leakGuard)', () => {
  it('as is, JSON-escaped, percent- and form-encoded, inside other text', () => {
    assert.deepEqual(found(`said: ${SECRET}.`), ['the password (as is)']);
    assert.deepEqual(found(JSON.stringify({ message: `x ${SECRET} y` })), ['the password (JSON-escaped)']);
    assert.deepEqual(found(`http://h/?p=${encodeURIComponent(SECRET)}&q=1`), ['the password (percent-encoded)']);
    assert.deepEqual(found(`p=${encodeURIComponent(SECRET).replace(/%20/g, '+')}`), ['the password (form-encoded)']);
  });

  it('base64 at each byte alignment, standard and URL-safe, as in a Basic authorization header', () => {
    for (const user of ['', 'a:', 'ab:', 'abc:']) {
      const encoded = Buffer.from(`${user}${SECRET}`).toString('base64');
      assert.deepEqual(found(`Authorization: Basic ${encoded}`), ['the password (base64)'], user);
    }
    const urlSafe = Buffer.from(`??${SECRET}`).toString('base64url');
    assert.equal(found(urlSafe).length, 1);
  });

  it('UTF-16 in a binary file, at an even or odd offset', () => {
    for (const lead of [Buffer.from([0x00, 0x01]), Buffer.from([0x07])]) {
      assert.deepEqual(found(Buffer.concat([lead, Buffer.from(SECRET, 'utf16le'), Buffer.from([0xff])])), ['the password (UTF-16)']);
    }
  });

  it("finds tokens by their shape, naming only the token's first characters", () => {
    const fernet = `gAAAAA${'b'.repeat(80)}`;
    const leaks = findLeaks(`token ${fernet} and AUTH_tk${'0a'.repeat(16)}`, new Map(), 'the log');
    assert.deepEqual(
      leaks.map((l) => l.what),
      ['a Keystone token (gAAAAAbbbbbb…)', 'a TempAuth token (AUTH_tk0a0a0…)'],
    );
    assert.ok(!describeLeaks(leaks).includes(fernet));
    assert.deepEqual(findLeaks(Buffer.from(fernet, 'utf16le'), new Map(), 'x').length, 1);
  });

  it('says nothing of text without the secret, of a part of it, or of secrets too short to be told from words', () => {
    assert.deepEqual(found(`pass "w\\rd" 100% Zoë`), []);
    assert.deepEqual(findLeaks('testing testing', new Map([['a short key', 'testing']]), 'x'), []);
    assert.ok(secretForms(SECRET).every((f) => f.bytes.length > 0));
    assert.ok(!describeLeaks(findLeaks(SECRET, secrets, 'the log')).includes(SECRET), 'the report never holds the value');
  });
});

describe('the leak guard records errors built by the product only (test/support/saidByProduct)', () => {
  it('the first frame outside Node and the dependencies decides', () => {
    assert.equal(builtByProduct(['/r/out/src/openstack/errors.js']), true);
    assert.equal(builtByProduct(['node:internal/x', null, '/r/node_modules/undici/lib/a.js', '/r/src/openstack/http.ts']), true);
    assert.equal(builtByProduct(['/r/out/test/unit/a.test.js', '/r/out/src/openstack/http.js']), false);
    assert.equal(builtByProduct(['/r/node_modules/mocha/lib/runner.js']), false);
    assert.equal(builtByProduct([]), false);
  });
});

import * as assert from 'node:assert/strict';
import { splitUrl } from '../../../../src/openstack/http';
import { isOpenStackError } from '../../../../src/openstack/errors';
import {
  containerPath,
  decodeOrKeep,
  displayName,
  encodeContainer,
  encodeObjectName,
  encodeQuery,
  encodeSegment,
  swiftUrl,
} from '../../../../src/openstack/swift/names';
import { randomName, seededRandom } from './randomNames';

const STORAGE = 'http://127.0.0.1:8080/v1/AUTH_abc';

/** Decodes what names.ts produced, segment by segment, as Swift does (one percent-decoding of the path). */
function decodeObjectPath(encoded: string): string {
  return encoded.split('/').map(decodeURIComponent).join('/');
}

describe('swift/names', () => {
  describe('encodeObjectName', () => {
    const table: Array<[string, string]> = [
      ['plain.txt', 'plain.txt'],
      ['a b', 'a%20b'],
      ['100%', '100%25'],
      ['%2F', '%252F'],
      ['a?b#c', 'a%3Fb%23c'],
      ['a+b&c=d;e', 'a%2Bb%26c%3Dd%3Be'],
      [`it's "q"`, 'it%27s%20%22q%22'],
      ["!*'()", '%21%2A%27%28%29'],
      ['$(rm -rf ~)`x`', '%24%28rm%20-rf%20~%29%60x%60'],
      ['dir/sub/file.txt', 'dir/sub/file.txt'],
      ['/lead', '/lead'],
      ['trail/', 'trail/'],
      ['a//b', 'a//b'],
      ['//', '//'],
      ['..', '%2E%2E'],
      ['.', '%2E'],
      ['../x/./y/..', '%2E%2E/x/%2E/y/%2E%2E'],
      ['...', '...'],
      ['.hidden/..more', '.hidden/..more'],
      ['tab\there\nnl\r', 'tab%09here%0Anl%0D'],
      ['\u00e9', '%C3%A9'], // NFC é
      ['e\u0301', 'e%CC%81'], // NFD é: a different name
      ['😀', '%F0%9F%98%80'],
      ['\u202eevil', '%E2%80%AEevil'],
      ['~_-.', '~_-.'],
      ['-rf', '-rf'],
      ['\u0000', '%00'],
    ];
    for (const [name, encoded] of table) {
      it(`encodes ${JSON.stringify(name)} as ${encoded}`, () => {
        assert.equal(encodeObjectName(name), encoded);
        assert.equal(decodeObjectPath(encoded), name);
      });
    }

    it('round-trips 2,000 random names byte-exactly, using only unreserved characters, % and /', () => {
      const rand = seededRandom(20240501);
      for (let i = 0; i < 2000; i++) {
        const name = randomName(rand, 60) || 'x';
        const encoded = encodeObjectName(name);
        assert.match(encoded, /^[A-Za-z0-9\-._~%/]+$/, JSON.stringify(name));
        assert.equal(decodeObjectPath(encoded), name, JSON.stringify(name));
        for (const segment of encoded.split('/')) assert.ok(segment !== '.' && segment !== '..', encoded);
      }
    });

    it('rejects an empty name and lone surrogates', () => {
      assert.throws(
        () => encodeObjectName(''),
        (e) => isOpenStackError(e, 'invalidInput'),
      );
      assert.throws(
        () => encodeObjectName('a\ud800b'),
        (e) => isOpenStackError(e, 'invalidInput'),
      );
      assert.throws(
        () => encodeObjectName('\udc00'),
        (e) => isOpenStackError(e, 'invalidInput'),
      );
      assert.equal(encodeObjectName('\ud83d\ude00'), '%F0%9F%98%80'); // a pair is fine
    });

    it('escapes only a final slash when asked (for curl -T)', () => {
      assert.equal(encodeObjectName('a/b/', { escapeFinalSlash: true }), 'a/b%2F');
      assert.equal(encodeObjectName('a/b', { escapeFinalSlash: true }), 'a/b');
      assert.equal(decodeURIComponent('a/b%2F'), 'a/b/');
    });
  });

  describe('encodeContainer', () => {
    it('encodes like a segment and refuses names that would address something else', () => {
      assert.equal(encodeContainer('my photos ☀'), 'my%20photos%20%E2%98%80');
      assert.equal(encodeContainer('..'), '%2E%2E');
      assert.throws(
        () => encodeContainer('a/b'),
        (e) => isOpenStackError(e, 'invalidInput'),
      );
      assert.throws(
        () => encodeContainer(''),
        (e) => isOpenStackError(e, 'invalidInput'),
      );
    });
  });

  describe('encodeQuery and swiftUrl', () => {
    it('encodes + & = # in values so Swift does not read a space or a new parameter', () => {
      assert.equal(encodeQuery({ prefix: 'a+b&c=d#e f' }), '?prefix=a%2Bb%26c%3Dd%23e%20f');
      assert.equal(encodeQuery({ 'bulk-delete': true, skipped: undefined, off: false, limit: 3 }), '?bulk-delete&limit=3');
      assert.equal(encodeQuery({}), '');
    });

    it('builds account, container and object URLs', () => {
      assert.equal(swiftUrl(`${STORAGE}/`), STORAGE);
      assert.equal(swiftUrl(STORAGE, 'c d'), `${STORAGE}/c%20d`);
      assert.equal(swiftUrl(STORAGE, 'c', '/a//b/'), `${STORAGE}/c//a//b/`);
      assert.equal(swiftUrl(STORAGE, 'c', undefined, { format: 'json', marker: 'x/y' }), `${STORAGE}/c?format=json&marker=x%2Fy`);
      assert.throws(
        () => swiftUrl(STORAGE, undefined, 'o'),
        (e) => isOpenStackError(e, 'invalidInput'),
      );
    });

    it('produces URLs the HTTP client sends unchanged, dot segments included', () => {
      // WHATWG URL would resolve %2E%2E as ".." and drop segments; HttpClient.splitUrl must not.
      const url = swiftUrl(STORAGE, 'c', '../x/./y/..');
      assert.equal(splitUrl(url).path, '/v1/AUTH_abc/c/%2E%2E/x/%2E/y/%2E%2E');
      assert.notEqual(new URL(url).pathname, splitUrl(url).path, 'WHATWG URL normalises: never use it on Swift URLs');
    });

    it('renders the COPY Destination / bulk-delete path', () => {
      assert.equal(containerPath('c 1', 'a/..'), '/c%201/a/%2E%2E');
      assert.equal(containerPath('c'), '/c');
    });
  });

  it('encodeSegment encodes every byte outside the unreserved set', () => {
    for (let code = 0; code < 0x80; code++) {
      const ch = String.fromCharCode(code);
      const expected = /[A-Za-z0-9\-._~]/.test(ch) ? ch : `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
      if (ch === '.') continue; // '.' alone is a dot segment, covered above
      assert.equal(encodeSegment(ch), expected, `code ${code}`);
    }
  });

  describe('messages and edges', () => {
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isOpenStackError(e, 'invalidInput') ? e.message : `not invalidInput: ${String(e)}`;
      }
      return 'no error';
    };

    it('says why a name cannot be sent', () => {
      assert.equal(
        message(() => encodeContainer('')),
        'A container name cannot be empty.',
      );
      assert.equal(
        message(() => encodeContainer('a/b')),
        'A container name cannot contain "/": "a/b"',
      );
      assert.equal(
        message(() => encodeObjectName('')),
        'An object name cannot be empty.',
      );
      assert.equal(
        message(() => swiftUrl(STORAGE, undefined, 'o')),
        'An object URL needs a container.',
      );
      assert.equal(
        message(() => encodeSegment('x\uD800')),
        'Name is not valid Unicode (lone surrogate): "x\\ud800"',
      );
    });

    it('encodes "." and ".." only as whole segments, and dots elsewhere as themselves', () => {
      assert.equal(encodeSegment('.'), '%2E');
      assert.equal(encodeSegment('..'), '%2E%2E');
      assert.equal(encodeSegment('...'), '...');
      assert.equal(encodeSegment('a.b'), 'a.b');
      assert.equal(encodeObjectName('./a/../b.'), '%2E/a/%2E%2E/b.');
    });

    it('leaves the query out when every value is left out, and ignores every trailing slash of the storage URL', () => {
      assert.equal(encodeQuery({ a: undefined, b: false }), '');
      assert.equal(encodeQuery(undefined), '');
      assert.equal(encodeQuery({ n: 0, e: '' }), '?n=0&e=');
      assert.equal(swiftUrl(`${STORAGE}///`, 'c'), `${STORAGE}/c`);
      assert.equal(swiftUrl(STORAGE, 'c', 'o/', undefined, { escapeFinalSlash: true }), `${STORAGE}/c/o%2F`);
      assert.equal(swiftUrl(STORAGE, 'c', 'o/'), `${STORAGE}/c/o/`);
    });

    it('decodes percent-encoding, or keeps text that is not valid percent-encoding', () => {
      assert.equal(decodeOrKeep('a%20b%2Fc'), 'a b/c');
      assert.equal(decodeOrKeep('100%'), '100%');
      assert.equal(decodeOrKeep('%E2%98'), '%E2%98');
    });

    it('quotes names for messages, escaping controls and cutting long names at whole characters', () => {
      assert.equal(displayName('a"b\n'), '"a\\"b\\n"');
      assert.equal(displayName('x'.repeat(120)), JSON.stringify('x'.repeat(120)));
      assert.equal(displayName('x'.repeat(121)), JSON.stringify(`${'x'.repeat(120)}…`));
      assert.equal(displayName('😀😀😀', 2), JSON.stringify('😀😀…'));
      assert.equal(displayName('😀😀', 2), JSON.stringify('😀😀'));
      // Invisible and reordering characters too: a message never shows "exe.txt" for "evil\u202Etxt.exe".
      assert.equal(displayName('evil\u202Etxt.exe'), '"evil\\u202etxt.exe"');
      assert.equal(displayName('zero\u200Bwidth\u2066'), '"zero\\u200bwidth\\u2066"');
    });
  });
});

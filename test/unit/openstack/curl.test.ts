import * as assert from 'node:assert/strict';
import { isOpenStackError } from '../../../src/openstack/errors';
import {
  curlDeleteObject,
  curlGetObject,
  curlHeadObject,
  curlListObjects,
  curlPutObject,
  safeLocalFileName,
  shellQuote,
} from '../../../src/openstack/curl';

const STORAGE = 'http://127.0.0.1:8080/v1/AUTH_a';
const INLINE = { mode: 'inline', token: 'gAAAA-tok_1' } as const;
const ENV = { mode: 'env', token: 'gAAAA-tok_1' } as const;

describe('curl', () => {
  describe('shellQuote', () => {
    const table: Array<[string, string]> = [
      ['', "''"],
      ['plain-word_1.txt', 'plain-word_1.txt'],
      ['-rf', '-rf'],
      ['a b', "'a b'"],
      ["it's", `'it'\\''s'`],
      ["''", `''\\'''\\'''`],
      ['$(touch x)`id`', "'$(touch x)`id`'"],
      ['back\\slash', "'back\\slash'"],
      ['new\nline', "'new\nline'"],
      ['=zsh-equals', "'=zsh-equals'"],
      ['~home', "'~home'"],
      ['*?[a]', "'*?[a]'"],
      ['é', "'é'"],
      ['!event', "'!event'"],
    ];
    for (const [arg, quoted] of table) {
      it(`quotes ${JSON.stringify(arg)} as ${quoted}`, () => assert.equal(shellQuote(arg), quoted));
    }
    it('refuses NUL, which no argument can hold', () => {
      assert.throws(() => shellQuote('a\0b'), (e) => isOpenStackError(e, 'invalidInput'));
    });
  });

  describe('safeLocalFileName', () => {
    const table: Array<[string, string]> = [
      ['a/b/c.txt', 'c.txt'],
      ['dir/', 'dir'],
      ['/lead', 'lead'],
      ['..', 'download'],
      ['a/.', 'download'],
      ['///', 'download'],
      ['x\ny\tz\u0000', 'x_y_z_'],
      ['\u202etxt.exe', '_txt.exe'],
      ['-rf', '-rf'],
      ["it's $(x)", "it's $(x)"],
      ['👨‍👩‍👧.png', '👨‍👩‍👧.png'],
    ];
    for (const [name, file] of table) {
      it(`names the download of ${JSON.stringify(name)} ${JSON.stringify(file)}`, () => assert.equal(safeLocalFileName(name), file));
    }
    it('keeps at most 255 UTF-8 bytes without splitting a character', () => {
      const file = safeLocalFileName('é'.repeat(300));
      assert.equal(file, 'é'.repeat(127));
    });
  });

  describe('commands', () => {
    it('HEAD with an inline token', () => {
      const cmd = curlHeadObject({ storageUrl: STORAGE, container: 'c', name: "it's/a b", token: INLINE });
      assert.equal(cmd.text, `curl -sS --fail-with-body --head -H 'X-Auth-Token: gAAAA-tok_1' '${STORAGE}/c/it%27s/a%20b'\n`);
      assert.deepEqual(cmd.argv, ['curl', '-sS', '--fail-with-body', '--head', '-H', 'X-Auth-Token: gAAAA-tok_1', `${STORAGE}/c/it%27s/a%20b`]);
    });

    it('GET to a safe local file, with the token from the environment', () => {
      const cmd = curlGetObject({ storageUrl: STORAGE, container: 'c', name: 'dir/-x y', token: ENV });
      assert.equal(
        cmd.text,
        `export OS_AUTH_TOKEN=gAAAA-tok_1\ncurl -sS --fail -H "X-Auth-Token: \${OS_AUTH_TOKEN}" -o './-x y' '${STORAGE}/c/dir/-x%20y'\n`,
      );
      assert.deepEqual(cmd.argv.slice(-3), ['-o', './-x y', `${STORAGE}/c/dir/-x%20y`]);
    });

    it('PUT from a file; a trailing slash is sent as %2F so curl does not append the file name', () => {
      const cmd = curlPutObject({ storageUrl: STORAGE, container: 'c', name: 'folder/', localFile: '-in file', contentType: 'text/plain', token: INLINE });
      assert.deepEqual(cmd.argv.slice(5), ['-H', 'Content-Type: text/plain', '-T', './-in file', `${STORAGE}/c/folder%2F`]);
    });

    it('DELETE and listing', () => {
      assert.deepEqual(curlDeleteObject({ storageUrl: STORAGE, container: 'c', name: '..', token: INLINE }).argv.slice(3, 5), ['-X', 'DELETE']);
      assert.equal(curlDeleteObject({ storageUrl: STORAGE, container: 'c', name: '..', token: INLINE }).argv.at(-1), `${STORAGE}/c/%2E%2E`);
      const list = curlListObjects({ storageUrl: STORAGE, container: 'my c', prefix: 'a+b/', delimiter: '/', limit: 5, token: INLINE });
      assert.equal(list.argv.at(-1), `${STORAGE}/my%20c?format=json&prefix=a%2Bb%2F&delimiter=%2F&limit=5`);
    });

    it('refuses an export variable that is not a name', () => {
      assert.throws(
        () => curlHeadObject({ storageUrl: STORAGE, container: 'c', name: 'o', token: { mode: 'env', token: 't', variable: 'A;rm' } }),
        (e) => isOpenStackError(e, 'invalidInput'),
      );
    });
  });
});

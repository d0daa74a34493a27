import * as assert from 'node:assert/strict';
import { isOpenStackError } from '../../../src/openstack/errors';
import { curlDeleteObject, curlGetObject, curlHeadObject, curlListObjects, curlPutObject, safeLocalFileName, shellQuote } from '../../../src/openstack/curl';

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
      assert.throws(
        () => shellQuote('a\0b'),
        (e) => isOpenStackError(e, 'invalidInput') && e.message === 'A shell argument cannot contain a NUL character.',
      );
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
      assert.equal(cmd.text, `curl --globoff -sS --fail-with-body --head -H 'X-Auth-Token: gAAAA-tok_1' '${STORAGE}/c/it%27s/a%20b'\n`);
      assert.deepEqual(cmd.argv, ['curl', '--globoff', '-sS', '--fail-with-body', '--head', '-H', 'X-Auth-Token: gAAAA-tok_1', `${STORAGE}/c/it%27s/a%20b`]);
    });

    it('GET to a safe local file, with the token from the environment', () => {
      const cmd = curlGetObject({ storageUrl: STORAGE, container: 'c', name: 'dir/-x y', token: ENV });
      assert.equal(
        cmd.text,
        `export OS_AUTH_TOKEN=gAAAA-tok_1\ncurl --globoff -sS --fail -H "X-Auth-Token: \${OS_AUTH_TOKEN}" -o './-x y' '${STORAGE}/c/dir/-x%20y'\n`,
      );
      assert.deepEqual(cmd.argv.slice(-3), ['-o', './-x y', `${STORAGE}/c/dir/-x%20y`]);
    });

    it('PUT from a file; a trailing slash is sent as %2F so curl does not append the file name', () => {
      const cmd = curlPutObject({ storageUrl: STORAGE, container: 'c', name: 'folder/', localFile: '-in file', contentType: 'text/plain', token: INLINE });
      assert.deepEqual(cmd.argv.slice(6), ['-H', 'Content-Type: text/plain', '-T', './-in file', `${STORAGE}/c/folder%2F`]);
    });

    it('DELETE and listing', () => {
      assert.deepEqual(curlDeleteObject({ storageUrl: STORAGE, container: 'c', name: '..', token: INLINE }).argv.slice(4, 6), ['-X', 'DELETE']);
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

    it('uses a variable the caller names, and quotes an inline token that needs it', () => {
      const env = curlHeadObject({ storageUrl: STORAGE, container: 'c', name: 'o', token: { mode: 'env', token: "t'k n", variable: '_My_TOKEN2' } });
      assert.equal(env.text, `export _My_TOKEN2='t'\\''k n'\ncurl --globoff -sS --fail-with-body --head -H "X-Auth-Token: \${_My_TOKEN2}" ${STORAGE}/c/o\n`);
      assert.equal(env.argv[6], "X-Auth-Token: t'k n");
      const inline = curlHeadObject({ storageUrl: STORAGE, container: 'c', name: 'o', token: { mode: 'inline', token: 'a b' } });
      assert.equal(inline.text, `curl --globoff -sS --fail-with-body --head -H 'X-Auth-Token: a b' ${STORAGE}/c/o\n`);
      for (const variable of ['1A', 'A-B', 'A B', '', 'A\n', '$A']) {
        assert.throws(
          () => curlHeadObject({ storageUrl: STORAGE, container: 'c', name: 'o', token: { mode: 'env', token: 't', variable } }),
          (e) => isOpenStackError(e, 'invalidInput') && e.message === `Not a shell variable name: ${JSON.stringify(variable)}`,
          variable,
        );
      }
    });

    it('GET to the file the caller names, kept from looking like an option', () => {
      const cmd = curlGetObject({ storageUrl: STORAGE, container: 'c', name: 'a/b', outputFile: 'out.bin', token: INLINE });
      assert.deepEqual(cmd.argv, ['curl', '--globoff', '-sS', '--fail', '-H', 'X-Auth-Token: gAAAA-tok_1', '-o', 'out.bin', `${STORAGE}/c/a/b`]);
      assert.deepEqual(curlGetObject({ storageUrl: STORAGE, container: 'c', name: 'a', outputFile: '-o', token: INLINE }).argv[7], './-o');
      assert.deepEqual(curlGetObject({ storageUrl: STORAGE, container: 'c', name: 'a', outputFile: 'x-', token: INLINE }).argv[7], 'x-');
    });

    it('PUT without a content type sends none', () => {
      const cmd = curlPutObject({ storageUrl: STORAGE, container: 'c', name: 'o', localFile: 'f', token: INLINE });
      assert.deepEqual(cmd.argv, ['curl', '--globoff', '-sS', '--fail-with-body', '-H', 'X-Auth-Token: gAAAA-tok_1', '-T', 'f', `${STORAGE}/c/o`]);
      assert.equal(cmd.text, `curl --globoff -sS --fail-with-body -H 'X-Auth-Token: gAAAA-tok_1' -T f ${STORAGE}/c/o\n`);
    });

    it('DELETE exactly, and a listing from a marker, empty options left out', () => {
      assert.deepEqual(curlDeleteObject({ storageUrl: STORAGE, container: 'c', name: 'o', token: INLINE }).argv, [
        'curl',
        '--globoff',
        '-sS',
        '--fail-with-body',
        '-X',
        'DELETE',
        '-H',
        'X-Auth-Token: gAAAA-tok_1',
        `${STORAGE}/c/o`,
      ]);
      const list = curlListObjects({ storageUrl: STORAGE, container: 'c', prefix: '', delimiter: '', marker: 'm/1', token: INLINE });
      assert.deepEqual(list.argv, ['curl', '--globoff', '-sS', '--fail-with-body', '-H', 'X-Auth-Token: gAAAA-tok_1', `${STORAGE}/c?format=json&marker=m%2F1`]);
    });
  });

  describe('safeLocalFileName edges', () => {
    it('replaces every control, C1 and bidi character, and nothing next to them', () => {
      const unsafe = ['\u0000', '\u001f', '\u007f', '\u0080', '\u009f', '\u061c', '\u200e', '\u200f', '\u202a', '\u202e', '\u2066', '\u2069'];
      for (const ch of unsafe) assert.equal(safeLocalFileName(`a${ch}b`), 'a_b', JSON.stringify(ch));
      const safe = [' ', '~', '\u00a0', '\u061b', '\u200d', '\u2029', '\u202f', '\u2065', '\u206a'];
      for (const ch of safe) assert.equal(safeLocalFileName(`a${ch}b`), `a${ch}b`, JSON.stringify(ch));
    });

    it('keeps a name of exactly 255 bytes whole', () => {
      assert.equal(safeLocalFileName('x'.repeat(255)), 'x'.repeat(255));
      assert.equal(safeLocalFileName('x'.repeat(256)), 'x'.repeat(255));
      assert.equal(safeLocalFileName('dir/'.repeat(3) + 'last//'), 'last');
    });
  });
});

/** Edges of the OpenRC reader found by mutation testing: each line is a word the shell reads one way. */
import * as assert from 'node:assert/strict';
import { ImportError } from '../../../src/auth/import/common';
import { readShellAssignments } from '../../../src/auth/import/shell';

const read = readShellAssignments;
const value = (text: string, name = 'V') => read(text).vars[name];
const asked = (text: string) => [...read(text).fromCommands].sort();

describe('auth/import/shell: edges', () => {
  it('assignment forms: export, declare -x, typeset -x, readonly, leading blanks, CRLF, several per line', () => {
    assert.equal(value('   export V=1'), '1');
    assert.equal(value('\tdeclare -x V=2'), '2');
    assert.equal(value('typeset -x V=3'), '3');
    assert.equal(value('readonly V=4'), '4');
    assert.equal(value('V=5\r\nW=6\r\n', 'W'), '6');
    assert.equal(value('V=5\r\n'), '5');
    assert.deepEqual(read('A=1   B=2\tC=3').vars, Object.assign(Object.create(null), { A: '1', B: '2', C: '3' }));
    assert.equal(value('export A=1 echo V=2'), undefined, 'a word that is not an assignment ends the line');
    assert.equal(value('echo V=2'), undefined);
    assert.equal(value('export V'), undefined);
    assert.equal(value('1V=2', '1V'), undefined);
    assert.equal(value('V_9=x', 'V_9'), 'x');
  });

  it('words end at blanks and shell operators', () => {
    for (const op of [' ', ';', '&', '|', '<', '>', '(', ')']) assert.equal(value(`V=ab${op}cd`), 'ab', JSON.stringify(op));
    assert.equal(value('V='), '');
    assert.equal(value('V=a\\;b'), 'a;b');
    assert.equal(value('V=abc\\'), 'abc', 'a backslash at the end of the line');
  });

  it('single and double quotes, unterminated ones ending with their line', () => {
    assert.equal(value("V='abc"), 'abc');
    assert.equal(value("V='a b'c"), 'a bc');
    assert.equal(value('V="abc'), 'abc');
    assert.equal(value('V="a\\nb"'), 'a\\nb', 'only $ ` " \\ are escaped inside double quotes');
    assert.equal(value('V="a\\`b"'), 'a`b');
    assert.equal(value('V="a\\'), 'a\\');
    assert.equal(value('U=x\nV="<$U>"'), '<x>');
    assert.equal(value('V="a"b'), 'ab', 'the word goes on after the closing quote');
  });

  it("$'…' C escapes, hex and octal included", () => {
    assert.equal(value("V=$'\\n\\t\\r\\a\\b\\e\\E\\f\\v'"), '\n\t\r\x07\b\x1b\x1b\f\v');
    assert.equal(value("V=$'\\\\\\'\\\"\\?'"), '\\\'"?');
    assert.equal(value("V=$'\\x41\\x4g\\x'"), 'A\x04g\\x');
    assert.equal(value("V=$'\\101\\0\\1011'"), 'A\x00A1');
    assert.equal(value("V=$'\\q'"), '\\q', 'an unknown escape stays as written');
    assert.equal(value("V=$'abc\\"), 'abc\\', 'a backslash at the end of the line');
    assert.equal(value("V=$'a'b"), 'ab');
  });

  it('$ references: names, special parameters, and a lone $', () => {
    assert.equal(value('U=u\nV=$U.x'), 'u.x');
    assert.equal(value('V=$UNSET-x'), '-x');
    for (const p of ['1', '#', '?', '$', '!', '*', '@', '-', '0']) assert.equal(value(`V=a$${p}b`), 'ab', p);
    assert.equal(value('V=a$'), 'a$');
    assert.equal(value('V=a$%b'), 'a$%b');
    assert.equal(value('V="a$"'), 'a$');
  });

  it('command substitutions: backticks (unterminated too) and $(…) with nested parens and quotes', () => {
    assert.deepEqual(read('V=`whoami`after').vars.V, 'after');
    assert.deepEqual(asked('V=`whoami`after'), ['V']);
    assert.equal(value('V=a`unterminated'), 'a');
    assert.equal(value("V=$(echo (x) ')' )after"), 'after');
    assert.deepEqual(asked("V=$(echo (x) ')' )after"), ['V']);
    assert.equal(value("V=$(echo ')"), '', 'an unterminated quote in $(…) ends the line');
    assert.deepEqual(asked('V="x`y`"'), ['V']);
    assert.deepEqual(asked('V=$(a)\nV=plain'), [], 'a plain value later replaces the command');
  });

  it('${…} forms: plain, positional, special, unterminated, and those skipped', () => {
    assert.equal(value('U=u\nV=${U}x'), 'ux');
    assert.equal(value('V=${1}x'), 'x');
    assert.equal(value('V=${#}x'), 'x');
    assert.equal(value('U=abc\nV=${#U}x'), 'x', '${#VAR} is skipped');
    assert.equal(value('U=abc\nV=${U%c}x'), 'abcx', '${VAR%…}: the value, unchanged');
    assert.equal(value('U=abc\nV=${U'), 'abc', 'unterminated');
    assert.equal(value('V=${!'), '', 'unterminated, skipped');
    assert.equal(value('U=u\nV=${U:?gone}'), 'u');
    assert.equal(value('V=${U?gone}'), '');
  });

  it('${VAR=word} and ${VAR:=word}: assign only when unset (or empty for :=), never to positional names', () => {
    assert.equal(value('V=${U=w}\nW=$U', 'W'), 'w');
    assert.equal(value('U=\nV=${U=w}'), '');
    assert.equal(value('U=\nV=${U=w}\nW=$U', 'W'), '');
    assert.equal(value('U=\nV=${U:=w}\nW=$U', 'W'), 'w');
    assert.equal(value('U=x\nV=${U:=w}'), 'x');
    assert.equal(value('U=x\nV=${U=w}'), 'x');
    assert.equal(value('V=${1:=w}'), 'w');
    assert.equal(read('V=${1:=w}').vars['1'], undefined);
    assert.deepEqual(asked('V=${U:=$(cmd)}'), ['U', 'V']);
    assert.deepEqual(asked('V=${U:=plain}'), []);
  });

  it('${VAR-word}, ${VAR:+word} and ${VAR+word}, and what comes from a command travels with them', () => {
    assert.equal(value('U=\nV=${U+set}'), 'set');
    assert.equal(value('U=\nV=${U:+set}'), '');
    assert.equal(value('V=${U+set}'), '');
    assert.deepEqual(asked('U=x\nV=${U:+$(cmd)}'), ['V']);
    assert.deepEqual(asked('V=${U:-$(cmd)}'), ['V']);
    assert.deepEqual(asked('U=$(cmd)\nV=${U}'), ['U', 'V']);
    assert.deepEqual(asked('U=$(cmd)\nV=${U-x}'), ['U', 'V']);
    assert.deepEqual(asked('U=x\nV=${U:-$(cmd)}'), [], 'the word is not used');
    assert.deepEqual(asked('V=${U:+$(cmd)}'), []);
  });

  it('read, unset and ":" lines', () => {
    const r = read("read -p 'Password: ' -sr OS_PASSWORD_INPUT\nexport OS_PASSWORD=$OS_PASSWORD_INPUT");
    assert.deepEqual([...r.read], ['OS_PASSWORD_INPUT']);
    assert.equal(r.vars.OS_PASSWORD_INPUT, '');
    assert.deepEqual([...r.fromCommands].sort(), ['OS_PASSWORD', 'OS_PASSWORD_INPUT']);
    assert.deepEqual([...read('  read -s "prompt: " X').read], ['X']);
    assert.deepEqual([...read('read Y').read], ['Y']);
    assert.deepEqual([...read('reader=1').read], []);
    const u = read('A=$(a)\nB=2\nC=3\nunset -v A  B\n');
    assert.deepEqual(Object.keys(u.vars), ['C']);
    assert.deepEqual([...u.fromCommands], []);
    assert.deepEqual(Object.keys(read('A=1\n  unset A').vars), []);
    const c = read(': ${A:=1}   ${B:=2};${C:=3}');
    assert.deepEqual([c.vars.A, c.vars.B, c.vars.C], ['1', '2', undefined]);
    assert.equal(read(':${A:=1}').vars.A, undefined, '":" must be followed by a blank');
  });

  it('a value past 64 KiB once expanded is refused with a sentence naming the variable', () => {
    const lines = ['V=xxxxxxxxxxxxxxxx'];
    for (let i = 0; i < 13; i++) lines.push('V=$V$V');
    assert.throws(
      () => read(lines.join('\n')),
      (e: unknown) =>
        e instanceof ImportError &&
        e.message === '"V" in the OpenRC file is longer than 64 KiB once its $variables are expanded: it does not look like an OpenRC file.',
    );
    assert.equal(read(lines.slice(0, 13).join('\n')).vars.V.length, 64 * 1024, 'exactly the bound');
    assert.equal(value(`V=${'x'.repeat(64 * 1024)}`).length, 64 * 1024);
  });

  it('nesting of 16 ${…} is read; the 17th is refused', () => {
    const nest = (n: number) => `V=${'${X:-'.repeat(n)}x${'}'.repeat(n)}`;
    assert.equal(value(nest(16)), 'x');
    assert.throws(() => value(nest(17)), /"V" in the OpenRC file nests \$\{…\} more than 16 deep\./);
  });

  it('read and unset with several blanks, and a "read" that is not the first word', () => {
    assert.deepEqual([...read('read  A\nread -s  B\nread -p \'P: \'  C\nread -p "P: "  D').read], ['A', 'B', 'C', 'D']);
    assert.deepEqual([...read('echo read E').read], []);
    assert.deepEqual(Object.keys(read('A=1\nB=2\nC=3\nunset  A\nunset -v  B').vars), ['C']);
  });

  it('a ": " later in the line is not a ":" line; blanks after ":" and between its words', () => {
    assert.equal(value('export V=https://k/v3 # see: the docs'), 'https://k/v3');
    assert.equal(read(':  ${A:=1}').vars.A, '1');
    assert.equal(read(': ${A:=1}\t${B:=2}').vars.B, '2');
    const big = `X=${'x'.repeat(40 * 1024)}\n: \${V:=$X$X}`;
    assert.throws(() => read(big), /^ImportError: "a ":" line" in the OpenRC file is longer than 64 KiB/);
  });

  it("several assignments with longer names; a quote right after text is a quote, not $'…'", () => {
    assert.equal(value('A=1 VV=2', 'VV'), '2');
    assert.equal(value("V=x'a'"), 'xa');
    assert.equal(value("V=x$'\\t'"), 'x\t');
  });

  it("$'…': hex and octal only right after the backslash", () => {
    assert.equal(value("V=$'\\qx41'"), '\\qx41');
    assert.equal(value("V=$'\\a12'"), '\x0712');
  });

  it('a name of 256 characters is read whole', () => {
    const name = 'N'.repeat(256);
    assert.equal(value(`${name}=x\nV=$${name}`), 'x');
  });

  it('${…} that is no parameter is skipped, terminated or not; positional and special defaults', () => {
    assert.equal(value('U=1\nV=a${/U}b'), 'ab');
    assert.equal(value('U=1\nV=a${/U'), 'a');
    assert.equal(value('V=${1:-demo}'), 'demo');
    assert.equal(value('V=${@:-all}'), 'all');
    assert.equal(value('V=${U:-abc'), 'abc', 'an unterminated default ends with the line');
    assert.equal(value(`V=${'${X:-x}'.repeat(20)}`), 'x'.repeat(20), 'siblings are not nesting');
  });

  it('a quoted ")" inside $(…) does not end it', () => {
    assert.equal(value("V=$(echo ')')x"), 'x');
    assert.deepEqual(asked("V=$(echo ')')x"), ['V']);
  });
});

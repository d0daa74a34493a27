import * as assert from 'node:assert/strict';
import { readShellAssignments } from '../../../src/auth/import/shell';

const value = (text: string, name = 'V') => readShellAssignments(text).vars[name];

describe('auth/import/shell: OpenRC words as the shell reads them, nothing run', () => {
  it('parameter expansion: :- - := = :+ +, unset and empty told apart', () => {
    assert.equal(value('V=${U:-"Default"}'), 'Default');
    assert.equal(value('U=\nV=${U:-x}'), 'x', ':- uses the word for an empty value');
    assert.equal(value('U=\nV=${U-x}'), '', '- keeps an empty value');
    assert.equal(value('V=${U-x}'), 'x');
    assert.equal(value('V=${U:=set}\nW=$U', 'W'), 'set', ':= assigns');
    assert.equal(value('U=a\nV=${U:+alt}'), 'alt');
    assert.equal(value('V=${U:+alt}'), '');
    assert.equal(value('U=inner\nV=${X:-${Y:-$U}}'), 'inner', 'nested words expand');
    assert.equal(value(': ${V:=GRA7}'), 'GRA7', '":" lines assign their defaults');
  });

  it("every quoting form: 'it'\\''s', \"…\" escapes, $'…', bare backslashes", () => {
    assert.equal(value("V='it'\\''s'"), "it's");
    assert.equal(value('V="a \\"b\\" \\$c \\\\ \\d"'), 'a "b" $c \\ \\d');
    assert.equal(value("V=$'tab\\there\\x21\\047'"), "tab\there!'");
    assert.equal(value('V=a\\ b'), 'a b');
    assert.equal(value('V=\'a\'"b"c'), 'abc');
    assert.equal(value('export A=1 V=2'), '2', 'several assignments on one export line');
  });

  it('command substitution and terminal reads are marked to be asked, never taken as text', () => {
    const s = readShellAssignments('A=$(pass show x)\nB=`whoami`\nC="pre-$(date)"\nD=$A\nread -sr E\nF=$E\nG=plain\nunset A');
    assert.deepEqual([...s.fromCommands].sort(), ['B', 'C', 'D', 'E', 'F']);
    assert.equal(s.vars.A, undefined, 'unset');
    assert.equal(s.vars.G, 'plain');
    assert.ok(!Object.values(s.vars).some((v) => /pass|whoami|date/.test(v)), 'no command text in any value');
  });

  it('a variable the file does not set is asked, not taken as empty: "$HOME/ca.pem" is no "/ca.pem"', () => {
    const s = readShellAssignments('A=$HOME/certs/ca.pem\nB="${USER}"\nC=${HOME:-/root}\nD=x${UNSET:+y}\nE=$1${2}\nSET=v\nF=$SET');
    assert.deepEqual([...s.fromCommands].sort(), ['A', 'B']);
    assert.deepEqual([s.vars.C, s.vars.D, s.vars.E, s.vars.F], ['/root', 'x', '', 'v'], 'a default, an alternative, a positional parameter, a set one');
  });

  it('reads the commands after ; and && on a line, not after ||, in an if or in a comment', () => {
    const s = readShellAssignments('export A=1; export B=2 && C=3; D=4 || E=5\nif true; then F=6; fi\nG=7;H=8\nI=9 #K=11;');
    assert.deepEqual(Object.keys(s.vars).sort(), ['A', 'B', 'C', 'D', 'G', 'H', 'I'], 'nothing after || or in a comment');
    assert.equal(s.vars.H, '8');
  });

  it('bounds nesting: a hostile ${ chain ends in one sentence', () => {
    assert.throws(() => value(`V=${'${X:-'.repeat(100)}x${'}'.repeat(100)}`), /nests \$\{…\} more than 16 deep/);
  });
});

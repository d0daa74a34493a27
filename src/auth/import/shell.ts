/**
 * Reads the assignments of a POSIX shell file (an OpenRC) without running anything: `NAME=word` and
 * `export NAME=word …`, `unset NAME`, `read … NAME`. A word is read as the shell reads it: '…' literally,
 * "…" with $-expansions and \ escapes, $'…' with C escapes, bare text with \ escapes, `$VAR`, `${VAR}`,
 * `${VAR:-word}`, `${VAR-word}`, `${VAR:=word}`, `${VAR=word}`, `${VAR:+word}`, `${VAR+word}`. A command
 * substitution (`$(…)`, backticks) is never run and never taken as text, nor is a variable the file does not set
 * (`$HOME`): the variable is marked to be asked. Commands after `;` or `&&` on a line are read too. Anything else
 * (if, echo, functions) is skipped line by line. Linear in the text, bounded values.
 */
import * as l10n from '@vscode/l10n';
import { ImportError } from './common';

export interface ShellAssignments {
  vars: Record<string, string>;
  /** Variables whose value comes from a command the shell would run: ask the user for them instead. */
  fromCommands: Set<string>;
  /** Variables the file reads from the terminal (`read -sr OS_PASSWORD_INPUT`). */
  read: Set<string>;
}

/** No OpenRC value (URL, name, password) comes near this; a file whose $variables expand past it is hostile. */
const MAX_VALUE_CHARS = 64 * 1024;
const MAX_NESTING = 16;

interface Word {
  text: string;
  /** Some part came from a command substitution. */
  fromCommand: boolean;
}

export function readShellAssignments(text: string): ShellAssignments {
  const state: ShellAssignments = { vars: Object.create(null) as Record<string, string>, fromCommands: new Set(), read: new Set() };
  for (const rawLine of text.split(/\r?\n/)) readLine(rawLine, state);
  return state;
}

const ASSIGNMENT = /^(?:(?:export|declare\s+-x|typeset\s+-x|readonly)\s+)?([A-Za-z_][A-Za-z0-9_]*)=/;

function readLine(rawLine: string, state: ShellAssignments): void {
  const line = rawLine.replace(/^\s+/, '');
  const read = /^read\s+(?:-[A-Za-z]+\s+(?:'[^']*'\s+|"[^"]*"\s+)?)*([A-Za-z_][A-Za-z0-9_]*)/.exec(line);
  if (read) {
    // What is typed at the terminal is a value to ask for, like a command's output.
    state.read.add(read[1]);
    state.vars[read[1]] = '';
    state.fromCommands.add(read[1]);
    return;
  }
  const unset = /^unset\s+(?:-v\s+)?([A-Za-z_][A-Za-z0-9_ \t]*)/.exec(line);
  if (unset) {
    for (const name of unset[1].trim().split(/\s+/)) {
      delete state.vars[name];
      state.fromCommands.delete(name);
    }
    return;
  }
  const colon = /^:[ \t]+/.exec(line);
  if (colon) {
    // `: ${VAR:=default}`: the words are expanded for their assignments, nothing runs.
    let pos = colon[0].length;
    while (pos < line.length) {
      const reader = new WordReader(line, pos, state, 'a ":" line');
      reader.word();
      // A character that ends words (;, |, …) ends the line's words too.
      if (reader.pos === pos) break;
      pos = reader.pos;
      while (line[pos] === ' ' || line[pos] === '\t') pos++;
    }
    return;
  }
  let rest = line;
  let first = true;
  // `export A=1 B=2` assigns both; a plain `A=1 B=2` too.
  for (;;) {
    const m = (first ? ASSIGNMENT : /^([A-Za-z_][A-Za-z0-9_]*)=/).exec(rest);
    if (!m) {
      // `export A=1; export B=2` and `A=1 && B=2`: the next command on the line is read as a line of its own (after
      // `||`, or anything else, it might not run: skipped).
      const next = first ? undefined : /^(?:;|&&)[ \t]*/.exec(rest);
      if (next) readLine(rest.slice(next[0].length), state);
      return;
    }
    const name = m[1];
    const reader = new WordReader(rest, m[0].length, state, name);
    const word = reader.word();
    state.vars[name] = word.text;
    if (word.fromCommand) state.fromCommands.add(name);
    else state.fromCommands.delete(name);
    rest = rest.slice(reader.pos).replace(/^[ \t]+/, '');
    first = false;
  }
}

class WordReader {
  private depth = 0;
  constructor(
    private readonly s: string,
    public pos: number,
    private readonly state: ShellAssignments,
    private readonly name: string,
  ) {}

  /** A bare word: up to a blank, `;`, `&`, `|` or the end of the line. */
  word(): Word {
    const out = this.out();
    while (this.pos < this.s.length) {
      const c = this.s[this.pos];
      if (/[\s;&|<>()]/.test(c)) break;
      this.part(out, '');
    }
    return out;
  }

  private out(): Word & { add(text: string): void } {
    const w = {
      text: '',
      fromCommand: false,
      add: (text: string) => {
        if (w.text.length + text.length > MAX_VALUE_CHARS) {
          throw new ImportError(
            l10n.t('"{0}" in the OpenRC file is longer than 64 KiB once its $variables are expanded: it does not look like an OpenRC file.', this.name),
          );
        }
        w.text += text;
      },
    };
    return w;
  }

  /** One piece of a word outside double quotes; `stop` ends a ${…} word. */
  private part(out: ReturnType<WordReader['out']>, stop: string): void {
    const s = this.s;
    const c = s[this.pos];
    if (c === '\\') {
      this.pos += 2;
      if (this.pos - 1 < s.length) out.add(s[this.pos - 1]);
      return;
    }
    if (c === "'") {
      const end = s.indexOf("'", this.pos + 1);
      // An unterminated quote ends with its line (the file is read line by line).
      const close = end < 0 ? s.length : end;
      out.add(s.slice(this.pos + 1, close));
      this.pos = close + 1;
      return;
    }
    if (c === '"') {
      this.pos++;
      this.doubleQuoted(out);
      return;
    }
    if (c === '$' && s[this.pos + 1] === "'") {
      this.pos += 2;
      this.ansiC(out);
      return;
    }
    if (c === '$' || c === '`') {
      this.expansion(out);
      return;
    }
    if (stop && c === stop) return;
    out.add(c);
    this.pos++;
  }

  private doubleQuoted(out: ReturnType<WordReader['out']>): void {
    const s = this.s;
    while (this.pos < s.length && s[this.pos] !== '"') {
      const c = s[this.pos];
      if (c === '\\' && this.pos + 1 < s.length && '$`"\\'.includes(s[this.pos + 1])) {
        out.add(s[this.pos + 1]);
        this.pos += 2;
      } else if (c === '$' || c === '`') this.expansion(out);
      else {
        out.add(c);
        this.pos++;
      }
    }
    this.pos++;
  }

  private ansiC(out: ReturnType<WordReader['out']>): void {
    const s = this.s;
    const escapes: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      a: '\x07',
      b: '\b',
      e: '\x1b',
      E: '\x1b',
      f: '\f',
      v: '\v',
      '\\': '\\',
      "'": "'",
      '"': '"',
      '?': '?',
    };
    while (this.pos < s.length && s[this.pos] !== "'") {
      const c = s[this.pos];
      if (c !== '\\' || this.pos + 1 >= s.length) {
        out.add(c);
        this.pos++;
        continue;
      }
      const e = s[this.pos + 1];
      const hex = /^x([0-9A-Fa-f]{1,2})/.exec(s.slice(this.pos + 1, this.pos + 4));
      const oct = /^([0-7]{1,3})/.exec(s.slice(this.pos + 1, this.pos + 4));
      if (hex) {
        out.add(String.fromCharCode(parseInt(hex[1], 16)));
        this.pos += 1 + hex[0].length;
      } else if (oct) {
        out.add(String.fromCharCode(parseInt(oct[1], 8)));
        this.pos += 1 + oct[0].length;
      } else {
        out.add(escapes[e] ?? `\\${e}`);
        this.pos += 2;
      }
    }
    this.pos++;
  }

  /** At `$` or a backtick. */
  private expansion(out: ReturnType<WordReader['out']>): void {
    const s = this.s;
    if (s[this.pos] === '`') {
      const end = s.indexOf('`', this.pos + 1);
      this.pos = end < 0 ? s.length : end + 1;
      out.fromCommand = true;
      return;
    }
    const next = s[this.pos + 1];
    if (next === '(') {
      this.skipParens();
      out.fromCommand = true;
      return;
    }
    if (next === '{') {
      this.pos += 2;
      this.braced(out);
      return;
    }
    const ref = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(this.pos + 1, this.pos + 1 + 256));
    if (ref) {
      out.add(this.value(ref[0], out) ?? this.fromShell(out));
      this.pos += 1 + ref[0].length;
      return;
    }
    if (next !== undefined && /[0-9#?$!*@-]/.test(next)) {
      // Positional and special parameters: empty when the file is sourced on its own.
      this.pos += 2;
      return;
    }
    out.add('$');
    this.pos++;
  }

  /** After `${`: NAME, then `}` or an operator and a word up to the matching `}`. */
  private braced(out: ReturnType<WordReader['out']>): void {
    const s = this.s;
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[#?$!*@-])(:?[-=+?])?/.exec(s.slice(this.pos, this.pos + 260));
    if (!m) {
      // ${#VAR}, ${VAR%…} and friends: not in OpenRC files; skip to the brace.
      const end = s.indexOf('}', this.pos);
      this.pos = end < 0 ? s.length : end + 1;
      return;
    }
    const name = m[1];
    const op = m[2];
    this.pos += m[0].length;
    let word: Word | undefined;
    if (op) {
      if (++this.depth > MAX_NESTING) throw new ImportError(l10n.t('"{0}" in the OpenRC file nests ${…} more than {1} deep.', this.name, MAX_NESTING));
      const inner = this.out();
      while (this.pos < s.length && s[this.pos] !== '}') this.part(inner, '}');
      this.depth--;
      word = inner;
    } else if (s[this.pos] !== '}') {
      const end = s.indexOf('}', this.pos);
      this.pos = end < 0 ? s.length : end;
    }
    this.pos++;
    const probe: Word = { text: '', fromCommand: false };
    const value = this.value(name, probe);
    const set = value !== undefined;
    const useValue = () => {
      out.add(value ?? '');
      if (probe.fromCommand) out.fromCommand = true;
    };
    const nonEmpty = set && value !== '';
    const useWord = () => {
      if (!word) return;
      out.add(word.text);
      if (word.fromCommand) out.fromCommand = true;
    };
    switch (op) {
      case undefined:
        if (set) useValue();
        // (A positional or special parameter, `${1}`, is empty when the file is sourced on its own, as `$1` is.)
        else if (/^[A-Za-z_]/.test(name)) out.add(this.fromShell(out));
        return;
      case ':-':
      case '-':
        if (op === ':-' ? nonEmpty : set) useValue();
        else useWord();
        return;
      case ':=':
      case '=':
        if (op === ':=' ? nonEmpty : set) useValue();
        else {
          useWord();
          if (word && /^[A-Za-z_]/.test(name)) {
            this.state.vars[name] = word.text;
            if (word.fromCommand) this.state.fromCommands.add(name);
          }
        }
        return;
      case ':+':
      case '+':
        if (op === ':+' ? nonEmpty : set) useWord();
        return;
      default:
        // ${VAR:?message}: the shell stops when VAR is unset; a value, if any, is the variable's.
        useValue();
    }
  }

  /**
   * A variable the file never sets (`$HOME`, `${USER}`): the user's shell has a value the file does not say, so the
   * word is asked like a command's output, not taken with nothing in its place ("$HOME/ca.pem" is not "/ca.pem").
   */
  private fromShell(out: Word): string {
    out.fromCommand = true;
    return '';
  }

  /** The file's value of `name`; a variable that came from a command (or the terminal) makes `out` one too. */
  private value(name: string, out: Word): string | undefined {
    if (!Object.hasOwn(this.state.vars, name)) return undefined;
    if (this.state.fromCommands.has(name)) out.fromCommand = true;
    return this.state.vars[name];
  }

  private skipParens(): void {
    const s = this.s;
    let depth = 0;
    while (this.pos < s.length) {
      const c = s[this.pos++];
      if (c === '(') depth++;
      else if (c === ')' && --depth === 0) return;
      else if (c === "'") {
        const end = s.indexOf("'", this.pos);
        this.pos = end < 0 ? s.length : end + 1;
      }
    }
  }
}

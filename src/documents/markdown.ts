/**
 * Markdown building blocks for the read-only documents. The documents are read as raw text in an editor
 * as often as in a preview, so tables are padded to line up and every value from a server is escaped: a
 * name may hold `|`, backticks, `<`, or a newline, and must not break (or inject into) the layout.
 */

/** Escapes Markdown and HTML punctuation; control characters (newlines, tabs, …) become visible escapes. */
export function text(value: string): string {
  // Only what can start inline markup: values sit inside table cells, never at the start of a line.
  return visibleControls(value).replace(/[\\`*_[\]<>|~&]/g, (ch) => `\\${ch}`);
}

/**
 * A code span holding `value` verbatim, fenced with more backticks than the value contains in a row
 * (CommonMark), padded with spaces when it starts or ends with a backtick. Pipes are escaped so the span
 * can sit in a table cell.
 */
export function code(value: string): string {
  const shown = visibleControls(value).replace(/\|/g, '\\|');
  if (shown === '') return '`` ``';
  const longestRun = Math.max(0, ...(shown.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = shown.startsWith('`') || shown.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${shown}${pad}${fence}`;
}

/** A table whose cells are already Markdown; columns padded to line up in the raw text. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(3, width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c + ' '.repeat(widths[i] - width(c))).join(' | ')} |`;
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** A two-column table of label → Markdown value, without a visible header row text. */
export function facts(rows: Array<[label: string, value: string]>): string {
  return table(
    ['Field', 'Value'],
    rows.map(([label, value]) => [`**${text(label)}**`, value]),
  );
}

/**
 * Control, invisible and reordering characters (C0, DEL, C1, bidi controls such as U+202E, zero-width spaces,
 * line/paragraph separators, lone surrogates) as JSON-style escapes, so one value stays one line and reads in
 * its real order. Zero-width (non-)joiners stay: scripts and emoji need them.
 */
export function visibleControls(value: string): string {
  return value.replace(/(?![\u200c\u200d])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu, (ch) => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    const code = ch.codePointAt(0)!;
    return named[ch] ?? (code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}

/** Display width in code points: good enough to line up Latin text, harmless otherwise. */
function width(value: string): number {
  return [...value].length;
}

/**
 * One name (a container, or one `/`-separated segment of an object name) as a segment of a `swift:` URI path,
 * and back. The path is what the Explorer, tab titles and breadcrumbs show, and what the editor joins a
 * readDirectory name to, so it shows hidden characters as the tree does (`⏎`, `␀`, `⟨U+202E⟩`) and still maps
 * back to exactly one real name: the look-alike characters themselves (`⏎`, `␀`…, `⟨`) are written as
 * `⟨U+XXXX⟩` when a name holds them literally, so an object named `a⏎b` and one named "a", newline, "b" are two
 * files. Pure: no `vscode`.
 */
import { escapeHidden } from '../openstack/swift/names';

/** The characters escapeHidden writes hidden ones as: a name holding one literally gets it escaped too. */
const LOOK_ALIKES = /[\u2400-\u2421\u23ce\u21e5\u27e8]/gu;
/** Pictures escapeHidden uses, back to their character (the rest of ␀ … ␟ is computed). */
const PICTURE_OF: Record<string, string> = { '⏎': '\n', '␍': '\r', '⇥': '\t', '␡': '\x7f' };
/** What toPathName may have written: `⟨U+XXXX⟩` of a code point (at most 10FFFF) or a control picture. */
const ESCAPED = /⟨U\+(10[0-9A-F]{4}|[0-9A-F]{4,5})⟩|[\u2400-\u241f\u2421\u23ce\u21e5]/gu;

/** The segment a name is shown as in a path: identical for names with nothing hidden and no look-alike. */
export function toPathName(name: string): string {
  const marked = name.replace(LOOK_ALIKES, (ch) => `⟨U+${ch.codePointAt(0)!.toString(16).toUpperCase()}⟩`);
  // escapeHidden leaves ⟨…⟩ alone: the look-alikes marked above stay as written.
  return escapeHidden(marked);
}

/**
 * The real name of a path segment: the inverse of toPathName on every segment it writes. A segment typed by
 * hand (a new file named in the Explorer) is read the same way; text that is no escape stays as it is.
 */
export function fromPathName(segment: string): string {
  return segment.replace(ESCAPED, (match, hex: string | undefined) => {
    const ch = hex === undefined ? (PICTURE_OF[match] ?? String.fromCharCode(match.charCodeAt(0) - 0x2400)) : String.fromCodePoint(parseInt(hex, 16));
    // Only what toPathName writes: "⟨U+0041⟩" or "␊" typed by hand is that text, not "A" or a line break.
    return toPathName(ch) === match ? ch : match;
  });
}

/** An object name's path: each segment as toPathName shows it (the caller handles names normalisation would change). */
export function toPathNames(object: string): string {
  return object.split('/').map(toPathName).join('/');
}

export function fromPathNames(path: string): string {
  return path.split('/').map(fromPathName).join('/');
}

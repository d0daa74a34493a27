/** Seeded random names for property tests: reproducible, hostile, valid Unicode (as JS strings always are after decoding). */

/** mulberry32: tiny, seedable, good enough to spread test cases. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fragments that break naive quoting or URL building. */
export const HOSTILE_FRAGMENTS = [
  "'",
  '"',
  '$(',
  ')',
  '`',
  '\\',
  '\n',
  '\r',
  '\t',
  ' ',
  '-',
  '--',
  '!',
  '*',
  '?',
  '[',
  ']',
  '{',
  '}',
  '~',
  '=',
  '#',
  '%',
  '%2F',
  '%00',
  '+',
  '&',
  ';',
  '|',
  '<',
  '>',
  '$HOME',
  '${x}',
  "'\\''",
  '..',
  '.',
  '/',
  '//',
  '\u202e',
  '\u200f',
  '\u0000',
  '\u007f',
  'é',
  'e\u0301',
  '😀',
  '👨‍👩‍👧',
  '中文',
  'ﷺ',
  '\uFEFF',
  '\u2028',
];

/** Random bytes decoded as UTF-8 (invalid sequences become U+FFFD), with hostile fragments mixed in. */
export function randomName(rand: () => number, maxBytes = 40): string {
  const decoder = new TextDecoder('utf-8');
  let name = '';
  const parts = 1 + Math.floor(rand() * 4);
  for (let p = 0; p < parts; p++) {
    if (rand() < 0.5) {
      name += HOSTILE_FRAGMENTS[Math.floor(rand() * HOSTILE_FRAGMENTS.length)];
    } else {
      const bytes = new Uint8Array(1 + Math.floor(rand() * maxBytes));
      // Half the time ASCII-heavy (more quotes and controls), half the time any byte.
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rand() * (rand() < 0.5 ? 0x80 : 0x100));
      name += decoder.decode(bytes);
    }
  }
  if (rand() < 0.15) name = `-${name}`;
  return name;
}

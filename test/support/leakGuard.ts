/**
 * The global leak guard's matcher: finds a secret of the run in what the product said or left on disk, in
 * each form a secret takes when something carries it along by mistake: as is, JSON-escaped, percent-encoded
 * (URL and form), base64 (standard and URL-safe, at each of the three byte alignments, so that a secret inside
 * a longer encoded text such as "user:password" is found too) and UTF-16 (how browsers and LevelDB store text).
 * Also finds anything shaped like a Keystone Fernet token or a TempAuth token, so that every token a run used is
 * covered without collecting them.
 */

export interface SecretForm {
  form: string;
  bytes: Buffer;
}

/** Shorter secrets would match by chance (tempauth's key "testing" is an English word). */
const MIN_SECRET_LENGTH = 8;

/** Secrets in the shapes tokens come in: found whatever their value. */
export const TOKEN_SHAPES: ReadonlyArray<[string, RegExp]> = [
  ['a Keystone token', /gAAAAA[A-Za-z0-9_-]{60,}/],
  ['a TempAuth token', /AUTH_tk[0-9a-f]{32}/],
];

function base64Pieces(secret: Buffer): string[] {
  const pieces: string[] = [];
  for (let align = 0; align < 3; align++) {
    const padded = Buffer.concat([Buffer.alloc(align), secret]);
    const encoded = padded.toString('base64');
    // Only the groups of four characters made of the secret's bytes alone: the first group holds padding bytes
    // when aligned off zero, the last one depends on what follows.
    const piece = encoded.slice(align === 0 ? 0 : 4, Math.floor(padded.length / 3) * 4);
    if (piece.length >= 8) pieces.push(piece);
  }
  return pieces;
}

export function secretForms(secret: string): SecretForm[] {
  const forms = new Map<string, string>(); // text → form name (first name wins)
  const add = (form: string, text: string) => {
    if (!forms.has(text)) forms.set(text, form);
  };
  add('as is', secret);
  add('JSON-escaped', JSON.stringify(secret).slice(1, -1));
  add('percent-encoded', encodeURIComponent(secret));
  add('form-encoded', encodeURIComponent(secret).replace(/%20/g, '+'));
  for (const piece of base64Pieces(Buffer.from(secret, 'utf8'))) {
    add('base64', piece);
    add('base64url', piece.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  const out = [...forms].map(([text, form]) => ({ form, bytes: Buffer.from(text, 'utf8') }));
  out.push({ form: 'UTF-16', bytes: Buffer.from(secret, 'utf16le') });
  return out;
}

export interface Leak {
  /** What leaked and in which form, never its value. */
  what: string;
  /** Where, as given by the caller. */
  where: string;
}

/**
 * The secrets of `secrets` (label → value) and token shapes found in `haystack`. Matching is on bytes, so
 * binary files (databases, LevelDB logs) are searched as they are.
 */
export function findLeaks(haystack: Buffer | string, secrets: ReadonlyMap<string, string>, where: string): Leak[] {
  const bytes = typeof haystack === 'string' ? Buffer.from(haystack, 'utf8') : haystack;
  const leaks: Leak[] = [];
  for (const [label, secret] of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    for (const { form, bytes: needle } of secretForms(secret)) {
      if (bytes.includes(needle)) {
        leaks.push({ what: `${label} (${form})`, where });
        break;
      }
    }
  }
  const text = bytes.toString('latin1');
  const wide = [bytes.toString('utf16le'), bytes.subarray(1).toString('utf16le')];
  for (const [label, shape] of TOKEN_SHAPES) {
    const match = shape.exec(text) ?? shape.exec(wide[0]) ?? shape.exec(wide[1]);
    if (match) leaks.push({ what: `${label} (${match[0].slice(0, 12)}…)`, where });
  }
  return leaks;
}

export function describeLeaks(leaks: readonly Leak[]): string {
  return leaks.map((l) => `${l.what} in ${l.where}`).join('\n');
}

/** `text` with every textual form of every secret replaced by «secret», and token shapes by «token». */
export function maskSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    for (const { bytes } of secretForms(secret)) out = out.split(bytes.toString('utf8')).join('«secret»');
  }
  for (const [, shape] of TOKEN_SHAPES) out = out.replace(new RegExp(shape.source, 'g'), '«token»');
  return out;
}

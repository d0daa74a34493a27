import * as assert from 'node:assert/strict';
import { bodyText } from '../../../src/openstack/bodyText';

async function* chunks(...parts: Array<number[] | string>): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? Buffer.from(part, 'utf8') : Uint8Array.from(part);
}

/** What the UTF-8 decoder makes of the whole body: the text bodyText must give, however the body is cut. */
function decoded(parts: Array<number[] | string>): string {
  const bytes = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Uint8Array.from(p))));
  return new TextDecoder().decode(bytes);
}

async function check(...parts: Array<number[] | string>): Promise<string> {
  const text = await bodyText(chunks(...parts));
  assert.equal(text, decoded(parts));
  return text;
}

const BOM = [0xef, 0xbb, 0xbf];

describe('bodyText', () => {
  it('gives an ASCII body as it is, in one chunk or several, empty chunks too', async () => {
    assert.equal(await check('[{"name": "a\\u00e9"}'), '[{"name": "a\\u00e9"}');
    assert.equal(await check('[{"na', '', 'me": "b"}', ']'), '[{"name": "b"}]');
    assert.equal(await check(), '');
    assert.equal(await check(''), '');
  });

  it('decodes UTF-8 in any chunk, ASCII around it', async () => {
    assert.equal(await check('{"name": "', 'Zoë ☁', '"}'), '{"name": "Zoë ☁"}');
    assert.equal(await check('Zoë', ' and ASCII after'), 'Zoë and ASCII after');
    assert.equal(await check('ascii ', '😀', ' more', ' 🙂'), 'ascii 😀 more 🙂');
  });

  it('joins a character cut between chunks', async () => {
    // é is C3 A9; 😀 is F0 9F 98 80.
    assert.equal(await check('abc', [0x64, 0xc3], [0xa9, 0x65]), 'abcdée');
    assert.equal(await check('x', [0xf0, 0x9f], [0x98], [0x80, 0x79]), 'x😀y');
  });

  it('replaces a byte from 0x80 up that starts no UTF-8 character, never reads it as Latin-1', async () => {
    assert.equal(await check([0xe9]), '\ufffd');
    assert.equal(await check('caf', [0xe9]), 'caf\ufffd');
    assert.equal(await check('caf', [0xe9], 'e'), 'caf\ufffde');
    assert.equal(await check([0x80, 0xff, 0x41]), '\ufffd\ufffdA');
  });

  it('replaces what is not UTF-8 as the decoder does, a sequence cut at the end too', async () => {
    assert.equal(await check('ok', [0xc3]), 'ok\ufffd');
    assert.equal(await check('ok', [0xf0, 0x9f, 0x98]), 'ok\ufffd');
    assert.equal(await check([0xed, 0xa0, 0x80], 'z'), '\ufffd\ufffd\ufffdz'); // a UTF-8-encoded surrogate
  });

  it('drops a byte-order mark at the start only, as the decoder does', async () => {
    assert.equal(await check(BOM, '[]'), '[]');
    assert.equal(await check([...BOM, 0x5b], ']'), '[]');
    assert.equal(await check('', BOM, '[]'), '[]');
    assert.equal(await check('[', BOM, ']'), '[\ufeff]');
    assert.equal(await check('[', [...BOM, 0x5d]), '[\ufeff]');
    assert.equal(await check(BOM, BOM, 'x'), '\ufeffx');
  });

  it('gives what the decoder gives for any text cut anywhere (random cuts of random texts)', async () => {
    let seed = 19;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const pieces = ['a', 'Z', '"', '\\', '\n', '/', 'é', 'ü', '€', '☁', '😀', '\ufeff', '\u0000', '\u007f', '\u0080', '\uffff'];
    for (let round = 0; round < 400; round++) {
      let text = '';
      for (let i = random(40); i > 0; i--) text += pieces[random(random(3) === 0 ? pieces.length : 6)];
      const bytes = [...Buffer.from(text, 'utf8')];
      if (random(4) === 0) bytes.splice(random(bytes.length + 1), 0, 0x80 + random(128)); // a stray byte
      const parts: number[][] = [];
      for (let at = 0; at < bytes.length;) {
        const size = random(6);
        parts.push(bytes.slice(at, at + size));
        at += size;
      }
      await check(...parts);
    }
  });
});

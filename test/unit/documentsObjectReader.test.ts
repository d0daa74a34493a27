import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { objectInfo } from '../../src/openstack/swift/metadata';
import { ObjectSource, readObjectText } from '../../src/documents/objectReader';

/** An in-memory object whose body counts how many chunks were pulled from it. */
function source(chunks: Array<Buffer | string>, contentType = 'application/octet-stream') {
  const state = { pulled: 0, body: undefined as Readable | undefined, asked: [] as string[] };
  const fake: ObjectSource = {
    async getObject(container, name) {
      state.asked.push(`${container}/${name}`);
      async function* gen() {
        for (const c of chunks) {
          state.pulled++;
          yield typeof c === 'string' ? Buffer.from(c) : c;
        }
      }
      state.body = Readable.from(gen(), { objectMode: false });
      const size = chunks.reduce((n, c) => n + Buffer.byteLength(c), 0);
      return { info: objectInfo({ 'content-length': String(size), 'content-type': contentType }), body: state.body };
    },
  };
  return { fake, state };
}

describe('documents/objectReader', () => {
  it('reads a text object whole, across chunk boundaries that split characters', async () => {
    const text = 'Grüße aus Zürich 東京\n'.repeat(200);
    const bytes = Buffer.from(text, 'utf8');
    const chunks = [bytes.subarray(0, 3), bytes.subarray(3, 1500), bytes.subarray(1500)];
    const { fake, state } = source(chunks, 'text/plain; charset=utf-8');
    const result = await readObjectText(fake, 'docs', 'greeting.txt');
    assert.equal(result.kind, 'text');
    assert.equal(result.kind === 'text' && result.text, text);
    assert.deepEqual(state.asked, ['docs/greeting.txt']);
  });

  it('stops at the first KiB of a binary object and closes the download', async () => {
    const png = Buffer.alloc(4096);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const chunks = Array.from({ length: 100 }, (_, i) => (i === 0 ? png : Buffer.alloc(4096, 0x41)));
    const { fake, state } = source(chunks);
    const result = await readObjectText(fake, 'c', 'image');
    assert.deepEqual(result.kind === 'binary' && result.reason, 'it contains NUL bytes');
    assert.ok(state.pulled <= 2, `pulled ${state.pulled} chunks`);
    assert.equal(state.body?.destroyed, true);
  });

  it('refuses a binary content type without reading the body', async () => {
    const { fake, state } = source(['plain looking text'], 'image/png');
    const result = await readObjectText(fake, 'c', 'x.png');
    assert.deepEqual(result.kind === 'binary' && result.reason, 'its content type is image/png');
    assert.equal(state.pulled, 0);
    assert.equal(state.body?.destroyed, true);
  });

  it('checks small objects once they are complete', async () => {
    const small = await readObjectText(source([Buffer.from([0x41, 0xff, 0x41])]).fake, 'c', 'bad');
    assert.deepEqual(small.kind === 'binary' && small.reason, 'it is not valid UTF-8 text');
    const empty = await readObjectText(source([]).fake, 'c', 'empty');
    assert.deepEqual(empty.kind === 'text' && empty.text, '');
  });

  it('lets a failing download fail, with the stream closed', async () => {
    const fake: ObjectSource = {
      async getObject() {
        async function* broken() {
          yield Buffer.from('start');
          throw new Error('connection reset');
        }
        return { info: objectInfo({ 'content-type': 'text/plain' }), body: Readable.from(broken()) };
      },
    };
    await assert.rejects(readObjectText(fake, 'c', 'o'), /connection reset/);
  });
});

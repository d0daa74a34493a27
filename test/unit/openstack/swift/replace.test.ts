import * as assert from 'node:assert/strict';
import { OpenStackError, isOpenStackError } from '../../../../src/openstack/errors';
import { objectInfo } from '../../../../src/openstack/swift/metadata';
import { preservedHeaders, writeObject } from '../../../../src/openstack/swift/replace';

const HEAD = {
  'content-type': 'text/markdown; charset=utf-8',
  'content-length': '12',
  etag: '"0123456789abcdef0123456789abcdef"',
  'last-modified': 'Sun, 29 Nov 2026 03:00:00 GMT',
  'x-timestamp': '1795834800.00000',
  'x-trans-id': 'tx1',
  'x-object-meta-owner': 'Zoë ☁',
  'x-object-meta-reviewed': '2024-05-01',
  'content-disposition': 'attachment; filename="r.md"',
  'content-encoding': 'identity',
  'x-delete-at': '4102444800',
  'content-language': 'fr',
  'cache-control': 'max-age=60',
  'x-static-large-object': 'True',
  'accept-ranges': 'bytes',
};

describe('swift/replace', () => {
  it('carries over content type, user metadata, disposition, encoding, language, caching and expiry; nothing describing the old bytes', () => {
    assert.deepEqual(preservedHeaders(objectInfo(HEAD).headers), {
      'content-type': 'text/markdown; charset=utf-8',
      'x-object-meta-owner': 'Zoë ☁',
      'x-object-meta-reviewed': '2024-05-01',
      'content-disposition': 'attachment; filename="r.md"',
      'content-encoding': 'identity',
      'x-delete-at': '4102444800',
      'content-language': 'fr',
      'cache-control': 'max-age=60',
    });
    assert.deepEqual(preservedHeaders({ 'Content-Type': 'a/b', 'X-Object-Meta-K': 'v', ETag: 'x' }), { 'content-type': 'a/b', 'x-object-meta-k': 'v' });
  });

  it('PUTs with those headers and its length; a create-only write HEADs first and sends If-None-Match: *', async () => {
    const calls: Array<{ name: string; headers?: Record<string, string>; contentLength?: number }> = [];
    const heads: string[] = [];
    const client = {
      headObject: async (_c: string, name: string) => {
        heads.push(name);
        if (name === 'taken') return objectInfo(HEAD);
        throw new OpenStackError('notFound', 'no such object', { status: 404 });
      },
      putObject: async (_c: string, name: string, _b: unknown, opts: { headers?: Record<string, string>; contentLength?: number } = {}) => {
        calls.push({ name, headers: opts.headers, contentLength: opts.contentLength });
        return { etag: 'e' };
      },
    };
    const body = new Uint8Array([1, 2, 3]);
    await writeObject(client, 'c', 'o', body, { previous: objectInfo(HEAD) });
    await writeObject(client, 'c', 'n', body, { createOnly: true });
    assert.equal(calls[0].headers?.['x-object-meta-owner'], 'Zoë ☁');
    assert.equal(calls[0].headers?.['if-none-match'], undefined);
    assert.equal(calls[0].contentLength, 3);
    assert.deepEqual(calls[1].headers, { 'if-none-match': '*' });
    assert.deepEqual(heads, ['n'], 'only the create-only write asks first');
    // A server that ignores If-None-Match (Ceph RGW) would overwrite: the HEAD refuses first, nothing is sent.
    await assert.rejects(
      writeObject(client, 'c', 'taken', body, { createOnly: true }),
      (e) => isOpenStackError(e, 'precondition') && /exists already/.test(e.message),
    );
    assert.equal(calls.length, 2);
  });
});

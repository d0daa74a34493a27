import * as assert from 'node:assert/strict';
import { OpenStackError } from '../../../src/openstack/errors';
import { decideWrite, exceedsSizeLimit, fileErrorOf } from '../../../src/objectFileSystems/policy';

const plain = (etag: string) => ({ etag, staticLargeObject: false, dynamicLargeObject: undefined });
const SAVE = { create: true, overwrite: true };

describe('files/policy', () => {
  describe('decideWrite', () => {
    it('replaces without a question when the server still has the version that was read', () => {
      assert.deepEqual(decideWrite(SAVE, plain('aaa'), 'aaa'), { action: 'replace', questions: [] });
    });

    it('asks when the ETag changed since the read', () => {
      assert.deepEqual(decideWrite(SAVE, plain('bbb'), 'aaa'), { action: 'replace', questions: [{ kind: 'changed', seenEtag: 'aaa', currentEtag: 'bbb' }] });
    });

    it('asks before re-creating an object someone deleted since the read', () => {
      assert.deepEqual(decideWrite(SAVE, undefined, 'aaa'), { action: 'create', questions: [{ kind: 'deleted', seenEtag: 'aaa' }] });
    });

    it('creates a new object without a question', () => {
      assert.deepEqual(decideWrite({ create: true, overwrite: false }, undefined, undefined), { action: 'create', questions: [] });
    });

    it('follows the create/overwrite flags: FileNotFound and FileExists', () => {
      assert.deepEqual(decideWrite({ create: false, overwrite: true }, undefined, undefined), { action: 'fail', code: 'FileNotFound' });
      assert.deepEqual(decideWrite({ create: true, overwrite: false }, plain('aaa'), undefined), { action: 'fail', code: 'FileExists' });
      assert.deepEqual(decideWrite({ create: false, overwrite: false }, plain('aaa'), 'aaa'), { action: 'fail', code: 'FileExists' });
    });

    it('overwrites an object this window never read (Save As onto it: the editor asked already)', () => {
      assert.deepEqual(decideWrite(SAVE, plain('aaa'), undefined), { action: 'replace', questions: [] });
    });

    it('warns before replacing a static or dynamic large object, after the change question', () => {
      const slo = { etag: 'bbb', staticLargeObject: true, dynamicLargeObject: undefined };
      assert.deepEqual((decideWrite(SAVE, slo, 'aaa') as { questions: unknown }).questions, [
        { kind: 'changed', seenEtag: 'aaa', currentEtag: 'bbb' },
        { kind: 'largeObject', manifest: 'static' },
      ]);
      const dlo = { etag: 'ccc', staticLargeObject: false, dynamicLargeObject: 'segments/x' };
      assert.deepEqual((decideWrite(SAVE, dlo, 'ccc') as { questions: unknown }).questions, [{ kind: 'largeObject', manifest: 'dynamic' }]);
    });
  });

  it('asks for sizes strictly above the limit in MiB', () => {
    assert.equal(exceedsSizeLimit(20 * 1024 * 1024, 20), false);
    assert.equal(exceedsSizeLimit(20 * 1024 * 1024 + 1, 20), true);
    assert.equal(exceedsSizeLimit(0, 1), false);
    assert.equal(exceedsSizeLimit(10, 0), false, 'a limit of 0 (or nonsense) asks nothing');
  });

  it('maps OpenStack errors to FileSystemError codes with one readable sentence and the request id', () => {
    const e = (kind: OpenStackError['kind']) => new OpenStackError(kind, `Cannot read object "a" in container "c": ${kind}.`, { requestId: 'tx123' });
    assert.deepEqual(fileErrorOf(e('notFound'), 'Opening x'), {
      code: 'FileNotFound',
      message: 'Opening x failed: Cannot read object "a" in container "c": notFound. [request id tx123]',
    });
    assert.equal(fileErrorOf(e('forbidden'), 'd').code, 'NoPermissions');
    assert.equal(fileErrorOf(e('auth'), 'd').code, 'NoPermissions');
    assert.match(fileErrorOf(e('auth'), 'd').message, /sign in again/);
    for (const kind of ['network', 'timeout', 'server', 'checksum', 'precondition'] as const) assert.equal(fileErrorOf(e(kind), 'd').code, 'Unavailable', kind);
    assert.deepEqual(fileErrorOf(new Error('boom'), 'Saving y'), { code: 'Unavailable', message: 'Saving y failed: boom' });
  });
});

describe('files/policy: fileErrorOf for what is not an OpenStackError', () => {
  it('an error merely carrying a kind is not trusted as one', () => {
    const lookalike = Object.assign(new Error('gone'), { kind: 'notFound' });
    assert.equal(fileErrorOf(lookalike, 'reading').code, 'Unavailable');
  });
});

// linkedAbort: a cancel of its own that follows a longer-lived one until released, and then leaves nothing on it
// (AbortSignal.any, which it replaces, kept every signal it made alive as long as its sources).
import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { followAbort, linkedAbort } from '../../../src/openstack/linkedAbort';

describe('linkedAbort', () => {
  it("follows its parent's abort, with its reason, until released; its own abort stays its own", () => {
    const parent = new AbortController();
    const child = linkedAbort(parent.signal);
    const other = linkedAbort(parent.signal);
    child.abort('just this one');
    assert.equal(child.signal.reason, 'just this one');
    assert.equal(parent.signal.aborted || other.signal.aborted, false);
    const released = linkedAbort(parent.signal);
    released.release();
    parent.abort('the listing');
    assert.equal(other.signal.reason, 'the listing');
    assert.equal(released.signal.aborted, false, 'released: no longer follows');
    // A parent aborted already: aborted at once, with its reason.
    assert.equal(linkedAbort(parent.signal).signal.reason, 'the listing');
    // No parent: a cancel of its own only.
    const alone = linkedAbort(undefined);
    alone.release();
    alone.abort(new Error('stop'));
    assert.equal((alone.signal.reason as Error).message, 'stop');
  });

  it("followAbort: a reader's own controller follows the caller's signal the same way, until released", () => {
    const caller = new AbortController();
    const reader = new AbortController();
    const release = followAbort(caller.signal, reader);
    assert.equal(getEventListeners(caller.signal, 'abort').length, 1);
    caller.abort('stopped');
    assert.equal(reader.signal.reason, 'stopped');
    release();
    assert.equal(getEventListeners(caller.signal, 'abort').length, 0);
    const late = new AbortController();
    followAbort(caller.signal, late)();
    assert.equal(late.signal.reason, 'stopped', 'a caller aborted already: at once');
  });

  it('leaves nothing on its parent once released, however many were made', () => {
    const parent = new AbortController();
    const children = Array.from({ length: 1000 }, () => linkedAbort(parent.signal));
    assert.equal(getEventListeners(parent.signal, 'abort').length, 1000);
    for (const child of children) child.release();
    assert.equal(getEventListeners(parent.signal, 'abort').length, 0);
  });
});

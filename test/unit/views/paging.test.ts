import * as assert from 'node:assert/strict';
import { OpenStackError } from '../../../src/openstack/errors';
import { Page, PagedList, isAbort } from '../../../src/views/paging';
import { deferred } from './fakeCloud';

interface Item {
  id: string;
}

const items = (...ids: string[]): Item[] => ids.map((id) => ({ id }));

/** A fetcher serving fixed pages by marker, recording the markers asked for. */
function pages(byMarker: Record<string, Page<Item>>) {
  const asked: (string | undefined)[] = [];
  const fetch = async (marker: string | undefined) => {
    asked.push(marker);
    const page = byMarker[marker ?? ''];
    if (!page) throw new Error(`no page after ${marker}`);
    return page;
  };
  return { asked, fetch };
}

describe('views/paging', () => {
  it('loads the first page, then appends each next page from its marker until the last', async () => {
    const source = pages({
      '': { items: items('a', 'b'), nextMarker: 'b' },
      b: { items: items('c', 'd'), nextMarker: 'd' },
      d: { items: items('e'), nextMarker: undefined },
    });
    const list = new PagedList<Item>(source.fetch);
    assert.equal(list.started, false);
    await list.load();
    assert.deepEqual(
      list.items.map((i) => i.id),
      ['a', 'b'],
    );
    assert.equal(list.hasMore, true);
    const firstShown = list.items[0];
    await list.load();
    assert.deepEqual(
      list.items.map((i) => i.id),
      ['a', 'b', 'c', 'd'],
    );
    assert.equal(list.items[0], firstShown, 'what is shown stays the same objects');
    await list.load();
    assert.deepEqual(
      list.items.map((i) => i.id),
      ['a', 'b', 'c', 'd', 'e'],
    );
    assert.equal(list.hasMore, false);
    await list.load(); // finished: no request
    assert.deepEqual(source.asked, [undefined, 'b', 'd']);
  });

  it('runs one load at a time', async () => {
    const gate = deferred();
    let calls = 0;
    const list = new PagedList<Item>(async () => {
      calls++;
      await gate.promise;
      return { items: items('a'), nextMarker: undefined };
    });
    const first = list.load();
    const second = list.load();
    assert.equal(first, second);
    assert.equal(list.loading, true);
    gate.resolve();
    await first;
    assert.equal(calls, 1);
    assert.equal(list.loading, false);
  });

  it('keeps what is shown when a page fails, and retries from the same marker', async () => {
    const source = pages({ '': { items: items('a'), nextMarker: 'a' } });
    const list = new PagedList<Item>(source.fetch);
    await list.load();
    await list.load(); // no page after "a" yet: fails
    assert.match(String((list.error?.error as Error).message), /no page after a/);
    assert.deepEqual(
      list.items.map((i) => i.id),
      ['a'],
    );
    assert.equal(list.hasMore, true);
    await list.load(); // still failing, still from "a"
    assert.deepEqual(source.asked, [undefined, 'a', 'a']);
  });

  it('records a failed first page as started, so the node shows the error', async () => {
    const list = new PagedList<Item>(() => {
      throw new Error('synchronous failure');
    });
    await list.load();
    assert.equal(list.started, true);
    assert.equal((list.error?.error as Error).message, 'synchronous failure');
    assert.equal(list.items.length, 0);
  });

  it('cancels a load in flight on reset and ignores its answer', async () => {
    const gate = deferred();
    const signals: AbortSignal[] = [];
    const list = new PagedList<Item>(async (_marker, signal) => {
      signals.push(signal);
      await gate.promise;
      return { items: items('stale'), nextMarker: undefined };
    });
    const loading = list.load();
    list.reset();
    assert.equal(signals[0].aborted, true);
    assert.equal(list.loading, false);
    gate.resolve();
    await loading;
    assert.equal(list.started, false);
    assert.equal(list.items.length, 0);
    assert.equal(list.error, undefined);
  });

  it('shows a cancellation it did not ask for as a failure, not as an empty listing', async () => {
    const list = new PagedList<Item>(async () => {
      throw new OpenStackError('cancelled', 'The request was cancelled.');
    });
    await list.load();
    assert.equal(list.started, true);
    assert.ok(list.error);
    assert.equal(isAbort(list.error.error), true);
    assert.equal(isAbort(Object.assign(new Error('x'), { name: 'AbortError' })), true);
    assert.equal(isAbort(new Error('x')), false);
  });

  it('never shows one id twice, and stops when the marker does not advance', async () => {
    const source = pages({
      '': { items: items('a', 'b', 'b'), nextMarker: 'b' },
      b: { items: items('b', 'c'), nextMarker: 'b' },
    });
    const list = new PagedList<Item>(source.fetch);
    await list.load();
    await list.load();
    assert.deepEqual(
      list.items.map((i) => i.id),
      ['a', 'b', 'c'],
    );
    assert.equal(list.hasMore, false);
  });
});

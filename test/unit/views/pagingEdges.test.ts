// PagedList: nothing more to load before the first page, and a load that a reset left behind does not end the
// load that replaced it (a third load() must still join the one in flight).
import * as assert from 'node:assert/strict';
import { PagedList, type Page } from '../../../src/views/paging';
import { deferred } from './fakeCloud';

type Item = { id: string };

describe('views/paging: edges', () => {
  it('offers no "more" before anything is loaded', () => {
    const list = new PagedList<Item>(async () => ({ items: [], nextMarker: 'x' }));
    assert.equal(list.hasMore, false);
  });

  it("an abandoned load settling does not clear the replacing load's place in flight", async () => {
    const gates = [deferred(), deferred()];
    let calls = 0;
    const list = new PagedList<Item>(async (): Promise<Page<Item>> => {
      const gate = gates[calls++];
      await gate.promise;
      return { items: [{ id: `i${calls}` }], nextMarker: undefined };
    });
    const first = list.load();
    list.reset();
    const second = list.load();
    gates[0].resolve();
    await first;
    assert.equal(list.loading, true, 'the second load is still in flight');
    assert.equal(list.load(), second, 'a new call joins it instead of sending a third request');
    assert.equal(calls, 2);
    gates[1].resolve();
    await second;
    assert.equal(list.loading, false);
  });
});

import * as assert from 'node:assert/strict';
import { ChildrenRequests, type TreeNodeWithParent } from '../../../src/views/childrenRequests';
import { deferred } from './fakeCloud';

interface Node extends TreeNodeWithParent {
  readonly name: string;
  readonly parent?: Node;
}

const node = (name: string, parent?: Node): Node => ({ name, parent });
// profile ─ region ─ container ─ folder; the profile's other region beside it.
const profile = node('profile');
const region = node('region', profile);
const container = node('container', region);
const folder = node('folder', container);
const otherRegion = node('otherRegion', profile);

/** A request for `of`'s children whose listing ends when `finish` is called; its answer and what was dropped. */
function pending(requests: ChildrenRequests<Node>, of: Node | undefined) {
  const listing = deferred();
  const answer = requests.answer(of, async () => {
    await listing.promise;
    return [`child of ${of?.name ?? 'root'}`];
  });
  return {
    answer,
    finish: async () => {
      listing.resolve();
      return answer;
    },
  };
}

function tracked() {
  const dropped: (string | undefined)[] = [];
  const requests = new ChildrenRequests<Node>((n) => dropped.push(n?.name ?? 'root'));
  return { requests, dropped };
}

describe('views/childrenRequests', () => {
  it('answers with the children when nothing was forgotten meanwhile', async () => {
    const { requests, dropped } = tracked();
    const r = pending(requests, folder);
    assert.deepEqual(await r.finish(), ['child of folder']);
    assert.deepEqual(dropped, []);
  });

  it('a second request for the same node while the first is in flight: the first answers nothing, the second the children', async () => {
    const { requests, dropped } = tracked();
    const first = pending(requests, folder);
    const second = pending(requests, folder);
    assert.deepEqual(await first.finish(), []);
    assert.deepEqual(await second.finish(), ['child of folder']);
    assert.deepEqual(dropped, ['folder']);
  });

  it('forgetting a node drops the requests in flight on it and under it, and keeps those above and beside it', async () => {
    const { requests, dropped } = tracked();
    // Asked from the top down: a request forgets what is in flight under it, and nothing is yet.
    const onRoot = pending(requests, undefined);
    const onRegion = pending(requests, region);
    const beside = pending(requests, otherRegion);
    const onContainer = pending(requests, container);
    const onFolder = pending(requests, folder);
    requests.forgetting(container);
    assert.deepEqual(await onFolder.finish(), [], 'under it');
    assert.deepEqual(await onContainer.finish(), [], 'on it');
    assert.deepEqual(await onRegion.finish(), ['child of region'], 'above it');
    assert.deepEqual(await beside.finish(), ['child of otherRegion'], 'beside it');
    assert.deepEqual(await onRoot.finish(), ['child of root'], 'the root');
    assert.deepEqual(dropped, ['container', 'folder']);
  });

  it('a request for a node drops the requests in flight under it too (its parent listed again)', async () => {
    const { requests } = tracked();
    const onFolder = pending(requests, folder);
    const onRegion = pending(requests, region);
    assert.deepEqual(await onRegion.finish(), ['child of region']);
    assert.deepEqual(await onFolder.finish(), [], 'the region was asked for after the folder, so the folder was forgotten');
  });

  it('tells of a request going stale once, however often what is above it is forgotten', async () => {
    const { requests, dropped } = tracked();
    const onFolder = pending(requests, folder);
    requests.forgetting(folder);
    requests.forgetting(container);
    requests.forgetting(undefined);
    assert.deepEqual(dropped, ['folder'], 'told when it went stale, before its answer');
    assert.deepEqual(await onFolder.finish(), []);
    assert.deepEqual(dropped, ['folder']);
  });

  it('forgetting the root (or asking for it) drops every request in flight', async () => {
    for (const forget of [(r: ChildrenRequests<Node>) => r.forgetting(undefined), (r: ChildrenRequests<Node>) => void r.answer(undefined, async () => [])]) {
      const { requests, dropped } = tracked();
      const onFolder = pending(requests, folder);
      const onProfile = pending(requests, profile);
      forget(requests);
      assert.deepEqual(await onFolder.finish(), []);
      assert.deepEqual(await onProfile.finish(), []);
      assert.deepEqual(dropped, ['folder', 'profile']);
    }
  });

  it('forgets only requests still in flight: one answered before, or asked after, keeps its children', async () => {
    const { requests, dropped } = tracked();
    const before = pending(requests, folder);
    assert.deepEqual(await before.finish(), ['child of folder']);
    requests.forgetting(folder); // a request answered is no longer tracked: nothing is told
    const after = pending(requests, folder);
    assert.deepEqual(await after.finish(), ['child of folder']);
    assert.deepEqual(dropped, []);
  });

  it('a listing that fails still rejects, and leaves nothing in flight behind it', async () => {
    const { requests, dropped } = tracked();
    await assert.rejects(
      requests.answer(folder, () => Promise.reject(new Error('listing failed'))),
      /listing failed/,
    );
    const next = pending(requests, container);
    requests.forgetting(folder); // would drop the failed request, were it still tracked; the container's is above it
    assert.deepEqual(await next.finish(), ['child of container']);
    assert.deepEqual(dropped, []);
  });
});

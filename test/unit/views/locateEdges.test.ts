/**
 * locateObject at its edges, with the requests it sends and the levels it reports as changed pinned: which error
 * each missing step gives, that a page past the name ends the search, that a filter showing the object stays and
 * one hiding it goes, and that a level is narrowed by the folder's name (not the object's) on the way down.
 */
import * as assert from 'node:assert/strict';
import { OpenStackError } from '../../../src/openstack/errors';
import { locateObject } from '../../../src/views/locate';
import { StorageTreeModel } from '../../../src/views/model';
import type { ContainerNode, ListingNode } from '../../../src/views/nodes';
import { fakeCloud } from './fakeCloud';

const pad = (i: number) => String(i).padStart(4, '0');

function setup(regions: Record<string, Record<string, string[]>>, pageSize = 5) {
  const cloud = fakeCloud({ regions });
  const model = new StorageTreeModel(cloud.backend, { pageSize: () => pageSize });
  return { ...cloud, model };
}

const where = (object: string, container = 'docs', region = 'RegionOne') => ({ profileId: 'demo', region, container, object });
const ids = (nodes: ListingNode[]) => nodes.map((n) => n.id);

async function containerNode(model: StorageTreeModel): Promise<ContainerNode> {
  const [profile] = await model.children();
  const [container] = await model.children(profile);
  assert.ok(container.kind === 'container');
  return container;
}

describe('locating an object: edges', () => {
  it('says which step is missing: the profile, the region, the container', async () => {
    const { model } = setup({ RegionOne: {}, RegionTwo: { b: ['x'] } });
    await assert.rejects(locateObject(model, { ...where('x', 'b', 'RegionTwo'), profileId: 'other' }), {
      message: 'The profile of this object is no longer in the OpenStack Storage view.',
    });
    await assert.rejects(locateObject(model, where('x', 'b', 'RegionThree')), {
      message: "Region RegionThree is not in the profile's service catalog any more.",
    });
    const single = setup({ RegionOne: {} });
    await assert.rejects(locateObject(single.model, where('x', 'docs')), { message: 'Container docs is not in the view: refresh it and search again.' });
  });

  it("fails with the listing's own error when a level cannot be listed", async () => {
    const { model, swift } = setup({ RegionOne: { docs: ['a'] } });
    const refused = new OpenStackError('forbidden', 'Swift: forbidden (HTTP 403)');
    swift().failNext = refused;
    await assert.rejects(locateObject(model, where('a')), (e) => e === refused);
    const other = setup({ RegionOne: { docs: ['a'] } });
    const container = await containerNode(other.model);
    other.swift().failNext = new OpenStackError('server', 'Swift: server error (HTTP 500)');
    await assert.rejects(locateObject(other.model, where('a')), /HTTP 500/, 'the container level failing, nothing loaded yet');
    assert.equal(container.listing.items.length, 0);
  });

  it('a failed later page ends the search with its error, though the first page is shown', async () => {
    const { model, swift } = setup({ RegionOne: { docs: Array.from({ length: 12 }, (_, i) => `n-${pad(i)}`) } });
    const container = await containerNode(model);
    await model.children(container);
    swift().failNext = new OpenStackError('server', 'Swift: server error (HTTP 500)');
    await assert.rejects(locateObject(model, where('n-0011')), /HTTP 500/);
  });

  it('loads later pages in order, reports the level once, and stops at the first page past the name', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `n-${pad(i * 2)}`);
    const { model, swift } = setup({ RegionOne: { docs: names } });
    const { node, changed } = await locateObject(model, where('n-0024'));
    assert.equal(node.name, 'n-0024');
    const container = await containerNode(model);
    assert.deepEqual(ids(changed), [container.id], 'three pages loaded, one change reported');
    assert.deepEqual(
      swift()
        .requests.filter((r) => r.container)
        .map((r) => r.marker),
      [undefined, 'n-0008', 'n-0018'],
    );
    assert.equal(container.filter, undefined);

    // A name between two listed ones is missing: the page that passes it is the last read before narrowing.
    const gap = setup({ RegionOne: { docs: names } });
    await assert.rejects(locateObject(gap.model, where('n-0011')), /n-0011 is not in container docs/);
    const markers = gap
      .swift()
      .requests.filter((r) => r.container && r.prefix === undefined)
      .map((r) => r.marker);
    assert.deepEqual(markers, [undefined, 'n-0008'], 'n-0012 on the second page is past the name');
  });

  it('keeps a filter the object matches, and drops one that hides it', async () => {
    const names = ['a-1', 'b-1', 'b-2', 'c-1'];
    const { model } = setup({ RegionOne: { docs: names } });
    const container = await containerNode(model);
    model.setFilter(container, 'b-');
    const kept = await locateObject(model, where('b-2'));
    assert.equal(kept.node.name, 'b-2');
    assert.equal(container.filter, 'b-');
    assert.deepEqual(kept.changed, [], 'nothing had to change');
    model.setFilter(container, 'b-');
    const dropped = await locateObject(model, where('c-1'));
    assert.equal(dropped.node.name, 'c-1');
    assert.equal(container.filter, undefined);
    assert.deepEqual(ids(dropped.changed), [container.id]);
  });

  it('narrows a crowded level by the folder name, then finds the object inside the folder', async () => {
    const names = [...Array.from({ length: 40 }, (_, i) => `a-${pad(i)}`), 'logs/x.txt', 'logs/y.txt'];
    const { model } = setup({ RegionOne: { docs: names } });
    const { node, changed } = await locateObject(model, where('logs/y.txt'));
    const container = await containerNode(model);
    assert.equal(container.filter, 'logs', 'the folder name without its slash');
    assert.ok(node.parent.kind === 'folder' && node.parent.prefix === 'logs/');
    assert.equal(node.parent.filter, undefined);
    assert.deepEqual(ids(changed), [container.id], 'the folder showed the object on its first page');
  });

  it('finds an object named like its folder (`t/`) as the first row inside it, narrowing nothing', async () => {
    const { model } = setup({ RegionOne: { docs: ['t/', 't/a', 't/b'] } }, 2);
    const { node, changed } = await locateObject(model, where('t/'));
    assert.equal(node.name, 't/');
    assert.ok(node.parent.kind === 'folder' && node.parent.prefix === 't/' && node.parent.filter === undefined);
    const container = await containerNode(model);
    assert.equal(container.filter, undefined);
    assert.deepEqual(changed, []);
  });

  it('a name starting with "/" is found in the folder "/"', async () => {
    const names = [...Array.from({ length: 30 }, (_, i) => `/${pad(i)}`), '/x/y'];
    const { model } = setup({ RegionOne: { docs: names } }, 2);
    const { node } = await locateObject(model, where('/x/y'));
    assert.ok(node.parent.kind === 'folder' && node.parent.prefix === '/x/');
  });
  it('an object that is gone is not replaced by one whose name starts like it', async () => {
    const names = [...Array.from({ length: 40 }, (_, i) => `a-${pad(i)}`), 'gone-but-longer'];
    const { model } = setup({ RegionOne: { docs: names } });
    await assert.rejects(locateObject(model, where('gone')), { message: 'Object gone is not in container docs (any more).' });
  });

  it('finds an object on a loaded page though a later page failed', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `n-${pad(i)}`);
    const { model, swift } = setup({ RegionOne: { docs: names } });
    const container = await containerNode(model);
    await model.children(container);
    swift().failNext = new OpenStackError('server', 'Swift: server error (HTTP 500)');
    await model.loadMore(container);
    assert.ok(container.listing.error);
    const { node } = await locateObject(model, where('n-0002'));
    assert.equal(node.name, 'n-0002');
  });

  it('reads the first page and three more before narrowing a level', async () => {
    const names = [...Array.from({ length: 60 }, (_, i) => `a-${pad(i)}`), 'z'];
    const { model, swift } = setup({ RegionOne: { docs: names } });
    await locateObject(model, where('z'));
    const unfiltered = swift().requests.filter((r) => r.container && r.prefix === undefined);
    assert.equal(unfiltered.length, 4);
  });

  it('stops paging containers at the first page past a missing container', async () => {
    const containers = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`c-${pad(i * 2)}`, []]));
    const { model, swift } = setup({ RegionOne: containers });
    await assert.rejects(locateObject(model, where('x', 'c-0011')), /Container c-0011 is not in the view/);
    assert.deepEqual(
      swift().requests.map((r) => r.marker),
      [undefined, 'c-0008'],
      'c-0012 on the second page is past the name',
    );
  });
});

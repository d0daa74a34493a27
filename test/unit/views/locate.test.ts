/**
 * Locating an object's node for reveal (views/locate.ts) on the tree model over an in-memory Swift: found in what is
 * loaded, on a later page (loading pages in order), or behind a filter (narrowing the level); folders on the way;
 * hostile names; a name ending with `/`; an object that is gone.
 */
import * as assert from 'node:assert/strict';
import { locateObject } from '../../../src/views/locate';
import { StorageTreeModel } from '../../../src/views/model';
import type { StorageNode } from '../../../src/views/nodes';
import { fakeCloud } from './fakeCloud';

const pad = (i: number) => String(i).padStart(4, '0');

function setup(containers: Record<string, string[]>, pageSize = 5, regions?: Record<string, Record<string, string[]>>) {
  const cloud = fakeCloud({ regions: regions ?? { RegionOne: containers } });
  const model = new StorageTreeModel(cloud.backend, { pageSize: () => pageSize });
  return { ...cloud, model };
}

/** The path of labels from the root to a node, through getParent: what reveal walks. */
function path(model: StorageTreeModel, node: StorageNode): string[] {
  const out: string[] = [];
  for (let n: StorageNode | undefined = node; n; n = model.parent(n)) out.unshift(n.id);
  return out;
}

/** Whether every node on the path is among its parent's loaded children (so the view can show it). */
async function reachable(model: StorageTreeModel, node: StorageNode): Promise<boolean> {
  for (let n: StorageNode | undefined = node; n; n = model.parent(n)) {
    const siblings = await model.children(model.parent(n));
    if (!siblings.includes(n)) return false;
  }
  return true;
}

describe('locating an object in the tree', () => {
  it('walks folders, loading later pages in order, without a filter when a few pages suffice', async () => {
    const names = [...Array.from({ length: 12 }, (_, i) => `a-${pad(i)}`), 'logs/2024/x.txt', 'logs/2024/y.txt', 'z'];
    const { model, swift } = setup({ docs: names });
    const { node, changed } = await locateObject(model, { profileId: 'demo', region: 'RegionOne', container: 'docs', object: 'logs/2024/y.txt' });
    assert.equal(node.kind, 'object');
    assert.equal(node.kind === 'object' && node.name, 'logs/2024/y.txt');
    assert.ok(await reachable(model, node));
    assert.equal(path(model, node).length, 5, 'profile / container / logs/ / logs/2024/ / object');
    const container = changed.find((n) => n.kind === 'container');
    assert.ok(container && container.kind === 'container' && container.filter === undefined, 'no filter needed');
    assert.ok(swift().requests.every((r) => r.prefix === undefined || !r.prefix.startsWith('a')));
  });

  it('narrows a level with the prefix filter when the name is many pages away', async () => {
    const names = [...Array.from({ length: 200 }, (_, i) => `b-${pad(i)}`), 'b-0150-target.txt'];
    const { model, swift } = setup({ docs: names });
    const { node } = await locateObject(model, { profileId: 'demo', region: 'RegionOne', container: 'docs', object: 'b-0150-target.txt' });
    assert.ok(node.kind === 'object' && (await reachable(model, node)));
    const parent = model.parent(node);
    assert.ok(parent?.kind === 'container' && parent.filter === 'b-0150-target.txt');
    assert.ok(swift().requests.length < 10, `a few requests, not 40 pages: ${swift().requests.length}`);
  });

  it('lists the object right under a level when even the filtered level has too many names before its folder', async () => {
    const names = [...Array.from({ length: 100 }, (_, i) => `d-${pad(i)}`), 'd/inner/file.txt'];
    const { model } = setup({ docs: names }, 3);
    const { node } = await locateObject(model, { profileId: 'demo', region: 'RegionOne', container: 'docs', object: 'd/inner/file.txt' });
    assert.ok(node.kind === 'object' && (await reachable(model, node)));
    const parent = model.parent(node);
    assert.ok(parent?.kind === 'container' && parent.filter === 'd/inner/file.txt', 'profile / container (filtered) / object');
  });

  it('replaces a filter that hides the object; finds hostile names and a name ending with a slash', async () => {
    const hostile = ['new\nline/é 😀?#%.txt', 'quote\'s "x"', 'trailing/', 'trailing/in.txt', 'double//slash', '//', '/', 'double//', 'trailing/in/'];
    const { model } = setup({ docs: hostile }, 2);
    const [profile] = await model.children();
    const [container] = await model.children(profile);
    assert.ok(container.kind === 'container');
    model.setFilter(container, 'zzz');
    for (const name of hostile) {
      const { node } = await locateObject(model, { profileId: 'demo', region: 'RegionOne', container: 'docs', object: name });
      assert.ok(await reachable(model, node), JSON.stringify(name));
      assert.ok(node.kind === 'object' && node.name === name, JSON.stringify(name));
      if (name === 'trailing/') assert.ok(node.parent.kind === 'folder' && node.parent.prefix === 'trailing/', 'the object row inside its folder');
    }
  });

  it('goes through the region node when the profile has several; says so when the object is gone', async () => {
    const { model } = setup({}, 5, { RegionOne: { a: ['x'] }, RegionTwo: { b: ['y/z'] } });
    const { node } = await locateObject(model, { profileId: 'demo', region: 'RegionTwo', container: 'b', object: 'y/z' });
    assert.ok(await reachable(model, node));
    assert.equal(path(model, node)[1].includes('RegionTwo'), true);
    await assert.rejects(locateObject(model, { profileId: 'demo', region: 'RegionTwo', container: 'b', object: 'gone' }), /is not in container b/);
    await assert.rejects(locateObject(model, { profileId: 'demo', region: 'RegionTwo', container: 'nope', object: 'x' }), /Container nope is not in the view/);
  });
});

import * as assert from 'node:assert/strict';
import { OpenStackError } from '../../../src/openstack/errors';
import { StorageTreeModel, clampPageSize } from '../../../src/views/model';
import { ContainerNode, EmptyNode, ErrorNode, FolderNode, ListingNode, ObjectNode, ProfileNode, RegionNode, StorageNode } from '../../../src/views/nodes';
import { deferred, fakeCloud, FakeCloudOptions } from './fakeCloud';

function setup(options: FakeCloudOptions & { pageSize?: number } = {}) {
  const cloud = fakeCloud(options);
  const failures: { node: ListingNode; error: unknown }[] = [];
  const model = new StorageTreeModel(cloud.backend, {
    pageSize: () => options.pageSize ?? 500,
    onLoadError: (node, error) => failures.push({ node, error }),
  });
  return { ...cloud, model, failures };
}

async function profileOf(model: StorageTreeModel): Promise<ProfileNode> {
  const [profile] = await model.children();
  assert.ok(profile instanceof ProfileNode);
  return profile;
}

/** A child by its kind and a field value, failing clearly when absent. */
function find<T extends StorageNode>(nodes: StorageNode[], type: new (...args: never[]) => T, match: (n: T) => boolean = () => true): T {
  const node = nodes.find((n): n is T => n instanceof type && match(n));
  assert.ok(node, `no ${type.name} among ${nodes.map((n) => n.id).join(', ')}`);
  return node;
}

const summary = (nodes: StorageNode[]) =>
  nodes.map((n) => {
    switch (n.kind) {
      case 'object':
        return n.name;
      case 'folder':
        return `${n.prefix} (folder)`;
      case 'container':
        return `${n.container} (container)`;
      case 'region':
        return `${n.region} (region)`;
      case 'empty':
        return `[${n.message}]`;
      default:
        return `[${n.kind}]`;
    }
  });

describe('views/model', () => {
  it("lists a single region's containers directly under the profile", async () => {
    const { model } = setup({ regions: { RegionOne: { photos: ['a'], logs: [] } } });
    const profile = await profileOf(model);
    const children = await model.children(profile);
    assert.deepEqual(summary(children), ['logs (container)', 'photos (container)']);
    const photos = find(children, ContainerNode, (c) => c.container === 'photos');
    assert.equal(photos.region, 'RegionOne');
    assert.equal(photos.parent, profile);
    assert.equal(profile.singleRegion, 'RegionOne');
  });

  it("lists several regions with the profile's preferred one first", async () => {
    const { model, swift } = setup({ regions: { Alpha: { a: [] }, Beta: { b: [] }, Gamma: {} }, profile: { region: 'Beta' } });
    const profile = await profileOf(model);
    const regions = await model.children(profile);
    assert.deepEqual(summary(regions), ['Beta (region)', 'Alpha (region)', 'Gamma (region)']);
    const beta = find(regions, RegionNode, (r) => r.region === 'Beta');
    assert.equal(beta.preferred, true);
    assert.equal(beta.endpointUrl, 'http://swift.beta.test/v1/AUTH_demo');
    assert.deepEqual(summary(await model.children(beta)), ['b (container)']);
    assert.deepEqual(summary(await model.children(find(regions, RegionNode, (r) => r.region === 'Gamma'))), ['[No containers]']);
    assert.equal(swift('Alpha').requests.length, 0, 'a region is listed only when expanded');
  });

  it("ignores regions without an endpoint for the profile's interface, collapsing to the one left", async () => {
    const { model } = setup({ regions: { Inside: { secret: [] }, Outside: { open: [] } }, internalOnly: ['Inside'] });
    const children = await model.children(await profileOf(model));
    assert.deepEqual(summary(children), ['open (container)']);
  });

  it('shows an error when the catalog has no object store', async () => {
    const { model } = setup({ regions: {} });
    const [error] = await model.children(await profileOf(model));
    assert.ok(error instanceof ErrorNode);
    assert.match((error.error as Error).message, /no public object-store \(Swift\) endpoint/);
  });

  it('fetches only the first page, then appends a page per "Load more" until the listing ends', async () => {
    const names = Array.from({ length: 5 }, (_, i) => `obj-${i}`);
    const { model, swift } = setup({ regions: { RegionOne: { big: names } }, pageSize: 2 });
    const [container] = (await model.children(await profileOf(model))) as ContainerNode[];
    const first = await model.children(container);
    assert.deepEqual(summary(first), ['obj-0', 'obj-1', '[loadMore]']);
    await model.loadMore(container);
    const second = await model.children(container);
    assert.deepEqual(summary(second), ['obj-0', 'obj-1', 'obj-2', 'obj-3', '[loadMore]']);
    assert.equal(second[0], first[0], 'loaded nodes are kept, not rebuilt');
    await model.loadMore(container);
    assert.deepEqual(summary(await model.children(container)), ['obj-0', 'obj-1', 'obj-2', 'obj-3', 'obj-4']);
    const objectRequests = swift().requests.filter((r) => r.container === 'big');
    assert.deepEqual(
      objectRequests.map((r) => [r.marker, r.limit]),
      [
        [undefined, 2],
        ['obj-1', 2],
        ['obj-3', 2],
      ],
    );
  });

  it('asks a huge container for one page only when it is expanded', async () => {
    const names = Array.from({ length: 5000 }, (_, i) => `n${String(i).padStart(5, '0')}`);
    const { model, swift } = setup({ regions: { RegionOne: { huge: names } }, pageSize: 100 });
    const [container] = (await model.children(await profileOf(model))) as ContainerNode[];
    const children = await model.children(container);
    assert.equal(children.length, 101);
    assert.equal(swift().requests.filter((r) => r.container === 'huge').length, 1);
  });

  it('pages containers too, under a single-region profile', async () => {
    const containers = Object.fromEntries(['c1', 'c2', 'c3'].map((c) => [c, []]));
    const { model } = setup({ regions: { RegionOne: containers }, pageSize: 2 });
    const profile = await profileOf(model);
    assert.deepEqual(summary(await model.children(profile)), ['c1 (container)', 'c2 (container)', '[loadMore]']);
    await model.loadMore(profile);
    assert.deepEqual(summary(await model.children(profile)), ['c1 (container)', 'c2 (container)', 'c3 (container)']);
  });

  it('shows pseudo-folders by "/" and lists a folder relative to its prefix, its own object (`a/`) first', async () => {
    const names = ['a/', 'a/1.txt', 'a/b/2.txt', 'a//odd', 'top.txt', 'z/deep/er/x'];
    const { model, swift } = setup({ regions: { RegionOne: { c: names } } });
    const [container] = (await model.children(await profileOf(model))) as ContainerNode[];
    const root = await model.children(container);
    assert.deepEqual(summary(root), ['a/ (folder)', 'top.txt', 'z/ (folder)']);
    const a = find(root, FolderNode, (f) => f.prefix === 'a/');
    assert.deepEqual(summary(await model.children(a)), ['a/', 'a// (folder)', 'a/1.txt', 'a/b/ (folder)']);
    assert.equal(swift().requests.at(-1)?.prefix, 'a/');
    const emptyFolder = find(await model.children(a), FolderNode, (f) => f.prefix === 'a//');
    assert.deepEqual(summary(await model.children(emptyFolder)), ['a//odd']);
  });

  it('reaches every name ending in "/": `/`, `//`, `x/`, `x//`, `x/y/` are object rows, never an "Empty folder"', async () => {
    const names = ['/', '//', 'x/', 'x//', 'x/y/', 'x/y/z'];
    const { model } = setup({ regions: { RegionOne: { c: names } } });
    const [container] = (await model.children(await profileOf(model))) as ContainerNode[];
    // Walks every folder; collects the object rows and any empty message.
    const objects: string[] = [];
    const walk = async (node: ContainerNode | FolderNode): Promise<void> => {
      for (const child of await model.children(node)) {
        if (child.kind === 'empty') assert.fail(`"${child.message}" under ${JSON.stringify(node.prefix)}`);
        if (child.kind === 'object') objects.push(child.name);
        if (child.kind === 'folder') await walk(child);
      }
    };
    await walk(container);
    assert.deepEqual([...objects].sort(), [...names].sort());
    const root = await model.children(container);
    assert.deepEqual(summary(root), ['/ (folder)', 'x/ (folder)']);
    const slash = find(root, FolderNode, (f) => f.prefix === '/');
    assert.deepEqual(summary(await model.children(slash)), ['/', '// (folder)']);
    const doubleSlash = find(await model.children(slash), FolderNode, (f) => f.prefix === '//');
    assert.deepEqual(summary(await model.children(doubleSlash)), ['//']);
  });

  it('filters a container or folder by a prefix relative to it, and clears the filter', async () => {
    const names = ['logs/2024-01.txt', 'logs/2024-02.txt', 'logs/2025-01.txt', 'logs/old/x'];
    const { model, swift } = setup({ regions: { RegionOne: { c: names } }, pageSize: 1 });
    const [container] = (await model.children(await profileOf(model))) as ContainerNode[];
    const [logs] = (await model.children(container)) as FolderNode[];
    await model.children(logs);
    model.setFilter(logs, '2024-');
    assert.equal(logs.listing.started, false, 'a new filter starts from the first page');
    assert.deepEqual(summary(await model.children(logs)), ['logs/2024-01.txt', '[loadMore]']);
    assert.equal(swift().requests.at(-1)?.prefix, 'logs/2024-');
    await model.loadMore(logs);
    await model.loadMore(logs);
    assert.deepEqual(summary(await model.children(logs)), ['logs/2024-01.txt', 'logs/2024-02.txt']);
    model.setFilter(logs, 'zzz');
    const [empty] = await model.children(logs);
    assert.ok(empty instanceof EmptyNode);
    assert.equal(empty.message, "No objects match 'zzz'");
    model.setFilter(container, 'nothing');
    assert.deepEqual(summary(await model.children(container)), ["[No objects match 'nothing']"]);
    model.setFilter(container, undefined);
    model.setFilter(logs, '');
    assert.equal(logs.filter, undefined);
    assert.deepEqual(summary(await model.children(container)), ['logs/ (folder)', '[loadMore]']);
    assert.equal(swift().requests.at(-1)?.prefix, undefined, 'no filter: the whole container');
  });

  it('says when a container is empty; a folder holding only its marker object shows that object, not "Empty folder"', async () => {
    const { model } = setup({ regions: { RegionOne: { empty: [], marked: ['dir/'] } } });
    const containers = (await model.children(await profileOf(model))) as ContainerNode[];
    const empty = find(containers, ContainerNode, (c) => c.container === 'empty');
    assert.deepEqual(summary(await model.children(empty)), ['[Empty container]']);
    const marked = find(containers, ContainerNode, (c) => c.container === 'marked');
    const [dir] = (await model.children(marked)) as FolderNode[];
    assert.deepEqual(summary(await model.children(dir)), ['dir/']);
  });

  it('shows a failure as an error child, logs it once, and recovers on retry', async () => {
    const { model, swift, failures } = setup({ regions: { RegionOne: { c: ['a', 'b', 'c'] } }, pageSize: 2 });
    const [container] = (await model.children(await profileOf(model))) as ContainerNode[];
    const denied = new OpenStackError('auth', 'Swift: authentication failed (HTTP 401)', { status: 401, requestId: 'tx123' });
    swift().failNext = denied;
    const [error] = await model.children(container);
    assert.ok(error instanceof ErrorNode);
    assert.equal(error.error, denied);
    assert.equal(error.parent, container);
    assert.deepEqual(
      failures.map((f) => f.node),
      [container],
    );
    await model.loadMore(container); // what the Retry command does
    assert.deepEqual(summary(await model.children(container)), ['a', 'b', '[loadMore]']);
    swift().failNext = new OpenStackError('server', 'Swift: server error (HTTP 503)');
    await model.loadMore(container);
    assert.deepEqual(summary(await model.children(container)), ['a', 'b', '[error]'], 'a failed next page keeps what is shown');
    await model.loadMore(container);
    assert.deepEqual(summary(await model.children(container)), ['a', 'b', 'c']);
  });

  it('shows a profile that cannot be used as an error under it', async () => {
    const { model } = setup({ problems: ['The auth URL is empty.'] });
    const [error] = await model.children(await profileOf(model));
    assert.ok(error instanceof ErrorNode);
    assert.match((error.error as Error).message, /The auth URL is empty/);
  });

  it('shows nothing, and logs nothing, for a listing cancelled by a refresh', async () => {
    const { model, swift, failures } = setup({ regions: { RegionOne: { c: ['a'] } } });
    const [container] = (await model.children(await profileOf(model))) as ContainerNode[];
    const gate = deferred();
    swift().gate = gate.promise;
    const pending = model.children(container);
    await model.refresh(container);
    assert.deepEqual(await pending, []);
    assert.deepEqual(failures, []);
    swift().gate = undefined;
    assert.deepEqual(summary(await model.children(container)), ['a']);
  });

  it('refreshes one node from its first page without touching its siblings', async () => {
    const { model, swift } = setup({ regions: { RegionOne: { one: ['x'], two: ['y'] } } });
    const [one, two] = (await model.children(await profileOf(model))) as ContainerNode[];
    const [x] = await model.children(one);
    await model.children(two);
    swift().containers.get('one')!.push('x2');
    await model.refresh(one);
    const again = await model.children(one);
    assert.deepEqual(summary(again), ['x', 'x2']);
    assert.notEqual(again[0], x, 'a refreshed node builds new children');
    assert.equal(again[0].id, x.id, 'with the same ids, so their expansion survives');
    assert.equal(two.listing.started, true);
  });

  it("re-reads a profile's secret state when it, or everything, is refreshed", async () => {
    const { model, state } = setup({ hasSecret: false });
    const before = await profileOf(model);
    assert.equal(before.hasSecret, false);
    state.hasSecret = true;
    await model.refresh(before);
    assert.equal(before.hasSecret, true);
    state.hasSecret = false;
    model.refreshAll();
    const after = await profileOf(model);
    assert.notEqual(after, before);
    assert.equal(after.id, before.id);
    assert.equal(after.hasSecret, false);
  });

  it('does not bring back profiles whose reading was overtaken by a full refresh', async () => {
    const { model, state } = setup();
    const gate = deferred();
    state.secretGate = gate.promise;
    const stale = model.children();
    model.refreshAll();
    state.secretGate = undefined;
    const [fresh] = await model.children();
    gate.resolve();
    const [old] = await stale;
    assert.notEqual(old, fresh);
    assert.equal(model.profileNode('demo'), fresh);
  });

  it('cancels the loads in flight under a node that is refreshed', async () => {
    const { model, swift } = setup({ regions: { RegionOne: { c: ['a'] } } });
    const profile = await profileOf(model);
    const [container] = (await model.children(profile)) as ContainerNode[];
    swift().gate = new Promise(() => {}); // never answers by itself
    const pending = model.children(container);
    await model.refresh(profile);
    assert.deepEqual(await pending, []);
    assert.equal(profile.listing.started, false);
  });

  it('retries failed listings of a profile when it gets a new token, not when it loses one', async () => {
    const { model, state, token } = setup({ regions: { RegionOne: { c: [] } } });
    const profile = await profileOf(model);
    state.tokenError = new OpenStackError('auth', 'Keystone: authentication failed (HTTP 401)');
    assert.ok((await model.children(profile))[0] instanceof ErrorNode);
    assert.deepEqual(model.tokenChanged('demo', undefined), [], 'losing a token changes nothing shown');
    assert.ok(profile.listing.error);
    state.tokenError = undefined;
    assert.deepEqual(model.tokenChanged('demo', token), [profile]);
    assert.equal(profile.listing.started, false);
    assert.deepEqual(summary(await model.children(profile)), ['c (container)']);
    assert.deepEqual(model.tokenChanged('someone-else', token), []);
  });

  it('re-renders nothing when a token arrives or goes and no listing failed', async () => {
    // VS Code loses track of a node's children when told the node changed while it fetches them, which is
    // when a first expansion's token arrives: a change must be reported only for what really changed.
    const { model, token } = setup({ regions: { RegionOne: { c: ['a'] } } });
    const profile = await profileOf(model);
    const [container] = (await model.children(profile)) as ContainerNode[];
    await model.children(container);
    assert.deepEqual(model.tokenChanged('demo', token), []);
    assert.deepEqual(model.tokenChanged('demo', undefined), []);
    assert.equal(container.listing.started, true, 'loaded listings are kept');
  });

  it('gives every node an id unique in the tree and stable across reloads, whatever the names', async () => {
    const tricky = ['a/b', 'a%2Fb', 'a', 'a/', 'a//', 'a//b', 'x\ny', 'x⏎y', '%', '%25', ' ', 'evil\u202Egnp.exe', 'é', 'e\u0301'];
    const { model } = setup({ regions: { RegionOne: { 'a/b': [], 'a%2Fb': [], c: tricky } } });
    const seen = new Map<string, StorageNode>();
    const visit = async (node?: StorageNode): Promise<void> => {
      for (const child of await model.children(node)) {
        assert.ok(!seen.has(child.id), `duplicate id ${child.id}`);
        seen.set(child.id, child);
        await visit(child);
      }
    };
    await visit();
    const objects = [...seen.values()].filter((n): n is ObjectNode => n instanceof ObjectNode);
    assert.ok(
      objects.some((o) => o.name === 'x\ny'),
      'nodes keep the real name',
    );
    const ids = [...seen.keys()].sort();
    model.refreshAll();
    seen.clear();
    await visit();
    assert.deepEqual([...seen.keys()].sort(), ids);
  });

  it("knows each node's parent, so the view can reveal it", async () => {
    const { model } = setup({ regions: { RegionOne: { c: ['dir/file'] } } });
    const profile = await profileOf(model);
    const [container] = await model.children(profile);
    const [dir] = await model.children(container);
    const [file] = await model.children(dir);
    assert.ok(file instanceof ObjectNode);
    assert.equal(model.parent(file), dir);
    assert.equal(model.parent(dir), container);
    assert.equal(model.parent(container), profile);
    assert.equal(model.parent(profile), undefined);
    assert.deepEqual([file.profileId, file.region, file.container, file.name], ['demo', 'RegionOne', 'c', 'dir/file']);
  });

  it('keeps the page size within what Swift answers', () => {
    assert.equal(clampPageSize(0), 1);
    assert.equal(clampPageSize(20000), 10000);
    assert.equal(clampPageSize(12.7), 12);
    assert.equal(clampPageSize(Number.NaN), 500);
  });
});

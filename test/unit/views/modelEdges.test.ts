// The tree model at its edges: one token read per listing of a single-region profile (not one per page), the
// region list read again when a failed first page is retried, a failed container under a profile retried on a
// new token (and not for another profile), the preferred region marked alone, an error without a logger.
import * as assert from 'node:assert/strict';
import { OpenStackError } from '../../../src/openstack/errors';
import { StorageTreeModel, emptyMessage } from '../../../src/views/model';
import { ContainerNode, ErrorNode, FolderNode, ProfileNode, RegionNode } from '../../../src/views/nodes';
import { fakeCloud, type FakeCloudOptions } from './fakeCloud';

function setup(options: FakeCloudOptions & { pageSize?: number } = {}, withLogger = true) {
  const cloud = fakeCloud(options);
  const model = new StorageTreeModel(cloud.backend, {
    pageSize: () => options.pageSize ?? 500,
    ...(withLogger ? { onLoadError: () => undefined } : {}),
  });
  return { ...cloud, model };
}

async function profileOf(model: StorageTreeModel): Promise<ProfileNode> {
  const [profile] = await model.children();
  assert.ok(profile instanceof ProfileNode);
  return profile;
}

describe('views/model: edges', () => {
  it("reads the token once for a single region's first page, not again for the next pages", async () => {
    const { model, state } = setup({ regions: { RegionOne: { a: [], b: [], c: [], d: [], e: [] } }, pageSize: 2 });
    const profile = await profileOf(model);
    await model.children(profile);
    await model.loadMore(profile);
    await model.loadMore(profile);
    assert.equal(profile.listing.items.length, 5);
    assert.equal(state.tokenRequests, 1);
  });

  it('reads the regions again when a failed first page is retried after a new token', async () => {
    const { model, state, swift, token } = setup({ regions: { RegionOne: { a: [] } } });
    const profile = await profileOf(model);
    swift().failNext = new OpenStackError('auth', 'Swift: authentication failed (HTTP 401)');
    assert.ok((await model.children(profile))[0] instanceof ErrorNode);
    assert.equal(state.tokenRequests, 1);
    assert.deepEqual(model.tokenChanged('someone-else', token), [], "another profile's token retries nothing here");
    assert.deepEqual(model.tokenChanged('demo', token), [profile]);
    assert.equal((await model.children(profile)).length, 1);
    assert.equal(state.tokenRequests, 2, 'the catalog may have changed with the token');
  });

  it('retries a failed container listing under the profile on a new token', async () => {
    const { model, swift, token } = setup({ regions: { RegionOne: { a: ['x'] } } });
    const profile = await profileOf(model);
    const [container] = await model.children(profile);
    assert.ok(container instanceof ContainerNode);
    swift().failNext = new OpenStackError('auth', 'Swift: authentication failed (HTTP 401)');
    const failed = await model.children(container);
    assert.ok(failed[0] instanceof ErrorNode);
    assert.deepEqual(model.tokenChanged('demo', token), [container]);
  });

  it('marks only the preferred region', async () => {
    const { model } = setup({ regions: { RegionOne: { a: [] }, RegionTwo: { b: [] } }, profile: { region: 'RegionTwo' } });
    const regions = (await model.children(await profileOf(model))) as RegionNode[];
    assert.deepEqual(
      regions.map((r) => [r.region, r.preferred]),
      [
        ['RegionTwo', true],
        ['RegionOne', false],
      ],
    );
  });

  it("names the profile's own regions when none has an endpoint", async () => {
    const { model } = setup({ regions: { RegionOne: {} }, profile: { regions: ['North', 'South'] } });
    const [error] = await model.children(await profileOf(model));
    assert.ok(error instanceof ErrorNode);
    assert.equal(
      (error.error as Error).message,
      'Profile "Demo": the service catalog has no public object-store (Swift) endpoint in its regions North, South.',
    );
    const plain = setup({ regions: {} });
    const [other] = await plain.model.children(await profileOf(plain.model));
    assert.ok(other instanceof ErrorNode);
    assert.equal((other.error as Error).message, 'Profile "Demo": the service catalog has no public object-store (Swift) endpoint.');
  });

  it('keeps the failure itself when nobody logs failures', async () => {
    const { model, swift } = setup({ regions: { RegionOne: { a: [] } } }, false);
    const refused = new OpenStackError('forbidden', 'Swift: forbidden (HTTP 403)');
    swift().failNext = refused;
    const [error] = await model.children(await profileOf(model));
    assert.ok(error instanceof ErrorNode);
    assert.equal(error.error, refused);
  });

  it('says what an empty profile, region, container and folder hold', async () => {
    const { model } = setup({ regions: { RegionOne: { a: ['f/x'] }, RegionTwo: {} } });
    const profile = await profileOf(model);
    const [region] = (await model.children(profile)) as RegionNode[];
    const [container] = await model.children(region);
    assert.ok(container instanceof ContainerNode);
    const [folder] = await model.children(container);
    assert.ok(folder instanceof FolderNode);
    assert.deepEqual([profile, region, container, folder].map(emptyMessage), ['No containers', 'No containers', 'Empty container', 'Empty folder']);
  });
});

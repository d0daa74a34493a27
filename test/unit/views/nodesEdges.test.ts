// What each tree node says it is and where it points: the location a command acts on (delete, download, copy)
// comes from the node the menu passed, so a wrong region, container or name here would act on another object.
import * as assert from 'node:assert/strict';
import type { Profile } from '../../../src/auth/profile';
import {
  ChildLister,
  ContainerNode,
  EmptyNode,
  ErrorNode,
  FolderNode,
  LoadMoreNode,
  ObjectNode,
  ProfileNode,
  RegionNode,
  isListingNode,
  isObjectListingNode,
  isStorageNode,
} from '../../../src/views/nodes';
import { objectEntry } from './fakeCloud';

const lister: ChildLister = { page: async () => ({ items: [], nextMarker: undefined }) };
const profile: Profile = { id: 'p1', name: 'P', authUrl: 'https://k.example/v3', authVersion: 'v3', authType: 'password', region: 'Pref' };

function tree() {
  const profileNode = new ProfileNode(profile, 'settings', [], true, lister);
  const region = new RegionNode(profileNode, 'R2', 'https://s.example/v1/AUTH_p', false, lister);
  const container = new ContainerNode(region, 'R2', { name: 'box', objectCount: 0, bytes: 0, lastModified: undefined }, lister);
  const folder = new FolderNode(container, { kind: 'folder', prefix: 'a/' }, lister);
  const object = new ObjectNode(folder, objectEntry('a/b.txt'));
  return { profileNode, region, container, folder, object };
}

describe('views/nodes: kinds and locations', () => {
  it('each node points at its own account, container, prefix or object', () => {
    const { profileNode, region, container, folder, object } = tree();
    assert.deepEqual(profileNode.location, { profileId: 'p1', region: 'Pref' }, 'the preferred region when the catalog has several');
    profileNode.singleRegion = 'Only';
    assert.deepEqual(profileNode.location, { profileId: 'p1', region: 'Only' }, 'the single region of the catalog first');
    const noRegion = new ProfileNode({ ...profile, region: undefined }, 'settings', [], true, lister);
    assert.deepEqual(noRegion.location, { profileId: 'p1', region: '' }, "'' is the default region");
    assert.deepEqual(region.location, { profileId: 'p1', region: 'R2' });
    assert.deepEqual(container.location, { profileId: 'p1', region: 'R2', container: 'box' });
    assert.deepEqual(folder.location, { profileId: 'p1', region: 'R2', container: 'box', prefix: 'a/' });
    assert.deepEqual(object.location, { profileId: 'p1', region: 'R2', container: 'box', object: 'a/b.txt' });
  });

  it('each node has its kind, and only nodes that list are listing nodes', () => {
    const { profileNode, region, container, folder, object } = tree();
    const more = new LoadMoreNode(folder);
    const error = new ErrorNode(folder, new Error('x'));
    const empty = new EmptyNode(folder, 'Empty');
    const all = [profileNode, region, container, folder, object, more, error, empty];
    assert.deepEqual(
      all.map((n) => n.kind),
      ['profile', 'region', 'container', 'folder', 'object', 'loadMore', 'error', 'empty'],
    );
    assert.deepEqual(all.map(isListingNode), [true, true, true, true, false, false, false, false]);
    assert.deepEqual(all.map(isObjectListingNode), [false, false, true, true, false, false, false, false]);
    assert.ok(all.every(isStorageNode));
    assert.equal(isStorageNode({ kind: 'object', name: 'x' }), false, 'a look-alike from a command argument is not a node');
    assert.equal(isStorageNode(undefined), false);
  });
});

import * as assert from 'node:assert/strict';
import type { Profile } from '../../../src/auth/profile';
import { ChildLister, ContainerNode, FolderNode, ObjectNode, ProfileNode, RegionNode } from '../../../src/views/nodes';
import {
  EDIT_SCHEME,
  READONLY_SCHEME,
  describeLocation,
  listingOf,
  locationOf,
  metadataLocationOf,
  objectLocationOf,
  profileIdOf,
  toUriParts,
} from '../../../src/location';

const lister: ChildLister = { page: async () => ({ items: [], nextMarker: undefined }) };
const profile: Profile = { id: 'demo', name: 'Demo', authUrl: 'http://k/v3', authVersion: 'v3', authType: 'password', region: 'RegionOne' };
const profileNode = new ProfileNode(profile, 'settings', [], true, lister);
const regionNode = new RegionNode(profileNode, 'RegionTwo', 'http://s/v1/AUTH_x', false, lister);
const NAME = 'dir/ünï #?%\nname.txt';
const containerNode = new ContainerNode(regionNode, 'RegionTwo', { name: 'c #1', objectCount: 1, bytes: 1, lastModified: undefined }, lister);
const folderNode = new FolderNode(containerNode, { kind: 'folder', prefix: 'dir/' }, lister);
const objectNode = new ObjectNode(folderNode, { kind: 'object', name: NAME, bytes: 3, hash: 'h', lastModified: undefined, contentType: 'text/plain' });

describe('location: command arguments', () => {
  it('finds the profile id of any node, a bare id, or nothing', () => {
    for (const node of [profileNode, regionNode, containerNode, folderNode, objectNode]) assert.equal(profileIdOf(node), 'demo');
    assert.equal(profileIdOf('other'), 'other');
    assert.equal(profileIdOf(''), undefined);
    assert.equal(profileIdOf(undefined), undefined);
    assert.equal(profileIdOf({ profileId: 5 }), undefined);
  });

  it('maps region, container and object nodes to the resource whose metadata they show', () => {
    assert.deepEqual(metadataLocationOf(regionNode), { profileId: 'demo', region: 'RegionTwo' });
    assert.deepEqual(metadataLocationOf(containerNode), { profileId: 'demo', region: 'RegionTwo', container: 'c #1' });
    assert.deepEqual(metadataLocationOf(objectNode), { profileId: 'demo', region: 'RegionTwo', container: 'c #1', object: NAME });
    assert.deepEqual(objectLocationOf(objectNode), metadataLocationOf(objectNode));
    assert.equal(objectLocationOf(containerNode), undefined);
  });

  it('maps a profile node to its account: its single region, else its preferred one', () => {
    assert.deepEqual(metadataLocationOf(profileNode), { profileId: 'demo', region: 'RegionOne' });
    profileNode.singleRegion = 'Only';
    try {
      assert.deepEqual(metadataLocationOf(profileNode), { profileId: 'demo', region: 'Only' });
    } finally {
      profileNode.singleRegion = undefined;
    }
  });

  it('has no metadata target for folders or foreign arguments', () => {
    assert.equal(metadataLocationOf(folderNode), undefined);
    assert.equal(metadataLocationOf('demo'), undefined);
    assert.equal(metadataLocationOf({ kind: 'object' }), undefined);
    assert.equal(metadataLocationOf(undefined), undefined);
  });

  it("lists a container or a folder with the tree's prefix and filter", () => {
    assert.deepEqual(listingOf(containerNode), { location: { profileId: 'demo', region: 'RegionTwo', container: 'c #1' }, prefix: '', folder: false });
    folderNode.filter = 'rep';
    try {
      assert.deepEqual(listingOf(folderNode), {
        location: { profileId: 'demo', region: 'RegionTwo', container: 'c #1', prefix: 'dir/' },
        prefix: 'dir/rep',
        folder: true,
      });
    } finally {
      folderNode.filter = undefined;
    }
    assert.equal(listingOf(objectNode), undefined);
  });

  it('describes targets with names quoted and escaped', () => {
    assert.equal(describeLocation({ profileId: 'p', region: 'R', container: 'c', object: 'a\nb' }), 'object "a\\nb" in container "c"');
    assert.equal(describeLocation({ profileId: 'p', region: 'R', container: 'c' }), 'container "c"');
    assert.equal(describeLocation({ profileId: 'p', region: 'R' }), 'the account in region R');
    assert.equal(describeLocation({ profileId: 'p', region: '' }), 'the account');
    assert.equal(describeLocation({ profileId: 'p', region: 'R', container: 'c', prefix: 'logs/\n' }), 'folder "logs/\\n" in container "c"');
  });

  it('reads the URI of an open object tab (both schemes) as the same location as its tree node', () => {
    for (const scheme of [EDIT_SCHEME, READONLY_SCHEME]) {
      const uri = { scheme, ...toUriParts(objectNode.location) };
      assert.deepEqual(locationOf(uri), objectNode.location);
      assert.deepEqual(objectLocationOf(uri), objectNode.location);
      assert.equal(profileIdOf(uri), 'demo');
      assert.deepEqual(metadataLocationOf(uri), objectNode.location, 'Show Metadata on an object tab');
    }
    assert.equal(locationOf({ scheme: 'file', path: '/tmp/x', query: '' }), undefined, 'an Explorer file is no storage location');
    assert.equal(locationOf({ scheme: EDIT_SCHEME, path: '/c/x', query: 'not a descriptor' }), undefined);
    assert.equal(
      objectLocationOf({ scheme: EDIT_SCHEME, ...toUriParts({ profileId: 'p', region: '', container: 'c' }) }),
      undefined,
      'a container URI is no object',
    );
  });
});

import * as assert from 'node:assert/strict';
import type { Profile } from '../../src/auth/profile';
import { ChildLister, ContainerNode, FolderNode, ObjectNode, ProfileNode, RegionNode } from '../../src/views/nodes';
import { describeTarget, listingTargetOf, metadataTargetOf, objectTargetOf, profileIdOf } from '../../src/commands/targets';

const lister: ChildLister = { page: async () => ({ items: [], nextMarker: undefined }) };
const profile: Profile = { id: 'demo', name: 'Demo', authUrl: 'http://k/v3', authVersion: 'v3', authType: 'password', region: 'RegionOne' };
const profileNode = new ProfileNode(profile, 'settings', [], true, lister);
const regionNode = new RegionNode(profileNode, 'RegionTwo', 'http://s/v1/AUTH_x', false, lister);
const NAME = 'dir/ünï #?%\nname.txt';
const containerNode = new ContainerNode(regionNode, 'RegionTwo', { name: 'c #1', objectCount: 1, bytes: 1, lastModified: undefined }, lister);
const folderNode = new FolderNode(containerNode, { kind: 'folder', prefix: 'dir/' }, lister);
const objectNode = new ObjectNode(folderNode, { kind: 'object', name: NAME, bytes: 3, hash: 'h', lastModified: undefined, contentType: 'text/plain' });

describe('commands/targets', () => {
  it('finds the profile id of any node, a bare id, or nothing', () => {
    for (const node of [profileNode, regionNode, containerNode, folderNode, objectNode]) assert.equal(profileIdOf(node), 'demo');
    assert.equal(profileIdOf('other'), 'other');
    assert.equal(profileIdOf(''), undefined);
    assert.equal(profileIdOf(undefined), undefined);
    assert.equal(profileIdOf({ profileId: 5 }), undefined);
  });

  it('maps region, container and object nodes to the resource whose metadata they show', () => {
    assert.deepEqual(metadataTargetOf(regionNode), { profileId: 'demo', region: 'RegionTwo' });
    assert.deepEqual(metadataTargetOf(containerNode), { profileId: 'demo', region: 'RegionTwo', container: 'c #1' });
    assert.deepEqual(metadataTargetOf(objectNode), { profileId: 'demo', region: 'RegionTwo', container: 'c #1', object: NAME });
    assert.deepEqual(objectTargetOf(objectNode), metadataTargetOf(objectNode));
    assert.equal(objectTargetOf(containerNode), undefined);
  });

  it('maps a profile node to its account: its single region, else its preferred one', () => {
    assert.deepEqual(metadataTargetOf(profileNode), { profileId: 'demo', region: 'RegionOne' });
    profileNode.singleRegion = 'Only';
    try {
      assert.deepEqual(metadataTargetOf(profileNode), { profileId: 'demo', region: 'Only' });
    } finally {
      profileNode.singleRegion = undefined;
    }
  });

  it('has no metadata target for folders or foreign arguments', () => {
    assert.equal(metadataTargetOf(folderNode), undefined);
    assert.equal(metadataTargetOf('demo'), undefined);
    assert.equal(metadataTargetOf({ kind: 'object' }), undefined);
    assert.equal(metadataTargetOf(undefined), undefined);
  });

  it('lists a container or a folder with the tree\'s prefix and filter', () => {
    assert.deepEqual(listingTargetOf(containerNode), { profileId: 'demo', region: 'RegionTwo', container: 'c #1', prefix: '', folder: false });
    folderNode.filter = 'rep';
    try {
      assert.deepEqual(listingTargetOf(folderNode), { profileId: 'demo', region: 'RegionTwo', container: 'c #1', prefix: 'dir/rep', folder: true });
    } finally {
      folderNode.filter = undefined;
    }
    assert.equal(listingTargetOf(objectNode), undefined);
  });

  it('describes targets with names quoted and escaped', () => {
    assert.equal(describeTarget({ profileId: 'p', region: 'R', container: 'c', object: 'a\nb' }), 'object "a\\nb" in container "c"');
    assert.equal(describeTarget({ profileId: 'p', region: 'R', container: 'c' }), 'container "c"');
    assert.equal(describeTarget({ profileId: 'p', region: 'R' }), 'the account in region R');
    assert.equal(describeTarget({ profileId: 'p', region: '' }), 'the account');
  });
});

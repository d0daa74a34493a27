import * as assert from 'node:assert/strict';
import type { Profile } from '../../../src/auth/profile';
import { OpenStackError, describeError } from '../../../src/openstack/errors';
import type { ObjectEntry } from '../../../src/openstack/swift/listing';
import { ChildLister, ContainerNode, EmptyNode, ErrorNode, FolderNode, LoadMoreNode, ObjectNode, ProfileNode, RegionNode } from '../../../src/views/nodes';
import { itemView, listingDescription, objectIcon } from '../../../src/views/presentation';
import { userMessage } from '../../../src/ui/errorMessages';
import { deferred, objectEntry } from './fakeCloud';

let next: () => Promise<{ items: never[]; nextMarker: string | undefined }> = async () => ({ items: [], nextMarker: undefined });
const lister: ChildLister = { page: () => next() };
const profile: Profile = {
  id: 'demo',
  name: 'Demo',
  authUrl: 'https://keystone.example.com:5000/v3',
  authVersion: 'v3',
  authType: 'password',
  username: 'alice',
  project: 'web',
  region: 'RegionOne',
};
const view = (node: Parameters<typeof itemView>[0]) => itemView(node, describeError);

function tree() {
  const profileNode = new ProfileNode(profile, 'settings', [], true, lister);
  const region = new RegionNode(profileNode, 'RegionOne', 'https://swift.example.com/v1/AUTH_x', true, lister);
  const container = new ContainerNode(region, 'RegionOne', { name: 'photos', objectCount: 3, bytes: 1536, lastModified: undefined }, lister);
  const folder = new FolderNode(container, { kind: 'folder', prefix: '2024/' }, lister);
  const sub = new FolderNode(folder, { kind: 'folder', prefix: '2024/05/' }, lister);
  const object = (entry: Partial<ObjectEntry> & { name: string }) => new ObjectNode(folder, objectEntry(entry.name, entry));
  return { profileNode, region, container, folder, sub, object };
}

describe('views/presentation', () => {
  it('describes a profile by host and user/project, with details in the tooltip', () => {
    const v = view(tree().profileNode);
    assert.equal(v.label, 'Demo');
    assert.equal(v.description, 'keystone.example.com:5000 · alice/web');
    assert.equal(v.contextValue, 'profile');
    assert.equal(v.icon, 'cloud');
    assert.equal(v.collapsible, true);
    assert.match(v.tooltip, /Auth URL: https:\/\/keystone\.example\.com:5000\/v3/);
    assert.match(v.tooltip, /Preferred region: RegionOne/);
    assert.equal(v.id, 'profile/demo');
  });

  it("shows a profile's problems or missing secret as its state", () => {
    const noSecret = view(new ProfileNode(profile, 'settings', [], false, lister));
    assert.equal(noSecret.description, 'keystone.example.com:5000 · alice/web · no password stored');
    assert.equal(noSecret.icon, 'warning');
    assert.match(noSecret.tooltip, /No password stored: edit the profile/);
    const broken = view(new ProfileNode({ ...profile, authType: 'applicationCredential' }, 'settings', ['Needs an id.'], false, lister));
    assert.match(broken.description ?? '', /incomplete settings$/);
    assert.match(broken.tooltip, /⚠ Needs an id\./);
    const unknown = view(new ProfileNode(profile, 'settings', [], undefined, lister));
    assert.equal(unknown.icon, 'cloud', 'a secret store that cannot tell is not a problem');
    const env = view(new ProfileNode({ ...profile, id: 'environment', name: 'Environment' }, 'environment', [], true, lister));
    assert.equal(env.contextValue, 'profile.environment');
  });

  it('describes regions, marking the preferred one', () => {
    const v = view(tree().region);
    assert.deepEqual([v.label, v.description, v.contextValue, v.icon], ['RegionOne', 'preferred', 'region', 'globe']);
    assert.match(v.tooltip, /Object storage: https:\/\/swift\.example\.com\/v1\/AUTH_x/);
  });

  it('describes a container by object count and size, and shows its filter', () => {
    const { container } = tree();
    let v = view(container);
    assert.deepEqual([v.label, v.description, v.contextValue], ['photos', '3 objects · 1.50 KiB', 'container']);
    assert.match(v.tooltip, /Bytes used: 1\.50 KiB \(1,536 bytes\)/);
    container.filter = 'ab';
    v = view(container);
    assert.deepEqual([v.description, v.contextValue], ['3 objects · 1.50 KiB · filter: ab*', 'container.filtered']);
    assert.match(v.tooltip, /Filter: names starting with "ab"/);
  });

  it('marks a container a command found public, and shows its versioning', () => {
    const { container } = tree();
    assert.equal(view(container).icon, 'package');
    container.access = { publicRead: true, versioning: 'enabled' };
    const v = view(container);
    assert.deepEqual(
      [v.description, v.icon, v.iconColor, v.contextValue],
      ['3 objects · 1.50 KiB · public', 'globe', 'list.warningForeground', 'container public versioned'],
    );
    assert.match(v.tooltip, /Public: anyone on the internet can read and list it/);
    assert.match(v.tooltip, /Versioning: enabled/);
    container.access = { publicRead: false };
    assert.deepEqual(
      [view(container).description, view(container).icon, view(container).contextValue],
      ['3 objects · 1.50 KiB', 'package', 'container private'],
    );
  });

  it('labels folders and objects relative to their parent, escaped, keeping the real name in the node', () => {
    const { folder, sub, object } = tree();
    assert.deepEqual([view(folder).label, view(folder).contextValue, view(folder).icon], ['2024', 'folder', 'folder']);
    assert.equal(view(sub).label, '05');
    sub.filter = 'x\ny';
    assert.deepEqual([view(sub).description, view(sub).contextValue], ['filter: x⏎y*', 'folder.filtered']);
    assert.match(view(sub).tooltip, /names starting with "2024\/05\/x\\ny"/);
    const hostile = object({ name: '2024/evil\u202Etxt.exe\nnext' });
    const v = view(hostile);
    assert.equal(v.label, 'evil⟨U+202E⟩txt.exe⏎next');
    assert.equal(hostile.name, '2024/evil\u202Etxt.exe\nnext');
    assert.match(v.tooltip, /Exact name: "2024\/evil\\u202etxt\.exe\\nnext"/);
    assert.equal(v.contextValue, 'object');
    assert.equal(v.collapsible, false);
    assert.deepEqual(v.command, { id: 'openstackStorage.openObject', title: 'Open Object (Read-Only)' }, 'a click opens read-only');
    assert.equal(view(folder).command, undefined, 'a folder row only expands');
    const plain = view(object({ name: '2024/a.txt' }));
    assert.equal(plain.description, '1.50 KiB · 2024-05-01 12:34');
    assert.doesNotMatch(plain.tooltip, /Exact name/);
  });

  it("shows an object's expiry in its tooltip once known (a HEAD or Set Expiry…), nothing while unknown", () => {
    const { object } = tree();
    const node = object({ name: '2024/a.txt' });
    assert.doesNotMatch(view(node).tooltip, /Expires/, 'a listing does not carry X-Delete-At: nothing claimed');
    node.deleteAt = new Date(Date.UTC(2031, 1, 3, 4, 5, 6));
    assert.match(view(node).tooltip, /\nExpires: .*\(2031-02-03T04:05:06\.000Z\) \(Swift deletes it then\)$/);
    node.deleteAt = null;
    assert.match(view(node).tooltip, /\nExpires: never$/);
  });

  it("labels a folder's own object (`2024/` inside the folder 2024) by its name with the slash, and says what it is", () => {
    const { folder, object } = tree();
    const own = view(object({ name: '2024/' }));
    assert.equal(own.label, '2024/');
    assert.equal(own.contextValue, 'object');
    assert.match(own.description ?? '', /^object named like this folder · /);
    assert.deepEqual(own.command, { id: 'openstackStorage.openObject', title: 'Open Object (Read-Only)' });
    const inner = new FolderNode(folder, { kind: 'folder', prefix: '2024//' }, lister);
    const doubled = view(new ObjectNode(inner, objectEntry('2024//', {})));
    assert.equal(doubled.label, '/');
    assert.doesNotMatch(view(object({ name: '2024/x/' })).description ?? '', /named like this folder/);
  });

  it('picks an icon by content type', () => {
    const icon = (contentType: string, symlinkPath?: string) => objectIcon({ contentType, symlinkPath });
    assert.equal(icon('image/png'), 'file-media');
    assert.equal(icon('video/mp4'), 'file-media');
    assert.equal(icon('application/pdf'), 'file-pdf');
    assert.equal(icon('application/gzip'), 'file-zip');
    assert.equal(icon('application/x-tar'), 'file-zip');
    assert.equal(icon('application/json; charset=utf-8'), 'json');
    assert.equal(icon('application/ld+json'), 'json');
    assert.equal(icon('text/markdown'), 'markdown');
    assert.equal(icon('text/csv'), 'table');
    assert.equal(icon('text/plain'), 'file');
    assert.equal(icon('text/x-python'), 'file-code');
    assert.equal(icon('application/xml'), 'file-code');
    assert.equal(icon('APPLICATION/OCTET-STREAM'), 'file-binary');
    assert.equal(icon('application/directory'), 'folder');
    assert.equal(icon(''), 'file');
    assert.equal(icon('text/plain', '/v1/AUTH_x/c/target'), 'file-symlink-file');
  });

  it('offers "Load more…" with a command, and a spinner while a page loads', async () => {
    const { container } = tree();
    const gate = deferred();
    next = async () => ({ items: [], nextMarker: 'm' });
    await container.listing.load();
    const more = new LoadMoreNode(container);
    let v = view(more);
    assert.deepEqual([v.label, v.contextValue, v.command?.id, v.icon], ['Load more…', 'loadMore', 'openstackStorage.loadMore', 'ellipsis']);
    next = async () => {
      await gate.promise;
      return { items: [], nextMarker: undefined };
    };
    const loading = container.listing.load();
    v = view(more);
    assert.deepEqual([v.label, v.icon, v.command], ['Loading more…', 'loading~spin', undefined]);
    gate.resolve();
    await loading;
  });

  it('shows an error as one sentence with a retry command and the request id in the tooltip', () => {
    const { container } = tree();
    const error = new OpenStackError('auth', 'Swift: authentication failed (HTTP 401) for GET http://s/v1/AUTH_x/photos', { requestId: 'tx42' });
    const v = view(new ErrorNode(container, error));
    assert.equal(v.label, 'Swift: authentication failed (HTTP 401) for GET http://s/v1/AUTH_x/photos [request id tx42]');
    // With the tree's own wording (userMessage), the row is one sentence; the request id stays in the tooltip.
    const shown = itemView(new ErrorNode(container, error), (e) => userMessage(e));
    assert.equal(shown.label, "Swift: authentication failed (HTTP 401) for GET http://s/v1/AUTH_x/photos Check the profile's credentials, or sign in again.");
    assert.match(shown.tooltip, /Request id: tx42/);
    assert.deepEqual([v.contextValue, v.icon, v.iconColor, v.command?.id], ['error', 'error', 'list.errorForeground', 'openstackStorage.retry']);
    assert.match(v.tooltip, /Request id: tx42\nSelect to retry\./);
    assert.equal(view(new ErrorNode(container, new Error('two\nlines'))).label, 'two⏎lines');
  });

  it('shows empty listings as a message item', () => {
    const v = view(new EmptyNode(tree().container, 'Empty container'));
    assert.deepEqual([v.label, v.contextValue, v.collapsible, v.command], ['Empty container', 'empty', false, undefined]);
  });

  it('gives every kind of node its own id and a contextValue the menus know', () => {
    const { profileNode, region, container, folder, object } = tree();
    const nodes = [
      profileNode,
      region,
      container,
      folder,
      object({ name: '2024/a' }),
      new LoadMoreNode(folder),
      new ErrorNode(folder, 'x'),
      new EmptyNode(folder, 'y'),
    ];
    const views = nodes.map(view);
    assert.equal(new Set(views.map((v) => v.id)).size, nodes.length);
    assert.deepEqual(
      views.map((v) => v.contextValue),
      ['profile', 'region', 'container', 'folder', 'object', 'loadMore', 'error', 'empty'],
    );
  });

  it('describes what a listing lists, for the log', () => {
    const { profileNode, region, sub } = tree();
    sub.filter = 'x';
    assert.equal(listingDescription(profileNode), 'regions and containers of profile "Demo"');
    assert.equal(listingDescription(region), 'containers of region "RegionOne" (profile "Demo")');
    assert.equal(listingDescription(sub), 'objects of container "photos" under "2024/05/x" (region "RegionOne", profile "Demo")');
  });
});

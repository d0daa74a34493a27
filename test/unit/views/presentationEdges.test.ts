// Every line of each row's tooltip, pinned whole: what a user reads before acting (the insecure-TLS warning,
// where a profile came from, a container open to the internet) must be there exactly when it applies.
import * as assert from 'node:assert/strict';
import type { Profile } from '../../../src/auth/profile';
import { describeError } from '../../../src/openstack/errors';
import type { ObjectEntry } from '../../../src/openstack/swift/listing';
import { ChildLister, ContainerNode, EmptyNode, ErrorNode, FolderNode, LoadMoreNode, ObjectNode, ProfileNode, RegionNode } from '../../../src/views/nodes';
import { itemView, objectIcon } from '../../../src/views/presentation';
import { objectEntry } from './fakeCloud';

const lister: ChildLister = { page: async () => ({ items: [], nextMarker: undefined }) };
const minimal: Profile = { id: 'min', name: 'Min', authUrl: 'https://k.example/v3', authVersion: 'v3', authType: 'token' };
const view = (node: Parameters<typeof itemView>[0]) => itemView(node, describeError);
const tooltipOf = (node: Parameters<typeof itemView>[0]) => view(node).tooltip.split('\n');

function containerIn(profile: Profile = minimal, childLister: ChildLister = lister) {
  const profileNode = new ProfileNode(profile, 'settings', [], true, lister);
  const region = new RegionNode(profileNode, 'R1', undefined, false, lister);
  return new ContainerNode(region, 'R1', { name: 'c', objectCount: 1, bytes: 0, lastModified: undefined }, childLister);
}

describe('views/presentation: tooltips line by line', () => {
  it('a profile with every detail lists each, the insecure warning and the environment source included', () => {
    const full: Profile = {
      ...minimal,
      authType: 'password',
      username: 'alice',
      userDomain: 'Users',
      projectId: 'p-1',
      projectDomainId: 'd-2',
      region: 'R1',
      interface: 'internal',
      caFile: '/etc/ca.pem',
      insecure: true,
    };
    assert.deepEqual(tooltipOf(new ProfileNode(full, 'environment', ['Needs a project.'], false, lister)), [
      'Profile: Min',
      'Auth URL: https://k.example/v3',
      'Authentication: password, Keystone v3',
      'User: alice (domain Users)',
      'Project: p-1 (domain d-2)',
      'Preferred region: R1',
      'Interface: internal',
      'CA file: /etc/ca.pem',
      'TLS certificate verification is OFF (insecure).',
      'From the OS_* environment variables of the editor.',
      '⚠ Needs a project.',
      '⚠ No password stored: edit the profile to enter it.',
    ]);
  });

  it('a profile with nothing optional says only what it has: no user, project, CA file or warnings', () => {
    const v = view(new ProfileNode(minimal, 'settings', [], true, lister));
    assert.deepEqual(v.tooltip.split('\n'), ['Profile: Min', 'Auth URL: https://k.example/v3', 'Authentication: token, Keystone v3', 'Interface: public']);
    assert.equal(v.description, 'k.example');
    assert.equal(v.iconColor, undefined);
    const insecureFalse = view(new ProfileNode({ ...minimal, insecure: false, username: 'bob', project: 'web' }, 'settings', [], undefined, lister));
    assert.deepEqual(insecureFalse.tooltip.split('\n').slice(3), ['User: bob', 'Project: web', 'Interface: public']);
    assert.equal(insecureFalse.description, 'k.example · bob/web');
    const projectOnly = view(new ProfileNode({ ...minimal, project: 'web', projectDomain: 'Default' }, 'settings', [], true, lister));
    assert.equal(projectOnly.description, 'k.example · web');
    assert.deepEqual(projectOnly.tooltip.split('\n').slice(3), ['Project: web (domain Default)', 'Interface: public']);
    const userById = view(new ProfileNode({ ...minimal, userId: 'u-9', userDomainId: 'd-1' }, 'settings', [], true, lister));
    assert.deepEqual(userById.tooltip.split('\n').slice(3, 4), ['User: u-9 (domain d-1)']);
  });

  it('a warned profile is painted in the warning colour', () => {
    assert.equal(view(new ProfileNode(minimal, 'settings', ['x'], true, lister)).iconColor, 'list.warningForeground');
  });

  it('a region, a container, a folder and an object: every line', () => {
    const container = containerIn({ ...minimal, name: 'Demo' });
    assert.deepEqual(tooltipOf(container.parent as RegionNode), ['Region: R1', 'Profile: Demo']);
    assert.deepEqual(tooltipOf(container), ['Container: c', 'Objects: 1', 'Bytes used: 0 bytes', 'Region: R1 · Profile: Demo']);
    assert.equal(view(container).description, '1 object · 0 B');
    const dated = new ContainerNode(
      container.parent,
      'R1',
      { ...container.entry, objectCount: 0, lastModified: new Date(Date.UTC(2030, 0, 2, 3, 4, 5)) },
      lister,
    );
    const lines = tooltipOf(dated);
    assert.equal(lines.length, 5);
    assert.match(lines[3], /^Last modified: .*\(2030-01-02T03:04:05\.000Z\)$/);
    assert.equal(view(dated).description, '0 objects · 0 B');

    const folder = new FolderNode(container, { kind: 'folder', prefix: 'a/' }, lister);
    assert.deepEqual(tooltipOf(folder), ['Folder: a/', 'Container: c']);
    assert.equal(view(folder).collapsible, true);
    const deeper = new FolderNode(folder, { kind: 'folder', prefix: 'a/b/c/' }, lister);
    assert.equal(view(deeper).label, 'b/c', 'only the trailing slash goes');

    const entry: ObjectEntry = objectEntry('a/x.bin', { contentType: 'application/octet-stream', hash: 'abc', symlinkPath: '/v1/AUTH_x/c/t' });
    const object = new ObjectNode(folder, entry);
    const objectLines = tooltipOf(object);
    assert.deepEqual(objectLines.slice(0, 3), ['Object: a/x.bin', 'Container: c', 'Size: 1.50 KiB (1,536 bytes)']);
    assert.match(objectLines[3], /^Last modified: /);
    assert.deepEqual(objectLines.slice(4), ['Content type: application/octet-stream', 'ETag: abc', 'Symlink to: /v1/AUTH_x/c/t']);
    const bare = new ObjectNode(folder, objectEntry('a/y', { contentType: '', hash: '' }));
    assert.equal(tooltipOf(bare).length, 4, 'no content type, ETag or symlink line when there is none');
  });

  it('"Load more…" and an empty listing: tooltip, description and command title', async () => {
    const container = containerIn();
    const more = new LoadMoreNode(container);
    const v = view(more);
    assert.deepEqual(
      [v.description, v.tooltip, v.collapsible, v.command?.title],
      ['0 shown', '0 shown so far; select to load the next page.', false, 'Load More'],
    );
    let release: () => void = () => undefined;
    const gated = containerIn(minimal, {
      page: () => new Promise((resolve) => (release = () => resolve({ items: [], nextMarker: undefined }))),
    });
    const loading = gated.listing.load();
    assert.equal(view(new LoadMoreNode(gated)).tooltip, 'Loading the next page.');
    release();
    await loading;
    const empty = view(new EmptyNode(container, 'Nothing here'));
    assert.deepEqual([empty.tooltip, empty.icon], ['Nothing here', 'info']);
  });

  it('an error row: its retry command is titled', () => {
    const container = containerIn();
    assert.equal(view(new ErrorNode(container, new Error('x'))).command?.title, 'Retry');
  });

  it('icons: parameters, audio, archives by suffix, markdown, tab-separated and code types', () => {
    const icon = (contentType: string) => objectIcon({ contentType, symlinkPath: undefined });
    assert.equal(icon(' image/png ; q=1'), 'file-media', 'the type is trimmed');
    assert.equal(icon('text/plain ; charset=utf-8'), 'file', 'text/plain after trimming is a plain file, not code');
    assert.equal(icon('audio/ogg'), 'file-media');
    assert.equal(icon('application/vnd.rar'), 'file-zip');
    assert.equal(icon('application/xzip'), 'file', 'an archive name must be the whole subtype or follow - or .');
    assert.equal(icon('application/zipx'), 'file', 'and end it');
    assert.equal(icon('application/azip'), 'file');
    assert.equal(icon('text/x-markdown'), 'markdown');
    assert.equal(icon('text/tab-separated-values'), 'table');
    assert.equal(icon('text/html'), 'file-code', 'any other text is code');
    assert.equal(icon('application/x-yaml'), 'file-code');
    assert.equal(icon('application/vnd.api+xml'), 'file-code');
    assert.equal(icon('application/sqlite'), 'file', 'a code name must end the subtype');
    assert.equal(icon('application/nosql'), 'file', 'and follow - . or +');
    assert.equal(icon('application'), 'file', 'no subtype');
  });
});

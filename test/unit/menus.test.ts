/**
 * The tree's context menus as package.json declares them, evaluated for each kind of row the way VS Code does
 * (`viewItem == x`, `viewItem =~ /re/`, `&&`, `!`): destructive actions last, Copy ▸ and Access ▸ submenus,
 * only the state-appropriate access items, inline Upload and Download, palette entries gated on a profile.
 */
import * as assert from 'node:assert/strict';
import type { ChildLister } from '../../src/views/nodes';
import { ContainerNode, ProfileNode, RegionNode } from '../../src/views/nodes';
import { containerContext } from '../../src/views/presentation';
import { localizedManifest } from '../support/manifest';

interface MenuEntry {
  command?: string;
  submenu?: string;
  when?: string;
  group?: string;
}

const pkg = localizedManifest<{
  contributes: { menus: Record<string, MenuEntry[]>; submenus: Array<{ id: string; label: string }>; commands: Array<{ command: string; title: string }> };
}>('.');
const menus = pkg.contributes.menus;
const COPY = 'openstackStorage.copySubmenu';
const ACCESS = 'openstackStorage.accessSubmenu';

/** Evaluates the `when` clauses used in these menus for one row (`viewItem`) and a multi-selection flag. */
function applies(when: string | undefined, viewItem: string, multi = false): boolean {
  if (!when) return true;
  return when.split('&&').every((raw) => {
    const term = raw.trim();
    if (term === '!listMultiSelection') return !multi;
    const eq = /^viewItem == (\S+)$/.exec(term);
    if (eq) return viewItem === eq[1];
    const re = /^viewItem =~ \/(.*)\/$/.exec(term);
    if (re) return new RegExp(re[1]).test(viewItem);
    throw new Error(`a clause this test does not know: ${term}`);
  });
}

const short = (e: MenuEntry) => (e.command ?? e.submenu ?? '').replace('openstackStorage.', '');

/** The non-inline items shown for a row, in menu order (by group, then by order within it). */
function contextMenu(viewItem: string, menu = 'view/item/context'): string[] {
  const shown = menus[menu].filter((e) => !e.group?.startsWith('inline') && applies(e.when, viewItem));
  const key = (e: MenuEntry) => {
    const [group, order = '0'] = (e.group ?? 'zzzz').split('@');
    return [group, Number(order)] as const;
  };
  return shown
    .sort((a, b) => {
      const [ga, oa] = key(a);
      const [gb, ob] = key(b);
      return ga === gb ? oa - ob : ga < gb ? -1 : 1;
    })
    .map(short);
}

const inline = (viewItem: string) => menus['view/item/context'].filter((e) => e.group?.startsWith('inline') && applies(e.when, viewItem)).map(short);

const lister: ChildLister = { page: () => Promise.reject(new Error('not listed here')) };
function containerNode(access?: ContainerNode['access']): ContainerNode {
  const profile = new ProfileNode(
    { id: 'p', name: 'p', authUrl: 'http://k/v3', authType: 'password', authVersion: '3' } as never,
    'settings',
    [],
    true,
    lister,
  );
  const node = new ContainerNode(
    new RegionNode(profile, 'R', undefined, true, lister),
    'R',
    { name: 'c', objectCount: 0, bytes: 0, lastModified: undefined },
    lister,
  );
  node.access = access;
  return node;
}

describe('package.json menus', () => {
  it('puts destructive actions last: Delete… on containers, folders and objects, Remove Profile on profiles', () => {
    for (const item of ['container', 'folder', 'object']) assert.equal(contextMenu(item).at(-1), 'deleteItems', item);
    assert.equal(contextMenu('profile').at(-1), 'removeProfile');
  });

  it('groups the copy actions in Copy ▸ and the access actions in Access ▸', () => {
    const labels = Object.fromEntries(pkg.contributes.submenus.map((s) => [s.id, s.label]));
    assert.deepEqual([labels[COPY], labels[ACCESS]], ['Copy', 'Access']);
    assert.deepEqual(menus[COPY].map(short).sort(), ['copyCurlCommand', 'copyName', 'copyPath', 'copyTempUrl', 'copyUrl']);
    assert.deepEqual(menus[ACCESS].map(short).sort(), ['disableVersioning', 'enableVersioning', 'makePrivate', 'makePublic', 'setQuota']);
    for (const item of ['object', 'container']) {
      const menu = contextMenu(item);
      assert.ok(menu.includes('copySubmenu'), item);
      assert.ok(!menu.some((c) => /^copy(Url|CurlCommand|TempUrl|Name|Path)$/.test(c)), `${item}: copy actions only in the submenu`);
    }
    assert.deepEqual(contextMenu('object', COPY), ['copyUrl', 'copyCurlCommand', 'copyTempUrl', 'copyName', 'copyPath']);
  });

  it('offers only the state-appropriate access items once the state is known (contextValue)', () => {
    const accessOf = (node: ContainerNode) => contextMenu(containerContext(node), ACCESS).filter((c) => c !== 'setQuota');
    assert.deepEqual(accessOf(containerNode()), ['makePublic', 'makePrivate', 'enableVersioning', 'disableVersioning'], 'unknown: both');
    assert.deepEqual(accessOf(containerNode({ publicRead: true })), ['makePrivate', 'enableVersioning', 'disableVersioning']);
    assert.deepEqual(accessOf(containerNode({ publicRead: false, versioning: 'enabled' })), ['makePublic', 'disableVersioning']);
    assert.deepEqual(accessOf(containerNode({ publicRead: true, versioning: 'suspended' })), ['makePrivate', 'enableVersioning']);
    const filtered = containerNode({ publicRead: true });
    filtered.filter = 'x';
    assert.equal(containerContext(filtered), 'container.filtered public');
    assert.ok(contextMenu(containerContext(filtered)).includes('clearFilter'), 'the filter items still match');
  });

  it('has inline Upload on containers and folders, Download on objects', () => {
    for (const item of ['container', 'folder']) assert.ok(inline(item).includes('uploadFiles'), item);
    assert.ok(inline('object').includes('download'));
    assert.ok(!inline('object').includes('uploadFiles'));
  });

  it('shows palette commands that need a profile only when there is one', () => {
    const palette = Object.fromEntries(menus.commandPalette.map((e) => [short(e), e.when]));
    for (const id of ['searchContainer', 'createContainer', 'revokeToken', 'showTokenDetails', 'openSignedInTerminal', 'uploadToOpenStack', 'syncAgain'])
      assert.equal(palette[id], 'openstackStorage.hasProfiles', id);
    for (const id of ['addProfile', 'importCloudsYaml', 'importOpenRc']) assert.ok(palette[id] === undefined || palette[id] === 'true', id);
  });
});

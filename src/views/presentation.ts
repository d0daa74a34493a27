/**
 * How each node looks: label, description, tooltip, icon, contextValue (the `viewItem` of package.json's
 * menus) and the command run when it is selected. Pure data (no `vscode` import); storageTree.ts turns it
 * into a TreeItem.
 */
import * as l10n from '@vscode/l10n';
import { secretLabel } from '../auth/profile';
import { isOpenStackError } from '../openstack/errors';
import type { ObjectEntry } from '../openstack/swift/listing';
import { humanSize, sizeWithBytes, formatCount, formatDate, formatDateLong, hostOf, needsQuoting, quotedName, visibleName } from '../ui/format';
import { commandId } from '../ui/commandIds';
import {
  ContainerNode,
  EmptyNode,
  ErrorNode,
  FolderNode,
  ListingNode,
  LoadMoreNode,
  ObjectListingNode,
  ObjectNode,
  ProfileNode,
  RegionNode,
  StorageNode,
  profileNodeOf,
} from './nodes';

export const LOAD_MORE_COMMAND = commandId('loadMore');
export const RETRY_COMMAND = commandId('retry');
export const OPEN_OBJECT_COMMAND = commandId('openObject');

export interface ItemView {
  id: string;
  label: string;
  description?: string;
  tooltip: string;
  /** Matched by `viewItem` in package.json menus. */
  contextValue: string;
  /** A codicon id, e.g. `folder` or `loading~spin`. */
  icon: string;
  /** A theme color id for the icon. */
  iconColor?: string;
  collapsible: boolean;
  /** Run with the node as its argument when the item is selected. */
  command?: { id: string; title: string };
}

/** Turns any error into the one sentence shown (the tree passes run.ts's userMessage). */
export type ErrorText = (error: unknown) => string;

export function itemView(node: StorageNode, errorText: ErrorText): ItemView {
  switch (node.kind) {
    case 'profile':
      return profileView(node);
    case 'region':
      return regionView(node);
    case 'container':
      return containerView(node);
    case 'folder':
      return folderView(node);
    case 'object':
      return objectView(node);
    case 'loadMore':
      return loadMoreView(node);
    case 'error':
      return errorView(node, errorText);
    case 'empty':
      return emptyView(node);
  }
}

/** Why a profile cannot be used as it is, or undefined when nothing is known to be wrong. */
export function profileState(node: ProfileNode): string | undefined {
  if (node.problems.length) return l10n.t('incomplete settings');
  if (node.hasSecret === false) return l10n.t('no {0} stored', secretLabel(node.profile.authType));
  return undefined;
}

function profileView(node: ProfileNode): ItemView {
  const p = node.profile;
  const user = p.username ?? p.userId ?? p.applicationCredentialName ?? p.applicationCredentialId;
  const who = [user, p.project ?? p.projectId].filter(Boolean).join('/');
  const state = profileState(node);
  const domain = (name?: string, id?: string) => ((name ?? id) ? l10n.t(' (domain {0})', name ?? id ?? '') : '');
  const tooltip = [
    l10n.t('Profile: {0}', visibleName(p.name)),
    l10n.t('Auth URL: {0}', p.authUrl),
    l10n.t('Authentication: {0}, Keystone {1}', p.authType, p.authVersion),
    user && l10n.t('User: {0}{1}', user, domain(p.userDomain, p.userDomainId)),
    (p.project ?? p.projectId) && l10n.t('Project: {0}{1}', p.project ?? p.projectId ?? '', domain(p.projectDomain, p.projectDomainId)),
    p.region && l10n.t('Preferred region: {0}', p.region),
    l10n.t('Interface: {0}', p.interface ?? 'public'),
    p.caFile && l10n.t('CA file: {0}', p.caFile),
    p.insecure && l10n.t('TLS certificate verification is OFF (insecure).'),
    node.source === 'environment' && l10n.t('From the OS_* environment variables of the editor.'),
    ...node.problems.map((problem) => `⚠ ${problem}`),
    node.hasSecret === false && l10n.t('⚠ No {0} stored: edit the profile to enter it.', secretLabel(p.authType)),
  ];
  return {
    id: node.id,
    label: visibleName(p.name),
    description: [hostOf(p.authUrl), who, state].filter(Boolean).join(' · '),
    tooltip: lines(tooltip),
    contextValue: node.source === 'environment' ? 'profile.environment' : 'profile',
    icon: state ? 'warning' : 'cloud',
    iconColor: state ? 'list.warningForeground' : undefined,
    collapsible: true,
  };
}

function regionView(node: RegionNode): ItemView {
  return {
    id: node.id,
    label: visibleName(node.region),
    description: node.preferred ? l10n.t('preferred') : undefined,
    tooltip: lines([
      l10n.t('Region: {0}', node.region),
      node.endpointUrl && l10n.t('Object storage: {0}', node.endpointUrl),
      l10n.t('Profile: {0}', visibleName(node.parent.profile.name)),
    ]),
    contextValue: 'region',
    icon: 'globe',
    collapsible: true,
  };
}

function containerView(node: ContainerNode): ItemView {
  const e = node.entry;
  const tooltip = [
    ...nameLines(l10n.t('Container'), e.name),
    l10n.t('Objects: {0}', formatCount(e.objectCount)),
    // Swift's and RGW's total: a large object counts by its manifest's size here, its data in its segments' container.
    l10n.t('Bytes used: {0}', sizeWithBytes(e.bytes)),
    e.lastModified && l10n.t('Last modified: {0}', formatDateLong(e.lastModified)),
    ...filterLines(node),
    node.access?.publicRead && l10n.t('Public: anyone on the internet can read and list it (no token needed).'),
    node.access?.versioning && l10n.t('Versioning: {0}', node.access.versioning),
    l10n.t('Region: {0} · Profile: {1}', node.region, visibleName(profileNodeOf(node).profile.name)),
  ];
  return {
    id: node.id,
    label: visibleName(e.name),
    description: [
      e.objectCount === 1 ? l10n.t('1 object') : l10n.t('{0} objects', formatCount(e.objectCount)),
      humanSize(e.bytes),
      node.access?.publicRead && l10n.t('public'),
      filterText(node),
    ]
      .filter(Boolean)
      .join(' · '),
    tooltip: lines(tooltip),
    contextValue: containerContext(node),
    icon: node.access?.publicRead ? 'globe' : 'package',
    iconColor: node.access?.publicRead ? 'list.warningForeground' : undefined,
    collapsible: true,
  };
}

/**
 * `container` or `container.filtered`, then what a command learnt of its access, so the menus offer only the
 * state-appropriate item: ` public` / ` private` (Make Private / Make Public), ` versioned` / ` unversioned`
 * (Disable / Enable Versioning). Unknown (a listing says nothing of them): neither word, both items.
 */
export function containerContext(node: ContainerNode): string {
  const tags = [node.filter === undefined ? 'container' : 'container.filtered'];
  if (node.access) tags.push(node.access.publicRead ? 'public' : 'private');
  if (node.access?.versioning === 'enabled') tags.push('versioned');
  else if (node.access?.versioning === 'suspended') tags.push('unversioned');
  return tags.join(' ');
}

function folderView(node: FolderNode): ItemView {
  const relative = node.prefix.slice(node.parent.prefix.length).replace(/\/$/, '');
  return {
    id: node.id,
    label: visibleName(relative),
    description: filterText(node),
    tooltip: lines([...nameLines(l10n.t('Folder'), node.prefix), l10n.t('Container: {0}', visibleName(node.container)), ...filterLines(node)]),
    contextValue: node.filter === undefined ? 'folder' : 'folder.filtered',
    icon: 'folder',
    collapsible: true,
  };
}

function objectView(node: ObjectNode): ItemView {
  const e = node.entry;
  const tooltip = [
    ...nameLines(l10n.t('Object'), e.name),
    l10n.t('Container: {0}', visibleName(node.container)),
    l10n.t('Size: {0}', sizeWithBytes(e.bytes)),
    l10n.t('Last modified: {0}', formatDateLong(e.lastModified)),
    e.contentType && l10n.t('Content type: {0}', e.contentType),
    e.hash && l10n.t('ETag: {0}', e.hash),
    e.symlinkPath && l10n.t('Symlink to: {0}', e.symlinkPath),
    node.deleteAt && l10n.t('Expires: {0} (Swift deletes it then)', formatDateLong(node.deleteAt)),
    node.deleteAt === null && l10n.t('Expires: never'),
  ];
  const own = isFolderOwnObject(node);
  return {
    id: node.id,
    label: visibleName(objectLabel(node)),
    description: [own && l10n.t('object named like this folder'), humanSize(e.bytes), formatDate(e.lastModified)].filter(Boolean).join(' · '),
    tooltip: lines(tooltip),
    contextValue: 'object',
    icon: objectIcon(e),
    collapsible: false,
    // A click opens read-only, the safe default: editing is a deliberate "Edit Object".
    command: { id: OPEN_OBJECT_COMMAND, title: l10n.t('Open Object (Read-Only)') },
  };
}

/** An object whose whole name is its folder's prefix (`logs/` inside the folder `logs/`). */
export function isFolderOwnObject(node: ObjectNode): boolean {
  return node.parent.kind === 'folder' && node.name === node.parent.prefix;
}

/**
 * The name relative to the listing it is in; the folder's own object (whose relative name is empty) shows its
 * name relative to the folder's parent, trailing `/` included: `logs/`.
 */
export function objectLabel(node: ObjectNode): string {
  const parent = node.parent;
  if (parent.kind === 'folder' && node.name === parent.prefix) return node.name.slice(parent.parent.prefix.length);
  return node.name.slice(parent.prefix.length);
}

function loadMoreView(node: LoadMoreNode): ItemView {
  const shown = node.parent.listing.items.length;
  const loading = node.parent.listing.loading;
  return {
    id: node.id,
    label: loading ? l10n.t('Loading more…') : l10n.t('Load more…'),
    description: l10n.t('{0} shown', formatCount(shown)),
    tooltip: loading ? l10n.t('Loading the next page.') : l10n.t('{0} shown so far; select to load the next page.', formatCount(shown)),
    contextValue: 'loadMore',
    icon: loading ? 'loading~spin' : 'ellipsis',
    collapsible: false,
    command: loading ? undefined : { id: LOAD_MORE_COMMAND, title: l10n.t('Load More') },
  };
}

function errorView(node: ErrorNode, errorText: ErrorText): ItemView {
  const text = errorText(node.error);
  const requestId = isOpenStackError(node.error) ? node.error.requestId : undefined;
  return {
    id: node.id,
    label: visibleName(text),
    tooltip: lines([text, requestId && l10n.t('Request id: {0}', requestId), l10n.t('Select to retry.')]),
    contextValue: 'error',
    icon: 'error',
    iconColor: 'list.errorForeground',
    collapsible: false,
    command: { id: RETRY_COMMAND, title: l10n.t('Retry') },
  };
}

function emptyView(node: EmptyNode): ItemView {
  return { id: node.id, label: node.message, tooltip: node.message, contextValue: 'empty', icon: 'info', collapsible: false };
}

/** A codicon for an object, from its content type (symlinks first: they point elsewhere). */
export function objectIcon(entry: Pick<ObjectEntry, 'contentType' | 'symlinkPath'>): string {
  if (entry.symlinkPath) return 'file-symlink-file';
  const type = entry.contentType.split(';')[0].trim().toLowerCase();
  const [top, sub = ''] = type.split('/');
  if (type === 'application/directory') return 'folder';
  if (top === 'image' || top === 'video' || top === 'audio') return 'file-media';
  if (sub === 'pdf') return 'file-pdf';
  if (/(^|[-.])(zip|gzip|x-tar|x-gtar|x-7z-compressed|x-bzip2|x-xz|zstd|x-rar-compressed|vnd\.rar|java-archive)$/.test(sub)) return 'file-zip';
  if (sub === 'json' || sub.endsWith('+json')) return 'json';
  if (sub === 'markdown' || sub === 'x-markdown') return 'markdown';
  if (sub === 'csv' || sub === 'tab-separated-values') return 'table';
  if (type === 'text/plain') return 'file';
  if (top === 'text' || /(^|[-.+])(javascript|xml|yaml|x-yaml|x-sh|x-python|toml|sql)$/.test(sub)) return 'file-code';
  if (sub === 'octet-stream') return 'file-binary';
  return 'file';
}

/** `Object: a⏎b`, plus the quoted form when the label alone would hide or blur the real name. */
function nameLines(what: string, name: string): string[] {
  return needsQuoting(name) ? [l10n.t('{0}: {1}', what, visibleName(name)), l10n.t('Exact name: {0}', quotedName(name))] : [l10n.t('{0}: {1}', what, name)];
}

function filterText(node: ObjectListingNode): string | undefined {
  return node.filter === undefined ? undefined : l10n.t('filter: {0}*', visibleName(node.filter));
}

function filterLines(node: ObjectListingNode): string[] {
  return node.filter === undefined ? [] : [l10n.t('Filter: names starting with {0}', quotedName(node.prefix + node.filter))];
}

/** Joins the lines that are present (falsy entries are the lines that do not apply). */
function lines(parts: unknown[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join('\n');
}

/** What a listing node lists, for log lines: `objects of container "c" under "logs/"`. */
export function listingDescription(node: ListingNode): string {
  const profile = `profile ${quotedName(profileNodeOf(node).profile.name)}`;
  switch (node.kind) {
    case 'profile':
      return `regions and containers of ${profile}`;
    case 'region':
      return `containers of region ${quotedName(node.region)} (${profile})`;
    default: {
      const prefix = node.prefix + (node.filter ?? '');
      const under = prefix ? ` under ${quotedName(prefix)}` : '';
      return `objects of container ${quotedName(node.container)}${under} (region ${quotedName(node.region)}, ${profile})`;
    }
  }
}

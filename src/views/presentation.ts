/**
 * How each node looks: label, description, tooltip, icon, contextValue (the `viewItem` of package.json's
 * menus) and the command run when it is selected. Pure data (no `vscode` import); storageTree.ts turns it
 * into a TreeItem.
 */
import { secretLabel } from '../auth/profile';
import { isOpenStackError } from '../openstack/errors';
import type { ObjectEntry } from '../openstack/swift/listing';
import { humanSize, sizeWithBytes, formatCount, formatDate, formatDateLong, hostOf, needsQuoting, plural, quotedName, visibleName } from '../ui/format';
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
  if (node.problems.length) return 'incomplete settings';
  if (node.hasSecret === false) return `no ${secretLabel(node.profile.authType)} stored`;
  return undefined;
}

function profileView(node: ProfileNode): ItemView {
  const p = node.profile;
  const user = p.username ?? p.userId ?? p.applicationCredentialName ?? p.applicationCredentialId;
  const who = [user, p.project ?? p.projectId].filter(Boolean).join('/');
  const state = profileState(node);
  const domain = (name?: string, id?: string) => ((name ?? id) ? ` (domain ${name ?? id})` : '');
  const tooltip = [
    `Profile: ${visibleName(p.name)}`,
    `Auth URL: ${p.authUrl}`,
    `Authentication: ${p.authType}, Keystone ${p.authVersion}`,
    user && `User: ${user}${domain(p.userDomain, p.userDomainId)}`,
    (p.project ?? p.projectId) && `Project: ${p.project ?? p.projectId}${domain(p.projectDomain, p.projectDomainId)}`,
    p.region && `Preferred region: ${p.region}`,
    `Interface: ${p.interface ?? 'public'}`,
    p.caFile && `CA file: ${p.caFile}`,
    p.insecure && 'TLS certificate verification is OFF (insecure).',
    node.source === 'environment' && 'From the OS_* environment variables of the editor.',
    ...node.problems.map((problem) => `⚠ ${problem}`),
    node.hasSecret === false && `⚠ No ${secretLabel(p.authType)} stored: edit the profile to enter it.`,
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
    description: node.preferred ? 'preferred' : undefined,
    tooltip: lines([`Region: ${node.region}`, node.endpointUrl && `Object storage: ${node.endpointUrl}`, `Profile: ${visibleName(node.parent.profile.name)}`]),
    contextValue: 'region',
    icon: 'globe',
    collapsible: true,
  };
}

function containerView(node: ContainerNode): ItemView {
  const e = node.entry;
  const tooltip = [
    ...nameLines('Container', e.name),
    `Objects: ${formatCount(e.objectCount)}`,
    `Size: ${sizeWithBytes(e.bytes)}`,
    e.lastModified && `Last modified: ${formatDateLong(e.lastModified)}`,
    ...filterLines(node),
    node.access?.publicRead && 'Public: anyone on the internet can read and list it (no token needed).',
    node.access?.versioning && `Versioning: ${node.access.versioning}`,
    `Region: ${node.region} · Profile: ${visibleName(profileNodeOf(node).profile.name)}`,
  ];
  return {
    id: node.id,
    label: visibleName(e.name),
    description: [plural(e.objectCount, 'object'), humanSize(e.bytes), node.access?.publicRead && 'public', filterText(node)].filter(Boolean).join(' · '),
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
    tooltip: lines([...nameLines('Folder', node.prefix), `Container: ${visibleName(node.container)}`, ...filterLines(node)]),
    contextValue: node.filter === undefined ? 'folder' : 'folder.filtered',
    icon: 'folder',
    collapsible: true,
  };
}

function objectView(node: ObjectNode): ItemView {
  const e = node.entry;
  const tooltip = [
    ...nameLines('Object', e.name),
    `Container: ${visibleName(node.container)}`,
    `Size: ${sizeWithBytes(e.bytes)}`,
    `Last modified: ${formatDateLong(e.lastModified)}`,
    e.contentType && `Content type: ${e.contentType}`,
    e.hash && `ETag: ${e.hash}`,
    e.symlinkPath && `Symlink to: ${e.symlinkPath}`,
  ];
  const own = isFolderOwnObject(node);
  return {
    id: node.id,
    label: visibleName(objectLabel(node)),
    description: [own && 'object named like this folder', humanSize(e.bytes), formatDate(e.lastModified)].filter(Boolean).join(' · '),
    tooltip: lines(tooltip),
    contextValue: 'object',
    icon: objectIcon(e),
    collapsible: false,
    // A click opens read-only, the safe default: editing is a deliberate "Edit Object".
    command: { id: OPEN_OBJECT_COMMAND, title: 'Open Object (Read-Only)' },
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
    label: loading ? 'Loading more…' : 'Load more…',
    description: `${formatCount(shown)} shown`,
    tooltip: loading ? 'Loading the next page.' : `${formatCount(shown)} shown so far; select to load the next page.`,
    contextValue: 'loadMore',
    icon: loading ? 'loading~spin' : 'ellipsis',
    collapsible: false,
    command: loading ? undefined : { id: LOAD_MORE_COMMAND, title: 'Load More' },
  };
}

function errorView(node: ErrorNode, errorText: ErrorText): ItemView {
  const text = errorText(node.error);
  const requestId = isOpenStackError(node.error) ? node.error.requestId : undefined;
  return {
    id: node.id,
    label: visibleName(text),
    tooltip: lines([text, requestId && `Request id: ${requestId}`, 'Select to retry.']),
    contextValue: 'error',
    icon: 'error',
    iconColor: 'list.errorForeground',
    collapsible: false,
    command: { id: RETRY_COMMAND, title: 'Retry' },
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
  return needsQuoting(name) ? [`${what}: ${visibleName(name)}`, `Exact name: ${quotedName(name)}`] : [`${what}: ${name}`];
}

function filterText(node: ObjectListingNode): string | undefined {
  return node.filter === undefined ? undefined : `filter: ${visibleName(node.filter)}*`;
}

function filterLines(node: ObjectListingNode): string[] {
  return node.filter === undefined ? [] : [`Filter: names starting with ${quotedName(node.prefix + node.filter)}`];
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

/**
 * The one location type: which thing, where. A profile's account in a region, a container, a pseudo-folder
 * (a name prefix), or an object (and an older version of it). Tree nodes carry one, URIs encode one
 * (uris.ts), command arguments are read as one (args.ts), and every feature takes one. Pure: no `vscode`.
 */
import * as l10n from '@vscode/l10n';
import { displayName } from '../openstack/swift/names';

export interface StorageLocation {
  profileId: string;
  /** '' for the profile's default region. */
  region: string;
  container?: string;
  /** A pseudo-folder: its prefix, ending with `/` (with `container`, never with `object`). */
  prefix?: string;
  /** An object's full name, exactly as Swift has it (with `container`). */
  object?: string;
  /** An older version of the object (object versioning's version id); undefined: the current one. */
  version?: string;
}

export type ContainerLocation = StorageLocation & { container: string };
export type ObjectLocation = StorageLocation & { container: string; object: string };

export function isObjectLocation(location: StorageLocation | undefined): location is ObjectLocation {
  return location?.container !== undefined && location.object !== undefined;
}

/** `object "a.txt" in container "docs"`, `folder "logs/" in container "docs"`, `container "docs"`, `the account in region R`. */
export function describeLocation(location: StorageLocation): string {
  if (location.container === undefined) return location.region ? l10n.t('the account in region {0}', location.region) : l10n.t('the account');
  const container = displayName(location.container);
  if (location.object !== undefined) return l10n.t('object {0} in container {1}', displayName(location.object), container);
  if (location.prefix !== undefined) return l10n.t('folder {0} in container {1}', displayName(location.prefix), container);
  return l10n.t('container {0}', container);
}

/**
 * The listing prefix under a location: a folder's prefix; for a name from a URI path (which may be an object
 * or a folder: the file system's stat tells), that name and `/`; '' for a container's top level.
 */
export function folderPrefix(location: StorageLocation): string {
  if (location.prefix !== undefined) return location.prefix;
  return location.object === undefined ? '' : `${location.object}/`;
}

/** The two locations are in the same account (profile and region): a server-side copy can join them. */
export function sameAccount(a: StorageLocation, b: StorageLocation): boolean {
  return a.profileId === b.profileId && a.region === b.region;
}

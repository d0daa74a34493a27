/**
 * What a command was run on: tree nodes (and the profile id a status bar click passes) turned into the
 * plain targets the documents address. Pure (no `vscode`), so the mapping is unit-tested.
 */
import type { StorageTarget } from '../documents/documentUri';
import { displayName } from '../openstack/swift/names';

/** The fields of the tree's nodes (views/nodes.ts) these commands read; structural, so tests build them. */
export type NodeArg =
  | { kind: 'profile'; profileId: string; singleRegion?: string; profile?: { region?: string } }
  | { kind: 'region'; profileId: string; region: string }
  | { kind: 'container'; profileId: string; region: string; container: string; prefix?: string; filter?: string }
  | { kind: 'folder'; profileId: string; region: string; container: string; prefix: string; filter?: string }
  | { kind: 'object'; profileId: string; region: string; container: string; name: string; entry?: { contentType?: string } };

/** A profile id from a node (any kind), a bare id (status bar, other commands), or nothing (palette). */
export function profileIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg) return arg;
  if (arg && typeof arg === 'object' && typeof (arg as { profileId?: unknown }).profileId === 'string') {
    return (arg as { profileId: string }).profileId;
  }
  return undefined;
}

function isNode(arg: unknown): arg is NodeArg {
  return !!arg && typeof arg === 'object' && typeof (arg as { kind?: unknown }).kind === 'string' && profileIdOf(arg) !== undefined;
}

/**
 * The account, container or object whose metadata a node stands for. A profile node stands for its
 * account when it lists a single region's containers directly; '' means the profile's default region.
 * Folders are name prefixes, not Swift resources: they have no metadata of their own.
 */
export function metadataTargetOf(arg: unknown): StorageTarget | undefined {
  if (!isNode(arg)) return undefined;
  switch (arg.kind) {
    case 'profile':
      return { profileId: arg.profileId, region: arg.singleRegion ?? arg.profile?.region ?? '' };
    case 'region':
      return { profileId: arg.profileId, region: arg.region };
    case 'container':
      return { profileId: arg.profileId, region: arg.region, container: arg.container };
    case 'object':
      return { profileId: arg.profileId, region: arg.region, container: arg.container, object: arg.name };
    default:
      return undefined;
  }
}

/** The object a node stands for, or undefined for anything else. */
export function objectTargetOf(arg: unknown): (StorageTarget & { container: string; object: string }) | undefined {
  const target = metadataTargetOf(arg);
  return target?.container !== undefined && target.object !== undefined ? { ...target, container: target.container, object: target.object } : undefined;
}

/** A container listing a node stands for: a container, or a folder (its prefix), with the tree's filter. */
export function listingTargetOf(arg: unknown): { profileId: string; region: string; container: string; prefix: string; folder: boolean } | undefined {
  if (!isNode(arg) || (arg.kind !== 'container' && arg.kind !== 'folder')) return undefined;
  return {
    profileId: arg.profileId,
    region: arg.region,
    container: arg.container,
    prefix: (arg.prefix ?? '') + (arg.filter ?? ''),
    folder: arg.kind === 'folder',
  };
}

/** `object "a.txt" in container "docs"`, `container "docs"`, `the account in region RegionOne`. */
export function describeTarget(target: StorageTarget): string {
  if (target.object !== undefined) return `object ${displayName(target.object)} in container ${displayName(target.container ?? '')}`;
  if (target.container !== undefined) return `container ${displayName(target.container)}`;
  return target.region ? `the account in region ${target.region}` : 'the account';
}

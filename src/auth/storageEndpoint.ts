/**
 * Which object-store URL a profile uses in a region: its endpoint override (per region, else the profile's)
 * or the catalog's endpoint of the region's interface (object_store_interface, else interface, else public).
 * The regions shown are the profile's own list when it has one (clouds.yaml), in its order. Pure.
 */
import type { Catalog, EndpointInterface, Token } from '../openstack/keystone/token';
import type { Profile } from './profile';

export function storageInterface(profile: Profile, region: string | undefined): EndpointInterface {
  const r = region !== undefined && profile.regionSettings && Object.hasOwn(profile.regionSettings, region) ? profile.regionSettings[region] : undefined;
  return r?.storageInterface ?? r?.interface ?? profile.storageInterface ?? profile.interface ?? 'public';
}

/** `%(project_id)s`, `{project_id}` and `$(project_id)s` in an override stand for the token's project (openstacksdk). */
export function expandOverride(url: string, token: Token): string {
  const project = token.project?.id ?? '';
  return url.replace(/%\(project_id\)s|\$\(project_id\)s|\{project_id\}/g, project);
}

export function storageOverride(profile: Profile, region: string | undefined): string | undefined {
  const r = region !== undefined && profile.regionSettings && Object.hasOwn(profile.regionSettings, region) ? profile.regionSettings[region] : undefined;
  return r?.storageUrl ?? profile.storageUrl;
}

/** The region's storage URL, or undefined when neither an override nor the catalog gives one. */
export function storageUrlFor(
  profile: Profile,
  token: Token,
  region: string | undefined,
): { url: string; region: string; iface: EndpointInterface } | undefined {
  const override = storageOverride(profile, region);
  const iface = storageInterface(profile, region);
  if (override) return { url: expandOverride(override, token), region: region ?? profile.region ?? '', iface };
  const endpoint = token.catalog.endpoint('object-store', region, iface);
  return endpoint ? { url: endpoint.url, region: endpoint.region, iface } : undefined;
}

/**
 * The regions the tree shows: the profile's list (those with a URL), in its order; else the catalog's regions
 * that have an endpoint of the profile's interface, the preferred region first.
 */
export function storageRegions(profile: Profile, token: Token): string[] {
  if (profile.regions?.length) return profile.regions.filter((r) => storageUrlFor(profile, token, r) !== undefined);
  const catalog: Catalog = token.catalog;
  const offered = catalog.regions('object-store').filter((r) => catalog.endpoint('object-store', r, storageInterface(profile, r)));
  if (profile.storageUrl && offered.length === 0) return [profile.region ?? ''];
  const preferred = profile.region;
  if (!preferred || !offered.includes(preferred)) return offered;
  return [preferred, ...offered.filter((r) => r !== preferred)];
}

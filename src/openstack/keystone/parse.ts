/**
 * Small, strict readers for Keystone and Swift answers. Anything that is not the documented shape becomes an
 * OpenStackError of kind 'badResponse' with a sentence saying what was missing, never a TypeError later on.
 */
import * as l10n from '@vscode/l10n';
import { OpenStackError } from '../errors';
import { Catalog, CatalogEndpoint, EndpointInterface, NamedRef, ScopedRef } from './token';

/** Region given to catalog endpoints that name none (Swift v1 storage URLs, region-less v3 endpoints). */
export const UNNAMED_REGION = 'default';

export type JsonObject = Record<string, unknown>;

export function badResponse(message: string): OpenStackError {
  return new OpenStackError('badResponse', message, { service: 'identity' });
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function requireObject(value: unknown, what: string): JsonObject {
  if (!isObject(value)) throw badResponse(l10n.t('{0} is missing or not a JSON object.', what));
  return value;
}

export function requireString(value: unknown, what: string): string {
  const s = optionalString(value);
  if (s === undefined) throw badResponse(l10n.t('{0} is missing or not a string.', what));
  return s;
}

export function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function stringsOf(value: unknown): string[] {
  return arrayOf(value).filter((v): v is string => typeof v === 'string');
}

/** `{id, name}` with only the members present; undefined when neither is. */
export function namedRef(value: unknown): NamedRef | undefined {
  if (!isObject(value)) return undefined;
  const ref: NamedRef = {};
  const id = optionalString(value.id);
  const name = optionalString(value.name);
  if (id !== undefined) ref.id = id;
  if (name !== undefined) ref.name = name;
  return id === undefined && name === undefined ? undefined : ref;
}

/** A project or user with its domain, as Keystone v3 nests them. */
export function scopedRef(value: unknown): ScopedRef | undefined {
  const ref: ScopedRef | undefined = namedRef(value);
  if (!ref) return undefined;
  const domain = isObject(value) ? namedRef(value.domain) : undefined;
  if (domain) ref.domain = domain;
  return ref;
}

/**
 * Keystone timestamps are UTC; v2.0's `issued_at` omits the zone ("2014-01-30T17:09:57.647795"), which
 * Date would read as local time, so a missing zone means Z.
 */
export function parseTimestamp(value: unknown, what: string): Date | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badResponse(l10n.t('{0} is not a timestamp string.', what));
  const zoned = /(?:[zZ]|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`;
  const date = new Date(zoned);
  if (Number.isNaN(date.getTime())) throw badResponse(l10n.t('{0} "{1}" is not a valid timestamp.', what, value));
  return date;
}

/** One URL of a catalog endpoint, as a version's format gives it. */
export interface EndpointUrl {
  region: string | undefined;
  iface: EndpointInterface;
  url: string;
}

/**
 * Walks a catalog's services (the same shape in v2.0 and v3: `[{type, name, endpoints: [...]}]`) and builds the
 * Catalog; `urlsOf` reads one endpoint object the way its version writes it.
 */
export function parseCatalog(services: unknown, urlsOf: (endpoint: JsonObject) => EndpointUrl[]): Catalog {
  const endpoints: CatalogEndpoint[] = [];
  for (const service of arrayOf(services)) {
    if (!isObject(service)) continue;
    const serviceType = optionalString(service.type);
    if (!serviceType) continue;
    const serviceName = optionalString(service.name);
    for (const raw of arrayOf(service.endpoints)) {
      if (!isObject(raw)) continue;
      for (const { region, iface, url } of urlsOf(raw)) {
        const e: CatalogEndpoint = { serviceType, region: region ?? UNNAMED_REGION, interface: iface, url };
        if (serviceName !== undefined) e.serviceName = serviceName;
        endpoints.push(e);
      }
    }
  }
  return new Catalog(endpoints);
}

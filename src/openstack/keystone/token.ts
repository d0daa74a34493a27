/**
 * One Token model whatever produced it (Keystone v3, v2.0, Swift v1), and the Catalog it carries.
 * Plain data plus a Catalog class, serialisable so a session can keep it in SecretStorage.
 */

export type AuthVersion = 'v3' | 'v2.0' | 'v1';
export type EndpointInterface = 'public' | 'internal' | 'admin';

export interface NamedRef {
  id?: string;
  name?: string;
}

export interface ScopedRef extends NamedRef {
  domain?: NamedRef;
}

export interface CatalogEndpoint {
  serviceType: string;
  serviceName?: string;
  /** Region id (v3 `region_id`, or `region` when only that is given). */
  region: string;
  interface: EndpointInterface;
  url: string;
}

export class Catalog {
  constructor(readonly endpoints: readonly CatalogEndpoint[] = []) {}

  /** Regions offering the service type, in catalog order, without duplicates. */
  regions(serviceType = 'object-store'): string[] {
    const seen = new Set<string>();
    for (const e of this.endpoints) if (e.serviceType === serviceType) seen.add(e.region);
    return [...seen];
  }

  /**
   * The endpoint of a service in a region and interface. Without a region: the only region, or the first
   * one in catalog order when there are several.
   */
  endpoint(serviceType: string, region?: string, iface: EndpointInterface = 'public'): CatalogEndpoint | undefined {
    return this.endpoints.find((e) => e.serviceType === serviceType && e.interface === iface && (region === undefined || e.region === region));
  }

  /** Endpoints of one service type, grouped by region then interface: for the token document. */
  byRegion(serviceType?: string): Map<string, CatalogEndpoint[]> {
    const out = new Map<string, CatalogEndpoint[]>();
    for (const e of this.endpoints) {
      if (serviceType && e.serviceType !== serviceType) continue;
      const list = out.get(e.region) ?? [];
      list.push(e);
      out.set(e.region, list);
    }
    return out;
  }

  toJSON(): CatalogEndpoint[] {
    return [...this.endpoints];
  }
}

export interface Token {
  /** The secret itself: never log it, never show it unless the user asks. */
  id: string;
  authVersion: AuthVersion;
  /** The auth URL that issued it (the base: …/v3, …/v2.0 or the v1 auth URL). */
  authUrl: string;
  issuedAt?: Date;
  /** Absent for Swift v1 auth without X-Auth-Token-Expires. */
  expiresAt?: Date;
  user?: ScopedRef;
  /** v3 project or v2.0 tenant. */
  project?: ScopedRef;
  /** Set on domain-scoped v3 tokens. */
  domain?: NamedRef;
  roles: NamedRef[];
  methods: string[];
  auditIds: string[];
  catalog: Catalog;
  /** Swift v1 only: the storage URL returned with the token (the catalog holds it too). */
  storageUrl?: string;
  /** v3 tokens of an application credential with access rules: the only requests the token may make. */
  accessRules?: AccessRule[];
}

/** One access rule of an application credential (Keystone: service type, HTTP method, path with * and **). */
export interface AccessRule {
  service?: string;
  method?: string;
  path?: string;
}

interface SerializedToken extends Omit<Token, 'issuedAt' | 'expiresAt' | 'catalog'> {
  issuedAt?: string;
  expiresAt?: string;
  catalog: CatalogEndpoint[];
}

export function serializeToken(token: Token): string {
  const data: SerializedToken = {
    ...token,
    issuedAt: token.issuedAt?.toISOString(),
    expiresAt: token.expiresAt?.toISOString(),
    catalog: token.catalog.toJSON(),
  };
  return JSON.stringify(data);
}

/** Returns undefined for anything that is not a serialised token (e.g. storage written by an older version). */
export function deserializeToken(text: string | undefined): Token | undefined {
  if (!text) return undefined;
  try {
    const data = JSON.parse(text) as SerializedToken;
    if (typeof data?.id !== 'string' || !Array.isArray(data.catalog)) return undefined;
    return {
      ...data,
      issuedAt: data.issuedAt ? new Date(data.issuedAt) : undefined,
      expiresAt: data.expiresAt ? new Date(data.expiresAt) : undefined,
      catalog: new Catalog(data.catalog),
    };
  } catch {
    return undefined;
  }
}

/** Milliseconds of validity left, or Infinity when the token carries no expiry. */
export function timeLeftMs(token: Token, now: number): number {
  return token.expiresAt ? token.expiresAt.getTime() - now : Number.POSITIVE_INFINITY;
}

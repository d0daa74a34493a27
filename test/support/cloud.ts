/**
 * The local cloud started by scripts/cloud/up.sh describes itself in $OSS_CLOUD_DIR/cloud.json.
 * Integration and editor tests read it from here; nothing else knows its ports or passwords.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

export interface CloudUser {
  name: string;
  id: string;
  password: string;
  /** Name of the user's domain. */
  domain: string;
  project: string;
  projectId: string;
  /** Name of the project's domain. */
  projectDomain: string;
}

/** The object-storage servers the local cloud runs: OpenStack Swift and Ceph's RADOS Gateway (its Swift API). */
export type Backend = 'swift' | 'rgw';
/** Every backend; the storage suites run once per entry (forEachBackend in test/support/backends.ts). */
export const BACKENDS: readonly Backend[] = ['swift', 'rgw'];

export interface CloudRegion {
  name: string;
  /** Which server serves this region's object-store endpoint. */
  backend: Backend;
  /** Base URL of that region's server, e.g. http://127.0.0.1:PORT (no /v1). */
  swiftUrl: string;
  /** Where the accounts live under it: `/v1` (Swift) or `/swift/v1` (RGW). */
  storagePath: string;
  /**
   * Whether the server validates every request's token with Keystone (no token cache), so that a revoked token is
   * refused at once. RegionOne caches validated tokens as real clouds do (scripts/cloud/up.sh), RegionTwo and
   * RegionRGW do not.
   */
  validatesEveryRequest: boolean;
}

export interface CloudInfo {
  stateDir: string;
  keystone: {
    /** http://127.0.0.1:PORT, serving /v3 (and the version document at /). */
    url: string;
    /** Default token lifetime in seconds of `url`. */
    tokenSeconds: number;
    /** A second Keystone on the same database and keys whose tokens expire after `shortTokenSeconds`. */
    shortLivedUrl: string;
    shortTokenSeconds: number;
  };
  /**
   * Every region, each its own cluster, all in the catalog with public/internal/admin endpoints: two Swift regions
   * (RegionOne, RegionTwo) and one RGW region (RegionRGW).
   */
  regions: CloudRegion[];
  admin: CloudUser;
  /** `demo` in a non-default domain, member of project `demo` in that domain. */
  demo: CloudUser;
  /** `demo` in Default, member of project `demo` in Default. */
  demoDefault: CloudUser;
  /** Application credential of `demo` (non-default domain) on its project. */
  appCredential: { id: string; name: string; secret: string; userId: string; userName: string; userDomain: string };
  /** Swift v1 (tempauth) on the first region's proxy. */
  tempauth: { authUrl: string; user: string; key: string; storageUrl: string };
  /** Account temp-URL key set on the `demo` project's account in every region. */
  tempUrlKey: string;
}

/**
 * The first region served by `backend`; with `validatesEveryRequest`, the first that refuses a revoked token at once
 * (CloudRegion.validatesEveryRequest): where a test checks that the server itself refuses one.
 */
export function regionOf(cloud: CloudInfo, backend: Backend, o: { validatesEveryRequest?: boolean } = {}): CloudRegion {
  const region = cloud.regions.find((r) => (r.backend ?? 'swift') === backend && (!o.validatesEveryRequest || r.validatesEveryRequest));
  const which = o.validatesEveryRequest ? `${backend} region that validates every request` : `${backend} region`;
  if (!region) throw new Error(`The local cloud has no ${which} (regions: ${cloud.regions.map((r) => r.name).join(', ')})`);
  return region;
}

/** regionOf's region that refuses a revoked token at once. */
export function strictRegionOf(cloud: CloudInfo, backend: Backend): CloudRegion {
  return regionOf(cloud, backend, { validatesEveryRequest: true });
}

/** The names of the regions, in cloud.json's order (the catalog's, as the tree shows them). */
export function regionNames(cloud: CloudInfo): string[] {
  return cloud.regions.map((r) => r.name);
}

export function cloudDir(): string {
  return process.env.OSS_CLOUD_DIR || join(tmpdir(), 'openstack-storage-cloud');
}

export function loadCloud(): CloudInfo {
  const file = join(cloudDir(), 'cloud.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CloudInfo;
  } catch (e) {
    throw new Error(`No local cloud described at ${file} (${(e as Error).message}). Start one with: npm run cloud:up`, { cause: e });
  }
}

/** The user with multi-factor rules (password + totp) and its TOTP credential's base32 secret. */
export interface CloudMfaUser extends CloudUser {
  totpSecret: string;
}

export function mfaUser(cloud: CloudInfo): CloudMfaUser {
  const mfa = (cloud as CloudInfo & { mfa?: CloudMfaUser }).mfa;
  if (!mfa) throw new Error('This cloud.json has no "mfa" user: start the cloud with the current scripts/cloud/up.sh.');
  return mfa;
}

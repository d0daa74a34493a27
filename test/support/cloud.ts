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

export interface CloudRegion {
  name: string;
  /** Base URL of that region's Swift proxy, e.g. http://127.0.0.1:PORT (no /v1). */
  swiftUrl: string;
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
  /** Two regions, each its own Swift cluster, both in the catalog with public/internal/admin endpoints. */
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

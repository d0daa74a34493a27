/**
 * Changing who can do what with an account or container, and its metadata: user metadata edits (one POST,
 * planned by metaEdit.ts from a fresh HEAD), public read, quotas, temp URL keys, object versioning. Each
 * reads what it needs first, so a change never drops what was already there. No `vscode` import.
 */
import * as l10n from '@vscode/l10n';
import { randomBytes } from 'node:crypto';
import { OpenStackError, isOpenStackError } from '../errors';
import { withPublicRead } from './acl';
import type { SwiftClient } from './client';
import { displayName } from './names';
import { MetaChanges, MetaLimits, metaLimitsOf, planMetaPost, planObjectPost } from './metaEdit';

export type MetaSubject = { kind: 'account' } | { kind: 'container'; container: string } | { kind: 'object'; container: string; name: string };

/** The cluster's metadata limits, or Swift's defaults when /info is hidden. */
export async function metaLimits(client: SwiftClient, signal?: AbortSignal): Promise<MetaLimits> {
  try {
    return metaLimitsOf((await client.info(signal)).raw.swift as Record<string, unknown> | undefined);
  } catch (e) {
    if (isOpenStackError(e, 'cancelled')) throw e;
    return metaLimitsOf(undefined);
  }
}

/** Applies the changes in one POST, planned from a HEAD read just before (so a concurrent edit is kept). */
export async function editMetadata(client: SwiftClient, subject: MetaSubject, changes: MetaChanges, signal?: AbortSignal): Promise<void> {
  const limits = await metaLimits(client, signal);
  switch (subject.kind) {
    case 'object': {
      const info = await client.headObject(subject.container, subject.name, signal);
      return client.postObject(subject.container, subject.name, planObjectPost(info.headers, changes, limits), signal);
    }
    case 'container': {
      const info = await client.headContainer(subject.container, signal);
      return client.postContainer(subject.container, planMetaPost('container', info.meta, changes, limits), signal);
    }
    case 'account': {
      const info = await client.headAccount(signal);
      return client.postAccount(planMetaPost('account', info.meta, changes, limits), signal);
    }
  }
}

/**
 * Adds or removes `.r:*,.rlistings` in X-Container-Read, keeping every other entry; returns the new ACL. An empty
 * ACL is sent as an empty X-Container-Read (both servers drop it): Ceph RGW answers 204 to X-Remove-Container-Read
 * and keeps the ACL, which left a container public that was reported private. A HEAD checks what the server kept.
 */
export async function setPublicRead(client: SwiftClient, container: string, makePublic: boolean, signal?: AbortSignal): Promise<string> {
  const info = await client.headContainer(container, signal);
  const acl = withPublicRead(info.readAcl, makePublic);
  await client.postContainer(container, { 'x-container-read': acl }, signal);
  const kept = (await client.headContainer(container, signal)).readAcl ?? '';
  if (aclEntries(kept) !== aclEntries(acl)) {
    throw new OpenStackError(
      'badResponse',
      makePublic
        ? l10n.t('Cannot make container {0} public: the server accepted the change but its read ACL is still "{1}".', displayName(container), kept)
        : l10n.t('Cannot make container {0} private: the server accepted the change but its read ACL is still "{1}".', displayName(container), kept),
    );
  }
  return acl;
}

/** An ACL's entries in one order (RGW hands them back reordered). */
function aclEntries(acl: string): string {
  return acl
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)
    .sort()
    .join(',');
}

export interface QuotaSupport {
  container: boolean;
  account: boolean;
  /**
   * Why a container's HEAD does not tell its quotas, when it does not: Ceph RGW enforces the quotas set through its
   * Swift API but leaves X-Container-Meta-Quota-* out of its answers, so "no quota" there may be wrong.
   */
  containerUnreported: string | undefined;
}

/** Where a container's current quotas cannot be read (Ceph RGW): what a prompt shows instead of "no quota". */
export const UNREPORTED_CONTAINER_QUOTAS = 'unknown: this server (Ceph RGW) enforces container quotas but does not report them';

/** Which quota middlewares /info lists (both false when /info is hidden: setting one may still work). */
export async function quotaSupport(client: SwiftClient, signal?: AbortSignal): Promise<QuotaSupport> {
  const info = await client.info(signal).catch((e) => (isOpenStackError(e, 'cancelled') ? Promise.reject(e) : undefined));
  const raw = info?.raw;
  return {
    container: !!raw && 'container_quotas' in raw,
    account: !!raw && 'account_quotas' in raw,
    containerUnreported: info?.server === 'rgw' ? UNREPORTED_CONTAINER_QUOTAS : undefined,
  };
}

/** Sets (a number) or removes (undefined) a container's byte and object-count quotas. */
export async function setContainerQuota(
  client: SwiftClient,
  container: string,
  quota: { bytes?: number | undefined; count?: number | undefined },
  signal?: AbortSignal,
): Promise<void> {
  const headers: Record<string, string> = {};
  for (const [key, value] of [
    ['bytes', quota.bytes],
    ['count', quota.count],
  ] as const) {
    if (!(key in quota)) continue;
    if (value === undefined) headers[`x-remove-container-meta-quota-${key}`] = 'x';
    else headers[`x-container-meta-quota-${key}`] = String(checkQuota(value));
  }
  await client.postContainer(container, headers, signal);
}

/**
 * Sets or removes the account's byte quota. Swift lets only reseller admins (the cloud's operators) do
 * this, Ceph RGW nobody through its Swift API; a 403 becomes a sentence saying so.
 */
export async function setAccountQuota(client: SwiftClient, bytes: number | undefined, signal?: AbortSignal): Promise<void> {
  const headers: Record<string, string> =
    bytes === undefined ? { 'x-remove-account-meta-quota-bytes': 'x' } : { 'x-account-meta-quota-bytes': String(checkQuota(bytes)) };
  try {
    await client.postAccount(headers, signal);
  } catch (e) {
    if (isOpenStackError(e, 'forbidden')) {
      // Ceph RGW takes account quotas from radosgw-admin only: its Swift API refuses them to every user.
      const rgw = (await client.info(signal).catch(() => undefined))?.server === 'rgw';
      throw new OpenStackError(
        'forbidden',
        rgw
          ? l10n.t(
              'Cannot set the account quota: this server (Ceph RGW) only takes account quotas from its operators (radosgw-admin), not through the Swift API; ask them to change it (HTTP 403).',
            )
          : l10n.t('Cannot set the account quota: your cloud only lets its operators (reseller admins) set account quotas; ask them to change it (HTTP 403).'),
        { status: e.status, requestId: e.requestId, service: e.service, method: e.method, url: e.url },
        { cause: e },
      );
    }
    throw e;
  }
}

function checkQuota(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new OpenStackError('invalidInput', l10n.t('A quota must be a whole number of at least 0, not {0}.', value));
  return value;
}

export type TempUrlKeyScope = { kind: 'account' } | { kind: 'container'; container: string };

/** A new temp URL key: 32 random bytes, base64url (256 bits, as strong as the sha256 HMAC it feeds). */
export function newTempUrlKey(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Sets a new temp URL key on the account or a container (X-…-Meta-Temp-URL-Key), registered as a secret
 * before it is sent so no log line or message can show it. Only when none is set: an existing key signs URLs
 * already handed out, and replacing it would break them.
 */
export async function createTempUrlKey(client: SwiftClient, scope: TempUrlKeyScope, signal?: AbortSignal): Promise<string> {
  if (scope.kind === 'container' && !(await takesContainerKeys(client, signal))) {
    throw new OpenStackError(
      'unsupported',
      l10n.t(
        "Cannot create a temp URL key on container {0}: this server (Ceph RGW) refuses URLs signed with a container's key (HTTP 403); create the account's key instead.",
        displayName(scope.container),
      ),
    );
  }
  const existing = scope.kind === 'account' ? await client.headAccount(signal) : await client.headContainer(scope.container, signal);
  if (existing.tempUrlKeys.length) {
    throw new OpenStackError(
      'conflict',
      l10n.t(
        'The {0} already has a temp URL key; it was kept, since replacing it would break the URLs signed with it.',
        scope.kind === 'account' ? 'account' : 'container',
      ),
    );
  }
  const key = newTempUrlKey();
  client.transport.registerSecrets([key]);
  if (scope.kind === 'account') await client.postAccount({ 'x-account-meta-temp-url-key': key }, signal);
  else await client.postContainer(scope.container, { 'x-container-meta-temp-url-key': key }, signal);
  return key;
}

/**
 * The keys a temp URL for an object in `container` can be signed with: the container's first, then the account's.
 * A container's keys are left out where the server does not accept them (Ceph RGW stores them, then answers 403).
 */
export async function tempUrlKeys(client: SwiftClient, container: string, signal?: AbortSignal): Promise<{ container: string[]; account: string[] }> {
  const [c, a, containerKeys] = await Promise.all([client.headContainer(container, signal), client.headAccount(signal), takesContainerKeys(client, signal)]);
  return { container: containerKeys ? c.tempUrlKeys : [], account: a.tempUrlKeys };
}

/** Whether URLs signed with a container's temp URL key work: not on Ceph RGW (by /info; hidden /info: assumed Swift). */
async function takesContainerKeys(client: SwiftClient, signal?: AbortSignal): Promise<boolean> {
  const info = await client.info(signal).catch((e) => (isOpenStackError(e, 'cancelled') ? Promise.reject(e) : undefined));
  return info?.server !== 'rgw';
}

/**
 * Turns object versioning on or off (X-Versions-Enabled); off keeps the versions already stored. Enabling is refused
 * in one sentence where /info lists no `object_versioning`, and checked by a HEAD after the POST: Ceph RGW 16 answers
 * 204 to X-Versions-Enabled and keeps no versions (RGW-DIFFERENCES.md).
 */
export async function setVersioning(client: SwiftClient, container: string, enabled: boolean, signal?: AbortSignal): Promise<void> {
  const info = enabled ? await client.info(signal).catch((e) => (isOpenStackError(e, 'cancelled') ? Promise.reject(e) : undefined)) : undefined;
  if (info && !('object_versioning' in info.raw)) throw noObjectVersioning(container, l10n.t('its /info lists no object_versioning'));
  try {
    await client.postContainer(container, { 'x-versions-enabled': enabled ? 'true' : 'false' }, signal);
  } catch (e) {
    if (isOpenStackError(e) && e.status === 400 && enabled) {
      throw new OpenStackError(
        'badRequest',
        l10n.t('{0} (a container using legacy X-Versions-Location or X-History-Location must drop it first)', e.message),
        e,
        {
          cause: e,
        },
      );
    }
    throw e;
  }
  if (enabled && (await client.headContainer(container, signal)).headers['x-versions-enabled']?.toLowerCase() !== 'true') {
    throw noObjectVersioning(container, l10n.t('it accepted X-Versions-Enabled but did not turn it on'));
  }
}

function noObjectVersioning(container: string, why: string): OpenStackError {
  return new OpenStackError(
    'unsupported',
    l10n.t(
      'Cannot enable versioning on container {0}: this server does not offer object versioning ({1}; Ceph RGW has none, only X-Versions-Location set by other tools).',
      displayName(container),
      why,
    ),
  );
}

/**
 * Object versions. Two Swift features keep them:
 *  - object versioning (Swift ≥ 2.24, `X-Versions-Enabled: true`): `GET container?versions&prefix=NAME` lists
 *    every version with `version_id` and `is_latest`, paged with `marker` + `version_marker`; an old version
 *    is read with `GET object?version-id=ID`;
 *  - legacy versioned writes (`X-Versions-Location` / `X-History-Location: ARCHIVE`): older copies live in
 *    ARCHIVE as `<3 hex digits: length of NAME in UTF-8 bytes><NAME>/<timestamp>`.
 * Parsing is pure; the requests go through the client's transport (names encoded by names.ts).
 */
import * as l10n from '@vscode/l10n';
import type { Readable } from 'node:stream';
import { OpenStackError } from '../errors';
import { parseSwiftTimestamp } from './listing';
import { ObjectInfo, fromWireHeaders, objectInfo } from './metadata';
import { displayName, swiftUrl } from './names';
import type { SwiftClient } from './client';
import type { Operation, SwiftVerb } from './transport';

export type VersioningState =
  | { kind: 'none' }
  | { kind: 'enabled' } // object versioning on
  | { kind: 'suspended' } // object versioning was on, now off: old versions are still listed
  | { kind: 'legacy'; mode: 'stack' | 'history'; archive: string };

export interface ObjectVersion {
  /** Object versioning: the id to read it with; legacy: undefined (read `archiveName` instead). */
  versionId: string | undefined;
  /** Legacy: the archived copy's name in the archive container. */
  archiveName?: string;
  isLatest: boolean;
  bytes: number;
  hash: string;
  contentType: string;
  lastModified: Date | undefined;
  /** A delete marker (object versioning): the object was deleted at this point. */
  deleteMarker: boolean;
}

/** The versioning state of a container from its decoded HEAD headers. */
export function versioningOf(headers: Record<string, string>): VersioningState {
  const enabled = headers['x-versions-enabled']?.toLowerCase();
  if (enabled === 'true') return { kind: 'enabled' };
  if (headers['x-versions-location']) return { kind: 'legacy', mode: 'stack', archive: headers['x-versions-location'] };
  if (headers['x-history-location']) return { kind: 'legacy', mode: 'history', archive: headers['x-history-location'] };
  if (enabled === 'false') return { kind: 'suspended' };
  return { kind: 'none' };
}

export function describeVersioning(state: VersioningState): string {
  switch (state.kind) {
    case 'enabled':
      return l10n.t('enabled (object versioning)');
    case 'suspended':
      return l10n.t('suspended (older versions are kept, new writes make none)');
    case 'legacy':
      return l10n.t(
        'legacy {0}: older versions in container {1}',
        state.mode === 'stack' ? 'X-Versions-Location' : 'X-History-Location',
        displayName(state.archive),
      );
    case 'none':
      return 'off';
  }
}

/** The prefix legacy versioned writes archive NAME's copies under. */
export function legacyArchivePrefix(name: string): string {
  return `${Buffer.byteLength(name, 'utf8').toString(16).padStart(3, '0')}${name}/`;
}

/** Entries of one `?versions` listing page that belong to exactly `name` (a prefix matches longer names too). */
export function parseVersionListing(json: unknown, name: string): { versions: ObjectVersion[]; last: { name: string; versionId: string } | undefined } {
  if (!Array.isArray(json)) throw new OpenStackError('badResponse', l10n.t('Swift did not return a JSON list of object versions.'));
  const versions: ObjectVersion[] = [];
  let last: { name: string; versionId: string } | undefined;
  for (const raw of json as Array<Record<string, unknown>>) {
    if (!raw || typeof raw.name !== 'string') continue;
    const versionId = typeof raw.version_id === 'string' ? raw.version_id : 'null';
    last = { name: raw.name, versionId };
    if (raw.name !== name) continue;
    versions.push({
      versionId,
      isLatest: raw.is_latest === true,
      bytes: typeof raw.bytes === 'number' ? raw.bytes : 0,
      hash: typeof raw.hash === 'string' ? raw.hash : '',
      contentType: typeof raw.content_type === 'string' ? raw.content_type : '',
      lastModified: parseSwiftTimestamp(raw.last_modified),
      deleteMarker: raw.content_type === 'application/x-deleted;swift_versions_deleted=1',
    });
  }
  return { versions, last };
}

/** Every version of one object, newest first (object versioning), paged (`limit`: page size, default the cluster's). */
export async function listObjectVersions(
  client: SwiftClient,
  container: string,
  name: string,
  opts: { limit?: number; signal?: AbortSignal } = {},
): Promise<ObjectVersion[]> {
  const { signal, limit } = opts;
  const op: Operation = {
    verb: 'list the versions of',
    target: l10n.t('object {0} in container {1}', displayName(name), displayName(container)),
    explain: { 404: l10n.t('the container does not exist') },
  };
  const out: ObjectVersion[] = [];
  let marker: string | undefined;
  let versionMarker: string | undefined;
  for (let pages = 0; pages < 10_000; pages++) {
    const query = { versions: true, format: 'json', prefix: name, marker, version_marker: versionMarker, limit };
    const response = await client.transport.send(op, { method: 'GET', url: swiftUrl(client.storageUrl, container, undefined, query), signal });
    const json = response.status === 204 ? (await response.dump(), []) : await response.json();
    const { versions, last } = parseVersionListing(json, name);
    out.push(...versions);
    // Names sort after `name` once the listing has passed it: the rest are other objects under the prefix.
    if (!last || last.name !== name) break;
    marker = last.name;
    versionMarker = last.versionId;
  }
  return out;
}

/** Older copies of `name` kept by legacy versioned writes in `archive`, newest first. */
export async function listLegacyVersions(client: SwiftClient, archive: string, name: string, signal?: AbortSignal): Promise<ObjectVersion[]> {
  const prefix = legacyArchivePrefix(name);
  const out: ObjectVersion[] = [];
  for await (const page of client.listObjects(archive, { prefix, signal })) {
    for (const e of page.entries) {
      if (e.kind !== 'object') continue;
      out.push({
        versionId: undefined,
        archiveName: e.name,
        isLatest: false,
        bytes: e.bytes,
        hash: e.hash,
        contentType: e.contentType,
        lastModified: e.lastModified,
        deleteMarker: false,
      });
    }
  }
  return out.reverse();
}

/** Streams one version of an object (object versioning); the caller consumes or destroys `body`. */
export async function getObjectVersion(
  client: SwiftClient,
  container: string,
  name: string,
  versionId: string,
  signal?: AbortSignal,
): Promise<{ info: ObjectInfo; body: Readable }> {
  const response = await client.transport.send(versionOperation('download', container, name, versionId), {
    method: 'GET',
    url: versionUrl(client, container, name, versionId),
    signal,
  });
  return { info: objectInfo(fromWireHeaders(response.headers)), body: response.body };
}

/** The headers of one version of an object. */
export async function headObjectVersion(client: SwiftClient, container: string, name: string, versionId: string, signal?: AbortSignal): Promise<ObjectInfo> {
  const response = await client.transport.send(versionOperation('read', container, name, versionId), {
    method: 'HEAD',
    url: versionUrl(client, container, name, versionId),
    signal,
  });
  await response.dump();
  return objectInfo(fromWireHeaders(response.headers));
}

function versionOperation(verb: SwiftVerb, container: string, name: string, versionId: string) {
  return { verb, target: l10n.t('version {0} of object {1} in container {2}', versionId, displayName(name), displayName(container)) };
}

function versionUrl(client: SwiftClient, container: string, name: string, versionId: string): string {
  return swiftUrl(client.storageUrl, container, name, { 'version-id': versionId });
}

/**
 * Static large objects (SLO): deleting a manifest with its segments (SwiftClient.deleteLargeObject). Reading a
 * manifest's segments is transfer/manifests.ts (SwiftClient.sloSegments).
 */
import * as l10n from '@vscode/l10n';
import { parseBulkDeleteAnswer, type BulkDeleteResult } from './bulk';
import { decodeOrKeep, displayName, swiftUrl } from './names';
import { splitSegmentPath } from './transfer/manifests';
import type { Operation, SwiftTransport } from './transport';

const target = (container: string, name: string) => l10n.t('object {0} in container {1}', displayName(name), displayName(container));

/**
 * `DELETE ?multipart-manifest=delete`: the manifest and every segment it lists. Swift answers like a bulk delete
 * (HTTP 200 whatever happened); segments it could not delete are returned as failed items.
 */
export async function deleteLargeObject(
  storageUrl: string,
  transport: SwiftTransport,
  container: string,
  name: string,
  signal?: AbortSignal,
): Promise<BulkDeleteResult> {
  const op: Operation = { verb: 'delete', target: l10n.t('{0} with its segments', target(container, name)) };
  const url = swiftUrl(storageUrl, container, name, { 'multipart-manifest': 'delete' });
  const response = await transport.send(op, { method: 'DELETE', url, headers: { accept: 'application/json' }, signal });
  const text = await response.text();
  const result = parseBulkDeleteAnswer(text, []); // throws when Swift refused the whole request
  // Segments that stayed are named in the answer's Errors as `/container/object`.
  const errors = ((JSON.parse(text) as { Errors?: unknown }).Errors ?? []) as unknown[];
  const items = errors
    .filter((e): e is [string, string] => Array.isArray(e) && typeof e[0] === 'string')
    .map(([path, status]) => {
      const [segmentContainer, segment] = splitPath(path);
      return { container: segmentContainer, name: segment, ok: false, status: String(status) };
    });
  return { ...result, items, failed: items.length };
}

/** `/container/a/b` (possibly percent-encoded) → ['container', 'a/b']. */
export function splitPath(path: string): [string, string | undefined] {
  return splitSegmentPath(decodeOrKeep(path));
}

/**
 * The decisions of the object file system, pure so they are unit-tested: what a write may do given what is on
 * the server now and what this window read, which questions to ask first, and which FileSystemError an
 * OpenStack failure becomes.
 */
import { OpenStackError } from '../openstack/errors';
import type { ObjectInfo } from '../openstack/swift/metadata';
import { logMessage } from '../ui/errorMessages';

export type FileErrorCode = 'FileNotFound' | 'FileExists' | 'NoPermissions' | 'Unavailable';

/** Something to confirm before a replace. */
export type WriteQuestion =
  /** The object's ETag differs from the one read when it was opened: someone else wrote it. */
  | { kind: 'changed'; seenEtag: string; currentEtag: string }
  /** It was deleted by someone else since it was opened. */
  | { kind: 'deleted'; seenEtag: string }
  /** It is a large-object manifest: the save replaces it (not its segments) with a plain object. */
  | { kind: 'largeObject'; manifest: 'static' | 'dynamic' };

export type WriteDecision =
  | { action: 'fail'; code: 'FileNotFound' | 'FileExists' }
  /** A new object: PUT with If-None-Match: * (questions may still be asked first). */
  | { action: 'create'; questions: WriteQuestion[] }
  /** Over the existing object, carrying its metadata over. */
  | { action: 'replace'; questions: WriteQuestion[] };

/**
 * `flags` are the FileSystemProvider's write options; `current` the fresh HEAD (undefined: 404);
 * `seenEtag` the ETag this window read (or last wrote), undefined when it never read the object.
 */
export function decideWrite(
  flags: { create: boolean; overwrite: boolean },
  current: Pick<ObjectInfo, 'etag' | 'staticLargeObject' | 'dynamicLargeObject'> | undefined,
  seenEtag: string | undefined,
): WriteDecision {
  if (!current) {
    if (!flags.create) return { action: 'fail', code: 'FileNotFound' };
    return { action: 'create', questions: seenEtag !== undefined ? [{ kind: 'deleted', seenEtag }] : [] };
  }
  if (!flags.overwrite) return { action: 'fail', code: 'FileExists' };
  const questions: WriteQuestion[] = [];
  if (seenEtag !== undefined && seenEtag !== current.etag) questions.push({ kind: 'changed', seenEtag, currentEtag: current.etag });
  if (current.staticLargeObject) questions.push({ kind: 'largeObject', manifest: 'static' });
  else if (current.dynamicLargeObject !== undefined) questions.push({ kind: 'largeObject', manifest: 'dynamic' });
  return { action: 'replace', questions };
}

/** Whether reading `bytes` needs a confirmation under a limit of `maxMB` MiB. */
export function exceedsSizeLimit(bytes: number, maxMB: number): boolean {
  return Number.isFinite(maxMB) && maxMB > 0 && bytes > maxMB * 1024 * 1024;
}

/** The FileSystemError an error becomes, with the one sentence the editor shows. */
export function fileErrorOf(e: unknown, doing: string): { code: FileErrorCode; message: string } {
  // The editor shows this in the tab that failed to open: a detail view, so the request id stays.
  const message = logMessage(e, doing);
  if (!(e instanceof OpenStackError)) return { code: 'Unavailable', message };
  switch (e.kind) {
    case 'notFound':
      return { code: 'FileNotFound', message };
    case 'auth':
    case 'forbidden':
      return { code: 'NoPermissions', message };
    default:
      return { code: 'Unavailable', message };
  }
}

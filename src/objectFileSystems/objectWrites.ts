/**
 * The changes the `swift:` file system makes: save (ETag check, questions, metadata kept), delete, and
 * rename (server-side COPY, verified, then DELETE). Nothing is reported done before Swift confirmed it, and
 * nothing is deleted before its copy is checked.
 */
import * as vscode from 'vscode';
import { isOpenStackError } from '../openstack/errors';
import type { SwiftClient } from '../openstack/swift/client';
import { deleteUnder } from '../openstack/swift/deletion';
import type { ObjectInfo } from '../openstack/swift/metadata';
import { displayName } from '../openstack/swift/names';
import { writeObject } from '../openstack/swift/replace';
import { sizeWithBytes } from '../ui/format';
import { ObjectFiles, readKey } from './objectFiles';
import { ObjectLocation, READONLY_SCHEME, describeLocation, folderPrefix, sameAccount } from '../location';
import { WriteQuestion, decideWrite } from './policy';
import { askBeforeWrite } from './questions';

async function headOrUndefined(client: SwiftClient, location: ObjectLocation, signal?: AbortSignal): Promise<ObjectInfo | undefined> {
  try {
    return await client.headObject(location.container, location.object, signal);
  } catch (e) {
    if (isOpenStackError(e, 'notFound')) return undefined;
    throw e;
  }
}

export function writeFile(files: ObjectFiles, uri: vscode.Uri, content: Uint8Array, flags: { create: boolean; overwrite: boolean }): Promise<void> {
  const location = files.locateObject(uri);
  const what = describeLocation(location);
  const key = readKey(uri);
  return files.run(vscode.l10n.t('Saving {0}', what), async () => {
    const client = await files.client(location);
    const current = await headOrUndefined(client, location);
    const decision = decideWrite(flags, current, files.seen.get(key)?.etag);
    if (decision.action === 'fail') throw vscode.FileSystemError[decision.code](uri);
    for (const question of decision.questions) {
      const answer = await askBeforeWrite(files.prompts, location, question);
      if (answer === 'proceed') continue;
      if (answer === 'compare') {
        await openComparison(uri);
        throw vscode.FileSystemError.Unavailable(
          vscode.l10n.t(
            'Not saved: {0} was changed on the server since you opened it. The comparison shows theirs (left) and yours (right): save again to overwrite theirs, or revert to take it.',
            what,
          ),
        );
      }
      throw vscode.FileSystemError.Unavailable(vscode.l10n.t('Not saved: {0} {1}. Your edits are kept.', what, reasonOf(question)));
    }
    let etag: string;
    try {
      ({ etag } = await files.withProgress(vscode.l10n.t('Saving {0} ({1})…', what, sizeWithBytes(content.byteLength)), content.byteLength, (signal) =>
        writeObject(client, location.container, location.object, content, {
          previous: decision.action === 'replace' ? current : undefined,
          createOnly: decision.action === 'create',
          signal,
        }),
      ));
    } catch (e) {
      // If-None-Match: * refused: someone created the object between the HEAD and the PUT.
      if (decision.action === 'create' && isOpenStackError(e, 'precondition')) {
        throw vscode.FileSystemError.FileExists(vscode.l10n.t('Not saved: {0} was just created by someone else. Your edits are kept.', what));
      }
      throw e;
    }
    files.seen.set(key, { etag });
    files.fire(
      { type: current ? vscode.FileChangeType.Changed : vscode.FileChangeType.Created, uri },
      { type: vscode.FileChangeType.Changed, uri: uri.with({ scheme: READONLY_SCHEME }) },
    );
  });
}

function reasonOf(question: WriteQuestion): string {
  switch (question.kind) {
    case 'changed':
      return vscode.l10n.t('was changed on the server since you opened it');
    case 'deleted':
      return vscode.l10n.t('was deleted on the server since you opened it');
    case 'largeObject':
      return vscode.l10n.t('is a large object whose manifest the save would replace');
  }
}

/** Their version (read-only, read fresh) on the left, the editor's unsaved text on the right. */
async function openComparison(uri: vscode.Uri): Promise<void> {
  const theirs = uri.with({ scheme: READONLY_SCHEME });
  const name = uri.path.split('/').filter(Boolean).pop() ?? uri.path;
  await vscode.commands.executeCommand('vscode.diff', theirs, uri, vscode.l10n.t('{0} (on the server) ↔ {1} (yours, unsaved)', name, name), { preview: false });
}

export function deleteFile(files: ObjectFiles, uri: vscode.Uri, options: { recursive: boolean }): Promise<void> {
  const location = files.locate(uri);
  if (location.container === undefined || location.object === undefined) {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Containers are deleted from the OpenStack Storage view, not through the file system.'));
  }
  const object = location as ObjectLocation;
  const what = describeLocation(object);
  return files.run(vscode.l10n.t('Deleting {0}', what), async () => {
    const client = await files.client(object);
    try {
      await client.deleteObject(object.container, object.object);
      files.seen.delete(readKey(uri));
      files.fire({ type: vscode.FileChangeType.Deleted, uri });
      return;
    } catch (e) {
      if (!isOpenStackError(e, 'notFound')) throw e;
    }
    // No such object: a pseudo-folder goes with everything under it, when asked recursively, deleted a page at a time
    // as it is listed (deleteUnder): a folder of a million objects never has its names held in memory.
    const container = object.container;
    const prefix = folderPrefix(object);
    if (!options.recursive) {
      let listed = 0;
      for await (const batch of client.listAllNames(container, { prefix, order: 'arrival' })) listed += batch.length;
      if (listed === 0) throw vscode.FileSystemError.FileNotFound(uri);
      const folder = displayName(object.object);
      throw vscode.FileSystemError.NoPermissions(
        listed === 1
          ? vscode.l10n.t('Folder {0} holds 1 object: delete it recursively.', folder)
          : vscode.l10n.t('Folder {0} holds {1} objects: delete it recursively.', folder, listed),
      );
    }
    const report = await deleteUnder(client, container, prefix);
    const listed = report.deleted + report.failures.length;
    if (listed === 0) throw vscode.FileSystemError.FileNotFound(uri);
    files.fire({ type: vscode.FileChangeType.Deleted, uri });
    if (report.failures.length) {
      throw vscode.FileSystemError.Unavailable(
        vscode.l10n.t(
          'Deleting folder {0}: {1} of {2} objects could not be deleted (first: {3}).',
          displayName(object.object),
          report.failures.length,
          listed,
          displayName(report.failures[0].name ?? ''),
        ),
      );
    }
  });
}

export function renameFile(files: ObjectFiles, oldUri: vscode.Uri, newUri: vscode.Uri, options: { overwrite: boolean }): Promise<void> {
  const from = files.locateObject(oldUri);
  const to = files.locateObject(newUri);
  const what = describeLocation(from);
  if (!sameAccount(from, to)) throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Objects are renamed within one profile and region only.'));
  if (from.container === to.container && from.object === to.object) return Promise.resolve();
  return files.run(vscode.l10n.t('Renaming {0}', what), async () => {
    const client = await files.client(from);
    const source = await headOrUndefined(client, from);
    if (!source) {
      const page = await client.listObjects(from.container, { prefix: folderPrefix(from), limit: 1 }).next();
      if (!page.done && page.value.entries.length)
        throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Renaming pseudo-folders is not supported: {0}.', displayName(from.object)));
      throw vscode.FileSystemError.FileNotFound(oldUri);
    }
    if (source.staticLargeObject || source.dynamicLargeObject !== undefined) {
      throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('{0} is a large object (made of segments): it is not renamed through the file system.', what));
    }
    if (!options.overwrite && (await headOrUndefined(client, to))) throw vscode.FileSystemError.FileExists(newUri);
    const copied = await files.withProgress(vscode.l10n.t('Renaming {0} ({1})…', what, sizeWithBytes(source.bytes)), source.bytes, async (signal) => {
      await client.copyObject({ container: from.container, name: from.object }, { container: to.container, name: to.object }, { signal });
      return client.headObject(to.container, to.object, signal);
    });
    if (copied.etag !== source.etag || copied.bytes !== source.bytes) {
      throw vscode.FileSystemError.Unavailable(
        vscode.l10n.t(
          'Renaming {0} stopped: the copy {1} does not match it (ETag {2}, {3} bytes; expected {4}, {5} bytes). The original was kept.',
          what,
          describeLocation(to),
          copied.etag,
          copied.bytes,
          source.etag,
          source.bytes,
        ),
      );
    }
    await client.deleteObject(from.container, from.object);
    const seen = files.seen.get(readKey(oldUri));
    files.seen.delete(readKey(oldUri));
    if (seen) files.seen.set(readKey(newUri), { etag: copied.etag });
    files.fire({ type: vscode.FileChangeType.Deleted, uri: oldUri }, { type: vscode.FileChangeType.Created, uri: newUri });
  });
}

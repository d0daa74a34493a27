/**
 * The changes the `swift:` file system makes: save (ETag check, questions, metadata kept), delete, and
 * rename (server-side COPY, verified, then DELETE). Nothing is reported done before Swift confirmed it, and
 * nothing is deleted before its copy is checked.
 */
import * as vscode from 'vscode';
import { isOpenStackError } from '../openstack/errors';
import type { SwiftClient } from '../openstack/swift/client';
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
  return files.run(`Saving ${what}`, async () => {
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
          `Not saved: ${what} was changed on the server since you opened it. The comparison shows theirs (left) and yours (right): save again to overwrite theirs, or revert to take it.`,
        );
      }
      throw vscode.FileSystemError.Unavailable(`Not saved: ${what} ${reasonOf(question)}. Your edits are kept.`);
    }
    let etag: string;
    try {
      ({ etag } = await files.withProgress(`Saving ${what} (${sizeWithBytes(content.byteLength)})…`, content.byteLength, (signal) =>
        writeObject(client, location.container, location.object, content, {
          previous: decision.action === 'replace' ? current : undefined,
          createOnly: decision.action === 'create',
          signal,
        }),
      ));
    } catch (e) {
      // If-None-Match: * refused: someone created the object between the HEAD and the PUT.
      if (decision.action === 'create' && isOpenStackError(e, 'precondition')) {
        throw vscode.FileSystemError.FileExists(`Not saved: ${what} was just created by someone else. Your edits are kept.`);
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
      return 'was changed on the server since you opened it';
    case 'deleted':
      return 'was deleted on the server since you opened it';
    case 'largeObject':
      return 'is a large object whose manifest the save would replace';
  }
}

/** Their version (read-only, read fresh) on the left, the editor's unsaved text on the right. */
async function openComparison(uri: vscode.Uri): Promise<void> {
  const theirs = uri.with({ scheme: READONLY_SCHEME });
  const name = uri.path.split('/').filter(Boolean).pop() ?? uri.path;
  await vscode.commands.executeCommand('vscode.diff', theirs, uri, `${name} (on the server) ↔ ${name} (yours, unsaved)`, { preview: false });
}

export function deleteFile(files: ObjectFiles, uri: vscode.Uri, options: { recursive: boolean }): Promise<void> {
  const location = files.locate(uri);
  if (location.container === undefined || location.object === undefined) {
    throw vscode.FileSystemError.NoPermissions('Containers are deleted from the OpenStack Storage view, not through the file system.');
  }
  const object = location as ObjectLocation;
  const what = describeLocation(object);
  return files.run(`Deleting ${what}`, async () => {
    const client = await files.client(object);
    try {
      await client.deleteObject(object.container, object.object);
      files.seen.delete(readKey(uri));
      files.fire({ type: vscode.FileChangeType.Deleted, uri });
      return;
    } catch (e) {
      if (!isOpenStackError(e, 'notFound')) throw e;
    }
    // No such object: a pseudo-folder goes with everything under it, when asked recursively.
    const names: string[] = [];
    for await (const batch of client.listAllObjects(object.container, { prefix: folderPrefix(object) })) names.push(...batch.map((e) => e.name));
    if (names.length === 0) throw vscode.FileSystemError.FileNotFound(uri);
    if (!options.recursive)
      throw vscode.FileSystemError.NoPermissions(`Folder ${displayName(object.object)} holds ${names.length} objects: delete it recursively.`);
    const result = await client.bulkDelete(names.map((name) => ({ container: object.container, name })));
    const failed = result.items.filter((i) => !i.ok);
    files.fire({ type: vscode.FileChangeType.Deleted, uri });
    if (failed.length) {
      throw vscode.FileSystemError.Unavailable(
        `Deleting folder ${displayName(object.object)}: ${failed.length} of ${names.length} objects could not be deleted (first: ${displayName(failed[0].name ?? '')}).`,
      );
    }
  });
}

export function renameFile(files: ObjectFiles, oldUri: vscode.Uri, newUri: vscode.Uri, options: { overwrite: boolean }): Promise<void> {
  const from = files.locateObject(oldUri);
  const to = files.locateObject(newUri);
  const what = describeLocation(from);
  if (!sameAccount(from, to)) throw vscode.FileSystemError.NoPermissions('Objects are renamed within one profile and region only.');
  if (from.container === to.container && from.object === to.object) return Promise.resolve();
  return files.run(`Renaming ${what}`, async () => {
    const client = await files.client(from);
    const source = await headOrUndefined(client, from);
    if (!source) {
      const page = await client.listObjects(from.container, { prefix: folderPrefix(from), limit: 1 }).next();
      if (!page.done && page.value.entries.length)
        throw vscode.FileSystemError.NoPermissions(`Renaming pseudo-folders is not supported: ${displayName(from.object)}.`);
      throw vscode.FileSystemError.FileNotFound(oldUri);
    }
    if (source.staticLargeObject || source.dynamicLargeObject !== undefined) {
      throw vscode.FileSystemError.NoPermissions(`${what} is a large object (made of segments): it is not renamed through the file system.`);
    }
    if (!options.overwrite && (await headOrUndefined(client, to))) throw vscode.FileSystemError.FileExists(newUri);
    const copied = await files.withProgress(`Renaming ${what} (${sizeWithBytes(source.bytes)})…`, source.bytes, async (signal) => {
      await client.copyObject({ container: from.container, name: from.object }, { container: to.container, name: to.object }, { signal });
      return client.headObject(to.container, to.object, signal);
    });
    if (copied.etag !== source.etag || copied.bytes !== source.bytes) {
      throw vscode.FileSystemError.Unavailable(
        `Renaming ${what} stopped: the copy ${describeLocation(to)} does not match it (ETag ${copied.etag}, ${copied.bytes} bytes; expected ${source.etag}, ${source.bytes} bytes). The original was kept.`,
      );
    }
    await client.deleteObject(from.container, from.object);
    const seen = files.seen.get(readKey(oldUri));
    files.seen.delete(readKey(oldUri));
    if (seen) files.seen.set(readKey(newUri), { etag: copied.etag });
    files.fire({ type: vscode.FileChangeType.Deleted, uri: oldUri }, { type: vscode.FileChangeType.Created, uri: newUri });
  });
}

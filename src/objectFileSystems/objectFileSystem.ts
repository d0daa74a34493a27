/**
 * The `swift:` and `swift-readonly:` file systems: objects as files, pseudo-folders and containers as
 * directories. Reads stream the object and check its length and MD5; writes (objectWrites.ts) check the ETag
 * first and keep the object's metadata. One class, two registrations: the read-only one refuses every change.
 */
import * as vscode from 'vscode';
import { UserCancelled } from '../ui/errorMessages';
import { isOpenStackError } from '../openstack/errors';
import { followAbort } from '../openstack/linkedAbort';
import type { ObjectInfo } from '../openstack/swift/metadata';
import { expectedOf, readVerified } from '../openstack/swift/transfer/verify';
import { getObjectVersion, headObjectVersion } from '../openstack/swift/versions';
import { ObjectFiles, type ReadResult, readKey } from './objectFiles';
import { describeLocation, folderPrefix, toPathName } from '../location';
import { confirmSize, needsSizeConfirmation } from './questions';
import { deleteFile, renameFile, writeFile } from './objectWrites';
import { sizeWithBytes } from '../ui/format';

export class ObjectFileSystem implements vscode.FileSystemProvider {
  readonly onDidChangeFile: vscode.Event<vscode.FileChangeEvent[]>;

  constructor(
    private readonly files: ObjectFiles,
    readonly readonly: boolean,
    readonly scheme: string,
  ) {
    // Each registration hears only the events of its own scheme.
    this.onDidChangeFile = (listener, thisArgs, disposables) =>
      files.onDidChange(
        (events) => {
          const mine = events.filter((e) => e.uri.scheme === scheme);
          if (mine.length) listener.call(thisArgs, mine);
        },
        undefined,
        disposables,
      );
  }

  watch(): vscode.Disposable {
    // Nothing to watch: Swift sends no notifications. Changes made here are announced by fire().
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    // A failed stat ends an open: the editor reads nothing after it.
    return this.statNow(uri).catch((e: unknown) => {
      this.files.readEnded(uri, { failed: e });
      throw e;
    });
  }

  private statNow(uri: vscode.Uri): Promise<vscode.FileStat> {
    const location = this.files.locate(uri);
    return this.files.run(vscode.l10n.t('Reading the object'), async () => {
      const permissions = this.readonly ? vscode.FilePermission.Readonly : undefined;
      const directory = { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0, permissions };
      const client = await this.files.client(location);
      if (location.container === undefined) return directory;
      if (location.object === undefined) {
        await client.headContainer(location.container);
        return directory;
      }
      try {
        const info =
          location.version === undefined
            ? await client.headObject(location.container, location.object)
            : await headObjectVersion(client, location.container, location.object, location.version);
        return { type: vscode.FileType.File, ctime: this.mtime(uri, info), mtime: this.mtime(uri, info), size: info.bytes, permissions };
      } catch (e) {
        if (!isOpenStackError(e, 'notFound')) throw e;
      }
      // No such object: a pseudo-folder when some name starts with its prefix.
      const page = await client.listObjects(location.container, { prefix: folderPrefix(location), limit: 1 }).next();
      if (!page.done && page.value.entries.length > 0) return directory;
      throw vscode.FileSystemError.FileNotFound(uri);
    });
  }

  /**
   * The mtime to report. While the editor holds the version it read, a change by someone else keeps the mtime
   * of that version: the editor's own check (mtime and size) would otherwise refuse the save with its
   * Compare/Overwrite message before writeFile runs, and miss same-size changes; the ETag check in
   * writeFile sees them all and asks once.
   */
  private mtime(uri: vscode.Uri, info: ObjectInfo): number {
    const real = info.lastModified?.getTime() ?? 0;
    const seen = this.files.seen.get(readKey(uri));
    if (!seen || this.readonly) return real;
    if (seen.etag === info.etag) {
      seen.mtime = real;
      return real;
    }
    return seen.mtime ?? real;
  }

  readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return this.readNow(uri).then(
      (done) => {
        if ('declined' in done) {
          this.files.readEnded(uri, { declined: true });
          throw vscode.FileSystemError.Unavailable(done.declined);
        }
        this.files.readEnded(uri, { read: done.result });
        return done.bytes;
      },
      (e: unknown) => {
        this.files.readEnded(uri, { failed: e });
        throw e;
      },
    );
  }

  private readNow(uri: vscode.Uri): Promise<{ bytes: Uint8Array; result: ReadResult } | { declined: string }> {
    const location = this.files.locateObject(uri);
    const what = describeLocation(location);
    return this.files.run(vscode.l10n.t('Opening {0}', what), async () => {
      const client = await this.files.client(location);
      const controller = new AbortController();
      const get = () =>
        location.version === undefined
          ? client.getObject(location.container, location.object, { signal: controller.signal })
          : getObjectVersion(client, location.container, location.object, location.version, controller.signal);
      let { info, body } = await get();
      const key = readKey(uri);
      // Asked once per version: a re-read of what the user already opened (a revert, a change event) does not ask again.
      if (needsSizeConfirmation(info.bytes) && this.files.lastRead.get(key)?.etag !== info.etag) {
        // Asked with no connection held open: the body is dropped, and fetched again if the user agrees.
        body.destroy();
        if (!(await confirmSize(this.files.prompts, location, info.bytes))) {
          return { declined: vscode.l10n.t('Not opened: {0} is {1}, and opening it was declined.', what, sizeWithBytes(info.bytes)) };
        }
        ({ info, body } = await get());
      }
      const bytes = await this.files.withProgress(vscode.l10n.t('Downloading {0} ({1})…', what, sizeWithBytes(info.bytes)), info.bytes, async (signal) => {
        const release = followAbort(signal, controller);
        try {
          // An older version is checked by its size and, when plain, its MD5 (the current manifest is not its own).
          const expected =
            location.version === undefined
              ? await expectedOf(client, location.container, location.object, info, controller.signal)
              : {
                  kind: info.staticLargeObject || info.dynamicLargeObject !== undefined ? ('size' as const) : ('md5' as const),
                  bytes: info.bytes,
                  etag: info.etag.toLowerCase(),
                };
          return (await readVerified(body, expected, location.container, location.object)).bytes;
        } catch (e) {
          // The user's cancel aborts the stream mid-way: that is a cancel, not a failed download.
          if (signal.aborted) throw new UserCancelled();
          throw e;
        } finally {
          release();
          if (!body.readableEnded) body.destroy();
        }
      });
      if (!this.readonly && location.version === undefined) this.files.seen.set(key, { etag: info.etag, mtime: info.lastModified?.getTime() });
      return { bytes, result: { etag: info.etag, contentType: info.contentType } };
    });
  }

  /** The read-only scheme, and older versions of an object (history is not rewritten), take no changes. */
  private refuseChanges(uri: vscode.Uri): void {
    if (this.readonly) throw vscode.FileSystemError.NoPermissions(uri);
    if (this.files.locate(uri).version !== undefined)
      throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('An older version of an object cannot be changed: open the current one to edit it.'));
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const location = this.files.locate(uri);
    return this.files.run(vscode.l10n.t('Listing the folder'), async () => {
      const client = await this.files.client(location);
      const out: [string, vscode.FileType][] = [];
      if (location.container === undefined) {
        for await (const page of client.listContainers()) for (const c of page.entries) out.push([toPathName(c.name), vscode.FileType.Directory]);
        return out;
      }
      const prefix = folderPrefix(location);
      for await (const page of client.listObjects(location.container, { prefix, delimiter: '/' })) {
        for (const entry of page.entries) {
          const full = entry.kind === 'object' ? entry.name : entry.prefix;
          const name = entry.kind === 'object' ? full.slice(prefix.length) : full.slice(prefix.length, -1);
          // The folder's own marker object ("dir/") and "dir//…" have no name of their own under it.
          // The name as the path shows it (hidden characters escaped): joined to this folder's URI, it maps back.
          if (name !== '') out.push([toPathName(name), entry.kind === 'object' ? vscode.FileType.File : vscode.FileType.Directory]);
        }
      }
      if (out.length === 0 && location.object !== undefined) throw vscode.FileSystemError.FileNotFound(uri);
      return out;
    });
  }

  async createDirectory(uri: vscode.Uri): Promise<void> {
    this.refuseChanges(uri);
    const location = this.files.locate(uri);
    // A pseudo-folder is only a name prefix: it exists once an object named with it is saved.
    if (location.object !== undefined) return;
    // The account or a container: the editor creates the parents of a new file (normalising "a/../b" to the
    // container itself), and takes FileExists as "already there".
    const exists =
      location.container === undefined ||
      (await this.stat(uri).then(
        () => true,
        () => false,
      ));
    if (exists) throw vscode.FileSystemError.FileExists(uri);
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Containers are not created through the file system: use the OpenStack Storage view.'));
  }

  writeFile(uri: vscode.Uri, content: Uint8Array, options: { create: boolean; overwrite: boolean }): Promise<void> {
    this.refuseChanges(uri);
    return writeFile(this.files, uri, content, options);
  }

  delete(uri: vscode.Uri, options: { recursive: boolean }): Promise<void> {
    this.refuseChanges(uri);
    return deleteFile(this.files, uri, options);
  }

  rename(oldUri: vscode.Uri, newUri: vscode.Uri, options: { overwrite: boolean }): Promise<void> {
    this.refuseChanges(oldUri);
    return renameFile(this.files, oldUri, newUri, options);
  }
}

/**
 * What the object file system's operations share: the location a URI addresses, a Swift client for it,
 * the ETag this window last read or wrote per URI (the base of the conflict check), what the last read found,
 * progress with cancel, and errors turned into the FileSystemError the editor shows.
 */
import * as vscode from 'vscode';
import type { ProfileStore } from '../auth/profileStore';
import type { Prompts } from '../ui/prompts';
import { UserCancelled } from '../ui/errorMessages';
import { isOpenStackError } from '../openstack/errors';
import type { SwiftClient } from '../openstack/swift/client';
import type { Log } from '../log';
import { EDIT_SCHEME, ObjectLocation, StorageLocation, fromUriParts, isObjectLocation, toUriParts } from '../location';
import { fileErrorOf } from './policy';

/** Transfers larger than this show a cancellable notification; smaller ones only the editor's own progress. */
export const PROGRESS_THRESHOLD_BYTES = 1024 * 1024;

/** What a read of an object found. */
export interface ReadResult {
  etag: string;
  contentType?: string;
}

/** How a read ended: what it read, the user's no to a large download, or the error the editor was given. */
export type ReadOutcome = { read: ReadResult } | { declined: true } | { failed: unknown };

/** What a URI's editor last saw of the object. */
export interface SeenVersion {
  etag: string;
  /** The mtime stat reported while the object still had that ETag. */
  mtime?: number;
}

export class ObjectFiles {
  /** By readKey(uri): the version this window read or wrote (the base of the conflict check). */
  readonly seen = new Map<string, SeenVersion>();
  /** By readKey(uri): what the last read of it found (the ETag whose size the user accepted, the content type). */
  readonly lastRead = new Map<string, ReadResult>();
  /** By readKey(uri): who waits for the end of its next read (Open Object, for its outcome). */
  private readonly readWaiters = new Map<string, Array<(outcome: ReadOutcome) => void>>();
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChange = this.changed.event;

  constructor(
    readonly store: ProfileStore,
    readonly prompts: Prompts,
    readonly log: Log,
  ) {}

  uriFor(location: StorageLocation, scheme: string = EDIT_SCHEME): vscode.Uri {
    return vscode.Uri.from({ scheme, ...toUriParts(location) });
  }

  /** The location of a swift: / swift-readonly: URI; FileNotFound for one this extension did not write. */
  locate(uri: vscode.Uri): StorageLocation {
    const location = fromUriParts({ path: uri.path, query: uri.query });
    if (!location) throw vscode.FileSystemError.FileNotFound(vscode.l10n.t('Not an OpenStack object address: {0}', uri.toString(true)));
    return location;
  }

  locateObject(uri: vscode.Uri): ObjectLocation {
    const location = this.locate(uri);
    if (!isObjectLocation(location)) throw vscode.FileSystemError.FileIsADirectory(uri);
    return location;
  }

  client(location: StorageLocation, signal?: AbortSignal): Promise<SwiftClient> {
    // A tab restored after its profile was removed: nothing can be there any more.
    if (!this.store.get(location.profileId)) {
      throw vscode.FileSystemError.FileNotFound(
        vscode.l10n.t('This object belongs to an OpenStack profile that was removed; add the profile again to open it.'),
      );
    }
    return this.store.session(location.profileId).swift(location.region || undefined, signal);
  }

  /**
   * Settles when the file system next ends a read of `uri` (or a stat that failed, after which the editor reads
   * nothing). The editor reads after `vscode.open` resolves, so a command learns the outcome here.
   */
  nextRead(uri: vscode.Uri): Promise<ReadOutcome> {
    const key = readKey(uri);
    return new Promise((resolve) => this.readWaiters.set(key, [...(this.readWaiters.get(key) ?? []), resolve]));
  }

  readEnded(uri: vscode.Uri, outcome: ReadOutcome): void {
    const key = readKey(uri);
    if ('read' in outcome) this.lastRead.set(key, outcome.read);
    const waiters = this.readWaiters.get(key) ?? [];
    this.readWaiters.delete(key);
    for (const resolve of waiters) resolve(outcome);
  }

  fire(...events: vscode.FileChangeEvent[]): void {
    this.changed.fire(events);
  }

  /**
   * Runs an operation for the editor: failures become the FileSystemError that says what failed; a
   * FileSystemError thrown on purpose passes through.
   */
  async run<T>(doing: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      if (e instanceof vscode.FileSystemError) throw e;
      if (e instanceof UserCancelled || isOpenStackError(e, 'cancelled')) throw vscode.FileSystemError.Unavailable(`${doing}: cancelled.`);
      const { code, message } = fileErrorOf(e, doing);
      // Not there is what the editor's probes of a swift: workspace folder (.vscode/settings.json, tasks.json…)
      // find every time: the editor reports it where it matters; a warning each time would be noise.
      if (code === 'FileNotFound') this.log.debug(message);
      else this.log.warn(message);
      throw vscode.FileSystemError[code](message);
    }
  }

  /** Cancellable notification progress for transfers above the threshold; the editor's own progress for the rest. */
  withProgress<T>(title: string, bytes: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (bytes <= PROGRESS_THRESHOLD_BYTES) return work(new AbortController().signal);
    return Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        return work(controller.signal).finally(() => subscription.dispose());
      }),
    );
  }

  dispose(): void {
    this.changed.dispose();
    this.seen.clear();
    this.lastRead.clear();
    for (const waiters of this.readWaiters.values()) for (const resolve of waiters) resolve({ declined: true });
    this.readWaiters.clear();
  }
}

/**
 * The key of a URI's reads: its parts as they are, not its string form (which percent-encodes them, and may do
 * so differently for a URI made here and the same URI handed back by the editor).
 */
export function readKey(uri: vscode.Uri): string {
  return JSON.stringify([uri.scheme, uri.path, uri.query]);
}

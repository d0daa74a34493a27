/**
 * What the object file system's operations share: the location a URI addresses, a Swift client for it,
 * the ETag this window last read or wrote per URI (the base of the conflict check), reads the user already
 * approved, progress with cancel, and errors turned into the FileSystemError the editor shows.
 */
import * as vscode from 'vscode';
import type { ProfileStore } from '../auth/profileStore';
import type { Prompts } from '../commands/prompts';
import { UserCancelled } from '../commands/errorMessages';
import { isOpenStackError } from '../openstack/errors';
import type { SwiftClient } from '../openstack/swift/client';
import { displayName } from '../openstack/swift/names';
import type { Log } from '../log';
import { EDIT_SCHEME, SwiftLocation, fromUriParts, toUriParts } from './objectUri';
import { fileErrorOf } from './policy';

export type ObjectLocation = SwiftLocation & { container: string; name: string };

/** Transfers larger than this show a cancellable notification; smaller ones only the editor's own progress. */
export const PROGRESS_THRESHOLD_BYTES = 1024 * 1024;

/** What a URI's editor last saw of the object. */
export interface SeenVersion {
  etag: string;
  /** The mtime stat reported while the object still had that ETag. */
  mtime?: number;
}

export class ObjectFiles {
  /** By URI string: the version this window read or wrote (the base of the conflict check). */
  readonly seen = new Map<string, SeenVersion>();
  /** By URI string: the ETag whose size the user already accepted (Open Object asked). */
  readonly approvedReads = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChange = this.changed.event;

  constructor(
    readonly store: ProfileStore,
    readonly prompts: Prompts,
    readonly log: Log,
  ) {}

  uriFor(location: SwiftLocation, scheme: string = EDIT_SCHEME): vscode.Uri {
    return vscode.Uri.from({ scheme, ...toUriParts(location) });
  }

  /** The location of a swift: / swift-readonly: URI; FileNotFound for one this extension did not write. */
  locate(uri: vscode.Uri): SwiftLocation {
    const location = fromUriParts({ path: uri.path, query: uri.query });
    if (!location) throw vscode.FileSystemError.FileNotFound(`Not an OpenStack object address: ${uri.toString(true)}`);
    return location;
  }

  locateObject(uri: vscode.Uri): ObjectLocation {
    const location = this.locate(uri);
    if (location.container === undefined || location.name === undefined) throw vscode.FileSystemError.FileIsADirectory(uri);
    return location as ObjectLocation;
  }

  client(location: SwiftLocation, signal?: AbortSignal): Promise<SwiftClient> {
    // A tab restored after its profile was removed: nothing can be there any more.
    if (!this.store.get(location.profileId)) {
      throw vscode.FileSystemError.FileNotFound('This object belongs to an OpenStack profile that was removed; add the profile again to open it.');
    }
    return this.store.session(location.profileId).swift(location.region || undefined, signal);
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
      this.log.warn(message);
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
    this.approvedReads.clear();
  }
}

/** `object "a.txt" in container "docs"`. */
export function describeObject(location: ObjectLocation): string {
  return `object ${displayName(location.name)} in container ${displayName(location.container)}`;
}

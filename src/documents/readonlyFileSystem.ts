/**
 * Serves a content provider's documents through a read-only file system, so the editor shows them locked:
 * typing is refused, nothing can be saved, and edits through the API are refused as well (a plain
 * TextDocumentContentProvider lets API edits through and leaves a dirty, unsavable document).
 */
import * as vscode from 'vscode';

export function registerReadonlyDocuments(scheme: string, provider: vscode.TextDocumentContentProvider): vscode.Disposable {
  const fileSystem = new ReadonlyDocumentFileSystem(provider);
  return vscode.Disposable.from(fileSystem, vscode.workspace.registerFileSystemProvider(scheme, fileSystem, { isReadonly: true, isCaseSensitive: true }));
}

class ReadonlyDocumentFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  /** A new mtime per refresh tells the editor to read the document again. */
  private readonly mtimes = new Map<string, number>();
  private readonly subscription: vscode.Disposable | undefined;

  constructor(private readonly provider: vscode.TextDocumentContentProvider) {
    this.subscription = provider.onDidChange?.((uri) => {
      this.mtimes.set(uri.toString(), Date.now());
      this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    });
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const mtime = this.mtimes.get(uri.toString()) ?? Date.now();
    this.mtimes.set(uri.toString(), mtime);
    const size = (await this.readFile(uri)).byteLength;
    return { type: vscode.FileType.File, ctime: mtime, mtime, size, permissions: vscode.FilePermission.Readonly };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const cancel = new vscode.CancellationTokenSource();
    try {
      const text = await this.provider.provideTextDocumentContent(uri, cancel.token);
      return Buffer.from(text ?? '', 'utf8');
    } catch (e) {
      throw e instanceof vscode.FileSystemError ? e : vscode.FileSystemError.Unavailable((e as Error).message);
    } finally {
      cancel.dispose();
    }
  }

  readDirectory(): never {
    throw vscode.FileSystemError.FileNotADirectory();
  }

  createDirectory(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  writeFile(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  dispose(): void {
    this.subscription?.dispose();
    this.changed.dispose();
  }
}

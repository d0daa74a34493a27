/**
 * Activation time of the real bundle in a bare, extension-host-like harness: `require()` of dist/extension.js and its
 * `activate(context)` in a fresh Node process (cold module cache, as in a new extension host), with a stub of the
 * `vscode` API that does nothing but answer. Node's own start-up is not counted (the extension host is already up).
 *
 *   node activate.js BUNDLE  → prints {"requireMs", "activateMs", "totalMs", "commands", "subscriptions"}
 */
import Module from 'node:module';

type Listener = (e: unknown) => unknown;

/** Anything not stubbed below: callable, constructible, every property another stub, never a thenable. */
function anything(): unknown {
  const fn = function () {} as unknown as object;
  return new Proxy(fn, {
    get: (_t, prop) => {
      if (prop === 'then') return undefined;
      if (prop === Symbol.toPrimitive) return () => '';
      if (prop === Symbol.iterator) return function* () {};
      if (prop === 'dispose') return () => undefined;
      return anything();
    },
    apply: () => anything(),
    construct: () => anything() as object,
  });
}

class Disposable {
  constructor(private readonly fn: () => void = () => undefined) {}
  static from(...items: Array<{ dispose(): unknown }>): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.fn();
  }
}

class EventEmitter {
  private listeners: Listener[] = [];
  event = (listener: Listener) => {
    this.listeners.push(listener);
    return new Disposable(() => (this.listeners = this.listeners.filter((l) => l !== listener)));
  };
  fire(e?: unknown): void {
    for (const l of this.listeners) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

const noEvent = () => new Disposable();
const commands = new Map<string, unknown>();

class Uri {
  constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
    readonly query: string,
    readonly fragment: string,
  ) {}
  static from(c: { scheme: string; authority?: string; path?: string; query?: string; fragment?: string }): Uri {
    return new Uri(c.scheme, c.authority ?? '', c.path ?? '', c.query ?? '', c.fragment ?? '');
  }
  static parse(text: string): Uri {
    const m = /^([^:]+):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(text);
    return new Uri(m?.[1] ?? 'file', m?.[2] ?? '', m?.[3] ?? '', m?.[4] ?? '', m?.[5] ?? '');
  }
  static file(path: string): Uri {
    return new Uri('file', '', path, '', '');
  }
  with(c: Partial<Uri>): Uri {
    return new Uri(c.scheme ?? this.scheme, c.authority ?? this.authority, c.path ?? this.path, c.query ?? this.query, c.fragment ?? this.fragment);
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `${this.scheme}://${this.authority}${this.path}${this.query ? `?${this.query}` : ''}`;
  }
}

class TreeItem {
  constructor(
    public label: unknown,
    public collapsibleState?: number,
  ) {}
}

const channel = new Proxy({}, { get: (_t, prop) => (prop === 'then' ? undefined : prop === 'logLevel' ? 2 : () => undefined) });

const vscode = new Proxy(
  {
    Disposable,
    EventEmitter,
    Uri,
    TreeItem,
    ThemeIcon: class {
      constructor(
        readonly id: string,
        readonly color?: unknown,
      ) {}
    },
    ThemeColor: class {
      constructor(readonly id: string) {}
    },
    MarkdownString: class {
      constructor(public value = '') {}
      appendMarkdown(v: string) {
        this.value += v;
        return this;
      }
      appendText(v: string) {
        this.value += v;
        return this;
      }
    },
    CancellationTokenSource: class {
      token = { isCancellationRequested: false, onCancellationRequested: noEvent };
      cancel() {}
      dispose() {}
    },
    CancellationError: class extends Error {},
    FileSystemError: Object.assign(class extends Error {}, {
      FileNotFound: () => new Error('FileNotFound'),
      NoPermissions: () => new Error('NoPermissions'),
      Unavailable: () => new Error('Unavailable'),
      FileNotADirectory: () => new Error('FileNotADirectory'),
      FileIsADirectory: () => new Error('FileIsADirectory'),
    }),
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    FileType: { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 },
    FilePermission: { Readonly: 1 },
    FileChangeType: { Changed: 1, Created: 2, Deleted: 3 },
    LogLevel: { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 },
    commands: {
      registerCommand: (id: string, fn: unknown) => {
        commands.set(id, fn);
        return new Disposable(() => commands.delete(id));
      },
      executeCommand: async () => undefined,
    },
    window: new Proxy(
      {
        createOutputChannel: () => channel,
        createTreeView: () => ({
          onDidChangeSelection: noEvent,
          onDidExpandElement: noEvent,
          onDidCollapseElement: noEvent,
          onDidChangeVisibility: noEvent,
          reveal: async () => undefined,
          dispose: () => undefined,
          selection: [],
          visible: true,
        }),
        createStatusBarItem: () => ({ show: () => undefined, hide: () => undefined, dispose: () => undefined }),
        registerTreeDataProvider: () => new Disposable(),
        tabGroups: { all: [], onDidChangeTabs: noEvent },
        onDidChangeActiveTextEditor: noEvent,
        visibleTextEditors: [],
      },
      { get: (t, p) => (p in t ? (t as Record<string | symbol, unknown>)[p] : p === 'then' ? undefined : anything()) },
    ),
    workspace: new Proxy(
      {
        getConfiguration: () => ({ get: (_k: string, d?: unknown) => d, has: () => false, inspect: () => undefined, update: async () => undefined }),
        onDidChangeConfiguration: noEvent,
        onDidCloseTextDocument: noEvent,
        onDidOpenTextDocument: noEvent,
        registerFileSystemProvider: () => new Disposable(),
        registerTextDocumentContentProvider: () => new Disposable(),
        textDocuments: [],
        workspaceFolders: undefined,
      },
      { get: (t, p) => (p in t ? (t as Record<string | symbol, unknown>)[p] : p === 'then' ? undefined : anything()) },
    ),
    env: { clipboard: { writeText: async () => undefined, readText: async () => '' }, appName: 'bench', uiKind: 1 },
    languages: { setTextDocumentLanguage: async (d: unknown) => d },
    // English, as an editor without a language pack: the bundle is undefined and t() fills in {0}, {1}, … or {name}.
    l10n: {
      bundle: undefined,
      uri: undefined,
      t: (message: string | { message: string; args?: unknown[] }, ...args: unknown[]) => {
        const text = typeof message === 'string' ? message : message.message;
        const values = typeof message === 'string' ? args : (message.args ?? []);
        const named = values.length === 1 && typeof values[0] === 'object' && values[0] !== null ? (values[0] as Record<string, unknown>) : undefined;
        return text.replace(/\{(\w+)\}/g, (whole, key: string) => String((named ?? (values as unknown[]))[key as never] ?? whole));
      },
    },
  },
  { get: (t, p) => (p in t ? (t as Record<string | symbol, unknown>)[p] : p === 'then' || p === '__esModule' ? undefined : anything()) },
);

function memento() {
  const data = new Map<string, unknown>();
  return {
    get: (k: string, d?: unknown) => (data.has(k) ? data.get(k) : d),
    update: async (k: string, v: unknown) => void data.set(k, v),
    keys: () => [...data.keys()],
    setKeysForSync: () => undefined,
  };
}

const context = {
  subscriptions: [] as Array<{ dispose(): unknown }>,
  secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: noEvent },
  globalState: memento(),
  workspaceState: memento(),
  extensionUri: Uri.file(process.cwd()),
  extensionPath: process.cwd(),
  globalStorageUri: Uri.file('/tmp/bench-global'),
  storageUri: undefined,
  logUri: Uri.file('/tmp/bench-log'),
  extensionMode: 1,
  extension: { id: 'bench.bench', packageJSON: {} },
  asAbsolutePath: (p: string) => p,
  environmentVariableCollection: anything(),
};

// `require('vscode')` from the bundle gets the stub.
const load = (Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown })._load;
(Module as unknown as { _load: unknown })._load = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? vscode : load.call(this, request, ...rest);
};

async function main(): Promise<void> {
  const bundle = process.argv[2];
  const t0 = performance.now();
  const extension = require(bundle) as { activate(ctx: unknown): unknown };
  const t1 = performance.now();
  await extension.activate(context);
  const t2 = performance.now();
  process.stdout.write(
    `${JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, totalMs: t2 - t0, commands: commands.size, subscriptions: context.subscriptions.length })}\n`,
  );
  for (const s of context.subscriptions) s.dispose();
  // Timers the extension may have started (status bar refresh) must not keep the harness alive.
  process.exit(0);
}

main().catch((e: unknown) => {
  process.stderr.write(`activate harness: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});

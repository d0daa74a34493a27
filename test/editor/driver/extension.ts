/**
 * The editor harness's test-driver extension, loaded beside the extension under test (bundled at run time
 * by test/editor/bundle.ts into a folder given to code-server as --extensionDevelopmentPath).
 *
 * 1. In-host tests. When OSS_HOST_TESTS=1, it writes `driver-ready.json` into $OSS_HOST_TESTS_DIR, then
 *    runs each request file `<id>.request.json` ({ suite, result, grep?, timeoutMs? }) that appears there:
 *    it loads the suite bundle (which exports `runSuite(options)`), runs it inside this extension host and
 *    writes the JSON report to `result`. $OSS_HOST_TESTS_SUITE + $OSS_HOST_TESTS_RESULT, if both set, are
 *    one more request run at start-up. Requests run one at a time.
 * 2. A tiny demo UI for the harness's own e2e smoke test: the command "OSS Test Driver: Show Demo View"
 *    shows a notification and a small tree in the Explorer; "OSS Test Driver: Hide Demo View" hides it.
 */
import * as vscode from 'vscode';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface RunRequest {
  suite: string;
  result: string;
  grep?: string;
  timeoutMs?: number;
}

interface SuiteModule {
  runSuite(options: { grep?: string; timeoutMs?: number; log?: (line: string) => void }): Promise<unknown>;
}

function writeJsonAtomic(path: string, value: unknown): void {
  writeFileSync(`${path}.tmp`, JSON.stringify(value, null, 2));
  renameSync(`${path}.tmp`, path);
}

function errorJson(err: unknown): { message: string; stack?: string } {
  return err instanceof Error ? { message: err.message, ...(err.stack ? { stack: err.stack } : {}) } : { message: String(err) };
}

let output: vscode.OutputChannel | undefined;
function log(line: string): void {
  output?.appendLine(line);
  console.log(`[oss-test-driver] ${line}`);
}

async function runRequest(req: RunRequest): Promise<void> {
  const started = Date.now();
  try {
    // Stack traces in the report point at the TypeScript sources (the bundles carry inline source maps).
    (process as { setSourceMapsEnabled?: (on: boolean) => void }).setSourceMapsEnabled?.(true);
    delete require.cache[require.resolve(req.suite)];
    const mod = require(req.suite) as SuiteModule;
    log(`running ${req.suite}${req.grep ? ` (grep ${req.grep})` : ''}`);
    const report = await mod.runSuite({
      ...(req.grep ? { grep: req.grep } : {}),
      ...(req.timeoutMs ? { timeoutMs: req.timeoutMs } : {}),
      log,
    });
    writeJsonAtomic(req.result, report);
  } catch (err) {
    // The suite could not even run: report it as one failure so the harness does not wait for nothing.
    log(`suite error: ${errorJson(err).message}`);
    writeJsonAtomic(req.result, {
      passed: 0,
      failed: 1,
      pending: 0,
      durationMs: Date.now() - started,
      tests: [{ title: `running ${req.suite}`, state: 'failed', error: errorJson(err) }],
    });
  }
}

function startHostTests(context: vscode.ExtensionContext): void {
  const dir = process.env.OSS_HOST_TESTS_DIR;
  if (!dir) {
    log('OSS_HOST_TESTS=1 but OSS_HOST_TESTS_DIR is not set');
    return;
  }
  const queue: RunRequest[] = [];
  if (process.env.OSS_HOST_TESTS_SUITE && process.env.OSS_HOST_TESTS_RESULT) {
    queue.push({ suite: process.env.OSS_HOST_TESTS_SUITE, result: process.env.OSS_HOST_TESTS_RESULT });
  }
  let busy = false;
  const poll = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      for (const name of readdirSync(dir).sort()) {
        if (!name.endsWith('.request.json')) continue;
        const path = join(dir, name);
        const taken = path.replace(/\.request\.json$/, '.taken.json');
        try {
          renameSync(path, taken); // claim it
          queue.push(JSON.parse(readFileSync(taken, 'utf8')) as RunRequest);
        } catch (err) {
          log(`bad request ${name}: ${errorJson(err).message}`);
        }
      }
      while (queue.length > 0) await runRequest(queue.shift()!);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void poll(), 200);
  context.subscriptions.push({ dispose: () => clearInterval(timer) });
  writeJsonAtomic(join(dir, 'driver-ready.json'), {
    pid: process.pid,
    vscodeVersion: vscode.version,
    appName: vscode.env.appName,
    uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
    time: new Date().toISOString(),
  });
  log(`ready; watching ${dir}`);
  void poll();
}

class DemoTree implements vscode.TreeDataProvider<string> {
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly children: Record<string, string[]> = {
    '': ['alpha-container', 'beta-container', 'gamma-container'],
    'alpha-container': ['photos/', 'readme.txt'],
  };
  getTreeItem(id: string): vscode.TreeItem {
    const item = new vscode.TreeItem(id, this.children[id] ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.contextValue = 'demoItem';
    item.iconPath = new vscode.ThemeIcon(this.children[id] || id.endsWith('/') ? 'folder' : 'file');
    return item;
  }
  getChildren(id?: string): string[] {
    return this.children[id ?? ''] ?? [];
  }
  dispose(): void {
    this.changed.dispose();
  }
}

function registerDemo(context: vscode.ExtensionContext): void {
  const tree = new DemoTree();
  context.subscriptions.push(
    tree,
    vscode.window.registerTreeDataProvider('ossTestDriver.demo', tree),
    vscode.commands.registerCommand('ossTestDriver.showDemo', async () => {
      await vscode.commands.executeCommand('setContext', 'ossTestDriver.demoVisible', true);
      await vscode.commands.executeCommand('ossTestDriver.demo.focus');
      void vscode.window.showInformationMessage('OSS test driver: demo view shown');
    }),
    vscode.commands.registerCommand('ossTestDriver.hideDemo', async () => {
      await vscode.commands.executeCommand('setContext', 'ossTestDriver.demoVisible', false);
    }),
  );
}

export function activate(context: vscode.ExtensionContext): void {
  output = vscode.window.createOutputChannel('OSS Test Driver');
  context.subscriptions.push(output);
  // The in-host suites find the extensions' log files (each extension's folder is a sibling of this one) here.
  process.env.OSS_DRIVER_LOG_DIR = context.logUri.fsPath;
  registerDemo(context);
  if (process.env.OSS_HOST_TESTS === '1') startHostTests(context);
}

export function deactivate(): void {}

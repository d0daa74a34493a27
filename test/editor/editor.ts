/**
 * startEditor(): one code-server on a fresh 127.0.0.1 port with fresh user-data / extensions dirs, the VSIX
 * under test installed, the test-driver extension loaded beside it, and headless Debian chromium (driven by
 * playwright-core) showing the workbench. stop() always ends everything it started (see processes.ts).
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import {
  cpSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  type WriteStream,
} from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { buildDriver, bundleHostSuite, DRIVER_ID, packFolder } from './bundle';
import type { SuiteReport } from './mochaReport';
import { CHROMIUM, codeServerEntry, codeServerInstalled, codeServerNode, codeServerVersion, defaultResultsDir, runningCodeServerVersion } from './paths';
import { endRun, killGroup, newRunId, processesOfRun, registerRun, RUN_MARKER_VAR, spawnOwned } from './processes';
import { Workbench } from './workbench';

export interface StartEditorOptions {
  /** The packaged extension under test, installed with --install-extension. */
  vsixPath?: string;
  /** More extensions to install: .vsix files, or built extension folders (packed with vsce first). */
  extraExtensions?: string[];
  /** Added to code-server's environment; it reaches the extension host (e.g. OSS_CLOUD_DIR, OS_*). */
  env?: Record<string, string | undefined>;
  /** Folder opened in the workbench (default: a fresh empty folder). */
  workspaceDir?: string;
  /** Enable the driver's in-host test runner (OSS_HOST_TESTS=1). Default true. */
  hostTests?: boolean;
  /** Artefacts: screenshots/, editor-logs/, host-*.json. Default <repo>/test-results. */
  resultsDir?: string;
  /** Merged over the harness's quiet defaults in the fresh User/settings.json. */
  userSettings?: Record<string, unknown>;
  viewport?: { width: number; height: number };
  log?: (line: string) => void;
  /** Keep the fresh dirs after stop() (debugging). Default: $OSS_EDITOR_KEEP=1. */
  keepDirs?: boolean;
}

export interface HostSuiteOptions {
  /** Repo-relative test files; default every test/extensionHost/**\/*.test.ts. */
  files?: string[];
  grep?: string;
  /** Mocha per-test timeout inside the host. */
  testTimeoutMs?: number;
  /** Bound on the whole suite run (default 10 minutes). */
  timeoutMs?: number;
  name?: string;
}

export interface Editor {
  url: string;
  port: number;
  runDir: string;
  workspaceDir: string;
  userDataDir: string;
  /** Chromium's profile: where code-server's web workbench keeps its state and SecretStorage. */
  browserProfileDir: string;
  context: BrowserContext;
  page: Page;
  workbench: Workbench;
  /** PNG into <resultsDir>/screenshots/NN-name.png; returns the path. */
  screenshot(name: string): Promise<string>;
  /** Bundles the in-host suite into the driver, asks the driver to run it, waits for its JSON report. */
  runInHostSuite(options?: HostSuiteOptions): Promise<SuiteReport>;
  /** Reloads the page and waits for the workbench (and a new extension host) again. */
  reload(): Promise<void>;
  /** Opens another folder in the same page (a new window and extension host), and waits as reload() does. */
  openFolder(dir: string): Promise<void>;
  /** Last lines of code-server's output. */
  codeServerLog(lines?: number): string;
  /** Ends chromium and code-server (and all their children). Idempotent; never throws. */
  stop(): Promise<void>;
}

/** Runs in the page (no DOM types here): texts are collected 150 ms after the DOM changes, each sent once. */
const NOTICE_RECORDER = `(() => {
  const seen = new Set();
  let pending = false;
  const collect = () => {
    pending = false;
    for (const el of document.querySelectorAll('.notification-list-item, .monaco-dialog-box, .quick-input-message, .quick-input-title')) {
      const text = (el.textContent || '').trim();
      if (text && !seen.has(text)) {
        seen.add(text);
        window.ossRecordNotice?.(text);
      }
    }
  };
  new MutationObserver(() => {
    if (!pending) {
      pending = true;
      setTimeout(collect, 150);
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
})();`;

/**
 * Writes the text of every notification, dialog and input-box message the workbench shows, as it appears or
 * changes, to `file` (one line each, once): the leak guard of test/e2e/secrets.test.ts scans it with the rest.
 */
async function recordNotices(context: BrowserContext, file: string): Promise<void> {
  const out = createWriteStream(file, { flags: 'a' });
  context.on('close', () => out.end());
  await context.exposeBinding('ossRecordNotice', (_source, text: string) => void out.write(`${JSON.stringify(text)}\n`));
  await context.addInitScript({ content: NOTICE_RECORDER });
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  // The local cloud listens on many ports: code-server would forward them and say so in a notification.
  'remote.autoForwardPorts': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'editor.accessibilitySupport': 'off',
  // The web editor auto-saves after a second by default. A save the test did not ask for can meet a conflict and
  // open its dialog mid-typing, which then eats the keys the test presses next (seen once in CI): tests save themselves.
  'files.autoSave': 'off',
  // Word suggestions can pop up after the Escape a test presses to close them, and Enter then accepts one instead of
  // starting a line (seen once in CI: "second edit" saved without its line break): no suggestions, Enter a line break.
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
  'editor.suggestOnTriggerCharacters': false,
  'editor.wordBasedSuggestions': 'off',
  'editor.acceptSuggestionOnEnter': 'off',
};

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolvePort(addr.port) : reject(new Error('no port'))));
    });
  });
}

function httpOk(url: string): Promise<boolean> {
  return new Promise((res) => {
    const req = request(url, { timeout: 2000 }, (r) => {
      r.resume();
      res(r.statusCode === 200);
    });
    req.on('error', () => res(false));
    req.on('timeout', () => {
      req.destroy();
      res(false);
    });
    req.end();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Environment for code-server: ours, minus what belongs to an outer editor or npm run, plus `extra`. */
function childEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(VSCODE_|ELECTRON_|npm_)/.test(k)) continue;
    env[k] = v;
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export async function startEditor(options: StartEditorOptions = {}): Promise<Editor> {
  const log = options.log ?? ((line: string) => console.log(line));
  const t0 = Date.now();
  const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  if (!codeServerInstalled()) {
    throw new Error(`code-server ${codeServerVersion()} is not installed: run bash scripts/editor/install.sh`);
  }
  const resultsDir = resolve(options.resultsDir ?? defaultResultsDir());
  const logsDir = join(resultsDir, 'editor-logs');
  mkdirSync(logsDir, { recursive: true });

  const runId = newRunId();
  const runDir = mkdtempSync(join(tmpdir(), 'oss-editor-'));
  const keep = options.keepDirs ?? process.env.OSS_EDITOR_KEEP === '1';
  registerRun(runId, keep ? [] : [runDir]);
  const userDataDir = join(runDir, 'user-data');
  const extensionsDir = join(runDir, 'extensions');
  const driverSrcDir = join(runDir, 'driver');
  const hostDir = join(runDir, 'host-tests');
  const profileDir = join(runDir, 'browser-profile');
  const configFile = join(runDir, 'code-server.yaml');
  const workspaceDir = resolve(options.workspaceDir ?? join(runDir, 'workspace'));
  for (const d of [userDataDir, join(userDataDir, 'User'), extensionsDir, hostDir, profileDir, workspaceDir]) mkdirSync(d, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...options.userSettings }, null, 2));
  writeFileSync(configFile, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');

  let csLog: WriteStream | undefined;
  let csLogText = '';
  let context: BrowserContext | undefined;
  let stopped = false;

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    const s0 = Date.now();
    try {
      if (context) await Promise.race([context.close(), sleep(15_000)]);
    } catch {
      /* browser already gone */
    }
    const forced = await endRun(runId);
    csLog?.end();
    try {
      const logs = join(userDataDir, 'logs');
      if (existsSync(logs)) cpSync(logs, join(logsDir, 'code-server-logs'), { recursive: true });
    } catch {
      /* best effort */
    }
    const left = processesOfRun(runId);
    if (!keep) rmSync(runDir, { recursive: true, force: true });
    log(
      `[editor] stopped in ${((Date.now() - s0) / 1000).toFixed(1)} s` +
        (forced.length ? ` (SIGKILL needed for ${forced.length} process(es))` : '') +
        (left.length ? `; STILL ALIVE: ${left.join(' ')}` : '') +
        (keep ? `; kept ${runDir}` : ''),
    );
  };

  try {
    const driverVsix = await buildDriver(driverSrcDir);
    const vsixes = [...(options.vsixPath ? [resolve(options.vsixPath)] : []), driverVsix];
    for (const [i, e] of (options.extraExtensions ?? []).entries()) {
      vsixes.push(statSync(e).isDirectory() ? await packFolder(resolve(e), join(runDir, `extra-${i}.vsix`)) : resolve(e));
    }
    log(`[editor] driver extension built (${since()})`);

    const env = childEnv({
      ...(options.hostTests === false ? {} : { OSS_HOST_TESTS: '1', OSS_HOST_TESTS_DIR: hostDir }),
      ...options.env,
      [RUN_MARKER_VAR]: runId,
    });
    const node = codeServerNode();
    const entry = codeServerEntry();
    const baseArgs = [entry, '--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

    csLog = createWriteStream(join(logsDir, 'code-server.log'));
    const capture = (chunk: Buffer) => {
      csLog?.write(chunk);
      csLogText = (csLogText + chunk.toString()).slice(-20_000);
    };

    {
      // Its own process group and run marker too, so that a signal during the install ends it as well.
      capture(Buffer.from(`$ code-server --install-extension ${vsixes.map((v) => basename(v)).join(' ')}\n`));
      const child = spawnOwned(runId, node, [...baseArgs, ...vsixes.flatMap((v) => ['--install-extension', v]), '--force'], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      const onData = (b: Buffer) => {
        out += b.toString();
        capture(b);
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      const status = await new Promise<string>((res) => {
        const timer = setTimeout(() => {
          killGroup(child.pid!);
          res('timeout after 180 s');
        }, 180_000);
        child.once('error', (e) => res(e.message));
        child.once('exit', (code, sig) => {
          clearTimeout(timer);
          res(sig ?? `exit ${code}`);
        });
      });
      if (status !== 'exit 0' || /Failed Installing/i.test(out)) {
        throw new Error(`installing ${vsixes.join(', ')} failed (${status}):\n${out}`);
      }
      log(`[editor] installed ${vsixes.map((v) => basename(v)).join(', ')} (${since()})`);
    }

    // Start code-server; a port taken between freePort() and listen() is retried with another one.
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const args = [
        ...baseArgs,
        '--bind-addr',
        `127.0.0.1:${port}`,
        '--auth',
        'none',
        '--disable-telemetry',
        '--disable-update-check',
        // Workspace trust stays available (a test turns it on to see Restricted Mode); QUIET_SETTINGS turn it off.
        '--disable-getting-started-override',
        workspaceDir,
      ];
      const child = spawnOwned(runId, node, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.on('data', capture);
      child.stderr!.on('data', capture);
      let exited: string | undefined;
      child.once('exit', (code, sig) => (exited = sig ?? `exit ${code}`));
      const deadline = Date.now() + 60_000;
      let healthy = false;
      while (!exited && Date.now() < deadline) {
        if (await httpOk(`http://127.0.0.1:${port}/healthz`)) {
          healthy = true;
          break;
        }
        await sleep(200);
      }
      if (healthy) break;
      if (exited && /EADDRINUSE/.test(csLogText) && attempt < 3) {
        log(`[editor] port ${port} was taken; retrying`);
        continue;
      }
      throw new Error(`code-server did not become healthy on port ${port} (${exited ?? 'timeout'}):\n${csLogText.slice(-3000)}`);
    }
    const url = `http://127.0.0.1:${port}`;
    log(`[editor] code-server ${runningCodeServerVersion()} healthy at ${url} (${since()})`);

    const viewport = options.viewport ?? { width: 1440, height: 900 };
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
      env: childEnv({ [RUN_MARKER_VAR]: runId }) as Record<string, string>,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      timeout: 60_000,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const consoleLog = createWriteStream(join(logsDir, 'browser-console.log'));
    page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.message}\n`));
    context.on('close', () => consoleLog.end());
    await recordNotices(context, join(logsDir, 'notifications.log'));

    const workbench = new Workbench(page, join(resultsDir, 'screenshots'), (line) => log(`[ui] ${line}`));
    const readyFile = join(hostDir, 'driver-ready.json');
    // The driver's installed folder: suite bundles go there, so their require('vscode') is the driver's.
    const driverDirName = readdirSync(extensionsDir).find((n) => n.toLowerCase().startsWith(`${DRIVER_ID}-`));
    if (!driverDirName) throw new Error(`${DRIVER_ID} not found in ${extensionsDir} after --install-extension`);
    const driverDir = join(extensionsDir, driverDirName);
    await page.goto(`${url}/?folder=${encodeURIComponent(workspaceDir)}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await workbench.waitForReady();
    log(`[editor] workbench rendered (${since()})`);

    const waitDriver = async (timeoutMs: number): Promise<void> => {
      const deadline = Date.now() + timeoutMs;
      while (!existsSync(readyFile)) {
        if (Date.now() > deadline) {
          throw new Error(`the test driver did not start in the extension host within ${timeoutMs / 1000} s:\n${csLogText.slice(-3000)}`);
        }
        await sleep(200);
      }
    };
    if (options.hostTests !== false) {
      await waitDriver(90_000);
      const ready = JSON.parse(readFileSync(readyFile, 'utf8')) as { vscodeVersion: string };
      log(`[editor] extension host up, VS Code ${ready.vscodeVersion} (${since()})`);
    }

    let suiteRuns = 0;
    // An in-host test asks for a screenshot (test/extensionHost/support.ts `screenshot(name)`) with a file
    // `<id>.screenshot.json` ({ name }) in the host-tests folder; the answer is `<id>.screenshot.done.json`.
    const takeRequestedScreenshots = async (): Promise<void> => {
      for (const file of readdirSync(hostDir).filter((f) => f.endsWith('.screenshot.json'))) {
        const requestPath = join(hostDir, file);
        const done = requestPath.replace(/\.screenshot\.json$/, '.screenshot.done.json');
        let answer: { path?: string; error?: string };
        try {
          const { name } = JSON.parse(readFileSync(requestPath, 'utf8')) as { name: string };
          answer = { path: await workbench.screenshot(name) };
        } catch (e) {
          answer = { error: e instanceof Error ? e.message : String(e) };
        }
        rmSync(requestPath, { force: true });
        writeFileSync(`${done}.tmp`, JSON.stringify(answer));
        renameSync(`${done}.tmp`, done);
      }
    };

    const runInHostSuite = async (o: HostSuiteOptions = {}): Promise<SuiteReport> => {
      if (options.hostTests === false) throw new Error('startEditor({ hostTests: false }): no in-host runner');
      const name = `${o.name ?? 'host'}-${++suiteRuns}`;
      const r0 = Date.now();
      const suite = await bundleHostSuite(driverDir, name, o.files);
      const result = join(hostDir, `${name}.result.json`);
      const requestFile = join(hostDir, `${name}.request.json`);
      writeFileSync(`${requestFile}.tmp`, JSON.stringify({ suite, result, grep: o.grep, timeoutMs: o.testTimeoutMs }));
      // rename: the driver never sees a half-written request
      renameSync(`${requestFile}.tmp`, requestFile);
      log(`[editor] in-host suite ${name} requested`);
      const timeoutMs = o.timeoutMs ?? 10 * 60_000;
      const deadline = Date.now() + timeoutMs;
      const claimBy = Date.now() + 30_000;
      while (!existsSync(result)) {
        if (Date.now() > deadline) throw new Error(`in-host suite ${name}: no result within ${timeoutMs / 1000} s`);
        if (existsSync(requestFile) && Date.now() > claimBy) {
          throw new Error(`in-host suite ${name}: the driver did not pick up the request within 30 s (is a browser connected?)`);
        }
        if (page.isClosed()) throw new Error(`in-host suite ${name}: the browser page closed`);
        await takeRequestedScreenshots();
        await sleep(250);
      }
      const report = JSON.parse(readFileSync(result, 'utf8')) as SuiteReport;
      writeFileSync(join(resultsDir, `${name}.json`), JSON.stringify(report, null, 2));
      log(
        `[editor] in-host suite ${name}: ${report.passed} passed, ${report.failed} failed, ${report.pending} pending (${((Date.now() - r0) / 1000).toFixed(1)} s)`,
      );
      return report;
    };

    const reload = async (): Promise<void> => {
      rmSync(readyFile, { force: true });
      // As a person does it: "Developer: Reload Window" writes the workbench's state (the open tabs among it)
      // before it reloads. A page reload does not wait for that write, and the tabs then come back only sometimes.
      const loaded = page.waitForEvent('load', { timeout: 60_000 });
      await workbench.runCommand('Developer: Reload Window');
      await loaded;
      await workbench.waitForReady();
      if (options.hostTests !== false) await waitDriver(90_000);
    };
    const openFolder = async (dir: string): Promise<void> => {
      rmSync(readyFile, { force: true });
      await page.goto(`${url}/?folder=${encodeURIComponent(resolve(dir))}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      await workbench.waitForReady();
      if (options.hostTests !== false) await waitDriver(90_000);
    };

    return {
      url,
      port,
      runDir,
      workspaceDir,
      userDataDir,
      browserProfileDir: profileDir,
      context,
      page,
      workbench,
      screenshot: (name) => workbench.screenshot(name),
      runInHostSuite,
      reload,
      openFolder,
      codeServerLog: (lines = 40) => csLogText.split('\n').slice(-lines).join('\n'),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

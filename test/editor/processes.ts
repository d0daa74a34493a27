/**
 * Ownership and clean-up of the processes the editor harness starts (code-server, chromium and all their
 * children). Two rules:
 *   - every child we spawn runs in its own process group (`detached`), which we end as a whole;
 *   - every process we start carries OSS_EDITOR_RUN=<run id> in its environment, inherited by all its
 *     descendants (extension host, pty host, renderers, ...). At stop we end exactly the processes carrying
 *     our run id, so nothing we did not start is ever signalled, and nothing we started survives.
 * Clean-up also runs on SIGINT/SIGTERM/SIGHUP of the runner and on process exit.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';

export const RUN_MARKER_VAR = 'OSS_EDITOR_RUN';

interface Owned {
  runId: string;
  groups: Set<number>;
  /** Removed by the last-resort clean-up (signal/exit); stop() removes them itself. */
  dirs: string[];
}
const owned = new Map<string, Owned>();
let handlersInstalled = false;

/** A fresh id for a run; put `{ [RUN_MARKER_VAR]: id }` into the environment of everything the run starts. */
export function newRunId(): string {
  return `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Registers a run so that its processes are ended (and `dirs` removed) on exit or on a signal of the runner. */
export function registerRun(runId: string, dirs: string[] = []): void {
  installHandlers();
  const run = owned.get(runId);
  if (run) run.dirs.push(...dirs);
  else owned.set(runId, { runId, groups: new Set(), dirs: [...dirs] });
}

/** Spawns a process in its own process group, marked as belonging to the run. */
export function spawnOwned(runId: string, command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  registerRun(runId);
  const env = { ...(options.env ?? process.env), [RUN_MARKER_VAR]: runId };
  const child = spawn(command, args, { ...options, env, detached: true });
  if (child.pid) owned.get(runId)!.groups.add(child.pid);
  return child;
}

/** Pids (other than ours) whose environment carries the run's marker. */
export function processesOfRun(runId: string): number[] {
  const needle = Buffer.from(`\0${RUN_MARKER_VAR}=${runId}\0`);
  const first = Buffer.from(`${RUN_MARKER_VAR}=${runId}\0`);
  const pids: number[] = [];
  for (const name of safeReaddir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    let environ: Buffer;
    try {
      environ = readFileSync(`/proc/${pid}/environ`);
    } catch {
      continue; // gone, or not ours to read
    }
    if (environ.includes(needle) || environ.subarray(0, first.length).equals(first)) pids.push(pid);
  }
  return pids;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie is dead for our purpose (its parent reaps it).
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

function signal(runId: string, sig: NodeJS.Signals): number[] {
  const run = owned.get(runId);
  const targets = new Set(processesOfRun(runId));
  for (const group of run?.groups ?? []) {
    try {
      process.kill(-group, sig);
    } catch {
      /* group already gone */
    }
  }
  for (const pid of targets) {
    try {
      process.kill(pid, sig);
    } catch {
      /* already gone */
    }
  }
  return [...targets];
}

/**
 * Ends every process of the run: SIGTERM to its groups and marked processes, then SIGKILL to whatever
 * is left after `graceMs`. Resolves with the pids that needed SIGKILL.
 */
export async function endRun(runId: string, graceMs = 5000): Promise<number[]> {
  let targets = signal(runId, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    targets = [...new Set([...targets, ...processesOfRun(runId)])].filter(alive);
    const groupsAlive = [...(owned.get(runId)?.groups ?? [])].filter(groupAlive);
    if (targets.length === 0 && groupsAlive.length === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const survivors = [...new Set([...targets, ...processesOfRun(runId)])].filter(alive);
  if (survivors.length > 0 || [...(owned.get(runId)?.groups ?? [])].some(groupAlive)) signal(runId, 'SIGKILL');
  owned.delete(runId);
  return survivors;
}

/** Ends one process group we spawned (e.g. a finished helper command), without touching the rest of the run. */
export function killGroup(pid: number, sig: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(-pid, sig);
  } catch {
    /* gone */
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Synchronous last-resort clean-up: SIGKILL to everything of every registered run. */
export function killAllRunsNow(): void {
  const runs = [...owned.entries()];
  for (const [runId] of runs) signal(runId, 'SIGKILL');
  // Wait (synchronously: we may be in an exit handler) until they are gone, so they stop writing into the dirs.
  const tick = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline && runs.some(([runId]) => processesOfRun(runId).some(alive))) Atomics.wait(tick, 0, 0, 50);
  for (const [runId, run] of runs) {
    owned.delete(runId);
    for (const dir of run.dirs) {
      try {
        rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
      } catch {
        /* best effort */
      }
    }
  }
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.once('exit', killAllRunsNow);
  const onSignal = (sig: NodeJS.Signals, code: number) => () => {
    process.stderr.write(`\n[editor] ${sig}: ending code-server and chromium of this run\n`);
    killAllRunsNow();
    // Exit like Node's default, unless the embedding runner (e.g. scripts/test.mjs) handles the signal itself.
    if (process.listenerCount(sig) === 0) process.exit(code);
  };
  process.once('SIGINT', onSignal('SIGINT', 130));
  process.once('SIGTERM', onSignal('SIGTERM', 143));
  process.once('SIGHUP', onSignal('SIGHUP', 129));
}

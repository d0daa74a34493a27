// Runs every test suite once against one local cloud and one editor, then prints the totals across all
// suites alone on a line: "N passed, N failed, N skipped". Whatever it started is stopped, even on failure
// or Ctrl-C.
//   node scripts/test.mjs                 typecheck, lint and format, unit, integration, editor (in-host + e2e)
//   node scripts/test.mjs --only unit     (or integration, editor; repeatable)
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);

const args = process.argv.slice(2);
const only = args.flatMap((a, i) => (a === '--only' ? [args[i + 1]] : []));
const wants = (suite) => only.length === 0 || only.includes(suite);

const statsFile = join(mkdtempSync(join(tmpdir(), 'oss-stats-')), 'stats.jsonl');
writeFileSync(statsFile, '');
const env = { ...process.env, OSS_STATS_FILE: statsFile };
const extraFailures = []; // steps that failed without mocha counting it (typecheck, cloud start, …)
// The integration tests that wait for a short-lived token to expire (~20 s each; their titles say so).
const TOKEN_EXPIRY_WAITS = 'wait(s|) for a short-lived token to expire';
// faults.test.ts stops Keystone and kills a Swift proxy: no other test may use the cloud meanwhile (RGW, for
// one, cannot check a renewed token while Keystone is down). Its closing check counts the whole file's errors.
const STOPS_SERVERS = '^faults \\(integration\\) ';
let cloudDir;
let cloudStarting = Promise.resolve(true); // up.sh, running beside the unit suite
const children = new Set();
let interrupted = false;

/** Runs a command to its end; its output goes to ours, or to `logFile` (a step running beside another). */
function run(command, commandArgs, extraEnv = {}, evenIfInterrupted = false, logFile = undefined) {
  // After Ctrl-C / SIGTERM no further step starts (but the cloud's stop): the handler stops what was started.
  if (interrupted && !evenIfInterrupted) return Promise.resolve(130);
  return new Promise((resolve) => {
    console.log(`\n$ ${command} ${commandArgs.join(' ')}${logFile ? ` (output: ${logFile})` : ''}`);
    const out = logFile ? openSync(logFile, 'w') : undefined;
    const stdio = out === undefined ? 'inherit' : ['ignore', out, out];
    const child = spawn(command, commandArgs, { stdio, env: { ...env, ...extraEnv } });
    children.add(child);
    child.on('exit', (code, signal) => {
      children.delete(child);
      if (out !== undefined) closeSync(out);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/**
 * `logFile`: the step runs beside another one whose output goes to ours; its own output is kept in that file and
 * printed in one piece when it ends, so the two never interleave.
 */
async function step(name, command, commandArgs, extraEnv, logFile) {
  const code = await run(command, commandArgs, extraEnv, false, logFile);
  if (logFile) printLog(name, logFile);
  if (code !== 0) extraFailures.push(name);
  return code === 0;
}

function printLog(name, logFile) {
  console.log(`\n--- ${name} (${logFile}) ---\n${readFileSync(logFile, 'utf8').trimEnd()}\n--- end of ${name} ---`);
}

/** A mocha suite; its counts come from the stats reporter, a crash without counts is one failure. */
async function mochaSuite(suite, config, extraEnv = {}, mochaArgs = [], logFile = undefined) {
  await mochaLikeStep(suite, 'npx', ['mocha', '--config', config, ...mochaArgs], { OSS_SUITE: suite, ...extraEnv }, logFile);
}

/** A step that reports its own totals to $OSS_STATS_FILE; a crash without totals is one failure. */
async function mochaLikeStep(suite, command, commandArgs, extraEnv, logFile) {
  const before = readStats().length;
  const code = await run(command, commandArgs, extraEnv, false, logFile);
  if (logFile) printLog(suite, logFile);
  if (readStats().length === before && code !== 0) extraFailures.push(`${suite} (crashed before reporting)`);
}

function readStats() {
  return readFileSync(statsFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

let stopping;
function stopCloud() {
  if (!cloudDir || stopping) return stopping;
  stopping = (async () => {
    await cloudStarting; // down.sh must not race up.sh
    await run('bash', ['scripts/cloud/down.sh'], { OSS_CLOUD_DIR: cloudDir }, true);
    if (!process.env.OSS_KEEP_CLOUD_DIR) rmSync(cloudDir, { recursive: true, force: true });
  })();
  return stopping;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${signal}: stopping what this run started…`);
    for (const child of children) child.kill('SIGTERM');
    await stopCloud();
    process.exit(130);
  });
}

async function main() {
  // Debian packages (a no-op once installed): the cloud's, and the shells the unit tests quote for.
  if (!(await step('install packages', 'bash', ['scripts/cloud/install.sh']))) return;
  // The cloud starts while the checks and the unit suite run (it mostly waits on its servers): ~20 s saved.
  const needsCloud = wants('integration') || wants('editor');
  if (needsCloud) {
    cloudDir = process.env.OSS_CLOUD_DIR || mkdtempSync(join(tmpdir(), 'oss-cloud-'));
    const cloudLog = join(dirname(statsFile), 'cloud-up.log'); // not in cloudDir: up.sh wants it empty or its own
    cloudStarting = run('bash', ['scripts/cloud/up.sh'], { OSS_CLOUD_DIR: cloudDir }, false, cloudLog).then((code) => {
      console.log(`\n--- local cloud start (${cloudLog}) ---\n${readFileSync(cloudLog, 'utf8').trimEnd()}`);
      if (code !== 0) extraFailures.push('local cloud start');
      return code === 0;
    });
  }
  const built = await step('build tests', 'node', ['scripts/build-tests.mjs']);
  // The checks and the unit suite need no server and run beside the integration suite, which mostly waits on
  // its servers and on tokens expiring (about a minute and a half saved of a 19-minute run); their output is
  // printed in one piece when they end.
  const besides = needsCloud ? (name) => join(dirname(statsFile), `${name}.log`) : () => undefined;
  const checksAndUnit = (async () => {
    if (wants('unit') || wants('typecheck')) {
      await step('typecheck', 'npm', ['run', '--silent', 'typecheck'], {}, besides('typecheck'));
      await step('lint', 'npm', ['run', '--silent', 'lint'], {}, besides('lint'));
    }
    if (built && wants('unit')) await mochaSuite('unit', 'test/.mocharc.unit.json', {}, [], besides('unit'));
  })();
  const cloudReady = (await cloudStarting) && built;
  if (cloudReady && wants('integration')) {
    const cloudEnv = { OSS_CLOUD_DIR: cloudDir };
    // The tests that stop servers run first, alone. Then the tests that wait for a short-lived token to expire
    // run in a second mocha process at the same time as the others: a minute of waiting that then costs no
    // time. Every test runs in exactly one of the three.
    await mochaSuite('integration: servers stopped', 'test/.mocharc.integration.json', cloudEnv, ['--grep', STOPS_SERVERS]);
    await Promise.all([
      mochaSuite('integration', 'test/.mocharc.integration.json', cloudEnv, ['--grep', `${TOKEN_EXPIRY_WAITS}|${STOPS_SERVERS}`, '--invert']),
      mochaSuite('integration: token expiry', 'test/.mocharc.integration.json', cloudEnv, ['--grep', TOKEN_EXPIRY_WAITS], besides('integration-expiry')),
    ]);
  }
  await checksAndUnit;
  if (!cloudReady) return;

  const cloudEnv = { OSS_CLOUD_DIR: cloudDir ?? '' };
  if (wants('editor')) {
    if (existsSync('out/test/editor/run.js')) {
      await mochaLikeStep('editor', 'node', ['--enable-source-maps', 'out/test/editor/run.js'], cloudEnv);
    } else {
      extraFailures.push('editor suites (harness missing)');
    }
  }
}

try {
  await main();
} catch (e) {
  extraFailures.push(`orchestrator: ${e?.message ?? e}`);
} finally {
  await stopCloud();
}

const stats = readStats();
const total = { passed: 0, failed: 0, skipped: 0 };
console.log('\nSuites:');
for (const s of stats) {
  console.log(`  ${s.suite.padEnd(14)} ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`);
  total.passed += s.passed;
  total.failed += s.failed;
  total.skipped += s.skipped;
}
// On CI every tool is installed, so a skipped test can only be hiding a failure: it fails the run.
if (process.env.CI && total.skipped > 0) {
  const titles = stats.flatMap((s) => (s.skippedTitles ?? []).map((t) => `${s.suite}: ${t}`));
  extraFailures.push(`${total.skipped} test(s) skipped on CI, where every tool is installed:\n    ${titles.join('\n    ')}`);
}
for (const s of stats) {
  for (const f of s.failures ?? []) console.log(`  FAILED ${s.suite}: ${f.title}\n    ${f.error.split('\n').join('\n    ')}`);
}
for (const f of extraFailures) console.log(`  FAILED STEP: ${f}`);
total.failed += extraFailures.length;
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 ? 1 : 0);

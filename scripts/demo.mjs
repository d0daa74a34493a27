// The README's "run it" command: installs what is missing, starts the local cloud, seeds it with a demo
// data set, builds the VSIX and opens it in code-server started with the demo user's OS_* variables (so
// the Environment profile is there at once, nothing written into settings), then prints the URL.
// Ctrl-C stops everything it started.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);
const demoDir = process.env.OSS_DEMO_DIR || join(tmpdir(), 'oss-demo');
const cloudDir = join(demoDir, 'cloud');
const started = Date.now();
const say = (line) => console.log(`[demo ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}`);

function sh(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.signal ?? `exit ${result.status}`})`);
}

function freePort(preferred) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => server.listen(0, '127.0.0.1'));
    server.listen(preferred, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

let stopEditor = async () => {};
let cloudStarted = false;
let stopping = false;
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  await stopEditor();
  if (cloudStarted) spawnSync('bash', ['scripts/cloud/down.sh'], { stdio: 'inherit', env: { ...process.env, OSS_CLOUD_DIR: cloudDir } });
  say('everything this demo started is stopped.');
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stopAll(0));

try {
  say('installing what is missing (Debian packages, code-server)…');
  sh('bash', ['scripts/cloud/install.sh']);
  sh('bash', ['scripts/editor/install.sh']);
  mkdirSync(demoDir, { recursive: true });
  say('starting the local cloud (Keystone, two Swift regions, one Ceph RGW region)…');
  cloudStarted = true;
  sh('bash', ['scripts/cloud/up.sh'], { OSS_CLOUD_DIR: cloudDir });
  say('seeding the demo data…');
  sh('bash', ['scripts/seed/seed.sh'], { OSS_CLOUD_DIR: cloudDir });
  say('building the VSIX…');
  sh('npm', ['run', '--silent', 'package']);
  sh('node', ['scripts/build-tests.mjs']); // the editor helpers below are compiled with the tests
  const vsix = readdirSync(root).find((f) => f.endsWith('.vsix'));
  if (!vsix) throw new Error('npm run package produced no .vsix');

  const require = createRequire(import.meta.url);
  const paths = require('../out/test/editor/paths.js');
  const processes = require('../out/test/editor/processes.js');
  const cloud = JSON.parse(readFileSync(join(cloudDir, 'cloud.json'), 'utf8'));
  const osEnv = {
    OS_AUTH_URL: `${cloud.keystone.url}/v3`,
    OS_IDENTITY_API_VERSION: '3',
    OS_USERNAME: cloud.demo.name,
    OS_PASSWORD: cloud.demo.password,
    OS_USER_DOMAIN_NAME: cloud.demo.domain,
    OS_PROJECT_NAME: cloud.demo.project,
    OS_PROJECT_DOMAIN_NAME: cloud.demo.projectDomain,
    OS_REGION_NAME: 'RegionOne',
    OS_INTERFACE: 'public',
  };
  const editorDir = join(demoDir, 'editor');
  const userData = join(editorDir, 'user-data');
  const extensions = join(editorDir, 'extensions');
  const workspace = join(editorDir, 'workspace');
  for (const d of [join(userData, 'User'), extensions, workspace]) mkdirSync(d, { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'security.workspace.trust.enabled': false }, null, 2));
  writeFileSync(join(editorDir, 'code-server.yaml'), 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  const base = [paths.codeServerEntry(), '--config', join(editorDir, 'code-server.yaml'), '--user-data-dir', userData, '--extensions-dir', extensions];
  execFileSync(paths.codeServerNode(), [...base, '--install-extension', join(root, vsix), '--force'], { stdio: 'inherit' });

  const port = await freePort(Number(process.env.OSS_DEMO_PORT || 8080));
  const runId = processes.newRunId();
  processes.registerRun(runId);
  const server = processes.spawnOwned(
    runId,
    paths.codeServerNode(),
    [...base, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', workspace],
    { env: { ...process.env, ...osEnv }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  stopEditor = async () => void (await processes.endRun(runId));
  server.once('exit', (code) => {
    if (!stopping) {
      console.error(`code-server exited (${code}).`);
      void stopAll(1);
    }
  });
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  say('ready.');
  console.log(`\n  Open ${url}\n  then the "OpenStack Storage" icon in the activity bar: the Environment profile is the demo user.\n  Ctrl-C stops the editor and the cloud.\n`);
} catch (e) {
  console.error(`demo: ${e.message}`);
  await stopAll(1);
}

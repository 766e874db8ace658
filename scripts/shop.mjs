// The two commands of the README's quick start, runnable with nothing but Node.js and npm on the machine:
//   npm start   installs what is missing (pnpm, the dependencies), builds, migrates and seeds the three services and
//               runs them in this terminal (scripts/start-all.mjs); Ctrl-C stops them gracefully, exit code 0.
//   npm test    makes the machine ready for the tests (scripts/prepare-machine.sh --for-tests), installs what is
//               missing, then runs `pnpm check`: lint, typecheck, build and every test. `.ci/run` runs exactly this.
// Plain JavaScript for whatever Node.js runs npm; the project itself then runs on the Node 24 that `pnpm install`
// brings into node_modules (docs/adr/0001-node-24-and-pnpm.md).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PNPM_VERSION = '10.34.9';
const root = fileURLToPath(new URL('../', import.meta.url));

function fail(message) {
  console.error(`shop: ${message}`);
  process.exit(1);
}

/** Runs a command to completion with this terminal as its output; stops here with its exit code if it fails. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) fail(`${command}: ${result.error.message}`);
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function pnpmVersion() {
  const result = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function ensurePnpm() {
  const found = pnpmVersion();
  if (found === PNPM_VERSION) return;
  console.log(`==> installing pnpm ${PNPM_VERSION}${found ? ` (found ${found})` : ''}`);
  run('npm', ['install', '--global', '--no-fund', '--no-audit', `pnpm@${PNPM_VERSION}`]);
}

/** `pnpm install` when node_modules is missing or older than the lockfile; exactly the lockfile's versions. */
function ensureDependencies() {
  const marker = `${root}node_modules/.modules.yaml`;
  const nodeBinary = `${root}node_modules/node/bin/node`;
  const current =
    existsSync(marker) &&
    existsSync(nodeBinary) &&
    statSync(marker).mtimeMs >= statSync(`${root}pnpm-lock.yaml`).mtimeMs;
  if (current) return;
  console.log('==> pnpm install');
  run('pnpm', ['install', '--frozen-lockfile']);
}

/**
 * Runs `scripts/start-all.mjs` on the project's Node 24 and ends with its exit code: 0 after a Ctrl-C has stopped
 * the services gracefully.
 *
 * On a terminal, Ctrl-C is read as a key rather than left to raise SIGINT: a SIGINT reaches every process of the
 * terminal's foreground group, npm among them, and npm then exits with 130 whatever its script did. Read as a key,
 * it reaches start-all alone, as the SIGINT it stops the services on.
 */
function startAll() {
  const child = spawn(`${root}node_modules/node/bin/node`, [`${root}scripts/start-all.mjs`], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const CTRL_C = 0x03;
  if (process.stdin.isTTY) {
    process.stdin.setRawMode(true);
    process.stdin.on('data', (keys) => {
      if (keys.includes(CTRL_C)) child.kill('SIGINT');
    });
  }
  // Signals sent by something else than the keyboard (kill, a process manager) are passed on.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (process.stdin.isTTY) process.stdin.setRawMode(false);
    process.exit(code ?? (signal ? 1 : 0));
  });
}

const command = process.argv[2];
if (command === 'start') {
  run('bash', [`${root}scripts/prepare-machine.sh`]);
  ensurePnpm();
  ensureDependencies();
  run('pnpm', ['build']);
  startAll();
} else if (command === 'test') {
  run('bash', [`${root}scripts/prepare-machine.sh`, '--for-tests']);
  ensurePnpm();
  ensureDependencies();
  run('pnpm', ['check']);
} else {
  fail('usage: node scripts/shop.mjs start|test (or: npm start, npm test)');
}

// `pnpm start`: migrates and seeds every built service, then runs them all in this terminal with prefixed logs.
// Ctrl-C (SIGINT) or SIGTERM stops them gracefully; if one dies, the others are stopped and the exit code is non-zero.
import { spawn } from 'node:child_process';
import { builtServices, pipeWithPrefix, runCli } from './services.mjs';

const READY_TIMEOUT_MS = 60_000;
const services = builtServices();
if (services.length === 0) {
  console.error('No built service found (services/*/dist/main.js): run `pnpm build` first.');
  process.exit(1);
}

const children = new Map();
let stopping = false;
let exitCode = 0;

function stopAll(signal) {
  stopping = true;
  for (const child of children.values()) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(signal));

async function waitUntilLive(service, child) {
  const url = `http://127.0.0.1:${service.port}/health/live`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && child.exitCode === null && !stopping) {
    const response = await fetch(url).catch(() => undefined);
    if (response?.ok) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

function start(service) {
  // Each service in a process group of its own: Ctrl-C reaches this script alone, which forwards it exactly once
  // (a second SIGINT would make a service skip its graceful shutdown).
  const child = spawn(process.execPath, [service.main], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  pipeWithPrefix(child, service.name);
  children.set(service.name, child);
  child.on('exit', (code, signal) => {
    children.delete(service.name);
    if (!stopping) {
      console.error(`${service.name} exited (${signal ?? `code ${code}`}); stopping the others`);
      exitCode = 1;
      stopAll('SIGTERM');
    }
    if (children.size === 0) process.exit(exitCode);
  });
  return child;
}

try {
  for (const service of services) {
    if (!service.cli) continue;
    await runCli(service, 'migrate');
    await runCli(service, 'seed');
  }
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

for (const service of services) {
  const child = start(service);
  if (await waitUntilLive(service, child)) {
    console.log(`${service.name.padEnd(8)} | ready: http://localhost:${service.port} (Swagger UI at /swagger)`);
  } else if (!stopping) {
    console.error(`${service.name} did not answer on port ${service.port} within ${READY_TIMEOUT_MS / 1000} s`);
    exitCode = 1;
    stopAll('SIGTERM');
  }
}

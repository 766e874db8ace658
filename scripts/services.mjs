// Shared by start-all.mjs and cli-all.mjs: which services are built, and how to run their CLI.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

/** Start order: identity first (the others verify tokens against its JWKS), order last (it calls the others). */
const SERVICES = [
  { name: 'identity', portVariable: 'IDENTITY_HTTP_PORT', defaultPort: 5002 },
  { name: 'catalog', portVariable: 'CATALOG_HTTP_PORT', defaultPort: 5000 },
  { name: 'order', portVariable: 'ORDER_HTTP_PORT', defaultPort: 5004 },
];

/** The services whose `dist/main.js` exists (`pnpm build` made them), with their entry points and HTTP port. */
export function builtServices() {
  return SERVICES.map((service) => {
    const dist = `${root}services/${service.name}/dist/`;
    return {
      ...service,
      main: `${dist}main.js`,
      cli: existsSync(`${dist}cli.js`) ? `${dist}cli.js` : undefined,
      port: Number(process.env[service.portVariable] ?? service.defaultPort),
    };
  }).filter((service) => existsSync(service.main));
}

/** Writes each line of a child's output with the service's name in front, so interleaved logs stay readable. */
export function pipeWithPrefix(child, name) {
  const prefix = `${name.padEnd(8)} | `;
  for (const [stream, target] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ]) {
    let pending = '';
    stream.on('data', (chunk) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) target.write(`${prefix + line}\n`);
    });
    stream.on('end', () => pending && target.write(`${prefix + pending}\n`));
  }
}

/** Runs `node <service cli> <command>` to completion; rejects when it exits non-zero. */
export function runCli(service, command) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [service.cli, command], { stdio: ['ignore', 'pipe', 'pipe'] });
    pipeWithPrefix(child, service.name);
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${service.name}: "${command}" failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

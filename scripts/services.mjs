// Shared by start-all.mjs and cli-all.mjs: which services are built, and how to run their CLI.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { styleText } from 'node:util';
import { prettyFactory } from 'pino-pretty';

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

const COLOURS = { identity: 'magenta', catalog: 'cyan', order: 'yellow' };

/**
 * How the services' pino lines are shown: readable (pino-pretty, coloured on a terminal) in development, the JSON
 * lines themselves in production (`NODE_ENV=production` or `LOG_FORMAT=json`), for a log shipper to parse.
 */
const json = process.env.NODE_ENV === 'production' || process.env.LOG_FORMAT === 'json';
const pretty = json
  ? undefined
  : prettyFactory({
      colorize: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
      translateTime: 'SYS:HH:MM:ss.l',
      // The prefix names the service; pid and hostname are the same on every line.
      ignore: 'pid,hostname,service',
      singleLine: true,
    });

function formatLine(line) {
  if (!pretty || !line.startsWith('{')) return `${line}\n`;
  try {
    return pretty(line);
  } catch {
    return `${line}\n`;
  }
}

/**
 * Writes each line of a child's output with the service's name in front, so interleaved logs stay readable; in
 * development pino's JSON lines are pretty-printed, in production they are passed on unchanged and unprefixed.
 */
export function pipeWithPrefix(child, name) {
  const label = `${name.padEnd(8)} | `;
  const prefix = json ? '' : styleText(COLOURS[name] ?? 'white', label, { stream: process.stdout });
  for (const [stream, target] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ]) {
    let pending = '';
    const write = (line) => target.write(prefix + formatLine(line));
    stream.on('data', (chunk) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) write(line);
    });
    stream.on('end', () => pending && write(pending));
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

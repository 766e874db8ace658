import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { productionRuntimeSettings } from './runtime-settings.js';

export interface RunningProcess {
  readonly url: string;
  /** CPU time the process has used so far, in microseconds; undefined where /proc is missing. */
  cpuMicros(): CpuTime | undefined;
  stop(): Promise<void>;
}

export interface CpuTime {
  user: number;
  system: number;
}

/** Linux clock ticks per second (USER_HZ): the unit of utime/stime in /proc/<pid>/stat. */
const CLOCK_TICKS_PER_SECOND = 100;

function processCpuMicros(pid: number | undefined): CpuTime | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15 (proc(5)).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const micros = (ticks: string) => (Number(ticks) * 1e6) / CLOCK_TICKS_PER_SECOND;
    return { user: micros(fields[11]), system: micros(fields[12]) };
  } catch {
    return undefined;
  }
}

/** A TCP port the OS reports free right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('could not get a free port');
  return address.port;
}

async function waitUntilReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with code ${child.exitCode}`);
    const response = await fetch(url).catch(() => undefined);
    if (response?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Writes a child's stdout and stderr to this process' stderr, each line prefixed with `[name]`. */
export function forwardOutput(child: ChildProcess, name: string): void {
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) process.stderr.write(`[${name}] ${line}\n`);
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
}

/**
 * Starts `node <script>` in its own process (so that the load generator never shares its event loop), forwards its
 * output to stderr with a prefix, and resolves once `readyPath` answers 2xx. Every process runs with the production
 * image's runtime settings (V8 flags, malloc; support/runtime-settings.ts), services and baselines alike, unless the
 * scenario's `env` says otherwise.
 */
export async function startNodeProcess(options: {
  name: string;
  script: string;
  port: number;
  readyPath: string;
  env: Record<string, string>;
  nodeOptions?: string[];
}): Promise<RunningProcess> {
  const child = spawn(process.execPath, [...(options.nodeOptions ?? []), options.script], {
    env: { ...process.env, ...productionRuntimeSettings(), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  forwardOutput(child, options.name);
  const url = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitUntilReady(url + options.readyPath, child, 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop, cpuMicros: () => processCpuMicros(child.pid) };
}

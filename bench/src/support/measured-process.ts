import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { MemoryReport, ProbeAnswer, ProbeRequest } from './memory-probe.js';
import { type CpuTime, forwardOutput, type RunningProcess } from './processes.js';
import { productionRuntimeSettings } from './runtime-settings.js';

/** From /proc/<pid>/status, in bytes: resident set, its peak, and its anonymous and file-backed parts. */
export interface Residency {
  rss: number;
  peak: number;
  anonymous: number;
  file: number;
}

export interface MeasuredProcess extends RunningProcess {
  readonly pid: number;
  /** From spawn to the first 2xx of the ready path, in milliseconds. */
  readonly readyMs: number;
  residency(): Residency;
  /** `process.memoryUsage()` and V8's heap spaces, asked of the process itself (support/memory-probe.ts). */
  memory(): Promise<MemoryReport>;
  /** Writes a heap snapshot to `file` (the process is paused meanwhile) and resolves with its path. */
  heapSnapshot(file: string): Promise<string>;
}

const probe = fileURLToPath(new URL('./memory-probe.js', import.meta.url));
/** Readiness is polled this often, so that start -> ready is timed to about this much. */
const POLL_MS = 10;
const KIB = 1024;

function residencyOf(pid: number): Residency {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(status.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0) * KIB;
  return { rss: field('VmRSS'), peak: field('VmHWM'), anonymous: field('RssAnon'), file: field('RssFile') };
}

function cpuOf(pid: number): CpuTime | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime in clock ticks (USER_HZ = 100), fields 14 and 15 (proc(5)).
    return { user: Number(fields[11]) * 1e4, system: Number(fields[12]) * 1e4 };
  } catch {
    return undefined;
  }
}

async function untilReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with code ${child.exitCode}`);
    const response = await fetch(url, { headers: { connection: 'close' } }).catch(() => undefined);
    await response?.arrayBuffer();
    if (response?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Leaves `request` for the memory probe, signals the process, and waits for the probe's answer. */
async function ask<T extends ProbeAnswer['probe']>(
  child: ChildProcess,
  directory: string,
  request: ProbeRequest & { probe: T },
): Promise<Extract<ProbeAnswer, { probe: T }>> {
  const file = (name: string) => join(directory, `${child.pid}.${name}.json`);
  rmSync(file('answer'), { force: true });
  writeFileSync(file('request'), JSON.stringify(request));
  child.kill('SIGWINCH');
  const deadline = performance.now() + 120_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the process exited with code ${child.exitCode}`);
    try {
      const answer = JSON.parse(readFileSync(file('answer'), 'utf8')) as ProbeAnswer;
      if (answer.probe === request.probe) return answer as Extract<ProbeAnswer, { probe: T }>;
    } catch {
      // Not answered yet.
    }
    await sleep(20);
  }
  throw new Error(`the memory probe did not answer ${request.probe}`);
}

/**
 * Starts `node <script>` as its own process with the memory probe preloaded (support/memory-probe.ts) and the
 * production image's runtime settings (support/runtime-settings.ts) unless `env` overrides them, times
 * spawn -> first 2xx of `readyPath` (polled every 10 ms), and reads its memory from /proc and from the probe.
 * Output goes to stderr with a prefix, as for `startNodeProcess`.
 */
export async function startMeasuredProcess(options: {
  name: string;
  script: string;
  port: number;
  readyPath: string;
  env: Record<string, string>;
  nodeOptions?: string[];
}): Promise<MeasuredProcess> {
  const probeDirectory = mkdtempSync(join(tmpdir(), 'shop-bench-probe-'));
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, ['--import', probe, ...(options.nodeOptions ?? []), options.script], {
    env: { ...process.env, ...productionRuntimeSettings(), ...options.env, BENCH_MEMORY_PROBE_DIR: probeDirectory },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  forwardOutput(child, options.name);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${options.name} did not start`);
  const url = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(probeDirectory, { recursive: true, force: true });
  };
  try {
    await untilReady(url + options.readyPath, child, 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  const readyMs = performance.now() - spawnedAt;
  return {
    url,
    pid,
    readyMs,
    stop,
    cpuMicros: () => cpuOf(pid),
    residency: () => residencyOf(pid),
    memory: async () => (await ask(child, probeDirectory, { probe: 'memory' })).report,
    heapSnapshot: async (file) => (await ask(child, probeDirectory, { probe: 'snapshot', file })).file,
  };
}

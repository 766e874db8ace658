import autocannon from 'autocannon';
import type { RunningProcess } from './processes.js';

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
  /** Each request's path, chosen per request (e.g. a random product id). */
  path: () => string;
  /** Headers sent with every request (e.g. `authorization`). */
  headers?: Record<string, string>;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses completed during the run. */
  requests: number;
  /** Responses other than 2xx plus socket errors and timeouts: a run with any of these measured the wrong thing. */
  failures: number;
}

/** Drives `baseUrl` with autocannon and returns throughput and latency percentiles. */
export async function load(baseUrl: string, options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: baseUrl,
    connections: options.connections,
    duration: options.durationSeconds,
    headers: options.headers,
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: options.path() }) }],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/** The median of several rounds of one figure: one round disturbed by the machine does not move it. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export interface ServerRound extends LoadResult {
  /** The server's CPU time (user + system) per completed request, in microseconds. */
  cpuMicrosPerRequest: number;
  /** The kernel's part of it (system calls: sockets), in microseconds. */
  systemMicrosPerRequest: number;
}

/** One load run against a server started by `startNodeProcess`, with the CPU time the server spent on it. */
export async function measureServer(server: RunningProcess, options: LoadOptions): Promise<ServerRound> {
  const before = server.cpuMicros() ?? { user: 0, system: 0 };
  const result = await load(server.url, options);
  const after = server.cpuMicros() ?? { user: 0, system: 0 };
  const perRequest = (micros: number) => (result.requests === 0 ? 0 : micros / result.requests);
  return {
    ...result,
    cpuMicrosPerRequest: perRequest(after.user + after.system - before.user - before.system),
    systemMicrosPerRequest: perRequest(after.system - before.system),
  };
}

import { fileURLToPath } from 'node:url';
import type { BenchRow } from '../types.js';
import { measureServer, median, type ServerRound } from './load.js';
import { type RunningProcess, startNodeProcess } from './processes.js';

// What the read-path scenarios (catalog-get-by-id, order-get-by-id) share: a full service against a bare server
// doing the same work, driven with the same connections and duration in alternating rounds (noise from the machine
// falls on both), each figure the median of the rounds, and the spans the service exported per request served.
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 5);

/** With BENCH_CPU_PROF=<dir>, a server started with these writes <dir>/<name>.cpuprofile (see profile-summary.js). */
export function profileOptions(name: string): string[] {
  const directory = process.env.BENCH_CPU_PROF;
  return directory ? ['--cpu-prof', `--cpu-prof-dir=${directory}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
}

/** The OTLP/HTTP sink the services export their spans to, as in production (support/otlp-sink.ts). */
export function startOtlpSink(port: number): Promise<RunningProcess> {
  return startNodeProcess({
    name: 'otlp-sink',
    script: fileURLToPath(new URL('./otlp-sink.js', import.meta.url)),
    port,
    readyPath: '/ready',
    env: { PORT: String(port) },
  });
}

/**
 * Spans the sink received per request the measured service served (warm-up included). The batch processor exports
 * every 512 spans, so what it still held when the service stopped is a rounding error of the run; none at all means
 * the figures are not the production ones, and the run fails.
 */
export async function exportRow(scenario: string, sink: RunningProcess, requests: number): Promise<BenchRow> {
  const stats = (await (await fetch(`${sink.url}/stats`)).json()) as { exports: number; spans: number; bytes: number };
  console.error(`bench: otlp sink received ${stats.spans} spans in ${stats.exports} exports (${stats.bytes} bytes)`);
  if (stats.spans === 0) throw new Error(`${scenario}: no spans exported, so the figures are not the production ones`);
  return { scenario, metric: 'spans exported per request', value: stats.spans / requests, unit: 'spans' };
}

export interface Contender {
  server: RunningProcess;
  /** Each request's path, chosen per request. */
  path: () => string;
}

/**
 * Warms every contender up, then runs `BENCH_ROUNDS` rounds of `BENCH_DURATION_SECONDS` each, the contenders one
 * after the other in every round; logs each round, and fails the run if any request failed. `served` counts the
 * requests `full` answered, warm-up included (what its exported spans are divided by).
 */
export async function compareServers(
  contenders: Record<string, Contender> & { full: Contender; bare: Contender },
  options: { headers?: Record<string, string>; logPrefix?: string } = {},
): Promise<{ results: Record<string, ServerRound[]>; served: number }> {
  let served = 0;
  const measure = async (name: string, durationSeconds: number) => {
    const round = await measureServer(contenders[name].server, {
      connections: CONNECTIONS,
      durationSeconds,
      path: contenders[name].path,
      headers: options.headers,
    });
    if (name === 'full') served += round.requests;
    return round;
  };
  // Warm-up: JIT, connection pools, caches (key sets, Postgres' buffers), not measured.
  for (const name of Object.keys(contenders)) await measure(name, WARM_UP_SECONDS);
  const results: Record<string, ServerRound[]> = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of Object.keys(contenders)) results[name].push(await measure(name, DURATION_SECONDS));
  }
  for (const [name, rounds] of Object.entries(results)) {
    const perRound = rounds.map(
      (round) =>
        `${Math.round(round.requestsPerSecond)} req/s, ${Math.round(round.cpuMicrosPerRequest)} µs CPU ` +
        `(${Math.round(round.systemMicrosPerRequest)} system)`,
    );
    console.error(`bench: ${options.logPrefix ?? ''}${name} rounds: ${perRound.join(' | ')}`);
  }
  const failures = Object.entries(results)
    .map(([name, rounds]) => [name, rounds.reduce((sum, round) => sum + round.failures, 0)] as const)
    .filter(([, count]) => count > 0);
  if (failures.length > 0) throw new Error(`non-2xx or errors during the run: ${JSON.stringify(failures)}`);
  return { results, served };
}

type Figure = 'requestsPerSecond' | 'p50Ms' | 'p99Ms' | 'cpuMicrosPerRequest';

const FIGURES: { figure: Figure; metric: string; unit: string; target?: string }[] = [
  { figure: 'requestsPerSecond', metric: 'req/s (full vs bare)', unit: 'req/s', target: 'ratio >= 0.80' },
  { figure: 'p50Ms', metric: 'p50 latency', unit: 'ms' },
  { figure: 'p99Ms', metric: 'p99 latency', unit: 'ms', target: 'ratio <= 2.0' },
  { figure: 'cpuMicrosPerRequest', metric: 'server CPU per request', unit: 'µs' },
];

/** The medians of `measured` beside those of `bare`; a `label`led row is a diagnosis and holds no target. */
export function readPathRows(scenario: string, measured: ServerRound[], bare: ServerRound[], label = ''): BenchRow[] {
  return FIGURES.map(({ figure, metric, unit, target }) => {
    const value = median(measured.map((round) => round[figure]));
    const baseline = median(bare.map((round) => round[figure]));
    return {
      scenario,
      metric: `${metric}${label}`,
      value,
      unit,
      baseline,
      ratio: baseline === 0 ? 0 : value / baseline,
      target: label ? undefined : target,
    };
  });
}

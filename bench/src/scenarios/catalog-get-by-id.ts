import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dropDatabase } from '@shop/building-blocks/persistence';
import pg from 'pg';
import { measureServer, median, type ServerRound } from '../support/load.js';
import { freePort, type RunningProcess, startNodeProcess } from '../support/processes.js';
import type { BenchRow } from '../types.js';

// GET /api/v1/catalog/products/{id} through the whole catalog (HTTP host, validation, mediator behaviors, TypeORM,
// tracing, metrics) against a bare fastify + pg handler doing the same single-row SELECT on the same database.
// Both run as their own Node process with the same pool size; autocannon drives each with the same connections and
// duration, in alternating rounds so that noise from the machine falls on both; each figure is the median of the
// rounds. Beside req/s and latency, the server's own CPU time per request is reported: on a small machine the load
// generator, Postgres and the server share the cores, and CPU per request is the figure that noise moves least.
// The catalog exports its spans as in production (OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT, the SDK's default
// sampling) to a sink process of the bench's own (support/otlp-sink.ts); the spans it received per request served
// are reported, so that a run which exported nothing, or dropped spans, shows.
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 5);
// BENCH_DIAGNOSE=1 adds a third contender, the same catalog with OpenTelemetry disabled (OTEL_SDK_DISABLED), so
// that the table shows what tracing costs. It is a diagnosis, never the figure held to the target.
const DIAGNOSE = process.env.BENCH_DIAGNOSE === '1';
const PRODUCTS = 1_000;
const SCENARIO = 'catalog GET product by id';
const postgresServer = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

async function insertProducts(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const ids = Array.from({ length: PRODUCTS }, () => randomUUID());
    await client.query(
      `INSERT INTO products (id, name, description, price_cents, available_stock, reserved_stock, version)
       SELECT id, 'Bench product ' || n, 'A product for the benchmark', 100 + n, 10 * n, 0, 1
       FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)`,
      [ids],
    );
    return ids;
  } finally {
    await client.end();
  }
}

/** With BENCH_CPU_PROF=<dir>, each server writes <dir>/<name>.cpuprofile (read it with profile-summary.js). */
function profileOptions(name: string): string[] {
  const directory = process.env.BENCH_CPU_PROF;
  return directory ? ['--cpu-prof', `--cpu-prof-dir=${directory}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
}

function startCatalog(
  databaseUrl: string,
  port: number,
  otlpEndpoint: string,
  extraEnv: Record<string, string> = {},
): Promise<RunningProcess> {
  // The production entry point, configured only through its env vars (README "Configuration").
  const script = createRequire(import.meta.url).resolve('@shop/catalog');
  return startNodeProcess({
    name: 'catalog',
    script,
    port,
    readyPath: '/health/ready',
    env: {
      NODE_ENV: 'production',
      // The production default: a successful request writes no line at `info`.
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      CATALOG_HTTP_PORT: String(port),
      CATALOG_GRPC_PORT: String(port + 1),
      CATALOG_DATABASE_URL: databaseUrl,
      OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
      ...extraEnv,
    },
    nodeOptions: profileOptions(extraEnv.OTEL_SDK_DISABLED ? 'catalog-telemetry-off' : 'catalog'),
  });
}

function startBare(databaseUrl: string, port: number): Promise<RunningProcess> {
  return startNodeProcess({
    name: 'bare',
    script: fileURLToPath(new URL('../support/bare-product-server.js', import.meta.url)),
    port,
    readyPath: '/ready',
    env: { PORT: String(port), DATABASE_URL: databaseUrl, POOL_SIZE: '10' },
    nodeOptions: profileOptions('bare'),
  });
}

function startOtlpSink(port: number): Promise<RunningProcess> {
  return startNodeProcess({
    name: 'otlp-sink',
    script: fileURLToPath(new URL('../support/otlp-sink.js', import.meta.url)),
    port,
    readyPath: '/ready',
    env: { PORT: String(port) },
  });
}

interface SinkStats {
  exports: number;
  spans: number;
  bytes: number;
}

async function sinkStats(sink: RunningProcess): Promise<SinkStats> {
  const response = await fetch(`${sink.url}/stats`);
  return (await response.json()) as SinkStats;
}

/**
 * Spans the sink received per request the catalog served with telemetry on (warm-up included). The batch processor
 * exports every 512 spans, so what it still held when the catalog stopped is a rounding error of the run.
 */
function exportRow(stats: SinkStats, requests: number): BenchRow {
  console.error(`bench: otlp sink received ${stats.spans} spans in ${stats.exports} exports (${stats.bytes} bytes)`);
  if (stats.spans === 0) throw new Error('the catalog exported no spans: the figures are not the production ones');
  return { scenario: SCENARIO, metric: 'spans exported per request', value: stats.spans / requests, unit: 'spans' };
}

type Figure = 'requestsPerSecond' | 'p50Ms' | 'p99Ms' | 'cpuMicrosPerRequest';

const FIGURES: { figure: Figure; metric: string; unit: string; target?: string }[] = [
  { figure: 'requestsPerSecond', metric: 'req/s (full vs bare)', unit: 'req/s', target: 'ratio >= 0.80' },
  { figure: 'p50Ms', metric: 'p50 latency', unit: 'ms' },
  { figure: 'p99Ms', metric: 'p99 latency', unit: 'ms', target: 'ratio <= 2.0' },
  { figure: 'cpuMicrosPerRequest', metric: 'server CPU per request', unit: 'µs' },
];

function rows(full: ServerRound[], bare: ServerRound[], label = ''): BenchRow[] {
  return FIGURES.map(({ figure, metric, unit, target }) => {
    const value = median(full.map((round) => round[figure]));
    const baseline = median(bare.map((round) => round[figure]));
    const ratio = baseline === 0 ? 0 : value / baseline;
    return {
      scenario: SCENARIO,
      metric: `${metric}${label}`,
      value,
      unit,
      baseline,
      ratio,
      target: label ? undefined : target,
    };
  });
}

function logRounds(results: Record<string, ServerRound[]>): void {
  for (const [name, rounds] of Object.entries(results)) {
    const perRound = rounds.map(
      (round) =>
        `${Math.round(round.requestsPerSecond)} req/s, ${Math.round(round.cpuMicrosPerRequest)} µs CPU ` +
        `(${Math.round(round.systemMicrosPerRequest)} system)`,
    );
    console.error(`bench: ${name} rounds: ${perRound.join(' | ')}`);
  }
}

export default async function run(): Promise<BenchRow[]> {
  const databaseUrl = `${postgresServer}/shop_bench_catalog_${randomBytes(4).toString('hex')}`;
  const started: RunningProcess[] = [];
  const start = async (starting: Promise<RunningProcess>) => {
    const server = await starting;
    started.push(server);
    return server;
  };
  try {
    const sink = await start(startOtlpSink(await freePort()));
    const full = await start(startCatalog(databaseUrl, await freePort(), sink.url));
    const ids = await insertProducts(databaseUrl);
    const bare = await start(startBare(databaseUrl, await freePort()));
    const randomId = () => ids[Math.floor(Math.random() * ids.length)];
    const fullPath = () => `/api/v1/catalog/products/${randomId()}`;
    const contenders: Record<string, { server: RunningProcess; path: () => string }> = {
      bare: { server: bare, path: () => `/products/${randomId()}` },
      full: { server: full, path: fullPath },
    };
    if (DIAGNOSE) {
      const withoutTelemetry = startCatalog(databaseUrl, await freePort(), sink.url, { OTEL_SDK_DISABLED: 'true' });
      contenders['full, telemetry off'] = { server: await start(withoutTelemetry), path: fullPath };
    }
    let servedWithTelemetry = 0;
    const measure = async (name: string, durationSeconds: number) => {
      const round = await measureServer(contenders[name].server, {
        connections: CONNECTIONS,
        durationSeconds,
        path: contenders[name].path,
      });
      if (name === 'full') servedWithTelemetry += round.requests;
      return round;
    };
    // Warm-up: JIT, connection pools and Postgres' caches, not measured.
    for (const name of Object.keys(contenders)) await measure(name, WARM_UP_SECONDS);
    const results: Record<string, ServerRound[]> = Object.fromEntries(
      Object.keys(contenders).map((name) => [name, []]),
    );
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of Object.keys(contenders)) results[name].push(await measure(name, DURATION_SECONDS));
    }
    logRounds(results);
    const failures = Object.entries(results)
      .map(([name, rounds]) => [name, rounds.reduce((sum, round) => sum + round.failures, 0)] as const)
      .filter(([, count]) => count > 0);
    if (failures.length > 0) throw new Error(`non-2xx or errors during the run: ${JSON.stringify(failures)}`);
    const diagnostic = results['full, telemetry off'];
    await full.stop();
    return [
      ...rows(results.full, results.bare),
      exportRow(await sinkStats(sink), servedWithTelemetry),
      ...(diagnostic ? rows(diagnostic, results.bare, ' [diagnostic: telemetry off]') : []),
    ];
  } finally {
    for (const child of started.reverse()) await child.stop();
    await dropDatabase(databaseUrl);
  }
}

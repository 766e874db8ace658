import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dropDatabase } from '@shop/building-blocks/persistence';
import pg from 'pg';
import { type LoadResult, load, median } from '../support/load.js';
import { freePort, type RunningProcess, startNodeProcess } from '../support/processes.js';
import type { BenchRow } from '../types.js';

// GET /api/v1/catalog/products/{id} through the whole catalog (HTTP host, validation, mediator behaviors, TypeORM,
// tracing, metrics) against a bare fastify + pg handler doing the same single-row SELECT on the same database.
// Both run as their own Node process with the same pool size; autocannon drives each with the same connections and
// duration, in alternating rounds so that noise from the machine falls on both; each figure is the median of the
// rounds. Beside req/s and latency, the server's own CPU time per request is reported: on a small machine the load
// generator, Postgres and the server share the cores, and CPU per request is the figure that noise moves least.
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
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

function startCatalog(databaseUrl: string, port: number): Promise<RunningProcess> {
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
    },
    nodeOptions: profileOptions('catalog'),
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

interface RoundResult extends LoadResult {
  /** Server CPU time (user + system) per completed request, in microseconds. */
  cpuMicrosPerRequest: number;
  /** The kernel's part of it (system calls: sockets), in microseconds. */
  systemMicrosPerRequest: number;
}

type Figure = 'requestsPerSecond' | 'p50Ms' | 'p99Ms' | 'cpuMicrosPerRequest';

const FIGURES: { figure: Figure; metric: string; unit: string; target?: string }[] = [
  { figure: 'requestsPerSecond', metric: 'req/s (full vs bare)', unit: 'req/s', target: 'ratio >= 0.80' },
  { figure: 'p50Ms', metric: 'p50 latency', unit: 'ms' },
  { figure: 'p99Ms', metric: 'p99 latency', unit: 'ms', target: 'ratio <= 2.0' },
  { figure: 'cpuMicrosPerRequest', metric: 'server CPU per request', unit: 'µs' },
];

function rows(full: RoundResult[], bare: RoundResult[]): BenchRow[] {
  return FIGURES.map(({ figure, metric, unit, target }) => {
    const value = median(full.map((round) => round[figure]));
    const baseline = median(bare.map((round) => round[figure]));
    return { scenario: SCENARIO, metric, value, unit, baseline, ratio: baseline === 0 ? 0 : value / baseline, target };
  });
}

export default async function run(): Promise<BenchRow[]> {
  const databaseUrl = `${postgresServer}/shop_bench_catalog_${randomBytes(4).toString('hex')}`;
  const started: RunningProcess[] = [];
  try {
    const full = await startCatalog(databaseUrl, await freePort());
    started.push(full);
    const ids = await insertProducts(databaseUrl);
    const bare = await startBare(databaseUrl, await freePort());
    started.push(bare);
    const randomId = () => ids[Math.floor(Math.random() * ids.length)];
    const contenders = {
      full: { server: full, path: () => `/api/v1/catalog/products/${randomId()}` },
      bare: { server: bare, path: () => `/products/${randomId()}` },
    };
    const measure = async (name: keyof typeof contenders, durationSeconds: number): Promise<RoundResult> => {
      const { server, path } = contenders[name];
      const before = server.cpuMicros() ?? { user: 0, system: 0 };
      const result = await load(server.url, { connections: CONNECTIONS, durationSeconds, path });
      const after = server.cpuMicros() ?? { user: 0, system: 0 };
      const perRequest = (micros: number) => (result.requests === 0 ? 0 : micros / result.requests);
      return {
        ...result,
        cpuMicrosPerRequest: perRequest(after.user + after.system - before.user - before.system),
        systemMicrosPerRequest: perRequest(after.system - before.system),
      };
    };
    // Warm-up: JIT, connection pools and Postgres' caches, not measured.
    await measure('bare', 3);
    await measure('full', 3);
    const results: Record<keyof typeof contenders, RoundResult[]> = { full: [], bare: [] };
    for (let round = 0; round < ROUNDS; round++) {
      results.bare.push(await measure('bare', DURATION_SECONDS));
      results.full.push(await measure('full', DURATION_SECONDS));
    }
    const failures = (rounds: RoundResult[]) => rounds.reduce((sum, round) => sum + round.failures, 0);
    if (failures(results.full) > 0 || failures(results.bare) > 0) {
      throw new Error(
        `non-2xx or errors during the run: full ${failures(results.full)}, bare ${failures(results.bare)}`,
      );
    }
    for (const name of ['bare', 'full'] as const) {
      const perRound = results[name].map(
        (round) =>
          `${Math.round(round.requestsPerSecond)} req/s, ${Math.round(round.cpuMicrosPerRequest)} µs CPU (${Math.round(round.systemMicrosPerRequest)} system)`,
      );
      console.error(`bench: ${name} rounds: ${perRound.join(' | ')}`);
    }
    return rows(results.full, results.bare);
  } finally {
    for (const child of started.reverse()) await child.stop();
    await dropDatabase(databaseUrl);
  }
}

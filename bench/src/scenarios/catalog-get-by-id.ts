import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dropDatabase } from '@shop/building-blocks/persistence';
import { freePort, type RunningProcess, startNodeProcess } from '../support/processes.js';
import { insertProducts } from '../support/products.js';
import {
  type Contender,
  compareServers,
  exportRow,
  profileOptions,
  readPathRows,
  startOtlpSink,
} from '../support/read-path.js';
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
// BENCH_DIAGNOSE=1 adds a third contender, the same catalog with OpenTelemetry disabled (OTEL_SDK_DISABLED), so
// that the table shows what tracing costs. It is a diagnosis, never the figure held to the target.
const DIAGNOSE = process.env.BENCH_DIAGNOSE === '1';
const PRODUCTS = 1_000;
const SCENARIO = 'catalog GET product by id';
const postgresServer = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

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
    const ids = await insertProducts(databaseUrl, PRODUCTS);
    const bare = await start(startBare(databaseUrl, await freePort()));
    const randomId = () => ids[Math.floor(Math.random() * ids.length)];
    const fullPath = () => `/api/v1/catalog/products/${randomId()}`;
    const contenders: Record<string, Contender> & { full: Contender; bare: Contender } = {
      bare: { server: bare, path: () => `/products/${randomId()}` },
      full: { server: full, path: fullPath },
    };
    if (DIAGNOSE) {
      const withoutTelemetry = startCatalog(databaseUrl, await freePort(), sink.url, { OTEL_SDK_DISABLED: 'true' });
      contenders['full, telemetry off'] = { server: await start(withoutTelemetry), path: fullPath };
    }
    const { results, served } = await compareServers(contenders);
    const diagnostic = results['full, telemetry off'];
    await full.stop();
    return [
      ...readPathRows(SCENARIO, results.full, results.bare),
      await exportRow(SCENARIO, sink, served),
      ...(diagnostic ? readPathRows(SCENARIO, diagnostic, results.bare, ' [diagnostic: telemetry off]') : []),
    ];
  } finally {
    for (const child of started.reverse()) await child.stop();
    await dropDatabase(databaseUrl);
  }
}

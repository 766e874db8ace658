import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { dropDatabase } from '@shop/building-blocks/persistence';
import autocannon from 'autocannon';
import { median } from '../support/load.js';
import { type MeasuredProcess, type Residency, startMeasuredProcess } from '../support/measured-process.js';
import type { MemoryReport } from '../support/memory-probe.js';
import { freePort, type RunningProcess } from '../support/processes.js';
import { insertProducts } from '../support/products.js';
import { startOtlpSink } from '../support/read-path.js';
import { productionRuntimeSettings } from '../support/runtime-settings.js';
import { SHIPPING_ADDRESS } from '../support/saga-orders.js';
import { built, type Customer, registerCustomers } from '../support/shop-services.js';
import { createBenchVhost } from '../support/vhost.js';
import type { BenchRow } from '../types.js';

// What each service costs in memory and start time, in the configuration users run: identity, catalog and order
// from their builds (`services/*/dist/main.js`), NODE_ENV=production, LOG_LEVEL=info, telemetry on and exporting
// over OTLP/HTTP to a sink of the bench's own, migrations already applied by the services' CLI. For each service:
// start -> ready (spawn to the first 200 of /health/ready, median of 3 starts), resident memory when idle (a few
// seconds after ready), and after a minute of full load on a representative read route (catalog: a product by id;
// identity: userinfo with a customer's token; order: an order by id with its customer's token), at the end of the
// load and 10 s later. Memory is VmRSS from /proc; the process' own view (V8 heap, external, array buffers) is
// asked of it through a preloaded probe (support/memory-probe.ts) and logged beside it. Every process gets the
// runtime settings of the production image (the Dockerfile's NODE_OPTIONS and malloc settings), read from the
// Dockerfile itself. The baseline of start and idle memory is the least server that answers the catalog's read,
// fastify + pg (support/bare-product-server.ts), with the same settings.
// BENCH_HEAP_SNAPSHOT=<dir> also writes <dir>/<service>-idle.heapsnapshot (from the second start, so that writing
// it disturbs nothing measured) and <service>-loaded.heapsnapshot (after the last reading), each with a
// .memory.json beside it, for `node bench/dist/heap-summary.js <file>`.
const LOAD_SECONDS = Number(process.env.BENCH_FOOTPRINT_LOAD_SECONDS ?? 60);
const SETTLE_SECONDS = Number(process.env.BENCH_FOOTPRINT_SETTLE_SECONDS ?? 5);
const AFTER_SECONDS = 10;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const STARTS = 3;
const SNAPSHOT_DIR = process.env.BENCH_HEAP_SNAPSHOT;
// BENCH_FOOTPRINT_SERVICES=identity,catalog measures only those (in this order: order needs the other two running).
const ONLY = process.env.BENCH_FOOTPRINT_SERVICES?.split(',').map((name) => name.trim());
const IDLE_TARGET_MB = 120;
const START_TARGET_MS = 2_000;
const PRODUCTS = 1_000;
const ORDERS = 40;
const SCENARIO = 'footprint';
const MB = 1024 * 1024;
const postgresServer = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const run = promisify(execFile);

type ServiceName = 'identity' | 'catalog' | 'order';

interface Route {
  path: () => string;
  headers: Record<string, string>;
}

interface ServiceSpec {
  name: ServiceName;
  port: number;
  env: Record<string, string>;
  /** Runs once on the first start (which only times the start): the data the route reads. */
  prepare: (service: MeasuredProcess) => Promise<Route>;
}

interface Footprint {
  startMs: number[];
  idle: Residency;
  loaded: Residency;
  after: Residency;
  requestsPerSecond: number;
}

const mb = (bytes: number) => bytes / MB;

function describe(residency: Residency, report: MemoryReport): string {
  const usage = report.memoryUsage;
  const spaces = report.heapSpaces
    .filter((space) => space.size >= MB)
    .map((space) => `${space.name} ${mb(space.used).toFixed(1)}/${mb(space.size).toFixed(1)}`)
    .join(', ');
  const offHeap = residency.anonymous - usage.heapTotal;
  return (
    `RSS ${mb(residency.rss).toFixed(1)} MB (file-backed ${mb(residency.file).toFixed(1)}, anonymous ` +
    `${mb(residency.anonymous).toFixed(1)}: V8 heap committed ${mb(usage.heapTotal).toFixed(1)} ` +
    `[used ${mb(usage.heapUsed).toFixed(1)}; ${spaces}], rest ${mb(offHeap).toFixed(1)} ` +
    `[external ${mb(usage.external).toFixed(1)}, array buffers ${mb(usage.arrayBuffers).toFixed(1)}]); ` +
    `peak ${mb(residency.peak).toFixed(1)} MB`
  );
}

/** Reads the process' memory, logs it, and with BENCH_HEAP_SNAPSHOT keeps the report beside a snapshot. */
async function reading(service: MeasuredProcess, name: string, when: string): Promise<Residency> {
  const residency = service.residency();
  const report = await service.memory();
  console.error(`bench: ${name} ${when}: ${describe(residency, report)}`);
  return residency;
}

async function snapshot(service: MeasuredProcess, name: string, label: string): Promise<void> {
  if (!SNAPSHOT_DIR) return;
  await mkdir(SNAPSHOT_DIR, { recursive: true });
  const base = join(SNAPSHOT_DIR, `${name}-${label}`);
  const report = { residency: service.residency(), ...(await service.memory()) };
  await writeFile(`${base}.memory.json`, `${JSON.stringify(report, null, 2)}\n`);
  console.error(`bench: wrote ${await service.heapSnapshot(`${base}.heapsnapshot`)}`);
}

async function load(service: MeasuredProcess, route: Route): Promise<number> {
  const result = await autocannon({
    url: service.url,
    connections: CONNECTIONS,
    duration: LOAD_SECONDS,
    headers: route.headers,
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: route.path() }) }],
  });
  const failures = result.non2xx + result.errors + result.timeouts;
  if (failures > 0) throw new Error(`${failures} failed requests under load: the run measured the wrong thing`);
  return result.requests.average;
}

function startService(spec: ServiceSpec): Promise<MeasuredProcess> {
  return startMeasuredProcess({
    name: spec.name,
    script: built(spec.name, 'main.js'),
    port: spec.port,
    readyPath: '/health/ready',
    env: spec.env,
  });
}

/** Three starts; the last one stays up (the next services call it) and is measured idle, loaded and after. */
async function measure(spec: ServiceSpec, running: RunningProcess[]): Promise<Footprint> {
  const startMs: number[] = [];
  const first = await startService(spec);
  startMs.push(first.readyMs);
  const route = await spec.prepare(first).finally(() => first.stop());
  for (let start = 2; start < STARTS; start++) {
    const again = await startService(spec);
    startMs.push(again.readyMs);
    try {
      await sleep(SETTLE_SECONDS * 1000);
      await snapshot(again, spec.name, 'idle');
    } finally {
      await again.stop();
    }
  }
  const service = await startService(spec);
  running.unshift(service);
  startMs.push(service.readyMs);
  console.error(`bench: ${spec.name} start -> ready: ${startMs.map((ms) => Math.round(ms)).join(', ')} ms`);
  await sleep(SETTLE_SECONDS * 1000);
  const idle = await reading(service, spec.name, 'idle');
  const requestsPerSecond = await load(service, route);
  const loaded = await reading(
    service,
    spec.name,
    `after ${LOAD_SECONDS} s of load (${Math.round(requestsPerSecond)} req/s)`,
  );
  await sleep(AFTER_SECONDS * 1000);
  const after = await reading(service, spec.name, `${AFTER_SECONDS} s after the load`);
  await snapshot(service, spec.name, 'loaded');
  return { startMs, idle, loaded, after, requestsPerSecond };
}

/** The floor: fastify + pg answering the catalog's read, started and measured idle the same way. */
async function measureBare(catalogDatabaseUrl: string): Promise<{ startMs: number; idle: Residency }> {
  const startMs: number[] = [];
  let idle: Residency | undefined;
  for (let start = 0; start < STARTS; start++) {
    const port = await freePort();
    const bare = await startMeasuredProcess({
      name: 'bare',
      script: fileURLToPath(new URL('../support/bare-product-server.js', import.meta.url)),
      port,
      readyPath: '/ready',
      env: { PORT: String(port), DATABASE_URL: catalogDatabaseUrl, POOL_SIZE: '10' },
    });
    startMs.push(bare.readyMs);
    try {
      if (start === STARTS - 1) {
        await sleep(SETTLE_SECONDS * 1000);
        idle = await reading(bare, 'bare fastify + pg', 'idle');
      }
    } finally {
      await bare.stop();
    }
  }
  if (!idle) throw new Error('the bare server was not measured');
  return { startMs: median(startMs), idle };
}

function rows(name: ServiceName, footprint: Footprint, bare: { startMs: number; idle: Residency }): BenchRow[] {
  const idle = mb(footprint.idle.rss);
  const ratio = (value: number, baseline: number) => ({ value, baseline, ratio: value / baseline });
  const scenario = `${SCENARIO} ${name}`;
  return [
    {
      scenario,
      metric: 'start -> ready, median of 3 (vs bare fastify + pg)',
      unit: 'ms',
      ...ratio(median(footprint.startMs), bare.startMs),
      target: `<= ${START_TARGET_MS} ms`,
    },
    {
      scenario,
      metric: 'idle RSS (vs bare fastify + pg)',
      unit: 'MB',
      ...ratio(idle, mb(bare.idle.rss)),
      target: `<= ${IDLE_TARGET_MB} MB`,
    },
    {
      scenario,
      metric: `RSS at the end of ${LOAD_SECONDS} s of load (vs idle)`,
      unit: 'MB',
      ...ratio(mb(footprint.loaded.rss), idle),
      target: 'ratio <= 2.0',
    },
    {
      scenario,
      metric: `RSS ${AFTER_SECONDS} s after the load (vs idle)`,
      unit: 'MB',
      ...ratio(mb(footprint.after.rss), idle),
      target: 'ratio <= 2.0',
    },
    { scenario, metric: 'peak RSS (vs idle)', unit: 'MB', ...ratio(mb(footprint.after.peak), idle) },
    { scenario, metric: 'load served', unit: 'req/s', value: footprint.requestsPerSecond },
  ];
}

async function cli(service: ServiceName, command: string, env: Record<string, string>): Promise<void> {
  await run(process.execPath, [built(service, 'cli.js'), command], { env: { ...process.env, ...env } });
}

async function placeOrders(orderUrl: string, customer: Customer, products: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < ORDERS; n++) {
    const response = await fetch(`${orderUrl}/api/v1/orders`, {
      method: 'POST',
      headers: { authorization: customer.authorization, 'content-type': 'application/json' },
      body: JSON.stringify({
        items: [{ productId: products[n % products.length], quantity: 1 }],
        shippingAddress: SHIPPING_ADDRESS,
      }),
    });
    if (response.status !== 201) throw new Error(`POST /api/v1/orders: ${response.status} ${await response.text()}`);
    ids.push(((await response.json()) as { id: string }).id);
  }
  return ids;
}

const pick = (ids: readonly string[]) => ids[Math.floor(Math.random() * ids.length)];

export default async function footprint(): Promise<BenchRow[]> {
  const tag = randomBytes(4).toString('hex');
  const databases = {
    identity: `${postgresServer}/shop_bench_fp_identity_${tag}`,
    catalog: `${postgresServer}/shop_bench_fp_catalog_${tag}`,
    order: `${postgresServer}/shop_bench_fp_order_${tag}`,
  };
  const keysDir = await mkdtemp(join(tmpdir(), 'shop-bench-keys-'));
  const vhost = await createBenchVhost('footprint');
  console.error(`bench: runtime settings of the production image: ${JSON.stringify(productionRuntimeSettings())}`);
  const running: RunningProcess[] = [];
  try {
    const sinkPort = await freePort();
    const sink = await startOtlpSink(sinkPort);
    running.push(sink);
    const [identityPort, identityGrpcPort, catalogPort, catalogGrpcPort, orderPort] = await Promise.all(
      Array.from({ length: 5 }, freePort),
    );
    const identityUrl = `http://127.0.0.1:${identityPort}`;
    const orderClientSecret = `bench-only-${tag}`;
    const common = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      RABBITMQ_URL: vhost.url,
      IDENTITY_URL: identityUrl,
      AUTH_ISSUER: identityUrl,
      AUTH_AUDIENCE: 'shop-api',
      OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
    };
    const identityEnv = {
      ...common,
      IDENTITY_HTTP_PORT: String(identityPort),
      IDENTITY_GRPC_PORT: String(identityGrpcPort),
      IDENTITY_DATABASE_URL: databases.identity,
      IDENTITY_KEYS_DIR: keysDir,
      IDENTITY_ADMIN_PASSWORD: 'Bench-Only-Admin-1',
      IDENTITY_ORDER_CLIENT_SECRET: orderClientSecret,
    };
    const catalogEnv = {
      ...common,
      CATALOG_HTTP_PORT: String(catalogPort),
      CATALOG_GRPC_PORT: String(catalogGrpcPort),
      CATALOG_DATABASE_URL: databases.catalog,
    };
    const orderEnv = {
      ...common,
      ORDER_HTTP_PORT: String(orderPort),
      ORDER_DATABASE_URL: databases.order,
      ORDER_CATALOG_GRPC_ADDRESS: `127.0.0.1:${catalogGrpcPort}`,
      ORDER_IDENTITY_GRPC_ADDRESS: `127.0.0.1:${identityGrpcPort}`,
      ORDER_CLIENT_SECRET: orderClientSecret,
    };
    // Migrations applied before any measured start (identity's seed migrates first), as after a first deployment.
    await cli('identity', 'rotate-key', identityEnv);
    await cli('identity', 'seed', { ...identityEnv, NODE_ENV: 'development' });
    await cli('catalog', 'migrate', catalogEnv);
    await cli('order', 'migrate', orderEnv);
    const products = await insertProducts(databases.catalog, PRODUCTS, 1_000_000);
    const bare = await measureBare(databases.catalog);

    let customer: Customer | undefined;
    const bearer = () => {
      if (!customer) throw new Error('no customer registered');
      return { authorization: customer.authorization };
    };
    const specs: ServiceSpec[] = [
      {
        name: 'identity',
        port: identityPort,
        env: identityEnv,
        prepare: async (identity) => {
          [customer] = await registerCustomers(identity.url, 1, `fp_${tag}`);
          return { path: () => '/connect/userinfo', headers: bearer() };
        },
      },
      {
        name: 'catalog',
        port: catalogPort,
        env: catalogEnv,
        prepare: async () => ({ path: () => `/api/v1/catalog/products/${pick(products)}`, headers: {} }),
      },
      {
        name: 'order',
        port: orderPort,
        env: orderEnv,
        prepare: async (order) => {
          if (!customer) throw new Error('no customer registered');
          const orders = await placeOrders(order.url, customer, products);
          return { path: () => `/api/v1/orders/${pick(orders)}`, headers: bearer() };
        },
      },
    ];
    const result: BenchRow[] = [];
    for (const spec of specs.filter(({ name }) => !ONLY || ONLY.includes(name))) {
      result.push(...rows(spec.name, await measure(spec, running), bare));
    }
    return result;
  } finally {
    for (const started of running) await started.stop();
    await vhost.drop();
    for (const url of Object.values(databases)) await dropDatabase(url).catch(() => undefined);
    await rm(keysDir, { recursive: true, force: true });
  }
}

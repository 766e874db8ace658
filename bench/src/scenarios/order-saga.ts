import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropDatabase } from '@shop/building-blocks/persistence';
import { OrderConfirmed, OrderRejected } from '@shop/contracts';
import { startCpuMeter } from '../support/cpu-meter.js';
import type { RunningProcess } from '../support/processes.js';
import { type FloorOptions, SagaFloor } from '../support/saga-floor.js';
import { atFixedRate, closedLoop, logRate, logStep, sustainedCapacity } from '../support/saga-load.js';
import { randomLines, roundRobin, throughServices } from '../support/saga-orders.js';
import { SagaOutcomes } from '../support/saga-outcomes.js';
import { type CpuPerOrder, type SagaFigures, sagaRows } from '../support/saga-rows.js';
import {
  type Customer,
  createProducts,
  prepareFloorDatabases,
  registerCustomers,
  type Shop,
  startShop,
} from '../support/shop-services.js';
import { createBenchVhost } from '../support/vhost.js';
import type { BenchRow } from '../types.js';

// The order saga (DESIGN §4) through the three real services, each its own process from its build: POST
// /api/v1/orders -> gRPC catalog + identity -> order + OrderPlaced -> catalog reserves -> StockReserved -> order
// confirms -> OrderConfirmed. "Confirmed" is the arrival of OrderConfirmed at a queue of our own bound to
// `shop.order-confirmed`: the end of the saga as a third party sees it. Beside it, in the same run, the cost floor:
// the same transactions and broker round trips in raw pg + amqplib (support/saga-floor.ts), at the same rate and
// the same concurrency, on the same Postgres and RabbitMQ, after the services have stopped.
const RATE = Number(process.env.BENCH_SAGA_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SAGA_SECONDS ?? 30);
const STEP_SECONDS = Number(process.env.BENCH_SAGA_STEP_SECONDS ?? 6);
const STEPS = (process.env.BENCH_SAGA_CONCURRENCY ?? '4,8,16,32,64').split(',').map(Number);
// BENCH_DIAGNOSE=1 adds the floor with Nagle's algorithm left on (amqplib's default), a diagnosis, not a figure.
const DIAGNOSE = process.env.BENCH_DIAGNOSE === '1';
const WARM_UP = { concurrency: 4, seconds: 5 };
const CUSTOMERS = 40;
const PRODUCTS = 50;
const STOCK = 1_000_000;
const postgresServer = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

interface Seed {
  customers: Customer[];
  products: string[];
}

/** With BENCH_CPU_PROF=<dir>, each service writes <dir>/saga-<name>.cpuprofile (read it with profile-summary.js). */
function profileOptions(name: string): string[] {
  const directory = process.env.BENCH_CPU_PROF;
  return directory ? ['--cpu-prof', `--cpu-prof-dir=${directory}`, `--cpu-prof-name=saga-${name}.cpuprofile`] : [];
}

const processMicros = (service: RunningProcess) => {
  const cpu = service.cpuMicros();
  return cpu ? cpu.user + cpu.system : 0;
};

const databaseName = (url: string) => new URL(url).pathname.slice(1);

/** CPU per order over `work`: Postgres (the backends of `databaseUrls`), RabbitMQ, this process, and `processes`. */
async function perOrder<T extends { orders: number }>(
  databaseUrls: string[],
  processes: Record<string, RunningProcess>,
  work: () => Promise<T>,
): Promise<{ result: T; cpu: CpuPerOrder }> {
  const before = Object.fromEntries(Object.entries(processes).map(([name, service]) => [name, processMicros(service)]));
  const meter = await startCpuMeter(postgresServer, databaseUrls.map(databaseName));
  const result = await work();
  const shares: Record<string, number> = { ...(await meter.stop()) };
  for (const [name, service] of Object.entries(processes)) shares[name] = processMicros(service) - before[name];
  const cpu = Object.fromEntries(Object.entries(shares).map(([name, micros]) => [name, micros / result.orders]));
  return { result, cpu };
}

/** Capacity first (a closed loop never overloads), then the fixed rate, whose backlog, if any, dies with the run. */
async function measureServices(shop: Shop, vhostUrl: string, databaseUrls: string[], seed: Seed): Promise<SagaFigures> {
  const outcomes = await SagaOutcomes.bind(vhostUrl, OrderConfirmed.exchange, OrderRejected.exchange);
  try {
    const place = throughServices(shop.order.url, seed.customers, seed.products, outcomes);
    await closedLoop(place, WARM_UP.concurrency, WARM_UP.seconds, 'warm-up'); // JIT, pools, gRPC, service token
    const services = { identity: shop.identity, catalog: shop.catalog, order: shop.order };
    const { result: capacity, cpu } = await perOrder(databaseUrls, services, () =>
      sustainedCapacity(place, STEPS, STEP_SECONDS, logStep('services')),
    );
    const rate = await atFixedRate(place, RATE, SECONDS, 'services');
    logRate('services', RATE, rate);
    return { capacity: capacity.best, rate, cpu };
  } finally {
    await outcomes.close();
  }
}

async function measureFloor(options: FloorOptions, seed: Seed, concurrency: number): Promise<SagaFigures> {
  const floor = await SagaFloor.start(options);
  const who = options.nagle ? 'floor (Nagle on)' : 'floor';
  try {
    const nextCustomer = roundRobin(seed.customers);
    const place = () => floor.place(nextCustomer().id, randomLines(seed.products));
    await closedLoop(place, WARM_UP.concurrency, WARM_UP.seconds, 'warm-up');
    const databases = [options.orderDatabaseUrl, options.catalogDatabaseUrl, options.identityDatabaseUrl];
    const { result: capacity, cpu } = await perOrder(databases, {}, () =>
      closedLoop(place, concurrency, STEP_SECONDS, who),
    );
    logStep(who)(capacity);
    const rate = await atFixedRate(place, RATE, SECONDS, who);
    logRate(who, RATE, rate);
    return { capacity, rate, cpu };
  } finally {
    await floor.stop();
  }
}

const logLoad = (when: string) =>
  console.error(
    `bench: load average ${when}: ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
  );

export default async function run(): Promise<BenchRow[]> {
  const suffix = randomBytes(4).toString('hex');
  const database = (name: string) => `${postgresServer}/shop_bench_saga_${name}_${suffix}`;
  const databaseUrls = { identity: database('identity'), catalog: database('catalog'), order: database('order') };
  const floorUrls = { catalog: database('floor_catalog'), order: database('floor_order') };
  const vhost = await createBenchVhost('bench-saga');
  const keysDir = await mkdtemp(join(tmpdir(), 'shop-bench-saga-keys-'));
  let shop: Shop | undefined;
  logLoad('before the saga');
  try {
    shop = await startShop({ rabbitmqUrl: vhost.url, databaseUrls, keysDir, nodeOptions: profileOptions });
    const seed: Seed = {
      customers: await registerCustomers(shop.identity.url, CUSTOMERS, suffix),
      products: await createProducts(shop, PRODUCTS, STOCK),
    };
    const services = await measureServices(shop, vhost.url, Object.values(databaseUrls), seed);
    await shop.stop();
    shop = undefined;

    await prepareFloorDatabases(floorUrls, seed.products, STOCK);
    const floorOptions: FloorOptions = {
      rabbitmqUrl: vhost.url,
      orderDatabaseUrl: floorUrls.order,
      catalogDatabaseUrl: floorUrls.catalog,
      identityDatabaseUrl: databaseUrls.identity,
    };
    const concurrency = services.capacity.concurrency;
    const floor = await measureFloor(floorOptions, seed, concurrency);
    const nagle = DIAGNOSE ? await measureFloor({ ...floorOptions, nagle: true }, seed, concurrency) : undefined;
    logLoad('after the saga');
    return sagaRows(RATE, services, floor, nagle);
  } finally {
    await shop?.stop();
    await vhost.drop();
    for (const url of [...Object.values(databaseUrls), ...Object.values(floorUrls)]) await dropDatabase(url);
    await rm(keysDir, { recursive: true, force: true });
  }
}

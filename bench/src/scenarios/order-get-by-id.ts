import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { dropDatabase } from '@shop/building-blocks/persistence';
import pg from 'pg';
import { freePort, type RunningProcess, startNodeProcess } from '../support/processes.js';
import {
  type Contender,
  compareServers,
  exportRow,
  profileOptions,
  readPathRows,
  startOtlpSink,
} from '../support/read-path.js';
import { type Customer, registerCustomers, type Shop, startShop } from '../support/shop-services.js';
import { createBenchVhost } from '../support/vhost.js';
import type { BenchRow } from '../types.js';

// GET /api/v1/orders/{id} with a customer's bearer token through the whole order service (JWT verified against
// identity's JWKS on every request, role guard, HTTP host, validation, mediator behaviors, TypeORM, the ownership
// check, tracing, metrics) against a bare fastify + pg + jose handler doing the same work: the same JWT checks
// against the same JWKS, one SELECT of the order and its lines on the same database with the same pool size, the
// same ownership check and the same JSON. identity, catalog and order run from their builds in production settings
// (support/shop-services.ts); the GET calls neither catalog nor identity's gRPC, only identity's JWKS (cached).
// As for catalog-get-by-id: the same connections and duration for both, alternating rounds, medians of the rounds,
// each server's own CPU time per request, the figure a busy machine disturbs least, and the services export their
// spans as in production (OTLP/HTTP) to the bench's own sink (support/otlp-sink.ts), whose count is reported.
/** The customer's orders the requests pick from, and as many of other customers' beside them in the table. */
const ORDERS = 1_000;
const POOL_SIZE = 10; // the services' default pool (building-blocks persistence)
const SCENARIO = 'order GET by id (bearer token)';
const postgresServer = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

/**
 * Orders of 1 to 5 lines in every status, written straight into the order database the service migrated at its
 * start: `ORDERS` of `customer`'s, and as many of other customers'. Returns the ids of `customer`'s.
 */
async function insertOrders(databaseUrl: string, customer: Customer): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const ids = Array.from({ length: ORDERS }, () => randomUUID());
    const others = Array.from({ length: ORDERS }, () => randomUUID());
    const owners = [...ids.map(() => customer.id), ...others.map(() => randomUUID())];
    await client.query(
      `INSERT INTO orders (id, customer_id, customer_name, items, total_cents, shipping_address, status,
         status_reason, version, created_at, updated_at)
       SELECT t.id, t.owner, 'Bench Customer', lines.items, lines.total, $3::jsonb,
         (ARRAY['Pending', 'Confirmed', 'Rejected', 'Cancelled'])[1 + t.n::int % 4],
         CASE WHEN t.n % 4 = 2 THEN 'timeout' END, 1 + t.n % 3,
         now() - make_interval(mins => t.n::int), now() - make_interval(mins => t.n::int)
       FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS t(id, owner, n)
       CROSS JOIN LATERAL (
         SELECT jsonb_agg(jsonb_build_object('productId', gen_random_uuid(), 'productName', 'Bench product ' || l,
                  'unitPriceCents', 100 * l + 99, 'quantity', l)) AS items,
                sum((100 * l + 99) * l) AS total
         FROM generate_series(1, 1 + t.n % 5) AS l
       ) AS lines`,
      [
        [...ids, ...others],
        owners,
        JSON.stringify({ line1: '1 Bench Street', city: 'Benchville', postalCode: '12345', country: 'NL' }),
      ],
    );
    return ids;
  } finally {
    await client.end();
  }
}

function startBare(databaseUrl: string, identityUrl: string, port: number): Promise<RunningProcess> {
  return startNodeProcess({
    name: 'bare',
    script: fileURLToPath(new URL('../support/bare-order-server.js', import.meta.url)),
    port,
    readyPath: '/ready',
    env: {
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      POOL_SIZE: String(POOL_SIZE),
      JWKS_URL: `${identityUrl}/.well-known/jwks.json`,
      // What startShop gives the services as AUTH_ISSUER and AUTH_AUDIENCE.
      AUTH_ISSUER: identityUrl,
      AUTH_AUDIENCE: 'shop-api',
    },
    nodeOptions: profileOptions('bare-order'),
  });
}

/** Both servers must answer the same JSON for the same order, or the run would compare different work. */
async function expectSameAnswers(
  full: string,
  bare: string,
  customer: Customer,
  ids: readonly string[],
): Promise<void> {
  const headers = { authorization: customer.authorization };
  for (const id of ids.slice(0, 20)) {
    const [fromFull, fromBare] = await Promise.all(
      [`${full}/api/v1/orders/${id}`, `${bare}/orders/${id}`].map(async (url) => {
        const response = await fetch(url, { headers });
        if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
        return response.json();
      }),
    );
    if (!isDeepStrictEqual(fromFull, fromBare)) {
      throw new Error(`order ${id}: the servers answer differently: ${JSON.stringify({ fromFull, fromBare })}`);
    }
  }
}

export default async function run(): Promise<BenchRow[]> {
  const suffix = randomBytes(4).toString('hex');
  const database = (name: string) => `${postgresServer}/shop_bench_orderget_${name}_${suffix}`;
  const databaseUrls = { identity: database('identity'), catalog: database('catalog'), order: database('order') };
  const vhost = await createBenchVhost('bench-order-get');
  const keysDir = await mkdtemp(join(tmpdir(), 'shop-bench-order-get-keys-'));
  let shop: Shop | undefined;
  let bare: RunningProcess | undefined;
  let sink: RunningProcess | undefined;
  try {
    sink = await startOtlpSink(await freePort());
    shop = await startShop({
      rabbitmqUrl: vhost.url,
      databaseUrls,
      keysDir,
      nodeOptions: (service) => (service === 'order' ? profileOptions('order') : []),
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url },
    });
    // One customer, registered and logged in through identity's API: their access token is the bearer of every
    // request (valid for identity's 15 minutes, far longer than the run).
    const [customer] = await registerCustomers(shop.identity.url, 1, suffix);
    const ids = await insertOrders(databaseUrls.order, customer);
    bare = await startBare(databaseUrls.order, shop.identity.url, await freePort());
    await expectSameAnswers(shop.order.url, bare.url, customer, ids);

    const randomId = () => ids[Math.floor(Math.random() * ids.length)];
    const contenders: Record<string, Contender> & { full: Contender; bare: Contender } = {
      bare: { server: bare, path: () => `/orders/${randomId()}` },
      full: { server: shop.order, path: () => `/api/v1/orders/${randomId()}` },
    };
    const { results, served } = await compareServers(contenders, {
      headers: { authorization: customer.authorization },
      logPrefix: 'order ',
    });
    // Stopped first, so that the batch processor's last export reaches the sink.
    await shop.stop();
    shop = undefined;
    return [...readPathRows(SCENARIO, results.full, results.bare), await exportRow(SCENARIO, sink, served)];
  } finally {
    await bare?.stop();
    await shop?.stop();
    await sink?.stop();
    await vhost.drop();
    for (const url of Object.values(databaseUrls)) await dropDatabase(url);
    await rm(keysDir, { recursive: true, force: true });
  }
}

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort, type RunningProcess, startNodeProcess } from './processes.js';

const run = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const ADMIN_PASSWORD = 'Bench-Only-Admin-1';
const CUSTOMER_PASSWORD = 'Bench-Only-Customer-1';
/** identity's IDENTITY_ORDER_CLIENT_SECRET and order's ORDER_CLIENT_SECRET: the order service's client at identity. */
const ORDER_CLIENT_SECRET = 'bench-only-order-secret';

/** `services/<name>/dist/<file>` of the production build (`pnpm build`). */
export function built(service: string, file: 'main.js' | 'cli.js'): string {
  const path = `${repositoryRoot}services/${service}/dist/${file}`;
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`pnpm build\``);
  return path;
}

/** Runs `services/<name>/dist/cli.js <command>` with `env` (README "Configuration") to completion. */
async function serviceCli(service: string, command: string, env: Record<string, string>): Promise<void> {
  await run(process.execPath, [built(service, 'cli.js'), command], { env: { ...process.env, ...env } });
}

export interface ShopOptions {
  rabbitmqUrl: string;
  databaseUrls: { identity: string; catalog: string; order: string };
  keysDir: string;
  /** Extra node flags per service (e.g. --cpu-prof). */
  nodeOptions: (service: string) => string[];
  /** Extra environment for every service (e.g. OTEL_EXPORTER_OTLP_ENDPOINT). */
  env?: Record<string, string>;
}

export interface Shop {
  identity: RunningProcess;
  catalog: RunningProcess;
  order: RunningProcess;
  /** Stops order, catalog, identity (in that order: callers before the called). */
  stop(): Promise<void>;
}

/**
 * identity, catalog and order from their builds, each its own process on free ports with its own database, all on
 * one RabbitMQ vhost, wired as in production: tokens verified against identity's JWKS, order calling catalog and
 * identity over gRPC with its own client credentials. Production settings (NODE_ENV=production, LOG_LEVEL=info);
 * identity's rate limits are lifted to 10^9 per window but still counted in Redis, so the real per-request cost stays.
 */
export async function startShop(options: ShopOptions): Promise<Shop> {
  const [identityPort, identityGrpcPort, catalogPort, catalogGrpcPort, orderPort] = await Promise.all(
    Array.from({ length: 5 }, freePort),
  );
  const identityUrl = `http://127.0.0.1:${identityPort}`;
  const common = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    RABBITMQ_URL: options.rabbitmqUrl,
    IDENTITY_URL: identityUrl,
    AUTH_ISSUER: identityUrl,
    AUTH_AUDIENCE: 'shop-api',
    ...options.env,
  };
  const identityEnv = {
    ...common,
    IDENTITY_HTTP_PORT: String(identityPort),
    IDENTITY_GRPC_PORT: String(identityGrpcPort),
    IDENTITY_DATABASE_URL: options.databaseUrls.identity,
    IDENTITY_KEYS_DIR: options.keysDir,
    IDENTITY_ADMIN_PASSWORD: ADMIN_PASSWORD,
    IDENTITY_ORDER_CLIENT_SECRET: ORDER_CLIENT_SECRET,
    IDENTITY_RATE_LIMIT_PER_CLIENT: '1000000000',
    IDENTITY_RATE_LIMIT_PER_USERNAME: '1000000000',
  };
  // Production identity needs a signing key and never seeds itself: a key, then the development seed (admin,
  // shop-client, the service clients), as the end-to-end tests do.
  await serviceCli('identity', 'rotate-key', identityEnv);
  await serviceCli('identity', 'seed', { ...identityEnv, NODE_ENV: 'development' });
  const started: RunningProcess[] = [];
  const start = async (name: string, port: number, env: Record<string, string>) => {
    const service = await startNodeProcess({
      name,
      script: built(name, 'main.js'),
      port,
      readyPath: '/health/ready',
      env,
      nodeOptions: options.nodeOptions(name),
    });
    started.unshift(service);
    return service;
  };
  const stop = async () => {
    for (const service of started) await service.stop();
  };
  try {
    const identity = await start('identity', identityPort, identityEnv);
    const catalog = await start('catalog', catalogPort, {
      ...common,
      CATALOG_HTTP_PORT: String(catalogPort),
      CATALOG_GRPC_PORT: String(catalogGrpcPort),
      CATALOG_DATABASE_URL: options.databaseUrls.catalog,
    });
    const order = await start('order', orderPort, {
      ...common,
      ORDER_HTTP_PORT: String(orderPort),
      ORDER_DATABASE_URL: options.databaseUrls.order,
      ORDER_CATALOG_GRPC_ADDRESS: `127.0.0.1:${catalogGrpcPort}`,
      ORDER_IDENTITY_GRPC_ADDRESS: `127.0.0.1:${identityGrpcPort}`,
      ORDER_CLIENT_SECRET,
    });
    return { identity, catalog, order, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<Record<string, unknown>> {
  const response = await fetch(url, { method: 'POST', headers, body });
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

async function accessToken(identityUrl: string, username: string, password: string): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'password', client_id: 'shop-client', username, password });
  const answer = await post(`${identityUrl}/connect/token`, form.toString(), {
    'content-type': 'application/x-www-form-urlencoded',
  });
  return String(answer.access_token);
}

export interface Customer {
  id: string;
  authorization: string;
}

/** Registers `count` customers through identity's API and logs each in (password grant, `shop-client`). */
export async function registerCustomers(identityUrl: string, count: number, tag: string): Promise<Customer[]> {
  const customers: Customer[] = [];
  // A few at a time: each registration and login is an argon2id hash on identity's small thread pool.
  for (let first = 0; first < count; first += 4) {
    const batch = Array.from({ length: Math.min(4, count - first) }, async (_, offset) => {
      const userName = `bench_${tag}_${first + offset}`;
      const user = await post(
        `${identityUrl}/api/v1/identity/users`,
        JSON.stringify({
          firstName: 'Bench',
          lastName: `Customer ${first + offset}`,
          userName,
          email: `${userName}@bench.example`,
          password: CUSTOMER_PASSWORD,
        }),
        { 'content-type': 'application/json' },
      );
      const token = await accessToken(identityUrl, userName, CUSTOMER_PASSWORD);
      return { id: String(user.id), authorization: `Bearer ${token}` };
    });
    customers.push(...(await Promise.all(batch)));
  }
  return customers;
}

/** Creates `count` products with `stock` units each through catalog's API, as the seeded admin. */
export async function createProducts(shop: Shop, count: number, stock: number): Promise<string[]> {
  const authorization = `Bearer ${await accessToken(shop.identity.url, 'admin', ADMIN_PASSWORD)}`;
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const product = await post(
      `${shop.catalog.url}/api/v1/catalog/products`,
      JSON.stringify({ name: `Bench product ${n}`, description: 'A product for the benchmark', price: 10 + n, stock }),
      { authorization, 'content-type': 'application/json' },
    );
    ids.push(String(product.id));
  }
  return ids;
}

/**
 * Fresh catalog and order databases for the cost floor, migrated by the services' own CLI (the same tables and
 * indexes), with the same products and stock as the services started with.
 */
export async function prepareFloorDatabases(
  urls: { catalog: string; order: string },
  products: readonly string[],
  stock: number,
): Promise<void> {
  await serviceCli('catalog', 'migrate', { CATALOG_DATABASE_URL: urls.catalog });
  await serviceCli('order', 'migrate', { ORDER_DATABASE_URL: urls.order });
  const client = new pg.Client({ connectionString: urls.catalog });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO products (id, name, description, price_cents, available_stock, reserved_stock, version)
       SELECT id, 'Bench product ' || n, 'A product for the benchmark', 1000 + n, $2, 0, 1
       FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)`,
      [products, stock],
    );
  } finally {
    await client.end();
  }
}

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, createTestVhost, type TestVhost } from '@shop/building-blocks/testing';

export const repositoryRoot = `${join(__dirname, '../../..')}/`;
const run = promisify(execFile);

/** A service started from its production build (`services/<name>/dist/main.js`), on its own port and database. */
export interface RunningService {
  readonly url: string;
  /** Everything the process wrote, for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the service exited (${child.exitCode}):\n${output()}`);
    const response = await fetch(`${url}/health/ready`).catch(() => undefined);
    if (response?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} was not ready within 60 s:\n${output()}`);
}

export interface BuiltServiceOptions {
  /** Folder under services/. */
  name: string;
  /** The service's env var names for its HTTP port and its database URL (README "Configuration"). */
  httpPortVariable: string;
  databaseVariable: string;
  /** The HTTP port, when the caller needs the URL before the start (e.g. a token issuer); a free one otherwise. */
  port?: number;
  /** Anything else the service needs, e.g. another service's URL or a gRPC port. */
  env?: Record<string, string>;
  /** Runs once the database exists, with the service's environment (e.g. the service's CLI: keys, seed). */
  prepare?: (env: NodeJS.ProcessEnv) => Promise<void>;
  /** Runs after the service stopped, for what `prepare` made outside the database. */
  cleanup?: () => Promise<void>;
  /** A vhost shared with the other services of the test (the saga's events); a fresh one of its own otherwise. */
  vhost?: TestVhost;
}

/**
 * Starts `services/<name>/dist/main.js` on a free port with a fresh database and RabbitMQ vhost; `stop()` ends it
 * with SIGTERM and drops both.
 */
export async function startBuiltService(options: BuiltServiceOptions): Promise<RunningService> {
  const main = `${repositoryRoot}services/${options.name}/dist/main.js`;
  if (!existsSync(main))
    throw new Error(`${main} is missing: the e2e tests run the production build, run \`pnpm build\``);
  const database = await createTestDatabase(`e2e_${options.name}`);
  const vhost = options.vhost ?? (await createTestVhost(`e2e-${options.name}`));
  const port = options.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    RABBITMQ_URL: vhost.url,
    [options.httpPortVariable]: String(port),
    [options.databaseVariable]: database.url,
    ...options.env,
  };
  let child: ChildProcess | undefined;
  let log = '';
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    await Promise.all([database.drop(), options.vhost ? undefined : vhost.drop(), options.cleanup?.()]);
  };
  try {
    await options.prepare?.(env);
    child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    await waitUntilReady(url, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, output: () => log, stop };
}

/** Catalog; `identity` is the running identity whose tokens it accepts (JWKS, issuer, audience). */
export async function startBuiltCatalog(
  identity: RunningService,
  options: { port?: number; grpcPort?: number; env?: Record<string, string>; vhost?: TestVhost } = {},
): Promise<RunningService> {
  return startBuiltService({
    name: 'catalog',
    httpPortVariable: 'CATALOG_HTTP_PORT',
    databaseVariable: 'CATALOG_DATABASE_URL',
    port: options.port,
    vhost: options.vhost,
    env: {
      CATALOG_GRPC_PORT: String(options.grpcPort ?? (await freePort())),
      IDENTITY_URL: identity.url,
      // Identity puts its AUTH_ISSUER in `iss`; startBuiltIdentity sets it to identity's own URL.
      AUTH_ISSUER: identity.url,
      AUTH_AUDIENCE: 'shop-api',
      ...options.env,
    },
  });
}

/**
 * Identity in production mode, which refuses to start without a signing key and never seeds by itself: a fresh
 * key in a temporary directory (`cli.js rotate-key`, never in the repository), then the development seed
 * (`cli.js seed`: the `admin` user and `shop-client`), which runs only outside production.
 */
export async function startBuiltIdentity(
  env: Record<string, string> = {},
  options: { grpcPort?: number } = {},
): Promise<RunningService> {
  const keysDir = await mkdtemp(join(tmpdir(), 'shop-e2e-identity-keys-'));
  const port = await freePort();
  const cli = `${repositoryRoot}services/identity/dist/cli.js`;
  return startBuiltService({
    name: 'identity',
    httpPortVariable: 'IDENTITY_HTTP_PORT',
    databaseVariable: 'IDENTITY_DATABASE_URL',
    port,
    env: {
      IDENTITY_GRPC_PORT: String(options.grpcPort ?? (await freePort())),
      IDENTITY_KEYS_DIR: keysDir,
      AUTH_ISSUER: `http://127.0.0.1:${port}`,
      AUTH_AUDIENCE: 'shop-api',
      // Development default, the password shop.rest logs in with.
      IDENTITY_ADMIN_PASSWORD: 'Admin@12345',
      ...env,
    },
    prepare: async (serviceEnv) => {
      await run(process.execPath, [cli, 'rotate-key'], { env: serviceEnv });
      await run(process.execPath, [cli, 'seed'], { env: { ...serviceEnv, NODE_ENV: 'development' } });
    },
    cleanup: () => rm(keysDir, { recursive: true, force: true }),
  });
}

/**
 * Order, calling catalog and identity over gRPC with its seeded client (identity's development seed gives
 * `order-service` the development secret both sides default to), on the vhost it shares with catalog.
 */
export async function startBuiltOrder(
  identity: RunningService,
  grpc: { catalogPort: number; identityPort: number },
  vhost: TestVhost,
  options: { port?: number; env?: Record<string, string> } = {},
): Promise<RunningService> {
  return startBuiltService({
    name: 'order',
    httpPortVariable: 'ORDER_HTTP_PORT',
    databaseVariable: 'ORDER_DATABASE_URL',
    port: options.port,
    vhost,
    env: {
      IDENTITY_URL: identity.url,
      AUTH_ISSUER: identity.url,
      AUTH_AUDIENCE: 'shop-api',
      ORDER_CATALOG_GRPC_ADDRESS: `127.0.0.1:${grpc.catalogPort}`,
      ORDER_IDENTITY_GRPC_ADDRESS: `127.0.0.1:${grpc.identityPort}`,
      ...options.env,
    },
  });
}

/** The three built services of one system: identity, catalog and order on one shared vhost. */
export interface BuiltShop {
  readonly identity: RunningService;
  readonly catalog: RunningService;
  readonly order: RunningService;
  /** The vhost the saga's events flow through, for a test's own consumer (e.g. a third party's queue). */
  readonly vhost: TestVhost;
  /** Every service's output, for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
}

export interface BuiltShopOptions {
  /** Environment for all three (e.g. `OTEL_EXPORTER_OTLP_ENDPOINT`). */
  env?: Record<string, string>;
  /** Let browsers on catalog's and order's origins call identity's token endpoint (Swagger UI's Authorize). */
  browserOrigins?: boolean;
}

/**
 * Starts identity, catalog and order from their production builds, wired as `pnpm start` wires them (order calls the
 * other two over gRPC; catalog and order share a vhost), each on free ports with a fresh database.
 */
export async function startBuiltShop(options: BuiltShopOptions = {}): Promise<BuiltShop> {
  const env = options.env ?? {};
  const vhost = await createTestVhost('e2e-shop');
  const [identityGrpc, catalogGrpc, catalogPort, orderPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const origins = [catalogPort, orderPort].map((port) => `http://127.0.0.1:${port}`).join(',');
  const started: RunningService[] = [];
  const stop = async () => {
    for (const service of started.reverse()) await service.stop();
    await vhost.drop();
  };
  try {
    const identity = await startBuiltIdentity(
      { ...env, ...(options.browserOrigins ? { IDENTITY_CORS_ORIGINS: origins } : {}) },
      { grpcPort: identityGrpc },
    );
    started.push(identity);
    const catalog = await startBuiltCatalog(identity, { port: catalogPort, grpcPort: catalogGrpc, vhost, env });
    started.push(catalog);
    const order = await startBuiltOrder(identity, { catalogPort: catalogGrpc, identityPort: identityGrpc }, vhost, {
      port: orderPort,
      env,
    });
    started.push(order);
    const output = () => `identity:\n${identity.output()}\ncatalog:\n${catalog.output()}\norder:\n${order.output()}`;
    return { identity, catalog, order, vhost, output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

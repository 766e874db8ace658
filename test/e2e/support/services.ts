import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@shop/building-blocks/testing';

export const repositoryRoot = `${join(__dirname, '../../..')}/`;

/** A service started from its production build (`services/<name>/dist/main.js`), on its own port and database. */
export interface RunningService {
  readonly url: string;
  /** Everything the process wrote, for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
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
  /** Anything else the service needs, e.g. another service's URL or a gRPC port. */
  env?: Record<string, string>;
}

/**
 * Starts `services/<name>/dist/main.js` on a free port with a fresh database; `stop()` ends it with SIGTERM and drops
 * the database.
 */
export async function startBuiltService(options: BuiltServiceOptions): Promise<RunningService> {
  const main = `${repositoryRoot}services/${options.name}/dist/main.js`;
  if (!existsSync(main))
    throw new Error(`${main} is missing: the e2e tests run the production build, run \`pnpm build\``);
  const database: TestDatabase = await createTestDatabase(`e2e_${options.name}`);
  const port = await freePort();
  const child = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      [options.httpPortVariable]: String(port),
      [options.databaseVariable]: database.url,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    await database.drop();
  };
  try {
    await waitUntilReady(url, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, output: () => log, stop };
}

export async function startBuiltCatalog(env: Record<string, string> = {}): Promise<RunningService> {
  return startBuiltService({
    name: 'catalog',
    httpPortVariable: 'CATALOG_HTTP_PORT',
    databaseVariable: 'CATALOG_DATABASE_URL',
    env: { CATALOG_GRPC_PORT: String(await freePort()), ...env },
  });
}

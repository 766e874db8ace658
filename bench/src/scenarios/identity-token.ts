import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { dropDatabase } from '@shop/building-blocks/persistence';
import autocannon from 'autocannon';
import { freePort, type RunningProcess, startNodeProcess } from '../support/processes.js';
import type { BenchRow } from '../types.js';

// POST /connect/token through the real identity process (form parsing, Redis rate-limit counters with the limits
// lifted, mediator, Postgres, RS256 signing). The password grant is bound by argon2id by design: its baseline is
// the raw argon2id verify rate at the same cost and concurrency, measured in this run. The refresh_token grant
// (rotation: one UPDATE + one INSERT in a transaction, one signature) is set beside the raw RS256 signing rate.
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10);
const ADMIN_PASSWORD = 'Bench-Only-Password-1';
const postgresServer = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const identityMain = createRequire(import.meta.url).resolve('@shop/identity');
// argon2 and jose as identity itself loads them, so the baselines use the very same builds.
const fromIdentity = createRequire(identityMain);

function identityEnv(databaseUrl: string, keysDir: string, port: number): Record<string, string> {
  return {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    IDENTITY_HTTP_PORT: String(port),
    IDENTITY_GRPC_PORT: String(port + 1),
    IDENTITY_DATABASE_URL: databaseUrl,
    IDENTITY_KEYS_DIR: keysDir,
    IDENTITY_ADMIN_PASSWORD: ADMIN_PASSWORD,
    // Limits lifted, counters still kept in Redis: the bench measures the real per-request cost.
    IDENTITY_RATE_LIMIT_PER_CLIENT: '1000000000',
    IDENTITY_RATE_LIMIT_PER_USERNAME: '1000000000',
  };
}

async function seed(env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, [join(dirname(identityMain), 'cli.js'), 'seed'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`identity seed exited with ${code}`);
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' };

async function login(url: string): Promise<string> {
  const response = await fetch(`${url}/connect/token`, {
    method: 'POST',
    headers: FORM_HEADERS,
    body: form({ grant_type: 'password', client_id: 'shop-client', username: 'admin', password: ADMIN_PASSWORD }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { refresh_token: string }).refresh_token;
}

interface Measured {
  requestsPerSecond: number;
  p99Ms: number;
}

async function measure(url: string, requests: autocannon.Request[]): Promise<Measured> {
  const result = await autocannon({
    url: `${url}/connect/token`,
    connections: CONNECTIONS,
    duration: DURATION_SECONDS,
    requests,
  });
  const failures = result.non2xx + result.errors + result.timeouts;
  if (failures > 0) throw new Error(`${failures} failed token requests: the run measured the wrong thing`);
  return { requestsPerSecond: result.requests.average, p99Ms: result.latency.p99 };
}

/**
 * Rotation makes every refresh token single-use, so requests draw from a pool: each answer puts the new refresh
 * token back, and a connection builds its next request only after its previous answer (no pipelining).
 */
async function refreshRequests(url: string): Promise<autocannon.Request[]> {
  const pool = await Promise.all(Array.from({ length: CONNECTIONS }, () => login(url)));
  return [
    {
      method: 'POST',
      headers: FORM_HEADERS,
      setupRequest: (request) => {
        const token = pool.shift();
        if (token === undefined) throw new Error('refresh token pool ran dry');
        return {
          ...request,
          body: form({ grant_type: 'refresh_token', client_id: 'shop-client', refresh_token: token }),
        };
      },
      onResponse: (status, body) => {
        if (status === 200) pool.push((JSON.parse(body) as { refresh_token: string }).refresh_token);
      },
    },
  ];
}

/** Operations per second of `operation` run `CONNECTIONS` at a time for `seconds`. */
async function rate(operation: () => Promise<unknown>, seconds = 5): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  const worker = async () => {
    while (performance.now() < until) {
      await operation();
      done += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  return done / ((performance.now() - started) / 1000);
}

/** The parts of argon2 and jose the baselines use (loaded from identity's own dependencies). */
interface Argon2 {
  argon2id: number;
  hash(password: string, options: Record<string, number>): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}
interface SignJwt {
  setProtectedHeader(header: { alg: string }): SignJwt;
  sign(key: unknown): Promise<string>;
}
interface Jose {
  generateKeyPair(alg: string): Promise<{ privateKey: unknown }>;
  SignJWT: new (payload: object) => SignJwt;
}

async function baselines(): Promise<{ argon2: number; rs256: number }> {
  const argon2 = fromIdentity('argon2') as Argon2;
  const jose = fromIdentity('jose') as Jose;
  // The cost identity uses by default (IDENTITY_ARGON2_MEMORY_KIB / _TIME_COST).
  const hash = await argon2.hash(ADMIN_PASSWORD, {
    type: argon2.argon2id,
    memoryCost: 19_456,
    timeCost: 2,
    parallelism: 1,
  });
  const { privateKey } = await jose.generateKeyPair('RS256');
  return {
    argon2: await rate(() => argon2.verify(hash, ADMIN_PASSWORD)),
    rs256: await rate(() => new jose.SignJWT({ sub: 'bench' }).setProtectedHeader({ alg: 'RS256' }).sign(privateKey)),
  };
}

export default async function run(): Promise<BenchRow[]> {
  const databaseUrl = `${postgresServer}/shop_bench_identity_${randomBytes(4).toString('hex')}`;
  const keysDir = await mkdtemp(join(tmpdir(), 'shop-bench-keys-'));
  let identity: RunningProcess | undefined;
  try {
    const port = await freePort();
    const env = identityEnv(databaseUrl, keysDir, port);
    identity = await startNodeProcess({
      name: 'identity',
      script: identityMain,
      port,
      readyPath: '/health/ready',
      env,
    });
    await seed(env);
    const password: autocannon.Request[] = [
      {
        method: 'POST',
        headers: FORM_HEADERS,
        body: form({ grant_type: 'password', client_id: 'shop-client', username: 'admin', password: ADMIN_PASSWORD }),
      },
    ];
    await measure(identity.url, password); // warm-up: JIT, pools, Redis script load
    const passwordGrant = await measure(identity.url, password);
    const refreshGrant = await measure(identity.url, await refreshRequests(identity.url));
    await identity.stop();
    identity = undefined;
    const baseline = await baselines();
    const scenario = 'identity POST /connect/token';
    return [
      {
        scenario,
        metric: 'password grant req/s (vs raw argon2id verify/s)',
        value: passwordGrant.requestsPerSecond,
        unit: 'req/s',
        baseline: baseline.argon2,
        ratio: passwordGrant.requestsPerSecond / baseline.argon2,
        target: 'ratio >= 0.70',
      },
      { scenario, metric: 'password grant p99', value: passwordGrant.p99Ms, unit: 'ms' },
      {
        scenario,
        metric: 'refresh_token grant req/s (vs raw RS256 sign/s)',
        value: refreshGrant.requestsPerSecond,
        unit: 'req/s',
        baseline: baseline.rs256,
        ratio: refreshGrant.requestsPerSecond / baseline.rs256,
      },
      { scenario, metric: 'refresh_token grant p99', value: refreshGrant.p99Ms, unit: 'ms' },
    ];
  } finally {
    await identity?.stop();
    await dropDatabase(databaseUrl);
    await rm(keysDir, { recursive: true, force: true });
  }
}

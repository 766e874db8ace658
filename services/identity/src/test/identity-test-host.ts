import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@shop/building-blocks/logging';
import { createLogger } from '@shop/building-blocks/logging';
import { createTestDatabase, createTestVhost, type TestDatabase, type TestVhost } from '@shop/building-blocks/testing';
import { SignJWT } from 'jose';
import { type IdentityConfig, loadIdentityConfig } from '../config';
import { loadSigningKeys } from '../security/signing-keys';
import { seedIdentity } from '../seed';
import { type RunningIdentity, startIdentity } from '../service';

export interface IdentityTestHost {
  service: RunningIdentity;
  config: IdentityConfig;
  database: TestDatabase;
  vhost: TestVhost;
  keysDir: string;
  /** `POST /connect/token` with a form body; returns status and parsed JSON. */
  token(form: Record<string, string>, headers?: Record<string, string>): Promise<{ status: number; body: TokenBody }>;
  /** Registers a customer and logs them in. */
  customer(name?: string): Promise<{ id: string; userName: string; password: string; accessToken: string }>;
  adminToken(): Promise<string>;
  /** Signs a token with identity's own current key, e.g. an expired one (`expiresIn` < 0). */
  sign(
    claims: Record<string, unknown>,
    options?: { expiresIn?: number; issuer?: string; audience?: string },
  ): Promise<string>;
  stop(): Promise<void>;
}

export interface TokenBody {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  token_type?: string;
  scope?: string;
  error?: string;
  error_description?: string;
}

export const TEST_ADMIN_PASSWORD = 'Admin@12345';
export const TEST_SERVICE_SECRET = 'test-order-secret';

export interface IdentityTestOptions {
  env?: Record<string, string>;
  logger?: Logger;
  keysDir?: string;
  /** Keep the database (and keys) for a restart; the caller drops them. */
  database?: TestDatabase;
  /** Redis prefix of the rate-limit counters; two hosts given the same one share their limits. */
  rateLimitNamespace?: string;
}

/** The real identity on port 0, own database, own key directory, own rate-limit namespace; seeded. */
export async function startIdentityForTest(options: IdentityTestOptions = {}): Promise<IdentityTestHost> {
  const database = options.database ?? (await createTestDatabase('identity'));
  const keysDir = options.keysDir ?? (await mkdtemp(join(tmpdir(), 'shop-identity-keys-')));
  const vhost = await createTestVhost('identity');
  const config = loadIdentityConfig({
    ...process.env,
    NODE_ENV: 'test',
    IDENTITY_RATE_LIMIT_ENABLED: 'false',
    IDENTITY_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    IDENTITY_ORDER_CLIENT_SECRET: TEST_SERVICE_SECRET,
    ...options.env,
  });
  const logger = options.logger ?? createLogger({ service: 'identity', level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const service = await startIdentity(config, {
    logger,
    port: 0,
    grpcPort: 0,
    databaseUrl: database.url,
    rabbitmqUrl: vhost.url,
    keysDir,
    rateLimitNamespace: options.rateLimitNamespace ?? `shop:test:${randomBytes(6).toString('hex')}:`,
  });
  await seedIdentity(service.dataSource, config, service.hasher);

  const token: IdentityTestHost['token'] = async (form, headers = {}) => {
    const response = await service.app.inject({
      method: 'POST',
      url: '/connect/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams(form).toString(),
    });
    return { status: response.statusCode, body: response.json() as TokenBody };
  };
  let customers = 0;
  const customer: IdentityTestHost['customer'] = async (name) => {
    customers += 1;
    const userName = name ?? `customer${customers}_${randomBytes(3).toString('hex')}`;
    const password = 'Secret#Passw0rd';
    const registered = await service.app.inject({
      method: 'POST',
      url: '/api/v1/identity/users',
      payload: { firstName: 'Ada', lastName: 'Lovelace', userName, email: `${userName}@example.com`, password },
    });
    if (registered.statusCode !== 201) throw new Error(`register failed: ${registered.body}`);
    const login = await token({ grant_type: 'password', client_id: 'shop-client', username: userName, password });
    return { id: registered.json().id, userName, password, accessToken: String(login.body.access_token) };
  };
  const adminToken = async () =>
    String(
      (
        await token({
          grant_type: 'password',
          client_id: 'shop-client',
          username: 'admin',
          password: TEST_ADMIN_PASSWORD,
        })
      ).body.access_token,
    );
  const sign: IdentityTestHost['sign'] = async (claims, { expiresIn = 300, issuer, audience } = {}) => {
    const keys = await loadSigningKeys({ dir: keysDir, published: 1, generateIfMissing: false });
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: keys.current.kid, typ: 'at+jwt' })
      .setIssuer(issuer ?? config.AUTH_ISSUER)
      .setAudience(audience ?? config.AUTH_AUDIENCE)
      .setIssuedAt(now - 600)
      .setExpirationTime(now + expiresIn)
      .setJti(randomBytes(8).toString('hex'))
      .sign(keys.current.privateKey);
  };
  return {
    service,
    config,
    sign,
    database,
    vhost,
    keysDir,
    token,
    customer,
    adminToken,
    stop: async () => {
      await service.stop();
      await vhost.drop();
      if (options.database) return;
      await database.drop();
      if (!options.keysDir) await rm(keysDir, { recursive: true, force: true });
    },
  };
}

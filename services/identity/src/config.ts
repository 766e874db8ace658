import { homedir } from 'node:os';
import { join } from 'node:path';
import { authSpecs } from '@shop/building-blocks/auth';
import { commonSpecs, env, loadConfig } from '@shop/building-blocks/config';

export function loadIdentityConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      ...commonSpecs,
      ...authSpecs,
      IDENTITY_HTTP_PORT: env.port({ default: 5002 }),
      IDENTITY_GRPC_PORT: env.port({ default: 6602 }),
      IDENTITY_DATABASE_URL: env.url({ default: 'postgres://postgres@127.0.0.1:5432/shop_identity' }),
      REDIS_URL: env.url({ default: 'redis://127.0.0.1:6379' }),
      /** PKCS#8 PEM private keys, one file per key; the newest signs, the others stay in the JWKS. */
      IDENTITY_KEYS_DIR: env.str({ default: join(homedir(), '.shop', 'keys', 'identity') }),
      /** How many keys (current + previous) the JWKS publishes. */
      IDENTITY_KEYS_PUBLISHED: env.num({ default: 3 }),
      IDENTITY_ACCESS_TOKEN_TTL_SECONDS: env.num({ default: 900 }),
      IDENTITY_REFRESH_TOKEN_TTL_SECONDS: env.num({ default: 14 * 24 * 3600 }),
      /** argon2id cost (see docs/adr/0006-identity-tokens-and-passwords.md): OWASP's minimum of 19 MiB, 2 passes, 1 lane. */
      IDENTITY_ARGON2_MEMORY_KIB: env.num({ default: 19_456 }),
      IDENTITY_ARGON2_TIME_COST: env.num({ default: 2 }),
      IDENTITY_RATE_LIMIT_ENABLED: env.bool({ default: true }),
      IDENTITY_RATE_LIMIT_WINDOW_MS: env.num({ default: 60_000 }),
      IDENTITY_RATE_LIMIT_PER_CLIENT: env.num({ default: 600 }),
      IDENTITY_RATE_LIMIT_PER_USERNAME: env.num({ default: 10 }),
      /** Browser origins allowed to call identity (Swagger UI of every service fetches tokens here). */
      IDENTITY_CORS_ORIGINS: env.str({
        default: ['5000', '5002', '5004']
          .flatMap((port) => [`http://localhost:${port}`, `http://127.0.0.1:${port}`])
          .join(','),
      }),
      /** Development only: the seeded admin's password. Never use this default outside a laptop. */
      IDENTITY_ADMIN_PASSWORD: env.str({ default: 'Admin@12345' }),
      /** Development only: secrets of the seeded service clients. */
      IDENTITY_CATALOG_CLIENT_SECRET: env.str({ default: 'dev-only-catalog-secret' }),
      IDENTITY_ORDER_CLIENT_SECRET: env.str({ default: 'dev-only-order-secret' }),
    },
    source,
  );
}

export type IdentityConfig = ReturnType<typeof loadIdentityConfig>;

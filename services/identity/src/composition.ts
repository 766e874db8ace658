import cors from '@fastify/cors';
import formbody from '@fastify/formbody';
import { authPlugin, createTokenVerifier, type TokenVerifier } from '@shop/building-blocks/auth';
import type { DependencyContainer } from '@shop/building-blocks/container';
import type { BackgroundComponent } from '@shop/building-blocks/hosting';
import type { Logger } from '@shop/building-blocks/logging';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { createLocalJWKSet } from 'jose';
import type { IdentityConfig } from './config';
import { RefreshTokenTtl } from './connect/refresh-tokens';
import { AccessTokenSigner } from './security/access-tokens';
import { PasswordHasher } from './security/password-hasher';
import { tokenRateLimitPlugin } from './security/rate-limits';
import { loadSigningKeys, type SigningKeys } from './security/signing-keys';
import { IdentityTokens } from './tokens';

export interface IdentityOverrides {
  logger?: Logger;
  port?: number;
  grpcPort?: number;
  databaseUrl?: string;
  rabbitmqUrl?: string;
  keysDir?: string;
  /** Redis key prefix of the rate-limit counters; tests give each run its own. */
  rateLimitNamespace?: string;
}

/** What identity builds before the service starts: keys, verifier, hasher, signer, and Redis when limits are on. */
export interface IdentityParts {
  keys: SigningKeys;
  verifier: TokenVerifier;
  hasher: PasswordHasher;
  signer: AccessTokenSigner;
  redis?: Redis;
}

export async function createParts(config: IdentityConfig, overrides: IdentityOverrides): Promise<IdentityParts> {
  const keys = await loadSigningKeys({
    dir: overrides.keysDir ?? config.IDENTITY_KEYS_DIR,
    published: config.IDENTITY_KEYS_PUBLISHED,
    generateIfMissing: config.NODE_ENV !== 'production',
  });
  const settings = { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE };
  // Identity verifies its own tokens with its own keys: no HTTP round trip to itself.
  const verifier = createTokenVerifier({ ...settings, keys: createLocalJWKSet(keys.jwks) });
  const hasher = new PasswordHasher({
    memoryKib: config.IDENTITY_ARGON2_MEMORY_KIB,
    timeCost: config.IDENTITY_ARGON2_TIME_COST,
  });
  const signer = new AccessTokenSigner(keys, { ...settings, ttlSeconds: config.IDENTITY_ACCESS_TOKEN_TTL_SECONDS });
  if (!config.IDENTITY_RATE_LIMIT_ENABLED) return { keys, verifier, hasher, signer };
  return { keys, verifier, hasher, signer, redis: await connectRedis(config.REDIS_URL) };
}

async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  // ioredis reconnects by itself; while it cannot, /health/ready reports it and token requests answer 503.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return redis;
  } catch (error) {
    redis.disconnect();
    const { host } = new URL(url);
    // The code and host:port let runService print its one clear "Cannot reach Redis" line (DESIGN §8).
    throw Object.assign(new Error(`connect ECONNREFUSED ${host}`), { code: 'ECONNREFUSED', cause: error });
  }
}

export function httpPlugins(config: IdentityConfig, overrides: IdentityOverrides, parts: IdentityParts) {
  return [
    async (app: FastifyInstance) => void (await app.register(formbody)),
    // Swagger UI's "Authorize" on catalog and order posts to this token endpoint from another origin.
    async (app: FastifyInstance) =>
      void (await app.register(cors, {
        origin: config.IDENTITY_CORS_ORIGINS.split(',').filter(Boolean),
        credentials: false,
      })),
    tokenRateLimitPlugin(
      {
        enabled: config.IDENTITY_RATE_LIMIT_ENABLED,
        windowMs: config.IDENTITY_RATE_LIMIT_WINDOW_MS,
        perClient: config.IDENTITY_RATE_LIMIT_PER_CLIENT,
        perUserName: config.IDENTITY_RATE_LIMIT_PER_USERNAME,
        namespace: overrides.rateLimitNamespace ?? 'shop:identity:rate-limit:',
      },
      parts.redis,
    ),
    authPlugin({ issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, verifier: parts.verifier }),
  ];
}

export function registerDependencies(container: DependencyContainer, config: IdentityConfig, parts: IdentityParts) {
  container.registerInstance(PasswordHasher, parts.hasher);
  container.registerInstance(AccessTokenSigner, parts.signer);
  container.registerInstance(IdentityTokens.SigningKeys, parts.keys);
  container.registerInstance(IdentityTokens.Issuer, config.AUTH_ISSUER);
  container.registerInstance(RefreshTokenTtl, config.IDENTITY_REFRESH_TOKEN_TTL_SECONDS);
}

export function redisComponent(redis: Redis): BackgroundComponent {
  return {
    name: 'redis',
    start: async () => {
      if (redis.status === 'wait') await redis.connect();
    },
    stop: async () => void (await redis.quit().catch(() => redis.disconnect())),
    ready: async () => void (await redis.ping()),
  };
}

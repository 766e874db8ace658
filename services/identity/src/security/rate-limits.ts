import rateLimit from '@fastify/rate-limit';
import { DependencyUnavailableError } from '@shop/building-blocks/errors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';

export interface TokenRateLimitSettings {
  enabled: boolean;
  windowMs: number;
  perClient: number;
  perUserName: number;
  /** Redis key prefix; tests give each run its own. */
  namespace: string;
}

export interface RateLimitVerdict {
  retryAfterSeconds: number;
  limit: 'client' | 'username';
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Counts a token request per client and per user name; a verdict means the request must be refused. */
    checkTokenRateLimits(request: FastifyRequest): Promise<RateLimitVerdict | undefined>;
  }
}

type Form = Record<string, unknown>;

function clientIdOf(request: FastifyRequest): string {
  const form = (request.body ?? {}) as Form;
  if (typeof form.client_id === 'string') return form.client_id;
  const basic = /^Basic +(\S+)$/i.exec(request.headers.authorization ?? '');
  if (basic?.[1]) return decodeURIComponent(Buffer.from(basic[1], 'base64').toString().split(':')[0] ?? '');
  return `ip:${request.ip}`;
}

function userNameOf(request: FastifyRequest): string | undefined {
  const form = (request.body ?? {}) as Form;
  return form.grant_type === 'password' && typeof form.username === 'string' ? form.username.toLowerCase() : undefined;
}

/**
 * Rate limits of the token endpoint, per client and per user name, counted in Redis so that every replica shares
 * them (DESIGN §10). The per-user-name limit slows password guessing against one account from many addresses.
 */
export function tokenRateLimitPlugin(settings: TokenRateLimitSettings, redis: Redis | undefined) {
  return async (app: FastifyInstance) => {
    if (!settings.enabled || !redis) {
      app.decorate('checkTokenRateLimits', async () => undefined);
      return;
    }
    await app.register(rateLimit, { global: false, redis, nameSpace: settings.namespace, skipOnError: false });
    const limits = [
      {
        limit: 'client' as const,
        check: app.createRateLimit({
          max: settings.perClient,
          timeWindow: settings.windowMs,
          keyGenerator: (request) => `client:${clientIdOf(request)}`,
        }),
      },
      {
        limit: 'username' as const,
        check: app.createRateLimit({
          max: settings.perUserName,
          timeWindow: settings.windowMs,
          keyGenerator: (request) => `user:${userNameOf(request) ?? ''}`,
          allowList: (request) => userNameOf(request) === undefined,
        }),
      },
    ];
    app.decorate('checkTokenRateLimits', async (request: FastifyRequest) => {
      for (const { limit, check } of limits) {
        const result = await check(request).catch(() => {
          throw new DependencyUnavailableError('The rate-limit store is unavailable');
        });
        if (!result.isAllowed && result.isExceeded) return { limit, retryAfterSeconds: result.ttlInSeconds };
      }
      return undefined;
    });
  };
}

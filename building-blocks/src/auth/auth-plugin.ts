import type { FastifyInstance } from 'fastify';
import { type AuthGuards, createGuards, GUARD } from './guards';
import type { Principal } from './principal';
import { createTokenVerifier, type TokenVerifier, type TokenVerifierOptions } from './token-verifier';

declare module 'fastify' {
  interface FastifyInstance {
    /** Route guards: `onRequest: app.auth.requireRole('admin')`. */
    auth: AuthGuards;
  }
  interface FastifyRequest {
    /** Set by an auth guard once the bearer token is verified. */
    principal?: Principal;
  }
}

export interface AuthPluginOptions extends TokenVerifierOptions {
  /** A verifier to use instead of building one from the options (e.g. shared with a gRPC server). */
  verifier?: TokenVerifier;
  /** RFC 6750 §3 `realm`. */
  realm?: string;
}

/** Names of the OpenAPI security schemes `openApiSecurity()` declares. */
export const SECURITY_REQUIREMENT = [{ bearer: [] }, { oauth2: [] }];

/**
 * Verifies bearer tokens against identity's JWKS and decorates `app.auth` with role and ownership guards. A route
 * guarded by one of them is documented with `security` in OpenAPI, so Swagger UI's Authorize applies to it.
 * Register it through `startService({ plugins: [authPlugin(options)] })`.
 */
export function authPlugin(options: AuthPluginOptions): (app: FastifyInstance) => void {
  return (app) => {
    const verify = options.verifier ?? createTokenVerifier(options);
    app.decorate('auth', createGuards(verify, options.realm ?? 'shop'));
    app.decorateRequest('principal', undefined);
    app.addHook('onRoute', (route) => {
      const hooks: unknown[] = [route.onRequest ?? [], route.preHandler ?? []].flat();
      if (!hooks.some((hook) => typeof hook === 'function' && GUARD in hook)) return;
      route.schema ??= {};
      Object.assign(route.schema, { security: SECURITY_REQUIREMENT });
    });
  };
}

/**
 * OpenAPI components for `startService({ openApiComponents })`: bearer JWTs, and the OAuth2 password flow against
 * identity's token endpoint (RFC 6749 §4.3), so "Authorize" in Swagger UI fetches a token by itself. The browser
 * posts to it, so `identityUrl` is identity's public address (`AUTH_ISSUER`, e.g. a gateway), not an internal one.
 */
export function openApiSecurity(identityUrl: string): Record<string, unknown> {
  return {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      oauth2: {
        type: 'oauth2',
        description: 'Development client: client_id `shop-client`, no secret.',
        flows: {
          password: {
            tokenUrl: `${identityUrl.replace(/\/$/, '')}/connect/token`,
            refreshUrl: `${identityUrl.replace(/\/$/, '')}/connect/token`,
            scopes: { openid: 'The user id', profile: 'Names and role', 'shop.api': 'Call the shop APIs' },
          },
        },
      },
    },
  };
}

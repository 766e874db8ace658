import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../errors';
import { InvalidTokenError, type Principal, type Role } from './principal';
import type { TokenVerifier } from './token-verifier';

/**
 * Marks a hook as an auth guard, so the plugin can document the route's `security` in OpenAPI. Guards run as
 * `onRequest` hooks: a caller without a valid token is refused before its body is even parsed.
 */
export const GUARD = Symbol.for('shop.auth.guard');

export type Guard = onRequestAsyncHookHandler & { [GUARD]: true };

export interface AuthGuards {
  /** Any valid access token (user or service). */
  requireAuthenticated(): Guard;
  /** A valid user token with one of `roles`; otherwise 401 (no/invalid token) or 403. */
  requireRole(...roles: Role[]): Guard;
  /**
   * The user named by route param `param` themself, or an admin. Anyone else gets the same 404 as an unknown id,
   * so that ids of other users cannot be probed (DESIGN §3: "self or admin ... 200 / 404").
   */
  requireSelfOrAdmin(param?: string, notFound?: (id: string) => Error): Guard;
}

/** RFC 6750 §3: the challenge a 401 carries; `error` only when a token was presented. */
function challenge(realm: string, error?: InvalidTokenError): string {
  if (!error) return `Bearer realm="${realm}"`;
  const description = error.message.replaceAll('"', "'");
  return `Bearer realm="${realm}", error="invalid_token", error_description="${description}"`;
}

/** RFC 6750 §2.1: `Authorization: Bearer <token68>`, scheme case-insensitive. */
export function bearerToken(header: string | undefined): string | undefined | null {
  if (header === undefined) return undefined;
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
  return match?.[1] ?? null;
}

export function createGuards(verify: TokenVerifier, realm: string): AuthGuards {
  async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<Principal> {
    if (request.principal) return request.principal;
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) {
      reply.header('www-authenticate', challenge(realm));
      throw new UnauthorizedError('A bearer token is required');
    }
    try {
      if (token === null) throw new InvalidTokenError('The Authorization header is not a bearer token');
      request.principal = await verify(token);
      return request.principal;
    } catch (error) {
      if (error instanceof InvalidTokenError) reply.header('www-authenticate', challenge(realm, error));
      throw error;
    }
  }

  const guard = (check: (principal: Principal, request: FastifyRequest) => void): Guard => {
    const handler: onRequestAsyncHookHandler = async (request, reply) => {
      check(await authenticate(request, reply), request);
    };
    return Object.assign(handler, { [GUARD]: true as const });
  };

  return {
    requireAuthenticated: () => guard(() => undefined),
    requireRole: (...roles) =>
      guard((principal) => {
        if (!principal.role || !roles.includes(principal.role)) {
          throw new ForbiddenError(`This operation requires the role ${roles.join(' or ')}`);
        }
      }),
    requireSelfOrAdmin: (param = 'id', notFound = (id) => new NotFoundError(`${id} was not found`)) =>
      guard((principal, request) => {
        if (principal.role === 'admin') return;
        const id = String((request.params as Record<string, unknown>)[param] ?? '');
        if (!principal.role || principal.subject !== id) throw notFound(id);
      }),
  };
}

import type { JWTPayload } from 'jose';
import { UnauthorizedError } from '../errors';

/** The roles a user token carries (DESIGN §3). Service tokens (`client_credentials`) carry none. */
export const ROLES = ['admin', 'customer'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as proven by a verified access token. */
export interface Principal {
  /** `sub`: the user id, or the client id for a service token. */
  readonly subject: string;
  readonly role?: Role;
  readonly scopes: readonly string[];
  /** `client_id` (RFC 9068 §2.2): the client the token was issued to. */
  readonly clientId?: string;
  /** `jti`: unique per token. */
  readonly tokenId: string;
  readonly expiresAt: Date;
}

export class InvalidTokenError extends UnauthorizedError {}

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Builds the principal from verified claims; a claim of the wrong shape makes the whole token invalid. */
export function toPrincipal(payload: JWTPayload): Principal {
  const { sub, jti, exp } = payload;
  const role = payload.role;
  const scope = payload.scope ?? '';
  const clientId = payload.client_id;
  if (typeof sub !== 'string' || sub === '' || typeof jti !== 'string' || typeof exp !== 'number') {
    throw new InvalidTokenError('The token lacks a required claim');
  }
  if (role !== undefined && !isRole(role)) throw new InvalidTokenError('The token carries an unknown role');
  if (typeof scope !== 'string') throw new InvalidTokenError('The token scope is not a string');
  if (clientId !== undefined && typeof clientId !== 'string') throw new InvalidTokenError('client_id is not a string');
  return {
    subject: sub,
    role,
    scopes: scope.split(' ').filter((item) => item !== ''),
    clientId,
    tokenId: jti,
    expiresAt: new Date(exp * 1000),
  };
}

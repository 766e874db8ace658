import { createRemoteJWKSet, errors, type JWTVerifyGetKey, type JWTVerifyOptions, jwtVerify } from 'jose';
import { DependencyUnavailableError } from '../errors';
import { InvalidTokenError, type Principal, toPrincipal } from './principal';

/**
 * The one algorithm access tokens are signed with. Verifiers accept nothing else, which refuses `alg: none` and the
 * HS256-signed-with-the-public-key confusion attack (RFC 8725 §2.1, §3.1).
 */
export const SIGNING_ALGORITHM = 'RS256';

export interface TokenVerifierOptions {
  /** Expected `iss` (RFC 7519 §4.1.1). */
  issuer: string;
  /** Expected `aud` (RFC 7519 §4.1.3). */
  audience: string;
  /** Identity's JWKS, e.g. `http://127.0.0.1:5002/.well-known/jwks.json`; or give `keys` directly. */
  jwksUrl?: string;
  /** A key resolver, e.g. `createLocalJWKSet` in the issuer itself. */
  keys?: JWTVerifyGetKey;
  clockToleranceSeconds?: number;
  /** Least time between two JWKS fetches (an unknown `kid` triggers one); 5 s unless given. */
  jwksCooldownMs?: number;
}

export type TokenVerifier = (token: string) => Promise<Principal>;

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const keys = options.keys ?? remoteKeys(options.jwksUrl, options.jwksCooldownMs ?? 5_000);
  // Built once: every request is checked against the same rules.
  const checks: JWTVerifyOptions = {
    issuer: options.issuer,
    audience: options.audience,
    algorithms: [SIGNING_ALGORITHM],
    // RFC 9068 §4: an access token says so in `typ`, so no other JWT of identity's can be replayed as one.
    typ: 'at+jwt',
    requiredClaims: ['sub', 'exp', 'iat', 'jti'],
    clockTolerance: options.clockToleranceSeconds ?? 5,
  };
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, checks);
      return toPrincipal(payload);
    } catch (error) {
      throw verificationError(error);
    }
  };
}

/**
 * jose caches the key set and refetches it when a token names an unknown `kid` (at most once per cooldown), which
 * is how a key rotation at identity reaches every verifier within seconds, without a restart.
 */
function remoteKeys(jwksUrl: string | undefined, cooldownDuration: number): JWTVerifyGetKey {
  if (!jwksUrl) throw new Error('A token verifier needs either jwksUrl or keys');
  return createRemoteJWKSet(new URL(jwksUrl), {
    cooldownDuration,
    cacheMaxAge: 10 * 60_000,
    timeoutDuration: 5_000,
  });
}

function verificationError(error: unknown): Error {
  if (error instanceof InvalidTokenError) return error;
  if (error instanceof errors.JWTExpired) return new InvalidTokenError('The token has expired');
  if (error instanceof errors.JWKSTimeout) return keysUnavailable();
  if (error instanceof errors.JOSEError) return new InvalidTokenError('The token is not valid');
  // Anything else is the key set fetch failing (connection refused, bad response): not the caller's fault.
  return keysUnavailable();
}

function keysUnavailable(): DependencyUnavailableError {
  return new DependencyUnavailableError('The signing keys of the identity service cannot be fetched');
}

/** Tokens a protected route must refuse, each signed to fail one check (DESIGN §3: RS256 verified against the JWKS). */
export interface RefusedTokens {
  expired: string;
  /** Signed by a key the JWKS does not hold, under a `kid` it does. */
  wrongSignature: string;
  wrongAudience: string;
  wrongIssuer: string;
}

export interface UnauthenticatedCase {
  name: string;
  authorization: (tokens: RefusedTokens) => string | undefined;
}

/**
 * Every credential a protected route answers with 401 and `WWW-Authenticate: Bearer` (RFC 6750 §3.1), for the
 * services' authorization-matrix tests.
 */
export const UNAUTHENTICATED_CASES: readonly UnauthenticatedCase[] = [
  { name: 'no token', authorization: () => undefined },
  { name: 'malformed token', authorization: () => 'Bearer not.a.jwt' },
  { name: 'non-bearer scheme', authorization: () => 'Basic YWRtaW46QWRtaW5AMTIzNDU=' },
  { name: 'expired token', authorization: (tokens) => `Bearer ${tokens.expired}` },
  { name: 'wrong signature', authorization: (tokens) => `Bearer ${tokens.wrongSignature}` },
  { name: 'wrong audience', authorization: (tokens) => `Bearer ${tokens.wrongAudience}` },
  { name: 'wrong issuer', authorization: (tokens) => `Bearer ${tokens.wrongIssuer}` },
];

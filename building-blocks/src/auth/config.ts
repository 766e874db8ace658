import { env } from '../config';

/** Configuration every service that verifies tokens shares (identity signs with the same issuer and audience). */
export const authSpecs = {
  /** Base URL of the identity service; its JWKS is at `/.well-known/jwks.json`. */
  IDENTITY_URL: env.url({ default: 'http://127.0.0.1:5002' }),
  AUTH_ISSUER: env.str({ default: 'http://127.0.0.1:5002' }),
  AUTH_AUDIENCE: env.str({ default: 'shop-api' }),
};

export function jwksUrlOf(identityUrl: string): string {
  return `${identityUrl.replace(/\/$/, '')}/.well-known/jwks.json`;
}

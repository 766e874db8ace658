import { SIGNING_ALGORITHM } from '@shop/building-blocks/auth';
import { inject } from '@shop/building-blocks/container';
import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { IdentityTokens } from '../../../tokens';
import { type DiscoveryDocument, GetDiscoveryQuery } from './get-discovery.query';

@handles(GetDiscoveryQuery)
export class GetDiscoveryHandler implements RequestHandler<GetDiscoveryQuery> {
  constructor(@inject(IdentityTokens.Issuer) private readonly issuer: string) {}

  async handle(): Promise<DiscoveryDocument> {
    const base = this.issuer.replace(/\/$/, '');
    return {
      issuer: this.issuer,
      token_endpoint: `${base}/connect/token`,
      revocation_endpoint: `${base}/connect/revoke`,
      userinfo_endpoint: `${base}/connect/userinfo`,
      jwks_uri: `${base}/.well-known/jwks.json`,
      grant_types_supported: ['password', 'refresh_token', 'client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      scopes_supported: ['openid', 'profile', 'shop.api', 'identity.users.read', 'catalog.products.read'],
      claims_supported: ['sub', 'role', 'scope', 'client_id', 'iss', 'aud', 'exp', 'iat', 'jti'],
      response_types_supported: ['token'],
      id_token_signing_alg_values_supported: [SIGNING_ALGORITHM],
    };
  }
}

import type { Endpoint } from '@shop/building-blocks/http';
import { Client } from './client.entity';
import { getDiscoveryEndpoint } from './features/getting-discovery/get-discovery.endpoint';
import { GetDiscoveryHandler } from './features/getting-discovery/get-discovery.handler';
import { getJwksEndpoint } from './features/getting-jwks/get-jwks.endpoint';
import { GetJwksHandler } from './features/getting-jwks/get-jwks.handler';
import { getUserInfoEndpoint } from './features/getting-userinfo/get-userinfo.endpoint';
import { GetUserInfoHandler } from './features/getting-userinfo/get-userinfo.handler';
import { ClientCredentialsGrantHandler } from './features/issuing-token/client-credentials-grant.handler';
import { PasswordGrantHandler } from './features/issuing-token/password-grant.handler';
import { RefreshTokenGrantHandler } from './features/issuing-token/refresh-token-grant.handler';
import { tokenEndpoint } from './features/issuing-token/token.endpoint';
import { revokeTokenEndpoint } from './features/revoking-token/revoke-token.endpoint';
import { RevokeTokenHandler } from './features/revoking-token/revoke-token.handler';
import { RefreshToken } from './refresh-token.entity';

/** The OAuth2 / OpenID endpoints: token, revocation, userinfo, discovery, keys. */
export const connectFeature = {
  entities: [Client, RefreshToken],
  endpoints: [
    tokenEndpoint,
    revokeTokenEndpoint,
    getUserInfoEndpoint,
    getDiscoveryEndpoint,
    getJwksEndpoint,
  ] satisfies Endpoint[],
  handlers: [
    PasswordGrantHandler,
    RefreshTokenGrantHandler,
    ClientCredentialsGrantHandler,
    RevokeTokenHandler,
    GetUserInfoHandler,
    GetDiscoveryHandler,
    GetJwksHandler,
  ],
};

import { defineFeature } from '@shop/building-blocks/hosting';
import { Client } from './client.entity';
import { gettingDiscovery } from './features/getting-discovery/get-discovery.slice';
import { gettingJwks } from './features/getting-jwks/get-jwks.slice';
import { gettingUserinfo } from './features/getting-userinfo/get-userinfo.slice';
import { issuingToken } from './features/issuing-token/token.slice';
import { revokingToken } from './features/revoking-token/revoke-token.slice';
import { RefreshToken } from './refresh-token.entity';

/** The OAuth2 / OpenID endpoints: token, revocation, userinfo, discovery, keys. */
export const connectFeature = defineFeature({
  name: 'connect',
  entities: [Client, RefreshToken],
  slices: [issuingToken, revokingToken, gettingUserinfo, gettingDiscovery, gettingJwks],
});

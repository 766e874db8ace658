import { defineSlice } from '@shop/building-blocks/hosting';
import { ClientCredentialsGrantCommand } from './client-credentials-grant.command';
import { ClientCredentialsGrantHandler } from './client-credentials-grant.handler';
import { PasswordGrantCommand } from './password-grant.command';
import { PasswordGrantHandler } from './password-grant.handler';
import { RefreshTokenGrantCommand } from './refresh-token-grant.command';
import { RefreshTokenGrantHandler } from './refresh-token-grant.handler';
import { tokenEndpoint } from './token.endpoint';

export const issuingToken = defineSlice({
  name: 'issuing-token',
  requests: [ClientCredentialsGrantCommand, PasswordGrantCommand, RefreshTokenGrantCommand],
  handlers: [ClientCredentialsGrantHandler, PasswordGrantHandler, RefreshTokenGrantHandler],
  endpoints: [tokenEndpoint],
});

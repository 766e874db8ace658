import { defineSlice } from '@shop/building-blocks/hosting';
import { RevokeTokenCommand } from './revoke-token.command';
import { revokeTokenEndpoint } from './revoke-token.endpoint';
import { RevokeTokenHandler } from './revoke-token.handler';

export const revokingToken = defineSlice({
  name: 'revoking-token',
  requests: [RevokeTokenCommand],
  handlers: [RevokeTokenHandler],
  endpoints: [revokeTokenEndpoint],
});

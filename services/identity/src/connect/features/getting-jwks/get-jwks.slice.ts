import { defineSlice } from '@shop/building-blocks/hosting';
import { getJwksEndpoint } from './get-jwks.endpoint';
import { GetJwksHandler } from './get-jwks.handler';
import { GetJwksQuery } from './get-jwks.query';

export const gettingJwks = defineSlice({
  name: 'getting-jwks',
  requests: [GetJwksQuery],
  handlers: [GetJwksHandler],
  endpoints: [getJwksEndpoint],
});

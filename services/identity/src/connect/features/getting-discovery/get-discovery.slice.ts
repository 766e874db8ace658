import { defineSlice } from '@shop/building-blocks/hosting';
import { getDiscoveryEndpoint } from './get-discovery.endpoint';
import { GetDiscoveryHandler } from './get-discovery.handler';
import { GetDiscoveryQuery } from './get-discovery.query';

export const gettingDiscovery = defineSlice({
  name: 'getting-discovery',
  requests: [GetDiscoveryQuery],
  handlers: [GetDiscoveryHandler],
  endpoints: [getDiscoveryEndpoint],
});

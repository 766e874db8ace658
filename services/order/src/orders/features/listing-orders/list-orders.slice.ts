import { defineSlice } from '@shop/building-blocks/hosting';
import { listOrdersEndpoint } from './list-orders.endpoint';
import { ListOrdersHandler } from './list-orders.handler';
import { ListOrdersQuery } from './list-orders.query';

export const listingOrders = defineSlice({
  name: 'listing-orders',
  requests: [ListOrdersQuery],
  handlers: [ListOrdersHandler],
  endpoints: [listOrdersEndpoint],
});

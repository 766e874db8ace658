import { defineSlice } from '@shop/building-blocks/hosting';
import { getOrderByIdEndpoint } from './get-order-by-id.endpoint';
import { GetOrderByIdHandler } from './get-order-by-id.handler';
import { GetOrderByIdQuery } from './get-order-by-id.query';

export const gettingOrderById = defineSlice({
  name: 'getting-order-by-id',
  requests: [GetOrderByIdQuery],
  handlers: [GetOrderByIdHandler],
  endpoints: [getOrderByIdEndpoint],
});

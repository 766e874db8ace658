import { defineSlice } from '@shop/building-blocks/hosting';
import { PlaceOrderCommand } from './place-order.command';
import { placeOrderEndpoint } from './place-order.endpoint';
import { PlaceOrderHandler } from './place-order.handler';

export const placingOrder = defineSlice({
  name: 'placing-order',
  requests: [PlaceOrderCommand],
  handlers: [PlaceOrderHandler],
  endpoints: [placeOrderEndpoint],
});

import { defineSlice } from '@shop/building-blocks/hosting';
import { CancelOrderCommand } from './cancel-order.command';
import { cancelOrderEndpoint } from './cancel-order.endpoint';
import { CancelOrderHandler } from './cancel-order.handler';

export const cancellingOrder = defineSlice({
  name: 'cancelling-order',
  requests: [CancelOrderCommand],
  handlers: [CancelOrderHandler],
  endpoints: [cancelOrderEndpoint],
});

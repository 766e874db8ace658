import { defineSlice } from '@shop/building-blocks/hosting';
import { ConfirmOrderCommand } from './confirm-order.command';
import { ConfirmOrderHandler } from './confirm-order.handler';
import { stockReservedConsumer } from './stock-reserved.consumer';

export const confirmingOrder = defineSlice({
  name: 'confirming-order',
  requests: [ConfirmOrderCommand],
  handlers: [ConfirmOrderHandler],
  consumers: [stockReservedConsumer],
});

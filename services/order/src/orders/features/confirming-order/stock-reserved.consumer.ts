import { defineConsumer } from '@shop/building-blocks/messaging';
import { StockReserved } from '@shop/contracts';
import { ConfirmOrderCommand } from './confirm-order.command';

/** Queue `order.stock-reserved`. */
export const stockReservedConsumer = defineConsumer({
  event: StockReserved,
  service: 'order',
  toCommand: (message) => Object.assign(new ConfirmOrderCommand(), { orderId: message.payload.orderId }),
});

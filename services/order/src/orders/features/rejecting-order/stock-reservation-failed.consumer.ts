import { defineConsumer } from '@shop/building-blocks/messaging';
import { StockReservationFailed } from '@shop/contracts';
import { RejectOrderCommand } from './reject-order.command';

/** Queue `order.stock-reservation-failed`. */
export const stockReservationFailedConsumer = defineConsumer({
  event: StockReservationFailed,
  service: 'order',
  toCommand: (message) =>
    Object.assign(new RejectOrderCommand(), { orderId: message.payload.orderId, reason: message.payload.reason }),
});

import { defineSlice } from '@shop/building-blocks/hosting';
import { RejectOrderCommand } from './reject-order.command';
import { RejectOrderHandler } from './reject-order.handler';
import { stockReservationFailedConsumer } from './stock-reservation-failed.consumer';

export const rejectingOrder = defineSlice({
  name: 'rejecting-order',
  requests: [RejectOrderCommand],
  handlers: [RejectOrderHandler],
  consumers: [stockReservationFailedConsumer],
});

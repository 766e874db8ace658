import { defineFeature } from '@shop/building-blocks/hosting';
import { CreateOrders1764100000000 } from '../migrations/1764100000000-create-orders';
import { cancellingOrder } from './features/cancelling-order/cancel-order.slice';
import { confirmingOrder } from './features/confirming-order/confirm-order.slice';
import { expiringOrders } from './features/expiring-orders/expire-pending-orders.slice';
import { forgettingIdempotencyKeys } from './features/forgetting-idempotency-keys/forget-idempotency-keys.slice';
import { gettingOrderById } from './features/getting-order-by-id/get-order-by-id.slice';
import { listingOrders } from './features/listing-orders/list-orders.slice';
import { placingOrder } from './features/placing-order/place-order.slice';
import { rejectingOrder } from './features/rejecting-order/reject-order.slice';
import { Order } from './order.entity';

/** The orders feature and its saga steps (DESIGN §3, §4): a slice is one line here. */
export const ordersFeature = defineFeature({
  name: 'orders',
  entities: [Order],
  migrations: [CreateOrders1764100000000],
  slices: [
    placingOrder,
    gettingOrderById,
    listingOrders,
    cancellingOrder,
    confirmingOrder,
    rejectingOrder,
    expiringOrders,
    forgettingIdempotencyKeys,
  ],
});

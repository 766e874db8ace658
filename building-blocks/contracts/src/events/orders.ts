import { defineEvent, money, objectSchema, quantity, text, timestamp, uuid } from '../event-definition';

export interface OrderLineV1 {
  productId: string;
  quantity: number;
  /** Price per unit when the order was placed, in currency units. */
  unitPrice: number;
}

/** Starts the saga (DESIGN §4): catalog reserves every line or none. */
export interface OrderPlacedV1 {
  orderId: string;
  customerId: string;
  items: OrderLineV1[];
  total: number;
  placedAt: string;
}

export const OrderPlaced = defineEvent<OrderPlacedV1>(
  'OrderPlaced',
  1,
  objectSchema({
    orderId: uuid,
    customerId: uuid,
    items: {
      type: 'array',
      minItems: 1,
      items: objectSchema({ productId: uuid, quantity, unitPrice: money }),
    },
    total: money,
    placedAt: timestamp,
  }),
);

export interface OrderConfirmedV1 {
  orderId: string;
  customerId: string;
  confirmedAt: string;
}

export const OrderConfirmed = defineEvent<OrderConfirmedV1>(
  'OrderConfirmed',
  1,
  objectSchema({ orderId: uuid, customerId: uuid, confirmedAt: timestamp }),
);

export interface OrderRejectedV1 {
  orderId: string;
  customerId: string;
  reason: string;
  rejectedAt: string;
}

export const OrderRejected = defineEvent<OrderRejectedV1>(
  'OrderRejected',
  1,
  objectSchema({ orderId: uuid, customerId: uuid, reason: text(500), rejectedAt: timestamp }),
);

/** Catalog releases whatever it reserved for the order (it keeps the reservation lines itself). */
export interface OrderCancelledV1 {
  orderId: string;
  customerId: string;
  cancelledAt: string;
}

export const OrderCancelled = defineEvent<OrderCancelledV1>(
  'OrderCancelled',
  1,
  objectSchema({ orderId: uuid, customerId: uuid, cancelledAt: timestamp }),
);

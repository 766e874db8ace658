import { defineEvent, objectSchema, quantity, text, timestamp, uuid } from '../event-definition';

export interface StockLineV1 {
  productId: string;
  quantity: number;
}

const stockLines = { type: 'array', minItems: 1, items: objectSchema({ productId: uuid, quantity }) };

/** Every line of the order is reserved (all or none, DESIGN §4). */
export interface StockReservedV1 {
  orderId: string;
  items: StockLineV1[];
  reservedAt: string;
}

export const StockReserved = defineEvent<StockReservedV1>(
  'StockReserved',
  1,
  objectSchema({ orderId: uuid, items: stockLines, reservedAt: timestamp }),
);

/** Nothing was reserved; `reason` says why in words a customer may read. */
export interface StockReservationFailedV1 {
  orderId: string;
  reason: string;
  /** The products that were unknown or short, when that is the reason. */
  productIds: string[];
  failedAt: string;
}

export const StockReservationFailed = defineEvent<StockReservationFailedV1>(
  'StockReservationFailed',
  1,
  objectSchema({ orderId: uuid, reason: text(500), productIds: { type: 'array', items: uuid }, failedAt: timestamp }),
);

/** What was reserved for a cancelled order is available again. */
export interface StockReleasedV1 {
  orderId: string;
  items: StockLineV1[];
  releasedAt: string;
}

export const StockReleased = defineEvent<StockReleasedV1>(
  'StockReleased',
  1,
  objectSchema({ orderId: uuid, items: stockLines, releasedAt: timestamp }),
);

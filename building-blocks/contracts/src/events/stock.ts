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

/** A line of the order that could not be reserved. */
export interface ShortStockLineV1 {
  productId: string;
  /** Units the order asked for (duplicate lines of one product summed). */
  requested: number;
  /** Units available when the reservation was tried; 0 for a product the catalog does not know. */
  available: number;
}

/** Nothing was reserved; `reason` says why in words a customer may read, `lines` which products were short. */
export interface StockReservationFailedV1 {
  orderId: string;
  reason: string;
  /** Every line that was unknown or short; at least one. */
  lines: ShortStockLineV1[];
  failedAt: string;
}

export const StockReservationFailed = defineEvent<StockReservationFailedV1>(
  'StockReservationFailed',
  1,
  objectSchema({
    orderId: uuid,
    reason: text(500),
    lines: {
      type: 'array',
      minItems: 1,
      items: objectSchema({ productId: uuid, requested: quantity, available: { type: 'integer', minimum: 0 } }),
    },
    failedAt: timestamp,
  }),
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

import type { EventDefinition } from './event-definition';
import { OrderCancelled, OrderConfirmed, OrderPlaced, OrderRejected } from './events/orders';
import { ProductCreated, ProductDeleted, ProductUpdated } from './events/products';
import { StockReleased, StockReservationFailed, StockReserved } from './events/stock';
import { UserRegistered } from './events/users';

/** Every integration event of DESIGN §5, in the order the AsyncAPI document lists them. */
export const allEvents: readonly EventDefinition<unknown>[] = [
  UserRegistered,
  ProductCreated,
  ProductUpdated,
  ProductDeleted,
  OrderPlaced,
  OrderConfirmed,
  OrderRejected,
  OrderCancelled,
  StockReserved,
  StockReservationFailed,
  StockReleased,
];

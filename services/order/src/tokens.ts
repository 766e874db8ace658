/** Injection tokens of the order service's settings, registered by its composition root. */
export const OrderTokens = {
  PendingDeadline: Symbol.for('shop.order.PendingDeadline'),
  IdempotencyTtlHours: Symbol.for('shop.order.IdempotencyTtlHours'),
  /** `CatalogProducts` and `Customers`: catalog and identity, over gRPC. */
  CatalogProducts: Symbol.for('shop.order.CatalogProducts'),
  Customers: Symbol.for('shop.order.Customers'),
} as const;

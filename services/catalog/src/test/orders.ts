import { randomUUID } from 'node:crypto';
import { messagesHandled, publishTestEvent } from '@shop/building-blocks/testing';
import type { EventDefinition, OrderPlacedV1 } from '@shop/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { CatalogTestHost } from './catalog-test-host';

/** Publishes one event as the order service's outbox would (DESIGN §5 envelope); returns its messageId. */
export function publishEvent<TPayload>(
  host: CatalogTestHost,
  event: EventDefinition<TPayload>,
  payload: TPayload,
  messageId: string = uuidv7(),
): Promise<string> {
  return publishTestEvent(host.vhost.url, event, payload, { messageId, source: 'order' });
}

/** An OrderPlaced payload for the given lines (productId -> quantity, in order; a product may come twice). */
export function orderPlaced(
  lines: readonly [productId: string, quantity: number][],
  orderId = uuidv7(),
): OrderPlacedV1 {
  const items = lines.map(([productId, quantity]) => ({ productId, quantity, unitPrice: 1 }));
  return {
    orderId,
    customerId: randomUUID(),
    items,
    total: items.reduce((sum, item) => sum + item.quantity, 0),
    placedAt: new Date().toISOString(),
  };
}

/** The end of an order as the order service announces it (OrderCancelled or OrderRejected). */
export function orderEnded(orderId: string) {
  const at = new Date().toISOString();
  return {
    cancelled: { orderId, customerId: randomUUID(), cancelledAt: at },
    rejected: { orderId, customerId: randomUUID(), reason: 'timeout', rejectedAt: at },
  };
}

export { eventually, expectProblem } from '@shop/building-blocks/testing';

/**
 * Waits until the catalog has handled these messages: the inbox row commits in the same transaction as the
 * message's effects, so once it is there, so are they.
 */
export function handled(host: CatalogTestHost, ...messageIds: string[]): Promise<void> {
  return messagesHandled((sql, params) => host.service.dataSource.query(sql, params), messageIds);
}

type MessagingCounter =
  | 'messaging_consumed_total'
  | 'messaging_duplicates_skipped_total'
  | 'messaging_retried_total'
  | 'messaging_dead_lettered_total';

/** A messaging counter of the catalog's `/metrics` for one queue. */
export async function messagingCount(host: CatalogTestHost, counter: MessagingCounter, queue: string): Promise<number> {
  const metric = host.service.metrics.getSingleMetric(counter);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values.find((value) => value.labels.queue === queue)?.value ?? 0;
}

export async function stockOf(
  host: CatalogTestHost,
  productId: string,
): Promise<{ available: number; reserved: number }> {
  const [row] = await host.service.dataSource.query(
    'SELECT available_stock AS available, reserved_stock AS reserved FROM products WHERE id = $1',
    [productId],
  );
  return { available: row.available, reserved: row.reserved };
}

/** The events the catalog wrote about an order (its outbox rows, sent or not), oldest first. */
export async function eventsAbout(
  host: CatalogTestHost,
  orderId: string,
): Promise<{ type: string; payload: unknown }[]> {
  return host.service.dataSource.query(
    `SELECT type, payload FROM messaging_outbox WHERE payload->>'orderId' = $1 ORDER BY position`,
    [orderId],
  );
}

export async function reservationOf(
  host: CatalogTestHost,
  orderId: string,
): Promise<{ status?: string; lines: { productId: string; quantity: number }[] }> {
  const [order] = await host.service.dataSource.query('SELECT status FROM reservation_orders WHERE order_id = $1', [
    orderId,
  ]);
  const lines = await host.service.dataSource.query(
    `SELECT product_id AS "productId", quantity FROM stock_reservations WHERE order_id = $1 ORDER BY product_id`,
    [orderId],
  );
  return { status: order?.status, lines };
}

import { messagesHandled, publishTestEvent } from '@shop/building-blocks/testing';
import { StockReservationFailed, StockReserved } from '@shop/contracts';
import { expect } from 'vitest';
import type { OrderDto } from '../orders/order.dto';
import type { Caller, OrderLineInput, OrderTestHost } from './order-test-host';

/** An order as the API returns it (JSON: dates are strings). */
export type OrderJson = Omit<OrderDto, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string };

/** A well-formed UUID that no order or product has. */
export const UNKNOWN_ID = '01a20000-0000-7000-8000-000000000000';

export { eventually, expectProblem, type ProblemJson } from '@shop/building-blocks/testing';

/**
 * The order database without the inbox: what a consumed message may change. A message that changes nothing still
 * leaves its inbox row, which is how a test knows it was handled.
 */
export async function sagaState(host: OrderTestHost): Promise<unknown> {
  const { messaging_inbox: _inbox, ...rest } = await host.snapshot();
  return rest;
}

/** Places an order that must succeed; returns it. */
export async function placed(host: OrderTestHost, caller: Caller, items: OrderLineInput[]): Promise<OrderJson> {
  const reply = await host.place(caller, items);
  expect(reply.statusCode, reply.body).toBe(201);
  return reply.json<OrderJson>();
}

/** The order as stored, read around the API. */
export async function storedOrder(
  host: OrderTestHost,
  id: string,
): Promise<{ status: string; statusReason: string | null; version: number } | undefined> {
  const [row] = await host.service.dataSource.query(
    'SELECT status, status_reason AS "statusReason", version FROM orders WHERE id = $1',
    [id],
  );
  return row;
}

/** The events the order service wrote about an order (its outbox rows, sent or not), oldest first. */
export function eventsAbout(host: OrderTestHost, orderId: string): Promise<{ type: string; payload: unknown }[]> {
  return host.service.dataSource.query(
    `SELECT type, payload FROM messaging_outbox WHERE payload->>'orderId' = $1 ORDER BY position`,
    [orderId],
  );
}

/** Moves an order's placing time into the past, as if it had been waiting that long. */
export async function placedAgo(host: OrderTestHost, orderId: string, milliseconds: number): Promise<void> {
  await host.service.dataSource.query(
    `UPDATE orders SET created_at = now() - make_interval(secs => $2) WHERE id = $1`,
    [orderId, milliseconds / 1000],
  );
}

/**
 * Waits until the order service has handled these messages: the inbox row commits in the same transaction as the
 * message's effects, so once it is there, so are they (or their absence).
 */
export function handled(host: OrderTestHost, ...messageIds: string[]): Promise<void> {
  return messagesHandled((sql, params) => host.service.dataSource.query(sql, params), messageIds);
}

/** Delivers catalog's StockReserved for the order, as catalog would, and waits until the order service handled it. */
export async function reserveStock(host: OrderTestHost, order: OrderJson): Promise<string> {
  const items = order.items.map(({ productId, quantity }) => ({ productId, quantity }));
  const messageId = await publishTestEvent(host.vhost.url, StockReserved, {
    orderId: order.id,
    items,
    reservedAt: new Date().toISOString(),
  });
  await handled(host, messageId);
  return messageId;
}

/** Delivers catalog's StockReservationFailed for the order and waits until the order service handled it. */
export async function failReservation(host: OrderTestHost, order: OrderJson, reason: string): Promise<string> {
  const [line] = order.items;
  const messageId = await publishTestEvent(host.vhost.url, StockReservationFailed, {
    orderId: order.id,
    reason,
    lines: [{ productId: line?.productId ?? UNKNOWN_ID, requested: line?.quantity ?? 1, available: 0 }],
    failedAt: new Date().toISOString(),
  });
  await handled(host, messageId);
  return messageId;
}

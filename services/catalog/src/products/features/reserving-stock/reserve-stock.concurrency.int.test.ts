import { OrderPlaced } from '@shop/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogTestHost, startCatalogForTest } from '../../../test/catalog-test-host';
import { handled, messagingCount, orderPlaced, publishEvent, stockOf } from '../../../test/orders';
import { createProduct } from '../../../test/products';

const QUEUE = 'catalog.order-placed';

/** Orders arrive together and are handled concurrently (prefetch 20 per consumer, a pool of 10 connections). */
describe('reserving stock under concurrent orders', () => {
  let host: CatalogTestHost;
  beforeAll(async () => {
    host = await startCatalogForTest();
  });
  afterAll(() => host.stop());

  const statuses = async (orderIds: string[]): Promise<Record<string, number>> => {
    const rows: { status: string; n: number }[] = await host.service.dataSource.query(
      'SELECT status, count(*)::int AS n FROM reservation_orders WHERE order_id = ANY($1) GROUP BY status',
      [orderIds],
    );
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  };

  it('never sells a unit twice: 30 orders of 1 unit for 10 units reserve exactly 10', async () => {
    // Given 10 units
    const cup = await createProduct(host, { stock: 10 });
    // When 30 orders of one unit each arrive at once
    const orders = Array.from({ length: 30 }, () => orderPlaced([[cup.id, 1]]));
    const messageIds = await Promise.all(orders.map((order) => publishEvent(host, OrderPlaced, order)));
    await handled(host, ...messageIds);

    // Then exactly 10 are reserved and 20 failed; the stock is all reserved and never went below zero
    const orderIds = orders.map((order) => order.orderId);
    expect(await statuses(orderIds)).toEqual({ reserved: 10, failed: 20 });
    expect(await stockOf(host, cup.id)).toEqual({ available: 0, reserved: 10 });
    const [held] = await host.service.dataSource.query(
      'SELECT coalesce(sum(quantity), 0)::int AS units FROM stock_reservations WHERE product_id = $1',
      [cup.id],
    );
    expect(held.units).toBe(10);
    const events: { type: string; n: number }[] = await host.service.dataSource.query(
      `SELECT type, count(*)::int AS n FROM messaging_outbox WHERE payload->>'orderId' = ANY($1) GROUP BY type
       ORDER BY type`,
      [orderIds],
    );
    expect(events).toEqual([
      { type: 'StockReservationFailed', n: 20 },
      { type: 'StockReserved', n: 10 },
    ]);
  });

  it('does not deadlock when concurrent orders list the same products in opposite orders', async () => {
    // Given two products and no failed handling so far
    const [cup, mug] = await Promise.all([createProduct(host, { stock: 100 }), createProduct(host, { stock: 100 })]);
    const retriedBefore = await messagingCount(host, 'messaging_retried_total', QUEUE);
    // When 40 orders arrive at once, half listing cup then mug, half mug then cup
    const orders = Array.from({ length: 40 }, (_, n) =>
      orderPlaced(
        n % 2 === 0
          ? [
              [cup.id, 1],
              [mug.id, 2],
            ]
          : [
              [mug.id, 2],
              [cup.id, 1],
            ],
      ),
    );
    await handled(host, ...(await Promise.all(orders.map((order) => publishEvent(host, OrderPlaced, order)))));

    // Then every order is reserved on its first attempt (a deadlock would have failed one and sent it to retry)
    expect(await statuses(orders.map((order) => order.orderId))).toEqual({ reserved: 40 });
    expect(await stockOf(host, cup.id)).toEqual({ available: 60, reserved: 40 });
    expect(await stockOf(host, mug.id)).toEqual({ available: 20, reserved: 80 });
    expect(await messagingCount(host, 'messaging_retried_total', QUEUE)).toBe(retriedBefore);
  });
});

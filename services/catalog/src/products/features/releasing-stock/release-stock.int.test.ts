import { type EventProbe, probeEvents } from '@shop/building-blocks/testing';
import { OrderCancelled, OrderPlaced, OrderRejected, StockReleased, type StockReleasedV1 } from '@shop/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogTestHost, startCatalogForTest } from '../../../test/catalog-test-host';
import {
  eventsAbout,
  handled,
  orderEnded,
  orderPlaced,
  publishEvent,
  reservationOf,
  stockOf,
} from '../../../test/orders';
import { createProduct, type ProductJson, snapshotProducts } from '../../../test/products';

describe('releasing stock of an ended order (OrderCancelled | OrderRejected -> StockReleased)', () => {
  let host: CatalogTestHost;
  let released: EventProbe<StockReleasedV1>;
  beforeAll(async () => {
    host = await startCatalogForTest();
    released = await probeEvents(host.vhost.url, StockReleased);
  });
  afterAll(async () => {
    await released.close();
    await host.stop();
  });

  /** An order of 2 cups and 1 mug, placed and reserved. */
  async function reservedOrder(): Promise<{ orderId: string; cup: ProductJson; mug: ProductJson }> {
    const [cup, mug] = await Promise.all([createProduct(host, { stock: 10 }), createProduct(host, { stock: 5 })]);
    const order = orderPlaced([
      [cup.id, 2],
      [mug.id, 1],
    ]);
    await handled(host, await publishEvent(host, OrderPlaced, order));
    expect((await reservationOf(host, order.orderId)).status).toBe('reserved');
    return { orderId: order.orderId, cup, mug };
  }

  const typesOfEventsAbout = async (orderId: string) => (await eventsAbout(host, orderId)).map((event) => event.type);

  it('gives back exactly what was reserved when the order is cancelled, and publishes StockReleased', async () => {
    // Given a reserved order
    const { orderId, cup, mug } = await reservedOrder();
    // When it is cancelled
    await publishEvent(host, OrderCancelled, orderEnded(orderId).cancelled);

    // Then its lines are announced as released, and the stock is as before the order
    const event = await released.waitFor((candidate) => candidate.payload.orderId === orderId);
    expect(event.payload.items).toEqual((await reservationOf(host, orderId)).lines);
    expect(event.payload.items).toHaveLength(2);
    expect(await stockOf(host, cup.id)).toEqual({ available: 10, reserved: 0 });
    expect(await stockOf(host, mug.id)).toEqual({ available: 5, reserved: 0 });
    expect((await reservationOf(host, orderId)).status).toBe('released');
  });

  it('releases a reservation once when OrderRejected arrives too (the saga deadline passed)', async () => {
    // Given a reserved order
    const { orderId, cup, mug } = await reservedOrder();
    // When it is both cancelled and rejected, the two messages at the same time
    const ended = orderEnded(orderId);
    const messageIds = await Promise.all([
      publishEvent(host, OrderCancelled, ended.cancelled),
      publishEvent(host, OrderRejected, ended.rejected),
    ]);
    await handled(host, ...messageIds);

    // Then the stock came back once, not twice, and one StockReleased was written
    expect(await stockOf(host, cup.id)).toEqual({ available: 10, reserved: 0 });
    expect(await stockOf(host, mug.id)).toEqual({ available: 5, reserved: 0 });
    expect(await typesOfEventsAbout(orderId)).toEqual(['StockReserved', 'StockReleased']);
  });

  it('releases a late reservation of an order rejected at its deadline (compensation)', async () => {
    const { orderId, cup } = await reservedOrder();
    await handled(host, await publishEvent(host, OrderRejected, orderEnded(orderId).rejected));

    expect(await stockOf(host, cup.id)).toEqual({ available: 10, reserved: 0 });
    expect(await typesOfEventsAbout(orderId)).toEqual(['StockReserved', 'StockReleased']);
  });

  it('reserves nothing for an OrderPlaced that arrives after its OrderCancelled', async () => {
    // Given an order cancelled before the catalog heard it was placed
    const cup = await createProduct(host, { stock: 10 });
    const order = orderPlaced([[cup.id, 3]]);
    await handled(host, await publishEvent(host, OrderCancelled, orderEnded(order.orderId).cancelled));
    const before = await snapshotProducts(host);
    // When the OrderPlaced arrives late
    await handled(host, await publishEvent(host, OrderPlaced, order));

    // Then nothing is reserved and nothing is announced: the order is closed
    expect(await snapshotProducts(host)).toEqual(before);
    expect(await reservationOf(host, order.orderId)).toEqual({ status: 'closed', lines: [] });
    expect(await typesOfEventsAbout(order.orderId)).toEqual([]);
  });

  it('releases nothing for an order whose reservation failed', async () => {
    const cup = await createProduct(host, { stock: 1 });
    const order = orderPlaced([[cup.id, 2]]);
    await handled(host, await publishEvent(host, OrderPlaced, order));
    await handled(host, await publishEvent(host, OrderCancelled, orderEnded(order.orderId).cancelled));

    expect(await stockOf(host, cup.id)).toEqual({ available: 1, reserved: 0 });
    expect(await reservationOf(host, order.orderId)).toEqual({ status: 'failed', lines: [] });
    expect(await typesOfEventsAbout(order.orderId)).toEqual(['StockReservationFailed']);
  });

  it('leaves other orders of the same product reserved', async () => {
    // Given two reserved orders of the same cup
    const cup = await createProduct(host, { stock: 10 });
    const [first, second] = [orderPlaced([[cup.id, 3]]), orderPlaced([[cup.id, 4]])];
    await handled(host, ...(await Promise.all([first, second].map((o) => publishEvent(host, OrderPlaced, o)))));
    // When the first is cancelled
    await handled(host, await publishEvent(host, OrderCancelled, orderEnded(first.orderId).cancelled));

    // Then only its 3 units come back
    expect(await stockOf(host, cup.id)).toEqual({ available: 6, reserved: 4 });
    expect((await reservationOf(host, second.orderId)).status).toBe('reserved');
  });
});

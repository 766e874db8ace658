import 'reflect-metadata';
import { listDeadLetters } from '@shop/building-blocks/messaging';
import { type EventProbe, probeEvents } from '@shop/building-blocks/testing';
import {
  OrderPlaced,
  StockReservationFailed,
  type StockReservationFailedV1,
  StockReserved,
  type StockReservedV1,
} from '@shop/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogTestHost, startCatalogForTest } from '../../../test/catalog-test-host';
import {
  eventsAbout,
  eventually,
  handled,
  messagingCount,
  orderPlaced,
  publishEvent,
  reservationOf,
  stockOf,
} from '../../../test/orders';
import { createProduct, snapshotProducts, UNKNOWN_ID } from '../../../test/products';

const QUEUE = 'catalog.order-placed';

describe('reserving stock for a placed order (OrderPlaced -> StockReserved | StockReservationFailed)', () => {
  let host: CatalogTestHost;
  let reserved: EventProbe<StockReservedV1>;
  let failed: EventProbe<StockReservationFailedV1>;
  beforeAll(async () => {
    host = await startCatalogForTest();
    [reserved, failed] = await Promise.all([
      probeEvents(host.vhost.url, StockReserved),
      probeEvents(host.vhost.url, StockReservationFailed),
    ]);
  });
  afterAll(async () => {
    await Promise.all([reserved.close(), failed.close()]);
    await host.stop();
  });

  it('reserves every line, summing lines of one product however its id is spelt, and publishes StockReserved', async () => {
    // Given two products
    const cup = await createProduct(host, { stock: 10 });
    const mug = await createProduct(host, { stock: 4 });
    // When an order of 2 + 1 cups (the second line's id in upper case) and 4 mugs is placed
    const order = orderPlaced([
      [cup.id, 2],
      [mug.id, 4],
      [cup.id.toUpperCase(), 1],
    ]);
    await publishEvent(host, OrderPlaced, order);

    // Then StockReserved lists one line per product, and the units moved from available to reserved
    const event = await reserved.waitFor((candidate) => candidate.payload.orderId === order.orderId);
    const lines = [
      { productId: cup.id, quantity: 3 },
      { productId: mug.id, quantity: 4 },
    ].sort((a, b) => (a.productId < b.productId ? -1 : 1));
    expect(event.payload.items).toEqual(lines);
    expect(event.headers.source).toBe('catalog');
    expect(await stockOf(host, cup.id)).toEqual({ available: 7, reserved: 3 });
    expect(await stockOf(host, mug.id)).toEqual({ available: 0, reserved: 4 });
    expect(await reservationOf(host, order.orderId)).toEqual({ status: 'reserved', lines });
  });

  it('reserves nothing when one line is short, and says which one and by how much', async () => {
    // Given 5 cups and 3 mugs
    const cup = await createProduct(host, { name: 'Espresso cup', stock: 5 });
    const mug = await createProduct(host, { name: 'Mug', stock: 3 });
    const before = await snapshotProducts(host);
    // When an order wants 2 cups and 4 mugs
    const order = orderPlaced([
      [cup.id, 2],
      [mug.id, 4],
    ]);
    await publishEvent(host, OrderPlaced, order);

    // Then no unit moved, not even the cups that were there, and the failure names the mug line
    const event = await failed.waitFor((candidate) => candidate.payload.orderId === order.orderId);
    expect(event.payload.lines).toEqual([{ productId: mug.id, requested: 4, available: 3 }]);
    expect(event.payload.reason).toBe('Not enough stock for this order (Mug: 4 ordered, 3 available)');
    expect(await snapshotProducts(host)).toEqual(before);
    expect(await reservationOf(host, order.orderId)).toEqual({ status: 'failed', lines: [] });
  });

  it('reserves nothing for an order with an unknown product, which it reports with 0 available', async () => {
    const cup = await createProduct(host, { stock: 5 });
    const order = orderPlaced([
      [cup.id, 1],
      [UNKNOWN_ID, 2],
    ]);
    await publishEvent(host, OrderPlaced, order);

    const event = await failed.waitFor((candidate) => candidate.payload.orderId === order.orderId);
    expect(event.payload.lines).toEqual([{ productId: UNKNOWN_ID, requested: 2, available: 0 }]);
    expect(event.payload.reason).toContain(`product ${UNKNOWN_ID} is not in the catalog`);
    expect(await stockOf(host, cup.id)).toEqual({ available: 5, reserved: 0 });
  });

  it('has one effect when the same message is delivered twice', async () => {
    // Given an order message that the broker delivers twice (same messageId)
    const cup = await createProduct(host, { stock: 10 });
    const order = orderPlaced([[cup.id, 3]]);
    const duplicatesBefore = await messagingCount(host, 'messaging_duplicates_skipped_total', QUEUE);
    const messageId = await publishEvent(host, OrderPlaced, order);
    await publishEvent(host, OrderPlaced, order, messageId);

    // Then the inbox skips the second one, and 3 units are reserved once
    await handled(host, messageId);
    await eventually('the duplicate is skipped', async () => {
      return (await messagingCount(host, 'messaging_duplicates_skipped_total', QUEUE)) === duplicatesBefore + 1;
    });
    expect(await stockOf(host, cup.id)).toEqual({ available: 7, reserved: 3 });
    expect((await eventsAbout(host, order.orderId)).map((event) => event.type)).toEqual(['StockReserved']);
  });

  it('has one effect when the order is published again under a new messageId', async () => {
    const cup = await createProduct(host, { stock: 10 });
    const order = orderPlaced([[cup.id, 4]]);
    await handled(host, await publishEvent(host, OrderPlaced, order));
    await handled(host, await publishEvent(host, OrderPlaced, order));

    expect(await stockOf(host, cup.id)).toEqual({ available: 6, reserved: 4 });
    expect((await eventsAbout(host, order.orderId)).map((event) => event.type)).toEqual(['StockReserved']);
  });

  it('sends a malformed OrderPlaced to the dead-letter queue at once, changing nothing', async () => {
    // Given a message whose line has a quantity of 0
    const cup = await createProduct(host, { stock: 10 });
    const before = await snapshotProducts(host);
    const order = orderPlaced([[cup.id, 0]]);
    const messageId = await publishEvent(host, OrderPlaced, order);

    // Then it is dead-lettered on its first attempt, naming the field, and no stock or event was written
    await eventually('the message is dead-lettered', async () => {
      const letters = await listDeadLetters(host.vhost.url, QUEUE);
      return letters.some((letter) => letter.messageId === messageId);
    });
    const [letter] = (await listDeadLetters(host.vhost.url, QUEUE)).filter((dead) => dead.messageId === messageId);
    expect(letter).toMatchObject({ attempts: 1, lastError: expect.stringContaining('items.0.quantity') });
    expect(await snapshotProducts(host)).toEqual(before);
    expect(await reservationOf(host, order.orderId)).toEqual({ status: undefined, lines: [] });
    expect(await eventsAbout(host, order.orderId)).toEqual([]);
  });
});

import { randomUUID } from 'node:crypto';
import { type EventProbe, probeEvents, publishTestEvent } from '@shop/building-blocks/testing';
import { OrderConfirmed, type OrderConfirmedV1, StockReserved } from '@shop/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, ORDERS_URL, type OrderTestHost, startOrderForTest } from '../../../test/order-test-host';
import {
  eventsAbout,
  failReservation,
  handled,
  type OrderJson,
  placed,
  reserveStock,
  sagaState,
  storedOrder,
} from '../../../test/orders';

/** DESIGN §4 step 3: catalog's StockReserved confirms a Pending order; any other delivery changes nothing. */
describe('confirming an order on StockReserved', () => {
  let host: OrderTestHost;
  let alice: Caller;
  let cup: string;
  let confirmedEvents: EventProbe<OrderConfirmedV1>;
  beforeAll(async () => {
    host = await startOrderForTest();
    alice = await host.customer();
    cup = host.product();
    confirmedEvents = await probeEvents(host.vhost.url, OrderConfirmed);
  });
  afterAll(async () => {
    await confirmedEvents.close();
    await host.stop();
  });

  const place = () => placed(host, alice, [{ productId: cup, quantity: 3 }]);
  const get = async (id: string) =>
    (
      await host.service.app.inject({ url: `${ORDERS_URL}/${id}`, headers: { authorization: alice.authorization } })
    ).json<OrderJson>();
  const confirmedTypes = async (id: string) =>
    (await eventsAbout(host, id)).filter((row) => row.type === 'OrderConfirmed');

  it('confirms a Pending order and publishes OrderConfirmed', async () => {
    // Given a Pending order
    const order = await place();

    // When catalog reports every line reserved
    await reserveStock(host, order);

    // Then it is Confirmed, and OrderConfirmed goes out
    const confirmed = await get(order.id);
    expect(confirmed).toMatchObject({ status: 'Confirmed', items: order.items, total: order.total });
    expect(confirmed.statusReason).toBeUndefined();
    const event = await confirmedEvents.waitFor((candidate) => candidate.payload.orderId === order.id);
    expect(event.payload).toEqual({ orderId: order.id, customerId: alice.id, confirmedAt: confirmed.updatedAt });
  });

  it('changes nothing when StockReserved is delivered a second time', async () => {
    const order = await place();
    await reserveStock(host, order);
    const stored = await storedOrder(host, order.id);
    const before = await sagaState(host);

    // When the same event arrives again under a new message id (the inbox cannot tell it is a copy)
    await reserveStock(host, order);

    // Then the order, its version and its events are as they were
    expect(await sagaState(host)).toEqual(before);
    expect(await storedOrder(host, order.id)).toEqual(stored);
    expect(await confirmedTypes(order.id)).toHaveLength(1);
  });

  it('leaves a Cancelled order Cancelled when its reservation arrives late', async () => {
    const order = await place();
    const cancelled = await host.service.app.inject({
      method: 'POST',
      url: `${ORDERS_URL}/${order.id}/cancel`,
      headers: { authorization: alice.authorization },
    });
    expect(cancelled.statusCode).toBe(200);
    const before = await sagaState(host);

    await reserveStock(host, order);

    expect(await sagaState(host)).toEqual(before);
    expect(await storedOrder(host, order.id)).toMatchObject({ status: 'Cancelled' });
    expect(await confirmedTypes(order.id)).toEqual([]);
  });

  it('leaves a Rejected order Rejected, with its reason, when a reservation arrives after all', async () => {
    const order = await place();
    await failReservation(host, order, 'Espresso cup: 3 requested, 1 available');
    const before = await sagaState(host);

    await reserveStock(host, order);

    expect(await sagaState(host)).toEqual(before);
    expect(await storedOrder(host, order.id)).toMatchObject({
      status: 'Rejected',
      statusReason: 'Espresso cup: 3 requested, 1 available',
    });
    expect(await confirmedTypes(order.id)).toEqual([]);
  });

  it('handles a reservation for an order it does not know without writing anything but its inbox row', async () => {
    const before = await sagaState(host);
    const messageId = await publishTestEvent(host.vhost.url, StockReserved, {
      orderId: randomUUID(),
      items: [{ productId: cup, quantity: 1 }],
      reservedAt: new Date().toISOString(),
    });

    await handled(host, messageId);

    expect(await sagaState(host)).toEqual(before);
  });
});

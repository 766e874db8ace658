import { type EventProbe, probeEvents } from '@shop/building-blocks/testing';
import { OrderRejected, type OrderRejectedV1 } from '@shop/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, ORDERS_URL, type OrderTestHost, startOrderForTest } from '../../../test/order-test-host';
import {
  eventsAbout,
  failReservation,
  type OrderJson,
  placed,
  reserveStock,
  sagaState,
  storedOrder,
} from '../../../test/orders';

const SHORT = 'Espresso cup: 3 requested, 1 available';

/** DESIGN §4 step 3: catalog's StockReservationFailed rejects a Pending order with its reason; nothing else. */
describe('rejecting an order on StockReservationFailed', () => {
  let host: OrderTestHost;
  let alice: Caller;
  let cup: string;
  let rejectedEvents: EventProbe<OrderRejectedV1>;
  beforeAll(async () => {
    host = await startOrderForTest();
    alice = await host.customer();
    cup = host.product();
    rejectedEvents = await probeEvents(host.vhost.url, OrderRejected);
  });
  afterAll(async () => {
    await rejectedEvents.close();
    await host.stop();
  });

  const place = () => placed(host, alice, [{ productId: cup, quantity: 3 }]);
  const get = async (id: string) =>
    (
      await host.service.app.inject({ url: `${ORDERS_URL}/${id}`, headers: { authorization: alice.authorization } })
    ).json<OrderJson>();
  const rejections = async (id: string) => (await eventsAbout(host, id)).filter((row) => row.type === 'OrderRejected');

  it("rejects a Pending order with catalog's reason and publishes OrderRejected", async () => {
    // Given a Pending order
    const order = await place();

    // When catalog reports it could not reserve a line
    await failReservation(host, order, SHORT);

    // Then the order is Rejected, saying why, and OrderRejected goes out with the same reason
    const rejected = await get(order.id);
    expect(rejected).toMatchObject({ status: 'Rejected', statusReason: SHORT, items: order.items });
    const event = await rejectedEvents.waitFor((candidate) => candidate.payload.orderId === order.id);
    expect(event.payload).toEqual({
      orderId: order.id,
      customerId: alice.id,
      reason: SHORT,
      rejectedAt: rejected.updatedAt,
    });
  });

  it('changes nothing when a second failure arrives, even with another reason', async () => {
    const order = await place();
    await failReservation(host, order, SHORT);
    const before = await sagaState(host);

    await failReservation(host, order, 'Espresso cup: 3 requested, 0 available');

    expect(await sagaState(host)).toEqual(before);
    expect(await storedOrder(host, order.id)).toMatchObject({ status: 'Rejected', statusReason: SHORT });
    expect(await rejections(order.id)).toHaveLength(1);
  });

  it('leaves a Confirmed order Confirmed when a failure arrives for it', async () => {
    const order = await place();
    await reserveStock(host, order);
    const before = await sagaState(host);

    await failReservation(host, order, SHORT);

    expect(await sagaState(host)).toEqual(before);
    expect(await storedOrder(host, order.id)).toMatchObject({ status: 'Confirmed', statusReason: null });
    expect(await rejections(order.id)).toEqual([]);
  });

  it('leaves a Cancelled order Cancelled when a failure arrives for it', async () => {
    const order = await place();
    const cancelled = await host.service.app.inject({
      method: 'POST',
      url: `${ORDERS_URL}/${order.id}/cancel`,
      headers: { authorization: alice.authorization },
    });
    expect(cancelled.statusCode).toBe(200);
    const before = await sagaState(host);

    await failReservation(host, order, SHORT);

    expect(await sagaState(host)).toEqual(before);
    expect(await storedOrder(host, order.id)).toMatchObject({ status: 'Cancelled' });
    expect(await rejections(order.id)).toEqual([]);
  });
});

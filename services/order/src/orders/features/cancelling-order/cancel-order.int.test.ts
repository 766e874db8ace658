import { type EventProbe, probeEvents } from '@shop/building-blocks/testing';
import { OrderCancelled, type OrderCancelledV1 } from '@shop/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, ORDERS_URL, type OrderTestHost, startOrderForTest } from '../../../test/order-test-host';
import {
  eventsAbout,
  expectProblem,
  failReservation,
  type OrderJson,
  placed,
  reserveStock,
  storedOrder,
  UNKNOWN_ID,
} from '../../../test/orders';

/** DESIGN §3 / §4 step 4: the owner or an admin cancels a Pending or Confirmed order; a final state is a 409. */
describe('cancelling an order', () => {
  let host: OrderTestHost;
  let alice: Caller;
  let cup: string;
  let cancelledEvents: EventProbe<OrderCancelledV1>;
  beforeAll(async () => {
    host = await startOrderForTest();
    alice = await host.customer();
    cup = host.product();
    cancelledEvents = await probeEvents(host.vhost.url, OrderCancelled);
  });
  afterAll(async () => {
    await cancelledEvents.close();
    await host.stop();
  });

  const place = () => placed(host, alice, [{ productId: cup, quantity: 2 }]);
  const cancel = (caller: Caller, id: string) =>
    host.service.app.inject({
      method: 'POST',
      url: `${ORDERS_URL}/${id}/cancel`,
      headers: { authorization: caller.authorization },
    });
  const cancelledAbout = (id: string) => cancelledEvents.received.filter((event) => event.payload.orderId === id);

  it('cancels a Pending order and publishes OrderCancelled', async () => {
    const order = await place();

    const reply = await cancel(alice, order.id);

    expect(reply.statusCode, reply.body).toBe(200);
    const cancelled = reply.json<OrderJson>();
    expect(cancelled).toMatchObject({ id: order.id, status: 'Cancelled', items: order.items, total: order.total });
    expect(cancelled.statusReason).toBeUndefined();
    expect(await storedOrder(host, order.id)).toMatchObject({ status: 'Cancelled' });
    const event = await cancelledEvents.waitFor((candidate) => candidate.payload.orderId === order.id);
    expect(event.payload).toEqual({ orderId: order.id, customerId: alice.id, cancelledAt: cancelled.updatedAt });
    expect((await eventsAbout(host, order.id)).map((row) => row.type)).toEqual(['OrderPlaced', 'OrderCancelled']);
  });

  it('cancels a Confirmed order', async () => {
    const order = await place();
    await reserveStock(host, order);

    const reply = await cancel(alice, order.id);

    expect(reply.json<OrderJson>()).toMatchObject({ status: 'Cancelled' });
    await cancelledEvents.waitFor((candidate) => candidate.payload.orderId === order.id);
  });

  it("lets an admin cancel any customer's order", async () => {
    const order = await place();
    const reply = await cancel(await host.admin(), order.id);
    expect(reply.json<OrderJson>()).toMatchObject({ status: 'Cancelled', customerId: alice.id });
  });

  it('refuses a second cancel with 409, and changes nothing', async () => {
    const order = await place();
    await cancel(alice, order.id);
    await cancelledEvents.waitFor((candidate) => candidate.payload.orderId === order.id);
    const before = await host.snapshot();

    const again = await cancel(alice, order.id);

    expect(expectProblem(again, 409).detail).toContain('Cancelled');
    expect(await host.snapshot()).toEqual(before);
    expect(cancelledAbout(order.id)).toHaveLength(1);
  });

  it('refuses to cancel a Rejected order with 409, and changes nothing', async () => {
    const order = await place();
    await failReservation(host, order, 'Espresso cup: 2 requested, 0 available');
    const before = await host.snapshot();

    expectProblem(await cancel(alice, order.id), 409);

    expect(await host.snapshot()).toEqual(before);
    expect(await storedOrder(host, order.id)).toMatchObject({ status: 'Rejected' });
  });

  it("answers another customer's order with 404, and changes nothing", async () => {
    const order = await place();
    const before = await host.snapshot();

    expectProblem(await cancel(await host.customer(), order.id), 404);

    expect(await host.snapshot()).toEqual(before);
    expect(await storedOrder(host, order.id)).toMatchObject({ status: 'Pending' });
  });

  it('cancels once when two cancels race: one 200, one 409, one event', async () => {
    const order = await place();

    const replies = await Promise.all([cancel(alice, order.id), cancel(alice, order.id)]);

    expect(replies.map((reply) => reply.statusCode).sort()).toEqual([200, 409]);
    expect((await eventsAbout(host, order.id)).filter((row) => row.type === 'OrderCancelled')).toHaveLength(1);
  });

  it('answers an unknown id with 404 and a malformed one with 400', async () => {
    expectProblem(await cancel(alice, UNKNOWN_ID), 404);
    expectProblem(await cancel(alice, 'order-1'), 400, 'id');
  });
});

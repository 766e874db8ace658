import { ValidationError } from '@shop/building-blocks/errors';
import { type EventProbe, probeEvents } from '@shop/building-blocks/testing';
import { OrderRejected, type OrderRejectedV1 } from '@shop/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, ORDERS_URL, type OrderTestHost, startOrderForTest } from '../../../test/order-test-host';
import {
  eventsAbout,
  eventually,
  type OrderJson,
  placed,
  placedAgo,
  reserveStock,
  sagaState,
  storedOrder,
} from '../../../test/orders';
import { ExpirePendingOrdersCommand } from './expire-pending-orders.command';
import { TIMEOUT_REASON } from './expire-pending-orders.handler';

const HOUR = 3_600_000;

/** DESIGN §4 step 5: an order still Pending after the deadline is Rejected with reason `timeout`, exactly once. */
describe('expiring Pending orders', () => {
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

  const place = () => placed(host, alice, [{ productId: cup, quantity: 1 }]);
  /** A Pending order placed `ago` milliseconds ago. */
  const pendingSince = async (ago: number) => {
    const order = await place();
    await placedAgo(host, order.id, ago);
    return order;
  };
  const expire = (olderThanMs: number, limit = 100) =>
    host.service.mediator.send(Object.assign(new ExpirePendingOrdersCommand(), { olderThanMs, limit }));
  const status = async (order: OrderJson) => (await storedOrder(host, order.id))?.status;
  const rejections = async (order: OrderJson) =>
    (await eventsAbout(host, order.id)).filter((row) => row.type === 'OrderRejected');

  it('rejects only Pending orders placed before the deadline, with reason timeout and OrderRejected', async () => {
    // Given, all placed two hours ago but one: a Pending, a Confirmed and a Cancelled order, and a Pending one of 59 min
    const expired = await pendingSince(2 * HOUR);
    const confirmed = await pendingSince(2 * HOUR);
    await reserveStock(host, confirmed);
    const cancelled = await pendingSince(2 * HOUR);
    await host.service.app.inject({
      method: 'POST',
      url: `${ORDERS_URL}/${cancelled.id}/cancel`,
      headers: { authorization: alice.authorization },
    });
    const recent = await pendingSince(59 * 60_000);

    // When the sweep runs with a one-hour deadline
    const count = await expire(HOUR);

    // Then only the expired order is Rejected, saying timeout, and announced
    expect(count).toBe(1);
    expect(await storedOrder(host, expired.id)).toMatchObject({ status: 'Rejected', statusReason: TIMEOUT_REASON });
    expect([await status(confirmed), await status(cancelled), await status(recent)]).toEqual([
      'Confirmed',
      'Cancelled',
      'Pending',
    ]);
    const event = await rejectedEvents.waitFor((candidate) => candidate.payload.orderId === expired.id);
    expect(event.payload).toMatchObject({ orderId: expired.id, customerId: alice.id, reason: 'timeout' });
    expect(await rejections(recent)).toEqual([]);
  });

  it('changes nothing when nothing has expired', async () => {
    await pendingSince(10 * 60_000);
    const before = await sagaState(host);
    expect(await expire(HOUR)).toBe(0);
    expect(await sagaState(host)).toEqual(before);
  });

  it('takes at most `limit` orders at a time, oldest first', async () => {
    const [oldest, middle, newest] = [
      await pendingSince(5 * HOUR),
      await pendingSince(4 * HOUR),
      await pendingSince(3 * HOUR),
    ];

    expect(await expire(HOUR, 2)).toBe(2);
    expect([await status(oldest), await status(middle), await status(newest)]).toEqual([
      'Rejected',
      'Rejected',
      'Pending',
    ]);
    expect(await expire(HOUR, 2)).toBe(1);
    expect(await expire(HOUR, 2)).toBe(0);
  });

  it('never rejects one order twice when several sweeps run at once', async () => {
    const orders = await Promise.all(Array.from({ length: 30 }, () => pendingSince(2 * HOUR)));

    const counts = await Promise.all(Array.from({ length: 4 }, () => expire(HOUR, 100)));

    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(30);
    const perOrder = await Promise.all(orders.map(async (order) => (await rejections(order)).length));
    expect(perOrder).toEqual(Array(30).fill(1));
    expect(new Set(await Promise.all(orders.map(status)))).toEqual(new Set(['Rejected']));
  });

  it('refuses a sweep with a negative deadline or no limit, and changes nothing', async () => {
    await pendingSince(2 * HOUR);
    const before = await sagaState(host);
    await expect(expire(-1)).rejects.toBeInstanceOf(ValidationError);
    await expect(expire(HOUR, 0)).rejects.toBeInstanceOf(ValidationError);
    expect(await sagaState(host)).toEqual(before);
  });
});

describe("the service's own deadline job", () => {
  let host: OrderTestHost;
  beforeAll(async () => {
    host = await startOrderForTest({
      env: { ORDER_PENDING_TIMEOUT_MS: String(HOUR), ORDER_PENDING_SWEEP_INTERVAL_MS: '100' },
    });
  });
  afterAll(() => host.stop());

  it('rejects an order past ORDER_PENDING_TIMEOUT_MS without being asked, and leaves a younger one Pending', async () => {
    const alice = await host.customer();
    const cup = host.product();
    const [old, young] = [
      await placed(host, alice, [{ productId: cup, quantity: 1 }]),
      await placed(host, alice, [{ productId: cup, quantity: 1 }]),
    ];

    await placedAgo(host, old.id, 2 * HOUR);

    await eventually('the job rejects the expired order', async () => {
      return (await storedOrder(host, old.id))?.status === 'Rejected';
    });
    expect(await storedOrder(host, old.id)).toMatchObject({ statusReason: 'timeout' });
    expect(await storedOrder(host, young.id)).toMatchObject({ status: 'Pending' });
  });
});

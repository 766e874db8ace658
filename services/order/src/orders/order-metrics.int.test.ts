import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, ORDERS_URL, type OrderTestHost, startOrderForTest } from '../test/order-test-host';
import { failReservation, type OrderJson, placed, placedAgo, reserveStock, storedOrder } from '../test/orders';
import { CancelOrderCommand } from './features/cancelling-order/cancel-order.command';
import { ExpirePendingOrdersCommand } from './features/expiring-orders/expire-pending-orders.command';

const HOUR = 3_600_000;

/** One sample of the Prometheus text format: `name{label="value",...} number`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseSamples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v]));
      return { name: match[1] ?? '', labels, value: Number(match[3]) };
    });
}

/** DESIGN §7: the order service counts what its saga did, from its `/metrics`, and only what was committed. */
describe('the order metrics', () => {
  let host: OrderTestHost;
  let alice: Caller;
  let cup: string;
  let initial: Sample[];
  beforeAll(async () => {
    host = await startOrderForTest();
    initial = await scrape();
    alice = await host.customer();
    cup = host.product();
  });
  afterAll(() => host.stop());

  /** The service's `/metrics`, as Prometheus scrapes it. */
  const scrape = async () => parseSamples((await host.service.app.inject({ url: '/metrics' })).body);
  /** The value of one series, or undefined when the service does not expose it. */
  const seriesValue = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
    samples.find(
      (sample) =>
        sample.name === name && Object.entries(labels).every(([label, value]) => sample.labels[label] === value),
    )?.value;
  /** How much each series changed while `act` ran. */
  const changes = async (act: () => Promise<unknown>) => {
    const before = await scrape();
    await act();
    const after = await scrape();
    return (name: string, labels: Record<string, string> = {}) =>
      (seriesValue(after, name, labels) ?? Number.NaN) - (seriesValue(before, name, labels) ?? Number.NaN);
  };
  const place = () => placed(host, alice, [{ productId: cup, quantity: 1 }]);
  const cancel = (order: OrderJson) =>
    host.service.app.inject({
      method: 'POST',
      url: `${ORDERS_URL}/${order.id}/cancel`,
      headers: { authorization: alice.authorization },
    });

  it('exposes every series at 0 before the first order: counters, rejection reasons, saga outcomes, queues', () => {
    // Given the scrape taken when the service had just started, before any order (beforeAll)
    const samples = initial;
    // Then each series a panel or an alert reads is there, at 0
    for (const name of ['orders_placed_total', 'orders_confirmed_total', 'orders_cancelled_total']) {
      expect(seriesValue(samples, name), name).toBe(0);
    }
    for (const reason of ['stock_unavailable', 'timeout']) {
      expect(seriesValue(samples, 'orders_rejected_total', { reason }), reason).toBe(0);
    }
    for (const outcome of ['confirmed', 'rejected']) {
      expect(seriesValue(samples, 'order_saga_duration_seconds_count', { outcome }), outcome).toBe(0);
    }
    for (const queue of ['order.stock-reserved', 'order.stock-reservation-failed']) {
      for (const name of ['messaging_consumed_total', 'messaging_retried_total', 'messaging_dead_lettered_total']) {
        expect(seriesValue(samples, name, { queue }), `${name}{queue="${queue}"}`).toBe(0);
      }
    }
    for (const dependency of ['catalog', 'identity']) {
      expect(seriesValue(samples, 'grpc_client_circuit_state', { dependency }), dependency).toBe(0);
    }
  });

  it('counts an order placed once: not its replay, not a refused request', async () => {
    // Given an Idempotency-Key
    const key = randomUUID();
    const body = [{ productId: cup, quantity: 1 }];
    // When an order is placed with it, placed again with it, and an invalid order is refused
    const changed = await changes(async () => {
      expect((await host.place(alice, body, { 'idempotency-key': key })).statusCode).toBe(201);
      expect((await host.place(alice, body, { 'idempotency-key': key })).headers['idempotent-replayed']).toBe('true');
      expect((await host.place(alice, [{ productId: cup, quantity: 0 }])).statusCode).toBe(400);
    });
    // Then one order was counted
    expect(changed('orders_placed_total')).toBe(1);
  });

  it('counts each end of the saga once, with its outcome and duration', async () => {
    // Given three Pending orders, one of them placed two hours ago
    const [toConfirm, toReject, late] = [await place(), await place(), await place()];
    await placedAgo(host, late.id, 2 * HOUR);
    // When catalog reserves the first (twice: a redelivery), fails the second, and the deadline passes for the third
    const changed = await changes(async () => {
      await reserveStock(host, toConfirm);
      await reserveStock(host, toConfirm);
      await failReservation(host, toReject, 'Espresso cup: 1 requested, 0 available');
      const expire = Object.assign(new ExpirePendingOrdersCommand(), { olderThanMs: HOUR, limit: 100 });
      expect(await host.service.mediator.send(expire)).toBe(1);
    });
    // Then one confirmation and two rejections were counted, each by its cause, each with its saga's duration
    expect(changed('orders_confirmed_total')).toBe(1);
    expect(changed('orders_rejected_total', { reason: 'stock_unavailable' })).toBe(1);
    expect(changed('orders_rejected_total', { reason: 'timeout' })).toBe(1);
    expect(changed('order_saga_duration_seconds_count', { outcome: 'confirmed' })).toBe(1);
    expect(changed('order_saga_duration_seconds_count', { outcome: 'rejected' })).toBe(2);
    expect(changed('order_saga_duration_seconds_sum', { outcome: 'rejected' })).toBeGreaterThanOrEqual(2 * 3600);
    expect(changed('orders_placed_total')).toBe(0);
  });

  it('counts a cancellation, and not one refused from a final state', async () => {
    // Given a Pending order
    const order = await place();
    // When it is cancelled, then cancelled again (a 409)
    const changed = await changes(async () => {
      expect((await cancel(order)).statusCode).toBe(200);
      expect((await cancel(order)).statusCode).toBe(409);
    });
    // Then one cancellation was counted
    expect(changed('orders_cancelled_total')).toBe(1);
  });

  it('counts nothing of a change whose transaction rolls back', async () => {
    // Given a Pending order
    const order = await place();
    // When it is cancelled inside a transaction that then fails (as a consumer's does when its inbox write fails)
    const changed = await changes(async () => {
      const failing = host.service.db.transaction(async () => {
        await host.service.mediator.send(Object.assign(new CancelOrderCommand(), { id: order.id }));
        throw new Error('a later step of the same transaction failed');
      });
      await expect(failing).rejects.toThrow('a later step of the same transaction failed');
    });
    // Then the order is still Pending, and no cancellation was counted
    expect((await storedOrder(host, order.id))?.status).toBe('Pending');
    expect(changed('orders_cancelled_total')).toBe(0);
  });
});

import { randomUUID } from 'node:crypto';
import { ValidationError } from '@shop/building-blocks/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, type OrderTestHost, startOrderForTest } from '../../../test/order-test-host';
import type { OrderJson } from '../../../test/orders';
import { ForgetIdempotencyKeysCommand } from './forget-idempotency-keys.command';

/** Idempotency-Keys are remembered for ORDER_IDEMPOTENCY_TTL_HOURS; older ones are forgotten, younger ones kept. */
describe('forgetting Idempotency-Keys', () => {
  let host: OrderTestHost;
  let alice: Caller;
  let cup: string;
  beforeAll(async () => {
    host = await startOrderForTest();
    alice = await host.customer();
    cup = host.product();
  });
  afterAll(() => host.stop());

  const forget = (ttlHours: number) =>
    host.service.mediator.send(Object.assign(new ForgetIdempotencyKeysCommand(), { ttlHours }));
  const placeWith = (key: string) => host.place(alice, [{ productId: cup, quantity: 1 }], { 'idempotency-key': key });
  /** A key used `hours` ago; returns the order it placed. */
  const keyUsedHoursAgo = async (key: string, hours: number): Promise<OrderJson> => {
    const reply = await placeWith(key);
    expect(reply.statusCode).toBe(201);
    await host.service.dataSource.query(
      `UPDATE idempotency_keys SET created_at = now() - make_interval(hours => $2) WHERE key = $1`,
      [key, hours],
    );
    return reply.json<OrderJson>();
  };
  const keys = async (): Promise<string[]> =>
    (await host.service.dataSource.query('SELECT key FROM idempotency_keys ORDER BY key')).map(
      (row: { key: string }) => row.key,
    );
  const orderCount = async (): Promise<number> =>
    (await host.service.dataSource.query('SELECT count(*)::int AS n FROM orders'))[0].n;

  it('forgets only the keys older than the TTL, and keeps every order', async () => {
    // Given keys used 25 h, 23 h and just now
    const [stale, fresh, recent] = ['a-stale', 'b-fresh', 'c-recent'].map((name) => `${name}-${randomUUID()}`) as [
      string,
      string,
      string,
    ];
    await keyUsedHoursAgo(stale, 25);
    await keyUsedHoursAgo(fresh, 23);
    await placeWith(recent);
    const orders = await orderCount();

    // When keys older than 24 h are forgotten
    const forgotten = await forget(24);

    // Then only the stale key is gone, and no order went with it
    expect(forgotten).toBe(1);
    expect(await keys()).toEqual([fresh, recent]);
    expect(await orderCount()).toBe(orders);
  });

  it('treats a forgotten key as new: the same request places a new order, a kept key still replays', async () => {
    const stale = `stale-${randomUUID()}`;
    const kept = `kept-${randomUUID()}`;
    const first = await keyUsedHoursAgo(stale, 48);
    const second = await keyUsedHoursAgo(kept, 1);
    await forget(24);

    const afterForgetting = await placeWith(stale);
    const stillKept = await placeWith(kept);

    expect(afterForgetting.statusCode).toBe(201);
    expect(afterForgetting.headers['idempotent-replayed']).toBeUndefined();
    expect(afterForgetting.json<OrderJson>().id).not.toBe(first.id);
    expect(stillKept.headers['idempotent-replayed']).toBe('true');
    expect(stillKept.json<OrderJson>().id).toBe(second.id);
  });

  it('forgets nothing when every key is younger than the TTL', async () => {
    await placeWith(`young-${randomUUID()}`);
    const before = await keys();
    expect(await forget(24)).toBe(0);
    expect(await keys()).toEqual(before);
  });

  it('refuses a TTL under one hour, and forgets nothing', async () => {
    await keyUsedHoursAgo(`old-${randomUUID()}`, 30);
    const before = await keys();
    await expect(forget(0)).rejects.toBeInstanceOf(ValidationError);
    await expect(forget(1.5)).rejects.toBeInstanceOf(ValidationError);
    expect(await keys()).toEqual(before);
  });
});

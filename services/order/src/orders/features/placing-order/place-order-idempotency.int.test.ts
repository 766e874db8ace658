import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, type Caller, ORDERS_URL, type OrderTestHost, startOrderForTest } from '../../../test/order-test-host';
import { eventsAbout, expectProblem, type OrderJson } from '../../../test/orders';

/** DESIGN §3: a client that retries with the same Idempotency-Key never orders twice. */
describe('placing an order with an Idempotency-Key', () => {
  let host: OrderTestHost;
  let alice: Caller;
  beforeAll(async () => {
    host = await startOrderForTest();
    alice = await host.customer();
  });
  afterAll(() => host.stop());

  const ordersOf = async (caller: Caller): Promise<number> => {
    const [row] = await host.service.dataSource.query('SELECT count(*)::int AS n FROM orders WHERE customer_id = $1', [
      caller.id,
    ]);
    return row.n;
  };

  it('answers a retry with the first order, marked replayed, without a second order, event or catalog call', async () => {
    // Given an order placed with a key
    const cup = host.product();
    const key = randomUUID();
    const first = await host.place(alice, [{ productId: cup, quantity: 2 }], { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const [orders, asked] = [await ordersOf(alice), host.catalog.requests.length];

    // When the client sends the same request again
    const retry = await host.place(alice, [{ productId: cup, quantity: 2 }], { 'idempotency-key': key });

    // Then it gets the same order back, and nothing new exists
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.json<OrderJson>()).toEqual(first.json<OrderJson>());
    expect(await ordersOf(alice)).toBe(orders);
    expect(host.catalog.requests.length).toBe(asked);
    expect(await eventsAbout(host, first.json<OrderJson>().id)).toHaveLength(1);
  });

  it('treats the same body with its keys in another order as the same request', async () => {
    const cup = host.product();
    const key = randomUUID();
    const first = await host.place(alice, [{ productId: cup, quantity: 1 }], { 'idempotency-key': key });

    const reordered = await host.service.app.inject({
      method: 'POST',
      url: ORDERS_URL,
      headers: { authorization: alice.authorization, 'idempotency-key': key, 'content-type': 'application/json' },
      payload: JSON.stringify({
        shippingAddress: {
          country: ADDRESS.country,
          postalCode: ADDRESS.postalCode,
          city: ADDRESS.city,
          line1: ADDRESS.line1,
        },
        items: [{ quantity: 1, productId: cup }],
      }),
    });

    expect(reordered.headers['idempotent-replayed']).toBe('true');
    expect(reordered.json<OrderJson>().id).toBe(first.json<OrderJson>().id);
  });

  it('refuses the same key with another body with 422, and writes nothing', async () => {
    const cup = host.product();
    const key = randomUUID();
    await host.place(alice, [{ productId: cup, quantity: 1 }], { 'idempotency-key': key });
    const before = await host.snapshot();

    const other = await host.place(alice, [{ productId: cup, quantity: 2 }], { 'idempotency-key': key });

    expect(expectProblem(other, 422).detail).toContain('Idempotency-Key');
    expect(await host.snapshot()).toEqual(before);
  });

  it("keeps each customer's keys apart: the same key from another customer places their own order", async () => {
    const cup = host.product();
    const key = randomUUID();
    const bob = await host.customer();

    const mine = await host.place(alice, [{ productId: cup, quantity: 1 }], { 'idempotency-key': key });
    const theirs = await host.place(bob, [{ productId: cup, quantity: 1 }], { 'idempotency-key': key });

    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.json<OrderJson>()).toMatchObject({ customerId: bob.id });
    expect(theirs.json<OrderJson>().id).not.toBe(mine.json<OrderJson>().id);
  });

  it('places one order for ten concurrent requests with one key', async () => {
    const carol = await host.customer();
    const cup = host.product();
    const key = randomUUID();

    const replies = await Promise.all(
      Array.from({ length: 10 }, () =>
        host.place(carol, [{ productId: cup, quantity: 1 }], { 'idempotency-key': key }),
      ),
    );

    expect(replies.map((reply) => reply.statusCode)).toEqual(Array(10).fill(201));
    const ids = new Set(replies.map((reply) => reply.json<OrderJson>().id));
    expect(ids.size).toBe(1);
    expect(replies.filter((reply) => reply.headers['idempotent-replayed'] === 'true')).toHaveLength(9);
    expect(await ordersOf(carol)).toBe(1);
    expect(await eventsAbout(host, [...ids][0] ?? '')).toHaveLength(1);
  });

  it('places a new order for every request without a key', async () => {
    const dave = await host.customer();
    const cup = host.product();
    await host.place(dave, [{ productId: cup, quantity: 1 }]);
    await host.place(dave, [{ productId: cup, quantity: 1 }]);
    expect(await ordersOf(dave)).toBe(2);
  });
});

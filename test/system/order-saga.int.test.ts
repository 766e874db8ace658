import { probeEvents, publishTestEvent } from '@shop/building-blocks/testing';
import { OrderPlaced, StockReleased, StockReserved } from '@shop/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, newKey, type OrderBody, ordersApi } from './support/orders-api';
import { type Customer, ShopSystem } from './support/shop-system';

/** DESIGN §4 end to end: order, catalog and identity, the real broker and databases. */
describe('the order saga', () => {
  let system: ShopSystem;
  let api: ReturnType<typeof ordersApi>;
  let alice: Customer;
  beforeAll(async () => {
    system = await ShopSystem.start();
    api = ordersApi(system.order.url);
    alice = await system.customer();
  });
  afterAll(() => system.stop());

  const settled = (customer: Customer, id: string) =>
    eventually(
      `order ${id} leaves Pending`,
      async () => (await api.get(customer.authorization, id)).body,
      (order: OrderBody) => order.status !== 'Pending',
    );

  it('confirms an order and moves exactly the ordered units from available to reserved', async () => {
    // Given two products in stock
    const [mug, tea] = [
      await system.createProduct({ stock: 10, price: 12.5 }),
      await system.createProduct({ stock: 5 }),
    ];

    // When a customer orders 3 mugs and 2 tea
    const placed = await api.place(alice.authorization, [
      { productId: mug, quantity: 3 },
      { productId: tea, quantity: 2 },
    ]);

    // Then it is Pending at once, priced by catalog, and Confirmed after the saga
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ status: 'Pending', customerId: alice.id, total: 57.5 });
    expect(placed.headers.get('location')).toBe(`/api/v1/orders/${placed.body.id}`);
    expect((await settled(alice, placed.body.id)).status).toBe('Confirmed');
    expect(await system.stock(mug)).toEqual({ available: 7, reserved: 3 });
    expect(await system.stock(tea)).toEqual({ available: 3, reserved: 2 });
  });

  it("rejects a multi-line order with one short line, and changes no line's stock", async () => {
    const plenty = await system.createProduct({ stock: 100 });
    const scarce = await system.createProduct({ stock: 1, name: 'Scarce teapot' });

    const placed = await api.place(alice.authorization, [
      { productId: plenty, quantity: 5 },
      { productId: scarce, quantity: 2 },
    ]);

    const final = await settled(alice, placed.body.id);
    expect(final.status).toBe('Rejected');
    expect(final.statusReason).toContain('Scarce teapot');
    expect(await system.stock(plenty)).toEqual({ available: 100, reserved: 0 });
    expect(await system.stock(scarce)).toEqual({ available: 1, reserved: 0 });
  });

  it('cancels a confirmed order, gives the stock back exactly once, and refuses a second cancel with 409', async () => {
    const product = await system.createProduct({ stock: 4 });
    const placed = await api.place(alice.authorization, [{ productId: product, quantity: 3 }]);
    await settled(alice, placed.body.id);
    const released = await probeEvents(system.vhost.url, StockReleased);

    const cancelled = await api.cancel(alice.authorization, placed.body.id);
    const again = await api.cancel(alice.authorization, placed.body.id);

    expect(cancelled.body.status).toBe('Cancelled');
    expect(again.status).toBe(409);
    expect(again.contentType).toContain('application/problem+json');
    await released.waitFor((event) => event.payload.orderId === placed.body.id);
    expect(await system.stock(product)).toEqual({ available: 4, reserved: 0 });
    expect(released.received.filter((event) => event.payload.orderId === placed.body.id)).toHaveLength(1);
    await released.close();
  });

  it('places one order for ten concurrent requests with the same Idempotency-Key', async () => {
    const product = await system.createProduct({ stock: 50 });
    const placedEvents = await probeEvents(system.vhost.url, OrderPlaced);
    const key = newKey();

    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        api.place(alice.authorization, [{ productId: product, quantity: 1 }], { 'idempotency-key': key }),
      ),
    );

    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(201));
    const ids = new Set(answers.map((answer) => answer.body.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    await placedEvents.waitFor((event) => event.payload.orderId === id);
    const [{ count }] = await system.orderDatabase.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM orders WHERE customer_id = $1 AND items @> $2::jsonb',
      [alice.id, JSON.stringify([{ productId: product }])],
    );
    expect(count).toBe(1);
    await settled(alice, String(id));
    expect(placedEvents.received.filter((event) => event.payload.orderId === id)).toHaveLength(1);
    await placedEvents.close();
  });

  it('answers the same key with another body with 422, and writes nothing', async () => {
    const product = await system.createProduct({ stock: 50 });
    const key = newKey();
    const first = await api.place(alice.authorization, [{ productId: product, quantity: 1 }], {
      'idempotency-key': key,
    });

    const other = await api.place(alice.authorization, [{ productId: product, quantity: 2 }], {
      'idempotency-key': key,
    });

    expect(first.status).toBe(201);
    expect(other.status).toBe(422);
    expect(other.contentType).toContain('application/problem+json');
    const mine = await api.list(alice.authorization);
    expect(mine.body.items.filter((order) => order.items[0]?.productId === product)).toHaveLength(1);
  });

  it('refuses an unknown product with 422 naming it, and an invalid body with 400; nothing is written', async () => {
    const before = await system.orderDatabase.query('SELECT count(*)::int AS n FROM orders');
    const unknown = '0190a0a0-0000-7000-8000-000000000001';

    const unknownAnswer = await api.place(alice.authorization, [{ productId: unknown, quantity: 1 }]);
    const invalid = await api.place(alice.authorization, [{ productId: 'not-a-uuid', quantity: 0 }]);

    expect(unknownAnswer.status).toBe(422);
    expect(JSON.stringify(unknownAnswer.body)).toContain(unknown);
    expect(invalid.status).toBe(400);
    expect(invalid.contentType).toContain('application/problem+json');
    expect(await system.orderDatabase.query('SELECT count(*)::int AS n FROM orders')).toEqual(before);
  });

  it("answers another customer's order with the same 404 as an unknown one, saying nothing about it", async () => {
    const product = await system.createProduct({ stock: 5 });
    const placed = await api.place(alice.authorization, [{ productId: product, quantity: 1 }]);
    const bob = await system.customer();
    const unknownId = '0190a0a0-0000-7000-8000-000000000002';

    const foreign = await api.get(bob.authorization, placed.body.id);
    const unknown = await api.get(bob.authorization, unknownId);
    const cancel = await api.cancel(bob.authorization, placed.body.id);

    expect(foreign.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(cancel.status).toBe(404);
    expect(JSON.stringify(foreign.body)).not.toContain(alice.id);
    expect(foreign.body).toMatchObject({ title: (unknown.body as unknown as { title: string }).title });
    expect((await api.list(bob.authorization)).body.totalItems).toBe(0);
    const admin = await system.admin();
    expect((await api.get(admin.authorization, placed.body.id)).status).toBe(200);
  });

  it('ends in the same state when every saga message is delivered twice', async () => {
    const product = await system.createProduct({ stock: 10 });
    const reserved = await probeEvents(system.vhost.url, StockReserved);
    const placedEvents = await probeEvents(system.vhost.url, OrderPlaced);
    const placed = await api.place(alice.authorization, [{ productId: product, quantity: 4 }]);
    await settled(alice, placed.body.id);
    const orderPlaced = await placedEvents.waitFor((event) => event.payload.orderId === placed.body.id);
    const stockReserved = await reserved.waitFor((event) => event.payload.orderId === placed.body.id);

    // When both messages arrive again, as new deliveries (new message ids, so the inbox does not see them as copies)
    const again = [
      await publishTestEvent(system.vhost.url, OrderPlaced, orderPlaced.payload),
      await publishTestEvent(system.vhost.url, StockReserved, stockReserved.payload),
    ];

    // Then both are handled, and nothing moves: still Confirmed, 4 reserved, no second reservation event
    await system.handled(again);
    expect((await api.get(alice.authorization, placed.body.id)).body.status).toBe('Confirmed');
    expect(await system.stock(product)).toEqual({ available: 6, reserved: 4 });
    const fromCatalog = reserved.received.filter((event) => event.headers.source === 'catalog');
    expect(fromCatalog.filter((event) => event.payload.orderId === placed.body.id)).toHaveLength(1);
    await Promise.all([reserved.close(), placedEvents.close()]);
  });
});

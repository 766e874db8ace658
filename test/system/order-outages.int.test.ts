import { randomUUID } from 'node:crypto';
import { probeEvents, publishTestEvent } from '@shop/building-blocks/testing';
import { OrderPlaced, OrderRejected, StockReleased } from '@shop/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type OrderBody, ordersApi } from './support/orders-api';
import { type Customer, ShopSystem } from './support/shop-system';

/** DESIGN §4–§6 when something is down: catalog, the broker, or a reservation that comes too late. */
describe('the order saga through outages', () => {
  let system: ShopSystem;
  let api: ReturnType<typeof ordersApi>;
  let alice: Customer;
  beforeAll(async () => {
    system = await ShopSystem.start({ pendingTimeoutMs: 3_000, pendingSweepIntervalMs: 200, grpcDeadlineMs: 3_000 });
    api = ordersApi(system.order.url);
    alice = await system.customer();
  });
  afterAll(() => system.stop());

  const isCircuitOpen = (answer: { body: unknown } | undefined) => /circuit open/.test(JSON.stringify(answer?.body));

  const finalStates = async (ids: readonly string[]) => {
    const admin = await system.admin();
    return eventually(
      'no order is Pending',
      () => Promise.all(ids.map(async (id) => (await api.get(admin.authorization, id)).body)),
      (orders: OrderBody[]) => orders.every((order) => order.status !== 'Pending'),
      60_000,
    );
  };

  it('answers 503 while catalog is down, writes nothing, then decides every order waiting once catalog is back', async () => {
    // Given orders just placed, whose OrderPlaced catalog may not have consumed yet
    const product = await system.createProduct({ stock: 30 });
    const placed = await Promise.all(
      Array.from({ length: 40 }, () => api.place(alice.authorization, [{ productId: product, quantity: 1 }])),
    );
    expect(placed.map((answer) => answer.status).filter((status) => status !== 201)).toEqual([]);
    const ordersBefore = await system.orderDatabase.query('SELECT count(*)::int AS n FROM orders');

    // When catalog stops
    await system.stopCatalog(0);
    const placeOne = () => api.place(alice.authorization, [{ productId: product, quantity: 1 }]);
    const whileDown = [await placeOne()];
    // The breaker opens once failures outweigh the successes of its rolling window: bounded, never open-ended
    while (!isCircuitOpen(whileDown.at(-1)) && whileDown.length < 60) whileDown.push(await placeOne());
    whileDown.push(await placeOne());

    // Then placing answers 503 (within the deadline, then at once from the open circuit) and writes nothing
    expect(whileDown.map((answer) => answer.status)).toEqual(Array(whileDown.length).fill(503));
    expect(whileDown.every((answer) => answer.contentType.includes('application/problem+json'))).toBe(true);
    expect(isCircuitOpen(whileDown.at(-2))).toBe(true);
    expect(isCircuitOpen(whileDown.at(-1))).toBe(true);
    expect(await system.orderDatabase.query('SELECT count(*)::int AS n FROM orders')).toEqual(ordersBefore);

    // And once catalog is back, every order reaches a final state and placing works again
    await system.startCatalog(0);
    // (some may have passed the 3 s deadline while catalog was down: Rejected with reason timeout, and whatever
    // catalog reserved for them late is released again; meanwhile such a late reservation may have made another
    // order short, which is then Rejected for stock. What must hold: exactly the confirmed units stay reserved.)
    const finals = await finalStates(placed.map((answer) => answer.body.id));
    const confirmed = finals.filter((order) => order.status === 'Confirmed');
    expect(confirmed.length).toBeGreaterThan(0);
    expect(finals.filter((order) => order.status !== 'Confirmed' && order.status !== 'Rejected')).toEqual([]);
    const stock = await eventually(
      'catalog has released what timed-out orders reserved late',
      () => system.stock(product),
      (current) => current.reserved === confirmed.length,
    );
    expect(stock).toEqual({ available: 30 - confirmed.length, reserved: confirmed.length });
    const after = await eventually(
      'placing works again',
      () => api.place(alice.authorization, [{ productId: product, quantity: 1 }]),
      (answer) => answer.status !== 503,
    );
    expect(after.status).toBe(201);
  });

  it('decides every order when the broker drops every connection mid-saga', async () => {
    const product = await system.createProduct({ stock: 25 });
    const placing = Promise.all(
      Array.from({ length: 60 }, () => api.place(alice.authorization, [{ productId: product, quantity: 1 }])),
    );

    // When every connection of the vhost is closed twice while the saga runs, as a broker restart would
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closedFirst = await system.vhost.closeConnections();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const closedSecond = await system.vhost.closeConnections();
    const placed = await placing;

    // Then every order is decided, and exactly the stock there is was reserved by confirmed orders
    expect(closedFirst + closedSecond).toBeGreaterThan(0);
    const finals = await finalStates(placed.filter((answer) => answer.status === 201).map((answer) => answer.body.id));
    const confirmed = finals.filter((order) => order.status === 'Confirmed');
    const stock = await system.stock(product);
    expect(stock.reserved).toBe(confirmed.length);
    expect(stock.available + stock.reserved).toBe(25);
    expect(confirmed.length).toBe(Math.min(25, finals.length));
  });

  it('rejects an order still Pending after the deadline and releases a reservation that came too late', async () => {
    // Given a Pending order past its deadline that catalog has not heard of
    const product = await system.createProduct({ stock: 5, price: 2 });
    const orderId = randomUUID();
    const items = [{ productId: product, productName: 'Late', unitPriceCents: 200, quantity: 2 }];
    const released = await probeEvents(system.vhost.url, StockReleased);
    const rejected = await probeEvents(system.vhost.url, OrderRejected);
    await system.orderDatabase.query(
      `INSERT INTO orders (id, customer_id, customer_name, items, total_cents, shipping_address, status, version, created_at)
       VALUES ($1, $2, 'Ada Lovelace', $3, 400, '{"line1":"1 Main Street","city":"Utrecht","postalCode":"3511","country":"NL"}',
               'Pending', 1, now() - interval '1 hour')`,
      [orderId, alice.id, JSON.stringify(items)],
    );
    // Then the deadline rejects it with reason timeout, and no unit stays reserved for it
    const event = await rejected.waitFor((candidate) => candidate.payload.orderId === orderId, 30_000);
    expect(event.payload.reason).toBe('timeout');

    // When its OrderPlaced reaches catalog only now (catalog may see it before or after the OrderRejected)
    const latePlaced = await publishTestEvent(system.vhost.url, OrderPlaced, {
      orderId,
      customerId: alice.id,
      items: [{ productId: product, quantity: 2, unitPrice: 2 }],
      total: 4,
      placedAt: new Date().toISOString(),
    });

    // Then the order stays Rejected and whatever catalog reserved for it late is released
    await system.handled([latePlaced]);
    expect((await api.get(alice.authorization, orderId)).body).toMatchObject({
      status: 'Rejected',
      statusReason: 'timeout',
    });
    const [row] = await eventually(
      'catalog has handled both OrderPlaced and OrderRejected',
      () =>
        system.catalogDatabase.query<{ status: string }>('SELECT status FROM reservation_orders WHERE order_id = $1', [
          orderId,
        ]),
      (rows) => rows[0]?.status === 'released' || rows[0]?.status === 'closed',
    );
    expect(['released', 'closed']).toContain(row?.status);
    expect(await system.stock(product)).toEqual({ available: 5, reserved: 0 });
    expect(released.received.filter((candidate) => candidate.payload.orderId === orderId).length).toBeLessThanOrEqual(
      1,
    );
    await Promise.all([released.close(), rejected.close()]);
  });
});

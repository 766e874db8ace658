import { probeEvents } from '@shop/building-blocks/testing';
import { OrderConfirmed, OrderRejected, StockReserved } from '@shop/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, type OrderBody, ordersApi } from './support/orders-api';
import { type Customer, ShopSystem } from './support/shop-system';

const CUSTOMERS = 20;
const SINGLE_LINE_ORDERS = 200;
const MULTI_LINE_ORDERS = 40;

/**
 * DESIGN §4 under contention: 200 one-unit orders from 20 customers ordering at the same time for a product with 50
 * units, plus 40 two-line orders over two scarce products. Exactly the stock there is gets reserved, every other order is
 * Rejected, nothing stays Pending, and every saga effect happens exactly once.
 */
describe.each([1, 2])('the order saga under contention, %i instance(s) of catalog and of order', (instances) => {
  let system: ShopSystem | undefined;
  afterEach(() => system?.stop());

  it('reserves exactly the stock there is and decides every order once', async () => {
    system = await ShopSystem.start({ instances, grpcDeadlineMs: 5_000 });
    const shop = system;
    const popular = await shop.createProduct({ stock: 50, name: 'Popular' });
    const [left, right] = [await shop.createProduct({ stock: 12 }), await shop.createProduct({ stock: 9 })];
    const customers: Customer[] = [];
    for (let n = 0; n < CUSTOMERS; n++) customers.push(await shop.customer());
    const [reserved, confirmed, rejected] = await Promise.all([
      probeEvents(shop.vhost.url, StockReserved),
      probeEvents(shop.vhost.url, OrderConfirmed),
      probeEvents(shop.vhost.url, OrderRejected),
    ]);

    // When the 20 customers order at the same time, each placing their share one after another, spread over the
    // order instances (20 requests in flight: the race is for the stock, not for the HTTP server)
    const requests = [
      ...Array.from({ length: SINGLE_LINE_ORDERS }, () => [{ productId: popular, quantity: 1 }]),
      ...Array.from({ length: MULTI_LINE_ORDERS }, () => [
        { productId: left, quantity: 1 },
        { productId: right, quantity: 1 },
      ]),
    ];
    const perCustomer = customers.map((customer, c) => ({
      customer,
      api: ordersApi(shop.orders[c % instances]?.url ?? ''),
      requests: requests.filter((_, n) => n % CUSTOMERS === c),
    }));
    const placed = (
      await Promise.all(
        perCustomer.map(async ({ customer, api, requests: mine }) => {
          const answers = [];
          for (const items of mine) answers.push(await api.place(customer.authorization, items));
          return answers;
        }),
      )
    ).flat();
    expect(placed.map((answer) => answer.status).filter((status) => status !== 201)).toEqual([]);

    // Then every order reaches a final state
    const admin = await shop.admin();
    const api = ordersApi(shop.order.url);
    const ids = placed.map((answer) => answer.body.id);
    const finals = await eventually(
      'no order is Pending',
      () => Promise.all(ids.map(async (id) => (await api.get(admin.authorization, id)).body)),
      (orders: OrderBody[]) => orders.every((order) => order.status !== 'Pending'),
      60_000,
    );
    const confirmedOrders = finals.filter((order) => order.status === 'Confirmed');
    expect(finals.filter((order) => order.status !== 'Confirmed' && order.status !== 'Rejected')).toEqual([]);

    // Exactly the stock there is was reserved, by confirmed orders only, and stock never went below zero
    const unitsOf = (productId: string) =>
      confirmedOrders.flatMap((order) => order.items).filter((line) => line.productId === productId).length;
    expect(unitsOf(popular)).toBe(50);
    expect(unitsOf(left)).toBe(9);
    expect(unitsOf(right)).toBe(9);
    expect(await shop.stock(popular)).toEqual({ available: 0, reserved: 50 });
    expect(await shop.stock(left)).toEqual({ available: 3, reserved: 9 });
    expect(await shop.stock(right)).toEqual({ available: 0, reserved: 9 });
    const reservedFor = await shop.catalogDatabase.query<{ order_id: string }>(
      'SELECT DISTINCT order_id FROM stock_reservations',
    );
    expect(reservedFor.map((row) => row.order_id).sort()).toEqual(confirmedOrders.map((order) => order.id).sort());

    // And each order produced exactly one reservation outcome and one decision
    await eventually(
      'every decision event arrived',
      async () => confirmed.received.length + rejected.received.length,
      (count) => count >= ids.length,
    );
    const countBy = (events: { payload: { orderId: string } }[]) => {
      const counts = new Map<string, number>();
      for (const event of events) counts.set(event.payload.orderId, (counts.get(event.payload.orderId) ?? 0) + 1);
      return counts;
    };
    const decisions = countBy([...confirmed.received, ...rejected.received]);
    expect(ids.filter((id) => decisions.get(id) !== 1)).toEqual([]);
    const reservations = countBy(reserved.received);
    expect([...reservations.values()].every((count) => count === 1)).toBe(true);
    expect(reservations.size).toBe(confirmedOrders.length);
    await Promise.all([reserved.close(), confirmed.close(), rejected.close()]);
  });
});

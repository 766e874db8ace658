import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, ORDERS_URL, type OrderTestHost, startOrderForTest } from '../../../test/order-test-host';
import { expectProblem, type OrderJson, placed, reserveStock } from '../../../test/orders';

interface PageJson {
  items: OrderJson[];
  page: number;
  pageSize: number;
  totalItems: number;
  totalPages: number;
}

/** DESIGN §3: `GET /api/v1/orders?page&pageSize&status`: a customer's own orders, an admin's view of all. */
describe('listing orders', () => {
  let host: OrderTestHost;
  let alice: Caller;
  let bob: Caller;
  let admin: Caller;
  // Newest first, as the list shows them
  let alices: OrderJson[];
  let bobs: OrderJson[];
  beforeAll(async () => {
    host = await startOrderForTest();
    [alice, bob, admin] = [await host.customer(), await host.customer(), await host.admin()];
    const cup = host.product();
    const place = (caller: Caller) => placed(host, caller, [{ productId: cup, quantity: 1 }]);
    const [a1, b1, a2, b2, a3] = [
      await place(alice),
      await place(bob),
      await place(alice),
      await place(bob),
      await place(alice),
    ];
    // Alice's first order is Confirmed, her second Cancelled; the rest stay Pending
    await reserveStock(host, a1);
    const cancelled = await host.service.app.inject({
      method: 'POST',
      url: `${ORDERS_URL}/${a2.id}/cancel`,
      headers: { authorization: alice.authorization },
    });
    expect(cancelled.statusCode).toBe(200);
    alices = await Promise.all([a3, a2, a1].map((order) => reload(order.id)));
    bobs = await Promise.all([b2, b1].map((order) => reload(order.id)));
  });
  afterAll(() => host.stop());

  const reload = async (id: string) =>
    (
      await host.service.app.inject({ url: `${ORDERS_URL}/${id}`, headers: { authorization: admin.authorization } })
    ).json<OrderJson>();
  const list = (caller: Caller, query = '') =>
    host.service.app.inject({ url: `${ORDERS_URL}${query}`, headers: { authorization: caller.authorization } });
  const page = async (caller: Caller, query = '') => {
    const reply = await list(caller, query);
    expect(reply.statusCode, reply.body).toBe(200);
    return reply.json<PageJson>();
  };

  it('shows a customer only their own orders, newest first, and refuses to let them name another customer', async () => {
    expect(await page(alice)).toEqual({ items: alices, page: 1, pageSize: 20, totalItems: 3, totalPages: 1 });
    expect((await page(bob)).items).toEqual(bobs);
    const named = await host.service.app.inject({
      method: 'GET',
      url: `/api/v1/orders?customerId=${bob.id}`,
      headers: { authorization: alice.authorization },
    });
    expect(named.statusCode).toBe(400);
    expect(named.json().errors.map((error: { field: string }) => error.field)).toEqual(['customerId']);
  });

  it('shows a customer with no orders an empty page', async () => {
    expect(await page(await host.customer())).toEqual({
      items: [],
      page: 1,
      pageSize: 20,
      totalItems: 0,
      totalPages: 0,
    });
  });

  it("shows an admin everyone's orders, or one customer's", async () => {
    const all = await page(admin);
    expect(all.totalItems).toBe(5);
    expect(new Set(all.items.map((order) => order.id))).toEqual(new Set([...alices, ...bobs].map((order) => order.id)));
    expect((await page(admin, `?customerId=${bob.id}`)).items).toEqual(bobs);
  });

  it('filters by status', async () => {
    expect((await page(alice, '?status=Confirmed')).items).toEqual([alices[2]]);
    expect((await page(alice, '?status=Cancelled')).items).toEqual([alices[1]]);
    expect((await page(alice, '?status=Rejected')).items).toEqual([]);
    const pending = await page(admin, '?status=Pending');
    expect(pending.items.map((order) => order.id).sort()).toEqual(
      [alices[0], ...bobs].map((order) => order?.id).sort(),
    );
  });

  it('pages through the orders without gaps or repeats', async () => {
    const first = await page(admin, '?pageSize=2&page=1');
    const second = await page(admin, '?pageSize=2&page=2');
    const third = await page(admin, '?pageSize=2&page=3');
    const beyond = await page(admin, '?pageSize=2&page=4');

    expect([first, second, third].map((one) => one.items.length)).toEqual([2, 2, 1]);
    expect(first).toMatchObject({ page: 1, pageSize: 2, totalItems: 5, totalPages: 3 });
    expect(beyond).toMatchObject({ items: [], page: 4, totalItems: 5 });
    const ids = [first, second, third].flatMap((one) => one.items.map((order) => order.id));
    expect(new Set(ids).size).toBe(5);
    expect(ids).toEqual((await page(admin)).items.map((order) => order.id));
  });

  it.each([
    { query: '?status=Shipped', field: 'status' },
    { query: '?page=0', field: 'page' },
    { query: '?pageSize=101', field: 'pageSize' },
    { query: '?pageSize=ten', field: 'pageSize' },
    { query: '?customerId=alice', field: 'customerId' },
  ])('refuses $query with a 400 naming $field', async ({ query, field }) => {
    expectProblem(await list(admin, query), 400, field);
  });
});

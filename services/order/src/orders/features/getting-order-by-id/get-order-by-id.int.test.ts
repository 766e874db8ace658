import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, ORDERS_URL, type OrderTestHost, startOrderForTest } from '../../../test/order-test-host';
import { expectProblem, type OrderJson, placed, UNKNOWN_ID } from '../../../test/orders';

/** DESIGN §3: `GET /api/v1/orders/{id}` for the owner or an admin; to anyone else it does not exist. */
describe('getting an order by id', () => {
  let host: OrderTestHost;
  let alice: Caller;
  let order: OrderJson;
  beforeAll(async () => {
    host = await startOrderForTest();
    alice = await host.customer();
    order = await placed(host, alice, [{ productId: host.product({ unitPriceCents: 250 }), quantity: 4 }]);
  });
  afterAll(() => host.stop());

  const get = (caller: Caller, id: string) =>
    host.service.app.inject({ url: `${ORDERS_URL}/${id}`, headers: { authorization: caller.authorization } });

  it('shows the owner their order exactly as it was placed', async () => {
    const reply = await get(alice, order.id);
    expect(reply.statusCode).toBe(200);
    expect(reply.json<OrderJson>()).toEqual(order);
    expect(order).toMatchObject({ status: 'Pending', total: 10, customerName: 'Ada Lovelace' });
  });

  it("shows an admin any customer's order", async () => {
    const reply = await get(await host.admin(), order.id);
    expect(reply.statusCode).toBe(200);
    expect(reply.json<OrderJson>()).toEqual(order);
  });

  it("answers another customer's order with the same 404 as an unknown id, giving nothing away", async () => {
    const bob = await host.customer();

    const foreign = expectProblem(await get(bob, order.id), 404);
    const unknown = expectProblem(await get(bob, UNKNOWN_ID), 404);

    // The same problem but for the id asked about (and the request's own trace)
    const masked = (problem: typeof foreign, id: string) => ({
      ...problem,
      detail: problem.detail?.replaceAll(id, '<id>'),
      instance: problem.instance?.replaceAll(id, '<id>'),
      traceId: undefined,
    });
    expect(masked(foreign, order.id)).toEqual(masked(unknown, UNKNOWN_ID));
    expect(JSON.stringify(foreign)).not.toContain(alice.id);
  });

  it('answers an unknown id with 404, to an admin too', async () => {
    expectProblem(await get(await host.admin(), UNKNOWN_ID), 404);
  });

  it.each(['not-a-uuid', '1', `${UNKNOWN_ID}0`])('refuses the id %s with a 400 naming id', async (id) => {
    expectProblem(await get(alice, id), 400, 'id');
  });
});

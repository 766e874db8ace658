import { type EventProbe, probeEvents } from '@shop/building-blocks/testing';
import { OrderPlaced, type OrderPlacedV1 } from '@shop/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, type Caller, type OrderTestHost, startOrderForTest } from '../../../test/order-test-host';
import { eventsAbout, expectProblem, type OrderJson, UNKNOWN_ID } from '../../../test/orders';

/** DESIGN §3 / §4 step 1: an order is priced by catalog at this moment and stored Pending with its OrderPlaced. */
describe('placing an order', () => {
  let host: OrderTestHost;
  let alice: Caller;
  let placedEvents: EventProbe<OrderPlacedV1>;
  beforeAll(async () => {
    host = await startOrderForTest();
    alice = await host.customer();
    placedEvents = await probeEvents(host.vhost.url, OrderPlaced);
  });
  afterAll(async () => {
    await placedEvents.close();
    await host.stop();
  });

  it('answers 201 Pending, priced and named by catalog, with its Location, and publishes OrderPlaced', async () => {
    // Given two products in the catalog
    const cup = host.product({ name: 'Espresso cup', unitPriceCents: 1999 });
    const tea = host.product({ name: 'Green tea', unitPriceCents: 450 });

    // When Alice orders 2 cups and 3 tea
    const reply = await host.place(alice, [
      { productId: cup, quantity: 2 },
      { productId: tea, quantity: 3 },
    ]);

    // Then the order is Pending, priced line by line, in exact money
    expect(reply.statusCode, reply.body).toBe(201);
    const order = reply.json<OrderJson>();
    expect(reply.headers.location).toBe(`/api/v1/orders/${order.id}`);
    expect(order).toMatchObject({
      customerId: alice.id,
      customerName: 'Ada Lovelace',
      status: 'Pending',
      total: 53.48,
      shippingAddress: ADDRESS,
      items: [
        { productId: cup, productName: 'Espresso cup', unitPrice: 19.99, quantity: 2 },
        { productId: tea, productName: 'Green tea', unitPrice: 4.5, quantity: 3 },
      ],
    });
    expect(order.statusReason).toBeUndefined();

    // And OrderPlaced was stored with it and is published with the lines
    const expected = {
      orderId: order.id,
      customerId: alice.id,
      items: [
        { productId: cup, quantity: 2, unitPrice: 19.99 },
        { productId: tea, quantity: 3, unitPrice: 4.5 },
      ],
      total: 53.48,
    };
    expect(await eventsAbout(host, order.id)).toEqual([
      { type: 'OrderPlaced', payload: expect.objectContaining(expected) },
    ]);
    const event = await placedEvents.waitFor((candidate) => candidate.payload.orderId === order.id);
    expect(event.payload).toMatchObject(expected);
    expect(event.payload.placedAt).toBe(order.createdAt);
  });

  it('keeps the prices and names of the moment it was placed when catalog changes them later', async () => {
    const cup = host.product({ name: 'Espresso cup', unitPriceCents: 1000 });
    const first = (await host.place(alice, [{ productId: cup, quantity: 1 }])).json<OrderJson>();

    // When catalog renames and reprices the product
    host.catalog.put({ id: cup, name: 'Espresso cup (new)', unitPriceCents: 1500, availableStock: 12 });

    // Then the first order still shows what was agreed, and a new order gets the new price
    const again = await host.service.app.inject({
      url: `/api/v1/orders/${first.id}`,
      headers: { authorization: alice.authorization },
    });
    expect(again.json<OrderJson>()).toMatchObject({
      total: 10,
      items: [{ productName: 'Espresso cup', unitPrice: 10 }],
    });
    const second = (await host.place(alice, [{ productId: cup, quantity: 1 }])).json<OrderJson>();
    expect(second).toMatchObject({ total: 15, items: [{ productName: 'Espresso cup (new)', unitPrice: 15 }] });
  });

  it('merges the lines of one product into one line, asking catalog for each product once', async () => {
    const cup = host.product({ unitPriceCents: 100 });
    const tea = host.product({ unitPriceCents: 10 });
    const asked = host.catalog.requests.length;

    const order = (
      await host.place(alice, [
        { productId: cup, quantity: 2 },
        { productId: tea, quantity: 1 },
        { productId: cup, quantity: 3 },
      ])
    ).json<OrderJson>();

    expect(order.items.map(({ productId, quantity }) => ({ productId, quantity }))).toEqual([
      { productId: cup, quantity: 5 },
      { productId: tea, quantity: 1 },
    ]);
    expect(order.total).toBe(5.1);
    expect(host.catalog.requests.slice(asked)).toEqual([[cup, tea]]);
  });

  it('refuses an unknown product with 422 naming it, and writes nothing', async () => {
    const cup = host.product();
    const before = await host.snapshot();

    const reply = await host.place(alice, [
      { productId: cup, quantity: 1 },
      { productId: UNKNOWN_ID, quantity: 1 },
    ]);

    const problem = expectProblem(reply, 422);
    expect(problem.detail).toContain(UNKNOWN_ID);
    expect(problem.detail).not.toContain(cup);
    expect(await host.snapshot()).toEqual(before);
  });

  it('refuses a customer identity does not know with 422, and writes nothing', async () => {
    // Given a valid customer token whose subject identity has no user for (deleted since it was issued)
    const token = await host.issuer.sign({ sub: UNKNOWN_ID, role: 'customer', scope: 'shop.api' });
    const before = await host.snapshot();

    const reply = await host.place({ id: UNKNOWN_ID, authorization: `Bearer ${token}` }, [
      { productId: host.product(), quantity: 1 },
    ]);

    expectProblem(reply, 422);
    expect(await host.snapshot()).toEqual(before);
  });

  // Last: the catalog stand-in stays down for the rest of this file.
  it('answers 503 while catalog is down, and writes nothing', async () => {
    const cup = host.product();
    const before = await host.snapshot();

    await host.catalog.stop();
    const reply = await host.place(alice, [{ productId: cup, quantity: 1 }]);

    const problem = expectProblem(reply, 503);
    expect(problem.detail).toContain('catalog');
    expect(await host.snapshot()).toEqual(before);
  });
});

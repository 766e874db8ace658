import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, type Caller, ORDERS_URL, type OrderTestHost, startOrderForTest } from '../../../test/order-test-host';
import { expectProblem } from '../../../test/orders';

/** DESIGN §2: every invalid body is a 400 problem naming each bad field; nothing is written, catalog is not asked. */
describe('placing an order with an invalid body', () => {
  let host: OrderTestHost;
  let alice: Caller;
  let cup: string;
  beforeAll(async () => {
    host = await startOrderForTest();
    alice = await host.customer();
    cup = host.product();
  });
  afterAll(() => host.stop());

  const line = () => ({ productId: cup, quantity: 1 });
  const body = (fields: Record<string, unknown> = {}) => ({ items: [line()], shippingAddress: ADDRESS, ...fields });
  const address = (fields: Record<string, unknown>) => body({ shippingAddress: { ...ADDRESS, ...fields } });
  const withLine = (fields: Record<string, unknown>) => body({ items: [{ ...line(), ...fields }] });
  const { line1: _line1, ...addressWithoutLine1 } = ADDRESS;

  const send = (payload: unknown, headers: Record<string, string> = {}) =>
    host.service.app.inject({
      method: 'POST',
      url: ORDERS_URL,
      headers: { authorization: alice.authorization, 'content-type': 'application/json', ...headers },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });

  it.each([
    { case: 'no items', payload: { shippingAddress: ADDRESS }, field: 'items' },
    { case: 'an empty items list', payload: body({ items: [] }), field: 'items' },
    { case: 'items as an object', payload: body({ items: line() }), field: 'items' },
    { case: '51 lines', payload: body({ items: Array.from({ length: 51 }, line) }), field: 'items' },
    { case: 'a null line', payload: body({ items: [null] }), field: 'items.0' },
    { case: 'a product id that is not a UUID', payload: withLine({ productId: 'cup' }), field: 'items.0.productId' },
    { case: 'a missing product id', payload: body({ items: [{ quantity: 1 }] }), field: 'items.0.productId' },
    { case: 'a quantity of 0', payload: withLine({ quantity: 0 }), field: 'items.0.quantity' },
    { case: 'a negative quantity', payload: withLine({ quantity: -1 }), field: 'items.0.quantity' },
    { case: 'a fractional quantity', payload: withLine({ quantity: 1.5 }), field: 'items.0.quantity' },
    { case: 'a quantity over 1000', payload: withLine({ quantity: 1001 }), field: 'items.0.quantity' },
    { case: 'a string quantity', payload: withLine({ quantity: '2' }), field: 'items.0.quantity' },
    { case: 'an unknown field on a line', payload: withLine({ price: 0.01 }), field: 'items.0.price' },
    { case: 'no shipping address', payload: { items: [line()] }, field: 'shippingAddress' },
    { case: 'a string shipping address', payload: body({ shippingAddress: 'Utrecht' }), field: 'shippingAddress' },
    {
      case: 'a missing line1',
      payload: body({ shippingAddress: addressWithoutLine1 }),
      field: 'shippingAddress.line1',
    },
    { case: 'a blank city', payload: address({ city: ' \t ' }), field: 'shippingAddress.city' },
    {
      case: 'a 21-character postal code',
      payload: address({ postalCode: '1'.repeat(21) }),
      field: 'shippingAddress.postalCode',
    },
    { case: 'a numeric country', payload: address({ country: 31 }), field: 'shippingAddress.country' },
    { case: 'a NUL in line1', payload: address({ line1: 'Main\u0000' }), field: 'shippingAddress.line1' },
    { case: 'an unknown top-level field', payload: body({ coupon: 'FREE' }), field: 'coupon' },
  ])('refuses $case with a 400 naming $field, and writes nothing', async ({ payload, field }) => {
    const before = await host.snapshot();
    const asked = host.catalog.requests.length;

    expectProblem(await send(payload), 400, field);

    expect(await host.snapshot()).toEqual(before);
    expect(host.catalog.requests.length).toBe(asked);
  });

  it('lists every field error at once', async () => {
    const problem = expectProblem(await send({ items: [{ productId: 'x', quantity: 0 }], shippingAddress: {} }), 400);
    expect(new Set(problem.errors?.map((error) => error.field))).toEqual(
      new Set([
        'items.0.productId',
        'items.0.quantity',
        'shippingAddress.line1',
        'shippingAddress.city',
        'shippingAddress.postalCode',
        'shippingAddress.country',
      ]),
    );
  });

  it.each([
    { case: 'malformed JSON', contentType: 'application/json', payload: '{"items": [', status: 400 },
    { case: 'an empty body', contentType: 'application/json', payload: '', status: 400 },
    { case: 'a JSON array', contentType: 'application/json', payload: '[]', status: 400 },
    { case: 'JSON null', contentType: 'application/json', payload: 'null', status: 400 },
    { case: 'text/plain', contentType: 'text/plain', payload: JSON.stringify(body()), status: 415 },
    {
      case: 'a 2 MB body',
      contentType: 'application/json',
      payload: JSON.stringify(address({ line1: 'x'.repeat(2 * 1024 * 1024) })),
      status: 413,
    },
  ])('refuses $case with a $status, and writes nothing', async ({ contentType, payload, status }) => {
    const before = await host.snapshot();
    expectProblem(await send(payload, { 'content-type': contentType }), status);
    expect(await host.snapshot()).toEqual(before);
  });

  it('refuses an Idempotency-Key over 255 characters with a 400, and writes nothing', async () => {
    const before = await host.snapshot();
    expectProblem(await send(body(), { 'idempotency-key': 'k'.repeat(256) }), 400, 'idempotencyKey');
    expect(await host.snapshot()).toEqual(before);
  });

  it("refuses a body that names a customerId: an order is always the token's subject's", async () => {
    const bob = await host.customer();
    const reply = await send(body({ customerId: bob.id }));
    expect(reply.statusCode, reply.body).toBe(400);
    expect(reply.json().errors.map((error: { field: string }) => error.field)).toEqual(['customerId']);
    const [row] = await host.service.dataSource.query('SELECT count(*)::int AS n FROM orders WHERE customer_id = $1', [
      bob.id,
    ]);
    expect(row.n).toBe(0);
  });
});

import {
  describeFailures,
  describeSweep,
  type HostileSweepOptions,
  runHostileSweep,
  type SweepResult,
} from '@shop/building-blocks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, type OrderTestHost, startOrderForTest } from './order-test-host';

const PLACE = 'POST /api/v1/orders';

type OpenApiDocument = NonNullable<HostileSweepOptions['document']>;

/** Every operation of the order service's OpenAPI document, each field in turn given generated hostile values. */
describe('order under hostile input', () => {
  let host: OrderTestHost;
  let alice: Caller;
  let admin: Caller;
  let product: string;
  let document: OpenApiDocument;
  beforeAll(async () => {
    host = await startOrderForTest();
    [alice, admin] = [await host.customer(), await host.admin()];
    product = host.product();
    document = (await host.service.app.inject({ url: '/swagger/json' })).json<OpenApiDocument>();
  });
  afterAll(() => host.stop());

  /** The document with only the operations `keep` accepts, so each sweep runs as the caller those routes are for. */
  const only = (keep: (key: string) => boolean): OpenApiDocument => ({
    ...document,
    paths: Object.fromEntries(
      Object.entries(document.paths).map(([path, item]) => [
        path,
        Object.fromEntries(Object.entries(item).filter(([method]) => keep(`${method.toUpperCase()} ${path}`))),
      ]),
    ),
  });

  // A Pending order at the moment of each request: the cancel route's valid request ends one.
  const pendingOrderId = async () => {
    const [row] = await host.service.dataSource.query(`SELECT id FROM orders WHERE status = 'Pending' LIMIT 1`);
    if (row) return String(row.id);
    const reply = await host.place(alice, [{ productId: product, quantity: 1 }]);
    return reply.json<{ id: string }>().id;
  };

  const sweep = (keep: (key: string) => boolean, credential: Caller): Promise<SweepResult> =>
    runHostileSweep({
      baseUrl: host.service.url,
      document: only(keep),
      database: (sql) => host.service.dataSource.query(sql),
      credentials: [
        { name: 'caller', headers: { authorization: credential.authorization }, runs: 12 },
        { name: 'anonymous', runs: 2 },
      ],
      values: { id: pendingOrderId, productId: product },
    });

  it('answers every hostile order a customer places with a 4xx problem, and a refused one writes nothing', async () => {
    const result = await sweep((key) => key === PLACE, alice);

    expect(describeFailures(result), describeSweep(result)).toEqual([]);
    expect(result.controls.map((control) => [control.operation, control.credential, control.status])).toEqual([
      [PLACE, 'caller', 201],
      [PLACE, 'anonymous', 401],
    ]);
  });

  it('answers every hostile value on the other routes, as an admin, with a 4xx problem that writes nothing', async () => {
    const result = await sweep((key) => key !== PLACE, admin);

    expect(describeFailures(result), describeSweep(result)).toEqual([]);
    const callerControls = result.controls.filter((control) => control.credential === 'caller');
    expect(callerControls.map((control) => control.operation).sort()).toEqual([
      'GET /api/v1/orders',
      'GET /api/v1/orders/{id}',
      'POST /api/v1/orders/{id}/cancel',
    ]);
    expect(callerControls.filter((control) => control.status >= 300)).toEqual([]);
  });
});

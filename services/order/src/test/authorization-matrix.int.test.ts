import {
  describeAuthorizationMatrix,
  type MatrixRoute,
  type Refusal,
  type RefusedTokens,
  sendAs,
} from '@shop/building-blocks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, type Caller, ORDERS_URL, type OrderTestHost, startOrderForTest } from './order-test-host';

interface OrderRoute extends MatrixRoute {
  /** Who may call it (DESIGN §3); everyone else is refused. */
  who: 'customer' | 'owner or admin' | 'bearer';
}

/**
 * Every order route (DESIGN §3) against every kind of bad credential: each answer is exactly the documented 401, 403
 * or 404 as problem details, and the order database is unchanged afterwards. Then each rightful caller gets in.
 */
describe('order authorization matrix', () => {
  let host: OrderTestHost;
  let alice: Caller;
  let bob: Caller;
  let admin: Caller;
  let product: string;
  let orderId: string;
  const tokens = {} as RefusedTokens & { service: string };

  beforeAll(async () => {
    host = await startOrderForTest();
    [alice, bob, admin] = [await host.customer(), await host.customer(), await host.admin()];
    product = host.product();
    orderId = (await host.place(alice, [{ productId: product, quantity: 1 }])).json<{ id: string }>().id;
    const customer = { sub: alice.id, role: 'customer' as const, scope: 'shop.api' };
    tokens.expired = await host.issuer.sign(customer, { expiresIn: -120 });
    tokens.wrongSignature = await host.issuer.signWithForeignKey(customer);
    tokens.wrongAudience = await host.issuer.sign(customer, { audience: 'another-api' });
    tokens.wrongIssuer = await host.issuer.sign(customer, { issuer: 'https://evil.example' });
    // A client_credentials token (no role): what another service holds, never a user
    tokens.service = await host.issuer.sign({
      sub: 'catalog-service',
      client_id: 'catalog-service',
      scope: 'catalog.products.read identity.users.read',
    });
  });
  afterAll(() => host.stop());

  const routes: OrderRoute[] = [
    {
      name: 'POST /orders',
      who: 'customer',
      method: 'POST',
      url: () => ORDERS_URL,
      payload: {
        items: [{ productId: '0190a0a0-0000-7000-8000-000000000001', quantity: 1 }],
        shippingAddress: ADDRESS,
      },
    },
    { name: 'GET /orders', who: 'bearer', method: 'GET', url: () => ORDERS_URL },
    { name: 'GET /orders/{id}', who: 'owner or admin', method: 'GET', url: () => `${ORDERS_URL}/${orderId}` },
    {
      name: 'POST /orders/{id}/cancel',
      who: 'owner or admin',
      method: 'POST',
      url: () => `${ORDERS_URL}/${orderId}/cancel`,
    },
  ];

  const refusals = (route: OrderRoute): Refusal[] => {
    const service: Refusal = { name: 'service token', authorization: () => `Bearer ${tokens.service}`, status: 403 };
    if (route.who === 'customer') {
      return [service, { name: 'admin token', authorization: () => admin.authorization, status: 403 }];
    }
    if (route.who === 'owner or admin') {
      return [service, { name: "another customer's token", authorization: () => bob.authorization, status: 404 }];
    }
    return [service];
  };

  describeAuthorizationMatrix({
    app: () => host.service.app,
    routes,
    tokens: () => tokens,
    refusals,
    snapshot: () => host.snapshot(),
  });

  it('lets an admin read any order and every order, and a customer their own', async () => {
    const [one, all] = [routes[2], routes[1]] as [OrderRoute, OrderRoute];
    expect((await sendAs(host.service.app, one, admin.authorization)).statusCode).toBe(200);
    expect((await sendAs(host.service.app, one, alice.authorization)).statusCode).toBe(200);
    const everyone = await sendAs(host.service.app, all, admin.authorization);
    expect(everyone.json()).toMatchObject({ totalItems: 1, items: [{ id: orderId }] });
    const bobs = await sendAs(host.service.app, all, bob.authorization);
    expect(bobs.json()).toMatchObject({ totalItems: 0, items: [] });
  });

  it('lets a customer place an order, with the same request the matrix refused to others', async () => {
    host.catalog.put({
      id: '0190a0a0-0000-7000-8000-000000000001',
      name: 'Mug',
      unitPriceCents: 700,
      availableStock: 3,
    });
    const reply = await sendAs(host.service.app, routes[0] as OrderRoute, bob.authorization);
    expect(reply.statusCode, reply.body).toBe(201);
  });

  it('lets an admin cancel an order that is not theirs (the matrix refused for the right reason)', async () => {
    const reply = await sendAs(host.service.app, routes[3] as OrderRoute, admin.authorization);
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.json()).toMatchObject({ id: orderId, status: 'Cancelled', customerId: alice.id });
  });

  it('documents every order route as secured in OpenAPI', async () => {
    const spec = (await host.service.app.inject({ method: 'GET', url: '/swagger/json' })).json();
    const operations = [
      spec.paths['/api/v1/orders'].post,
      spec.paths['/api/v1/orders'].get,
      spec.paths['/api/v1/orders/{id}'].get,
      spec.paths['/api/v1/orders/{id}/cancel'].post,
    ];
    for (const operation of operations) expect(operation.security).toEqual([{ bearer: [] }, { oauth2: [] }]);
  });
});

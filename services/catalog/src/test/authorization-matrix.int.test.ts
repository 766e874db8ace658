import { randomUUID } from 'node:crypto';
import {
  describeAuthorizationMatrix,
  type MatrixRoute,
  type RefusedTokens,
  sendAs,
} from '@shop/building-blocks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogTestHost, startCatalogForTest } from './catalog-test-host';
import { createProduct, PRODUCTS_URL, type ProductJson, snapshotProducts } from './products';

/**
 * Every catalog write route (admin only, DESIGN §3) against every kind of bad credential: each answer is exactly
 * the documented 401 or 403 as problem details, and the products table is unchanged afterwards.
 */
describe('catalog authorization matrix', () => {
  let host: CatalogTestHost;
  let product: ProductJson;
  const tokens = {} as RefusedTokens & { customer: string; service: string };

  beforeAll(async () => {
    host = await startCatalogForTest();
    product = await createProduct(host);
    const admin = { sub: randomUUID(), role: 'admin' as const, scope: 'shop.api' };
    tokens.expired = await host.issuer.sign(admin, { expiresIn: -120 });
    tokens.wrongSignature = await host.issuer.signWithForeignKey(admin);
    tokens.wrongAudience = await host.issuer.sign(admin, { audience: 'another-api' });
    tokens.wrongIssuer = await host.issuer.sign(admin, { issuer: 'https://evil.example' });
    tokens.customer = await host.issuer.customerToken();
    tokens.service = await host.issuer.sign({
      sub: 'order-service',
      client_id: 'order-service',
      scope: 'catalog.products.read',
    });
  });
  afterAll(() => host.stop());

  const routes: MatrixRoute[] = [
    {
      name: 'POST /products',
      method: 'POST',
      url: () => PRODUCTS_URL,
      payload: { name: 'Intruder', description: 'x', price: 1, stock: 1 },
    },
    {
      name: 'PUT /products/{id}',
      method: 'PUT',
      url: () => `${PRODUCTS_URL}/${product.id}`,
      payload: { name: 'Renamed', description: 'x', price: 0.01 },
    },
    { name: 'DELETE /products/{id}', method: 'DELETE', url: () => `${PRODUCTS_URL}/${product.id}` },
    {
      name: 'POST /products/{id}/stock',
      method: 'POST',
      url: () => `${PRODUCTS_URL}/${product.id}/stock`,
      payload: { quantity: 5 },
    },
  ];

  describeAuthorizationMatrix({
    app: () => host.service.app,
    routes,
    tokens: () => tokens,
    refusals: () => [
      { name: 'customer token', authorization: () => `Bearer ${tokens.customer}`, status: 403 },
      { name: 'service token', authorization: () => `Bearer ${tokens.service}`, status: 403 },
    ],
    snapshot: () => snapshotProducts(host),
  });

  it('keeps the read routes open to anyone', async () => {
    const list = await host.service.app.inject({ method: 'GET', url: PRODUCTS_URL });
    const one = await host.service.app.inject({ method: 'GET', url: `${PRODUCTS_URL}/${product.id}` });
    expect([list.statusCode, one.statusCode]).toEqual([200, 200]);
  });

  it('documents the write routes as secured in OpenAPI, the read routes as open', async () => {
    const spec = (await host.service.app.inject({ method: 'GET', url: '/swagger/json' })).json();
    const secured = [
      spec.paths['/api/v1/catalog/products'].post,
      spec.paths['/api/v1/catalog/products/{id}'].put,
      spec.paths['/api/v1/catalog/products/{id}'].delete,
      spec.paths['/api/v1/catalog/products/{id}/stock'].post,
    ];
    for (const operation of secured) expect(operation.security).toEqual([{ bearer: [] }, { oauth2: [] }]);
    expect(spec.paths['/api/v1/catalog/products'].get.security).toBeUndefined();
    expect(spec.components.securitySchemes.oauth2.flows.password.tokenUrl).toBe(`${host.issuer.url}/connect/token`);
  });

  it('lets an admin write (the matrix refuses for the right reason)', async () => {
    const response = await sendAs(host.service.app, routes[3] as MatrixRoute, host.admin.authorization);
    expect(response.statusCode).toBe(200);
  });
});

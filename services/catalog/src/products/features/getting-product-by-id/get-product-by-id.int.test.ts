import { expectProblem } from '@shop/building-blocks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogTestHost, startCatalogForTest } from '../../../test/catalog-test-host';
import { createProduct, PRODUCTS_URL, type ProductJson, UNKNOWN_ID } from '../../../test/products';

describe('GET /api/v1/catalog/products/{id}', () => {
  let host: CatalogTestHost;
  let product: ProductJson;
  beforeAll(async () => {
    host = await startCatalogForTest();
    product = await createProduct(host, { name: 'Milk jug', price: 0.29, stock: 3 });
  });
  afterAll(() => host.stop());

  it('returns the product as it was created', async () => {
    const response = await host.service.app.inject({ method: 'GET', url: `${PRODUCTS_URL}/${product.id}` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(product);
  });

  it('answers 404 for an id no product has', async () => {
    const response = await host.service.app.inject({ method: 'GET', url: `${PRODUCTS_URL}/${UNKNOWN_ID}` });
    expectProblem(response, 404);
  });

  it.each([
    { case: 'a word', id: 'espresso-cup' },
    { case: 'a number', id: '42' },
    { case: 'a UUID with an extra character', id: `${UNKNOWN_ID}0` },
    { case: 'SQL', id: "1' OR '1'='1" },
  ])('refuses $case as id with a 400 naming id', async ({ id }) => {
    const response = await host.service.app.inject({
      method: 'GET',
      url: `${PRODUCTS_URL}/${encodeURIComponent(id)}`,
    });
    expectProblem(response, 400, 'id');
  });

  it('refuses a malformed percent-encoding in the path with a 400 problem', async () => {
    const response = await host.service.app.inject({ method: 'GET', url: `${PRODUCTS_URL}/%E0%A4%A` });
    expectProblem(response, 400);
  });
});

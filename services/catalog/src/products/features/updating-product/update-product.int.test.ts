import { expectProblem, rawBodyCases } from '@shop/building-blocks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogTestHost, startCatalogForTest } from '../../../test/catalog-test-host';
import { createProduct, PRODUCTS_URL, type ProductJson, snapshotProducts, UNKNOWN_ID } from '../../../test/products';

const CHANGES = { name: 'Espresso cup, double', description: 'Porcelain, 160 ml', price: 24.95 };

describe('PUT /api/v1/catalog/products/{id}', () => {
  let host: CatalogTestHost;
  let product: ProductJson;
  beforeAll(async () => {
    host = await startCatalogForTest();
    product = await createProduct(host, { stock: 7 });
    // Dated in the past, so that the update's new updatedAt is visibly later whatever the clock resolution.
    await host.service.dataSource.query("UPDATE products SET updated_at = '2026-01-01T00:00:00Z' WHERE id = $1", [
      product.id,
    ]);
  });
  afterAll(() => host.stop());

  const put = (id: string, payload: unknown) =>
    host.service.app.inject({
      method: 'PUT',
      headers: host.admin,
      url: `${PRODUCTS_URL}/${id}`,
      payload: payload as object,
    });

  it('replaces name, description and price exactly, and keeps the stock', async () => {
    // Given a product; when its fields are replaced
    const response = await put(product.id, CHANGES);

    // Then the reply and the stored row show the new fields, the price in exact cents, the stock untouched
    expect(response.statusCode).toBe(200);
    const updated = response.json<ProductJson>();
    expect(updated).toMatchObject({ ...CHANGES, id: product.id, availableStock: 7, reservedStock: 0 });
    expect(updated.createdAt).toBe(product.createdAt);
    expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse('2026-01-01T00:00:00Z'));
    const [row] = await host.service.dataSource.query('SELECT price_cents, version FROM products WHERE id = $1', [
      product.id,
    ]);
    expect(row).toEqual({ price_cents: 2495, version: 2 });
    const fetched = await host.service.app.inject({ method: 'GET', url: `${PRODUCTS_URL}/${product.id}` });
    expect(fetched.json()).toEqual(updated);
  });

  it('answers 404 for an id no product has, and writes nothing', async () => {
    const before = await snapshotProducts(host);
    expectProblem(await put(UNKNOWN_ID, CHANGES), 404);
    expect(await snapshotProducts(host)).toEqual(before);
  });

  it('refuses a non-UUID id with a 400 naming id', async () => {
    expectProblem(await put('espresso-cup', CHANGES), 400, 'id');
  });

  it.each([
    { case: 'missing name', body: { description: 'x', price: 1 }, field: 'name' },
    { case: 'missing description', body: { name: 'Mug', price: 1 }, field: 'description' },
    { case: 'missing price', body: { name: 'Mug', description: 'x' }, field: 'price' },
    { case: 'a stock (not updatable here)', body: { ...CHANGES, stock: 100 }, field: 'stock' },
    { case: 'an unknown field', body: { ...CHANGES, color: 'red' }, field: 'color' },
    { case: 'a string price', body: { ...CHANGES, price: '24.95' }, field: 'price' },
    { case: 'a non-numeric price', body: { ...CHANGES, price: 'cheap' }, field: 'price' },
    { case: 'a negative price', body: { ...CHANGES, price: -1 }, field: 'price' },
    { case: 'a price with 3 decimals', body: { ...CHANGES, price: 24.951 }, field: 'price' },
    { case: 'an object name', body: { ...CHANGES, name: { en: 'Mug' } }, field: 'name' },
    { case: 'an empty name', body: { ...CHANGES, name: '' }, field: 'name' },
    { case: 'a blank name', body: { ...CHANGES, name: '   ' }, field: 'name' },
    { case: 'a 10 kB name', body: { ...CHANGES, name: 'x'.repeat(10_240) }, field: 'name' },
    { case: 'a NUL character in the description', body: { ...CHANGES, description: 'a\u0000b' }, field: 'description' },
    { case: 'a tab in the name', body: { ...CHANGES, name: 'Mug\tCup' }, field: 'name' },
    { case: 'a lone surrogate in the name', body: { ...CHANGES, name: 'Mug \udc00' }, field: 'name' },
    { case: 'a numeric description', body: { ...CHANGES, description: 42 }, field: 'description' },
  ])('refuses $case with a 400 naming $field and changes nothing', async ({ body, field }) => {
    const before = await snapshotProducts(host);
    expectProblem(await put(product.id, body), 400, field);
    expect(await snapshotProducts(host)).toEqual(before);
  });

  it('checks the body before looking the product up: bad input on an unknown id is a 400', async () => {
    expectProblem(await put(UNKNOWN_ID, { ...CHANGES, price: -1 }), 400, 'price');
  });

  it.each(rawBodyCases(CHANGES))('refuses $case with a $status and changes nothing', async (badBody) => {
    const before = await snapshotProducts(host);
    const response = await host.service.app.inject({
      method: 'PUT',
      url: `${PRODUCTS_URL}/${product.id}`,
      headers: { ...host.admin, 'content-type': badBody.contentType },
      payload: badBody.payload,
    });
    expectProblem(response, badBody.status, badBody.field);
    expect(await snapshotProducts(host)).toEqual(before);
  });
});

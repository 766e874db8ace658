import { expectProblem, rawBodyCases } from '@shop/building-blocks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogTestHost, startCatalogForTest } from '../../../test/catalog-test-host';
import { createProduct, PRODUCTS_URL, type ProductJson, snapshotProducts, UNKNOWN_ID } from '../../../test/products';
import { MAX_STOCK } from '../../product.entity';

describe('POST /api/v1/catalog/products/{id}/stock', () => {
  let host: CatalogTestHost;
  let product: ProductJson;
  beforeAll(async () => {
    host = await startCatalogForTest();
    product = await createProduct(host, { stock: 10 });
  });
  afterAll(() => host.stop());

  const restock = (id: string, payload: unknown) =>
    host.service.app.inject({
      method: 'POST',
      headers: host.admin,
      url: `${PRODUCTS_URL}/${id}/stock`,
      payload: payload as object,
    });
  const availableStock = async (id: string): Promise<number> => {
    const [row] = await host.service.dataSource.query('SELECT available_stock FROM products WHERE id = $1', [id]);
    return row.available_stock;
  };

  it('adds the quantity to the available stock', async () => {
    const before = await availableStock(product.id);
    const response = await restock(product.id, { quantity: 5 });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: product.id, availableStock: before + 5, reservedStock: 0 });
    expect(await availableStock(product.id)).toBe(before + 5);
  });

  it('loses no unit when restocks of one product run concurrently', async () => {
    // Given a product; when 8 restocks of 1..8 units arrive at once
    const other = await createProduct(host, { stock: 0 });
    const quantities = [1, 2, 3, 4, 5, 6, 7, 8];
    const responses = await Promise.all(quantities.map((quantity) => restock(other.id, { quantity })));

    // Then every one succeeded and the stock holds their sum (the row lock serialises them)
    expect(responses.map((response) => response.statusCode)).toEqual(quantities.map(() => 200));
    expect(await availableStock(other.id)).toBe(36);
  });

  it('refuses with a 422 a restock past the maximum stock, and changes nothing', async () => {
    const full = await createProduct(host, { stock: 0 });
    await host.service.dataSource.query('UPDATE products SET available_stock = $1 WHERE id = $2', [
      MAX_STOCK - 1,
      full.id,
    ]);
    const before = await snapshotProducts(host);
    expectProblem(await restock(full.id, { quantity: 2 }), 422);
    expect(await snapshotProducts(host)).toEqual(before);
  });

  it('answers 404 for an id no product has, and writes nothing', async () => {
    const before = await snapshotProducts(host);
    expectProblem(await restock(UNKNOWN_ID, { quantity: 1 }), 404);
    expect(await snapshotProducts(host)).toEqual(before);
  });

  it.each([
    { case: 'a non-UUID id', id: 'espresso-cup', body: { quantity: 1 }, field: 'id' },
    { case: 'a missing quantity', body: {}, field: 'quantity' },
    { case: 'a zero quantity', body: { quantity: 0 }, field: 'quantity' },
    { case: 'a negative quantity', body: { quantity: -3 }, field: 'quantity' },
    { case: 'a fractional quantity', body: { quantity: 1.5 }, field: 'quantity' },
    { case: 'a string quantity', body: { quantity: '5' }, field: 'quantity' },
    { case: 'a null quantity', body: { quantity: null }, field: 'quantity' },
    { case: 'a quantity over 1,000,000', body: { quantity: 1_000_001 }, field: 'quantity' },
    { case: 'an unknown field', body: { quantity: 1, reason: 'delivery' }, field: 'reason' },
  ])('refuses $case with a 400 naming $field and changes nothing', async ({ id, body, field }) => {
    const before = await snapshotProducts(host);
    expectProblem(await restock(id ?? product.id, body), 400, field);
    expect(await snapshotProducts(host)).toEqual(before);
  });

  it.each(rawBodyCases({ quantity: 1 }))('refuses $case with a $status and changes nothing', async (badBody) => {
    const before = await snapshotProducts(host);
    const response = await host.service.app.inject({
      method: 'POST',
      url: `${PRODUCTS_URL}/${product.id}/stock`,
      headers: { ...host.admin, 'content-type': badBody.contentType },
      payload: badBody.payload,
    });
    expectProblem(response, badBody.status, badBody.field);
    expect(await snapshotProducts(host)).toEqual(before);
  });
});

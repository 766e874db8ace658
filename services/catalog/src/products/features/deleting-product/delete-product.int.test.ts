import { expectProblem } from '@shop/building-blocks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogTestHost, startCatalogForTest } from '../../../test/catalog-test-host';
import { countProducts, createProduct, PRODUCTS_URL, snapshotProducts, UNKNOWN_ID } from '../../../test/products';

describe('DELETE /api/v1/catalog/products/{id}', () => {
  let host: CatalogTestHost;
  beforeAll(async () => {
    host = await startCatalogForTest();
  });
  afterAll(() => host.stop());

  const remove = (id: string) =>
    host.service.app.inject({ method: 'DELETE', headers: host.admin, url: `${PRODUCTS_URL}/${id}` });

  it('deletes the product: 204, then it is gone', async () => {
    const product = await createProduct(host, { name: 'Old mug' });
    const kept = await createProduct(host, { name: 'New mug' });

    const response = await remove(product.id);

    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expectProblem(await host.service.app.inject({ method: 'GET', url: `${PRODUCTS_URL}/${product.id}` }), 404);
    expect((await host.service.app.inject({ method: 'GET', url: `${PRODUCTS_URL}/${kept.id}` })).statusCode).toBe(200);
  });

  it('answers 404 for an id no product has (also on a second delete)', async () => {
    const product = await createProduct(host);
    expect((await remove(product.id)).statusCode).toBe(204);
    const before = await countProducts(host);
    expectProblem(await remove(product.id), 404);
    expectProblem(await remove(UNKNOWN_ID), 404);
    expect(await countProducts(host)).toBe(before);
  });

  it('refuses with a 409 while open orders hold a reservation, and keeps the product', async () => {
    // Given a product with units reserved by an order
    const product = await createProduct(host, { stock: 5 });
    await host.service.dataSource.query('UPDATE products SET available_stock = 3, reserved_stock = 2 WHERE id = $1', [
      product.id,
    ]);
    const before = await snapshotProducts(host);

    // When it is deleted; then the conflict is explained and the row is untouched
    const problem = expectProblem(await remove(product.id), 409);
    expect(problem).toMatchObject({ detail: expect.stringContaining('2 unit(s) reserved') });
    expect(await snapshotProducts(host)).toEqual(before);
  });

  it.each([{ id: 'espresso-cup' }, { id: '42' }, { id: `${UNKNOWN_ID}0` }])(
    'refuses the non-UUID id $id with a 400 naming id and deletes nothing',
    async ({ id }) => {
      await createProduct(host);
      const before = await snapshotProducts(host);
      expectProblem(await remove(id), 400, 'id');
      expect(await snapshotProducts(host)).toEqual(before);
    },
  );
});

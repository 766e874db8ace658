import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogTestHost, startCatalogForTest } from '../../../test/catalog-test-host';

describe('POST /api/v1/catalog/products', () => {
  let host: CatalogTestHost;
  beforeAll(async () => {
    host = await startCatalogForTest();
  });
  afterAll(() => host.stop());

  it('creates a product with an exact price and a Location header', async () => {
    const response = await host.service.app.inject({
      method: 'POST',
      url: '/api/v1/catalog/products',
      payload: { name: 'Espresso cup', description: 'Porcelain, 80 ml', price: 19.99, stock: 12 },
    });
    expect(response.statusCode).toBe(201);
    const product = response.json();
    expect(product).toMatchObject({ name: 'Espresso cup', price: 19.99, availableStock: 12, reservedStock: 0 });
    expect(response.headers.location).toBe(`/api/v1/catalog/products/${product.id}`);
    const [row] = await host.service.dataSource.query('SELECT price_cents FROM products WHERE id = $1', [product.id]);
    expect(row.price_cents).toBe(1999);
  });

  it('lists every field error at once and writes nothing', async () => {
    const response = await host.service.app.inject({
      method: 'POST',
      url: '/api/v1/catalog/products',
      payload: { name: '', price: -1.234, stock: 'many', color: 'red' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const fields = response.json().errors.map((error: { field: string }) => error.field);
    expect(new Set(fields)).toEqual(new Set(['name', 'description', 'price', 'stock', 'color']));
  });
});

import { expectProblem, rawBodyCases } from '@shop/building-blocks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogTestHost, startCatalogForTest } from '../../../test/catalog-test-host';
import { newProduct, newProductWithout, PRODUCTS_URL, snapshotProducts } from '../../../test/products';

describe('POST /api/v1/catalog/products', () => {
  let host: CatalogTestHost;
  beforeAll(async () => {
    host = await startCatalogForTest();
  });
  afterAll(() => host.stop());

  it('creates a product with an exact price and a Location header', async () => {
    const response = await host.service.app.inject({
      method: 'POST',
      headers: host.admin,
      url: PRODUCTS_URL,
      payload: { name: 'Espresso cup', description: 'Porcelain, 80 ml', price: 19.99, stock: 12 },
    });
    expect(response.statusCode).toBe(201);
    const product = response.json();
    expect(product).toMatchObject({ name: 'Espresso cup', price: 19.99, availableStock: 12, reservedStock: 0 });
    expect(response.headers.location).toBe(`/api/v1/catalog/products/${product.id}`);
    const [row] = await host.service.dataSource.query('SELECT price_cents FROM products WHERE id = $1', [product.id]);
    expect(row.price_cents).toBe(1999);
  });

  it('keeps a description on several lines, with tabs, and a name in any script, as sent', async () => {
    const fields = { name: 'Tasse à café ☕ 東京', description: 'Porcelain\r\n\t80 ml\nDishwasher safe' };
    const response = await host.service.app.inject({
      method: 'POST',
      headers: host.admin,
      url: PRODUCTS_URL,
      payload: newProduct(fields),
    });
    expect(response.statusCode, response.body).toBe(201);
    const [row] = await host.service.dataSource.query('SELECT name, description FROM products WHERE id = $1', [
      response.json().id,
    ]);
    expect(row).toEqual(fields);
  });

  it('lists every field error at once and writes nothing', async () => {
    const before = await snapshotProducts(host);
    const response = await host.service.app.inject({
      method: 'POST',
      headers: host.admin,
      url: PRODUCTS_URL,
      payload: { name: '', price: -1.234, stock: 'many', color: 'red' },
    });
    const problem = expectProblem(response, 400);
    const fields = problem.errors?.map((error) => error.field);
    expect(new Set(fields)).toEqual(new Set(['name', 'description', 'price', 'stock', 'color']));
    expect(await snapshotProducts(host)).toEqual(before);
  });

  it.each([
    { case: 'missing name', body: newProductWithout('name'), field: 'name' },
    { case: 'missing description', body: newProductWithout('description'), field: 'description' },
    { case: 'missing price', body: newProductWithout('price'), field: 'price' },
    { case: 'missing stock', body: newProductWithout('stock'), field: 'stock' },
    { case: 'an unknown field', body: { ...newProduct(), color: 'red' }, field: 'color' },
    { case: 'a string price', body: { ...newProduct(), price: '19.99' }, field: 'price' },
    { case: 'a non-numeric price', body: { ...newProduct(), price: 'cheap' }, field: 'price' },
    { case: 'a null price', body: { ...newProduct(), price: null }, field: 'price' },
    { case: 'a negative price', body: newProduct({ price: -0.01 }), field: 'price' },
    { case: 'a price with 3 decimals', body: newProduct({ price: 19.999 }), field: 'price' },
    { case: 'a price over the maximum', body: newProduct({ price: 1_000_000.01 }), field: 'price' },
    { case: 'a string stock', body: { ...newProduct(), stock: '5' }, field: 'stock' },
    { case: 'a fractional stock', body: newProduct({ stock: 1.5 }), field: 'stock' },
    { case: 'a negative stock', body: newProduct({ stock: -1 }), field: 'stock' },
    { case: 'an object name', body: { ...newProduct(), name: { en: 'Mug' } }, field: 'name' },
    { case: 'an empty name', body: newProduct({ name: '' }), field: 'name' },
    { case: 'a blank name', body: newProduct({ name: ' \t ' }), field: 'name' },
    { case: 'a 10 kB name', body: newProduct({ name: 'x'.repeat(10_240) }), field: 'name' },
    { case: 'a NUL character in the name', body: newProduct({ name: 'Mug\u0000' }), field: 'name' },
    { case: 'a line break in the name', body: newProduct({ name: 'Mug\nCup' }), field: 'name' },
    { case: 'a terminal escape in the name', body: newProduct({ name: '\u001b[31mMug' }), field: 'name' },
    { case: 'a DEL in the name', body: newProduct({ name: 'Mug\u007f' }), field: 'name' },
    { case: 'a C1 control in the description', body: newProduct({ description: 'Mug\u0085' }), field: 'description' },
    {
      case: 'a NUL character in the description',
      body: newProduct({ description: 'a\n\u0000' }),
      field: 'description',
    },
    {
      case: 'an unpaired surrogate in the description',
      body: newProduct({ description: 'Mug \ud800' }),
      field: 'description',
    },
    { case: 'a 2001-character description', body: newProduct({ description: 'x'.repeat(2001) }), field: 'description' },
  ])('refuses $case with a 400 naming $field and writes nothing', async ({ body, field }) => {
    const before = await snapshotProducts(host);
    const response = await host.service.app.inject({
      method: 'POST',
      headers: host.admin,
      url: PRODUCTS_URL,
      payload: body,
    });
    expectProblem(response, 400, field);
    expect(await snapshotProducts(host)).toEqual(before);
  });

  it.each(rawBodyCases(newProduct()))('refuses $case with a $status and writes nothing', async (badBody) => {
    const before = await snapshotProducts(host);
    const response = await host.service.app.inject({
      method: 'POST',
      url: PRODUCTS_URL,
      headers: { ...host.admin, 'content-type': badBody.contentType },
      payload: badBody.payload,
    });
    expectProblem(response, badBody.status, badBody.field);
    expect(await snapshotProducts(host)).toEqual(before);
  });
});

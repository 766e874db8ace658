import { expect } from 'vitest';
import type { CatalogTestHost } from './catalog-test-host';

export const PRODUCTS_URL = '/api/v1/catalog/products';

/** A well-formed UUID that no product has. */
export const UNKNOWN_ID = '01a20000-0000-7000-8000-000000000000';

/** A product as the API returns it (JSON: dates are strings). */
export interface ProductJson {
  id: string;
  name: string;
  description: string;
  price: number;
  availableStock: number;
  reservedStock: number;
  createdAt: string;
  updatedAt: string;
}

export interface NewProduct {
  name: string;
  description: string;
  price: number;
  stock: number;
}

export function newProduct(fields: Partial<NewProduct> = {}): NewProduct {
  return { name: 'Espresso cup', description: 'Porcelain, 80 ml', price: 19.99, stock: 12, ...fields };
}

/** Creates a product through the API, as a client would. */
export async function createProduct(host: CatalogTestHost, fields: Partial<NewProduct> = {}): Promise<ProductJson> {
  const response = await host.service.app.inject({
    method: 'POST',
    headers: host.admin,
    url: PRODUCTS_URL,
    payload: newProduct(fields),
  });
  expect(response.statusCode).toBe(201);
  return response.json<ProductJson>();
}

/** Every row of the products table, every column: compare two snapshots to prove a request changed nothing. */
export function snapshotProducts(host: CatalogTestHost): Promise<unknown[]> {
  return host.service.dataSource.query('SELECT * FROM products ORDER BY id');
}

export async function countProducts(host: CatalogTestHost): Promise<number> {
  const [row] = await host.service.dataSource.query('SELECT count(*)::int AS count FROM products');
  return row.count;
}

/** A valid new product with one field left out. */
export function newProductWithout(field: keyof NewProduct): Partial<NewProduct> {
  const fields: Partial<NewProduct> = newProduct();
  delete fields[field];
  return fields;
}

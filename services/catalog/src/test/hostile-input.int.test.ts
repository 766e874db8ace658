import { describeFailures, describeSweep, runHostileSweep } from '@shop/building-blocks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogTestHost, startCatalogForTest } from './catalog-test-host';
import { createProduct } from './products';

/** Every operation of the catalog's OpenAPI document, each field in turn given generated hostile values. */
describe('catalog under hostile input', () => {
  let host: CatalogTestHost;
  beforeAll(async () => {
    host = await startCatalogForTest();
  });
  afterAll(() => host.stop());

  // A product that exists at the moment of each request: the delete route's valid request removes one.
  const existingProductId = async () => {
    const [row] = await host.service.dataSource.query('SELECT id FROM products LIMIT 1');
    return row ? String(row.id) : (await createProduct(host)).id;
  };

  it('answers every hostile value with a 4xx in its documented format, and a refused request writes nothing', async () => {
    const result = await runHostileSweep({
      baseUrl: host.service.url,
      database: (sql) => host.service.dataSource.query(sql),
      credentials: [
        { name: 'admin', headers: host.admin, runs: 12 },
        { name: 'anonymous', runs: 2 },
      ],
      values: { id: existingProductId },
    });

    expect(describeFailures(result), describeSweep(result)).toEqual([]);
    const adminControls = result.controls.filter((control) => control.credential === 'admin');
    expect(adminControls.filter((control) => control.status >= 300)).toEqual([]);
  });
});

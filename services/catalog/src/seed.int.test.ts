import { databaseOf } from '@shop/building-blocks/hosting';
import { createDataSource, migrate } from '@shop/building-blocks/persistence';
import { createTestDatabase, type TestDatabase } from '@shop/building-blocks/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogFeatures } from './features';
import { SEED_PRODUCTS, seedCatalog } from './seed';

describe('seedCatalog', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  beforeAll(async () => {
    database = await createTestDatabase('catalog_seed');
    dataSource = createDataSource({ ...databaseOf(database.url, catalogFeatures), poolSize: 2 });
    await dataSource.initialize();
    await migrate(dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const rows = () => dataSource.query('SELECT id, name, price_cents, available_stock FROM products ORDER BY name');

  it('adds the development products once; a second run adds nothing', async () => {
    // Given an empty catalog; when it is seeded twice
    const first = await seedCatalog(dataSource);
    const afterFirst = await rows();
    const second = await seedCatalog(dataSource);

    // Then the first run added every product, exactly priced, and the second run changed nothing
    expect(first).toHaveLength(SEED_PRODUCTS.length);
    expect(afterFirst).toHaveLength(SEED_PRODUCTS.length);
    expect(afterFirst).toContainEqual(expect.objectContaining({ name: 'Milk jug', price_cents: 1999 }));
    expect(second).toEqual([]);
    expect(await rows()).toEqual(afterFirst);
  });

  it('adds only the products whose names are missing', async () => {
    await dataSource.query('DELETE FROM products WHERE name = $1', ['Burr grinder']);
    expect(await seedCatalog(dataSource)).toEqual(['Burr grinder']);
    expect(await rows()).toHaveLength(SEED_PRODUCTS.length);
  });

  it('adds each product once when two instances seed at the same moment', async () => {
    await dataSource.query('DELETE FROM products');
    const [first, second] = await Promise.all([seedCatalog(dataSource), seedCatalog(dataSource)]);
    expect([...first, ...second]).toHaveLength(SEED_PRODUCTS.length);
    expect(await rows()).toHaveLength(SEED_PRODUCTS.length);
  });
});

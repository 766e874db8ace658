import 'reflect-metadata';
import { runServiceCli } from '@shop/building-blocks/hosting';
import { loadCatalogConfig } from './config';
import { migrations } from './migrations';
import { productsFeature } from './products';
import { seedCatalog } from './seed';

runServiceCli(process.argv.slice(2), [], () => {
  const config = loadCatalogConfig();
  return {
    database: { url: config.CATALOG_DATABASE_URL, entities: [...productsFeature.entities], migrations },
    seed: async (dataSource) => {
      const added = await seedCatalog(dataSource);
      return added.length > 0 ? `Seeded products: ${added.join(', ')}` : 'Seed products already present';
    },
  };
});

import 'reflect-metadata';
import { runServiceCli } from '@shop/building-blocks/hosting';
import { loadCatalogConfig } from './config';
import { catalogFeatures } from './features';
import { seedCatalog } from './seed';

runServiceCli(process.argv.slice(2), [], () => {
  const config = loadCatalogConfig();
  return {
    databaseUrl: config.CATALOG_DATABASE_URL,
    features: catalogFeatures,
    seed: async (dataSource) => {
      const added = await seedCatalog(dataSource);
      return added.length > 0 ? `Seeded products: ${added.join(', ')}` : 'Seed products already present';
    },
  };
});

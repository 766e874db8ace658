import 'reflect-metadata';
import { describeStartFailure } from '@shop/building-blocks/hosting';
import { createDataSource, ensureDatabase, migrate } from '@shop/building-blocks/persistence';
import type { DataSource } from 'typeorm';
import { loadCatalogConfig } from './config';
import { migrations } from './migrations';
import { productsFeature } from './products';
import { seedCatalog } from './seed';

const USAGE = 'Usage: node dist/cli.js <migrate|seed>';

/** Creates the database if missing and applies pending migrations, saying which. */
async function openAndMigrate(url: string): Promise<DataSource> {
  await ensureDatabase(url);
  // Two connections: `migrate` holds one for its advisory lock while the migrations run on the other.
  const dataSource = createDataSource({ url, entities: [...productsFeature.entities], migrations, poolSize: 2 });
  await dataSource.initialize();
  try {
    const applied = await migrate(dataSource);
    console.log(applied.length > 0 ? `Applied migrations: ${applied.join(', ')}` : 'No pending migrations');
    return dataSource;
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

async function run(command: string): Promise<void> {
  const config = loadCatalogConfig();
  const url = config.CATALOG_DATABASE_URL;
  let dataSource: DataSource | undefined;
  try {
    dataSource = await openAndMigrate(url);
    if (command === 'seed') {
      const added = await seedCatalog(dataSource);
      console.log(added.length > 0 ? `Seeded products: ${added.join(', ')}` : 'Seed products already present');
    }
  } catch (error) {
    throw new Error(describeStartFailure(error, { PostgreSQL: url }));
  } finally {
    await dataSource?.destroy();
  }
}

const command = process.argv[2] ?? '';
if (command !== 'migrate' && command !== 'seed') {
  console.error(USAGE);
  process.exitCode = 2;
} else {
  run(command).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
